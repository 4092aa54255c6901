/**
 * NGEC actor-resolution scorer. Country and sector use the actors module's own
 * `scoreResolution` (PLOVER sector equivalents, international pseudo-countries);
 * this adds the `__not` keys (must not hold), Wikipedia titles against the canonical
 * name (informative), and the worst examples.
 */
import { queryDate, scoreResolution, type ActorKB, type ResolutionCase } from "../../ontology/actors/index.js";
import { ErrorTally, Rate, WorstList } from "../metrics.js";
import { norm } from "../text.js";
import type { Metric, ResolutionPair, SetScore } from "../types.js";
import { type ScoreContext, setScore } from "./common.js";

/** The resolver's inputs for a gold record: phrase, date and context sentence. */
export function resolutionCase(r: ResolutionPair["record"]): ResolutionCase {
  const g = r.gold as ResolutionCase["gold"];
  return { id: r.id, text: r.text, gold: { expected: g.expected ?? {}, query_date: g.query_date ?? null, context_sentence: g.context_sentence ?? null } };
}

/** The date a record is resolved at. */
export function resolutionDate(r: ResolutionPair["record"]): string | null {
  return queryDate(typeof r.gold.query_date === "string" ? r.gold.query_date : null) ?? r.date;
}

export function scoreNgec(pairs: readonly ResolutionPair[], ctx: ScoreContext, kb: ActorKB): SetScore {
  const worst = new WorstList(ctx.worst);
  const errors = new ErrorTally();
  const res = scoreResolution(kb, pairs.map((p) => resolutionCase(p.record)));
  const text = new Map(pairs.map((p) => [p.record.id, p.record.text]));
  for (const m of res.misses) {
    const metric = `${m.field}_accuracy`;
    errors.add(metric, m.got === null ? "not resolved" : "other value");
    worst.add(metric, { id: m.id ?? "", gold: m.expected, predicted: m.got ?? "(none)", evidence: text.get(m.id ?? "") ?? m.text, rule: null, severity: 1 });
  }
  const wiki = new Rate();
  const negative = new Rate();
  for (const { record, actor } of pairs) {
    const expected = (record.gold.expected ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected)) {
      if (typeof v !== "string" || v === "") continue;
      if (k === "wiki" || k === "title") wiki.add(actor !== null && norm(actor.name) === norm(v.replace(/_/g, " ")));
      if (!k.endsWith("__not")) continue;
      const base = k.slice(0, -"__not".length);
      const got = base === "country" || base === "cc" ? actor?.country : base.startsWith("code") ? actor?.sector : base === "wiki" ? actor?.name : undefined;
      const ok = got !== v;
      negative.add(ok);
      if (!ok) worst.add("not_respected", { id: record.id, gold: `not ${v}`, predicted: String(got), evidence: record.text, rule: actor?.id ?? null, severity: 1 });
    }
  }
  const rate = (name: string, r: { right: number; total: number }): Metric => ({ name, value: r.total ? r.right / r.total : null, n: r.total, higherIsBetter: true });
  return setScore(
    {
      metrics: [rate("country_accuracy", res.country), rate("sector_accuracy", res.sector), wiki.metric("wiki_accuracy"), negative.metric("not_respected")],
      tables: [],
      notes: ["Country and sector as the actors module's scoreResolution counts them; wiki/title against the canonical name (informative); '__not' keys must not hold."],
    },
    worst,
    errors,
  );
}
