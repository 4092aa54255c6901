/**
 * Context around a place mention: is it used as a location ("in Peshawar", "the outskirts of
 * Quetta"), what does a designator after it ask for ("Bannu district"), and is the
 * document written without case (all lower or all upper)?
 */
import { WordBytes, type Doc, type Span, type Token, type GeoPrecision } from "../../doc/index.js";
import type { Designator, PlaceCues } from "../../ontology/places/index.js";

/** Tokens that may stand between a locative word and the place ("in the restive northwestern ...", "in Pakistan's ..."). */
const SKIPPABLE_POS = new Set(["DET", "ADJ", "NUM", "PROPN", "PART"]);
const MAX_SKIP = 3;

let lastCues: PlaceCues | null = null;

/** Remember the cues of the places stage last built, for `locativeCue` on mentions it did not flag. */
export function useCues(cues: PlaceCues): void {
  lastCues = cues;
}

/** Whether the token at `i` (before a place) introduces a location. */
export function locativeBefore(tokens: readonly Token[], i: number, sentenceStart: number, cues: PlaceCues): boolean {
  let k = i - 1;
  let skipped = 0;
  while (k >= sentenceStart && skipped <= MAX_SKIP) {
    const t = tokens[k];
    if (t.pos === "SPACE") {
      k--;
      continue;
    }
    const w = t.lower;
    if (cues.locative.has(w)) return true;
    if (w === "of") {
      let h = k - 1;
      while (h >= sentenceStart && tokens[h].pos === "SPACE") h--;
      return h >= sentenceStart && (cues.ofHeads.has(tokens[h].lower) || cues.locative.has(tokens[h].lower));
    }
    if (!SKIPPABLE_POS.has(t.pos) && !cues.qualifiers.has(w)) return false;
    skipped++;
    k--;
  }
  return false;
}

/** A place mention as the places stage leaves it: with its locative flag. */
export interface LocativeFlag {
  locative?: boolean;
}

/**
 * Whether a place mention follows a locative word ("in", "at", "near", "outside", "across",
 * "into", "from", "the outskirts of", ...). The code stage uses it to choose an event's location.
 */
export function locativeCue(doc: Doc, place: Span & LocativeFlag): boolean {
  if (typeof place.locative === "boolean") return place.locative;
  if (!lastCues || place.tokenStart >= doc.tokens.length) return false;
  const sent = doc.sentences[doc.tokens[place.tokenStart].sent];
  return locativeBefore(doc.tokens, place.tokenStart, sent ? sent.tokenStart : 0, lastCues);
}

/** What designatorAfter reads of a designator table, built once per table. */
interface DesignatorIndex {
  /** Every designator's text up to one of its spaces ("local", "local government"). */
  prefixes: Set<string>;
  /**
   * Per word id: whether the word is a designator or a designator's first word (2 yes, 1 no).
   * Most words are neither, and `looseDesignatorVotes` asks at every token of a document.
   */
  starts: WordBytes;
  /**
   * The designators marked `standalone` and their first words up to each space ("local",
   * "local government" for "local government area"): the words such a designator may begin with.
   */
  standaloneStarts: Set<string>;
}

const designatorIndexes = new WeakMap<PlaceCues["designators"], DesignatorIndex>();
/** The table last asked about and its index (one places stage per process, as a rule): no WeakMap look-up per token. */
let lastDesignators: PlaceCues["designators"] | null = null;
let lastIndex: DesignatorIndex | null = null;

function indexOf(designators: PlaceCues["designators"]): DesignatorIndex {
  if (designators === lastDesignators && lastIndex !== null) return lastIndex;
  let index = designatorIndexes.get(designators);
  if (!index) {
    const prefixes = new Set<string>();
    for (const key of designators.keys()) for (let k = key.indexOf(" "); k >= 0; k = key.indexOf(" ", k + 1)) prefixes.add(key.slice(0, k));
    const standaloneStarts = new Set<string>();
    for (const [key, d] of designators) {
      if (!d.standalone) continue;
      standaloneStarts.add(key);
      for (let k = key.indexOf(" "); k >= 0; k = key.indexOf(" ", k + 1)) standaloneStarts.add(key.slice(0, k));
    }
    index = { prefixes, starts: new WordBytes(), standaloneStarts };
    designatorIndexes.set(designators, index);
  }
  lastDesignators = designators;
  lastIndex = index;
  return index;
}

/** Whether a designator can start at the token: its lower-cased text is a designator or the first words of one (memoised per word id). */
function startsDesignator(t: Token, designators: PlaceCues["designators"], index: DesignatorIndex): boolean {
  let s = index.starts.get(t.word);
  if (s === 0) {
    s = designators.has(t.lower) || index.prefixes.has(t.lower) ? 2 : 1;
    index.starts.set(t.word, s);
  }
  return s === 2;
}

