/**
 * Places, pass 1: candidate mentions over the token stream. At each capitalised token (any
 * noun in a document without case) the longest indexed name, a designator after it
 * ("Bannu district"), its locative cue, and the regions and countries that qualify it after
 * commas ("Tacoma, Washington, United States").
 */
import { WordBytes, WordMemo, type ActorMention, type Doc, type GeoPrecision, type Token } from "../../doc/index.js";
import type { Candidate, Gazetteer, Place, StopLevel } from "../../ontology/places/index.js";
import { placeKey } from "../../ontology/places/index.js";
import {
  capitalised, caseClassOf, caselessBy, designatorAfter, designatorBefore, locativeBefore, mayStartStandalone,
} from "./cues.js";
import { EMPTY, KNOWN as STEP_KNOWN, NAME, PREFIX, StepMemo } from "./steps.js";

/** Tokens in one name at most (the longest names in the index are shorter). */
const MAX_NAME_TOKENS = 10;
/** Punctuation that may occur inside a name ("Mazar-i-Sharif", "D.I. Khan", "Be'eri", "J&K", "Ohaji/Egbema"). */
const NAME_PUNCT = new Set(["-", ".", "'", "’", "&", "/"]);
/** A possessive ending closes a name ("Borno's" is Borno, not Bornos). */
const POSSESSIVE = new Set(["'s", "’s", "'", "’"]);

/** Words whose place key is memoised at most (the memo is cleared when full). */
const KEY_MEMO_MAX = 50_000;
/**
 * A word's place key and what the gazetteer `gaz` answered for it, and its own step in the memo
 * of longer names (`root`, of the generation `gen`; 0: none yet).
 */
interface WordKey {
  key: string;
  name: boolean;
  /** The key is a longer name's first words and no name itself. */
  prefix: boolean;
  /** Whether the key is a longer name's first words, also when it is a name itself. */
  extends: boolean;
  gaz: Gazetteer | null;
  root: number;
  gen: number;
}

/**
 * Word id (`Token.word`) → the word's place key and index answers: one shared key string per
 * word, so index look-ups need not re-normalise and re-hash it, and an array read per
 * capitalised word instead of two look-ups in the large name index.
 */
const wordKeysById = new WordMemo<WordKey>();

/**
 * The same for tokens without a word id (realigned or masked), by their text. Only those: a
 * word id stands for one text, and a look-up here of each new word, in a map as large as the
 * vocabulary, cost more than anything else done for it in a run over real news.
 */
const wordKeys = new Map<string, WordKey>();

/** Longer names' first words, for the gazetteer `stepsGaz` (made at the first name). */
let steps: StepMemo | null = null;
let stepsGaz: Gazetteer | null = null;

/** The memo of longer names for the gazetteer `gaz`: emptied when another gazetteer asks. */
function stepsFor(gaz: Gazetteer): StepMemo {
  if (steps === null) steps = new StepMemo();
  if (stepsGaz !== gaz) {
    if (stepsGaz !== null) steps.clear();
    stepsGaz = gaz;
  }
  return steps;
}

function wordKey(t: Token, gaz: Gazetteer): WordKey {
  let w = t.word >= 0 ? wordKeysById.get(t.word) : wordKeys.get(t.text);
  if (w === undefined) {
    w = { key: placeKey(t.text), gaz: null, name: false, prefix: false, extends: false, root: 0, gen: -1 };
    if (t.word >= 0) wordKeysById.set(t.word, w);
    else {
      if (wordKeys.size >= KEY_MEMO_MAX) wordKeys.clear();
      wordKeys.set(t.text, w);
    }
  }
  if (w.gaz !== gaz) {
    w.gaz = gaz;
    w.name = w.key.length > 0 && gaz.hasKey(w.key);
    w.extends = w.key.length > 0 && gaz.isPrefix(w.key);
    w.prefix = !w.name && w.extends;
  }
  return w;
}

/** The word's own step in `memo` (0 when the memo was full: it is emptied, and the next call makes one). */
function rootOf(w: WordKey, memo: StepMemo): number {
  if (w.gen !== memo.generation || w.root === 0) {
    w.root = memo.root();
    w.gen = memo.generation;
  }
  return w.root;
}

/**
 * The step from the name's tokens up to `j - 1` (step `from`) to token `j`, or 0 when the text
 * between them is neither nothing nor one space, or the token has no word id: then the text
 * the tokens span is not fixed by their word ids, and the caller reads it from the document.
 */
function stepTo(memo: StepMemo, from: number, toks: readonly Token[], text: string, j: number): number {
  const t = toks[j];
  const gap = t.start - toks[j - 1].end;
  if (t.word < 0 || gap > 1 || (gap === 1 && text.charCodeAt(t.start - 1) !== 32)) return 0;
  // Word ids are below 2^30 (an array index each): twice one plus the gap stays a small integer.
  return memo.next(from, t.word * 2 + gap);
}

