/**
 * NGEC actor-resolution scorer: the resolved actor's country and sector against the
 * test expectations; a key ending in `__not` must not hold. Wikipedia titles are
 * compared with the canonical name (informative only).
 */
import { ErrorTally, Rate, WorstList } from "../metrics.js";
import { norm } from "../text.js";
import type { ResolutionPair, SetScore } from "../types.js";
import type { ScoreContext } from "./common.js";

/** Whether an actor code carries a sector (the three-letter groups after the country). */
function codeHasSector(code: string, sector: string): boolean {
  for (let i = 0; i + 3 <= code.length; i += 3) if (code.slice(i, i + 3) === sector) return true;
  return false;
}

export function scoreNgec(pairs: readonly ResolutionPair[], ctx: ScoreContext): SetScore {
  const worst = new WorstList(ctx.worst);
  const errors = new ErrorTally();
  const country = new Rate();
  const sector = new Rate();
  const wiki = new Rate();
  const negative = new Rate();
  for (const { record, actor } of pairs) {
    const expected = (record.gold.expected ?? {}) as Record<string, unknown>;
    const check = (metric: string, rate: Rate, gold: string, got: string | null | undefined, hit: boolean) => {
      rate.add(hit);
      if (hit) return;
      errors.add(metric, actor ? "other value" : "not resolved");
      worst.add(metric, { id: record.id, gold, predicted: got ?? "(none)", evidence: record.text, rule: actor?.id ?? null, severity: 1 });
    };
    for (const [k, v] of Object.entries(expected)) {
      if (typeof v !== "string" || v === "") continue;
      const base = k.replace(/__not$/, "");
      const negated = k !== base;
      let got: string | null | undefined;
      let equal: boolean;
      if (base === "country" || base === "cc") {
        got = actor?.country;
        equal = got === v;
        if (!negated) check("country_accuracy", country, v, got, equal);
      } else if (base === "code_1" || base === "code_2") {
        got = actor?.code;
        equal = actor !== null && (actor.sector === v || codeHasSector(actor.code.slice(3), v));
        if (!negated) check("sector_accuracy", sector, v, got, equal);
      } else if (base === "wiki" || base === "title") {
        got = actor?.name;
        equal = actor !== null && norm(actor.name) === norm(v.replace(/_/g, " "));
        if (!negated) check("wiki_accuracy", wiki, v, got, equal);
      } else continue;
      if (negated) check("not_respected", negative, `not ${v}`, got, !equal);
    }
  }
  return {
    metrics: [country.metric("country_accuracy"), sector.metric("sector_accuracy"), wiki.metric("wiki_accuracy"), negative.metric("not_respected")],
    tables: [],
    confusions: [],
    breakdowns: [],
    worst: worst.result(),
    errors: errors.result(),
    notes: ["Each expected key is one check: country/cc against the actor's country, code_1/code_2 against its sector or code, wiki/title against its canonical name; '__not' keys must not hold."],
  };
}
