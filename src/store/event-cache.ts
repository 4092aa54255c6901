/**
 * An in-process copy of the stored events' columns, so that merging a batch needs no
 * candidate query and no event loads (writer.ts). The database stays the source of
 * truth: the copy is only used when it is known to be exact.
 *
 * - Every transaction that changes events bumps `store_epoch.n` (migration 4) under
 *   the write / merge lock. A copy made at epoch `e` is used by a transaction only when
 *   that transaction's bump returns `e + 1`: nobody else (another process, another
 *   worker, another `SqlStore` on the same database) changed events in between. When
 *   others did, and only inserted or updated events, the copy is first brought up to
 *   date: every merging transaction logs the ids of the events it wrote under its epoch
 *   (`event_changes`, migration 7), and the rows logged after `e` are read and put again
 *   (`catchUpEventCache`). After a deletion or rebuild of events (re-coding:
 *   `store_epoch.removed`), or once the log no longer reaches back to `e`, the copy is
 *   read again in full.
 * - The copy is changed only after the transaction commits (`SqlStore` applies the
 *   batch's final rows then); a rolled-back transaction drops it.
 * - It is built by one full read of `events` inside a transaction, and only for stores
 *   of at most `MAX_CACHED_EVENTS` events; above that, merging uses the SQL path.
 *
 * `candidates` gives exactly the ids the SQL candidate query of writer.ts gives:
 * same ranges, same side condition, same order (interval centre distance, coordinate
 * distance, id in code point order — SQLite's BINARY order, and PostgreSQL's under the
 * query's explicit `COLLATE "C"`, whatever the database's collation: `Dialect.codePointOrder`), same cap.
 */
import { candidateRanges, type CandidateRange, type MatchFacts, type MergeKey } from "./merge.js";
import type { Param } from "./sql.js";

/** An event's stored columns (as loaded by writer.ts: id, seq and the event columns). */
export type CachedRow = Record<string, Param> & { id: string };

/** Largest store (events) kept in memory: about 3 KB of heap per event, ~300 MB at the cap. */
export const MAX_CACHED_EVENTS = 100_000;

/** Width (days of `lo`) of the buckets the copy is indexed by. */
const BUCKET = 8;

/**
 * An event as the candidate scan reads it: the columns it compares, converted once (a
 * fixed shape, no per-scan `Number()` of driver values), and the row itself.
 */
export class Entry {
  /** What callers derive from the row (see `EventCache.entry`); a new entry starts without. */
  derived: unknown = null;
  /**
   * Left to the caller (writer.ts, `MergeSession`): the number of the merge group that last
   * read the entry as a candidate (`mark`) and what it made of it then (`held`), and the
   * caller's pending (merged, unwritten) state of the event, if any. Set by the merging
   * transaction that holds the copy; a new entry starts without.
   */
  mark = 0;
  held: unknown = null;
  pending: unknown = null;
  // Assigned by `reread` (from the constructor too).
  lo!: number;
  hi!: number;
  lat!: number | null;
  lon!: number | null;
  sourceId!: Param;
  sourceCountry!: Param;
  targetId!: Param;
  targetCountry!: Param;
  /** The two buckets the entry is filed in (by family and country, by family), and their family, country key and number. */
  inCountry: Bucket | null = null;
  inFamily: Bucket | null = null;
  family = "";
  ck = "";
  bucket = 0;

  constructor(public row: CachedRow) {
    this.reread(row);
  }

  /** Read `row` (the event's new row, filed in the same buckets) into this entry, as a new entry would. */
  reread(row: CachedRow): void {
    this.row = row;
    this.derived = null;
    this.lo = Number(row.lo);
    this.hi = Number(row.hi);
    this.lat = row.lat == null ? null : Number(row.lat);
    this.lon = row.lon == null ? null : Number(row.lon);
    this.sourceId = row.source_id ?? null;
    this.sourceCountry = row.source_country ?? null;
    this.targetId = row.target_id ?? null;
    this.targetCountry = row.target_country ?? null;
  }
}

/**
 * Events of one family (and country) whose `lo` falls in one `BUCKET`-day span, in no
 * particular order, with bounds of their `lo + hi` (widened as events are filed, never
 * narrowed), so that a scan can skip buckets whose events are all farther than the
 * candidates it already holds.
 */
class Bucket {
  readonly entries: Entry[] = [];
  minSum = Infinity;
  maxSum = -Infinity;

  add(e: Entry): void {
    this.entries.push(e);
    this.widen(e);
  }

