/**
 * Multi-word phrase look-up over tokens: phrases are indexed by their first word,
 * longest first, so matching at a token costs one Map look-up plus a comparison of
 * a few following tokens.
 */
import type { Token } from "../../doc/index.js";

interface Phrase<T> {
  words: readonly string[];
  value: T;
}

/** A phrase found at a token: its value and the token index after its last word. */
export interface PhraseMatch<T> {
  value: T;
  end: number;
}

export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, Phrase<T>[]>();

  /** Add a phrase (lower-case words as the tokenizer splits them). */
  add(words: readonly string[], value: T): void {
    if (words.length === 0) return;
    const list = this.byFirst.get(words[0]);
    const p = { words, value };
    if (!list) {
      this.byFirst.set(words[0], [p]);
      return;
    }
    list.push(p);
    list.sort((a, b) => b.words.length - a.words.length);
  }

  /** The words phrases start with. */
  firstWords(): Iterable<string> {
    return this.byFirst.keys();
  }

  /** The longest phrase starting at token `i` that ends before token `limit`, or null. */
  match(tokens: readonly Token[], i: number, limit: number = tokens.length): PhraseMatch<T> | null {
    const list = this.byFirst.get(tokens[i].lower);
    if (!list) return null;
    for (const p of list) {
      const n = p.words.length;
      if (i + n > limit) continue;
      let k = 1;
      while (k < n && tokens[i + k].lower === p.words[k]) k++;
      if (k === n) return { value: p.value, end: i + n };
    }
    return null;
  }
}
