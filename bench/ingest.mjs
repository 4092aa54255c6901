#!/usr/bin/env node
/**
 * Ingestion benchmark: `node --import tsx bench/ingest.mjs [--docs 100000] [--pg URL] [--worker-docs 20000] [--fake]`.
 *
 * 1. Generates short wire reports over two years (test/store/corpus.ts, templates of
 *    bench/corpus-templates.json).
 * 2. Codes them all without storing (the coding cost, CPU time of this process).
 * 3. Ingests the same documents into a fresh SQLite file, then into a fresh PostgreSQL
 *    schema: documents/s and events/s, and the storage share = (ingest − coding) / coding.
 * 4. Queue throughput: the documents enqueued in PostgreSQL, coded by 1 and then 2
 *    `faultline worker` processes (documents/s, wall clock).
 * --only-workers runs step 4 alone (with --worker-docs documents).
 * --fake codes with the deterministic fake coder of the store tests (many events and
 * merges) instead of the real coder. --pg "" skips PostgreSQL.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { Coder } from "../src/app/coder.ts";
import { ingestItems } from "../src/app/ingest.ts";
import { openStore } from "../src/store/index.ts";
import { dropSchema } from "../src/store/postgres/index.ts";
import { generateDocs } from "../test/store/corpus.ts";
import { fakeCoder } from "../test/store/fake-coder.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function arg(name, fallback) {
  const k = process.argv.indexOf(name);
  return k >= 0 && k + 1 < process.argv.length ? process.argv[k + 1] : fallback;
}

const DOCS = Number(arg("--docs", "100000"));
const WORKER_DOCS = Number(arg("--worker-docs", "20000"));
const PG = arg("--pg", "postgres://postgres@127.0.0.1:5432/test");
const FAKE = process.argv.includes("--fake");
const ONLY_WORKERS = process.argv.includes("--only-workers");

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function* items(docs) {
  for (const d of docs) yield { doc: d };
}

/** Run `fn`, returning its result with wall and CPU milliseconds. */
async function measure(fn) {
  const c0 = cpuMs();
  const t0 = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - t0, cpu: cpuMs() - c0 };
}

async function ingestInto(url, docs, coder) {
  const store = await openStore(url);
  try {
    const m = await measure(() => ingestItems(items(docs), { store, coder, batchSize: 500 }));
    const stats = await store.stats();
    return { ...m, stats };
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

const f1 = (x) => x.toFixed(1);
const perS = (n, ms) => Math.round(n / (ms / 1000));

async function main() {
  const docs = [...generateDocs(ONLY_WORKERS ? WORKER_DOCS : DOCS, 42, 730)];
  if (ONLY_WORKERS) return workers(docs);
  const dir = mkdtempSync(join(tmpdir(), "faultline-bench-ingest-"));
  const chars = docs.reduce((n, d) => n + d.text.length, 0);
  console.log(`${DOCS} documents, ${f1(chars / 1e6)} MB of text, coder: ${FAKE ? "fake (test)" : "real"}`);
  const coder = FAKE ? fakeCoder : new Coder();

  const coding = await measure(async () => {
    let events = 0;
    for (const d of docs) events += coder.code(d).length;
    return events;
  });
  console.log(`coding only:  ${perS(DOCS, coding.cpu)} docs/s per core, ${perS(coding.result, coding.cpu)} events/s, ${f1(coding.cpu / 1000)} s CPU (${coding.result} events)`);

  const report = (name, r) => {
    const storage = r.cpu - coding.cpu;
    console.log(
      `${name.padEnd(13)} ${perS(DOCS, r.ms)} docs/s wall, ${perS(r.stats.mentions, r.ms)} mentions/s, ${r.stats.events} events ` +
        `(${r.result.merged} merges); ${f1(r.ms / 1000)} s wall, ${f1(r.cpu / 1000)} s CPU here; ` +
        `storage CPU = ${f1((storage / coding.cpu) * 100)} % of coding CPU`,
    );
  };
  report("SQLite:", await ingestInto(`sqlite:${join(dir, "bench.sqlite")}`, docs, coder));

  if (PG) {
    const schema = `bench_${process.pid}`;
    try {
      const r = await ingestInto(`${PG}?schema=${schema}`, docs, coder);
      report("PostgreSQL:", r);
      console.log("             (PostgreSQL server CPU is not included in the CPU figure; compare wall times)");
    } finally {
      await dropSchema(PG, schema);
    }
    if (!FAKE) await workers(docs);
  }
  rmSync(dir, { recursive: true, force: true });
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
