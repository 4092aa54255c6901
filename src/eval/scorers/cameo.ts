/**
 * CAMEO event scorer: predicted (source code, target code, CAMEO) triples against
 * gold ones. Matching is one-to-one on equal triples, at full code precision and at
 * root level (codes cut to two digits); a record is exact when its multiset of
 * full triples equals the gold one (no events expected: no events coded).
 */
import type { EventRecord } from "../../doc/index.js";
import { f1, Rate } from "../metrics.js";
import type { Metric } from "../types.js";

/** The actor code of a triple whose actor is absent. */
export const NO_ACTOR = "---";

/** A gold or coded event as a triple; actor codes are NO_ACTOR when absent. */
export interface CameoTriple {
  source: string;
  target: string;
  cameo: string;
}

/** The triple of a coded event. */
export function tripleOf(ev: EventRecord): CameoTriple {
  return { source: ev.source?.code ?? NO_ACTOR, target: ev.target?.code ?? NO_ACTOR, cameo: ev.cameo };
}

const key = (t: CameoTriple, root: boolean) => `${t.source}|${t.target}|${root ? t.cameo.slice(0, 2) : t.cameo}`;

/** One-to-one matches between two lists of triples. */
export function matchCount(gold: readonly CameoTriple[], predicted: readonly CameoTriple[], root: boolean): number {
  const left = new Map<string, number>();
  for (const g of gold) left.set(key(g, root), (left.get(key(g, root)) ?? 0) + 1);
  let n = 0;
  for (const p of predicted) {
    const k = key(p, root);
    const c = left.get(k) ?? 0;
    if (c > 0) {
      n++;
      left.set(k, c - 1);
    }
  }
  return n;
}

/** Accumulates exact-record rate and micro P/R/F1 at both precisions. */
export class CameoScorer {
  readonly exact = new Rate();
  private readonly tp = { full: 0, root: 0 };
  private gold = 0;
  private predicted = 0;

  /** Adds one record; returns whether it was exact. */
  add(gold: readonly CameoTriple[], predicted: readonly CameoTriple[]): boolean {
    this.gold += gold.length;
    this.predicted += predicted.length;
    const full = matchCount(gold, predicted, false);
    this.tp.full += full;
    this.tp.root += matchCount(gold, predicted, true);
    const exact = full === gold.length && full === predicted.length;
    this.exact.add(exact);
    return exact;
  }

  metrics(): Metric[] {
    const out: Metric[] = [this.exact.metric("exact_rate")];
    for (const level of ["full", "root"] as const) {
      const p = this.predicted ? this.tp[level] / this.predicted : 0;
      const r = this.gold ? this.tp[level] / this.gold : 0;
      out.push({ name: `event_f1_${level}`, value: this.exact.n ? f1(p, r) : null, n: this.gold, higherIsBetter: true });
    }
    return out;
  }
}
