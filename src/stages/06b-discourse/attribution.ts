/**
 * Claimed responsibility and attribution → perpetrator.
 *
 * A claim cue ("X claimed responsibility", "X said it carried out") or an
 * accusation cue ("officials blamed X", "suspected X militants", "X was behind")
 * with a named actor (no generic agent) and no negation next to it names the
 * perpetrator of one incident: the violent candidates within `ATTRIBUTION_REACH`
 * sentences of the cue, in its paragraph, that can be the same incident as the
 * violent candidate nearest the cue (same sentence first, then preceding, then
 * following). Those that report an act that took place and have no source or a
 * generic one ("gunmen", "militants") take the actor as source, with
 * `attribution` "claimed" or "alleged" and a slightly lower confidence; their
 * modality is unchanged (the act happened; who did it is what is claimed). A
 * candidate whose target is a generic agent (attackers killed) is left alone.
 * The claim or accusation event itself is left as the patterns stage coded it.
 */
import type { ActorMention, Doc, EventCandidate, Sentence, Token } from "../../doc/index.js";
import type { AttributionCue, AttributionKind, DiscourseKnowledge } from "../../ontology/discourse.js";
import { attributedConfidence, happened, isGeneric, isViolentCode, replaceableSource, sameIncident } from "./incident.js";

/** How many sentences before or after a claim its incident may lie. */
export const ATTRIBUTION_REACH = 3;
/** How many tokens from its cue an attributed actor may stand. */
const ACTOR_REACH = 8;

/** A perpetrator named by a claim or an accusation. */
export interface Attribution {
  sentence: number;
  actor: ActorMention;
  kind: AttributionKind;
  /** The cue entry's id. */
  cue: string;
}

/** Actor mentions indexed by their first and last token. */
interface ActorIndex {
  byStart: (ActorMention | undefined)[];
  byEnd: (ActorMention | undefined)[];
}

function indexActors(doc: Doc): ActorIndex {
  const byStart: (ActorMention | undefined)[] = new Array(doc.tokens.length);
  const byEnd: (ActorMention | undefined)[] = new Array(doc.tokens.length);
  for (const m of doc.actors) {
    byStart[m.tokenStart] ??= m;
    byEnd[m.tokenEnd - 1] ??= m;
  }
  return { byStart, byEnd };
}

function cueAt(kb: DiscourseKnowledge, tokens: readonly Token[], i: number, end: number): AttributionCue | null {
  const list = kb.attributionByFirst.get(tokens[i].lower);
  if (!list) return null;
  for (const cue of list) {
    if (i + cue.words.length > end) continue;
    let ok = true;
    for (let k = 1; k < cue.words.length && ok; k++) ok = tokens[i + k].lower === cue.words[k];
    if (ok) return cue;
  }
  return null;
}

function negated(kb: DiscourseKnowledge, tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (kb.negations.has(tokens[k].lower)) return true;
  return false;
}

/** The named actor of a cue at tokens [i, j) of sentence s, or null (none in reach, generic, or negated). */
function actorOf(kb: DiscourseKnowledge, doc: Doc, ix: ActorIndex, s: Sentence, cue: AttributionCue, i: number, j: number): ActorMention | null {
  let m: ActorMention | undefined;
  if (cue.actor === "before") {
    for (let k = i - 1; k >= Math.max(s.tokenStart, i - ACTOR_REACH) && !m; k--) m = ix.byEnd[k];
  } else {
    for (let k = j; k < Math.min(s.tokenEnd, j + ACTOR_REACH) && !m; k++) m = ix.byStart[k];
  }
  if (!m || m.id.startsWith("agent:")) return null;
  // A negation between the actor and a cue before it, or right before a cue ("did not blame").
  const from = cue.actor === "before" ? m.tokenEnd : i - 2;
  return negated(kb, doc.tokens, Math.max(from, s.tokenStart), i) ? null : m;
}

/** Every claim and accusation of the document with its named actor. */
export function findAttributions(kb: DiscourseKnowledge, doc: Doc): Attribution[] {
  const ix = indexActors(doc);
  const out: Attribution[] = [];
  for (const s of doc.sentences) {
    for (let i = s.tokenStart; i < s.tokenEnd; i++) {
      const cue = cueAt(kb, doc.tokens, i, s.tokenEnd);
      if (!cue) continue;
      const j = i + cue.words.length;
      const actor = actorOf(kb, doc, ix, s, cue, i, j);
      if (actor) out.push({ sentence: s.index, actor, kind: cue.kind, cue: cue.id });
      i = j - 1;
    }
  }
  return out;
}

/** The violent candidate nearest sentence k in reach and paragraph: same sentence, then preceding, then following. */
function anchorOf(kb: DiscourseKnowledge, cands: readonly EventCandidate[], k: number, paragraph: readonly number[]): EventCandidate | null {
  const inReach = (c: EventCandidate) => Math.abs(c.sentence - k) <= ATTRIBUTION_REACH && paragraph[c.sentence] === paragraph[k] && isViolentCode(kb, c.cameo) && happened(c);
  let best: EventCandidate | null = null;
  let bestRank = Infinity;
  for (const c of cands) {
    if (!inReach(c)) continue;
    const d = c.sentence - k;
    const rank = d === 0 ? 0 : d < 0 ? -d : ATTRIBUTION_REACH + d;
    if (rank < bestRank) {
      best = c;
      bestRank = rank;
    }
  }
  return best;
}

/** Give each attribution's actor to the violent candidates of its incident that lack a named source. */
export function applyAttributions(kb: DiscourseKnowledge, doc: Doc, attributions: readonly Attribution[], paragraph: readonly number[]): void {
  for (const a of attributions) {
    const anchor = anchorOf(kb, doc.candidates, a.sentence, paragraph);
    if (!anchor) continue;
    for (const c of doc.candidates) {
      if (Math.abs(c.sentence - a.sentence) > ATTRIBUTION_REACH || paragraph[c.sentence] !== paragraph[a.sentence]) continue;
      if (!isViolentCode(kb, c.cameo) || !happened(c) || !replaceableSource(kb, c) || !sameIncident(anchor, c)) continue;
      if (c.target && (isGeneric(kb, c.target) || c.target.id === a.actor.id)) continue;
      c.source = a.actor;
      c.attribution = a.kind;
      c.confidence = attributedConfidence(c.confidence, a.kind);
    }
  }
}
