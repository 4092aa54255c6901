/** `faultline eval`: score the coder against gold sets (see docs/EVALUATION.md). */
import { existsSync, writeFileSync } from "node:fs";
import { UsageError, type Command } from "../command.js";
import { parseOptions } from "../store-options.js";
import { DEFAULT_DEV_DIR, EvalRunner, resolveTargets } from "../../eval/runner.js";
import { SETS } from "../../eval/sets.js";
import { reportText, type Targets } from "../../eval/report-text.js";
import { reportHtml } from "../../eval/report-html.js";
import { compareToScorecard, readScorecard, updateScorecard, writeScorecard } from "../../eval/scorecard.js";

const usage = `usage: faultline eval [SET...|--all] [options]

Runs gold sets through the coder and prints precision / recall / F1 per class,
confusion tables, error kinds and the worst examples of each metric.

SET is a known set (${SETS.map((s) => s.name).join(", ")}),
named by its file prefix in the dev folder, or a path to a JSONL file of records
{id, text, date, gold} in one of those sets' shapes. No SET: every known set.

  --all                 every known set, every record
  --dev-dir DIR         folder of the gold files (default: ../shared/dev from the repository)
  --sample N|all        records per set, a seeded sample (default: the scorecard's fixed sample)
  --seed S              sample seed (default: the scorecard's)
  --split NAME          keep only records of this split (default: test for conflibert and satp)
  --worst N             worst examples shown per metric (default 5)
  --json FILE           write the full report as JSON ("-" = stdout, and the text report goes to stderr)
  --html FILE           write a self-contained HTML report
  --update-scorecard    write improved figures to bench/scorecard.json (fixed sample, or the
                        full-set figures with --all); --accept-drops writes lower ones too
  --quiet               no progress lines

Exit status: 0, or 1 when a figure fell below the scorecard by more than its tolerance.
The reports quote gold text: keep them out of the repository.
`;

function wholeNumber(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v)) throw new UsageError(`--${name} needs a whole number, got "${v}"`);
  return Number(v);
}

export default {
  summary: "score the coder against gold data sets (scorecard, HTML/JSON reports)",
  usage,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      all: { type: "boolean" },
      "dev-dir": { type: "string" },
      sample: { type: "string" },
      seed: { type: "string" },
      split: { type: "string" },
      worst: { type: "string" },
      json: { type: "string" },
      html: { type: "string" },
      "update-scorecard": { type: "boolean" },
      "accept-drops": { type: "boolean" },
      quiet: { type: "boolean" },
    });
    if (values.all && positionals.length) throw new UsageError("give either SET names or --all");
    const devDir = values["dev-dir"] ?? DEFAULT_DEV_DIR;
    if (!existsSync(devDir) && (values.all || positionals.some((p) => SETS.some((s) => s.name === p)) || positionals.length === 0)) {
      throw new UsageError(`dev folder "${devDir}" not found (use --dev-dir)`);
    }
    const card = readScorecard();
    const full = values.all || values.sample === "all";
    const sample = full ? undefined : (wholeNumber(values.sample, "sample") ?? card.sample.size);
    const seed = wholeNumber(values.seed, "seed") ?? card.sample.seed;
    if (values["update-scorecard"] && !full && (sample !== card.sample.size || seed !== card.sample.seed)) {
      throw new UsageError(`--update-scorecard records the fixed sample (${card.sample.size}, seed ${card.sample.seed}) or --all`);
    }
    let targets;
    try {
      targets = resolveTargets(positionals, devDir);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const progress = values.quiet ? undefined : (line: string) => void io.stderr.write(line + "\n");
    const runner = new EvalRunner({ devDir, sample, seed, split: values.split, worst: wholeNumber(values.worst, "worst"), progress });
    const report = runner.run(targets);

    const goals: Targets = Object.fromEntries(Object.entries(card.sets).map(([k, v]) => [k, v.targets]));
    const text = reportText(report, goals);
    if (values.json === "-") {
      io.stderr.write(text);
      io.stdout.write(JSON.stringify(report, null, 2) + "\n");
    } else {
      io.stdout.write(text);
      if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2) + "\n");
    }
    if (values.html) writeFileSync(values.html, reportHtml(report, goals));

    const which = full ? "full" : "sample";
    const comparable = full || (sample === card.sample.size && seed === card.sample.seed && values.split === undefined);
    const drops = comparable ? compareToScorecard(card, report, which) : [];
    for (const d of drops) io.stderr.write(`faultline eval: ${d.set} ${d.metric} fell to ${d.measured?.toFixed(3) ?? "–"} (scorecard ${d.recorded.toFixed(3)}, tolerance ${card.tolerance})\n`);
    if (values["update-scorecard"]) {
      const { card: next, changes } = updateScorecard(card, report, which, values["accept-drops"] ?? false);
      writeScorecard(next);
      for (const c of changes) io.stderr.write(`scorecard ${which} ${c.set}.${c.metric}: ${c.from ?? "–"} → ${c.to?.toFixed(3) ?? "–"}${c.written ? "" : " (kept: lower; --accept-drops to write)"}\n`);
    }
    return drops.length && !values["update-scorecard"] ? 1 : 0;
  },
} satisfies Command;
