/**
 * Terminal report: headline figures with their targets, per-class tables,
 * confusion tables, error kinds and worst examples, as plain text tables.
 */
import type { EvalReport } from "./runner.js";
import type { ClassTable, Confusion, SetResult } from "./types.js";

/** Targets per set and metric (from the scorecard), for the ✓/✗ column. */
export type Targets = Record<string, Record<string, number>>;

const fmt = (v: number | null, digits = 3) => (v === null ? "–" : v.toFixed(digits));

/** Lays out rows as columns separated by two spaces (columns in `left` left-aligned, others right-aligned). */
export function textTable(rows: string[][], left: readonly number[] = [0]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (left.includes(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd()).join("\n");
}

function classTable(t: ClassTable): string {
  const rows = [["class", "support", "tp", "fp", "fn", "P", "R", "F1"]];
  for (const r of t.rows) rows.push([r.label, String(r.support), String(r.tp), String(r.fp), String(r.fn), fmt(r.precision), fmt(r.recall), fmt(r.f1)]);
  rows.push(["micro", "", "", "", "", fmt(t.micro.precision), fmt(t.micro.recall), fmt(t.micro.f1)]);
  rows.push(["macro", "", "", "", "", fmt(t.macro.precision), fmt(t.macro.recall), fmt(t.macro.f1)]);
  return `${t.title}\n${textTable(rows)}`;
}

/** Short column heads for a confusion table (labels can be long). */
function abbrev(label: string): string {
  return label.length <= 8 ? label : label.slice(0, 7) + "…";
}

function confusion(c: Confusion): string {
  const used = c.labels.filter((l) => c.counts[l] || c.labels.some((g) => c.counts[g]?.[l]));
  const rows = [["gold \\ predicted", ...used.map(abbrev)]];
  for (const g of used) if (c.counts[g]) rows.push([g, ...used.map((p) => String(c.counts[g]?.[p] ?? ""))]);
  return `${c.title}\n${textTable(rows)}`;
}

const oneLine = (s: string | null, max = 160) => (s === null ? "" : s.replace(/\s+/g, " ").slice(0, max));

/** The text report of one set. */
export function setText(s: SetResult, targets: Record<string, number> = {}): string {
  const head = `== ${s.set} (${s.records} records, ${(s.bytes / 1024).toFixed(0)} KB, ${s.seconds.toFixed(1)} s)`;
  if (s.status !== "ok") return `${head}\nunavailable: ${s.message ?? ""}\n`;
  const out = [head];
  const rows = [["metric", "value", "n", "target", ""]];
  for (const m of s.metrics) {
    const t = targets[m.name];
    const ok = t === undefined || m.value === null ? "" : (m.higherIsBetter ? m.value >= t : m.value <= t) ? "ok" : "BELOW";
    rows.push([m.name, fmt(m.value), String(m.n), t === undefined ? "" : fmt(t, 2), ok]);
  }
  out.push(textTable(rows));
  for (const t of s.tables) out.push(classTable(t));
  for (const c of s.confusions) out.push(confusion(c));
  for (const b of s.breakdowns) out.push(`${b.title}\n${textTable([["group", "n", "value"], ...b.rows.map((r) => [r.label, String(r.n), fmt(r.value)])])}`);
  for (const e of s.errors) out.push(`errors (${e.metric}): ${Object.entries(e.counts).map(([k, v]) => `${k} ${v}`).join("; ")}`);
  for (const [metric, list] of Object.entries(s.worst)) {
    const lines = [`worst (${metric}):`];
    for (const x of list) lines.push(`  ${x.id}: gold ${oneLine(x.gold, 80)} | got ${oneLine(x.predicted, 80)}${x.rule ? ` | rule ${x.rule}` : ""}${x.evidence ? `\n      « ${oneLine(x.evidence)} »` : ""}`);
    out.push(lines.join("\n"));
  }
  for (const n of s.notes) out.push(`note: ${n}`);
  return out.join("\n\n") + "\n";
}

/** The whole text report. */
export function reportText(r: EvalReport, targets: Targets = {}): string {
  const summary = [["set", "records", "s", "headline"]];
  for (const s of r.sets) summary.push([s.set, String(s.records), s.seconds.toFixed(1), s.status === "ok" ? s.metrics.slice(0, 3).map((m) => `${m.name} ${fmt(m.value)}`).join(", ") : "unavailable"]);
  return [...r.sets.map((s) => setText(s, targets[s.kind])), `== summary (${r.sample === null ? "all records" : `sample ${r.sample}, seed ${r.seed}`})\n${textTable(summary, [0, 3])}\n`].join("\n");
}
