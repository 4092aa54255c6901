#!/usr/bin/env node
/**
 * API load test: `node --import tsx bench/api-load.mjs [--events N] [--db PATH] [--duration S]
 * [--concurrency C] [--keep] [--seed-only]`.
 *
 * 1. Builds (or reuses, with --db PATH of an existing file) a SQLite store holding N
 *    generated events (default 10,000,000): seeded, Zipf-distributed dyads among 60
 *    states and 300 armed groups over ten years, with realistic CAMEO roots. The first
 *    `--sample` events (default 20,000) go through `store.saveBatch` (merging and
 *    rollup maintenance) to measure the store's write path; the rest are bulk-loaded
 *    (100k-row transactions, indexes rebuilt and the rollup summed in SQL afterwards).
 *    Keep the file (e.g. `--db /tmp/load-10m.sqlite`) to reuse it across runs;
 *    `--seed-only` stops after seeding.
 * 2. Starts `faultline serve` on that store in a child process (port 0).
 * 3. Drives it from a second child process: C concurrent keep-alive loops (node:http
 *    Agent) per endpoint mix, bounded by time and by request count.
 * 4. Prints p50/p95/p99 latency, throughput and errors for the dyad-series and
 *    event-list endpoints, the server's CPU time per request (from /proc: wall-clock
 *    figures depend on what else the machine runs), the load average, and the
 *    targets met or missed.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { arg, rng } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TARGETS = { series: 100, events: 50 };
const DAY_MS = 86_400_000;
const START_DAY = Date.UTC(2016, 0, 1) / DAY_MS;
const DAYS = 3653;


/* ------------------------------------------------------------ generation */

const COUNTRIES = ("PAK AFG IND IRN IRQ SYR TUR ISR PSE LBN YEM SAU EGY LBY SDN SSD ETH SOM KEN NGA MLI NER BFA TCD CMR " +
  "COD CAF MOZ UKR RUS USA CHN MMR PHL THA BGD LKA NPL COL MEX VEN BRA HTI DZA TUN MAR JOR ARE QAT KWT OMN " +
  "AZE ARM GEO KAZ UZB TJK KGZ ERI UGA").split(" ");
const SECTORS = ["GOV", "MIL", "COP", "REB", "INS", "CVL", "OPP", "MED"];
/** CAMEO roots with a typical Goldstein score and quad class, and a relative frequency. */
const ROOTS = [
  ["01", 0, 1, 8], ["02", 3, 1, 6], ["03", 4, 1, 6], ["04", 1, 1, 14], ["05", 3.5, 1, 5], ["06", 6, 2, 2], ["07", 7, 2, 3],
  ["08", 5, 2, 2], ["09", -2, 3, 2], ["10", -5, 3, 2], ["11", -2, 3, 9], ["12", -4, 3, 3], ["13", -6, 3, 4], ["14", -6.5, 3, 4],
  ["15", -7.2, 4, 1], ["16", -4, 3, 2], ["17", -7, 4, 5], ["18", -9, 4, 8], ["19", -10, 4, 9], ["20", -10, 4, 1],
];
const PLOVER = { 1: "CONSULT", 2: "AID", 3: "ACCUSE", 4: "ASSAULT" };

function actors() {
  const out = COUNTRIES.map((c) => ({ id: `state:${c}`, name: c, code: c + "GOV", country: c, sector: "GOV", kind: "state" }));
  for (let i = 0; i < 300; i++) {
    const c = COUNTRIES[i % COUNTRIES.length];
    const s = SECTORS[(i * 7) % SECTORS.length];
    out.push({ id: `group:g${i}`, name: `Group ${i}`, code: c + s, country: c, sector: s, kind: "group" });
  }
  return out;
}

/** A Zipf-like pick: index i with weight 1/(i+1). */
function zipf(rand, n) {
  return Math.min(n - 1, Math.floor(Math.exp(rand() * Math.log(n + 1)) - 1));
}

