#!/usr/bin/env node
/**
 * Ingestion benchmark: `node --import tsx bench/ingest.mjs [--docs 100000] [--pg URL] [--worker-docs 20000] [--fake] [--heap cli|default]`.
 *
 * Each side runs in a child process under the V8 flags the CLI would run it with for this
 * corpus written as one JSON Lines file (src/cli/respawn.ts): steps 1–2 as `faultline code`
 * does (`codeHeapFlags`), step 3 as `faultline ingest` does (`ingestHeapFlags`); `--heap default`
 * runs both children without them (V8's defaults), and a semi-space flag given to this script
 * itself is passed to both instead (as the CLI then does not restart). Each child prints
 * its flags and peak RSS.
 *
 * 1. Generates short wire reports over two years (test/store/corpus.ts, templates of
 *    bench/corpus-templates.json).
 * 2. Codes the first 1,000 unmeasured (warm-up), then all of them without storing, twice: the coder alone (`Coder.code`, which also warms
 *    the JIT), then what `faultline code` does with them (records written as JSON Lines to a
 *    file, src/app/output.ts), the coding cost the storage share is measured against.
 * 3. In the second child, the same warm-up and coder-alone run (as warm as step 2's coder),
 *    then ingests the same documents into a fresh SQLite file, then into a fresh PostgreSQL
 *    schema: documents/s and events/s, and the storage share = (ingest − coding) / coding,
 *    with coding = the `faultline code` run (the share against the coder alone in brackets),
 *    and both per mention (µs of storage CPU a stored mention, of `faultline code` CPU a record
 *    written, and the 30 % budget in that unit).
 *    Both start from documents in memory: reading the input is left out of both.
 * 4. Queue throughput: the documents enqueued in PostgreSQL, coded by 1 and then 2
 *    `faultline worker` processes (documents/s, wall clock).
 * --only-workers runs step 4 alone (with --worker-docs documents); --no-workers skips it.
 * After each ingest, a merge-quality line: events, sum and histogram of n_sources, and a
 * digest of (event id, n_sources, n_articles) to compare runs on the same corpus.
 * --fake codes with the deterministic fake coder of the store tests (many events and
 * merges) instead of the real coder. --pg "" skips PostgreSQL.
 *
 * What the documents look like decides the ratio: storage costs per mention, coding per
 * character. `--shape short` (default) generates 240-character reports with about six
 * events each (25,000 events per MB of text, five times real news: the dedup stress case);
 * `--shape wire` generates news-length reports with a third of the sentences reporting
 * events (test/store/corpus.ts); `--dev DIR` reads real texts from the JSONL files of DIR
 * (e.g. ../shared/dev: measured at run time, never copied), `--docs` of them at most.
 * The first line prints the events per MB of text of the corpus.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { Coder } from "../src/app/coder.ts";
import { codeHeapFlags, ingestHeapFlags } from "../src/cli/respawn.ts";
import { ingestItems } from "../src/app/ingest.ts";
import { createWriter } from "../src/app/output.ts";
import { openStore } from "../src/store/index.ts";
import { dropSchema } from "../src/store/postgres/index.ts";
import { generateDocs } from "../test/store/corpus.ts";
import { fakeCoder } from "../test/store/fake-coder.ts";
import { arg, codeToJsonl, measure } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");


const MAX_DOCS = Number(arg("--docs", "100000"));
const WORKER_DOCS = Number(arg("--worker-docs", "20000"));
const PG = arg("--pg", "postgres://postgres@127.0.0.1:5432/test");
const FAKE = process.argv.includes("--fake");
const ONLY_WORKERS = process.argv.includes("--only-workers");
const NO_WORKERS = process.argv.includes("--no-workers");
const BATCH = Number(arg("--batch", "500"));
const SHAPE = arg("--shape", "short");
const DEV = arg("--dev", null);
const HEAP = arg("--heap", "cli");
/** Which side this process measures (set by the parent for its children). */
const SIDE = arg("--side", null);
/** Documents coded once, unmeasured, before the coding runs. */
const WARM_UP = 1000;
if (SHAPE !== "short" && SHAPE !== "wire") throw new Error(`--shape must be short or wire, not ${SHAPE}`);
if (HEAP !== "cli" && HEAP !== "default") throw new Error(`--heap must be cli or default, not ${HEAP}`);

