/**
 * An on-disk cache of the gazetteer's expensive part: the GeoNames city columns and the
 * name index built over all places. Building it from cities.pbf and the JSON data takes
 * about twice as long as reading it back (a few hundred milliseconds on a loaded 2-core
 * machine, most of it making the 125k keys' Map and the names).
 *
 * The file lives under `node_modules/.cache/faultline/` (never committed), one per set of
 * source paths; its header holds a SHA-1 over the source data (the place files, the states
 * file, cities.pbf) and the code that builds the index, and a cache whose hash differs is
 * rebuilt and overwritten. Layout: a 4-byte
 * header length, the JSON header, then 4-byte-aligned typed columns (the country, admin1
 * and feature columns as codes into their string tables; the hash tables of the keys and of
 * their prefixes, see keytable.ts) and UTF-8 blocks of newline-joined strings. Any read or
 * write failure just means "no cache".
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { isAscii } from "node:buffer";
import { basename, dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CityTable } from "./geonames.js";
import { KeySet, KeyTable, keyTableParts, slotCount } from "./keytable.js";

/** The name index: key → row (or rows), the keys that begin a longer name, and each region's summed city population. */
export interface NameIndex {
  byKey: Map<string, number | number[]>;
  prefixes: Set<string>;
  /** Region id ("admin1:PK-KP") → population of its GeoNames cities. */
  regionPopulation: Record<string, number>;
}

/** The name index as read back: the same look-ups over the file's bytes (keytable.ts). */
export interface StoredNameIndex {
  byKey: Pick<KeyTable, "has" | "get" | "size">;
  prefixes: Pick<KeySet, "has">;
  regionPopulation: Record<string, number>;
}

interface Header {
  format: number;
  /** `sourceHash` of the data and code the index was built from. */
  hash: string;
  size: number;
  keys: number;
  rows: number;
  prefixes: number;
  textBytes: number;
  regionPopulation: Record<string, number>;
}

/**
 * 2: country, admin1 and feature as codes into per-column string tables (a few hundred distinct values for 135k rows).
 * 3: hash tables of the keys and of the prefixes, read in place.
 */
const FORMAT = 3;
/** Cache files kept per folder (one per set of source paths: tests and copies of the ontology make more); the least recently used go. */
const KEEP_FILES = 4;
/** Modules whose code decides what the index holds (same extension as this one: .js built, .ts under tsx). */
const CODE_FILES = ["cache", "gazetteer", "geonames", "normalize", "data", "keytable"];

/** The files behind an index: the given sources and this folder's index-building modules. */
function withCode(files: readonly string[]): string[] {
  const here = fileURLToPath(import.meta.url);
  return [...files, ...CODE_FILES.map((n) => join(dirname(here), n + extname(here)))];
}

/** The cache file for these sources: one per set of source paths, overwritten when their content changes. */
export function cacheFile(cacheDir: string, files: readonly string[]): string {
  const name = createHash("sha1").update(withCode(files).join("\0")).digest("hex").slice(0, 16);
  return join(cacheDir, `gazetteer-${name}.bin`);
}

/**
 * Files of at least this many bytes are identified by their size, modification time and
 * inode rather than their content: the one such source, the city database in node_modules
 * (6.4 MB), changes only when it is installed again, and reading and hashing it took
 * 40-50 ms of every start-up (about 4 % of a one-sentence `faultline code` run) while the
 * ontology's own files (1.3 MB in all, the largest 1 MB) take ~10 ms.
 */
export const STAT_ONLY_BYTES = 4 * 1024 * 1024;

/**
 * SHA-1 over the content of the source files and the index-building code (files of
 * STAT_ONLY_BYTES or more: over their size, modification time and inode); null when one
 * cannot be read.
 */
export function sourceHash(files: readonly string[]): string | null {
  const h = createHash("sha1");
  try {
    for (const f of withCode(files)) {
      h.update(f).update("\0");
      const st = existsSync(f) ? statSync(f) : null;
      if (!st) h.update("(none)");
      else if (st.size >= STAT_ONLY_BYTES) h.update(`(stat ${st.size} ${st.mtimeMs} ${st.ino})`);
      else h.update(readFileSync(f));
      h.update("\0");
    }
  } catch {
    return null;
  }
  return h.digest("hex");
}

