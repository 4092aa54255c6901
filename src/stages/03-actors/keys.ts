/** Keys of a sentence's tokens for the actor trie (one key per token, more for hyphenated words). */
import { WordBytes, WordInts, WordMemo, type Token } from "../../doc/index.js";
import { scanKeys, type Key } from "../../ontology/actors/index.js";

function plainLower(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return false;
  }
  return s.length > 0;
}

/** A sentence is set in capitals when it has at least this many letters and no more than this share of them are lower-case. */
const CAPS_MIN_LETTERS = 12;
const CAPS_MAX_LOWER = 0.05;

/**
 * What tokenKeys reads of a word's text, packed in one integer: bit 0 set (a kept shape is never
 * 0), bit 1 whether its lower-cased form is one plain key, bit 2 whether it starts with an ASCII
 * capital, then its ASCII capitals (14 bits) and small letters (15 bits). One integer per word id
 * in a typed array, rather than an object per word behind a memo slot: this is read at every
 * token of every document (and the first letter from it spares reading the word's string).
 */
const SHAPE_PLAIN = 2;
const SHAPE_CAP_FIRST = 4;
const UPPER_MAX = 0x3fff;
const LOWER_MAX = 0x7fff;
const upperOf = (shape: number) => (shape >>> 3) & UPPER_MAX;
const lowerOf = (shape: number) => shape >>> 17;

/** Per word id (`Token.word`): the word's shape, a function of its text. */
const shapes = new WordInts();

/** ASCII letters of `s` in the range [lo, hi] of character codes. */
function countIn(s: string, lo: number, hi: number): number {
  let n = 0;
  for (let j = 0; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c >= lo && c <= hi) n++;
  }
  return n;
}
const countUpper = (s: string) => countIn(s, 65, 90);
const countLower = (s: string) => countIn(s, 97, 122);

/** The shape of a token's word, or 0 for a word with more than UPPER_MAX capitals or LOWER_MAX small letters (the caller counts them itself). */
function shapeOf(t: Token): number {
  const kept = shapes.get(t.word);
  if (kept !== 0) return kept;
  const upper = countUpper(t.text);
  const lower = countLower(t.text);
  if (upper > UPPER_MAX || lower > LOWER_MAX) return 0;
  const shape = 1 | (plainLower(t.lower) ? SHAPE_PLAIN : 0) | (capitalFirst(t.text) ? SHAPE_CAP_FIRST : 0) | (upper << 3) | (lower << 17);
  shapes.set(t.word, shape);
  return shape;
}

/** Whether a word starts with an ASCII capital. */
function capitalFirst(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 65 && c <= 90;
}

/** Whether text with this many ASCII capitals and small letters is set in capitals. */
function capsShare(upper: number, lower: number): boolean {
  return upper + lower >= CAPS_MIN_LETTERS && lower <= CAPS_MAX_LOWER * (upper + lower);
}

/** Whether tokens [from, to) are written in capitals throughout (wire copy, headlines). */
export function inCapitals(tokens: readonly Token[], from: number, to: number): boolean {
  let upper = 0;
  let lower = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    const shape = shapeOf(t);
    upper += shape !== 0 ? upperOf(shape) : countUpper(t.text);
    lower += shape !== 0 ? lowerOf(shape) : countLower(t.text);
  }
  return capsShare(upper, lower);
}

/**
 * Parts of speech that never belong to a name. In a sentence set in capitals, capitals say
 * nothing: a word counts as capitalised only when the tagger reads it as a noun, proper noun,
 * adjective or number, and only a proper noun may be read as a case-sensitive acronym ("FMLN",
 * not "WHO" or "IS").
 */
const NAME_POS = new Set(["PROPN", "NOUN", "ADJ", "NUM", "X"]);

/** Key objects reused from sentence to sentence (the stage is synchronous; mentions copy what they keep). */
const pool: Key[] = [];

function pooledKey(n: number): Key {
  return pool[n] ?? (pool[n] = { k: "", cap: false, raw: "", joined: false, common: false, pos: undefined, tok: 0, start: 0, end: 0, word: -1 });
}

/** Fill a pooled key for token `t` (index `i`), its only key: its form is a function of the token's text, so of its word id. */
function setKey(key: Key, t: Token, i: number, k: string, raw: string, cap: boolean, joined: boolean, start: number, end: number): Key {
  key.k = k;
  key.cap = cap;
  key.common = false;
  key.raw = raw;
  key.joined = joined;
  key.pos = t.pos;
  key.tok = i;
  key.start = start;
  key.end = end;
  key.word = t.word;
  return key;
}

