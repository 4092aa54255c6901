#!/usr/bin/env node
/**
 * Dashboard load time on a big store: `node --import tsx bench/web-load.mjs [--events N]
 * [--db PATH] [--runs R] [--days D] [--keep]`.
 *
 * 1. Fills a SQLite store with N generated events (default 1,000,000) through the
 *    store's bulk write path (`store.saveBatch`, 10 records a document, 200 documents
 *    a transaction), unless --db names an existing store.
 * 2. Builds the dashboard if src/web/dist is missing, starts `faultline serve` on the store.
 * 3. Opens #/overview (with rankings over D days when given, else the overview's default)
 *    in Debian's Chromium (fresh profile, 1440x900) R times (default 5)
 *    and times navigation start → every panel loaded (no "Loading…" left). Prints JSON
 *    with the median and each run; the target is under 2 s.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { arg, rng } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DAY_MS = 86_400_000;
const START_DAY = Date.UTC(2022, 0, 1) / DAY_MS;
const DAYS = 4 * 365;

const COUNTRIES = "PAK AFG IND IRN IRQ SYR TUR ISR LBN YEM SAU EGY LBY SDN ETH SOM KEN NGA MLI NER UKR RUS USA CHN MMR COL MEX QAT".split(" ");
const SECTORS = ["GOV", "MIL", "COP", "REB", "INS", "CVL"];
/** CAMEO root, Goldstein, quad class, PLOVER type. */
const ROOTS = [["01", 0, 1, "CONSULT"], ["04", 1, 1, "CONSULT"], ["05", 3.5, 1, "COOPERATE"], ["07", 7, 2, "AID"], ["08", 5, 2, "RETREAT"],
  ["11", -2, 3, "ACCUSE"], ["13", -6, 3, "THREATEN"], ["17", -7, 4, "COERCE"], ["18", -9, 4, "ASSAULT"], ["19", -10, 4, "ASSAULT"]];

function actorPool() {
  const pool = COUNTRIES.map((c) => ({ id: `state:${c}`, name: c, code: c, country: c, sector: null, kind: "state" }));
  for (let i = 0; i < 200; i++) {
    const c = COUNTRIES[i % COUNTRIES.length];
    const s = SECTORS[(i * 5) % SECTORS.length];
    pool.push({ id: `group:w${i}`, name: `Group ${i}`, code: c + s, country: c, sector: s, kind: "group" });
  }
  return pool;
}

/** N event records: skewed towards the first actors (Pakistan, Afghanistan ...), spread over four years. */
function* records(n, seed = 7) {
  const rand = rng(seed);
  const pool = actorPool();
  const pick = () => pool[Math.min(pool.length - 1, Math.floor(Math.exp(rand() * Math.log(pool.length + 1)) - 1))];
  for (let i = 0; i < n; i++) {
    const a = pick();
    let b = pick();
    if (b === a) b = pool[(pool.indexOf(a) + 1) % pool.length];
    const [root, goldstein, quad, plover] = ROOTS[Math.floor(rand() * ROOTS.length)];
    const day = new Date((START_DAY + Math.floor(rand() * DAYS)) * DAY_MS).toISOString().slice(0, 10);
    const sentence = `Synthetic event ${i} between ${a.name} and ${b.name}.`;
    const actor = (x) => ({ text: x.name, start: 0, end: x.name.length, ...x });
    yield {
      id: `wl-${i}`, doc_id: "", cameo: root + "0", cameo_root: root, goldstein, quad_class: quad,
      evidence: { sentence, sentence_index: 0, start: 0, end: sentence.length, trigger: { text: "event", start: 10, end: 15 } },
      plover: { type: plover, mode: null }, acled: quad === 4 ? { event_type: "Battles", sub_event_type: "Armed clash" } : null,
      source: actor(a), target: actor(b), date: { value: day, precision: "day", basis: "stated", text: null }, historical: false,
      location: { text: b.name, name: b.name, country: b.country, admin1: null, lat: 20 + rand() * 20, lon: 40 + rand() * 40, precision: "city", geonames_id: null },
      fatalities: quad === 4 ? { killed: Math.floor(rand() * 4), injured: null } : null,
      modality: "asserted", confidence: 0.8, rule: "bench.web",
    };
  }
}

