/**
 * Read-side use cases: the store's events and daily dyad rollup turned into the
 * series, rankings and networks the API and dashboard show. Rollup rows do the
 * heavy lifting, so these stay fast on millions of events.
 */
import {
  buildNetwork, dyadSeries, excludedModalities, exclusionReason, fromEpochDay, intensityOf, pairKey, parseSelector, tallyFromBucket, tallyFromRow, toEpochDay,
  type ActorSelector, type DyadKeyField, type DyadSeries, type InclusionOptions, type Interval, type Network, type PloverScores, type Tally,
} from "../analytics/index.js";
import type { ActorMatch, EventFilter, EventStore } from "../store/types.js";

/** A store-side actor match for an analytics selector (codes match as prefixes). */
export function toActorMatch(sel: ActorSelector): ActorMatch {
  const m: ActorMatch = {};
  if (sel.id !== undefined) m.id = sel.id;
  if (sel.code !== undefined) m.code = sel.code + "*";
  if (sel.country !== undefined) m.country = sel.country;
  if (sel.sector !== undefined) m.sector = sel.sector;
  return m;
}

/** A period, inclusive, YYYY-MM-DD. */
export interface Period {
  from: string;
  to: string;
}

/** The latest event day in the store, or null when it holds no events. */
export async function latestDay(store: EventStore): Promise<string | null> {
  const page = await store.queryEvents({}, { limit: 1 });
  return page.items[0]?.day ?? null;
}

/**
 * Fill in a period: `to` defaults to the latest event day (today when the store is
 * empty), `from` to `days` days before `to`.
 */
export async function resolvePeriod(store: EventStore, p: Partial<Period>, days: number): Promise<Period> {
  const to = p.to ?? (await latestDay(store)) ?? new Date().toISOString().slice(0, 10);
  const end = toEpochDay(to);
  if (end === null) throw new RangeError(`to must be a date YYYY-MM-DD, got "${to}"`);
  return { from: p.from ?? fromEpochDay(end - (days - 1)), to };
}

export interface SeriesQuery extends InclusionOptions {
  /** PLOVER type scores (from the ontology) for the PLOVER sums and means. */
  ploverScores?: PloverScores;
  /** Actor selectors (see `parseSelector`); b omitted: a with anyone. */
  a: string;
  b?: string | null;
  directed?: boolean;
  interval: Interval;
  from?: string;
  to?: string;
}

/** The series of a dyad: from rollup rows summed per bucket by the store when it can, else from the daily rollup. */
export async function seriesOfDyad(store: EventStore, q: SeriesQuery): Promise<DyadSeries> {
  const a = parseSelector(q.a);
  const b = q.b ? parseSelector(q.b) : null;
  const filter: EventFilter = { from: q.from, to: q.to };
  if (b) filter.dyad = { a: toActorMatch(a), b: toActorMatch(b), directed: q.directed ?? false };
  else filter.actor = { ...toActorMatch(a), role: q.directed ? "source" : "either" };
  // A bucket row is dated by its bucket's first day, which can fall before `from` (a
  // range starting mid-week or mid-month): date it `from` then, or the series would drop it.
  const clamp = (t: Tally): Tally => (q.from !== undefined && t.date < q.from ? { ...t, date: q.from } : t);
  const tallies = store.dyadBuckets
    ? (await store.dyadBuckets(filter, q.interval)).map((r) => clamp(tallyFromBucket(r, q.ploverScores)))
    : (await store.dyadDaily(filter)).map((r) => tallyFromRow(r, q.ploverScores));
  return dyadSeries(tallies, { ...q, a, b });
}

export interface RankingQuery extends InclusionOptions, Partial<Period> {
  /** How many to return (default 20). */
  limit?: number;
  /** Rank by events (default), material-conflict events, fatalities or negative Goldstein weight. */
  by?: "events" | "conflict" | "killed" | "intensity";
}

/** Aggregates of a dyad or country over a period. */
export interface Ranked {
  key: string;
  events: number;
  material_conflict: number;
  goldstein_sum: number;
  goldstein_mean: number | null;
  intensity: number;
  killed: number;
  injured: number;
}

/** Measures of a ranking entry summed so far, and the keys they count for. */
interface RankPart {
  keys: string[];
  events: number;
  material_conflict: number;
  intensity: number;
  goldstein_sum: number;
  killed: number;
  injured: number;
}

function rank(parts: Iterable<RankPart>, q: RankingQuery): Ranked[] {
  const acc = new Map<string, Ranked>();
  for (const p of parts) {
    for (const key of p.keys) {
      let r = acc.get(key);
      if (!r) acc.set(key, (r = { key, events: 0, material_conflict: 0, goldstein_sum: 0, goldstein_mean: null, intensity: 0, killed: 0, injured: 0 }));
      r.events += p.events;
      r.material_conflict += p.material_conflict;
      r.intensity += p.intensity;
      r.goldstein_sum += p.goldstein_sum;
      r.killed += p.killed;
      r.injured += p.injured;
    }
  }
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const field = ({ events: "events", conflict: "material_conflict", killed: "killed", intensity: "intensity" } as const)[q.by ?? "events"];
  return [...acc.values()]
    .map((r) => ({ ...r, goldstein_sum: round(r.goldstein_sum), goldstein_mean: round(r.goldstein_sum / r.events), intensity: round(r.intensity) }))
    .sort((x, y) => y[field] - x[field] || y.events - x.events || (x.key < y.key ? -1 : 1))
    .slice(0, q.limit ?? 20);
}

