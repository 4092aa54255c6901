/**
 * Counts in text ("three", "twenty-five", "1,200", "1.5 million", "a dozen",
 * "more than 130", "dozens of"), read with the words in `ontology/lexicon/numbers.json`.
 * Used by the dates stage ("two years ago") and by the patterns stage for fatalities.
 */
import type { Token } from "../../doc/index.js";
import type { Lexicon, NumberQualifier, NumberWord } from "../../ontology/lexicon.js";
import { PhraseIndex } from "./phrases.js";

/** A count read from the tokens [start, end). */
export interface ParsedNumber {
  value: number;
  /** First token (the qualifier's, when there is one). */
  start: number;
  /** Token index after the last token of the count (and of a trailing "of" in "dozens of"). */
  end: number;
  /** "exact", or the qualifier in front: "min" (more than, at least), "max" (up to, nearly), "approx" (about). */
  qualifier: "exact" | NumberQualifier;
  /** True for vague quantities ("dozens", "hundreds of", "several"), whose value is a convention. */
  vague: boolean;
}

type WordKind = "unit" | "article" | "teen" | "tens" | "scale";

/** The number words indexed for look-up (built once per lexicon). */
export interface NumberIndex {
  readonly words: ReadonlyMap<string, { kind: WordKind; value: number }>;
  readonly quantities: PhraseIndex<{ value: number; vague: boolean }>;
  readonly qualifiers: PhraseIndex<NumberQualifier>;
}

/** Index number words. */
export function indexNumbers(entries: readonly NumberWord[]): NumberIndex {
  const words = new Map<string, { kind: WordKind; value: number }>();
  const quantities = new PhraseIndex<{ value: number; vague: boolean }>();
  const qualifiers = new PhraseIndex<NumberQualifier>();
  for (const e of entries) {
    if ("names" in e) for (const n of e.names) words.set(n, { kind: e.kind, value: e.value });
    else if (e.kind === "qualifier") for (const p of e.phrases) qualifiers.add(p, e.qualifier);
    else for (const p of e.phrases) quantities.add(p, { value: e.value, vague: e.kind === "vague" });
  }
  return { words, quantities, qualifiers };
}

const cache = new WeakMap<Lexicon, NumberIndex>();

/** The number index of a lexicon, built on first use and cached. */
export function numberIndexOf(lexicon: Lexicon): NumberIndex {
  let idx = cache.get(lexicon);
  if (!idx) {
    idx = indexNumbers(lexicon.numbers);
    cache.set(lexicon, idx);
  }
  return idx;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The value of a digit token: "130", "1,200", "12,500,000", "1.5". Null for anything
 * else (ordinals, dates, "10/12", "3,00"). Linear scan, no regular expression.
 */
export function digitValue(text: string): number | null {
  const n = text.length;
  if (n === 0 || n > 20 || !isDigit(text.charCodeAt(0))) return null;
  let commas = 0;
  let dot = -1;
  let lastComma = -1;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    if (isDigit(c)) continue;
    if (c === 44 && dot < 0) {
      // A thousands separator: first group 1-3 digits, then groups of exactly 3.
      if ((lastComma < 0 && k > 3) || (lastComma >= 0 && k - lastComma !== 4)) return null;
      lastComma = k;
      commas++;
    } else if (c === 46 && dot < 0 && k > 0 && k < n - 1) dot = k;
    else return null;
  }
  if (commas > 0 && (dot >= 0 ? dot : n) - lastComma !== 4) return null;
  const v = Number(commas > 0 ? text.replace(/,/g, "") : text);
  return Number.isFinite(v) ? v : null;
}

/** A number word, or a hyphenated pair of them ("twenty-five" as one token). */
function wordValue(idx: NumberIndex, lower: string): { kind: WordKind; value: number } | null {
  const w = idx.words.get(lower);
  if (w) return w;
  const dash = lower.indexOf("-");
  if (dash <= 0) return null;
  const a = idx.words.get(lower.slice(0, dash));
  const b = idx.words.get(lower.slice(dash + 1));
  if (a?.kind === "tens" && b?.kind === "unit" && b.value > 0) return { kind: "teen", value: a.value + b.value };
  return null;
}

