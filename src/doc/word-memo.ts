/**
 * Values kept per word id (`Token.word`): a stage that asks the same question of every
 * token with a word list (is this word a trigger key, a cue's first word, a place name?) asks
 * it once per distinct word and then reads the answer from an array. The answer may depend
 * only on what the word id fixes (the token's text and lower-cased form); an answer that also
 * depends on the lemma or tag keeps them and checks them (see the callers).
 */
export class WordMemo<T> {
  /** Grown one slot at a time, so the array stays dense (a far index would make it a dictionary). */
  private readonly slots: (T | undefined)[] = [];

  /** The value kept for word id `word`, or undefined (always for a token without an id, -1). */
  get(word: number): T | undefined {
    return word >= 0 && word < this.slots.length ? this.slots[word] : undefined;
  }

  /** Keep `value` for word id `word` (nothing is kept for -1). */
  set(word: number, value: T): void {
    if (word < 0) return;
    if (word >= this.slots.length) growSlots(this.slots, word + 1);
    this.slots[word] = value;
  }
}

/**
 * Grow a word-indexed array to at least `length` slots (undefined), one slot at a time so it
 * stays a dense list (writing far past its end would make it a dictionary). Word ids start near
 * the size of the tagger's lexicon, so the first growth is long: a loop of its own, so that the
 * optimiser compiling it on the fly does not deoptimise the caller (it did, dozens of times,
 * a few milliseconds each); growing by half again at least makes later growths rare.
 */
export function growSlots(slots: unknown[], length: number): void {
  const want = Math.max(length, slots.length + (slots.length >> 1));
  for (let k = slots.length; k < want; k++) slots.push(undefined);
}
