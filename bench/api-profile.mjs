#!/usr/bin/env node
/**
 * Where the API's time goes, without HTTP or concurrency:
 * `node --import tsx bench/api-profile.mjs --db PATH [--requests N] [--explain]`.
 *
 * Opens an existing load-test store (see api-load.mjs), builds the API in-process and
 * sends it N requests of each load-test scenario one at a time, grouped by request
 * kind (the scenario's branch). Prints, per kind, the mean, p95 and max wall time
 * and the mean CPU time of one request: the service time that, multiplied by the
 * queue length, makes the latency under concurrent load. `--explain` also prints the
 * SQLite query plan of every distinct statement the kinds ran.
 */
import { arg, rng } from "./lib.mjs";
import { scenarios } from "./api-load.mjs";

const KINDS = [
  [/series\?a=[^&]+&b=id=.*interval=day/, "series id pair, day, 1 year"],
  [/series\?a=[^&]+&b=id=.*interval=month/, "series id pair, month, 10 years"],
  [/series\?a=country=/, "series country pair, week, 2 years"],
  [/series\?a=id=[^&]+&interval=month/, "series one actor, month, 2 years"],
  [/events\?limit=/, "events, no filter"],
  [/events\?actor=/, "events, actor"],
  [/events\?dyad=/, "events, dyad"],
  [/events\?country=/, "events, country + roots"],
  [/events\?from=/, "events, 30 days + quad"],
];

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main() {
  const path = arg("--db", null);
  if (!path) throw new Error("--db PATH of a store built by bench/api-load.mjs is required");
  const n = Number(arg("--requests", "200"));
  const { openStore } = await import("../src/store/index.ts");
  const { createApi } = await import("../src/api/app.ts");
  const store = await openStore(path);
  const app = await createApi({ store });
  const make = scenarios("http://x", rng(7));
  const byKind = new Map();
  for (const scenario of ["series", "events"]) {
    for (let i = 0; i < n; i++) {
      const url = make[scenario]();
      const kind = KINDS.find(([re]) => re.test(url))?.[1] ?? "other";
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await app.request(url.slice("http://x".length));
      const body = await res.text();
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      if (res.status !== 200) throw new Error(`${res.status} ${url}: ${body.slice(0, 200)}`);
      const k = byKind.get(kind) ?? { wall: [], cpu: 0, bytes: 0, slowest: "" };
      k.wall.push(ms);
      k.cpu += (cpu.user + cpu.system) / 1000;
      k.bytes += body.length;
      if (ms >= Math.max(...k.wall)) k.slowest = url.slice("http://x".length);
      byKind.set(kind, k);
    }
  }
  const rows = [...byKind].map(([kind, k]) => {
    k.wall.sort((a, b) => a - b);
    const mean = k.wall.reduce((s, x) => s + x, 0) / k.wall.length;
    return { kind, n: k.wall.length, mean_ms: +mean.toFixed(1), p95_ms: +pct(k.wall, 95).toFixed(1), max_ms: +k.wall.at(-1).toFixed(1),
      cpu_ms: +(k.cpu / k.wall.length).toFixed(1), kb: Math.round(k.bytes / k.wall.length / 1024), slowest: k.slowest };
  });
  const cols = ["kind", "n", "mean_ms", "p95_ms", "max_ms", "cpu_ms", "kb"];
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (vals) => vals.map((v, i) => (i === 0 ? String(v).padEnd(w[i]) : String(v).padStart(w[i]))).join("  ");
  console.log(line(cols));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
  for (const r of rows) console.log(`slowest ${r.kind}: ${r.slowest}`);
  await store.close();
}

await main();