/** Up to `n` real documents from the JSONL files of `dir` (text, date, url when given), distinct texts only. */
function devDocs(dir, n) {
  const out = [];
  const seen = new Set();
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".jsonl")).sort()) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (!line.trim() || out.length >= n) continue;
      const r = JSON.parse(line);
      if (typeof r.text !== "string" || r.text.length < 20 || seen.has(r.text)) continue;
      seen.add(r.text);
      out.push({ id: `${f}:${r.id}`, text: r.text, date: r.date ?? undefined, url: typeof r.url === "string" ? r.url : `https://${f.replace(/\.jsonl$/, "")}.test/${out.length}` });
    }
  }
  return out;
}


async function* items(docs) {
  for (const d of docs) yield { doc: d };
}


/** CPU milliseconds of a local process (utime + stime of /proc/PID/stat), or null. */
function procCpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100; // fields 14, 15 in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

/**
 * CPU of the PostgreSQL server backends serving the store (tagged by application_name),
 * sampled every 500 ms while `fn` runs (only when the server runs on this machine).
 */
async function withBackendCpu(app, fn) {
  const client = new pg.Client({ connectionString: PG });
  await client.connect();
  const seen = new Map();
  const sample = async () => {
    const rows = (await client.query("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [app])).rows;
    for (const { pid } of rows) {
      const ms = procCpuMs(pid);
      if (ms !== null) seen.set(pid, { first: seen.get(pid)?.first ?? ms, last: ms });
    }
  };
  let timer;
  let stopped = false;
  let pending = Promise.resolve();
  const loop = () => {
    if (!stopped) timer = setTimeout(() => (pending = sample().then(loop, loop)), 500);
  };
  loop();
  try {
    const out = await fn(sample);
    await sample();
    return { ...out, serverCpu: [...seen.values()].reduce((n, v) => n + v.last - v.first, 0) };
  } finally {
    stopped = true;
    clearTimeout(timer);
    await pending;
    await client.end();
  }
}

async function ingestInto(url, docs, coder, onOpen = async () => {}) {
  const store = await openStore(url);
  try {
    await onOpen();
    const m = await measure(() => ingestItems(items(docs), { store, coder, batchSize: BATCH }));
    const stats = await store.stats();
    return { ...m, stats, quality: await mergeQuality(store) };
  } finally {
    await store.close();
  }
}

function runWorkers(url, n) {
  const start = performance.now();
  const procs = Array.from({ length: n }, (_, i) =>
    new Promise((done, fail) => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/run.ts", "worker", "--db", url, "--exit-when-empty", "--id", `bench-${i}`, "--batch", "50"], {
        cwd: ROOT, stdio: ["ignore", "ignore", "inherit"],
      });
      child.on("error", fail);
      child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`worker exited with ${code}`))));
    }),
  );
  return Promise.all(procs).then(() => performance.now() - start);
}

/** Merge quality: n_sources histogram, a digest of every event's id and counts, and one of the full export. */
async function mergeQuality(store) {
  const hist = new Map();
  const hash = createHash("sha256");
  let events = 0;
  let sources = 0;
  const rows = [];
  const full = [];
  for await (const e of store.exportEvents({})) {
    rows.push(`${e.id} ${e.n_sources} ${e.n_articles}`);
    full.push([e.id, JSON.stringify(e)]);
  }
  full.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const exp = createHash("sha256");
  for (const [, j] of full) exp.update(j + "\n");
  rows.sort();
  for (const r of rows) {
    hash.update(r + "\n");
    const n = Number(r.split(" ")[1]);
    events++;
    sources += n;
    const b = n >= 5 ? "5+" : String(n);
    hist.set(b, (hist.get(b) ?? 0) + 1);
  }
  const h = [...hist].sort().map(([k, v]) => `${k}:${v}`).join(" ");
  return `${events} events, n_sources sum ${sources}, histogram ${h}, digest ${hash.digest("hex").slice(0, 16)}, export digest ${exp.digest("hex").slice(0, 16)}`;
}