/** The n-th generated event record (deterministic for a seed). */
export function* generateRecords(n, seed = 1) {
  const rand = rng(seed);
  const pool = actors();
  const rootTotal = ROOTS.reduce((s, r) => s + r[3], 0);
  for (let i = 0; i < n; i++) {
    const a = pool[zipf(rand, pool.length)];
    let b = pool[zipf(rand, pool.length)];
    if (b === a) b = pool[(pool.indexOf(a) + 1) % pool.length];
    let pick = rand() * rootTotal;
    let root = ROOTS[0];
    for (const r of ROOTS) if ((pick -= r[3]) <= 0) { root = r; break; }
    const day = new Date((START_DAY + Math.floor(rand() * DAYS)) * DAY_MS).toISOString().slice(0, 10);
    const sentence = `Event ${i}: ${a.name} and ${b.name} (${root[0]}).`;
    const actor = (x) => ({ text: x.name, start: 0, end: x.name.length, name: x.name, id: x.id, code: x.code, country: x.country, sector: x.sector, kind: x.kind });
    const cameo = root[0] + "0";
    yield {
      id: `b${seed}-${i}`, doc_id: "", cameo, cameo_root: root[0], goldstein: root[1], quad_class: root[2],
      evidence: { sentence, sentence_index: 0, start: 0, end: sentence.length, trigger: { text: "x", start: 0, end: 1 } },
      plover: { type: PLOVER[root[2]], mode: null },
      acled: root[2] === 4 ? { event_type: "Battles", sub_event_type: "Armed clash" } : null,
      source: actor(a), target: actor(b),
      date: { value: day, precision: "day", basis: "stated", text: null },
      historical: rand() < 0.02,
      location: { text: b.name, name: b.name, country: b.country, admin1: null, lat: 10 + rand() * 40, lon: 10 + rand() * 90, precision: "city", geonames_id: null },
      fatalities: root[2] === 4 ? { killed: Math.floor(rand() * 5), injured: null } : null,
      modality: rand() < 0.05 ? "alleged" : "asserted",
      confidence: 0.8, rule: "bench",
    };
  }
}

/* --------------------------------------------------------------- loading */

/** Documents of 10 records each, for `store.saveBatch`. */
function* documents(records) {
  let batch = [];
  let k = 0;
  for (const r of records) {
    batch.push(r);
    if (batch.length === 10) {
      yield { doc: { id: `bench-doc-${k}`, text: `bench document ${k}`, date: r.date.value, url: `https://wire${k % 40}.example/${k}` }, records: batch };
      batch = [];
      k++;
    }
  }
  if (batch.length) yield { doc: { id: `bench-doc-${k}`, text: `bench document ${k}`, date: batch[0].date.value }, records: batch };
}

/** The first `sample` events through the store's write path (merge + rollup): returns events/s. */
async function loadThroughStore(path, records) {
  const { openStore } = await import("../src/store/index.ts");
  const store = await openStore(path);
  const t0 = performance.now();
  let n = 0;
  let docs = [];
  for (const d of documents(records)) {
    docs.push(d);
    n += d.records.length;
    if (docs.length === 100) {
      await store.saveBatch(docs);
      docs = [];
    }
  }
  if (docs.length) await store.saveBatch(docs);
  const rate = n / ((performance.now() - t0) / 1000);
  await store.close();
  return rate;
}

/**
 * The rest straight into the events table with one prepared statement, in
 * 100,000-row transactions: one event per record (no merging: generated records
 * never describe the same real event), no mentions (the list and series endpoints
 * do not read them). Mirrors the store's row layout (src/store/schema.ts, writer.ts).
 * The secondary indexes of the events and rollup tables are dropped for the load and
 * rebuilt after it (one sort per index instead of millions of random inserts), and the
 * daily rollup of the loaded rows is computed in SQL with one GROUP BY (and the series
 * summaries from it). Returns
 * events/s and the seconds spent loading rows and rebuilding indexes and rollups.
 */
