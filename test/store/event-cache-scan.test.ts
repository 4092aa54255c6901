/**
 * The event cache's candidate scan (src/store/event-cache.ts) against a plain reading of
 * the SQL candidate query: every cached event in the key's ranges passing the side
 * condition, ordered by interval centre distance, coordinate distance and id, the first
 * `max` kept. Random stores with ties, month-wide events and events moved by a later `put`.
 */
import { describe, expect, it } from "vitest";
import { compareCodePoints, EventCache, type CachedRow } from "../../src/store/event-cache.js";
import { candidateRanges, type MatchFacts, type MergeKey } from "../../src/store/merge.js";

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const COUNTRIES = ["SY", "IQ", "?"] as const;
const ACTORS = [null, "a:1", "a:2", "agent:gunmen"] as const;
const ACTOR_COUNTRIES = [null, "SY", "IQ"] as const;

function randomRow(r: () => number, id: string): CachedRow {
  const month = r() < 0.2;
  const lo = Math.floor(r() * 120);
  const located = r() < 0.7;
  return {
    id, family: month ? "V/r/m" : "V/r", ck: pick(r, COUNTRIES), lo, hi: lo + (month ? 27 + Math.floor(r() * 4) : 2 + Math.floor(r() * 2)),
    // Few distinct coordinates: ties on both distances, broken by id.
    lat: located ? Math.floor(r() * 3) : null, lon: located ? Math.floor(r() * 3) : null,
    source_id: pick(r, ACTORS), source_country: pick(r, ACTOR_COUNTRIES),
    target_id: pick(r, ACTORS), target_country: pick(r, ACTOR_COUNTRIES),
  };
}

type Side = { id: string; country: string | null } | null;
/** What the scan reads of a mention's record. */
type Sketch = { source: Side; target: Side; location: { country: string | null; lat: number | null; lon: number | null } | null };

/** The match facts of a sketched record (as `mergeRecord` makes them). */
function factsOf(m: Sketch): MatchFacts {
  const { source: s, target: t, location: l } = m;
  return {
    sourceId: s?.id ?? null, sourceCountry: s?.country ?? null, sourceSector: null,
    targetId: t?.id ?? null, targetCountry: t?.country ?? null, targetSector: null,
    killed: null,
    placePrecision: l ? "city" : null, lat: l?.lat ?? null, lon: l?.lon ?? null, country: l?.country ?? null, admin1: null,
  };
}

function randomMention(r: () => number): { key: MergeKey; mention: Sketch } {
  const month = r() < 0.2;
  const lo = Math.floor(r() * 120);
  const ck = pick(r, COUNTRIES);
  const side = (): Side => {
    const id = pick(r, ACTORS);
    return id === null ? null : { id, country: pick(r, ACTOR_COUNTRIES) };
  };
  const located = r() < 0.7;
  const record: Sketch = {
    source: side(), target: side(),
    location: ck === "?" && !located ? null : { country: ck === "?" ? null : ck, lat: located ? Math.floor(r() * 3) : null, lon: located ? Math.floor(r() * 3) : null },
  };
  return {
    key: { family: month ? "V/r/m" : "V/r", ck, lo, hi: lo + (month ? 29 : 2) },
    mention: record,
  };
}

/** The SQL candidate query, read literally. */
function reference(rows: CachedRow[], key: MergeKey, mention: Sketch, max: number): string[] {
  const { source: s, target: t, location: loc } = mention;
  const sideOk = (mid: string | null, mc: string | null, eid: unknown, ec: unknown) =>
    mid === null || eid == null || eid === mid || mc === null || ec == null || ec === mc;
  const found = new Map<string, { d: number; km: number }>();
  for (const range of candidateRanges(key)) {
    for (const e of rows) {
      const lo = Number(e.lo), hi = Number(e.hi);
      if (e.family !== range.family || (range.ck !== null && e.ck !== range.ck)) continue;
      if (lo < range.from || lo > range.to || hi < key.lo) continue;
      if (!sideOk(s?.id ?? null, s?.country ?? null, e.source_id, e.source_country)) continue;
      if (!sideOk(t?.id ?? null, t?.country ?? null, e.target_id, e.target_country)) continue;
      const km = e.lat == null || e.lon == null || loc?.lat == null || loc?.lon == null ? 0 : Math.abs(Number(e.lat) - loc.lat) + Math.abs(Number(e.lon) - loc.lon);
      found.set(e.id, { d: Math.abs(lo + hi - key.lo - key.hi), km });
    }
  }
  return [...found]
    .sort(([a, x], [b, y]) => x.d - y.d || x.km - y.km || compareCodePoints(a, b))
    .slice(0, max)
    .map(([id]) => id);
}

describe("event cache candidate scan", () => {
  for (const seed of [1, 2, 3]) {
    it(`gives the SQL query's candidates, in order (seed ${seed})`, () => {
      const r = rng(seed);
      const cache = new EventCache(0);
      const rows = new Map<string, CachedRow>();
      for (let i = 0; i < 600; i++) {
        const row = randomRow(r, `ev:${Math.floor(r() * 1e6)}:${i}`);
        rows.set(row.id, row);
        cache.put(row);
      }
      // Move some events (a later put of the same id replaces the earlier one wherever it was filed).
      for (const id of [...rows.keys()].filter(() => r() < 0.3)) {
        const row = { ...randomRow(r, id) };
        rows.set(id, row);
        cache.put(row);
      }
      const ms = Array.from({ length: 400 }, () => randomMention(r));
      for (const max of [1, 3, 8]) {
        const got = cache.candidates(ms.map((m) => m.key), ms.map((m) => factsOf(m.mention)), max);
        ms.forEach(({ key, mention }, i) => {
          expect(got.get(i) ?? [], `mention ${i}, max ${max}`).toEqual(reference([...rows.values()], key, mention, max));
        });
      }
    });
  }
});
