/** SATP scorer: attack-type labels (multi-label) read off all events of a paragraph; micro F1. */
import { ErrorTally, WorstList } from "../metrics.js";
import type { Pair, SetScore } from "../types.js";
import { type ScoreContext, setScore } from "./common.js";
import { scoreMultiLabel } from "./labels.js";

export function scoreSatp(pairs: readonly Pair[], ctx: ScoreContext): SetScore {
  const map = ctx.mappings.labelMap("satp-attack");
  const worst = new WorstList(ctx.worst);
  const errors = new ErrorTally();
  const goldOf = (p: Pair) => new Set(map.labels.filter((l) => p.record.gold[l] === 1));
  const table = scoreMultiLabel(pairs, map, goldOf, "micro_f1", worst, errors);
  return setScore(
    {
      metrics: [
        { name: "micro_f1", value: pairs.length ? table.micro.f1 : null, n: pairs.length, higherIsBetter: true },
        { name: "macro_f1", value: pairs.length ? table.macro.f1 : null, n: pairs.length, higherIsBetter: true },
      ],
      tables: [table],
      notes: ["Labels: every label of ontology/mappings/satp-labels.json some factual event matches. The gold column order was inferred upstream (see the dev README)."],
    },
    worst,
    errors,
  );
}
