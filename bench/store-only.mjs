#!/usr/bin/env node
/**
 * Storage cost alone: `node --import tsx bench/store-only.mjs [--docs 10000] [--batch 500] [--pg URL] [--no-sqlite] [--window]`.
 * `--window` prints the ingest's start and end on CLOCK_MONOTONIC (seconds), the form
 * `perf script --time A,B` takes when perf recorded with `-k mono`.
 * Codes the generated documents once (kept in $TMPDIR/faultline-coded-N-SEED.json for later
 * runs: the coder's output for the corpus), then ingests them with a coder that returns the
 * stored records: the CPU time of that ingest is the storage cost, free of the coding time's
 * noise under load. Prints storage CPU, the coding CPU of the run that coded them (when it
 * coded them now) and the quality line of bench/ingest.mjs; for PostgreSQL also the CPU of
 * the server backends serving the store (sampled from /proc every 500 ms, local server only).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
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

/** CPU milliseconds of a local process (utime + stime of /proc/PID/stat), or null. */
function procCpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100;
  } catch { return null; }
}

/** Sample the CPU of the server backends tagged `app` every 500 ms; `stop()` returns their CPU ms since first seen. */
async function backendCpu(app) {
  const client = new pg.Client({ connectionString: PG });
  await client.connect();
  const seen = new Map();
  const sample = async () => {
    for (const { pid } of (await client.query("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [app])).rows) {
      const ms = procCpuMs(pid);
      if (ms !== null) seen.set(pid, { first: seen.get(pid)?.first ?? ms, last: ms });
    }
  };
  let stopped = false; let pending = Promise.resolve(); let timer;
  const loop = () => { if (!stopped) timer = setTimeout(() => (pending = sample().then(loop, loop)), 500); };
  await sample(); loop();
  return async () => {
    await sample(); stopped = true; clearTimeout(timer); await pending; await client.end();
    return [...seen.values()].reduce((n, v) => n + v.last - v.first, 0);
  };
}

async function run(name, url, cleanup, app) {
  const store = await openStore(url);
  try {
    const stop = app ? await backendCpu(app) : null;
    const c0 = cpu(); const t0 = performance.now(); const h0 = process.hrtime.bigint();
    const s = await ingestItems(items(), { store, coder: lookup, batchSize: BATCH, commitDocs: COMMIT });
    const c = cpu() - c0; const ms = performance.now() - t0;
    // The ingest window on CLOCK_MONOTONIC, for `perf record -k mono` + `perf script --time`.
    if (process.argv.includes("--window")) console.log(`window ${(Number(h0) / 1e9).toFixed(6)},${(Number(process.hrtime.bigint()) / 1e9).toFixed(6)}`);
    const server = stop ? await stop() : null;
    console.log(`${name}: storage ${(c / 1000).toFixed(2)} s CPU${server !== null ? ` + server ${(server / 1000).toFixed(2)} s = ${((c + server) / 1000).toFixed(2)} s` : ""}, ${(ms / 1000).toFixed(1)} s wall, ${s.mentions} mentions, ${s.events} events, ${s.merged} merges, load ${loadavg().map((v) => v.toFixed(1)).join(" ")}`);
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
  const app = `faultline_store_only_${process.pid}`;
  await run("PostgreSQL (client)", `${PG}?schema=${schema}&application_name=${app}`, () => dropSchema(PG, schema), app);
}
