#!/usr/bin/env node
/**
 * Where a V8 CPU profile spent its time: self time summed per source file, per folder
 * (`dist/stages/06-patterns`, `node_modules/wink-nlp`, ...) or per function.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/coder.mjs --child full corpus.jsonl /tmp/events.jsonl
 *   node bench/profile-sum.mjs /tmp/prof/CPU.*.cpuprofile [file|folder|fn] [rows]
 *
 * (`npm run bench -- --mb 5 --keep` leaves a corpus to profile.) GC, idle and native
 * frames appear under their own names ("(garbage collector)", "writeBuffer").
 */
import { readFileSync } from "node:fs";
if (!process.argv[2]) {
  console.error("usage: node bench/profile-sum.mjs FILE.cpuprofile [file|folder|fn] [rows]");
  process.exit(2);
}
const p = JSON.parse(readFileSync(process.argv[2], "utf8"));
const mode = process.argv[3] ?? "file";
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas; let total = 0;
for (let i = 0; i < p.samples.length; i++) { const d = dt[i] ?? 0; self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + d); total += d; }
const agg = new Map();
for (const [id, t] of self) {
  const n = byId.get(id); const cf = n.callFrame;
  let url = cf.url.replace(/^file:\/\//, "").replace(/.*\/(dist|node_modules)\//, "$1/");
  let key;
  if (mode === "fn") key = `${cf.functionName || "(anon)"} ${url}:${cf.lineNumber}`;
  else if (mode === "folder") key = url ? url.split("/").slice(0, url.startsWith("node_modules") ? 2 : 3).join("/") : cf.functionName;
  else key = url || cf.functionName;
  agg.set(key, (agg.get(key) ?? 0) + t);
}
const rows = [...agg].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[4] ?? 40));
for (const [k, t] of rows) console.log((t / 1000).toFixed(0).padStart(7), "ms", ((100 * t) / total).toFixed(1).padStart(5), "%", k);
console.log("total", (total / 1000).toFixed(0), "ms");
