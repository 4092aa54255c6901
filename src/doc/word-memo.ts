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
    while (this.slots.length <= word) this.slots.push(undefined);
    this.slots[word] = value;
  }
}
