#!/usr/bin/env node
/**
 * Where SQLite ingest CPU goes: `node --import tsx bench/sql-profile.mjs [N]` (default 30000).
 * Codes N generated documents (as bench/ingest.mjs), ingests them into a fresh SQLite file
 * in batches of 500 ($BATCH), and prints the CPU time (process.cpuUsage around each call,
 * user + system) of every SQL statement, by statement text with multi-row VALUES collapsed,
 * plus BEGIN/COMMIT, and the bytes this process wrote (/proc/self/io wchar).
 * Experiments (environment): PRE="pragma;..." before the journal mode is set (e.g.
 * page_size=2048), PRAGMAS="pragma;..." after the adapter's pragmas, DROPIDX=a,b (drop
 * indexes after migrating), NOFTS=1 (no full-text trigger), NOSUMMARY=1 (drop the
 * rollup covering indexes). These change the store: for measurement only.
 */
import Database from "better-sqlite3";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, loadavg } from "node:os";
import { join } from "node:path";
const ROOT = "..";
const { Coder } = await import(ROOT + "/src/app/coder.ts");
const { ingestItems } = await import(ROOT + "/src/app/ingest.ts");
const { openStore } = await import(ROOT + "/src/store/index.ts");
const { generateDocs } = await import(ROOT + "/test/store/corpus.ts");
const N = Number(process.argv[2] ?? 30000);
const stats = new Map();
const cpuNs = () => { const u = process.cpuUsage(); return BigInt(u.user + u.system) * 1000n; };
const norm = (s) => s.replace(/\((?:[^()]|\([^()]*\))*\)(?:,\s*\((?:[^()]|\([^()]*\))*\))+/g, "(..)").replace(/\s+/g, " ").slice(0, 110);
const tmp = new Database(":memory:");
const SP = tmp.prepare("select 1").constructor.prototype;
for (const m of ["run", "all", "get"]) {
  const orig = SP[m];
  SP[m] = function (...a) {
    const t = cpuNs();
    try { return orig.apply(this, a); } finally {
      const k = norm(this.source); const s = stats.get(k) ?? { n: 0, ns: 0n };
      s.n++; s.ns += cpuNs() - t; stats.set(k, s);
    }
  };
}
const DP = Database.prototype; const oexec = DP.exec;
const opragma = DP.pragma;
DP.pragma = function (p, ...a) { if (p.startsWith("journal_mode") && process.env.PRE) for (const x of process.env.PRE.split(";")) opragma.call(this, x); const r = opragma.call(this, p, ...a); if (p.startsWith("wal_autocheckpoint") && process.env.PRAGMAS) for (const x of process.env.PRAGMAS.split(";")) opragma.call(this, x); return r; };
DP.exec = function (sql) { const t = cpuNs(); try { return oexec.call(this, sql); } finally { const k = "EXEC " + sql.slice(0, 40); const s = stats.get(k) ?? { n: 0, ns: 0n }; s.n++; s.ns += cpuNs() - t; stats.set(k, s); } };
const docs = [...generateDocs(N, 42, 730)];
const coder = new Coder();
const c0 = process.cpuUsage(); for (const d of docs) coder.code(d); const cc = process.cpuUsage(c0);
const coding = (cc.user + cc.system) / 1000;
const dir = mkdtempSync(join(tmpdir(), "store2-prof-"));
const store = await openStore(`sqlite:${join(dir, "p.sqlite")}`);
if (process.env.DROPIDX) { const d = new Database(join(dir, "p.sqlite")); for (const i of process.env.DROPIDX.split(",")) d.exec("DROP INDEX " + i); d.close(); }
if (process.env.NOFTS) { const d = new Database(join(dir, "p.sqlite")); d.exec("DROP TRIGGER sentences_fts_ai"); d.close(); }
if (process.env.NOSUMMARY) { const d = new Database(join(dir, "p.sqlite")); for (const i of ["rollup_ids_cover","rollup_ids_rev_cover","rollup_countries_cover","rollup_month_ids_cover","rollup_month_ids_rev_cover"]) d.exec("DROP INDEX " + i); d.close(); }
stats.clear();
async function* items() { for (const d of docs) yield { doc: d }; }
const c1 = process.cpuUsage();
await ingestItems(items(), { store, coder, batchSize: Number(process.env.BATCH ?? 500) });
const ci = process.cpuUsage(c1); const cpu = (ci.user + ci.system) / 1000;
await store.close();
const io = Object.fromEntries(readFileSync("/proc/self/io", "utf8").trim().split("\n").map((l) => l.split(": ")));
let total = 0n; for (const s of stats.values()) total += s.ns;
console.log(`N=${N} coding ${(coding/1000).toFixed(1)} s; ingest ${(cpu/1000).toFixed(1)} s; storage ${((cpu-coding)/coding*100).toFixed(0)} %; sqlite stmt CPU ${(Number(total)/1e9).toFixed(1)} s; written ${(io.wchar / 1e6).toFixed(0)} MB; load ${loadavg().map(x=>x.toFixed(1))}`);
for (const [k, s] of [...stats].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, 25)) console.log(`${(Number(s.ns)/1e9).toFixed(2).padStart(7)} s ${String(s.n).padStart(6)}  ${k}`);
rmSync(dir, { recursive: true, force: true });
