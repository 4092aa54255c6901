/** IndiaPoliceEvents scorer: document labels (KILL, ARREST, FORCE, ANY_ACTION) from police actions among the events; F1 per label. */
import { ErrorTally, WorstList } from "../metrics.js";
import type { Pair, SetScore } from "../types.js";
import { type ScoreContext, setScore } from "./common.js";
import { scoreMultiLabel } from "./labels.js";

export function scoreIndiaPolice(pairs: readonly Pair[], ctx: ScoreContext): SetScore {
  const map = ctx.mappings.labelMap("indiapolice");
  const worst = new WorstList(ctx.worst);
  const errors = new ErrorTally();
  const goldOf = (p: Pair) => {
    const labels = Array.isArray(p.record.gold.doc_labels) ? (p.record.gold.doc_labels as unknown[]) : [];
    return new Set(map.labels.filter((l) => labels.includes(l)));
  };
  const table = scoreMultiLabel(pairs, map, goldOf, "doc_labels", worst, errors);
  const n = pairs.length;
  return setScore(
    {
      metrics: table.rows.map((r) => ({ name: `${r.label.toLowerCase()}_f1`, value: n ? r.f1 : null, n, higherIsBetter: true })),
      tables: [table],
      notes: ["A label holds when any factual event matches its entry in ontology/mappings/indiapolice-labels.json (police source: sector COP or a police word in the source's text). FAIL is not scored."],
    },
    worst,
    errors,
  );
}
