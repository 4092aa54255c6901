/**
 * Quality guard: re-runs the scorecard's fixed sample of every gold set and fails
 * when a rate fell by more than the scorecard's tolerance from its recorded value
 * (bench/scorecard.json; record improvements with `faultline eval --update-scorecard`).
 * Skips only when the gold folder (../shared/dev) is absent.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_DEV_DIR, EvalRunner, resolveTargets } from "../src/eval/runner.js";
import { compareToScorecard, readScorecard } from "../src/eval/scorecard.js";

const card = readScorecard();
const haveDev = existsSync(DEFAULT_DEV_DIR);
if (!haveDev) console.warn(`scorecard test skipped: gold folder ${DEFAULT_DEV_DIR} not found`);

describe("scorecard", () => {
  it("records figures and targets for every set", () => {
    expect(card.tolerance).toBeGreaterThan(0);
    expect(card.tolerance).toBeLessThanOrEqual(0.05);
    for (const [name, s] of Object.entries(card.sets)) expect(Object.keys(s.targets).length, name).toBeGreaterThan(0);
  });

  it.skipIf(!haveDev)(
    "no figure of the fixed sample fell by more than the tolerance",
    () => {
      const runner = new EvalRunner({ devDir: DEFAULT_DEV_DIR, sample: card.sample.size, seed: card.sample.seed });
      const report = runner.run(resolveTargets(Object.keys(card.sets), DEFAULT_DEV_DIR));
      expect(report.sets.filter((s) => s.status === "ok").length).toBeGreaterThan(5);
      const drops = compareToScorecard(card, report, "sample").map((d) => `${d.set}.${d.metric}: ${d.measured?.toFixed(3) ?? "–"} < ${d.recorded} - ${card.tolerance}`);
      expect(drops).toEqual([]);
    },
    60_000,
  );
});
