/**
 * Claimed responsibility and attribution → perpetrator.
 *
 * A claim cue ("X claimed responsibility", "X said it carried out") or an
 * accusation cue ("officials blamed X", "suspected X militants", "X was behind")
 * with a named actor (no generic agent; for a cue before its actor no pronoun and
 * no verb in between, for one after it also the actors joined to it by "and": "X and
 * Y both claimed"; one before its actor passes over an unnamed agent on the way: "suspected
 * that the shooter was a member of X"; a cue whose entry lists `agent_sectors` also takes an unnamed
 * agent of those sectors before it: "the armed forces were involved in the murder") and no
 * negation next to it names the perpetrator of one incident: the violent
 * candidates within `ATTRIBUTION_REACH` sentences of the cue, in its paragraph,
 * that can be the same incident as the violent candidate nearest the cue (same
 * sentence first, then preceding, then following). Those that report an act that
 * took place and have no source or a generic one ("gunmen", "militants") take the
 * actor as source (one candidate per actor), with `attribution` "claimed" or
 * "alleged" and a slightly lower confidence; their modality is unchanged (the act
 * happened; who did it is what is claimed). The claim or accusation event itself
 * is left as the patterns stage coded it.
 */
import { WordBytes, type ActorMention, type Doc, type EventCandidate, type Sentence, type Token } from "../../doc/index.js";
import type { AttributionCue, AttributionKind, DiscourseKnowledge } from "../../ontology/discourse.js";
import { attributedConfidence, happened, isViolentCode, replaceableSource, sameIncident } from "./incident.js";

/** How many sentences before or after a claim its incident may lie. */
export const ATTRIBUTION_REACH = 3;
/** How many tokens from its cue an attributed actor may stand. */
const ACTOR_REACH = 8;