/** Bits of a word's start flags (`startFlags`); 0 is "not yet known". */
const KNOWN = 1;
/** The word begins with a capital letter. */
const CAPITAL = 2;
/** An indexed name can begin with the word: its key is a name or a name's first words, and it is no possessive ending. */
const NAME_START = 4;
/** The word is an acronym (`isAcronym`). */
const ACRONYM = 8;
/** Whether `NAME_START` is known (it is asked only of words that may start a name: see `nameStart`). */
const NAME_KNOWN = 16;
/** A designator marked `standalone` may begin with the word (`mayStartStandalone`). */
export const STANDALONE = 32;
/** The word's `caseClassOf` (0 to 3) sits in the two top bits. */
const CASE_SHIFT = 6;

/** Per word id: `startFlags` for the gazetteer `startsGaz`. */
let starts = new WordBytes();
let startsGaz: Gazetteer | null = null;

/**
 * What the stage reads of the word alone at each token, in its three passes over a document
 * (`caselessDoc`'s sample, the name walk of `findInSentence`, the loose designators of
 * context.ts): one byte per word id, where each test itself reads the word's text, a set or
 * the word's key memo (most tokens are lower-case or begin no name; the flags depend on the
 * text only). One byte for the three passes rather than a table each: the first pass brings
 * the token's byte into the cache for the other two (the three tables' reads were about a
 * quarter of the stage in a CPU profile without inlining).
 * `NAME_START` is not yet known unless `NAME_KNOWN` is set: `nameStart` asks for it.
 */
export function startFlags(t: Token, gaz: Gazetteer): number {
  if (gaz !== startsGaz) {
    starts = new WordBytes();
    startsGaz = gaz;
  }
  let f = starts.get(t.word);
  if (f === 0) {
    f = KNOWN | (capitalised(t) ? CAPITAL : 0) | (isAcronym(t) ? ACRONYM : 0) | (mayStartStandalone(t, gaz.cues) ? STANDALONE : 0) | (caseClassOf(t) << CASE_SHIFT);
    starts.set(t.word, f);
  }
  return f;
}

/** `caseless` read from the words' `startFlags`. */
export function caselessDoc(tokens: readonly Token[], gaz: Gazetteer): boolean {
  return caselessBy(tokens, (t) => startFlags(t, gaz) >> CASE_SHIFT);
}

/**
 * Whether an indexed name can begin with the word (`NAME_START`), given its `startFlags` `f`.
 * Known only once asked: in a document with case only capitalised words are asked, so the
 * many lower-case words of a corpus never cost a place key and two look-ups in the name index.
 */
function nameStart(t: Token, gaz: Gazetteer, f: number): boolean {
  if ((f & NAME_KNOWN) === 0) {
    const w = wordKey(t, gaz);
    f |= NAME_KNOWN | (!POSSESSIVE.has(t.lower) && w.key.length > 0 && (w.name || w.prefix) ? NAME_START : 0);
    starts.set(t.word, f);
  }
  return (f & NAME_START) !== 0;
}

/** A candidate place mention before it is resolved. */
export interface Raw {
  tokenStart: number;
  tokenEnd: number;
  /** Token after the name itself (before any designator). */
  nameEnd: number;
  key: string;
  locative: boolean;
  metonym: boolean;
  /** What the name needs as a common word too ("Reading": a locative cue; "March": a qualifier). */
  stop: StopLevel;
  /** First token of its sentence (capitalised whatever it is). */
  initial: boolean;
  /** A capitalised word follows: the name may be part of a longer one ("Boylston Street", "University of Oregon"). */
  nameGoesOn: boolean;
  /** The name is a direction word ("Southern", "Central"): with a name after it, it is part of that name. */
  directional: boolean;
  /** A single all-capital token ("APC"): an acronym rather than a town. */
  acronym: boolean;
  prefer: GeoPrecision | null;
  /** Countries a designator implies ("local government area" → NGA). */
  designatorCountries: readonly string[];
  within: Place[];
  /** Consumed as the qualifier of the mention before it. */
  qualifier: boolean;
  candidates: readonly Candidate[];
}

function wordToken(t: Token): boolean {
  return t.pos !== "PUNCT" && t.pos !== "SPACE" && t.pos !== "SYM";
}

/** The actor mention covering each token, or undefined. */
export function actorCover(doc: Doc): (ActorMention | undefined)[] {
  const cover: (ActorMention | undefined)[] = new Array(doc.tokens.length);
  for (const a of doc.actors) for (let k = a.tokenStart; k < a.tokenEnd && k < cover.length; k++) cover[k] = a;
  return cover;
}