async function fill(path, n) {
  const { openStore } = await import("../src/store/index.ts");
  const store = await openStore(path);
  const t0 = performance.now();
  let docs = [];
  let batch = [];
  let k = 0;
  let done = 0;
  for (const r of records(n)) {
    batch.push(r);
    if (batch.length < 10) continue;
    docs.push({ doc: { id: `wl-doc-${k}`, text: `web-load document ${k}`, date: r.date.value, url: `https://wire${k % 30}.example/${k}` }, records: batch });
    batch = [];
    k++;
    if (docs.length === 200) {
      await store.saveBatch(docs);
      done += 2000;
      docs = [];
      if (done % 100_000 === 0) process.stderr.write(`  ${done.toLocaleString("en-US")} events (${Math.round(done / ((performance.now() - t0) / 1000))}/s)\n`);
    }
  }
  if (batch.length) docs.push({ doc: { id: `wl-doc-${k}`, text: `web-load document ${k}` }, records: batch });
  if (docs.length) await store.saveBatch(docs);
  const rate = n / ((performance.now() - t0) / 1000);
  await store.close();
  return rate;
}

function serve(db) {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/run.ts"), "serve", "--db", db, "--port", "0"], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  return new Promise((ok, fail) => {
    child.once("exit", (c) => fail(new Error(`serve exited (${c}): ${log}`)));
    child.stderr.on("data", (b) => {
      log += b;
      const m = /listening on (http:\/\/\S+)/.exec(log);
      if (m) ok({ url: m[1], child });
    });
  });
}

async function main() {
  const n = Number(arg("--events", "1000000"));
  const runs = Number(arg("--runs", "5"));
  const days = arg("--days", null);
  const tmp = arg("--db", null) ? null : mkdtempSync(join(tmpdir(), "faultline-web-load-"));
  const db = arg("--db", null) ?? join(tmp, "web-load.sqlite");
  const report = { events: n, db, ranking_days: days ?? "default" };
  if (!existsSync(db)) {
    process.stderr.write(`filling ${db} with ${n.toLocaleString("en-US")} events through saveBatch\n`);
    report.fill_events_per_s = Math.round(await fill(db, n));
  }
  if (!existsSync(join(ROOT, "src/web/dist/index.html"))) {
    const b = spawnSync(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "src/web"], { cwd: ROOT, stdio: "inherit" });
    if (b.status !== 0) throw new Error("vite build failed");
  }
  const { chromium } = await import("playwright-core");
  const server = await serve(db);
  const profile = mkdtempSync(join(tmpdir(), "faultline-web-load-chromium-"));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", viewport: { width: 1440, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    report.page_errors = [];
    page.on("pageerror", (e) => report.page_errors.push(e.message));
    page.on("response", (r) => r.status() >= 400 && report.page_errors.push(`${r.status()} ${r.url()}`));
    const stats = await fetch(`${server.url}/api/status`).then((r) => r.json());
    report.store_events = stats.events;
    report.runs_ms = [];
    for (let i = 0; i < runs; i++) {
      await page.goto("about:blank");
      const t0 = Date.now();
      await page.goto(`${server.url}/#/overview${days ? `?days=${days}` : ""}`);
      await page.waitForFunction(() => document.querySelector("[data-testid=stat-events]") && document.querySelectorAll("main [aria-busy=true]").length === 0 && document.querySelectorAll("main section.panel").length === 5, null, { timeout: 60_000, polling: 10 });
      report.runs_ms.push(Date.now() - t0);
      const errors = await page.locator("main .error").count();
      if (errors) throw new Error(`the overview shows ${errors} error(s): ${await page.locator("main .error").first().textContent()}`);
    }
    const sorted = [...report.runs_ms].sort((a, b) => a - b);
    report.first_load_ms = report.runs_ms[0];
    report.median_ms = sorted[Math.floor(sorted.length / 2)];
    report.target_under_2s = report.median_ms < 2000;
  } finally {
    await ctx.close();
    server.child.kill("SIGTERM");
    rmSync(profile, { recursive: true, force: true });
    if (tmp && !process.argv.includes("--keep")) rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
}

await main();
