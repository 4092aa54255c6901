/**
 * Single-label and multi-label scoring through a label map (ontology/mappings):
 * the shared core of the CASE 2021, GTD attack-type, ACLED event-type, SATP and
 * IndiaPoliceEvents scorers.
 */
import type { LabelMap, LabelledEvent } from "../mappings.js";
import { ClassCounter, NONE, Rate, type ErrorTally, type WorstList } from "../metrics.js";
import type { ClassTable, Confusion, Metric, Pair } from "../types.js";
import { example, factual } from "./common.js";

/** What single-label scoring yields. */
export interface SingleLabelScore {
  accuracy: Metric;
  table: ClassTable;
  confusion: Confusion;
  /** The dominant labelled event per record id (null: none). */
  dominant: Map<string, LabelledEvent | null>;
}

/** Why a document's label came out wrong. */
function missKind(pair: Pair, got: LabelledEvent | null, gold: string | null): string {
  if (got) return gold === null ? `false alarm: ${got.label}` : `${gold} → ${got.label}`;
  return factual(pair.predicted).length === 0 ? "no factual event" : "no event maps to a label";
}

/**
 * One label per document: the dominant mapped event's label against `goldOf`
 * (a label, null for a negative, undefined to skip the record).
 */
export function scoreSingleLabel(
  pairs: readonly Pair[],
  map: LabelMap,
  goldOf: (p: Pair) => string | null | undefined,
  metric: string,
  worst: WorstList,
  errors: ErrorTally,
): SingleLabelScore {
  const counter = new ClassCounter(map.labels);
  const rate = new Rate();
  const dominant = new Map<string, LabelledEvent | null>();
  for (const pair of pairs) {
    const gold = goldOf(pair);
    if (gold === undefined) continue;
    const got = map.dominant(pair.predicted.events);
    dominant.set(pair.record.id, got);
    const pred = got?.label ?? null;
    counter.add(gold, pred);
    rate.add(gold === pred);
    if (gold !== pred) {
      errors.add(metric, missKind(pair, got, gold));
      worst.add(metric, example(pair.record.id, gold ?? NONE, got ? `${got.label} (${got.event.cameo}, via ${got.entry.id})` : null, got?.event, got?.event.confidence ?? 0));
    }
  }
  return { accuracy: rate.metric(metric), table: counter.table(metric), confusion: counter.confusionTable(`${metric}: gold × predicted`), dominant };
}

/** Several labels per document: every label some event maps to, against the gold set. */
export function scoreMultiLabel(
  pairs: readonly Pair[],
  map: LabelMap,
  goldOf: (p: Pair) => Set<string>,
  metric: string,
  worst: WorstList,
  errors: ErrorTally,
): ClassTable {
  const counter = new ClassCounter(map.labels);
  const scored = new Set(map.labels);
  for (const pair of pairs) {
    const gold = goldOf(pair);
    const got = map.labelSet(pair.predicted.events);
    const pred = new Set([...got.keys()].filter((l) => scored.has(l)));
    counter.addSets(gold, pred);
    const missed = [...gold].filter((l) => !pred.has(l));
    const extra = [...pred].filter((l) => !gold.has(l));
    for (const l of missed) errors.add(metric, `missed ${l}${factual(pair.predicted).length ? "" : " (no factual event)"}`);
    for (const l of extra) errors.add(metric, `false ${l}`);
    if (missed.length + extra.length > 0) {
      const ev = extra.length ? got.get(extra[0])?.event : factual(pair.predicted)[0];
      worst.add(metric, example(pair.record.id, [...gold].sort().join(",") || NONE, [...pred].sort().join(",") || null, ev, missed.length + extra.length));
    }
  }
  return counter.table(metric);
}
