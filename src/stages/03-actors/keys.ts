/** Keys of a sentence's tokens for the actor trie (one key per token, more for hyphenated words). */
import type { Token } from "../../doc/index.js";
import { scanKeys, type Key } from "../../ontology/actors/index.js";

function plainLower(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return false;
  }
  return s.length > 0;
}

/** Append the keys of tokens [from, to) to `out` (whitespace tokens give none). */
export function tokenKeys(tokens: readonly Token[], from: number, to: number, out: Key[]): Key[] {
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.pos === "SPACE") continue;
    if (plainLower(t.lower)) {
      const c = t.text.charCodeAt(0);
      out.push({ k: t.lower, cap: c >= 65 && c <= 90, raw: t.text, tok: i, start: t.start, end: t.end });
    } else scanKeys(t.text, out, t.start, i);
  }
  return out;
}
