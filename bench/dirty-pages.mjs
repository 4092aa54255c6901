#!/usr/bin/env node
/**
 * Which pages one ingest batch rewrites: `node --import tsx bench/dirty-pages.mjs [N]`
 * (default 10000). Ingests N - 500 generated documents into a fresh SQLite file, then the
 * last 500 (one batch), checkpointing after each, and counts per table or index (dbstat)
 * the pages whose bytes changed, out of its pages.
 */
import Database from "better-sqlite3";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const { Coder } = await import("../src/app/coder.ts");
const { ingestItems } = await import("../src/app/ingest.ts");
const { openStore } = await import("../src/store/index.ts");
const { generateDocs } = await import("../test/store/corpus.ts");
const N = Number(process.argv[2] ?? 10000);
const docs = [...generateDocs(N, 42, 730)];
const coder = new Coder();
const dir = mkdtempSync(join(tmpdir(), "store2-dirty-")); const f = join(dir, "d.sqlite");
async function* items(ds) { for (const d of ds) yield { doc: d }; }
let s = await openStore(`sqlite:${f}`); await ingestItems(items(docs.slice(0, N - 500)), { store: s, coder, batchSize: 500 }); await s.close();
const names = () => { const d = new Database(f); const m = new Map(d.prepare("SELECT name, pageno FROM dbstat").all().map((r) => [r.pageno, r.name])); const ps = d.pragma("page_size", { simple: true }); d.pragma("wal_checkpoint(TRUNCATE)"); d.close(); return { m, ps }; };
const a = names(); const A = readFileSync(f);
s = await openStore(`sqlite:${f}`); await ingestItems(items(docs.slice(N - 500)), { store: s, coder, batchSize: 500 }); await s.close();
const b = names(); const B = readFileSync(f);
const count = new Map(); const tot = new Map();
for (let p = 1; p * b.ps <= B.length; p++) {
  const name = b.m.get(p) ?? a.m.get(p) ?? "?";
  tot.set(name, (tot.get(name) ?? 0) + 1);
  const o = (p - 1) * b.ps;
  if (o + b.ps > A.length || !A.subarray(o, o + b.ps).equals(B.subarray(o, o + b.ps))) count.set(name, (count.get(name) ?? 0) + 1);
}
let t = 0; for (const v of count.values()) t += v;
console.log(`N=${N}: ${B.length / b.ps} pages, ${t} changed by the last batch of 500 documents`);
for (const [k, v] of [...count].sort((x, y) => y[1] - x[1]).slice(0, 30)) console.log(String(v).padStart(7), "/", String(tot.get(k)).padStart(7), k);
