/**
 * Values kept per word id (`Token.word`): a stage that asks the same question of every
 * token with a word list (is this word a trigger key, a cue's first word, a place name?) asks
 * it once per distinct word and then reads the answer from an array. The answer may depend
 * only on what the word id fixes (the token's text and lower-cased form); an answer that also
 * depends on the lemma or tag keeps them and checks them (see the callers).
 */
export class WordMemo<T> {
  /** Grown by `grownSlots`, so the array stays dense (a far index would make it a dictionary). */
  private slots: (T | undefined)[] = [];
  /** Values kept since the last clear. */
  private kept = 0;

  /**
   * @param max values kept before the memo starts again empty: the tagger gives every new
   * surface form a new id for the life of the process, so a long-running server that reads
   * endless new words (numbers, names, URLs) would otherwise keep an answer for each of them
   * (the tokenize stage bounds its own word memo the same way).
   */
  constructor(private readonly max = 100_000) {}

  /** The value kept for word id `word`, or undefined (always for a token without an id, -1). */
  get(word: number): T | undefined {
    return word >= 0 && word < this.slots.length ? this.slots[word] : undefined;
  }

  /** Keep `value` for word id `word` (nothing is kept for -1). */
  set(word: number, value: T): void {
    if (word < 0) return;
    if (this.kept >= this.max) {
      this.slots = [];
      this.kept = 0;
    }
    if (word >= this.slots.length) this.slots = grownSlots(this.slots, word + 1);
    if (this.slots[word] === undefined) this.kept++;
    this.slots[word] = value;
  }
}

/**
 * A word-indexed array grown to at least `length` slots, the new ones undefined: `slots` itself
 * when it is long enough, else a new array of that length (allocated at once, so it keeps fast
 * elements; writing far past an array's end would make it a dictionary) holding its values.
 * (When word ids were wink-nlp's lexeme ids they started near the size of its lexicon, ~90k:
 * pushing the slots one at a time cost ~100 ms across the stages' memos in a one-sentence run.
 * The tokenize stage now numbers words from 0 in the order it reads them.) Growing by half
 * again at least makes later growths (and their copies) rare.
 */
export function grownSlots<T>(slots: (T | undefined)[], length: number): (T | undefined)[] {
  if (slots.length >= length) return slots;
  const next = new Array<T | undefined>(Math.max(length, slots.length + (slots.length >> 1)));
  for (let k = 0; k < slots.length; k++) next[k] = slots[k];
  return next;
}

/**
 * Small answers (1 to 255) kept per word id in bytes, 0 meaning none: a yes/no memo asked at
 * every token (does this word start a designator?) reads one byte where a `WordMemo` reads an
 * 8-byte slot, so the words of a corpus (a few hundred thousand ids) take a few hundred
 * kilobytes that stay in the processor's cache rather than a few megabytes that do not.
 * Bounded like `WordMemo`.
 */
export class WordBytes {
  private bytes = new Uint8Array(0);
  private kept = 0;

  constructor(private readonly max = 100_000) {}

  /** The byte kept for word id `word`, or 0 (always for a token without an id, -1). */
  get(word: number): number {
    return word >= 0 && word < this.bytes.length ? this.bytes[word] : 0;
  }

  /** Keep `value` (1 to 255) for word id `word` (nothing is kept for -1). */
  set(word: number, value: number): void {
    if (word < 0) return;
    if (this.kept >= this.max) {
      this.bytes = new Uint8Array(this.bytes.length);
      this.kept = 0;
    }
    if (word >= this.bytes.length) {
      const next = new Uint8Array(Math.max(word + 1, this.bytes.length + (this.bytes.length >> 1)));
      next.set(this.bytes);
      this.bytes = next;
    }
    if (this.bytes[word] === 0) this.kept++;
    this.bytes[word] = value;
  }
}

/**
 * Non-zero 32-bit integers kept per word id, 0 meaning none: for an answer of a few small
 * numbers (packed by the caller) read at every token, 4 bytes per word in one typed array
 * instead of a `WordMemo` slot and the object it points to. Bounded like `WordMemo`.
 */
export class WordInts {
  private ints = new Int32Array(0);
  private kept = 0;

  constructor(private readonly max = 100_000) {}

  /** The integer kept for word id `word`, or 0 (always for a token without an id, -1). */
  get(word: number): number {
    return word >= 0 && word < this.ints.length ? this.ints[word] : 0;
  }

  /** Keep `value` (not 0) for word id `word` (nothing is kept for -1). */
  set(word: number, value: number): void {
    if (word < 0) return;
    if (this.kept >= this.max) {
      this.ints = new Int32Array(this.ints.length);
      this.kept = 0;
    }
    if (word >= this.ints.length) {
      const next = new Int32Array(Math.max(word + 1, this.ints.length + (this.ints.length >> 1)));
      next.set(this.ints);
      this.ints = next;
    }
    if (this.ints[word] === 0) this.kept++;
    this.ints[word] = value;
  }
}