export { defaultCacheDir } from "../cache-dir.js";

const align4 = (n: number): number => (n + 3) & ~3;

/** Between the string blocks of a cache file (no string holds a line feed or NUL). */
const BLOCK_SEP = Buffer.from("\n\u0000\n", "utf8");

/** A column of few distinct strings as its distinct values and each row's index into them. */
function encodeColumn(values: readonly string[]): { table: string[]; codes: Int32Array } {
  const at = new Map<string, number>();
  const table: string[] = [];
  const codes = new Int32Array(values.length);
  for (let k = 0; k < values.length; k++) {
    let c = at.get(values[k]);
    if (c === undefined) {
      c = table.length;
      at.set(values[k], c);
      table.push(values[k]);
    }
    codes[k] = c;
  }
  return { table, codes };
}

/** The column `encodeColumn` encoded (rows share their value's one string); throws on a code out of range. */
function decodeColumn(table: readonly string[], codes: Int32Array): string[] {
  const out = new Array<string>(codes.length);
  for (let k = 0; k < codes.length; k++) {
    const v = table[codes[k]];
    if (v === undefined) throw new RangeError("bad column code");
    out[k] = v;
  }
  return out;
}

/** Delete all but the `KEEP_FILES` most recently used caches of `file`'s folder. */
function prune(file: string): void {
  const dir = dirname(file);
  const prefix = basename(file).slice(0, basename(file).indexOf("-") + 1);
  const files: { path: string; used: number }[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(prefix) || !f.endsWith(".bin")) continue;
    try {
      files.push({ path: join(dir, f), used: statSync(join(dir, f)).mtimeMs });
    } catch {
      // Gone meanwhile.
    }
  }
  files.sort((a, b) => b.used - a.used);
  for (const f of files.slice(KEEP_FILES)) {
    try {
      unlinkSync(f.path);
    } catch {
      // Another process removed it first.
    }
  }
}

/** Write the cities and the index for sources of hash `hash`; false (and no file) when the data cannot be cached. */
export function writeIndexCache(file: string, hash: string, cities: CityTable, index: NameIndex): boolean {
  const keys: string[] = [];
  const offsets = new Int32Array(index.byKey.size + 1);
  const rowList: number[] = [];
  for (const [key, v] of index.byKey) {
    keys.push(key);
    if (typeof v === "number") rowList.push(v);
    else for (const r of v) rowList.push(r);
    offsets[keys.length] = rowList.length;
  }
  const country = encodeColumn(cities.country);
  const admin1 = encodeColumn(cities.admin1);
  const feature = encodeColumn(cities.feature);
  const prefixes = [...index.prefixes];
  const blocks = [cities.name, country.table, admin1.table, feature.table, keys, prefixes];
  if (blocks.some((b) => b.some((s) => s.includes("\n") || s.includes("\u0000")))) return false;
  const text = Buffer.from(blocks.map((b) => b.join("\n")).join("\n\u0000\n"), "utf8");
  const header: Header = { format: FORMAT, hash, size: cities.size, keys: keys.length, rows: rowList.length, prefixes: prefixes.length, textBytes: text.length, regionPopulation: index.regionPopulation };
  const head = Buffer.from(JSON.stringify(header), "utf8");
  const headLen = align4(4 + head.length);
  const keyTable = keyTableParts(keys);
  const prefixTable = keyTableParts(prefixes);
  const columns = [
    cities.geonamesId, cities.population, cities.lat, cities.lon, country.codes, admin1.codes, feature.codes, offsets, Int32Array.from(rowList),
    keyTable.starts, keyTable.hashes, keyTable.slots, prefixTable.starts, prefixTable.hashes, prefixTable.slots,
  ];
  const out = Buffer.alloc(headLen + columns.reduce((s, c) => s + c.byteLength, 0) + text.length);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  let at = headLen;
  for (const c of columns) {
    Buffer.from(c.buffer, c.byteOffset, c.byteLength).copy(out, at);
    at += c.byteLength;
  }
  text.copy(out, at);
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, out);
    renameSync(tmp, file);
    prune(file);
    return true;
  } catch {
    return false;
  }
}