async function bulkLoad(path, records, total) {
  const { default: Database } = await import("better-sqlite3");
  const { ROLLUP_KEY, rebuildSeriesSummaries } = await import("../src/store/schema.ts");
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -1000000");
  db.pragma("temp_store = MEMORY");
  const cols = ["id", "family", "ck", "lo", "hi", "day", "rep_rid", "rep_doc", "rep_reported", "rep_quality", "source_id", "source_code", "source_country",
    "source_sector", "target_id", "target_code", "target_country", "target_sector", "cameo", "cameo_root", "quad_class", "plover_type",
    "acled_type", "acled_sub_type", "modality", "historical", "country", "admin1", "loc_precision", "lat", "lon", "goldstein", "killed",
    "injured", "n_sources", "n_articles", "first_reported"];
  const firstSeq = Number(db.prepare("SELECT COALESCE(MAX(seq), 0) AS s FROM events").get().s) + 1;
  // Named indexes (not the UNIQUE/PRIMARY KEY autoindexes): dropped now, rebuilt from their own SQL.
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('events', 'rollup_dyad_day') AND sql IS NOT NULL").all();
  for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
  const insEvent = db.prepare(`INSERT INTO events (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`);
  // The representative record is its mention's (rep_doc, rep_rid): one mention per bulk event.
  const insRecord = db.prepare("INSERT INTO mentions (rid, doc_id, event_id, sentence_id, reported, source_key, record) VALUES (?, 'bench', ?, 0, ?, 'bench', ?)");
  const write = db.transaction((rows) => {
    for (const r of rows) {
      const d = Math.floor(Date.parse(r.date.value) / DAY_MS);
      const fam = ["18", "19", "20"].includes(r.cameo_root) ? "V" : r.cameo_root;
      const killed = r.fatalities?.killed ?? null;
      const v = {
        id: "ev:" + r.id, family: `${fam}/r`, ck: r.location.country, lo: d - 1, hi: d + 1, day: r.date.value, rep_rid: r.id, rep_doc: "bench", rep_reported: r.date.value,
        rep_quality: "[0,0,0,0]", source_id: r.source.id, source_code: r.source.code, source_country: r.source.country, source_sector: r.source.sector,
        target_id: r.target.id, target_code: r.target.code, target_country: r.target.country, target_sector: r.target.sector,
        cameo: r.cameo, cameo_root: r.cameo_root, quad_class: r.quad_class, plover_type: r.plover.type,
        acled_type: r.acled?.event_type ?? null, acled_sub_type: r.acled?.sub_event_type ?? null, modality: r.modality,
        historical: r.historical ? 1 : 0, country: r.location.country, admin1: null, loc_precision: "city", lat: r.location.lat, lon: r.location.lon, goldstein: r.goldstein,
        killed, injured: null, n_sources: 1, n_articles: 1, first_reported: r.date.value,
      };
      insEvent.run(cols.map((c) => v[c]));
      insRecord.run(r.id, v.id, v.rep_reported, JSON.stringify({ ...r, doc_id: "bench" }));
    }
  });
  const t0 = performance.now();
  let rows = [];
  let n = 0;
  for (const r of records) {
    rows.push(r);
    if (rows.length === 100_000) {
      write(rows);
      n += rows.length;
      rows = [];
      if (n % 1_000_000 === 0) process.stderr.write(`  bulk: ${n.toLocaleString()} / ${total.toLocaleString()} (${Math.round(n / ((performance.now() - t0) / 1000))}/s)\n`);
    }
  }
  write(rows);
  n += rows.length;
  const t1 = performance.now();
  // The daily rollup of the bulk rows, summed in SQL (NULL key parts stored as '', as the writer does).
  const key = ROLLUP_KEY.map((k) => `COALESCE(${k}, '')`).join(", ");
  db.exec(`INSERT INTO rollup_dyad_day (${ROLLUP_KEY.join(", ")}, events, goldstein_sum, killed, injured, sources)
    SELECT ${key}, COUNT(*), SUM(goldstein), SUM(COALESCE(killed, 0)), SUM(COALESCE(injured, 0)), SUM(n_sources)
    FROM events WHERE seq >= ${firstSeq} GROUP BY ${key}
    ON CONFLICT (${ROLLUP_KEY.join(", ")}) DO UPDATE SET events = events + excluded.events, goldstein_sum = goldstein_sum + excluded.goldstein_sum,
      killed = killed + excluded.killed, injured = injured + excluded.injured, sources = sources + excluded.sources`);
  // The series summaries, recomputed from the rollup (when the schema has them).
  const hasSummaries = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'rollup_actor_day'").get();
  if (hasSummaries) db.transaction(() => { for (const s of rebuildSeriesSummaries()) db.exec(s); })();
  const t2 = performance.now();
  for (const ix of indexes) db.exec(ix.sql);
  const t3 = performance.now();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("ANALYZE");
  db.close();
  const s = (a, b) => Math.round((b - a) / 100) / 10;
  process.stderr.write(`  bulk rows ${s(t0, t1)} s, rollup ${s(t1, t2)} s, indexes ${s(t2, t3)} s, analyze ${s(t3, performance.now())} s\n`);
  return { rate: n / ((performance.now() - t0) / 1000), rows_s: s(t0, t1), rollup_s: s(t1, t2), indexes_s: s(t2, t3), total_s: s(t0, performance.now()) };
}

