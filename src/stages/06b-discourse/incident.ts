/**
 * What the discourse rules share: which candidates are violent, which sources are
 * generic agents, and whether two candidates can be one incident (no differing
 * stated place or date, same paragraph).
 */
import type { ActorMention, Doc, EventCandidate, EventDate, EventLocation } from "../../doc/index.js";
import type { DiscourseKnowledge } from "../../ontology/discourse.js";

/** `isViolentCode` answers for the prefixes `violentOf` (CAMEO codes are few: the map stays small). */
const violent = new Map<string, boolean>();
/** Codes memoised at most (a bound for a code set without end; the event codes are a few hundred). */
const VIOLENT_MEMO_MAX = 10_000;
let violentOf: DiscourseKnowledge["violentCodes"] | null = null;

/**
 * Whether the candidate's CAMEO code starts with one of the violent prefixes (memoised per
 * code: the rules ask it of every candidate, often of each several times).
 */
export function isViolentCode(kb: DiscourseKnowledge, cameo: string): boolean {
  if (kb.violentCodes !== violentOf) {
    violent.clear();
    violentOf = kb.violentCodes;
  }
  let v = violent.get(cameo);
  if (v === undefined) {
    v = false;
    for (let n = 2; n <= cameo.length && !v; n++) v = kb.violentCodes.has(cameo.slice(0, n));
    if (violent.size >= VIOLENT_MEMO_MAX) violent.clear();
    violent.set(cameo, v);
  }
  return v;
}

/** An unnamed agent with no country ("gunmen", "militants"): a named perpetrator may replace it. */
export function isGeneric(kb: DiscourseKnowledge, m: ActorMention): boolean {
  return m.id.startsWith("agent:") && m.country === null && m.sector !== null && kb.genericSectors.has(m.sector);
}

/** A source a named perpetrator may fill: none, or a generic agent. */
export function replaceableSource(kb: DiscourseKnowledge, c: EventCandidate): boolean {
  return !c.source || isGeneric(kb, c.source);
}

/** Whether the modality reports an act that took place (or is claimed / alleged to have). */
export function happened(c: EventCandidate): boolean {
  return c.modality === "asserted" || c.modality === "claimed" || c.modality === "alleged";
}

/** The candidate's own date (stated or relative in the text), or null. */
export function ownDate(c: EventCandidate): EventDate | null {
  return c.date && c.date.basis !== "publication" ? c.date : null;
}

function samePlace(a: EventLocation, b: EventLocation): boolean {
  if (a.name === b.name) return true;
  if (a.country !== b.country) return false;
  // One place inside the other: a country, or a province holding the other place.
  if (a.precision === "country" || b.precision === "country") return true;
  return (a.precision === "admin1" && b.admin1 === a.name) || (b.precision === "admin1" && a.admin1 === b.name);
}

function sameDate(a: EventDate, b: EventDate): boolean {
  return a.value.startsWith(b.value) || b.value.startsWith(a.value);
}

/** Whether two candidates can describe one incident: no differing place, no differing date of their own. */
export function sameIncident(a: EventCandidate, b: EventCandidate): boolean {
  if (a.location && b.location && !samePlace(a.location, b.location)) return false;
  const da = ownDate(a);
  const db = ownDate(b);
  return !da || !db || sameDate(da, db);
}

/** Paragraph number of each sentence (a blank line between two sentences starts a new paragraph). */
export function paragraphs(doc: Doc): number[] {
  const out: number[] = [];
  let p = 0;
  for (let k = 0; k < doc.sentences.length; k++) {
    if (k > 0 && blankLine(doc.text, doc.sentences[k - 1].end, doc.sentences[k].start)) p++;
    out.push(p);
  }
  return out;
}

function blankLine(text: string, from: number, to: number): boolean {
  let newlines = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      if (++newlines === 2) return true;
    } else if (ch !== 13 && ch !== 32 && ch !== 9) newlines = 0;
  }
  return false;
}

/** The other candidates of the same reading (one trigger split per actor pair). */
export function sameTrigger(a: EventCandidate, b: EventCandidate): boolean {
  return a.sentence === b.sentence && a.trigger.start === b.trigger.start && a.rule === b.rule;
}

/** Confidence lowered for a perpetrator taken from a claim (× 0.95) or from others' attribution (× 0.9). */
export function attributedConfidence(confidence: number, kind: "claimed" | "alleged"): number {
  return Math.round(confidence * (kind === "claimed" ? 0.95 : 0.9) * 100) / 100;
}
