/**
 * Key normalisation shared by the knowledge base (aliases) and the matchers (document
 * tokens, resolve phrases): lower case, no diacritics, curly quotes made straight, dots
 * dropped ("U.S." -> "us"), hyphens and dashes split words ("Tehrik-i-Taliban" ->
 * tehrik, i, taliban) and a possessive "'s" kept as a key of its own.
 */

/** One normalised word with where it came from. */
export interface Key {
  /** Normalised form. */
  k: string;
  /** The original word starts with an upper-case letter. */
  cap: boolean;
  /** The original word without dots, case kept (for case-sensitive acronyms: LeT, IS, US). */
  raw: string;
  /** The word is hyphen-joined to the previous one ("jen" in "Ho-jen"). */
  joined: boolean;
  /** A common English word in a sentence set in capitals: no acronym, no part of a person's name. */
  common?: boolean;
  /** Universal POS tag of the source token, when a tagger gave one. */
  pos?: string;
  /** Index of the source token (document) or of the key itself (phrase). */
  tok: number;
  /** Character offsets of the source word, [start, end). */
  start: number;
  end: number;
  /**
   * The word id (`Token.word`) of the source token when this key is the only key of that token
   * (so `k` is a function of the token's text), else -1: knowledge bases may memoise per word.
   */
  word: number;
}

const DIACRITICS = /[\u0300-\u036f]/g;

function isWordChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c > 127 && !isDashOrQuote(c) && c !== 0x00a0)
  );
}
function isDashOrQuote(c: number): boolean {
  return c === 0x2010 || c === 0x2011 || c === 0x2012 || c === 0x2013 || c === 0x2014 || c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d;
}
function isHyphen(c: number): boolean {
  return c === 45 || c === 0x2010 || c === 0x2011;
}
function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x2018;
}
function isUpper(c: number): boolean {
  return (c >= 65 && c <= 90) || (c > 127 && String.fromCharCode(c) !== String.fromCharCode(c).toLowerCase());
}

function clean(word: string): string {
  let w = word.toLowerCase();
  for (let i = 0; i < w.length; i++) {
    if (w.charCodeAt(i) > 127) {
      w = w.normalize("NFD").replace(DIACRITICS, "");
      break;
    }
  }
  return w;
}

function pushKey(out: Key[], text: string, base: number, tok: number, raw: string, k: string, cap: boolean, s: number, e: number): void {
  const joined = s > 1 && isHyphen(text.charCodeAt(s - 1)) && isWordChar(text.charCodeAt(s - 2));
  // Every field given, in the order of the actors stage's pooled keys: one object shape for all keys keeps the matchers' property reads monomorphic.
  out.push({ k, cap, raw, joined, common: false, pos: undefined, tok: tok < 0 ? out.length : tok, start: base + s, end: base + e, word: -1 });
}

/**
 * Split `text` into keys. `base` is added to offsets, `tok` is the token index given to
 * every key (pass -1 to number keys by their position instead). Linear in the text.
 */
export function scanKeys(text: string, out: Key[], base = 0, tok = -1): Key[] {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) {
      const s = i;
      let word = "";
      let segStart = i;
      // A word runs over letters, digits, inner dots and inner apostrophes that are not a possessive.
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isWordChar(d)) {
          i++;
          continue;
        }
        if (d === 46 /* . */) {
          word += text.slice(segStart, i);
          i++;
          segStart = i;
          continue;
        }
        if (isApostrophe(d) && i + 1 < n && isWordChar(text.charCodeAt(i + 1))) {
          const next = text.charCodeAt(i + 1);
          const after = i + 2 < n ? text.charCodeAt(i + 2) : 32;
          if ((next === 115 || next === 83) && !isWordChar(after)) break; // possessive 's
          word += text.slice(segStart, i);
          i++;
          segStart = i;
          continue;
        }
        break;
      }
      word += text.slice(segStart, i);
      if (word.length > 0) pushKey(out, text, base, tok, word, clean(word), isUpper(c), s, i);
      continue;
    }
    if (isApostrophe(c) && i + 1 < n && (text.charCodeAt(i + 1) === 115 || text.charCodeAt(i + 1) === 83) && (i + 2 >= n || !isWordChar(text.charCodeAt(i + 2)))) {
      pushKey(out, text, base, tok, "'s", "'s", false, i, i + 2);
      i += 2;
      continue;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0x00a0 || c === 45 || isDashOrQuote(c) || c === 34 || c === 39 || c === 46) {
      // Space, hyphen, dashes, quotes and stray dots separate words without being keys.
      i++;
      continue;
    }
    pushKey(out, text, base, tok, text[i], text[i], false, i, i + 1);
    i++;
  }
  return out;
}

/** The keys of a phrase as one string ("tehrik i taliban pakistan"): the form used as a map key. */
export function normalizePhrase(text: string): string {
  return scanKeys(text, [])
    .map((k) => k.k)
    .join(" ");
}
