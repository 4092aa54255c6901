/**
 * CASE 2021 task 2 scorer: the document's dominant ACLED sub-type (via the
 * case2021-subtype mapping) against the gold sub-type; the task's non-ACLED types
 * are negatives, where the coder should map nothing. Macro F1 over the 25 sub-types.
 */
import { ErrorTally, Rate, WorstList } from "../metrics.js";
import type { Pair, SetScore } from "../types.js";
import { type ScoreContext, setScore } from "./common.js";
import { scoreSingleLabel } from "./labels.js";

export function scoreCase2021(pairs: readonly Pair[], ctx: ScoreContext): SetScore {
  const map = ctx.mappings.labelMap("case2021-subtype");
  const worst = new WorstList(ctx.worst);
  const errors = new ErrorTally();
  const goldOf = (p: Pair) => (p.record.gold.in_acled_taxonomy === false ? null : typeof p.record.gold.case_subtype === "string" ? p.record.gold.case_subtype : undefined);
  const s = scoreSingleLabel(pairs, map, goldOf, "accuracy", worst, errors);
  const restraint = new Rate();
  for (const p of pairs) if (goldOf(p) === null) restraint.add(!s.dominant.get(p.record.id));
  return setScore(
    {
      metrics: [{ name: "macro_f1", value: s.accuracy.n ? s.table.macro.f1 : null, n: s.accuracy.n, higherIsBetter: true }, s.accuracy, restraint.metric("negative_restraint")],
      tables: [s.table],
      confusions: [s.confusion],
      notes: [
        "Prediction: the label of the highest-priority mapping entry any factual event matches (ontology/mappings/case2021-subtypes.json); no match = 'not an ACLED event'.",
        "macro_f1 averages F1 over the 25 ACLED sub-types; a sub-type predicted for a non-ACLED snippet is a false positive of that sub-type.",
      ],
    },
    worst,
    errors,
  );
}
