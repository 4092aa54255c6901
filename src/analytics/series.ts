/**
 * Dyad time series: the events between two actor selectors, bucketed by day, week
 * or month, with counts by quad class and CAMEO root, Goldstein and PLOVER sums and
 * means, stated fatalities and distinct sources. Every bucket between `from` and
 * `to` is present (empty ones hold zeros).
 */
import { bucketStart, dayForInterval, fromEpochDay, nextBucket, toEpochDay } from "./dates.js";
import { exclusionReason, isContested, type InclusionOptions } from "./inclusion.js";
import { dyadDirection, formatSelector, type ActorSelector } from "./selectors.js";
import type { Interval, Tally } from "./types.js";

/** Aggregates of one bucket. */
export interface SeriesBucket {
  /** First and last day of the bucket (YYYY-MM-DD, inclusive). */
  start: string;
  end: string;
  events: number;
  /** Events by quad class: [verbal coop, material coop, verbal conflict, material conflict]. */
  quad: [number, number, number, number];
  /** Events by CAMEO root ("01".."20"). */
  roots: Record<string, number>;
  goldstein_sum: number;
  goldstein_mean: number | null;
  plover_sum: number;
  plover_mean: number | null;
  killed: number;
  injured: number;
  /** Distinct sources (exact for events; summed per rollup row otherwise). */
  sources: number;
  /** Of `events`, how many are alleged, claimed or denied. */
  alleged: number;
  /** Of `events`, how many went from a to b (the rest went from b to a). */
  a_to_b: number;
}

export interface SeriesOptions extends InclusionOptions {
  a: ActorSelector;
  /** The other side; null means "anyone". */
  b: ActorSelector | null;
  directed?: boolean;
  interval: Interval;
  /** Inclusive range, YYYY-MM-DD; default: the range of the matching events. */
  from?: string;
  to?: string;
  /** Refuse ranges with more buckets than this (default 10,000). */
  maxBuckets?: number;
}

export interface DyadSeries {
  a: string;
  b: string | null;
  directed: boolean;
  interval: Interval;
  from: string | null;
  to: string | null;
  buckets: SeriesBucket[];
  totals: Omit<SeriesBucket, "start" | "end">;
  /** Matching events left out, by reason ("precision": date coarser than the interval). */
  excluded: { historical: number; modality: number; precision: number };
}

/** A series request that cannot be answered (bad range, too many buckets). */
export class SeriesError extends Error {}

interface Acc {
  b: Omit<SeriesBucket, "start" | "end">;
  docs: Set<string>;
  ploverN: number;
}

function emptyAcc(): Acc {
  return {
    b: {
      events: 0, quad: [0, 0, 0, 0], roots: {}, goldstein_sum: 0, goldstein_mean: null,
      plover_sum: 0, plover_mean: null, killed: 0, injured: 0, sources: 0, alleged: 0, a_to_b: 0,
    },
    docs: new Set(),
    ploverN: 0,
  };
}

function add(acc: Acc, t: Tally, ab: boolean): void {
  const b = acc.b;
  b.events += t.events;
  if (t.quad_class >= 1 && t.quad_class <= 4) b.quad[t.quad_class - 1] += t.events;
  b.roots[t.cameo_root] = (b.roots[t.cameo_root] ?? 0) + t.events;
  b.goldstein_sum += t.goldstein_sum;
  if (t.plover_sum !== null) {
    b.plover_sum += t.plover_sum;
    acc.ploverN += t.events;
  }
  b.killed += t.killed;
  b.injured += t.injured;
  if (t.doc_id !== null) acc.docs.add(t.doc_id);
  b.sources += t.sources;
  if (isContested(t.modality)) b.alleged += t.events;
  if (ab) b.a_to_b += t.events;
}

function finish(acc: Acc): Omit<SeriesBucket, "start" | "end"> {
  const b = acc.b;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  b.sources += acc.docs.size;
  b.goldstein_sum = round(b.goldstein_sum);
  b.goldstein_mean = b.events > 0 ? round(b.goldstein_sum / b.events) : null;
  b.plover_sum = round(b.plover_sum);
  b.plover_mean = acc.ploverN > 0 ? round(b.plover_sum / acc.ploverN) : null;
  return b;
}

function parseBound(name: string, v: string | undefined): number | null {
  if (v === undefined) return null;
  const d = toEpochDay(v);
  if (d === null) throw new SeriesError(`${name} must be a date YYYY-MM-DD, got "${v}"`);
  return d;
}

/** Build the series of a dyad from events or rollup rows (already reduced to tallies). */
export function dyadSeries(tallies: Iterable<Tally>, opts: SeriesOptions): DyadSeries {
  const directed = opts.directed ?? false;
  const from = parseBound("from", opts.from);
  const to = parseBound("to", opts.to);
  if (from !== null && to !== null && from > to) throw new SeriesError("from is after to");
  const excluded = { historical: 0, modality: 0, precision: 0 };
  const byBucket = new Map<number, Acc>();
  const total = emptyAcc();
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of tallies) {
    const dir = t.direction ?? dyadDirection(opts.a, opts.b, t.source, t.target, directed);
    if (dir === null) continue;
    const day = dayForInterval(t.date, opts.interval);
    if (day === null) {
      excluded.precision += t.events;
      continue;
    }
    if ((from !== null && day < from) || (to !== null && day > to)) continue;
    const reason = exclusionReason(t, opts);
    if (reason !== null) {
      excluded[reason] += t.events;
      continue;
    }
    const start = bucketStart(day, opts.interval);
    let acc = byBucket.get(start);
    if (!acc) byBucket.set(start, (acc = emptyAcc()));
    add(acc, t, dir === "ab");
    add(total, t, dir === "ab");
    if (day < lo) lo = day;
    if (day > hi) hi = day;
  }
  const first = from ?? (lo === Infinity ? null : lo);
  const last = to ?? (hi === -Infinity ? null : hi);
  const buckets: SeriesBucket[] = [];
  if (first !== null && last !== null) {
    const maxBuckets = opts.maxBuckets ?? 10_000;
    for (let s = bucketStart(first, opts.interval); s <= last; s = nextBucket(s, opts.interval)) {
      if (buckets.length >= maxBuckets) throw new SeriesError(`more than ${maxBuckets} buckets: narrow the range or use a longer interval`);
      const next = nextBucket(s, opts.interval);
      buckets.push({ start: fromEpochDay(s), end: fromEpochDay(next - 1), ...finish(byBucket.get(s) ?? emptyAcc()) });
    }
  }
  return {
    a: formatSelector(opts.a),
    b: opts.b ? formatSelector(opts.b) : null,
    directed,
    interval: opts.interval,
    from: first === null ? null : fromEpochDay(first),
    to: last === null ? null : fromEpochDay(last),
    buckets,
    totals: finish(total),
    excluded,
  };
}
