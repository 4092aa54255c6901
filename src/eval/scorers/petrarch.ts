/**
 * PETRARCH unit-test scorer: records whose coded events are exactly the expected
 * (source, target, CAMEO) triples, run with the test dictionaries; plus event-level
 * F1 and the exact rate per test category.
 */
import { ErrorTally, WorstList } from "../metrics.js";
import type { Breakdown, Pair, SetScore } from "../types.js";
import { CameoScorer, NO_ACTOR, tripleOf, type CameoTriple } from "./cameo.js";
import { example, factual, type ScoreContext, setScore } from "./common.js";

function goldTriples(v: unknown): CameoTriple[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null)
    .map((e) => ({ source: String(e.source ?? NO_ACTOR), target: String(e.target ?? NO_ACTOR), cameo: String(e.cameo ?? "") }));
}

const show = (ts: CameoTriple[]) => ts.map((t) => `${t.source} ${t.target} ${t.cameo}`).join("; ") || null;

export function scorePetrarch(pairs: readonly Pair[], ctx: ScoreContext): SetScore {
  const scorer = new CameoScorer();
  const worst = new WorstList(ctx.worst);
  const errors = new ErrorTally();
  const byCategory = new Map<string, { n: number; exact: number }>();
  const goldCodes = new Set<string>();
  const codedCodes = new Set<string>();
  for (const pair of pairs) {
    const gold = pair.record.gold.no_events_expected === true ? [] : goldTriples(pair.record.gold.events);
    const events = factual(pair.predicted);
    const got = events.map(tripleOf);
    for (const t of gold) for (const c of [t.source, t.target]) if (c !== NO_ACTOR) goldCodes.add(c);
    for (const t of got) codedCodes.add(t.source).add(t.target);
    const exact = scorer.add(gold, got);
    const cat = String(pair.record.gold.category ?? "?");
    const c = byCategory.get(cat) ?? { n: 0, exact: 0 };
    byCategory.set(cat, c);
    c.n++;
    if (exact) c.exact++;
    if (!exact) {
      const kind = got.length === 0 ? "no events coded" : gold.length === 0 ? "events where none expected" : got.every((t) => t.source === NO_ACTOR && t.target === NO_ACTOR) ? "events without actors" : "different triples";
      errors.add("exact_rate", kind);
      worst.add("exact_rate", example(pair.record.id, show(gold) ?? "(no events)", show(got), events[0], Math.abs(gold.length - got.length) + 1));
    }
  }
  const breakdown: Breakdown = {
    title: "exact rate per test category",
    rows: [...byCategory].sort().map(([label, c]) => ({ label, n: c.n, value: c.exact / c.n })),
  };
  const notes = ["Run with the dictionaries in petrarch_validate_dicts/ in place of the built-in ones."];
  const recovered = [...goldCodes].filter((c) => codedCodes.has(c)).length;
  notes.push(`Actor codes of the expected events seen among the coded ones: ${recovered} of ${goldCodes.size}.`);
  if (recovered < goldCodes.size / 2) notes.push("Fewer than half of the expected actor codes were coded: the dictionary import looks inactive, so these figures do not yet measure dictionary coding.");
  return setScore({ metrics: scorer.metrics(), breakdowns: [breakdown], notes }, worst, errors);
}