/**
 * Whether a designator marked `standalone` may start at the token: one begins with its word.
 * When not, `designatorAfter` there finds none that is standalone. (The places stage keeps the
 * answer per word id with the word's other flags: see `startFlags` in find.ts.)
 */
export function mayStartStandalone(t: Token, cues: PlaceCues): boolean {
  // One set look-up (the places stage asks it of every new word) rather than a test of each such designator.
  return indexOf(cues.designators).standaloneStarts.has(t.lower);
}

/** The designator right after a name ("district", "local government area") and the token it ends at. */
export function designatorAfter(tokens: readonly Token[], end: number, limit: number, cues: PlaceCues): { end: number; designator: Designator } | null {
  if (end >= limit) return null;
  const first = tokens[end];
  if (first.pos === "SPACE" || first.pos === "PUNCT") return null;
  const index = indexOf(cues.designators);
  if (!startsDesignator(first, cues.designators, index)) return null;
  const prefixes = index.prefixes;
  let words = "";
  let best: { end: number; designator: Designator } | null = null;
  for (let k = end; k < limit && k < end + 3; k++) {
    const t = tokens[k];
    if (t.pos === "SPACE" || t.pos === "PUNCT") break;
    words = words ? `${words} ${t.lower}` : t.lower;
    const d = cues.designators.get(words);
    if (d) best = { end: k + 1, designator: d };
    // No longer designator starts with these words: the next words cannot match.
    if (!prefixes.has(words)) break;
  }
  return best;
}

/** The precision asked by "the city of", "the province of" before a name, if any. */
export function designatorBefore(tokens: readonly Token[], i: number, sentenceStart: number, cues: PlaceCues): GeoPrecision | null {
  if (i - 2 < sentenceStart || tokens[i - 1].lower !== "of") return null;
  return cues.designators.get(tokens[i - 2].lower)?.precision ?? null;
}

function isUpper(code: number): boolean {
  if (code < 128) return code >= 65 && code <= 90;
  const c = String.fromCharCode(code);
  return c !== c.toLowerCase();
}

/** Whether a token starts with a capital letter. */
export function capitalised(t: Token): boolean {
  return t.text.length > 0 && isUpper(t.text.charCodeAt(0));
}

/** A word's class for `caseless` (`caseClassOf`): no word (a short or non-letter token), lower case, capitalised, all capitals. */
export const NO_WORD = 0;
export const LOWER = 1;
export const CAPITALISED = 2;
export const ALL_CAPITALS = 3;

/** The token's class for `caseless` (a function of its text only). */
export function caseClassOf(t: Token): number {
  const first = t.text.charCodeAt(0);
  const letter = (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
  if (!letter || t.text.length < 2) return NO_WORD;
  if (first > 90) return LOWER;
  return t.text === t.text.toUpperCase() ? ALL_CAPITALS : CAPITALISED;
}

/** Tokens read to decide whether a document has case (`caseless`: its first ones). */
export const CASE_SAMPLE = 2000;

/**
 * Whether a document whose first `CASE_SAMPLE` tokens hold `words` words, `caps` of them
 * capitalised or all capitals and `allCaps` all capitals, carries no case information.
 */
export function caselessCounts(words: number, caps: number, allCaps: number): boolean {
  if (words < 8) return false;
  return caps < words * 0.02 || allCaps > words * 0.6;
}

/**
 * Whether the document carries no case information: almost no capitalised words
 * (lower-cased text) or mostly all-capital words (upper-cased wires), counted over its first
 * `CASE_SAMPLE` tokens with each token's class as `classOf` gives it (`caseClassOf`, or the
 * places stage's per-word flags: `caselessDoc` in find.ts).
 */
export function caselessBy(tokens: readonly Token[], classOf: (t: Token) => number): boolean {
  let words = 0;
  let caps = 0;
  let allCaps = 0;
  const n = Math.min(tokens.length, CASE_SAMPLE);
  for (let k = 0; k < n; k++) {
    const c = classOf(tokens[k]);
    if (c === NO_WORD) continue;
    words++;
    if (c >= CAPITALISED) {
      caps++;
      if (c === ALL_CAPITALS) allCaps++;
    }
  }
  return caselessCounts(words, caps, allCaps);
}

/** `caselessBy` with each token's class read from its text. */
export function caseless(tokens: readonly Token[]): boolean {
  return caselessBy(tokens, caseClassOf);
}
