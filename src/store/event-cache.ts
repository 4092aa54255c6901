/**
 * An in-process copy of the stored events' columns, so that merging a batch needs no
 * candidate query and no event loads (writer.ts). The database stays the source of
 * truth: the copy is only used when it is known to be exact.
 *
 * - Every transaction that changes events bumps `store_epoch.n` (migration 4) under
 *   the write / merge lock. A copy made at epoch `e` is used by a transaction only when
 *   that transaction's bump returns `e + 1`: nobody else (another process, another
 *   worker, another `SqlStore` on the same database) changed events in between.
 * - The copy is changed only after the transaction commits (`SqlStore` applies the
 *   batch's final rows then); a rolled-back transaction drops it.
 * - It is built by one full read of `events` inside a transaction, and only for stores
 *   of at most `MAX_CACHED_EVENTS` events; above that, merging uses the SQL path.
 *
 * `candidates` gives exactly the ids the SQL candidate query of writer.ts gives:
 * same ranges, same side condition, same order (interval centre distance, coordinate
 * distance, id in code point order — the order of SQLite and of PostgreSQL under a
 * C / C.UTF-8 collation), same cap.
 */
import { candidateRanges, type MergeKey, type Mention } from "./merge.js";
import type { Param } from "./sql.js";

/** An event's stored columns (as loaded by writer.ts: id, seq and the event columns). */
export type CachedRow = Record<string, Param> & { id: string };

/** Largest store (events) kept in memory: about 3 KB of heap per event, ~300 MB at the cap. */
export const MAX_CACHED_EVENTS = 100_000;

/** Width (days of `lo`) of the buckets the copy is indexed by. */
const BUCKET = 8;

type Buckets = Map<number, Set<CachedRow>>;

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
  private readonly rows = new Map<string, CachedRow>();
  private readonly byCountry = new Map<string, Buckets>();
  private readonly byFamily = new Map<string, Buckets>();

  /** @param epoch the `store_epoch` value the copy is exact at. */
  constructor(public epoch: number) {}

  get size(): number {
    return this.rows.size;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  get(id: string): CachedRow | undefined {
    return this.rows.get(id);
  }

  /** Add or replace an event (the row is kept as is: callers must not change it afterwards). */
  put(row: CachedRow): void {
    const old = this.rows.get(row.id);
    if (old) this.unindex(old);
    this.rows.set(row.id, row);
    this.index(row);
  }

  private static bucketsOf(map: Map<string, Buckets>, key: string, create: boolean): Buckets | undefined {
    let b = map.get(key);
    if (!b && create) map.set(key, (b = new Map()));
    return b;
  }

  private static file(map: Map<string, Buckets>, key: string, k: number, row: CachedRow): void {
    const buckets = EventCache.bucketsOf(map, key, true)!;
    let set = buckets.get(k);
    if (!set) buckets.set(k, (set = new Set()));
    set.add(row);
  }

  private index(row: CachedRow): void {
    const k = Math.floor(Number(row.lo) / BUCKET);
    EventCache.file(this.byCountry, `${row.family}\u0000${row.ck}`, k, row);
    EventCache.file(this.byFamily, String(row.family), k, row);
  }

  private unindex(row: CachedRow): void {
    const k = Math.floor(Number(row.lo) / BUCKET);
    EventCache.bucketsOf(this.byCountry, `${row.family}\u0000${row.ck}`, false)?.get(k)?.delete(row);
    EventCache.bucketsOf(this.byFamily, String(row.family), false)?.get(k)?.delete(row);
  }

  /**
   * Stored event ids that are candidates for each mention (by mention index), at most
   * `max` each: the result of writer.ts `storedCandidates` on the same store.
   */
  candidates(keys: MergeKey[], mentions: Mention[], max: number): Map<number, string[]> {
    const out = new Map<number, string[]>();
    // The best `max` so far, in order, as parallel arrays (a bounded insertion: most
    // scanned events are worse than the last kept, and are rejected without allocating).
    const ids: string[] = [];
    const ds: number[] = [];
    const kms: number[] = [];
    keys.forEach((key, i) => {
      const { source: s, target: t, location: loc } = mentions[i].record;
      const si = s?.id ?? null, sc = s?.country ?? null, ti = t?.id ?? null, tc = t?.country ?? null;
      const klat = loc?.lat ?? null, klon = loc?.lon ?? null;
      const kmid = key.lo + key.hi;
      ids.length = ds.length = kms.length = 0;
      for (const r of candidateRanges(key)) {
        const buckets = r.ck === null ? this.byFamily.get(r.family) : this.byCountry.get(`${r.family}\u0000${r.ck}`);
        if (!buckets) continue;
        for (let k = Math.floor(r.from / BUCKET); k <= Math.floor(r.to / BUCKET); k++) {
          const set = buckets.get(k);
          if (!set) continue;
          for (const e of set) {
            const lo = Number(e.lo);
            const hi = Number(e.hi);
            if (lo < r.from || lo > r.to || hi < key.lo) continue;
            if (!sideMayMatch(si, sc, e.source_id, e.source_country) || !sideMayMatch(ti, tc, e.target_id, e.target_country)) continue;
            const km = e.lat == null || e.lon == null || klat === null || klon === null ? 0 : Math.abs(Number(e.lat) - klat) + Math.abs(Number(e.lon) - klon);
            const d = Math.abs(lo + hi - kmid);
            let at = ids.length;
            if (at === max && before(ds[at - 1], kms[at - 1], ids[at - 1], d, km, e.id)) continue;
            while (at > 0 && before(d, km, e.id, ds[at - 1], kms[at - 1], ids[at - 1])) at--;
            ids.splice(at, 0, e.id);
            ds.splice(at, 0, d);
            kms.splice(at, 0, km);
            if (ids.length > max) {
              ids.pop();
              ds.pop();
              kms.pop();
            }
          }
        }
      }
      if (ids.length > 0) out.set(i, ids.slice());
    });
    return out;
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
