/**
 * A read-only hash table of strings over the bytes of a gazetteer cache file: the name index
 * (key → rows) and its prefixes as read back, without making a string or a Map entry per key.
 * Building the Map of 125k keys and the Set of their prefixes, and the strings themselves,
 * took most of the cache's reading time and garbage-collection work at start-up; looking a key
 * up here hashes it, probes a slot array, and compares bytes (a document asks few distinct keys).
 *
 * Layout (all written by `keyTableParts`): the keys as newline-terminated UTF-8 in one block,
 * each key's byte offset in it (`starts`, one more than the keys: the end), each key's
 * `hashKey`, and open-addressing slots (a power of two, at least twice the keys) holding key
 * number + 1, 0 when empty, probed linearly from `hashKey & (slots - 1)`.
 */
import { Buffer } from "node:buffer";

/** FNV-1a over the UTF-16 code units of `s`, as an unsigned 32-bit integer. */
export function hashKey(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Slots for `n` keys: a power of two, at least twice `n` (probe runs stay short). */
export function slotCount(n: number): number {
  let size = 2;
  while (size < 2 * n) size *= 2;
  return size;
}

/** The byte offsets, hashes and slots of `keys` (distinct, no line feed), joined by line feeds in that order. */
export function keyTableParts(keys: readonly string[]): { starts: Int32Array; hashes: Uint32Array; slots: Int32Array } {
  const starts = new Int32Array(keys.length + 1);
  const hashes = new Uint32Array(keys.length);
  const slots = new Int32Array(slotCount(keys.length));
  const mask = slots.length - 1;
  let at = 0;
  for (let k = 0; k < keys.length; k++) {
    starts[k] = at;
    at += Buffer.byteLength(keys[k], "utf8") + 1;
    const h = (hashes[k] = hashKey(keys[k]));
    let i = h & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = k + 1;
  }
  starts[keys.length] = at;
  return { starts, hashes, slots };
}

/** A set of strings read from a cache file (`keyTableParts` over the keys of `text`). */
export class KeySet {
  constructor(
    /** The keys, each followed by a line feed. */
    private readonly text: Uint8Array,
    private readonly starts: Int32Array,
    private readonly hashes: Uint32Array,
    private readonly slots: Int32Array,
  ) {
    if (starts.length !== hashes.length + 1 || slots.length < 2 * hashes.length || (slots.length & (slots.length - 1)) !== 0) throw new RangeError("bad key table");
  }

  get size(): number {
    return this.hashes.length;
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  /** The number of `key`, or -1. */
  protected find(key: string): number {
    const h = hashKey(key);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === 0) return -1;
      if (this.hashes[s - 1] === h && this.equals(s - 1, key)) return s - 1;
    }
  }

  /** Whether key number `k` is `key`: its bytes compared with an ASCII key's codes, else decoded and compared. */
  private equals(k: number, key: string): boolean {
    const from = this.starts[k];
    const to = this.starts[k + 1] - 1;
    for (let j = 0; j < key.length; j++) {
      const c = key.charCodeAt(j);
      if (c >= 0x80) return Buffer.from(this.text.buffer, this.text.byteOffset + from, to - from).toString("utf8") === key;
      if (from + j >= to || this.text[from + j] !== c) return false;
    }
    return from + key.length === to;
  }
}

/** The name index read from a cache file: key → its row, or its rows (`offsets` into `rows`). */
export class KeyTable extends KeySet {
  constructor(
    text: Uint8Array,
    starts: Int32Array,
    hashes: Uint32Array,
    slots: Int32Array,
    private readonly offsets: Int32Array,
    private readonly rows: Int32Array,
  ) {
    super(text, starts, hashes, slots);
    if (offsets.length !== hashes.length + 1) throw new RangeError("bad key table");
  }

  get(key: string): number | number[] | undefined {
    const k = this.find(key);
    if (k < 0) return undefined;
    const a = this.offsets[k];
    const b = this.offsets[k + 1];
    return b - a === 1 ? this.rows[a] : Array.from(this.rows.subarray(a, b));
  }
}