/**
 * Whether token `j` is a word that follows the one before it after one space and begins with an
 * ASCII letter or digit: then the key of a name's words up to it is the key of the words before
 * it, a space, and more (`placeKey` turns the space into one and keeps the letter or digit).
 */
function spacedWord(toks: readonly Token[], text: string, j: number): boolean {
  const t = toks[j];
  if (t.start - toks[j - 1].end !== 1 || text.charCodeAt(t.start - 1) !== 32 || !wordToken(t)) return false;
  const c = t.text.charCodeAt(0);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** The longest indexed name starting at token `i` (exclusive end), or null. */
export function longestName(doc: Doc, gaz: Gazetteer, i: number, limit: number): { end: number; key: string } | null {
  const toks = doc.tokens;
  const memo = stepsFor(gaz);
  let best: { end: number; key: string } | null = null;
  // The memoised step for the tokens i..j (0: none), while the text they span is fixed by their word ids.
  let step = 0;
  for (let j = i; j < limit && j - i < MAX_NAME_TOKENS; j++) {
    const t = toks[j];
    if (POSSESSIVE.has(t.lower)) break;
    if (j > i && step !== 0) step = stepTo(memo, step, toks, doc.text, j);
    if (!wordToken(t)) {
      if (j > i && NAME_PUNCT.has(t.text)) continue;
      break;
    }
    // A token's text is the text it spans: a one-word name's key is its word's.
    if (j === i) {
      const w = wordKey(t, gaz);
      if (w.key.length === 0) break;
      if (w.name) {
        best = { end: j + 1, key: w.key };
        // A name that begins no longer one ("Peshawar"), then a word: the key of both begins
        // with the name's and a space, so it is neither a name nor a longer one's first words.
        if (!w.extends && j + 1 < limit && spacedWord(toks, doc.text, j + 1)) break;
      } else if (!w.prefix) break;
      step = rootOf(w, memo);
      continue;
    }
    // Longer names: the same first words recur ("The government", "United Nations"), so their
    // answers are kept along the word ids rather than asked again of the large name index.
    const known = step === 0 ? 0 : memo.answers(step);
    if (known & STEP_KNOWN) {
      if (known & EMPTY) break;
      if (known & NAME) best = { end: j + 1, key: memo.key(step) };
      else if (!(known & PREFIX)) break;
      continue;
    }
    const key = placeKey(doc.text.slice(toks[i].start, t.end));
    const name = key.length > 0 && gaz.hasKey(key);
    const prefix = key.length > 0 && !name && gaz.isPrefix(key);
    if (step !== 0) memo.keep(step, key, name, prefix);
    if (key.length === 0) break;
    if (name) best = { end: j + 1, key };
    else if (!prefix) break;
  }
  return best;
}

/** Whether token `k` is a capitalised noun that would continue a proper name ("Boylston Street", "Kent State University"). */
function nameWordAt(toks: readonly Token[], k: number, limit: number): boolean {
  if (k >= limit) return false;
  const t = toks[k];
  return t.spaceBefore && capitalised(t) && (t.pos === "PROPN" || t.pos === "NOUN");
}

/** "in Gwoza and Bama", "in Jammu, Srinagar or Anantnag": joined to a locative mention just before. */
function coordinatedWithLocative(toks: readonly Token[], i: number, sentenceStart: number, out: readonly Raw[], cues: Gazetteer["cues"]): boolean {
  const prev = out.length > 0 ? out[out.length - 1] : null;
  if (!prev || !prev.locative || prev.tokenEnd >= i || prev.tokenStart < sentenceStart) return false;
  let joined = false;
  for (let k = prev.tokenEnd; k < i; k++) {
    const t = toks[k];
    if (t.pos === "SPACE" || t.pos === "DET") continue;
    if (!cues.coordinators.has(t.lower)) return false;
    joined = true;
  }
  return joined;
}

/** "Qala-i Mirak", "Sari-Sang": a hyphen right after the name, then a capitalised word or a short link word. */
function hyphenGoesOn(toks: readonly Token[], k: number, limit: number): boolean {
  if (k + 1 >= limit || toks[k].text !== "-" || toks[k].spaceBefore || toks[k + 1].spaceBefore) return false;
  const t = toks[k + 1];
  return capitalised(t) || t.text.length <= 2;
}

function isAcronym(t: Token): boolean {
  return t.text.length >= 2 && t.text.length <= 5 && t.text === t.text.toUpperCase() && t.text !== t.text.toLowerCase();
}

/** Candidate mentions of one sentence, appended to `out`. */
export function findInSentence(doc: Doc, gaz: Gazetteer, s: { tokenStart: number; tokenEnd: number }, noCase: boolean, cover: (ActorMention | undefined)[], out: Raw[]): void {
  const toks = doc.tokens;
  const cues = gaz.cues;
  let i = s.tokenStart;
  while (i < s.tokenEnd) {
    const t = toks[i];
    const f = startFlags(t, gaz);
    const startable = (noCase ? t.pos === "PROPN" || t.pos === "NOUN" : (f & CAPITAL) !== 0) && nameStart(t, gaz, f);
    const m = startable ? longestName(doc, gaz, i, s.tokenEnd) : null;
    if (!m || gaz.isDemonym(m.key)) {
      i++;
      continue;
    }
    const locative = locativeBefore(toks, i, s.tokenStart, cues) || coordinatedWithLocative(toks, i, s.tokenStart, out, cues);
    let metonym = false;
    let blocked = false;
    let qualifies = false;
    for (let k = i; k < m.end; k++) {
      const a = cover[k];
      if (!a) continue;
      if (a.how === "metonym") metonym = true;
      else if (!locative) {
        // "Katsina residents", "students of the University of Abuja", "Imo State lawmakers": a
        // town or region that qualifies a longer actor phrase names where that group is; the
        // actor itself ("Pakistan said") and a country ("Pakistan army") are no place.
        if ((a.tokenStart < i || a.tokenEnd > m.end) && a.kind !== "state") qualifies = true;
        else blocked = true;
      }
    }
    const kind = qualifies && !blocked ? gaz.plainCandidatesByKey(m.key)[0]?.place.kind : undefined;
    if (qualifies && kind !== "city" && kind !== "admin1") blocked = true;
    // "Imran Khan", "Michael Jackson": a capitalised name word before it makes it a person's or a body's name.
    const prev = i > s.tokenStart ? toks[i - 1] : null;
    const partOfName = !noCase && prev !== null && prev.pos === "PROPN" && capitalised(prev) && !cues.qualifiers.has(prev.lower);
    if (blocked || partOfName) {
      i = m.end;
      continue;
    }
    // "Kent State University": a designator followed by a name word belongs to that name.
    const after = designatorAfter(toks, m.end, s.tokenEnd, cues);
    const d = after && !nameWordAt(toks, after.end, s.tokenEnd) ? after : null;
    const end = d ? d.end : m.end;
    const stop = gaz.stopLevel(m.key);
    out.push({
      tokenStart: i,
      tokenEnd: end,
      nameEnd: m.end,
      key: m.key,
      locative,
      metonym,
      stop,
      initial: i === s.tokenStart,
      nameGoesOn: !noCase && (nameWordAt(toks, end, s.tokenEnd) || hyphenGoesOn(toks, end, s.tokenEnd) || (stop !== "none" && toks[end]?.lower === "of" && nameWordAt(toks, end + 1, s.tokenEnd))),
      acronym: !noCase && m.end === i + 1 && (f & ACRONYM) !== 0,
      directional: cues.qualifiers.has(m.key),
      prefer: d ? d.designator.precision : designatorBefore(toks, i, s.tokenStart, cues),
      designatorCountries: d ? d.designator.countries : [],
      within: [],
      qualifier: false,
      candidates: [],
    });
    i = end;
  }
}

function fitsInside(p: Place, q: Place): boolean {
  if (p.id === q.id) return false;
  if (q.precision === "country") return p.country === q.country;
  return p.country === q.country && (p.admin1Id === q.id || (p.admin1 !== null && placeKey(p.admin1) === placeKey(q.name)));
}

/** The country or first-level region named by `r` that some place called like `of` lies in, or null. */
function qualifierPlace(r: Raw, gaz: Gazetteer, of: Raw): Place | null {
  const inner = gaz.placesByKey(of.key);
  for (const c of gaz.plainCandidatesByKey(r.key)) {
    const p = c.place;
    if (p.precision !== "country" && p.precision !== "admin1") continue;
    if (inner.some((x) => fitsInside(x, p))) return p;
  }
  return null;
}

/** "Tacoma, Washington, United States": attach the trailing regions and countries to the first name. */
export function attachQualifiers(doc: Doc, gaz: Gazetteer, raws: Raw[]): void {
  const toks = doc.tokens;
  for (let k = 0; k < raws.length; k++) {
    const head = raws[k];
    if (head.qualifier) continue;
    let last = head;
    for (let n = k + 1; n < raws.length; n++) {
      const q = raws[n];
      const comma = toks[last.tokenEnd];
      if (!comma || comma.text !== "," || q.tokenStart !== last.tokenEnd + 1) break;
      const p = qualifierPlace(q, gaz, head);
      if (!p) break;
      head.within.push(p);
      q.qualifier = true;
      last = q;
    }
  }
}
