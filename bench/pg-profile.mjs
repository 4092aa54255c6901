#!/usr/bin/env node
/**
 * Where PostgreSQL ingest CPU goes, on the server: `node --import tsx bench/pg-profile.mjs [N]`
 * (default 10000; `$FAULTLINE_TEST_PG` or postgres://postgres@127.0.0.1:5432/test, local server).
 * Codes N generated documents (as bench/ingest.mjs), ingests them into a fresh schema in
 * batches of 500 ($BATCH), and prints, by statement text (multi-row VALUES collapsed), the
 * CPU time the serving backend spent on it: the backend's run time from
 * /proc/PID/schedstat (nanoseconds) read before the statement is sent and after its result
 * came back (one statement at a time per connection, so the backend ran nothing else), and
 * the client's CPU for the same calls (sending, parsing the result). The server total is
 * compared with the backends' whole CPU (the part outside statements: connection set-up,
 * idle wake-ups).
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import pg from "pg";

const { Coder } = await import("../src/app/coder.ts");
const { ingestItems } = await import("../src/app/ingest.ts");
const { openStore } = await import("../src/store/index.ts");
const { dropSchema } = await import("../src/store/postgres/index.ts");
const { generateDocs } = await import("../test/store/corpus.ts");

const N = Number(process.argv[2] ?? 10000);
const PG = process.env.FAULTLINE_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";

/** Nanoseconds the process `pid` has run on a CPU, or null. */
function runNs(pid) {
  try {
    return BigInt(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]);
  } catch {
    return null;
  }
}
const cpuNs = () => {
  const u = process.cpuUsage();
  return BigInt(u.user + u.system) * 1000n;
};
const norm = (s) => s.replace(/\((?:[^()]|\([^()]*\))*\)(?:,\s*\((?:[^()]|\([^()]*\))*\))+/g, "(..)").replace(/\s+/g, " ").slice(0, 110);

const stats = new Map();
const backends = new Map();
let measuring = false;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, values, callback) {
  const pid = this.processID;
  const text = typeof config === "string" ? config : config?.text;
  if (!measuring || !pid || !text || typeof values === "function" || typeof callback === "function" || typeof config?.submit === "function") {
    return query.call(this, config, values, callback);
  }
  if (!backends.has(pid)) backends.set(pid, runNs(pid));
  const s0 = runNs(pid);
  const c0 = cpuNs();
  const done = () => {
    const s1 = runNs(pid);
    const k = norm(text);
    const s = stats.get(k) ?? { n: 0, server: 0n, client: 0n };
    s.n++;
    if (s0 !== null && s1 !== null) s.server += s1 - s0;
    s.client += cpuNs() - c0;
    stats.set(k, s);
  };
  return query.call(this, config, values).then((r) => (done(), r), (e) => (done(), Promise.reject(e)));
};

const docs = [...generateDocs(N, 42, 730)];
const coder = new Coder();
for (const d of docs.slice(0, 1000)) coder.code(d);
const schema = `pgprof_${process.pid}`;
const store = await openStore(`${PG}?schema=${schema}`);
try {
  async function* items() {
    for (const d of docs) yield { doc: d };
  }
  measuring = true;
  const c1 = process.cpuUsage();
  await ingestItems(items(), { store, coder, batchSize: Number(process.env.BATCH ?? 500) });
  const ci = process.cpuUsage(c1);
  measuring = false;
  let server = 0n;
  for (const s of stats.values()) server += s.server;
  let whole = 0n;
  for (const [pid, first] of backends) {
    const last = runNs(pid);
    if (first !== null && last !== null) whole += last - first;
  }
  const sec = (ns) => (Number(ns) / 1e9).toFixed(2);
  console.log(
    `N=${N} ingest client CPU ${((ci.user + ci.system) / 1e6).toFixed(1)} s (coding included); server CPU in statements ${sec(server)} s, ` +
      `backends in all ${sec(whole)} s; load ${loadavg().map((x) => x.toFixed(1))}`,
  );
  console.log("  server   client      n  statement");
  for (const [k, s] of [...stats].sort((a, b) => Number(b[1].server - a[1].server)).slice(0, 25)) {
    console.log(`${sec(s.server).padStart(8)} ${sec(s.client).padStart(8)} ${String(s.n).padStart(6)}  ${k}`);
  }
} finally {
  await store.close();
  await dropSchema(PG, schema);
}
