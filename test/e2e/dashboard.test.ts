/**
 * End-to-end: the built dashboard in Debian's Chromium against a real
 * `faultline serve` over a temporary SQLite store holding the example articles.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { ARTICLES, seedStore } from "./seed.js";
import { buildWeb, isLoopback, launch, SCREENSHOTS, serve, type Served } from "./server.js";

const TOKEN = "e2e-write-token-0123456789";
const SCRIPT_ARTICLE = ARTICLES.find((a) => a.text.includes("<script>"))!;

let dir: string;
let server: Served;
let ctx: BrowserContext;
let page: Page;
const requests: string[] = [];
const dialogs: string[] = [];
const pageErrors: string[] = [];

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });

async function open(hash: string): Promise<void> {
  await page.goto(`${server.url}/${hash}`);
  await page.waitForSelector("main[data-view]");
}

async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(server.url + path);
  expect(r.status, path).toBe(200);
  return (await r.json()) as T;
}

beforeAll(async () => {
  buildWeb();
  mkdirSync(SCREENSHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "faultline-e2e-"));
  const db = join(dir, "e2e.sqlite");
  const store = await openStore(db);
  await seedStore(store);
  await store.close();
  server = await serve(db, TOKEN);
  const r = await fetch(`${server.url}/api/ingest`, {
    method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(SCRIPT_ARTICLE),
  });
  expect(r.status).toBe(200);
  expect(((await r.json()) as { mentions: number }).mentions).toBeGreaterThan(0);
  ctx = await launch();
  page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on("request", (req) => requests.push(req.url()));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
}, 240_000);

afterAll(async () => {
  await ctx?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("dashboard", () => {
  it("overview shows status, alerts, active dyads and countries, recent events", async () => {
    await open("#/overview");
    const status = await getJson<{ events: number }>("/api/status");
    await expect.poll(() => page.textContent("[data-testid=stat-events]")).toBe(status.events.toLocaleString("en-US"));
    await page.waitForSelector("text=Escalation between Afghanistan and Pakistan");
    await page.waitForSelector("table.rank >> text=Afghanistan – Pakistan");
    expect(await page.locator("table.events tbody tr").count()).toBeGreaterThan(5);
    await page.click("nav.periods >> text=90 days");
    await expect.poll(() => page.url()).toContain("days=90");
    const pair = page.locator("table.rank tr", { hasText: "Afghanistan – Pakistan" });
    await expect.poll(() => pair.locator("td").nth(1).textContent()).toBe("7");
    await shot("overview");
  });

  it("relationship view: a click on the timeline lists its events, one more opens the event and its evidence", async () => {
    await open("#/dyad?a=PAK&b=AFG&interval=week");
    const series = await getJson<{ buckets: { start: string; events: number }[] }>("/api/dyads/series?a=PAK&b=AFG&interval=week");
    const busiest = series.buckets.reduce((best, b, i) => (b.events > series.buckets[best].events ? i : best), 0);
    expect(series.buckets[busiest].events).toBeGreaterThan(0);
    const chart = page.locator("[data-testid=timeline]");
    await chart.locator("canvas").waitFor();
    await page.waitForTimeout(300);
    const box = (await chart.boundingBox())!;
    const left = 48, right = 56, bottom = 56;
    const x = box.x + left + ((busiest + 0.5) * (box.width - left - right)) / series.buckets.length;
    await page.mouse.click(x, box.y + box.height - bottom - 3);
    const rows = page.locator("[data-testid=picked-events] table.events tbody tr");
    await rows.first().waitFor();
    expect(await page.textContent("[data-testid=picked-events] h2")).toContain(series.buckets[busiest].start);
    await shot("dyad");
    await rows.first().locator("a").click();
    await page.waitForSelector("mark.evidence");
    expect(page.url()).toMatch(/#\/event\//);
    const marked = await page.textContent("mark.evidence");
    expect(ARTICLES.some((a) => a.text.includes(marked!))).toBe(true);
    expect(await page.textContent("blockquote.evidence-sentence")).toBe(marked);
  });

  it("event view names the codes, actors, place, date basis and rule", async () => {
    const main = (await page.textContent("main"))!;
    for (const words of ["Quad class", "Goldstein", "PLOVER", "ACLED", "stated in the text", "Confidence", "Pakistan", "e2e.hand."]) expect(main).toContain(words);
    expect(await page.locator("[data-testid=actor-source] .big").textContent()).not.toBe("");
    await shot("event");
  });

  it("a review correction persists after reload", async () => {
    await page.fill("#token", TOKEN);
    await page.click("form.token button");
    await page.check("input[name=verdict][value=wrong]");
    await page.fill("#r-cameo", "193");
    await page.fill("#r-note", "the fighting was a ground clash");
    await page.click("form.review-form button[type=submit]");
    await page.waitForSelector("form.review-form [role=status] >> text=Saved.");
    await page.reload();
    const reviews = page.locator("[data-testid=reviews]");
    await reviews.waitFor();
    await reviews.scrollIntoViewIfNeeded();
    const text = (await reviews.textContent())!;
    expect(text).toContain("wrong");
    expect(text).toContain("cameo 193");
    expect(text).toContain("the fighting was a ground clash");
    // The correction is in effect: the event shows code 193, the panel shows coded -> corrected.
    const applied = page.locator("[data-testid=applied-review]");
    await applied.waitFor();
    expect(await applied.textContent()).toMatch(/wrong.*CAMEO code.*193/s);
    expect(await page.textContent("main")).toContain("reviewed wrong");
    const id = decodeURIComponent(page.url().split("#/event/")[1]);
    const ev = await getJson<{ cameo: string; review: { verdict: string; original: { cameo: string } } }>(`/api/events/${encodeURIComponent(id)}`);
    expect(ev).toMatchObject({ cameo: "193", review: { verdict: "wrong" } });
    expect(ev.review.original.cameo).not.toBe("193");
    await applied.scrollIntoViewIfNeeded();
    await shot("event-reviewed");
  });

  it("map shows located events and its filters narrow them", async () => {
    await open("#/map");
    const dots = page.locator("svg.map a.dot");
    await dots.first().waitFor();
    const all = await dots.count();
    expect(all).toBeGreaterThanOrEqual(5);
    await shot("map");
    await page.selectOption("#f-quad", "4");
    await page.click("form.filters button[type=submit]");
    await expect.poll(() => page.url()).toContain("quad=4");
    await expect.poll(() => dots.count()).toBeLessThan(all);
    expect(await dots.count()).toBeGreaterThan(0);
    await page.fill("#f-country", "qat");
    await page.click("form.filters button[type=submit]");
    await expect.poll(() => page.textContent("[data-testid=map-count]")).toMatch(/^0 of 0/);
  });

  it("search finds events and articles", async () => {
    await open("#/search?q=ceasefire");
    await expect.poll(() => page.textContent("[data-testid=event-count]")).toMatch(/^[1-9]/);
    await page.waitForSelector("[data-testid=doc-results] >> text=Ceasefire talks in Doha");
    await shot("search");
    await page.selectOption("#f-root", "19");
    await page.fill("#f-q", "");
    await page.click("form.filters button[type=submit]");
    await expect.poll(() => page.url()).toContain("root=19");
    // The previous results stay on screen until the new answer comes: wait for it.
    const onlyRoot19 = async () => {
      const codes = await page.locator("table.events .code").allTextContents();
      return codes.length > 0 && codes.every((code) => code.startsWith("19"));
    };
    await expect.poll(onlyRoot19).toBe(true);
  });

  it("network view draws the actor graph", async () => {
    await open("#/network?from=2025-10-01&to=2025-11-30");
    await expect.poll(() => page.textContent("[data-testid=net-size]")).toMatch(/^[1-9]\d* actors, [1-9]/);
    await page.locator("[data-testid=network] canvas").waitFor();
    await page.waitForTimeout(500);
    await shot("network");
  });

  it("article text with a script tag is shown as text and never runs", async () => {
    const docs = await getJson<{ items: { id: string; title: string }[] }>("/api/documents?q=Quetta");
    const doc = docs.items.find((d) => d.title === SCRIPT_ARTICLE.title)!;
    await open(`#/search?doc=${encodeURIComponent(doc.id)}`);
    await page.locator("table.events tbody tr a").first().click();
    await page.waitForSelector(".doc-text");
    expect(await page.textContent(".source h3")).toBe(SCRIPT_ARTICLE.title);
    expect(await page.textContent(".doc-text")).toBe(SCRIPT_ARTICLE.text);
    expect(await page.locator("main script").count()).toBe(0);
    await shot("event-script-text");
    expect(dialogs).toEqual([]);
  });

  it("review desk adds an unknown actor to the knowledge base as a stored correction", async () => {
    await open("#/review");
    const row = page.locator("tr", { hasText: "unknown:torkham-traders-union" });
    await row.waitFor();
    await row.locator("button").click();
    await row.locator("input[name=name]").fill("Torkham Traders Union");
    await row.locator("input[name=country]").fill("pak");
    await row.locator("input[name=code]").fill("PAKBUS");
    await shot("review");
    await row.locator("button[type=submit]").click();
    await page.waitForSelector("[role=status] >> text=Added Torkham Traders Union to the knowledge base as org:torkham-traders-union (PAKBUS)");
    // It leaves the list at once, and after a reload (the server wrote it to its additions file).
    await expect.poll(() => row.count()).toBe(0);
    await page.waitForSelector("[data-testid=reviews] >> text=added org:torkham-traders-union (PAKBUS)");
    await shot("review-added");
    await page.reload();
    await page.waitForSelector("[data-testid=reviews] >> text=added org:torkham-traders-union");
    await page.waitForSelector("#h-new");
    expect(await page.locator("tr", { hasText: "unknown:torkham-traders-union" }).count()).toBe(0);
    const reviews = await getJson<{ items: { event_id: string; corrections: { add_actor?: { name: string; code: string; country: string } } | null }[] }>("/api/reviews");
    const review = reviews.items.find((r) => r.corrections?.add_actor)!;
    expect(review.corrections?.add_actor).toMatchObject({ id: "org:torkham-traders-union", name: "Torkham Traders Union", country: "PAK", code: "PAKBUS" });
    expect(await getJson<{ name: string }>("/api/actors/org:torkham-traders-union")).toMatchObject({ name: "Torkham Traders Union", roles: [{ code: "PAKBUS" }] });
    const file = JSON.parse(readFileSync(join(dir, "e2e.sqlite.kb-additions.json"), "utf8")) as { entries: { id: string }[] };
    expect(file.entries.map((e) => e.id)).toEqual(["org:torkham-traders-union"]);
    // The event that named it unknown now names it (the coded actor kept as the original).
    const ev = await getJson<{ target: { id: string; code: string }; review: { original: { target: { id: string } } } }>(`/api/events/${encodeURIComponent(review.event_id)}`);
    expect(ev.target).toMatchObject({ id: "org:torkham-traders-union", code: "PAKBUS" });
    expect(ev.review.original.target.id).toBe("unknown:torkham-traders-union");
  });

  it("no request left loopback, no dialog fired, no page error", () => {
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((u) => !isLoopback(u))).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
