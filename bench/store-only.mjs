#!/usr/bin/env node
/**
 * Storage cost alone: `node --import tsx bench/store-only.mjs [--docs 10000] [--batch 500] [--pg URL] [--no-sqlite]`.
 * Codes the generated documents once (kept in $TMPDIR/faultline-coded-N-SEED.json for later
 * runs: the coder's output for the corpus), then ingests them with a coder that returns the
 * stored records: the CPU time of that ingest is the storage cost, free of the coding time's
 * noise under load. Prints storage CPU, the coding CPU of the run that coded them (when it
 * coded them now) and the quality line of bench/ingest.mjs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { arg } from "./lib.mjs";
const { Coder } = await import("../src/app/coder.ts");
const { ingestItems } = await import("../src/app/ingest.ts");
const { openStore } = await import("../src/store/index.ts");
const { dropSchema } = await import("../src/store/postgres/index.ts");
const { generateDocs } = await import("../test/store/corpus.ts");

const N = Number(arg("--docs", "10000"));
const BATCH = Number(arg("--batch", "500"));
const COMMIT = arg("--commit", undefined) === undefined ? undefined : Number(arg("--commit", "0"));
const PG = arg("--pg", "");
const docs = [...generateDocs(N, 42, 730)];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const file = join(tmpdir(), `faultline-coded-${N}-42.json`);
let coded;
let codingCpu = null;
if (existsSync(file)) coded = JSON.parse(readFileSync(file, "utf8"));
else {
  const coder = new Coder();
  const c0 = cpu();
  coded = docs.map((d) => coder.code(d));
  codingCpu = cpu() - c0;
  writeFileSync(file, JSON.stringify(coded));
}
const byText = new Map(docs.map((d, i) => [d.text, coded[i]]));
const lookup = { code: (d) => byText.get(d.text) ?? [] };
async function* items() { for (const d of docs) yield { doc: d }; }

async function quality(store) {
  const rows = []; const full = [];
  for await (const e of store.exportEvents({})) { rows.push(`${e.id} ${e.n_sources} ${e.n_articles}`); full.push([e.id, JSON.stringify(e)]); }
  rows.sort(); full.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const h = createHash("sha256"); for (const r of rows) h.update(r + "\n");
  const x = createHash("sha256"); for (const [, j] of full) x.update(j + "\n");
  return `${rows.length} events, digest ${h.digest("hex").slice(0, 16)}, export ${x.digest("hex").slice(0, 16)}`;
}

async function run(name, url, cleanup) {
  const store = await openStore(url);
  try {
    const c0 = cpu(); const t0 = performance.now();
    const s = await ingestItems(items(), { store, coder: lookup, batchSize: BATCH, commitDocs: COMMIT });
    const c = cpu() - c0; const ms = performance.now() - t0;
    console.log(`${name}: storage ${(c / 1000).toFixed(2)} s CPU, ${(ms / 1000).toFixed(1)} s wall, ${s.mentions} mentions, ${s.events} events, ${s.merged} merges, load ${loadavg().map((v) => v.toFixed(1)).join(" ")}`);
    if (!process.argv.includes("--no-quality")) console.log(`   quality: ${await quality(store)}`);
  } finally { await store.close(); await cleanup?.(); }
}
console.log(`${N} docs, batches of ${BATCH}${codingCpu !== null ? `, coding ${(codingCpu / 1000).toFixed(2)} s CPU` : ""}`);
if (!process.argv.includes("--no-sqlite")) {
  const dir = mkdtempSync(join(tmpdir(), "faultline-store-only-"));
  await run("SQLite", `sqlite:${join(dir, "s.sqlite")}`, () => rmSync(dir, { recursive: true, force: true }));
}
if (PG) {
  const schema = `store_only_${process.pid}`;
  await run("PostgreSQL (client)", `${PG}?schema=${schema}`, () => dropSchema(PG, schema));
}