/* ------------------------------------------------------------------ load */

function pct(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

function request(agent, url) {
  return new Promise((ok) => {
    const t0 = performance.now();
    const req = http.get(url, { agent }, (res) => {
      let bytes = 0;
      let body = "";
      res.on("data", (c) => {
        bytes += c.length;
        if (body.length < 2000) body += c;
      });
      res.on("end", () => ok({ ms: performance.now() - t0, status: res.statusCode, bytes, body }));
    });
    req.on("error", (err) => ok({ ms: performance.now() - t0, status: 0, bytes: 0, body: String(err) }));
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
  });
}

/** The URL maker of each scenario: a random but seeded request. */
export function scenarios(base, rand) {
  const pool = actors();
  const pair = () => {
    const a = pool[zipf(rand, 60)];
    let b = pool[zipf(rand, 120)];
    if (b === a) b = pool[(pool.indexOf(a) + 1) % pool.length];
    return [a, b];
  };
  const day = (d) => new Date((START_DAY + d) * DAY_MS).toISOString().slice(0, 10);
  return {
    series() {
      const [a, b] = pair();
      const kind = rand();
      if (kind < 0.4) {
        const s = Math.floor(rand() * (DAYS - 366));
        return `${base}/api/dyads/series?a=id=${a.id}&b=id=${b.id}&interval=day&from=${day(s)}&to=${day(s + 365)}`;
      }
      if (kind < 0.7) return `${base}/api/dyads/series?a=id=${a.id}&b=id=${b.id}&interval=month&from=${day(0)}&to=${day(DAYS - 1)}`;
      if (kind < 0.9) {
        const s = Math.floor(rand() * (DAYS - 800));
        return `${base}/api/dyads/series?a=country=${a.country}&b=country=${b.country}&interval=week&from=${day(s)}&to=${day(s + 730)}`;
      }
      return `${base}/api/dyads/series?a=id=${a.id}&interval=month&from=${day(DAYS - 730)}&to=${day(DAYS - 1)}`;
    },
    events() {
      const kind = rand();
      const [a, b] = pair();
      if (kind < 0.25) return `${base}/api/events?limit=50`;
      if (kind < 0.45) return `${base}/api/events?actor=id=${a.id}&limit=50`;
      if (kind < 0.6) return `${base}/api/events?dyad=id=${a.id}~id=${b.id}&limit=50`;
      if (kind < 0.75) return `${base}/api/events?country=${a.country}&root=18,19,20&limit=50`;
      const s = Math.floor(rand() * (DAYS - 31));
      return `${base}/api/events?from=${day(s)}&to=${day(s + 30)}&quad=4&limit=50`;
    },
  };
}

/** Child mode: drive one scenario with C loops for D seconds (at most M requests); print JSON stats. */
async function drive(base, scenario, concurrency, seconds, maxRequests) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const rand = rng(7);
  const make = scenarios(base, rand)[scenario];
  const lat = [];
  const slow = [];
  const errors = [];
  let sent = 0;
  let pages = 0;
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline && sent < maxRequests) {
      sent++;
      const url = make();
      const r = await request(agent, url);
      lat.push(r.ms);
      slow.push([r.ms, url.slice(base.length)]);
      if (r.status !== 200) errors.push(`${r.status} ${url.slice(base.length)} ${r.body.slice(0, 200)}`);
      else if (scenario === "events" && rand() < 0.3) {
        const next = /"next":"([^"]+)"/.exec(r.body) ?? null;
        if (next) {
          const p = await request(agent, `${url}&cursor=${next[1]}`);
          lat.push(p.ms);
          slow.push([p.ms, `${url.slice(base.length)}&cursor=…`]);
          sent++;
          pages++;
          if (p.status !== 200) errors.push(`${p.status} page ${p.body.slice(0, 200)}`);
        }
      }
    }
  }));
  const wall = (performance.now() - t0) / 1000;
  agent.destroy();
  lat.sort((x, y) => x - y);
  process.stdout.write(JSON.stringify({
    scenario, requests: lat.length, pages, seconds: wall, rps: lat.length / wall, p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99),
    max: lat[lat.length - 1], errors: errors.length, firstErrors: errors.slice(0, 5),
    slowest: slow.sort((x, y) => y[0] - x[0]).slice(0, 5).map(([ms, u]) => `${Math.round(ms)} ms ${u}`),
  }) + "\n");
}

