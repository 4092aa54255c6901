/**
 * The scorecard (bench/scorecard.json): the latest figures per set on a fixed,
 * seeded sample (and on every record after an `--all` run), the targets, and the
 * tolerance the regression test allows. Comparing and updating are pure.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { EvalReport } from "./runner.js";
import type { Metric, SetResult } from "./types.js";

/** bench/scorecard.json of this repository. */
export const SCORECARD_PATH = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "scorecard.json");

/** Figures recorded for one set on one run kind. */
export interface Figures {
  records: number;
  updated: string;
  figures: Record<string, number | null>;
}

export interface ScorecardSet {
  /** Issue floors, per metric (shown in reports; not enforced by the test). */
  targets: Record<string, number>;
  sample?: Figures;
  full?: Figures;
}

export interface Scorecard {
  description: string;
  /** Largest allowed drop of a rate from its recorded value (absolute). */
  tolerance: number;
  /** The fixed sample the test re-runs. */
  sample: { size: number; seed: number };
  sets: Record<string, ScorecardSet>;
}

/** Reads and checks the scorecard file. */
export function readScorecard(path = SCORECARD_PATH): Scorecard {
  let card: Scorecard;
  try {
    card = JSON.parse(readFileSync(path, "utf8")) as Scorecard;
  } catch (err) {
    throw new Error(`cannot read the scorecard ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof card.tolerance !== "number" || typeof card.sample?.size !== "number" || typeof card.sets !== "object") {
    throw new Error(`${path}: needs "tolerance", "sample" {size, seed} and "sets"`);
  }
  return card;
}

/** Writes the scorecard file (pretty-printed, ending in a newline). */
export function writeScorecard(card: Scorecard, path = SCORECARD_PATH): void {
  writeFileSync(path, JSON.stringify(card, null, 2) + "\n");
}

/** Whether a result is of a known dev set (a user's own file is never compared or recorded). */
const isKnownSet = (s: SetResult) => s.set === s.kind;

/** A figure that fell by more than the tolerance. */
export interface Drop {
  set: string;
  metric: string;
  recorded: number;
  measured: number | null;
}

/**
 * Whether a measured figure is worse than the recorded one by more than the tolerance
 * (rates only; distances are informative). On small counts one record's share (1/n)
 * is allowed when it is larger, so a single flipped record never fails the guard.
 */
function dropped(m: Metric, recorded: number | null | undefined, tolerance: number): boolean {
  if (typeof recorded !== "number" || !m.higherIsBetter) return false;
  const allowed = Math.max(tolerance, m.n > 0 ? 1 / m.n : 0);
  return m.value === null || m.value < recorded - allowed - 1e-9;
}

/** Figures of `report` that fell below the recorded ones (`which`: sample or full figures). */
export function compareToScorecard(card: Scorecard, report: EvalReport, which: "sample" | "full"): Drop[] {
  const out: Drop[] = [];
  for (const s of report.sets) {
    const recorded = card.sets[s.kind]?.[which]?.figures;
    if (!recorded || s.status !== "ok" || !isKnownSet(s)) continue;
    for (const m of s.metrics) if (dropped(m, recorded[m.name], card.tolerance)) out.push({ set: s.kind, metric: m.name, recorded: recorded[m.name] as number, measured: m.value });
  }
  return out;
}

/** One figure written or kept by an update. */
export interface Change {
  set: string;
  metric: string;
  from: number | null | undefined;
  to: number | null;
  written: boolean;
}

const better = (m: Metric, old: number | null | undefined) =>
  typeof old !== "number" || (m.value !== null && (m.higherIsBetter ? m.value >= old : m.value <= old));

/**
 * A new scorecard with the report's figures: improvements and new figures are
 * written; drops only with `acceptDrops`. Returns the card and every change seen.
 */
export function updateScorecard(card: Scorecard, report: EvalReport, which: "sample" | "full", acceptDrops = false): { card: Scorecard; changes: Change[] } {
  const next: Scorecard = structuredClone(card);
  const changes: Change[] = [];
  const today = report.generated.slice(0, 10);
  for (const s of report.sets) {
    if (s.status !== "ok" || !isKnownSet(s)) continue;
    const entry = (next.sets[s.kind] ??= { targets: {} });
    const old = entry[which]?.figures ?? {};
    const figures = { ...old };
    for (const m of s.metrics) {
      const written = better(m, old[m.name]) || acceptDrops;
      if (written) figures[m.name] = m.value === null ? null : Math.round(m.value * 1000) / 1000;
      if (old[m.name] !== figures[m.name] || !written) changes.push({ set: s.kind, metric: m.name, from: old[m.name], to: m.value, written });
    }
    entry[which] = { records: s.records, updated: today, figures };
  }
  return { card: next, changes };
}
