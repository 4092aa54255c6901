/**
 * Anaphoric event nouns: "the attack", "the blast" in a later sentence refer to
 * an earlier violent event. The later candidate is no new event: its fatalities,
 * place, date, source and target fill what the antecedent lacks, and it is dropped
 * — unless it names a more specific kind of act than a generic antecedent
 * ("militants attacked ... the blast"): then it stays as well, as the fuller
 * description of the act, and takes what it lacks from the antecedent.
 *
 * Conditions: the candidate's trigger ends a listed definite phrase, both are
 * violent (roots 18-20, `violent` codes), the later one reports an act that took
 * place (asserted, claimed or alleged) or is negated ("no one was hurt in the
 * attack": what is negated is a consequence; the reference is dropped without
 * merging anything), the antecedent lies at most
 * `ANAPHOR_REACH` sentences back in the same paragraph, and no stated place or
 * date of the later one differs from the antecedent's.
 */
import type { Doc, EventCandidate, Token } from "../../doc/index.js";
import type { DiscourseKnowledge } from "../../ontology/discourse.js";
import { attributedConfidence, happened, isGeneric, isViolentCode, ownDate, replaceableSource, sameIncident, sameTrigger } from "./incident.js";

/** How many sentences back an anaphoric event noun looks for its antecedent. */
export const ANAPHOR_REACH = 4;

/** Whether the candidate's trigger ends one of the anaphoric phrases ("the attack"). */
function isAnaphor(kb: DiscourseKnowledge, tokens: readonly Token[], c: EventCandidate): boolean {
  const i = c.trigger.tokenStart;
  const phrases = kb.anaphorsByLast.get(tokens[i].lower);
  if (!phrases) return false;
  return phrases.some((words) => {
    const first = i - words.length + 1;
    if (first < 0 || tokens[first].sent !== tokens[i].sent) return false;
    for (let k = 0; k < words.length - 1; k++) if (tokens[first + k].lower !== words[k]) return false;
    return true;
  });
}

function maxCount(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** Fill what the antecedent lacks from the anaphoric candidate. */
function merge(kb: DiscourseKnowledge, ante: EventCandidate, c: EventCandidate): void {
  if (c.fatalities) {
    const f = ante.fatalities ?? { killed: null, injured: null };
    const merged: NonNullable<EventCandidate["fatalities"]> = { killed: maxCount(f.killed, c.fatalities.killed), injured: maxCount(f.injured, c.fatalities.injured) };
    const vague = f.killed_vague ?? c.fatalities.killed_vague;
    if (merged.killed === null && vague) merged.killed_vague = vague;
    ante.fatalities = merged;
  }
  if (!ante.location && c.location) ante.location = c.location;
  if (!ownDate(ante) && ownDate(c)) {
    ante.date = c.date;
    ante.historical = c.historical;
  }
  if (c.source && replaceableSource(kb, ante) && !(ante.source && isGeneric(kb, c.source)) && c.source.id !== ante.target?.id) {
    ante.source = c.source;
    if (c.modality === "claimed" || c.modality === "alleged") {
      ante.attribution = c.modality;
      ante.confidence = attributedConfidence(ante.confidence, c.modality);
    }
  }
  if (!ante.target && c.target && c.target.id !== ante.source?.id) ante.target = c.target;
}

/** A root's generic code ("180", "190", "200"): "the attack", "the incident". */
function isGenericCode(code: string): boolean {
  return code.length === 3 && code.endsWith("0");
}

/** Whether `code` names a kind of act that the generic code `generic` leaves open ("183" after "190"). */
function refines(code: string, generic: string): boolean {
  return isGenericCode(generic) && !isGenericCode(code);
}

/** Whether an anaphor coded `code` can refer to an act coded `ante`: same 3-digit code, or either one generic. */
function compatibleCodes(code: string, ante: string): boolean {
  return code.slice(0, 3) === ante.slice(0, 3) || isGenericCode(code) || isGenericCode(ante);
}

/** Merge anaphoric violent candidates into their antecedents; returns the candidates kept. */
export function mergeAnaphors(kb: DiscourseKnowledge, doc: Doc, paragraph: readonly number[]): EventCandidate[] {
  const kept: EventCandidate[] = [];
  for (const c of doc.candidates) {
    const negated = c.modality === "negated";
    const ante = isViolentCode(kb, c.cameo) && (happened(c) || negated) && isAnaphor(kb, doc.tokens, c) ? antecedent(kb, kept, c, paragraph) : null;
    if (!ante) {
      kept.push(c);
      continue;
    }
    if (!negated) for (const a of kept) if (sameTrigger(a, ante)) merge(kb, a, c);
    // A more specific kind than a generic antecedent ("attacked ... the bombing") describes the act further: kept too.
    if (!negated && refines(c.cameo, ante.cameo)) {
      merge(kb, c, ante);
      kept.push(c);
    }
  }
  return kept;
}

/**
 * The antecedent: among earlier sentences in reach and paragraph, the nearest violent
 * candidate of the same 3-digit code ("the kidnapping" → "a kidnap attempt"), else
 * the nearest violent one if either code is generic ("the attack" → "shot"); none
 * if it cannot be the same incident. Two different specific kinds ("shot", then "the
 * kidnapping") are two acts: both stay.
 */
function antecedent(kb: DiscourseKnowledge, kept: readonly EventCandidate[], c: EventCandidate, paragraph: readonly number[]): EventCandidate | null {
  let nearest: EventCandidate | null = null;
  for (let k = kept.length - 1; k >= 0; k--) {
    const a = kept[k];
    if (a.sentence >= c.sentence) continue;
    if (c.sentence - a.sentence > ANAPHOR_REACH || paragraph[a.sentence] !== paragraph[c.sentence]) break;
    if (!isViolentCode(kb, a.cameo) || !happened(a)) continue;
    if (a.cameo.slice(0, 3) === c.cameo.slice(0, 3)) return sameIncident(a, c) ? a : null;
    nearest ??= a;
  }
  return nearest && compatibleCodes(c.cameo, nearest.cameo) && sameIncident(nearest, c) ? nearest : null;
}
