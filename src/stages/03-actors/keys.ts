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

/** Key objects reused from sentence to sentence (the stage is synchronous; mentions copy what they keep). */
const pool: Key[] = [];

/** Append the keys of tokens [from, to) to `out` (whitespace tokens give none). */
export function tokenKeys(tokens: readonly Token[], from: number, to: number, out: Key[]): Key[] {
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.pos === "SPACE") continue;
    const joined = !t.spaceBefore && i > from && tokens[i - 1].text === "-" && !tokens[i - 1].spaceBefore;
    if (plainLower(t.lower)) {
      const c = t.text.charCodeAt(0);
      const n = out.length;
      const key = pool[n] ?? (pool[n] = { k: "", cap: false, raw: "", joined: false, pos: "", tok: 0, start: 0, end: 0 });
      key.k = t.lower;
      key.cap = c >= 65 && c <= 90;
      key.raw = t.text;
      key.joined = joined;
      key.pos = t.pos;
      key.tok = i;
      key.start = t.start;
      key.end = t.end;
      out.push(key);
    } else {
      const first = out.length;
      scanKeys(t.text, out, t.start, i);
      if (joined && out.length > first) out[first].joined = true;
      for (let k = first; k < out.length; k++) out[k].pos = t.pos;
    }
  }
  return out;
}