  /** Widen the bounds to entry `e` (filed here). */
  widen(e: Entry): void {
    const sum = e.lo + e.hi;
    if (sum < this.minSum) this.minSum = sum;
    if (sum > this.maxSum) this.maxSum = sum;
  }

  remove(e: Entry): void {
    const list = this.entries;
    const at = list.indexOf(e);
    if (at < 0) return;
    // Order within a bucket does not matter (the scan orders by distance, then id).
    const last = list.pop()!;
    if (at < list.length) list[at] = last;
  }

  /** The least interval centre distance (`|lo + hi - kmid|`) of any event in the bucket. */
  distance(kmid: number): number {
    return kmid < this.minSum ? this.minSum - kmid : kmid > this.maxSum ? kmid - this.maxSum : 0;
  }
}

/** Buckets of one family (and country), by `lo` bucket number. */
type Buckets = Map<number, Bucket>;

/** A family's buckets: all its events, and its events by country key. */
interface FamilyIndex {
  all: Buckets;
  byCountry: Map<string, Buckets>;
}

/** Compare strings in code point order (UTF-16 order differs for surrogates vs U+E000..U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

export class EventCache {
  private readonly rows = new Map<string, Entry>();
  private readonly families = new Map<string, FamilyIndex>();
  // The best candidates of the current scan, in order, as parallel arrays (reused).
  private readonly bestIds: string[] = [];
  private readonly bestEntries: Entry[] = [];
  private readonly bestDs: number[] = [];
  private readonly bestKms: number[] = [];
  private readonly scanBuckets: Bucket[] = [];
  private readonly scanRanges: CandidateRange[] = [];
  private readonly scanDistances: number[] = [];

  /** @param epoch the `store_epoch` value the copy is exact at. */
  constructor(public epoch: number) {}

  get size(): number {
    return this.rows.size;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  get(id: string): CachedRow | undefined {
    return this.rows.get(id)?.row;
  }

  /**
   * The entry of an event: its row, and `derived`, where a caller may keep what it
   * computes from the row (it goes with the entry when the event is put again).
   */
  entry(id: string): Entry | undefined {
    return this.rows.get(id);
  }

  /**
   * Add or replace an event. The row is kept, not copied: its scanned columns (family,
   * ck, lo, hi, sides, coordinates) are read now, so a caller that changes them later
   * must `put` the row again before the next `candidates`.
   */
  put(row: CachedRow): Entry {
    const old = this.rows.get(row.id);
    const family = String(row.family);
    const ck = String(row.ck);
    const k = Math.floor(Number(row.lo) / BUCKET);
    if (old && old.inCountry && old.inFamily && old.family === family && old.ck === ck && old.bucket === k) {
      // Filed where it was (most merges change no scanned column's bucket): the same entry,
      // re-read, in the same place (order within a bucket does not matter); no new entry, no re-filing.
      old.reread(row);
      old.inCountry.widen(old);
      old.inFamily.widen(old);
      return old;
    }
    if (old) EventCache.unfile(old);
    const e = new Entry(row);
    this.rows.set(row.id, e);
    const fam = this.familyIndex(family);
    let byCk = fam.byCountry.get(ck);
    if (!byCk) fam.byCountry.set(ck, (byCk = new Map()));
    e.inCountry = EventCache.file(byCk, k, e);
    e.inFamily = EventCache.file(fam.all, k, e);
    e.family = family;
    e.ck = ck;
    e.bucket = k;
    return e;
  }

  private familyIndex(family: string): FamilyIndex {
    let f = this.families.get(family);
    if (!f) this.families.set(family, (f = { all: new Map(), byCountry: new Map() }));
    return f;
  }

  private static file(buckets: Buckets, k: number, e: Entry): Bucket {
    let b = buckets.get(k);
    if (!b) buckets.set(k, (b = new Bucket()));
    b.add(e);
    return b;
  }

  private static unfile(e: Entry): void {
    e.inCountry?.remove(e);
    e.inFamily?.remove(e);
    e.inCountry = e.inFamily = null;
  }

  /**
   * Stored event ids that are candidates for each mention (by mention index), at most
   * `max` each: the result of writer.ts `storedCandidates` on the same store.
   * `ranges[i]`: `candidateRanges(keys[i])`, when the caller already has them.
   */
  candidates(keys: MergeKey[], facts: MatchFacts[], max: number, ranges?: CandidateRange[][]): Map<number, string[]> {
    const out = new Map<number, string[]>();
    const found: Entry[] = [];
    const ends: number[] = [];
    this.candidateEntries(keys, facts, max, ranges, found, ends);
    for (let i = 0, at = 0; i < keys.length; at = ends[i++]) {
      if (ends[i] > at) out.set(i, found.slice(at, ends[i]).map((e) => e.row.id));
    }
    return out;
  }

  /**
   * `candidates`, as entries: those of mention `i` are pushed to `found` (in order), and
   * `ends[i]` is where they end in it (no id list per mention, nor a look-up of each id).
   */
  candidateEntries(keys: MergeKey[], facts: MatchFacts[], max: number, ranges: CandidateRange[][] | undefined, found: Entry[], ends: number[]): void {
    // The best `max` so far, in order (a bounded insertion: most scanned events are
    // worse than the last kept, and are rejected without allocating).
    const ids = this.bestIds;
    const best = this.bestEntries;
    const ds = this.bestDs;
    const kms = this.bestKms;
    // The buckets to scan for one mention, nearest first (least possible distance), with their range.
    const scanB = this.scanBuckets;
    const scanR = this.scanRanges;
    const scanD = this.scanDistances;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const f = facts[i];
      const si = f.sourceId, sc = f.sourceCountry, ti = f.targetId, tc = f.targetCountry;
      const klat = f.lat, klon = f.lon;
      const kmid = key.lo + key.hi;
      let nb = 0;
      for (const r of ranges?.[i] ?? candidateRanges(key)) {
        const fam = this.families.get(r.family);
        const buckets = r.ck === null ? fam?.all : fam?.byCountry.get(r.ck);
        if (!buckets) continue;
        for (let k = Math.floor(r.from / BUCKET); k <= Math.floor(r.to / BUCKET); k++) {
          const b = buckets.get(k);
          if (!b || b.entries.length === 0) continue;
          const bd = b.distance(kmid);
          let at = nb++;
          for (; at > 0 && scanD[at - 1] > bd; at--) {
            scanB[at] = scanB[at - 1];
            scanR[at] = scanR[at - 1];
            scanD[at] = scanD[at - 1];
          }
          scanB[at] = b;
          scanR[at] = r;
          scanD[at] = bd;
        }
      }
      let n = 0;
      for (let q = 0; q < nb; q++) {
        // Every event of this bucket and the next ones is farther than the `max` kept: none can be kept.
        if (n === max && scanD[q] > ds[n - 1]) break;
        const r = scanR[q];
        const list = scanB[q].entries;
        for (let j = 0; j < list.length; j++) {
          const e = list[j];
          const lo = e.lo;
          if (lo < r.from || lo > r.to || e.hi < key.lo) continue;
          if (!sideMayMatch(si, sc, e.sourceId, e.sourceCountry) || !sideMayMatch(ti, tc, e.targetId, e.targetCountry)) continue;
          const km = e.lat === null || e.lon === null || klat === null || klon === null ? 0 : Math.abs(e.lat - klat) + Math.abs(e.lon - klon);
          const d = Math.abs(lo + e.hi - kmid);
          const id = e.row.id;
          if (n === max && before(ds[n - 1], kms[n - 1], ids[n - 1], d, km, id)) continue;
          let at = n < max ? n++ : n - 1;
          while (at > 0 && before(d, km, id, ds[at - 1], kms[at - 1], ids[at - 1])) {
            ids[at] = ids[at - 1];
            ds[at] = ds[at - 1];
            kms[at] = kms[at - 1];
            best[at] = best[at - 1];
            at--;
          }
          ids[at] = id;
          ds[at] = d;
          kms[at] = km;
          best[at] = e;
        }
      }
      for (let q = 0; q < n; q++) found.push(best[q]);
      ends.push(found.length);
    }
  }
}

/** The candidate order of the SQL query: interval centre distance, coordinate distance, id (true when a comes first). */
function before(ad: number, akm: number, aid: string, bd: number, bkm: number, bid: string): boolean {
  return ad !== bd ? ad < bd : akm !== bkm ? akm < bkm : compareCodePoints(aid, bid) < 0;
}

/** The side condition of the SQL candidate query: either side unknown, the same actor, or countries equal or unknown. */
function sideMayMatch(mid: string | null, mcountry: string | null, eid: Param, ecountry: Param): boolean {
  return mid === null || eid == null || eid === mid || mcountry === null || ecountry == null || ecountry === mcountry;
}