/** A perpetrator named by a claim or an accusation. */
export interface Attribution {
  sentence: number;
  /** The named actors, in text order (several when joined by "and"). */
  actors: ActorMention[];
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

/** Per word id: whether a cue of the table `cueStartsOf` begins with the word (2 yes, 1 no). */
let cueStarts = new WordBytes();
let cueStartsOf: DiscourseKnowledge["attributionByFirst"] | null = null;

/**
 * Whether an attribution cue may begin at the token (memoised per word id: a function of its
 * lower-cased text): most words begin none, and every token of a document is asked.
 */
export function mayStartCue(kb: DiscourseKnowledge, t: Token): boolean {
  if (kb.attributionByFirst !== cueStartsOf) {
    cueStarts = new WordBytes();
    cueStartsOf = kb.attributionByFirst;
  }
  let s = cueStarts.get(t.word);
  if (s === 0) {
    s = kb.attributionByFirst.has(t.lower) ? 2 : 1;
    cueStarts.set(t.word, s);
  }
  return s === 2;
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

/** The named actor(s) of a cue at tokens [i, j) of sentence s: none when out of reach, generic, or negated. */
function actorsOf(kb: DiscourseKnowledge, doc: Doc, ix: ActorIndex, s: Sentence, cue: AttributionCue, i: number, j: number): ActorMention[] {
  let m: ActorMention | undefined;
  if (cue.actor === "before") {
    for (let k = i - 1; k >= Math.max(s.tokenStart, i - ACTOR_REACH) && !m; k--) m = ix.byEnd[k];
  } else {
    // The actor stands in the cue's own phrase: a verb ends the search ("suspected to be herders attacked X").
    // An unnamed agent is passed over, its words not counted in the reach: "suspected that the
    // gunmen were members of X" names X.
    let start = j;
    // An actor that runs across the cue's end: a name the cue's last words begin ("a member of X"
    // read as one alias) is the actor; an unnamed agent the cue opens ("suspected gunmen",
    // "suspected that the shooter") is passed over.
    const across = doc.actors.find((a) => a.tokenStart >= i && a.tokenStart < j && a.tokenEnd > j && attributable(kb, a));
    const opened = across ? undefined : doc.actors.find((a) => a.tokenStart < j && a.tokenEnd > j && !attributable(kb, a));
    if (across) m = across;
    if (opened) start = opened.tokenEnd;
    let reach = start + ACTOR_REACH;
    for (let k = start; k < Math.min(s.tokenEnd, reach) && !m && doc.tokens[k].pos !== "VERB"; k++) {
      m = ix.byStart[k];
      if (m?.how === "pronoun") m = undefined;
      if (m && !attributable(kb, m) && m.tokenEnd > k) {
        reach += m.tokenEnd - k;
        k = m.tokenEnd - 1;
        m = undefined;
      }
    }
  }
  // "The armed forces were involved in the killing": an accusation may name a state force by its institution.
  const institution = !!m && cue.actor === "before" && !m.coref && m.how !== "pronoun" && m.sector !== null && !!cue.agentSectors?.has(m.sector);
  if (!m || !(attributable(kb, m) || institution)) return [];
  // A self-identification names a group ("identified as a member of X"), not a person or a state ("identified as Douglas Reed").
  if (cue.holder === "attacker" && ((m.kind !== "group" && m.kind !== "organization") || holderIsVictim(kb, doc, ix, s, i))) return [];
  // A negation from just before the actor up to a cue after it ("denied it was behind", "has not
  // claimed"), or right before a cue that precedes its actor ("did not blame").
  const from = (cue.actor === "before" ? m.tokenStart : i) - 2;
  if (negated(kb, doc.tokens, Math.max(from, s.tokenStart), i)) return [];
  return cue.actor === "before" ? [...conjuncts(doc, ix, s, m), m] : [m];
}

/** Whether the nearest actor before token i in its sentence (the one a self-identification speaks of) is the target of a violent event. */
function holderIsVictim(kb: DiscourseKnowledge, doc: Doc, ix: ActorIndex, s: Sentence, i: number): boolean {
  let holder: ActorMention | undefined;
  for (let k = i - 1; k >= Math.max(s.tokenStart, i - ACTOR_REACH) && !holder; k--) holder = ix.byEnd[k];
  if (!holder) return false;
  const id = holder.id;
  return doc.candidates.some((c) => c.target?.id === id && isViolentCode(kb, c.cameo));
}

function named(m: ActorMention): boolean {
  return !m.id.startsWith("agent:");
}

/**
 * Whether a mention can be the perpetrator an attribution names: a named actor, or an unnamed
 * armed agent that a modifier qualifies ("anti-government militants", "Islamist extremists":
 * the agent composed with a demonym, a place or an opposition prefix, not the bare "militants")
 * of a sector a named perpetrator may replace.
 */
function attributable(kb: DiscourseKnowledge, m: ActorMention): boolean {
  if (named(m)) return true;
  if (m.how === "agent" || m.how === "pronoun" || m.coref) return false;
  return m.sector !== null && kb.genericSectors.has(m.sector);
}

/** Parts of speech that may continue a name left of an actor mention ("Khorasan Chapter of [the Islamic State]"). */
const NAME_POS = new Set(["PROPN", "NOUN", "DET", "ADP"]);
/** How many tokens of a name continuation may stand between "and" and an actor mention. */
const NAME_REACH = 4;

/** Named actors joined to `m` from the left by "and" or a comma ("X and Y claimed"). */
function conjuncts(doc: Doc, ix: ActorIndex, s: Sentence, m: ActorMention): ActorMention[] {
  const out: ActorMention[] = [];
  let k = m.tokenStart - 1;
  for (let skipped = 0; k > s.tokenStart && skipped < NAME_REACH && NAME_POS.has(doc.tokens[k].pos) && !ix.byEnd[k]; skipped++) k--;
  while (k > s.tokenStart && (doc.tokens[k].lower === "and" || doc.tokens[k].text === ",")) {
    const prev = ix.byEnd[k - 1];
    if (!prev || !named(prev) || prev.id === m.id) break;
    out.unshift(prev);
    k = prev.tokenStart - 1;
  }
  return out;
}

/** Every claim and accusation of the document with its named actor. */
export function findAttributions(kb: DiscourseKnowledge, doc: Doc): Attribution[] {
  // Built at the first cue (most documents have none).
  let ix: ActorIndex | null = null;
  const out: Attribution[] = [];
  const tokens = doc.tokens;
  for (const s of doc.sentences) {
    for (let i = s.tokenStart; i < s.tokenEnd; i++) {
      const cue = mayStartCue(kb, tokens[i]) ? cueAt(kb, tokens, i, s.tokenEnd) : null;
      if (!cue) continue;
      const j = i + cue.words.length;
      ix ??= indexActors(doc);
      const actors = actorsOf(kb, doc, ix, s, cue, i, j);
      if (actors.length > 0) out.push({ sentence: s.index, actors, kind: cue.kind, cue: cue.id });
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

/** Give each attribution's actors to the violent candidates of its incident that lack a named source (one candidate per actor). */
export function applyAttributions(kb: DiscourseKnowledge, doc: Doc, attributions: readonly Attribution[], paragraph: readonly number[]): void {
  for (const a of attributions) {
    const anchor = anchorOf(kb, doc.candidates, a.sentence, paragraph);
    if (!anchor) continue;
    const added: EventCandidate[] = [];
    for (const c of doc.candidates) {
      if (Math.abs(c.sentence - a.sentence) > ATTRIBUTION_REACH || paragraph[c.sentence] !== paragraph[a.sentence]) continue;
      if (!isViolentCode(kb, c.cameo) || !happened(c) || !replaceableSource(kb, c) || !sameIncident(anchor, c)) continue;
      const actors = a.actors.filter((m) => m.id !== c.target?.id);
      const confidence = attributedConfidence(c.confidence, a.kind);
      for (const actor of actors.slice(1)) added.push({ ...c, source: actor, attribution: a.kind, confidence });
      if (actors.length === 0) continue;
      c.source = actors[0];
      c.attribution = a.kind;
      c.confidence = confidence;
    }
    doc.candidates.push(...added);
  }
}
