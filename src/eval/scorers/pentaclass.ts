/**
 * ConfliBERT five-class scorer: the sentence's salient event → class 0–4 by its CAMEO
 * root (ontology/mappings/conflibert-pentaclass.json); plus whether the coded source
 * and target actors cover the annotated spans.
 */
import type { EventRecord } from "../../doc/index.js";
import { ClassCounter, ErrorTally, Rate, WorstList } from "../metrics.js";
import { containsWords, norm } from "../text.js";
import type { Pair, SetScore } from "../types.js";
import { example, factual, type ScoreContext, setScore } from "./common.js";

/**
 * The salient event of a sentence: the factual event whose trigger comes first (the
 * main clause's verb usually precedes what it reports; on the train split this beat
 * preferring non-statement events and preferring the most confident event).
 */
export function salientEvent(events: readonly EventRecord[]): EventRecord | null {
  let best: EventRecord | null = null;
  for (const e of events) if (!best || e.evidence.trigger.start < best.evidence.trigger.start) best = e;
  return best;
}

function spans(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string").map(norm).filter(Boolean) : [];
}

/** Whether any coded actor text covers a gold span (whole-word containment either way). */
function covers(actorTexts: string[], gold: string[]): boolean {
  return gold.some((g) => actorTexts.some((a) => a === g || containsWords(a, g) || containsWords(g, a)));
}

const noPhrases = () => new Set<string>();

export function scorePentaclass(pairs: readonly Pair[], ctx: ScoreContext): SetScore {
  const map = ctx.mappings.labelMap("conflibert-pentaclass");
  const labels = map.labels;
  const classOf = (ev: EventRecord): number | null => {
    const e = map.entryFor(ev, noPhrases);
    return e ? labels.indexOf(e.label) : null;
  };
  const counter = new ClassCounter(labels);
  const acc = new Rate();
  const quad = new Rate();
  const coverage = new Rate();
  const src = new Rate();
  const tgt = new Rate();
  const worst = new WorstList(ctx.worst);
  const errors = new ErrorTally();
  for (const { record, predicted } of pairs) {
    const g = record.gold.pentaclass;
    if (typeof g !== "number" || g < 0 || g > 4) continue;
    const events = factual(predicted);
    const ev = salientEvent(events);
    const p = ev ? classOf(ev) : null;
    counter.add(labels[g], p === null ? null : labels[p]);
    acc.add(p === g);
    quad.add(p !== null && Math.max(p, 1) === Math.max(g, 1));
    coverage.add(ev !== null);
    if (p !== g) {
      const kind = p === null ? "no event" : p === 0 ? "statement frame taken" : g === 0 ? "statement coded as action" : (g >= 3) !== (p >= 3) ? "polarity flipped" : "verbal/material confused";
      errors.add("accuracy", kind);
      worst.add("accuracy", example(record.id, labels[g], p === null ? null : `${labels[p]} (${ev?.cameo})`, ev, ev?.confidence ?? 0));
    }
    const rs = spans(record.gold.R_spans);
    const gs = [...spans(record.gold.source_spans), ...rs];
    const gt = [...spans(record.gold.target_spans), ...rs];
    const sources = events.flatMap((e) => (e.source ? [norm(e.source.text)] : []));
    const targets = events.flatMap((e) => (e.target ? [norm(e.target.text)] : []));
    if (gs.length) {
      const hit = covers(sources, gs);
      src.add(hit);
      if (!hit) errors.add("source_span_recall", sources.length ? "different source" : "no source actor");
    }
    if (gt.length) {
      const hit = covers(targets, gt);
      tgt.add(hit);
      if (!hit) errors.add("target_span_recall", targets.length ? "different target" : "no target actor");
    }
  }
  const table = counter.table("five classes");
  return setScore(
    {
      metrics: [
        acc.metric("accuracy"),
        { name: "macro_f1", value: acc.n ? table.macro.f1 : null, n: acc.n, higherIsBetter: true },
        quad.metric("quad_accuracy"),
        coverage.metric("event_coverage"),
        src.metric("source_span_recall"),
        tgt.metric("target_span_recall"),
      ],
      tables: [table],
      confusions: [counter.confusionTable("gold class × predicted class")],
      notes: [
        "Salient event: the factual event whose trigger comes first; none → counted wrong.",
        "quad_accuracy folds class 0 into 1 (the four-class scheme).",
      ],
    },
    worst,
    errors,
  );
}
