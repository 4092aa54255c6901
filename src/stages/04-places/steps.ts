/**
 * The memo of longer place names' first words, read token by token ("Dera" → "Dera Ismail" →
 * "Dera Ismail Khan"). A step stands for some first words; the step to one more token is found
 * by the token's code (its word id and the gap before it), and keeps what the index answered
 * for the words up to that token: their key, and whether it is a name or a name's first words.
 *
 * Steps are numbers and their links live in one open-addressing table of integers: at every
 * capitalised word the names finder takes a step or two, and in a full run the memo is cold in
 * the processor's cache, where a table slot costs one memory read and a map of objects several.
 */

/** Bits of a step's answers: known, a name, a longer name's first words, an empty key. */
export const KNOWN = 1;
export const NAME = 2;
export const PREFIX = 4;
export const EMPTY = 8;

/** Integers per table slot: the step linked from, the token code, the step linked to (0: an empty slot), unused. */
const SLOT = 4;

export class StepMemo {
  /** Slots of `SLOT` integers, a power of two of them, at least twice the steps kept. */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Per step: its answers (`KNOWN` | ...), and its key when it is a name. */
  private readonly flags: Uint8Array;
  private readonly keys: (string | undefined)[];
  /** Steps made in this generation (step 0 is none). */
  private count = 0;
  /** Bumped when the memo is emptied: a step number from an older generation means nothing. */
  generation = 0;

  /** @param max steps kept before the memo starts again empty. */
  constructor(private readonly max = 100_000) {
    let slots = 2;
    while (slots < 2 * max) slots *= 2;
    this.table = new Int32Array(slots * SLOT);
    this.mask = slots - 1;
    this.flags = new Uint8Array(max + 1);
    this.keys = new Array<string | undefined>(max + 1);
  }

  /** Forget every step: a new generation. */
  clear(): void {
    this.table.fill(0);
    this.flags.fill(0);
    this.keys.fill(undefined);
    this.count = 0;
    this.generation++;
  }

  /** A new step linked from none (a word's own), or 0 when the memo was full: then it is emptied, and the next call makes one. */
  root(): number {
    if (this.count >= this.max) {
      this.clear();
      return 0;
    }
    return ++this.count;
  }

  /**
   * The step from step `from` (of this generation, not 0) by token code `code` (0 or more),
   * made when new; 0 when the memo was full (it is emptied: `from` means nothing any more).
   */
  next(from: number, code: number): number {
    const table = this.table;
    let h = Math.imul(from, 0x9e3779b1) ^ Math.imul(code, 0x85ebca77);
    h ^= h >>> 15;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const at = i * SLOT;
      const to = table[at + 2];
      if (to === 0) {
        if (this.count >= this.max) {
          this.clear();
          return 0;
        }
        const step = ++this.count;
        table[at] = from;
        table[at + 1] = code;
        table[at + 2] = step;
        return step;
      }
      if (table[at] === from && table[at + 1] === code) return to;
    }
  }

  /** The answers kept for a step (`KNOWN` unset: none yet). */
  answers(step: number): number {
    return this.flags[step];
  }

  /** The key kept for a step that is a name. */
  key(step: number): string {
    return this.keys[step] ?? "";
  }

  /** Keep the index's answers for the key of a step's words. */
  keep(step: number, key: string, name: boolean, prefix: boolean): void {
    this.flags[step] = KNOWN | (name ? NAME : 0) | (prefix ? PREFIX : 0) | (key.length === 0 ? EMPTY : 0);
    if (name) this.keys[step] = key;
  }
}
