/**
 * Anaphoric event nouns: "the attack", "the blast" in a later sentence refer to
 * an earlier violent event. The later candidate is no new event: its fatalities,
 * place, date, source and target fill what the antecedent lacks, and it is dropped.
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
export function isAnaphor(kb: DiscourseKnowledge, tokens: readonly Token[], c: EventCandidate): boolean {
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
    ante.fatalities = { killed: maxCount(f.killed, c.fatalities.killed), injured: maxCount(f.injured, c.fatalities.injured) };
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
  }
  return kept;
}

/** The nearest earlier violent candidate of an earlier sentence in reach, if it can be the same incident. */
function antecedent(kb: DiscourseKnowledge, kept: readonly EventCandidate[], c: EventCandidate, paragraph: readonly number[]): EventCandidate | null {
  for (let k = kept.length - 1; k >= 0; k--) {
    const a = kept[k];
    if (a.sentence >= c.sentence) continue;
    if (c.sentence - a.sentence > ANAPHOR_REACH || paragraph[a.sentence] !== paragraph[c.sentence]) return null;
    if (isViolentCode(kb, a.cameo) && happened(a)) return sameIncident(a, c) ? a : null;
  }
  return null;
}