/** What `scanKeys` reads from a word's text when it reads one key: the key with offsets into the word. */
class OneKey {
  constructor(
    readonly k: string,
    readonly raw: string,
    readonly cap: boolean,
    readonly joined: boolean,
    readonly start: number,
    readonly end: number,
  ) {}
}
/** The word gives no key (quotes, dots, dashes) or several (hyphenated words): the latter are scanned each time. */
const NO_KEY = new OneKey("", "", false, false, 0, 0);
const MANY_KEYS = new OneKey("", "", false, false, 0, 0);

/**
 * Per word id: the keys `scanKeys` reads from a word that is no one plain key (punctuation, a
 * dotted abbreviation, a possessive, a word with diacritics), a function of its text. One token in
 * nine is such a word, most of them punctuation: scanning it anew built a key object and its
 * strings each time.
 */
const oneKeys = new WordMemo<OneKey>();
const scanned: Key[] = [];

function oneKeyOf(t: Token): OneKey {
  let one = oneKeys.get(t.word);
  if (one !== undefined) return one;
  scanned.length = 0;
  scanKeys(t.text, scanned);
  const key = scanned[0];
  one = scanned.length === 0 ? NO_KEY : scanned.length > 1 ? MANY_KEYS : new OneKey(key.k, key.raw, key.cap, key.joined, key.start, key.end);
  oneKeys.set(t.word, one);
  return one;
}

/**
 * Append the keys of tokens [from, to) to `out` (whitespace tokens give none). In a sentence set
 * in capitals, a word of `common` (common English words) is marked `common` and keeps no capitals
 * in `raw`, so it never matches a case-sensitive acronym ("IN FACT" is not the group FACT); a
 * dotted abbreviation ("U.S.") is not a word and keeps them.
 */
export function tokenKeys(tokens: readonly Token[], from: number, to: number, out: Key[], common?: ReadonlySet<string>): Key[] {
  const first = out.length;
  // The letters are counted in the same pass (what `inCapitals` counts); the keys of a sentence in capitals are amended after it.
  let upper = 0;
  let lower = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    const shape = shapeOf(t);
    upper += shape !== 0 ? upperOf(shape) : countUpper(t.text);
    lower += shape !== 0 ? lowerOf(shape) : countLower(t.text);
    if (t.pos === "SPACE") continue;
    const joined = !t.spaceBefore && i > from && tokens[i - 1].text === "-" && !tokens[i - 1].spaceBefore;
    if (shape !== 0 ? (shape & SHAPE_PLAIN) !== 0 : plainLower(t.lower)) {
      const cap = shape !== 0 ? (shape & SHAPE_CAP_FIRST) !== 0 : capitalFirst(t.text);
      out.push(setKey(pooledKey(out.length), t, i, t.lower, t.text, cap, joined, t.start, t.end));
      continue;
    }
    const one = oneKeyOf(t);
    if (one === NO_KEY) continue;
    if (one !== MANY_KEYS) {
      out.push(setKey(pooledKey(out.length), t, i, one.k, one.raw, one.cap, one.joined || joined, t.start + one.start, t.start + one.end));
      continue;
    }
    const at = out.length;
    scanKeys(t.text, out, t.start, i);
    if (joined && out.length > at) out[at].joined = true;
    for (let k = at; k < out.length; k++) out[k].pos = t.pos;
  }
  if (capsShare(upper, lower)) amendCapitals(tokens, out, first, common);
  return out;
}

/** Per word id, for the common-word list last asked with: 2 when a token of that word is a common word, 1 when not. */
const commonByWord = { list: undefined as ReadonlySet<string> | undefined, bytes: new WordBytes() };

/** Whether `key`, of token `t`, is a common word that is no dotted abbreviation, memoised per word id for its only key. */
function isCommon(key: Key, t: Token, common: ReadonlySet<string>): boolean {
  if (key.word < 0) return !t.text.includes(".") && common.has(key.k);
  if (commonByWord.list !== common) {
    commonByWord.list = common;
    commonByWord.bytes = new WordBytes();
  }
  const kept = commonByWord.bytes.get(key.word);
  if (kept !== 0) return kept === 2;
  const is = !t.text.includes(".") && common.has(key.k);
  commonByWord.bytes.set(key.word, is ? 2 : 1);
  return is;
}

/** Amend the keys out[first ..] of a sentence set in capitals (see `tokenKeys`). */
function amendCapitals(tokens: readonly Token[], out: Key[], first: number, common: ReadonlySet<string> | undefined): void {
  for (let k = first; k < out.length; k++) {
    const key = out[k];
    const t = tokens[key.tok];
    if (!NAME_POS.has(t.pos)) key.cap = false;
    if (common !== undefined && isCommon(key, t, common)) key.common = true;
    // A key spelt as its whole token is lowered as the token's `lower` (the same text, and no new string per key).
    if (t.pos !== "PROPN" || key.common) key.raw = key.raw === t.text ? t.lower : key.raw.toLowerCase();
  }
}
