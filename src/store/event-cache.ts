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

  private index(row: CachedRow): void {
    const k = Math.floor(Number(row.lo) / BUCKET);
    for (const [map, key] of [[this.byCountry, `${row.family}\u0000${row.ck}`], [this.byFamily, String(row.family)]] as const) {
      const buckets = EventCache.bucketsOf(map, key, true)!;
      let set = buckets.get(k);
      if (!set) buckets.set(k, (set = new Set()));
      set.add(row);
    }
  }

  private unindex(row: CachedRow): void {
    const k = Math.floor(Number(row.lo) / BUCKET);
    for (const [map, key] of [[this.byCountry, `${row.family}\u0000${row.ck}`], [this.byFamily, String(row.family)]] as const) {
      EventCache.bucketsOf(map, key, false)?.get(k)?.delete(row);
    }
  }

  /**
   * Stored event ids that are candidates for each mention (by mention index), at most
   * `max` each: the result of writer.ts `storedCandidates` on the same store.
   */
  candidates(keys: MergeKey[], mentions: Mention[], max: number): Map<number, string[]> {
    const out = new Map<number, string[]>();
    keys.forEach((key, i) => {
      const { source: s, target: t, location: loc } = mentions[i].record;
      const si = s?.id ?? null, sc = s?.country ?? null, ti = t?.id ?? null, tc = t?.country ?? null;
      const klat = loc?.lat ?? null, klon = loc?.lon ?? null;
      const kmid = key.lo + key.hi;
      /** The best `max` so far, in order (a bounded insertion: most scanned events are worse than the last kept). */
      const found: Array<{ id: string; d: number; km: number }> = [];
      for (const r of candidateRanges(key)) {
        const buckets = r.ck === null ? this.byFamily.get(r.family) : this.byCountry.get(`${r.family}\u0000${r.ck}`);
        if (!buckets) continue;
        for (let k = Math.floor(r.from / BUCKET); k <= Math.floor(r.to / BUCKET); k++) {
          for (const e of buckets.get(k) ?? []) {
            const lo = Number(e.lo);
            const hi = Number(e.hi);
            if (lo < r.from || lo > r.to || hi < key.lo) continue;
            if (!sideMayMatch(si, sc, e.source_id, e.source_country) || !sideMayMatch(ti, tc, e.target_id, e.target_country)) continue;
            const lat = e.lat == null ? null : Number(e.lat);
            const lon = e.lon == null ? null : Number(e.lon);
            const km = lat === null || lon === null || klat === null || klon === null ? 0 : Math.abs(lat - klat) + Math.abs(lon - klon);
            const f = { id: e.id, d: Math.abs(lo + hi - kmid), km };
            if (found.length === max && before(found[max - 1], f)) continue;
            let at = found.length;
            while (at > 0 && before(f, found[at - 1])) at--;
            found.splice(at, 0, f);
            if (found.length > max) found.pop();
          }
        }
      }
      if (found.length > 0) out.set(i, found.map((f) => f.id));
    });
    return out;
  }
}

/** The candidate order of the SQL query: interval centre distance, coordinate distance, id. */
function before(a: { id: string; d: number; km: number }, b: { id: string; d: number; km: number }): boolean {
  return a.d !== b.d ? a.d < b.d : a.km !== b.km ? a.km < b.km : compareCodePoints(a.id, b.id) < 0;
}

/** The side condition of the SQL candidate query: either side unknown, the same actor, or countries equal or unknown. */
function sideMayMatch(mid: string | null, mcountry: string | null, eid: Param, ecountry: Param): boolean {
  return mid === null || eid == null || eid === mid || mcountry === null || ecountry == null || ecountry === mcountry;
}
