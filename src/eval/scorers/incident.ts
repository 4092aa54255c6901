/**
 * Incident fields shared by the GTD and ACLED scorers: stated counts, distance of
 * the coded place from gold coordinates, and the perpetrator / actor name.
 */
import type { EventRecord } from "../../doc/index.js";
import { haversineKm, median, Rate, type ErrorTally, type WorstList } from "../metrics.js";
import type { Metric, Pair } from "../types.js";
import { actorNames, example, factual, maxCount, predictedPoint } from "./common.js";

/** The km threshold of the "within" metric. */
export const NEAR_KM = 25;

/**
 * Exact-count accuracy of `killed` / `injured` against a gold number (records without one are skipped).
 * `unstated`, when given, reads a count off events where no event of the record states one
 * (a scheme's number for a vague count: a stated number in the same report comes first).
 * `fixed`, when it gives a figure for a record, replaces the count read off its events.
 */
export function countExact(
  pairs: readonly Pair[],
  key: "killed" | "injured",
  goldOf: (p: Pair) => number | null,
  metric: string,
  worst: WorstList,
  errors: ErrorTally,
  unstated?: (e: EventRecord) => number | null,
  fixed?: (p: Pair) => { value: number; event: EventRecord } | null,
): Metric {
  const rate = new Rate();
  for (const pair of pairs) {
    const gold = goldOf(pair);
    if (gold === null) continue;
    // A record whose coded row carries a fixed figure by the scheme's definitions (ACLED: a peaceful protest has none).
    let got: { value: number; event: EventRecord | null } = fixed?.(pair) ?? maxCount(factual(pair.predicted), key);
    if (got.event === null && unstated) got = maxCount(factual(pair.predicted), unstated);
    rate.add(got.value === gold);
    if (got.value !== gold) {
      errors.add(metric, got.event === null ? "no count stated by any event" : got.value < gold ? "under" : "over");
      worst.add(metric, example(pair.record.id, gold, got.event ? got.value : null, got.event, Math.abs(gold - got.value)));
    }
  }
  return rate.metric(metric);
}

/** Distance metrics: share within NEAR_KM and median km over located records. */
export function distance(
  pairs: readonly Pair[],
  goldOf: (p: Pair) => { lat: number; lon: number } | null,
  preferred: (p: Pair) => EventRecord | null,
  worst: WorstList,
  errors: ErrorTally,
): Metric[] {
  const near = new Rate();
  const km: number[] = [];
  for (const pair of pairs) {
    const gold = goldOf(pair);
    if (!gold) continue;
    const pt = predictedPoint(pair.predicted, preferred(pair));
    if (!pt) {
      near.add(false);
      errors.add("within_25km", "no located place");
      continue;
    }
    const d = haversineKm(gold.lat, gold.lon, pt.lat, pt.lon);
    km.push(d);
    near.add(d <= NEAR_KM);
    if (d > NEAR_KM) {
      errors.add("within_25km", d > 500 ? "wrong place (> 500 km)" : "nearby place (25–500 km)");
      worst.add("within_25km", example(pair.record.id, `${gold.lat.toFixed(3)},${gold.lon.toFixed(3)}`, `${pt.name} ${pt.lat.toFixed(3)},${pt.lon.toFixed(3)} (${Math.round(d)} km)`, pt.ev, d));
    }
  }
  return [near.metric("within_25km"), { name: "median_km", value: median(km), n: km.length, higherIsBetter: false }];
}

/** Gold coordinates of a record (null when absent). */
export function goldPoint(gold: Record<string, unknown>): { lat: number; lon: number } | null {
  const lat = gold.latitude;
  const lon = gold.longitude;
  return typeof lat === "number" && typeof lon === "number" ? { lat, lon } : null;
}

/** Whether a source actor of the given events names the gold actor. */
export function sourceNames(events: readonly EventRecord[], goldName: string): boolean {
  return events.some((e) => e.source !== null && actorNames(e.source, goldName));
}