function startServer(db) {
  return new Promise((ok, fail) => {
    const env = { ...process.env };
    delete env.FAULTLINE_API_TOKEN;
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/run.ts"), "serve", "--db", db, "--port", "0"], {
      cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env,
    });
    let err = "";
    child.stderr.on("data", (c) => {
      err += c;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) ok({ child, url: m[1] });
    });
    child.on("exit", (code) => fail(new Error(`server exited with ${code}: ${err}`)));
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (null where there is none). */
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

function runChild(args) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.on("exit", (code) => (code === 0 ? ok(JSON.parse(out)) : fail(new Error(`driver exited with ${code}`))));
  });
}

async function main() {
  if (process.argv[2] === "--drive") {
    const [, , , base, scenario, c, s, m] = process.argv;
    await drive(base, scenario, Number(c), Number(s), Number(m));
    return;
  }
  const n = Number(arg("--events", "10000000"));
  const sample = Math.min(n, Number(arg("--sample", "20000")));
  const concurrency = Number(arg("--concurrency", "8"));
  const seconds = Number(arg("--duration", "20"));
  const maxRequests = Number(arg("--max-requests", "200000"));
  const tmp = arg("--db", null) ? null : mkdtempSync(join(tmpdir(), "faultline-load-"));
  const db = arg("--db", null) ?? join(tmp, "load.sqlite");
  const report = { events: n, concurrency, seconds };
  if (!existsSync(db)) {
    process.stderr.write(`generating ${n.toLocaleString()} events into ${db}\n`);
    const records = generateRecords(n, 1);
    const head = (function* () {
      for (let i = 0; i < sample; i++) {
        const r = records.next();
        if (r.done) return;
        yield r.value;
      }
    })();
    const t0 = performance.now();
    report.store_events_per_s = Math.round(await loadThroughStore(db, head));
    const bulk = await bulkLoad(db, { [Symbol.iterator]: () => records }, n - sample);
    report.bulk_events_per_s = Math.round(bulk.rate);
    report.seeding = { ...bulk, rate: undefined, seconds: Math.round((performance.now() - t0) / 1000) };
    process.stderr.write(`seeded in ${report.seeding.seconds} s: ${JSON.stringify(report.seeding)}\n`);
  } else process.stderr.write(`reusing ${db}\n`);
  if (process.argv.includes("--seed-only")) {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    return;
  }
  const server = await startServer(db);
  try {
    for (const scenario of ["series", "events"]) {
      process.stderr.write(`driving ${scenario}: ${concurrency} loops, ${seconds} s\n`);
      const cpu0 = cpuSeconds(server.child.pid);
      report[scenario] = await runChild(["--drive", server.url, scenario, String(concurrency), String(seconds), String(maxRequests)]);
      const cpu1 = cpuSeconds(server.child.pid);
      // The server's CPU time per request: its latency once it has a core to itself,
      // whatever else the machine runs (wall-clock figures depend on the load).
      if (cpu0 !== null && cpu1 !== null) report[scenario].server_cpu_ms_per_request = Math.round(((cpu1 - cpu0) * 1000 / report[scenario].requests) * 10) / 10;
    }
  } finally {
    server.child.kill("SIGTERM");
  }
  report.loadavg = (await import("node:os")).loadavg().map((x) => Math.round(x * 100) / 100);
  const ok = (r, target) => r.errors === 0 && r.p95 < target;
  report.targets = {
    series_p95_under_100ms: ok(report.series, TARGETS.series),
    events_p95_under_50ms: ok(report.events, TARGETS.events),
  };
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  if (tmp && !process.argv.includes("--keep")) rmSync(tmp, { recursive: true, force: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
