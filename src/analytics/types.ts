/**
 * Input shapes of the analytics functions. Analytics run on whole event records or on
 * the store's daily dyad rollup rows; both are reduced to a {@link Tally} first, so
 * every aggregate is written once.
 */
import type { EventRecord, Modality } from "../doc/index.js";

/** The actor fields analytics select and group on. */
export interface ActorKey {
  id: string;
  code: string | null;
  country: string | null;
  sector: string | null;
  name?: string | null;
}

/** The subset of an {@link EventRecord} the analytics read. */
export type EventLike = Pick<
  EventRecord,
  "id" | "doc_id" | "cameo_root" | "goldstein" | "quad_class" | "modality" | "historical"
> & {
  date: Pick<EventRecord["date"], "value" | "precision">;
  source: ActorKey | null;
  target: ActorKey | null;
  cameo?: string;
  plover?: { type: string; mode?: string | null } | null;
  fatalities?: { killed: number | null; injured: number | null } | null;
  location?: { country: string | null } | null;
  /** Number of independent reports of the event (store merges); 1 when absent. */
  n_sources?: number;
};

/**
 * A row of the store's daily dyad rollup: the events of one day, dyad, CAMEO root,
 * quad class, PLOVER type, modality and historical flag, pre-aggregated.
 */
export interface DyadDayRow {
  day: string;
  source_id: string | null;
  source_code: string | null;
  source_country: string | null;
  source_sector: string | null;
  target_id: string | null;
  target_code: string | null;
  target_country: string | null;
  target_sector: string | null;
  cameo_root: string;
  quad_class: number;
  plover_type: string | null;
  modality: Modality | string;
  historical: boolean | number;
  events: number;
  goldstein_sum: number;
  plover_score_sum?: number | null;
  killed: number | null;
  injured: number | null;
  /** Distinct sources (documents) behind the row's events. */
  sources: number;
}

/** One event or one rollup row, reduced to what every aggregate needs. */
export interface Tally {
  /** The event date (YYYY-MM-DD, or YYYY-MM / YYYY when coarser). */
  date: string;
  source: ActorKey | null;
  target: ActorKey | null;
  cameo_root: string;
  quad_class: number;
  modality: string;
  historical: boolean;
  events: number;
  goldstein_sum: number;
  /** Sum of PLOVER intensity scores, or null when no score is known. */
  plover_sum: number | null;
  killed: number;
  injured: number;
  /** The document behind a single event (exact distinct-source counts). */
  doc_id: string | null;
  /** Source count of a pre-aggregated row (added as is). */
  sources: number;
  /** The event itself, when the tally is one event (alert contributors). */
  event: EventLike | null;
  /** Set when the dyad side is already known (rows pre-filtered by the store). */
  direction?: "ab" | "ba";
}

/** A time bucket size. */
export type Interval = "day" | "week" | "month";
export const INTERVALS: readonly Interval[] = ["day", "week", "month"];

/** Optional PLOVER intensity per PLOVER event type (from the ontology). */
export type PloverScores = ReadonlyMap<string, number>;

/** Reduce one event record to a tally. */
export function tallyFromEvent(e: EventLike, ploverScores?: PloverScores): Tally {
  const ploverScore = e.plover && ploverScores ? ploverScores.get(e.plover.type) : undefined;
  return {
    date: e.date.value,
    source: e.source,
    target: e.target,
    cameo_root: e.cameo_root,
    quad_class: e.quad_class,
    modality: e.modality,
    historical: e.historical,
    events: 1,
    goldstein_sum: e.goldstein,
    plover_sum: ploverScore ?? null,
    killed: e.fatalities?.killed ?? 0,
    injured: e.fatalities?.injured ?? 0,
    doc_id: e.doc_id,
    sources: 0,
    event: e,
  };
}

function rowActor(id: string | null, code: string | null, country: string | null, sector: string | null): ActorKey | null {
  return id === null ? null : { id, code, country, sector };
}

/** A row of the store's rollup already summed per bucket for one dyad (see `EventStore.dyadBuckets`). */
export interface DyadBucketRow {
  bucket: string;
  forward: boolean;
  cameo_root: string;
  quad_class: number;
  /** PLOVER type of the row's events (absent from stores that do not group by it: no PLOVER sums then). */
  plover_type?: string | null;
  modality: Modality | string;
  historical: boolean | number;
  events: number;
  goldstein_sum: number;
  killed: number | null;
  injured: number | null;
  sources: number;
}

/** Reduce one pre-bucketed dyad row to a tally (its direction set, its actors unknown; PLOVER sums as in `tallyFromRow`). */
export function tallyFromBucket(r: DyadBucketRow, ploverScores?: PloverScores): Tally {
  const ploverScore = r.plover_type && ploverScores ? ploverScores.get(r.plover_type) : undefined;
  return {
    date: r.bucket, source: null, target: null, cameo_root: r.cameo_root, quad_class: r.quad_class, modality: r.modality,
    historical: r.historical === true || r.historical === 1, events: r.events, goldstein_sum: r.goldstein_sum,
    plover_sum: ploverScore === undefined ? null : ploverScore * r.events,
    killed: r.killed ?? 0, injured: r.injured ?? 0, doc_id: null, sources: r.sources, event: null, direction: r.forward ? "ab" : "ba",
  };
}

/** Reduce one rollup row to a tally (PLOVER sums from the type's score when `ploverScores` knows it). */
export function tallyFromRow(r: DyadDayRow, ploverScores?: PloverScores): Tally {
  const ploverScore = r.plover_type && ploverScores ? ploverScores.get(r.plover_type) : undefined;
  return {
    date: r.day,
    source: rowActor(r.source_id, r.source_code, r.source_country, r.source_sector),
    target: rowActor(r.target_id, r.target_code, r.target_country, r.target_sector),
    cameo_root: r.cameo_root,
    quad_class: r.quad_class,
    modality: r.modality,
    historical: r.historical === true || r.historical === 1,
    events: r.events,
    goldstein_sum: r.goldstein_sum,
    plover_sum: r.plover_score_sum ?? (ploverScore === undefined ? null : ploverScore * r.events),
    killed: r.killed ?? 0,
    injured: r.injured ?? 0,
    doc_id: null,
    sources: r.sources,
    event: null,
  };
}
