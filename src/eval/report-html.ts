/**
 * HTML report: one self-contained page (inline style, no scripts or external
 * assets) with the figures, per-class tables, confusion matrices, error kinds and
 * worst examples. Every piece of text is escaped.
 */
import type { EvalReport } from "./runner.js";
import type { Targets } from "./report-text.js";
import type { ClassTable, Confusion, SetResult } from "./types.js";

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

const e = escapeHtml;
const fmt = (v: number | null) => (v === null ? "–" : v.toFixed(3));

function table(head: string[], rows: string[][], caption?: string): string {
  return `<table>${caption ? `<caption>${e(caption)}</caption>` : ""}<thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

function classTable(t: ClassTable): string {
  const rows = t.rows.map((r) => [r.label, String(r.support), String(r.tp), String(r.fp), String(r.fn), fmt(r.precision), fmt(r.recall), fmt(r.f1)]);
  rows.push(["micro", "", "", "", "", fmt(t.micro.precision), fmt(t.micro.recall), fmt(t.micro.f1)], ["macro", "", "", "", "", fmt(t.macro.precision), fmt(t.macro.recall), fmt(t.macro.f1)]);
  return table(["class", "support", "tp", "fp", "fn", "P", "R", "F1"], rows, t.title);
}

function confusion(c: Confusion): string {
  const used = c.labels.filter((l) => c.counts[l] || c.labels.some((g) => c.counts[g]?.[l]));
  let max = 1;
  for (const g of used) for (const p of used) max = Math.max(max, c.counts[g]?.[p] ?? 0);
  const cell = (g: string, p: string) => {
    const n = c.counts[g]?.[p] ?? 0;
    const shade = n ? `background:rgba(${g === p ? "40,140,60" : "200,60,40"},${(0.15 + (0.75 * n) / max).toFixed(2)})` : "";
    return `<td style="${shade}">${n || ""}</td>`;
  };
  const rows = used.filter((g) => c.counts[g]).map((g) => `<tr><th>${e(g)}</th>${used.map((p) => cell(g, p)).join("")}</tr>`);
  return `<table class="cm"><caption>${e(c.title)}</caption><thead><tr><th>gold \\ predicted</th>${used.map((p) => `<th>${e(p)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function setSection(s: SetResult, targets: Record<string, number> = {}): string {
  const parts = [`<h2 id="${e(s.set)}">${e(s.set)}</h2><p>${s.records} records, ${(s.bytes / 1024).toFixed(0)} KB, ${s.seconds.toFixed(1)} s</p>`];
  if (s.status !== "ok") return parts[0] + `<p class="bad">unavailable: ${e(s.message ?? "")}</p>`;
  parts.push(
    table(
      ["metric", "value", "n", "target"],
      s.metrics.map((m) => [m.name, fmt(m.value), String(m.n), targets[m.name] === undefined ? "" : targets[m.name].toFixed(2)]),
    ),
  );
  for (const t of s.tables) parts.push(classTable(t));
  for (const c of s.confusions) parts.push(confusion(c));
  for (const b of s.breakdowns) parts.push(table(["group", "n", "value"], b.rows.map((r) => [r.label, String(r.n), fmt(r.value)]), b.title));
  for (const x of s.errors) parts.push(table(["error kind", "count"], Object.entries(x.counts).map(([k, v]) => [k, String(v)]), `errors: ${x.metric}`));
  for (const [metric, list] of Object.entries(s.worst)) {
    parts.push(table(["id", "gold", "predicted", "rule", "evidence"], list.map((x) => [x.id, x.gold, x.predicted, x.rule ?? "", x.evidence ?? ""]), `worst examples: ${metric}`));
  }
  if (s.notes.length) parts.push(`<ul>${s.notes.map((n) => `<li>${e(n)}</li>`).join("")}</ul>`);
  return `<section>${parts.join("\n")}</section>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:2px 6px;text-align:right;vertical-align:top}td:first-child,th:first-child{text-align:left}
caption{text-align:left;font-weight:600;padding:4px 0}td:last-child{text-align:left;max-width:50em}.bad{color:#b00}
.cm th{font-size:11px}nav a{margin-right:1em}`;

/** The whole report as one HTML page. */
export function reportHtml(r: EvalReport, targets: Targets = {}): string {
  const title = `Faultline evaluation — ${r.generated}`;
  const nav = r.sets.map((s) => `<a href="#${e(s.set)}">${e(s.set)}</a>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title><style>${STYLE}</style></head><body><h1>${e(title)}</h1><p>${e(
    r.sample === null ? "all records" : `sample of ${r.sample} per set, seed ${r.seed}`,
  )}</p><nav>${nav}</nav>${r.sets.map((s) => setSection(s, targets[s.kind])).join("\n")}</body></html>\n`;
}