const f1 = (x) => x.toFixed(1);
const perS = (n, ms) => Math.round(n / (ms / 1000));

/** This child's V8 heap flags and peak RSS, as a line. */
function heapLine(side) {
  const flags = process.execArgv.filter((a) => /semi-space|pretenuring/.test(a));
  return `${side} side: node flags ${flags.length ? flags.join(" ") : "(V8 defaults)"}, peak RSS ${f1(process.resourceUsage().maxRSS / 1024)} MB`;
}

/**
 * Run this script again as `--side NAME` under `flags` (plus this process's own Node flags),
 * its output passed through; resolves with the JSON of its last line starting with "@result ".
 */
function runSide(name, flags, extra = []) {
  const args = [...flags, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2), "--side", name, ...extra];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 });
  const out = r.stdout.toString();
  let result = null;
  for (const line of out.split("\n")) {
    if (line.startsWith("@result ")) result = JSON.parse(line.slice(8));
    else if (line) console.log(line);
  }
  if (r.status !== 0 || !result) throw new Error(`${name} side exited with ${r.status ?? r.signal}`);
  return result;
}

async function main() {
  const n = ONLY_WORKERS ? WORKER_DOCS : MAX_DOCS;
  const docs = DEV ? devDocs(DEV, n) : [...generateDocs(n, 42, 730, SHAPE)];
  if (ONLY_WORKERS) return workers(docs);
  if (SIDE === "code") return codeSide(docs);
  if (SIDE === "store") return storeSide(docs);
  const DOCS = docs.length;
  const chars = docs.reduce((n, d) => n + d.text.length, 0);
  const corpus = DEV ? `real texts of ${DEV}` : `generated, shape ${SHAPE}`;
  console.log(`${DOCS} documents (${corpus}), ${f1(chars / 1e6)} MB of text, coder: ${FAKE ? "fake (test)" : "real"}, batches of ${BATCH}`);
  // The CLI's flags for this corpus as one JSON Lines input file; none when this script was given a semi-space flag.
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(JSON.stringify(d)) + 1, 0);
  const sized = process.execArgv.some((a) => /semi-space/.test(a));
  const cli = HEAP === "cli" && !sized;
  const code = runSide("code", cli ? codeHeapFlags(bytes) : []);
  runSide("store", cli ? ingestHeapFlags(bytes) : [], ["--coding-cpu", String(code.coding), "--code-cpu", String(code.code), "--code-records", String(code.records)]);
  if (PG && !FAKE && !NO_WORKERS) await workers(docs);
}

/** Steps 1–2 (after the warm-up): the coder alone, then `faultline code`'s work. */
async function codeSide(docs) {
  const DOCS = docs.length;
  const chars = docs.reduce((n, d) => n + d.text.length, 0);
  const dir = mkdtempSync(join(tmpdir(), "faultline-bench-ingest-"));
  const coder = FAKE ? fakeCoder : new Coder();
  // Warm up first (knowledge loading, JIT), so that the first measured run does not pay for it.
  for (const d of docs.slice(0, WARM_UP)) coder.code(d);
  const coding = await measure(async () => {
    let events = 0;
    for (const d of docs) events += coder.code(d).length;
    return events;
  });
  console.log(`coder alone:  ${perS(DOCS, coding.cpu)} docs/s per core, ${perS(coding.result, coding.cpu)} events/s, ${f1(coding.cpu / 1000)} s CPU (${coding.result} events, ${Math.round(coding.result / (chars / 1e6))} per MB of text)`);
  // What `faultline code` does with the documents: code them and write every record as a JSON line.
  const code = await measure(async () => {
    return codeToJsonl(coder, docs, join(dir, "events.jsonl"), createWriter);
  });
  rmSync(dir, { recursive: true, force: true });
  console.log(`faultline code (JSONL out): ${perS(DOCS, code.cpu)} docs/s per core, ${f1(code.cpu / 1000)} s CPU (${code.result} records written)`);
  console.log(heapLine("code"));
  console.log(`@result ${JSON.stringify({ coding: coding.cpu, code: code.cpu, records: code.result })}`);
}