/** Touch a cache file so that pruning keeps the ones in use. */
function markUsed(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // A read-only cache still works.
  }
}

/** Read a cache written by `writeIndexCache` for sources of hash `hash`, or null when it is missing, stale or malformed. */
export function readIndexCache(file: string, hash: string): { cities: CityTable; index: StoredNameIndex } | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return null;
  }
  try {
    const headBytes = buf.readUInt32LE(0);
    const h = JSON.parse(buf.toString("utf8", 4, 4 + headBytes)) as Header;
    if (h.format !== FORMAT || h.hash !== hash) return null;
    let at = align4(4 + headBytes);
    /**
     * The next `n` 4-byte values as a view into the file's bytes where they lie 4-byte aligned in
     * memory (a file read whole has a buffer of its own: no copy of the ~10 MB), else as a copy.
     */
    const take = <T>(make: new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T, n: number): T => {
      if (at + n * 4 > buf.length) throw new RangeError("truncated");
      const offset = buf.byteOffset + at;
      const column = offset % 4 === 0 ? new make(buf.buffer, offset, n) : new make(new Uint8Array(buf.subarray(at, at + n * 4)).buffer, 0, n);
      at += n * 4;
      return column;
    };
    const geonamesId = take(Int32Array, h.size);
    const population = take(Uint32Array, h.size);
    const lat = take(Float32Array, h.size);
    const lon = take(Float32Array, h.size);
    const countryCodes = take(Int32Array, h.size);
    const admin1Codes = take(Int32Array, h.size);
    const featureCodes = take(Int32Array, h.size);
    const offsets = take(Int32Array, h.keys + 1);
    const rows = take(Int32Array, h.rows);
    const keyStarts = take(Int32Array, h.keys + 1);
    const keyHashes = take(Uint32Array, h.keys);
    const keySlots = take(Int32Array, slotCount(h.keys));
    const prefixStarts = take(Int32Array, h.prefixes + 1);
    const prefixHashes = take(Uint32Array, h.prefixes);
    const prefixSlots = take(Int32Array, slotCount(h.prefixes));
    if (at + h.textBytes !== buf.length) return null;
    // The string blocks; the keys and the prefixes stay bytes, looked up in place (keytable.ts).
    const blocks: Buffer[] = [];
    for (let from = at; ; ) {
      const sep = buf.indexOf(BLOCK_SEP, from);
      const to = sep < 0 ? buf.length : sep;
      blocks.push(buf.subarray(from, to));
      if (sep < 0) break;
      from = sep + BLOCK_SEP.length;
    }
    if (blocks.length !== 6) return null;
    // Each block decoded on its own: an ASCII block then gives one-byte strings. A column's string
    // table always holds at least one value (an empty block is the one value "").
    const [name, countryTable, admin1Table, featureTable] = blocks.slice(0, 4).map((bytes, k) => {
      const b = bytes.toString(isAscii(bytes) ? "latin1" : "utf8");
      return b.length === 0 && k === 0 ? [] : b.split("\n");
    });
    const [keyText, prefixText] = blocks.slice(4);
    // Each block's last string ends where the next line feed would be.
    const fits = (starts: Int32Array, text: Buffer) => starts[starts.length - 1] === (starts.length === 1 ? 0 : text.length + 1);
    if (name.length !== h.size || !fits(keyStarts, keyText) || !fits(prefixStarts, prefixText)) return null;
    const country = decodeColumn(countryTable, countryCodes);
    const admin1 = decodeColumn(admin1Table, admin1Codes);
    const feature = decodeColumn(featureTable, featureCodes);
    const byKey = new KeyTable(keyText, keyStarts, keyHashes, keySlots, offsets, rows);
    const prefixes = new KeySet(prefixText, prefixStarts, prefixHashes, prefixSlots);
    const cities: CityTable = { size: h.size, geonamesId, name, country, admin1, feature, population, lat, lon };
    markUsed(file);
    return { cities, index: { byKey, prefixes, regionPopulation: h.regionPopulation } };
  } catch {
    return null;
  }
}