/**
 * The ranking parts of a period: summed per directed pair of `field` in the database
 * when the store can (`pairTotals`), else one per daily rollup row. `keysOf` gets the
 * pair's two values of `field` (null where a side has none).
 */
async function rankParts(store: EventStore, period: Period, q: RankingQuery, field: DyadKeyField, keysOf: (s: string | null, t: string | null) => string[]): Promise<RankPart[]> {
  if (store.pairTotals) {
    const rows = await store.pairTotals({ ...period, field, excludeHistorical: !q.includeHistorical, excludeModalities: excludedModalities(q) });
    return rows.map((r) => ({
      keys: keysOf(r.source, r.target), events: r.events, material_conflict: intensityOf(r, "material_conflict"),
      intensity: r.negative_goldstein / 10, goldstein_sum: r.goldstein_sum, killed: r.killed, injured: r.injured,
    }));
  }
  const parts: RankPart[] = [];
  for (const row of await store.dyadDaily(period)) {
    const t = tallyFromRow(row);
    if (exclusionReason(t, q) !== null) continue;
    parts.push({
      keys: keysOf(t.source?.[field] ?? null, t.target?.[field] ?? null), events: t.events, material_conflict: intensityOf(t, "material_conflict"),
      intensity: intensityOf(t, "negative_goldstein"), goldstein_sum: t.goldstein_sum, killed: t.killed, injured: t.injured,
    });
  }
  return parts;
}

/** The most active dyads of a period (undirected, keyed by actor id, code or country). */
export async function topDyads(store: EventStore, q: RankingQuery & { key?: DyadKeyField }): Promise<{ period: Period; dyads: (Ranked & { a: string; b: string })[] }> {
  const period = await resolvePeriod(store, q, 90);
  const field = q.key ?? "id";
  const parts = await rankParts(store, period, q, field, (s, t) => {
    const k = pairKey(s, t);
    return k === null ? [] : [k];
  });
  const ranked = rank(parts, q);
  return { period, dyads: ranked.map((r) => ({ ...r, a: r.key.split("|")[0], b: r.key.split("|")[1] })) };
}

/** The most active countries of a period (an event counts for each country it involves). */
export async function topCountries(store: EventStore, q: RankingQuery): Promise<{ period: Period; countries: Ranked[] }> {
  const period = await resolvePeriod(store, q, 90);
  const parts = await rankParts(store, period, q, "country", (s, t) => [...new Set([s, t].filter((c): c is string => !!c))]);
  return { period, countries: rank(parts, q) };
}

/** The actor network of a period, from the rollup. */
export async function networkOf(store: EventStore, q: Partial<Period> & InclusionOptions & { key?: DyadKeyField; minEvents?: number; top?: number }): Promise<{ period: Period } & Network> {
  const period = await resolvePeriod(store, q, 90);
  const rows = await store.dyadDaily(period);
  return { period, ...buildNetwork(rows.map((r) => tallyFromRow(r)), { ...q, ...period, nodeKey: q.key }) };
}

/** An actor seen in events but absent from the knowledge base. */
export interface NewActor {
  id: string;
  events: number;
  first_day: string;
  last_day: string;
}

/** Unknown actors (ids starting "unknown:") seen in a period, most frequent first. */
export async function newActors(
  store: EventStore, q: Partial<Period> & { limit?: number; isKnown?: (unknownId: string) => boolean },
): Promise<{ period: Period; actors: NewActor[] }> {
  const period = await resolvePeriod(store, q, 365);
  const seen = new Map<string, NewActor>();
  // Names added to the knowledge base since they were coded are left out.
  const known = new Map<string, boolean>();
  for (const row of await store.dyadDaily(period)) {
    for (const id of [row.source_id, row.target_id]) if (id?.startsWith("unknown:") && !known.has(id)) known.set(id, q.isKnown?.(id) ?? false);
    for (const id of [row.source_id, row.target_id]) {
      if (!id?.startsWith("unknown:") || known.get(id)) continue;
      const a = seen.get(id) ?? { id, events: 0, first_day: row.day, last_day: row.day };
      a.events += row.events;
      if (row.day < a.first_day) a.first_day = row.day;
      if (row.day > a.last_day) a.last_day = row.day;
      seen.set(id, a);
    }
  }
  const actors = [...seen.values()].sort((x, y) => y.events - x.events || (x.id < y.id ? -1 : 1)).slice(0, q.limit ?? 100);
  return { period, actors };
}

/** Store counts and the time of the last ingest. */
export async function status(store: EventStore): Promise<Record<string, unknown>> {
  const [stats, docs, day] = await Promise.all([store.stats(), store.listDocuments({}, { limit: 1 }), latestDay(store)]);
  return { ...stats, last_ingest: docs.items[0]?.ingested_at ?? null, latest_event_day: day };
}
