/**
 * Pure counting helpers: precision / recall / F1 per class, confusion tables,
 * rates, medians, haversine distance, and a bounded "worst examples" list.
 */
import type { ClassRow, ClassTable, Confusion, Example, Metric } from "./types.js";

/** F1 from precision and recall (0 when both are 0). */
export function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/**
 * Counts true/false positives per class. Single-label use: `add(gold, predicted)`
 * (a wrong answer is a false negative of the gold class and a false positive of the
 * predicted one). Multi-label use: `addSets(gold, predicted)`.
 */
export class ClassCounter {
  private readonly tp = new Map<string, number>();
  private readonly fp = new Map<string, number>();
  private readonly fn = new Map<string, number>();
  private readonly confusion = new Map<string, Map<string, number>>();

  /** `labels`: the classes reported (and macro-averaged), in display order. */
  constructor(readonly labels: readonly string[]) {}

  private bump(m: Map<string, number>, k: string): void {
    m.set(k, (m.get(k) ?? 0) + 1);
  }

  /** One single-label decision. `null` stands for "no label" (a negative). */
  add(gold: string | null, predicted: string | null): void {
    const g = gold ?? NONE;
    const p = predicted ?? NONE;
    const row = this.confusion.get(g) ?? new Map<string, number>();
    this.confusion.set(g, row);
    this.bump(row, p);
    if (g === p) {
      if (gold !== null) this.bump(this.tp, g);
      return;
    }
    if (gold !== null) this.bump(this.fn, g);
    if (predicted !== null) this.bump(this.fp, p);
  }

  /** One multi-label decision. */
  addSets(gold: ReadonlySet<string>, predicted: ReadonlySet<string>): void {
    for (const g of gold) this.bump(predicted.has(g) ? this.tp : this.fn, g);
    for (const p of predicted) if (!gold.has(p)) this.bump(this.fp, p);
  }

  /** Per-class rows and micro/macro averages over `labels`. */
  table(title: string): ClassTable {
    const rows: ClassRow[] = this.labels.map((label) => {
      const tp = this.tp.get(label) ?? 0;
      const fp = this.fp.get(label) ?? 0;
      const fn = this.fn.get(label) ?? 0;
      const precision = ratio(tp, tp + fp);
      const recall = ratio(tp, tp + fn);
      return { label, tp, fp, fn, support: tp + fn, precision, recall, f1: f1(precision, recall) };
    });
    const sum = (k: "tp" | "fp" | "fn") => rows.reduce((s, r) => s + r[k], 0);
    const mp = ratio(sum("tp"), sum("tp") + sum("fp"));
    const mr = ratio(sum("tp"), sum("tp") + sum("fn"));
    const avg = (k: "precision" | "recall" | "f1") => ratio(rows.reduce((s, r) => s + r[k], 0), rows.length);
    return {
      title,
      rows,
      micro: { precision: mp, recall: mr, f1: f1(mp, mr) },
      macro: { precision: avg("precision"), recall: avg("recall"), f1: avg("f1") },
    };
  }

  /** The single-label confusion table (gold rows × predicted columns, "none" included). */
  confusionTable(title: string): Confusion {
    const labels = [...this.labels];
    for (const [g, row] of this.confusion) {
      if (!labels.includes(g)) labels.push(g);
      for (const p of row.keys()) if (!labels.includes(p)) labels.push(p);
    }
    const counts: Record<string, Record<string, number>> = {};
    for (const [g, row] of this.confusion) counts[g] = Object.fromEntries(row);
    return { title, labels, counts };
  }
}

/** The label used for "no label" in confusion tables. */
export const NONE = "(none)";

/** A share of hits among counted records. */
export class Rate {
  hits = 0;
  n = 0;
  add(hit: boolean): void {
    this.n++;
    if (hit) this.hits++;
  }
  metric(name: string): Metric {
    return { name, value: this.n === 0 ? null : this.hits / this.n, n: this.n, higherIsBetter: true };
  }
}

/** Median of a list of numbers (null when empty). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km between two points given in degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Keeps the `limit` most severe examples per metric. */
export class WorstList {
  private readonly byMetric = new Map<string, Example[]>();
  constructor(private readonly limit: number) {}

  add(metric: string, ex: Example): void {
    const list = this.byMetric.get(metric) ?? [];
    this.byMetric.set(metric, list);
    list.push(ex);
    if (list.length > this.limit * 4) this.trim(list);
  }

  private trim(list: Example[]): void {
    list.sort((a, b) => b.severity - a.severity || (a.id < b.id ? -1 : 1));
    list.length = Math.min(list.length, this.limit);
  }

  result(): Record<string, Example[]> {
    const out: Record<string, Example[]> = {};
    for (const [k, list] of this.byMetric) {
      this.trim(list);
      out[k] = list;
    }
    return out;
  }
}

/** Counts error kinds per metric. */
export class ErrorTally {
  private readonly byMetric = new Map<string, Map<string, number>>();
  add(metric: string, kind: string): void {
    const m = this.byMetric.get(metric) ?? new Map<string, number>();
    this.byMetric.set(metric, m);
    m.set(kind, (m.get(kind) ?? 0) + 1);
  }
  result(): { metric: string; counts: Record<string, number> }[] {
    return [...this.byMetric].map(([metric, m]) => ({
      metric,
      counts: Object.fromEntries([...m].sort((a, b) => b[1] - a[1])),
    }));
  }
}