/**
 * Read spelled-out or digit numbers with scale words from token `i`:
 * "three", "twenty - five", "two hundred and fifty", "1.5 million", "a thousand".
 * Returns the value and the token after it, or null.
 */
function readCardinal(tokens: readonly Token[], i: number, limit: number, idx: NumberIndex, allowArticle: boolean): { value: number; end: number } | null {
  let total = 0;
  let current: number;
  let k: number;
  const first = tokens[i];
  const dv = digitValue(first.text);
  const article = idx.words.get(first.lower)?.kind === "article";
  if (dv !== null) {
    current = dv;
    k = i + 1;
  } else if (article) {
    const next = i + 1 < limit ? idx.words.get(tokens[i + 1].lower) : undefined;
    if (next?.kind !== "scale" && !allowArticle) return null;
    current = 1;
    k = i + 1;
  } else {
    const small = readSmall(tokens, i, limit, idx);
    if (!small) return null;
    current = small.value;
    k = small.end;
  }
  while (k < limit) {
    const w = idx.words.get(tokens[k].lower);
    if (w?.kind !== "scale") break;
    if (w.value === 100) current = current * 100;
    else {
      total += current * w.value;
      current = 0;
    }
    k++;
    // "two hundred and fifty", "a thousand two hundred"
    let m = k;
    if (m < limit && tokens[m].lower === "and") m++;
    if (m < limit) {
      const next = readSmall(tokens, m, limit, idx);
      if (next) {
        current += next.value;
        k = next.end;
      }
    }
  }
  return { value: total + current, end: k };
}

/** A number below 100 in words ("fifty", "twenty - five"). */
function readSmall(tokens: readonly Token[], i: number, limit: number, idx: NumberIndex): { value: number; end: number } | null {
  const w = wordValue(idx, tokens[i].lower);
  if (!w || w.kind === "scale" || w.kind === "article") return null;
  let value = w.value;
  let end = i + 1;
  if (w.kind === "tens" && end < limit) {
    const hyphen = tokens[end].text === "-" && end + 1 < limit ? end + 1 : end;
    const u = idx.words.get(tokens[hyphen].lower);
    if (u?.kind === "unit" && u.value > 0) {
      value += u.value;
      end = hyphen + 1;
    }
  }
  return { value, end };
}

export interface ParseNumberOptions {
  /** Read "a"/"an" alone as 1 ("a year ago"); by default only before a scale word ("a hundred"). */
  allowArticle?: boolean;
  /** Stop before this token index (default: end of the tokens). */
  limit?: number;
}

/**
 * The count that starts at token `i`, with an optional qualifier in front
 * ("more than 130", "at least twenty-five", "about 1,200", "dozens of", "a dozen").
 * `lexicon` is `kb.lexicon` (or a prebuilt `NumberIndex`). Null when no count starts at `i`.
 */
export function parseNumber(tokens: readonly Token[], i: number, lexicon: Lexicon | NumberIndex, opts: ParseNumberOptions = {}): ParsedNumber | null {
  const limit = Math.min(opts.limit ?? tokens.length, tokens.length);
  if (i < 0 || i >= limit) return null;
  const idx = "quantities" in lexicon ? lexicon : numberIndexOf(lexicon);
  let k = i;
  let qualifier: ParsedNumber["qualifier"] = "exact";
  const q = idx.qualifiers.match(tokens, k, limit);
  if (q && q.end < limit) {
    qualifier = q.value;
    k = q.end;
  }
  const quantity = idx.quantities.match(tokens, k, limit);
  const cardinal = readCardinal(tokens, k, limit, idx, opts.allowArticle ?? false);
  if (quantity && (!cardinal || quantity.end >= cardinal.end)) {
    return { value: quantity.value.value, start: i, end: quantity.end, qualifier, vague: quantity.value.vague };
  }
  if (!cardinal) return null;
  return { value: cardinal.value, start: i, end: cardinal.end, qualifier, vague: false };
}