/** Step 3: the same warm-up and coder-alone run, then the ingests (storage CPU against the code side's). */
async function storeSide(docs) {
  const DOCS = docs.length;
  const codingCpu = Number(arg("--coding-cpu", "NaN"));
  const codeCpu = Number(arg("--code-cpu", "NaN"));
  const codeRecords = Number(arg("--code-records", "NaN"));
  const dir = mkdtempSync(join(tmpdir(), "faultline-bench-ingest-"));
  const coder = FAKE ? fakeCoder : new Coder();
  for (const d of docs.slice(0, WARM_UP)) coder.code(d);
  const warm = await measure(async () => {
    for (const d of docs) coder.code(d);
  });
  console.log(`coder alone, store side (warm-up, not used): ${f1(warm.cpu / 1000)} s CPU`);

  /** The storage share of an ingest that took `cpu` ms: against `faultline code`, and against the coder alone. */
  const share = (cpu) => `${f1(((cpu - codeCpu) / codeCpu) * 100)} % of faultline code CPU (${f1(((cpu - codingCpu) / codingCpu) * 100)} % of the coder alone)`;
  /** Storage and `faultline code` CPU per stored mention (µs), and the 30 % budget of issue #5 in the same unit. */
  const perMention = (cpu, mentions) =>
    `storage ${f1(((cpu - codeCpu) * 1000) / mentions)} µs a mention; faultline code ${f1((codeCpu * 1000) / codeRecords)} µs a record, so 30 % of it is ${f1((0.3 * codeCpu * 1000) / codeRecords)} µs`;
  const report = (name, r) => {
    console.log(
      `${name.padEnd(13)} ${perS(DOCS, r.ms)} docs/s wall, ${perS(r.stats.mentions, r.ms)} mentions/s, ${r.stats.events} events ` +
        `(${r.result.merged} merges); ${f1(r.ms / 1000)} s wall, ${f1(r.cpu / 1000)} s CPU here; ` +
        `storage CPU = ${share(r.cpu)}`,
    );
    console.log(`${"".padEnd(13)} ${perMention(r.cpu, r.stats.mentions)}`);
    console.log(`${"".padEnd(13)} quality: ${r.quality}; load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  };
  report("SQLite:", await ingestInto(`sqlite:${join(dir, "bench.sqlite")}`, docs, coder));

  if (PG) {
    const schema = `bench_${process.pid}`;
    try {
      const app = `faultline_bench_${process.pid}`;
      const r = await withBackendCpu(app, (sample) => ingestInto(`${PG}?schema=${schema}&application_name=${app}`, docs, coder, sample));
      report("PostgreSQL:", r);
      console.log(
        `             + PostgreSQL server CPU ${f1(r.serverCpu / 1000)} s (backends on this machine, sampled): ` +
          `client + server storage CPU = ${share(r.cpu + r.serverCpu)}; ${perMention(r.cpu + r.serverCpu, r.stats.mentions)}`,
      );
    } finally {
      await dropSchema(PG, schema);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(heapLine("store"));
  console.log("@result {}");
}

/** Step 4: queue throughput with 1 and 2 worker processes. */
async function workers(docs) {
  for (const n of [1, 2]) {
    const ws = `bench_w${n}_${process.pid}`;
    const url = `${PG}?schema=${ws}`;
    try {
      const store = await openStore(url);
      await ingestItems(items(docs.slice(0, WORKER_DOCS)), { store, queue: true, batchSize: 1000 });
      await store.close();
      const ms = await runWorkers(url, n);
      const client = new pg.Client({ connectionString: PG });
      await client.connect();
      const done = (await client.query(`SELECT COUNT(*)::int AS n FROM "${ws}".jobs WHERE state = 'done'`)).rows[0].n;
      await client.end();
      console.log(`${n} worker${n > 1 ? "s" : " "}:    ${perS(done, ms)} docs/s wall (${done} documents in ${f1(ms / 1000)} s, process start-up included)`);
    } finally {
      await dropSchema(PG, ws);
    }
  }
}

main().catch((err) => {
  console.error(`bench: ${err.stack ?? err.message}`);
  process.exitCode = 1;
});
