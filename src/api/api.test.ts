/* eslint-disable @typescript-eslint/no-explicit-any -- assertions walk untyped JSON responses */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Actor, EventRecord, Modality } from "../doc/index.js";
import type { Coder } from "../app/coder.js";
import { KbAdditions, LiveKnowledge } from "../app/kb-additions.js";
import { additionsIssues, loadActorKB } from "../ontology/actors/index.js";
import { loadKnowledge } from "../ontology/index.js";
import { openStore } from "../store/index.js";
import type { CodedDocument, EventStore } from "../store/types.js";
import { ActorDirectory } from "./actors.js";
import { apiIngest } from "./ingest.js";
import { startServer, type RunningServer } from "./server.js";
import { CSP } from "./static.js";

/*
 * Hand-built event records: a Pakistan–Afghanistan dyad with a known rhythm, many
 * one-off dyads for paging, and a few records that analytics must leave out
 * (background, hypothetical) or report (an unknown actor).
 */
const actor = (id: string, code: string, country: string | null, sector: string | null, kind: Actor["kind"], name: string): Actor => ({
  text: name, start: 0, end: name.length, name, id, code, country, sector, kind,
});

const PAK = actor("state:PAK", "PAKMIL", "PAK", "MIL", "state", "Pakistan");
const AFG = actor("state:AFG", "AFGGOV", "AFG", "GOV", "state", "Afghanistan");
const IND = actor("state:IND", "IND", "IND", null, "state", "India");
const BTN = actor("state:BTN", "BTN", "BTN", null, "state", "Bhutan");

function day(i: number): string {
  return new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
}

interface Spec {
  id: string;
  date: string;
  sentence: string;
  source: Actor | null;
  target: Actor | null;
  cameo: string;
  goldstein: number;
  quad: 1 | 2 | 3 | 4;
  killed?: number;
  modality?: Modality;
  historical?: boolean;
  place?: { name: string; country: string; lat: number; lon: number };
}

function record(s: Spec): EventRecord {
  return {
    id: s.id, doc_id: "", cameo: s.cameo, cameo_root: s.cameo.slice(0, 2), goldstein: s.goldstein, quad_class: s.quad,
    evidence: { sentence: s.sentence, sentence_index: 0, start: 0, end: s.sentence.length, trigger: { text: "x", start: 0, end: 1 } },
    plover: { type: s.quad === 4 ? "ASSAULT" : "CONSULT", mode: null },
    acled: s.quad === 4 ? { event_type: "Battles", sub_event_type: "Armed clash" } : null,
    source: s.source, target: s.target,
    date: { value: s.date, precision: "day", basis: "stated", text: null },
    historical: s.historical ?? false,
    location: s.place
      ? { text: s.place.name, name: s.place.name, country: s.place.country, admin1: null, lat: s.place.lat, lon: s.place.lon, precision: "city", geonames_id: null }
      : null,
    fatalities: s.killed !== undefined ? { killed: s.killed, injured: null } : null,
    modality: s.modality ?? "asserted", confidence: 0.8, rule: "test",
  };
}

const PESHAWAR = { name: "Peshawar", country: "PAK", lat: 34.008, lon: 71.578 };
const KABUL = { name: "Kabul", country: "AFG", lat: 34.53, lon: 69.17 };

/** 40 clashes and 200 one-off events (every 3rd day), 10 talks (weekly), and 5 special cases. */
function seedDocuments(): CodedDocument[] {
  const recs: EventRecord[] = [];
  for (let i = 0; i < 40; i++) {
    const [s, t] = i % 2 ? [AFG, PAK] : [PAK, AFG];
    recs.push(record({
      id: `clash-${i}`, date: day(i * 3), sentence: `Troops exchanged fire in a border clash number ${i}.`, source: s, target: t,
      cameo: "190", goldstein: -10, quad: 4, killed: i % 5, place: i % 2 ? KABUL : PESHAWAR,
    }));
  }
  for (let i = 0; i < 10; i++) {
    recs.push(record({ id: `talk-${i}`, date: day(i * 7 + 1), sentence: `Envoys met for talks, round ${i}.`, source: PAK, target: AFG, cameo: "040", goldstein: 1, quad: 1 }));
  }
  for (let i = 0; i < 200; i++) {
    const g = { ...PAK, id: `group:g${i}`, code: `INDREB`, country: "IND", sector: "REB", kind: "group" as const, name: `Group ${i}` };
    recs.push(record({ id: `misc-${String(i).padStart(3, "0")}`, date: day(i * 3), sentence: `Rebels of group ${i} attacked a post.`, source: g, target: IND, cameo: "190", goldstein: -10, quad: 4 }));
  }
  recs.push(record({ id: "old-1", date: "1989-02-15", sentence: "The last Soviet troops left long ago.", source: PAK, target: AFG, cameo: "190", goldstein: -10, quad: 4, historical: true }));
  recs.push(record({ id: "maybe-1", date: day(5), sentence: "Pakistan might strike again.", source: PAK, target: AFG, cameo: "138", goldstein: -7, quad: 3, modality: "hypothetical" }));
  const front = { ...IND, id: "unknown:free-hills-front", code: "UNK", country: null, sector: null, kind: "group" as const, name: "Free Hills Front" };
  for (let i = 0; i < 3; i++) {
    recs.push(record({ id: `front-${i}`, date: day(i * 10), sentence: `The Free Hills Front raided a village, raid ${i}.`, source: front, target: BTN, cameo: "180", goldstein: -9, quad: 4 }));
  }
  const docs: CodedDocument[] = [];
  for (let k = 0; k < recs.length; k += 5) {
    const chunk = recs.slice(k, k + 5);
    const text = chunk.map((r) => r.evidence.sentence).join(" ");
    docs.push({ doc: { id: `doc-${k / 5}`, url: `https://news${k % 3}.example/a/${k}`, title: `Report ${k / 5}`, date: chunk[0].date.value, text }, records: chunk });
  }
  return docs;
}

/** Knowledge-base entries for the actor directory. */
const ACTOR_ENTRIES = [
  { id: "state:PAK", name: "Pakistan", iso3: "PAK", aliases: ["Pakistan", "Islamic Republic of Pakistan"] },
  { id: "state:AFG", name: "Afghanistan", iso3: "AFG", aliases: ["Afghanistan"] },
  {
    id: "group:taliban", name: "Taliban", kind: "group", country: "AFG", aliases: ["Afghan Taliban", "Islamic Emirate of Afghanistan"],
    roles: [{ code: "AFGINS", country: "AFG", sector: "INS", end: "2021-08-14" }, { code: "AFGGOV", country: "AFG", sector: "GOV", start: "2021-08-15" }],
  },
];

const TOKEN = "test-token-0123456789abcdef";
let dir: string;
let store: EventStore;
let rw: RunningServer;
let ro: RunningServer;
/** A server wired like `faultline serve`: real codebook, knowledge base, additions file and coder. */
let kbs: RunningServer;
let additions: KbAdditions;

async function get(path: string, server = rw): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(server.url + path);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (static files, exports)
  }
  return { status: res.status, body, headers: res.headers };
}

async function post(path: string, body: unknown, token: string | null = TOKEN, server = rw): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(server.url + path, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "faultline-api-"));
  store = await openStore(join(dir, "t.sqlite"));
  await store.saveBatch(seedDocuments());
  const web = join(dir, "web");
  mkdirSync(join(web, "assets"), { recursive: true });
  writeFileSync(join(web, "index.html"), "<!doctype html><title>Faultline</title>");
  writeFileSync(join(web, "assets", "app.js"), "console.log(1)");
  const fakeCoder = { code: () => [] } as unknown as Coder;
  const knowledge = loadKnowledge();
  additions = new KbAdditions(join(dir, "t.sqlite.kb-additions.json"), knowledge.ontologyDir);
  const live = new LiveKnowledge(knowledge, additions);
  const review = { events: knowledge.events, kb: () => live.kb(), additions };
  rw = await startServer({
    store, port: 0, token: TOKEN, actors: new ActorDirectory(ACTOR_ENTRIES), ingest: apiIngest(store, () => fakeCoder), webDir: web, maxBody: 64 * 1024, review,
  });
  ro = await startServer({ store, port: 0, token: null, webDir: join(dir, "missing") });
  kbs = await startServer({
    store, port: 0, token: TOKEN, ingest: apiIngest(store, () => live.coder()), review, isKnownActor: (id) => live.isKnownUnknown(id),
    actors: () => new ActorDirectory(additions.entries()),
  });
});

afterAll(async () => {
  await rw?.close();
  await ro?.close();
  await kbs?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("server", () => {
  it("binds loopback and reports status", async () => {
    expect(rw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await get("/api/status");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ backend: "sqlite", writes_enabled: true, actors: 3 });
    expect(r.body.events).toBe(255);
    expect(r.body.latest_event_day).toBe("2026-08-21");
    expect(r.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("serves an OpenAPI 3.1 document naming every route", async () => {
    const r = await get("/api/openapi.json");
    expect(r.body.openapi).toBe("3.1.0");
    for (const p of ["/api/events", "/api/events/{id}", "/api/dyads/series", "/api/dyads/top", "/api/countries/top", "/api/alerts", "/api/alerts/{id}/ack",
      "/api/alerts/run", "/api/network", "/api/actors", "/api/actors/{id}", "/api/documents", "/api/documents/{id}", "/api/ingest", "/api/export",
      "/api/reviews", "/api/status", "/api/new-actors"]) {
      expect(r.body.paths[p], p).toBeDefined();
    }
  });

  it("serves the dashboard with a same-origin CSP, and JSON 404s elsewhere", async () => {
    const index = await get("/");
    expect(index.status).toBe(200);
    expect(index.headers.get("content-security-policy")).toBe(CSP);
    expect(CSP).not.toMatch(/https?:|\*|unsafe/);
    expect((await get("/relationships")).body).toContain("<title>Faultline");
    expect((await get("/assets/app.js")).headers.get("content-type")).toMatch(/javascript/);
    expect((await get("/assets/nope.js")).status).toBe(404);
    expect((await get("/assets/..%2f..%2f..%2f..%2fetc%2fpasswd")).status).toBe(404);
    expect((await get("/", ro)).status).toBe(404);
    const api404 = await get("/api/nothing");
    expect(api404).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  });
});

describe("GET /api/events", () => {
  it("filters by dyad, actor, country, root, quad, modality, near and text", async () => {
    const dyad = await get("/api/events?dyad=PAK~AFG&limit=500");
    expect(dyad.status).toBe(200);
    expect(dyad.body.items.length).toBe(52);
    const directed = await get("/api/events?source=PAK&target=AFG&root=19&limit=500");
    expect(directed.body.items.every((e: any) => e.source.id === "state:PAK" && e.cameo_root === "19")).toBe(true);
    expect(directed.body.items.length).toBe(21);
    expect((await get("/api/events?actor=code=AFGGOV&quad=1&limit=500")).body.items.length).toBe(10);
    expect((await get("/api/events?modality=hypothetical")).body.items.map((e: any) => e.id)).toEqual(["ev:maybe-1"]);
    expect((await get("/api/events?historical=true")).body.items.length).toBe(1);
    const near = await get("/api/events?near=34.0,71.5,30&limit=500");
    expect(near.body.items.length).toBe(20);
    expect(near.body.items.every((e: any) => e.location.name === "Peshawar")).toBe(true);
    expect((await get("/api/events?country=afg&from=2025-01-01&to=2025-01-10&quad=4")).body.items.length).toBe(2);
    expect((await get("/api/events?q=border%20clash&limit=500")).body.items.length).toBe(40);
    expect((await get("/api/events?cameo=18")).body.items.length).toBe(3);
    expect((await get("/api/events?acled=Battles&limit=1")).body.items.length).toBe(1);
  });

  it("pages with a stable cursor: no duplicates, no gaps, same order as one big page", async () => {
    const all = (await get("/api/events?limit=500")).body.items.map((e: any) => e.id);
    expect(all.length).toBe(255);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await get(`/api/events?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((e: any) => e.id));
      cursor = r.body.next;
    } while (cursor);
    expect(seen).toEqual(all);
    const days = (await get("/api/events?limit=500")).body.items.map((e: any) => e.day);
    expect([...days].sort().reverse()).toEqual(days);
  });

  it("refuses bad parameters with 400 and a JSON error", async () => {
    const bad = [
      "limit=501", "limit=0", "limit=abc", "from=2025-13-01", "from=2025-02-01&to=2025-01-01", "quad=5", "root=21", "cameo=abc",
      "near=95,10,5", "near=1,2", "modality=maybe", "historical=perhaps", "country=PAKISTAN", "colour=red", "limit=5&limit=6",
      "cursor=!!!", "cursor=bm90LWEtY3Vyc29y", "dyad=PAK", "actor=PAK&dyad=PAK~AFG", "plover=assault;drop",
    ];
    for (const qs of bad) {
      const r = await get(`/api/events?${qs}`);
      expect(r.status, qs).toBe(400);
      expect(typeof r.body.error.code, qs).toBe("string");
      expect(r.body.error.message.length, qs).toBeGreaterThan(0);
    }
  });

  it("treats SQL-injection-looking filters as plain (invalid or unmatched) values", async () => {
    const before = (await get("/api/status")).body.events;
    for (const v of ["' OR 1=1 --", "PAK' OR '1'='1", "1; DROP TABLE events; --", "state:PAK') OR ('1'='1"]) {
      const enc = encodeURIComponent(v);
      for (const p of ["actor", "source", "country", "cameo", "plover", "acled", "doc"]) {
        const r = await get(`/api/events?${p}=${enc}`);
        expect([200, 400], `${p}=${v}`).toContain(r.status);
        if (r.status === 200) expect(r.body.items, `${p}=${v}`).toEqual([]);
      }
      const q = await get(`/api/events?q=${enc}`);
      expect(q.status).toBe(200);
      expect(q.body.items.length).toBeLessThan(255);
    }
    expect((await get("/api/status")).body.events).toBe(before);
  });

  it("returns one event with mentions and evidence, 404 for unknown ids", async () => {
    const r = await get("/api/events/ev:clash-3");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: "ev:clash-3", cameo: "190", n_articles: 1 });
    expect(r.body.mentions[0].evidence.sentence).toContain("border clash number 3");
    expect((await get("/api/events/ev:nope")).status).toBe(404);
    expect((await get("/api/events/%27%20OR%201=1")).status).toBe(400);
  });
});

describe("analytics endpoints", () => {
  it("GET /api/dyads/series buckets the dyad by week and month", async () => {
    const r = await get("/api/dyads/series?a=PAK&b=AFG&interval=month&from=2025-01-01&to=2025-04-30");
    expect(r.status).toBe(200);
    expect(r.body.buckets.map((b: any) => b.start)).toEqual(["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]);
    expect(r.body.totals.events).toBe(50);
    expect(r.body.totals.quad).toEqual([10, 0, 0, 40]);
    expect(r.body.excluded).toMatchObject({ modality: 1 });
    expect(r.body.totals.killed).toBe(80);
    const d = await get("/api/dyads/series?a=id=state:PAK&b=id=state:AFG&directed=true&interval=day&from=2025-01-01&to=2025-01-07");
    expect(d.body.buckets).toHaveLength(7);
    expect(d.body.buckets.map((b: any) => b.events)).toEqual([1, 1, 0, 0, 0, 0, 1]);
    const bad = ["a=PAK&interval=year", "b=AFG", "a=PAK&from=2025-01-40", "a=colour=red", "a=PAK&from=1900-01-01&to=2025-01-01", "a=PAK&a=AFG"];
    for (const qs of bad) expect((await get(`/api/dyads/series?${qs}`)).status, qs).toBe(400);
  });

  it("GET /api/dyads/top and /api/countries/top rank the period", async () => {
    const d = await get("/api/dyads/top?from=2025-01-01&to=2025-12-31&limit=3&by=killed");
    expect(d.body.dyads[0]).toMatchObject({ a: "state:AFG", b: "state:PAK", a_name: "Afghanistan", b_name: "Pakistan", killed: 80 });
    const c = await get("/api/countries/top?from=2025-01-01&to=2025-12-31");
    expect(c.body.countries[0]).toMatchObject({ key: "IND", events: 122 });
    expect((await get("/api/dyads/top?by=nonsense")).status).toBe(400);
  });

  it("GET /api/network lists ties for a period", async () => {
    const r = await get("/api/network?from=2025-01-01&to=2025-12-31&min_events=5");
    expect(r.status).toBe(200);
    expect(r.body.edges).toHaveLength(1);
    expect(r.body.strongest_conflictual[0]).toMatchObject({ a: "state:AFG", b: "state:PAK", events: 50 });
    expect(r.body.strongest_cooperative[0].cooperation_weight).toBe(10);
  });

  it("GET /api/new-actors lists actors missing from the knowledge base", async () => {
    const r = await get("/api/new-actors?from=2025-01-01&to=2025-12-31");
    expect(r.body.actors).toEqual([{ id: "unknown:free-hills-front", events: 3, first_day: "2025-01-01", last_day: "2025-01-21" }]);
  });

  it("GET /api/actors searches names and aliases; /api/actors/:id gives roles", async () => {
    expect((await get("/api/actors?q=afghan")).body.items.map((a: any) => a.id)).toEqual(["state:AFG", "group:taliban"]);
    expect((await get("/api/actors?q=islamic emirate")).body.items.map((a: any) => a.id)).toEqual(["group:taliban"]);
    const t = await get("/api/actors/group:taliban");
    expect(t.body.roles.map((r: any) => r.code)).toEqual(["AFGINS", "AFGGOV"]);
    expect((await get("/api/actors/group:nobody")).status).toBe(404);
    expect((await get("/api/actors")).status).toBe(400);
  });
});

describe("documents and export", () => {
  it("lists and fetches documents", async () => {
    const r = await get("/api/documents?limit=5");
    expect(r.body.items).toHaveLength(5);
    expect(r.body.next).toBeTruthy();
    const one = await get("/api/documents/doc-0");
    expect(one.body.text).toContain("border clash number 0");
    expect((await get("/api/documents/doc-x")).status).toBe(404);
  });

  it("exports JSON Lines and CSV with filters", async () => {
    const r = await fetch(rw.url + "/api/export?format=jsonl&dyad=PAK~AFG&root=04");
    expect(r.headers.get("content-type")).toMatch(/ndjson/);
    const lines = (await r.text()).trim().split("\n");
    expect(lines).toHaveLength(10);
    expect(JSON.parse(lines[0]).cameo).toBe("040");
    const csv = await fetch(rw.url + "/api/export?format=csv&root=04");
    expect((await csv.text()).trim().split("\n").length).toBeGreaterThan(10);
    expect((await get("/api/export?format=xml")).status).toBe(400);
  });
});

describe("writes", () => {
  it("refuse a missing or wrong token, and all writes on a server without one", async () => {
    expect((await post("/api/reviews", { event_id: "ev:clash-1", verdict: "right" }, null)).status).toBe(401);
    expect((await post("/api/reviews", { event_id: "ev:clash-1", verdict: "right" }, "wrong-token-0123456789")).status).toBe(401);
    const off = await post("/api/reviews", { event_id: "ev:clash-1", verdict: "right" }, TOKEN, ro);
    expect(off).toMatchObject({ status: 403, body: { error: { code: "writes_disabled" } } });
    expect((await post("/api/alerts/run", {}, null)).status).toBe(401);
    expect((await post("/api/ingest", { text: "x" }, null)).status).toBe(401);
  });

  it("POST /api/reviews validates and stores; GET /api/reviews lists", async () => {
    const ok = await post("/api/reviews", { event_id: "ev:clash-1", verdict: "wrong", corrections: { cameo: "193" }, note: "small arms", by: "tester" });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ event_id: "ev:clash-1", verdict: "wrong", by: "tester" });
    for (const b of [{ event_id: "ev:clash-1", verdict: "maybe" }, { verdict: "right" }, { event_id: "ev:clash-1", verdict: "right", corrections: [1] }, [1, 2]]) {
      expect((await post("/api/reviews", b)).status, JSON.stringify(b)).toBe(400);
    }
    expect((await post("/api/reviews", "{not json")).status).toBe(400);
    expect((await post("/api/reviews", { event_id: "ev:none", verdict: "right" })).status).toBe(404);
    const list = await get("/api/reviews?event_id=ev:clash-1");
    expect(list.body.items.map((r: any) => r.note)).toEqual(["small arms"]);
  });

  it("refuses oversized bodies with 413", async () => {
    const big = await post("/api/reviews", { event_id: "ev:clash-1", verdict: "right", note: "x".repeat(100 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("payload_too_large");
  });

  it("POST /api/ingest stores a text; refuses bad input", async () => {
    const r = await post("/api/ingest", { text: "A short report with no events in it.", date: "2025-05-01" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ seen: 1, new: 1 });
    expect((await post("/api/ingest", { text: "a", url: "https://example.org" })).status).toBe(400);
    expect((await post("/api/ingest", { url: "file:///etc/passwd" })).status).toBe(400);
    expect((await post("/api/ingest", {})).status).toBe(400);
  });

  it("POST /api/alerts/run stores deduplicated alerts; ack marks one", async () => {
    const run = await post("/api/alerts/run", { from: "2025-01-01", to: "2025-04-30", measure: "material_conflict", min_events: 1 });
    expect(run.status).toBe(200);
    expect(run.body.period).toEqual({ from: "2025-01-01", to: "2025-04-30" });
    const again = await post("/api/alerts/run", { from: "2025-01-01", to: "2025-04-30", measure: "material_conflict", min_events: 1 });
    expect(again.body.inserted).toBe(0);
    expect(again.body.detected).toBe(run.body.detected);
    expect((await post("/api/alerts/run", { measure: "loudness" })).status).toBe(400);
    expect((await post("/api/alerts/run", { window: [1] })).status).toBe(400);
    const list = await get("/api/alerts");
    expect(list.body.items.length).toBe(run.body.detected);
    expect((await post("/api/alerts/999999/ack", { by: "t" })).status).toBe(404);
    if (list.body.items.length > 0) {
      const id = list.body.items[0].id;
      expect((await post(`/api/alerts/${id}/ack`, { by: "t" })).status).toBe(200);
      expect((await get("/api/alerts?acked=true")).body.items.map((a: any) => a.id)).toContain(id);
    }
  });
});

describe("reviews take effect", () => {
  const lines = async (path: string) => (await (await fetch(rw.url + path)).text()).trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));

  it("applies a code and an actor correction on read (original kept) and in exports; rejected events leave exports only when asked", async () => {
    const before = (await get("/api/events/ev:clash-2")).body;
    expect(before).toMatchObject({ cameo: "190", target: { id: "state:AFG" } });
    expect(before.review).toBeUndefined();
    const r = await post("/api/reviews", { event_id: "ev:clash-2", verdict: "wrong", corrections: { cameo: "1711", target: { id: "state:IND" } }, by: "ana" });
    expect(r.status).toBe(201);
    // Stored complete: the codebook's values of 1711 and the contract actor of state:IND.
    expect(r.body.corrections).toMatchObject({ cameo: "1711", cameo_root: "17", quad_class: 4, target: { id: "state:IND", code: "IND", country: "IND", name: "India" } });
    const ev = (await get("/api/events/ev:clash-2")).body;
    expect(ev).toMatchObject({ cameo: "1711", cameo_root: "17", target: { id: "state:IND", code: "IND", text: "Afghanistan" }, source: { id: "state:PAK" } });
    expect(ev.goldstein).toBe(r.body.corrections.goldstein);
    expect(ev.goldstein).not.toBe(-10);
    expect(ev.review).toMatchObject({ verdict: "wrong", by: "ana", original: { cameo: "190", cameo_root: "19", goldstein: -10, target: { id: "state:AFG" } }, corrected: { cameo: "1711" } });
    // Lists carry it too.
    const page = (await get("/api/events?actor=id%3Dstate%3AIND&limit=500")).body.items;
    expect(page.find((e: any) => e.id === "ev:clash-2")).toBeUndefined(); // filters run on the stored (coded) values
    const listed = (await get("/api/events?root=19&limit=500")).body.items.find((e: any) => e.id === "ev:clash-2");
    expect(listed).toMatchObject({ cameo: "1711", review: { verdict: "wrong" } });
    // Exports: corrected values, flagged; left out with exclude_rejected.
    const all = await lines("/api/export?format=jsonl");
    expect(all.find((e) => e.id === "ev:clash-2")).toMatchObject({ cameo: "1711", target: { id: "state:IND" }, review: { verdict: "wrong", original: { cameo: "190" } } });
    expect(all.filter((e) => e.review === undefined).every((e) => e.cameo !== "1711")).toBe(true);
    const kept = await lines("/api/export?format=jsonl&exclude_rejected=true");
    expect(kept.map((e) => e.id)).not.toContain("ev:clash-2");
    expect(kept.length).toBe(all.length - all.filter((e) => e.review?.verdict === "wrong").length);
    const gdelt = (await (await fetch(rw.url + "/api/export?format=gdelt")).text()).split("\n").find((l) => l.startsWith("ev:clash-2\t"));
    expect(gdelt?.split("\t")).toContain("1711");
    // The reviews themselves, oldest first, with event ids.
    const reviews = await lines("/api/export?format=reviews");
    expect(reviews.at(-1)).toMatchObject({ event_id: "ev:clash-2", verdict: "wrong", corrections: { cameo: "1711" }, by: "ana" });
    expect(reviews.map((x) => Number(x.id))).toEqual([...reviews.map((x) => Number(x.id))].sort((a, b) => a - b));
    expect((await get("/api/export?format=reviews&root=19")).status).toBe(400);
    // A later review replaces the judgement: right, no corrections.
    expect((await post("/api/reviews", { event_id: "ev:clash-2", verdict: "right", by: "bo" })).status).toBe(201);
    const now = (await get("/api/events/ev:clash-2")).body;
    expect(now).toMatchObject({ cameo: "190", target: { id: "state:AFG" }, review: { verdict: "right", by: "bo", corrected: {} } });
  });

  it("refuses corrections it cannot apply", async () => {
    for (const corrections of [{ cameo: "999" }, { cameo: 190 }, { colour: "red" }, { source: { id: "group:nobody-at-all" } }, { source: "PAK" }, { target: { code: "pak" } }]) {
      const r = await post("/api/reviews", { event_id: "ev:clash-3", verdict: "right", corrections });
      expect(r.status, JSON.stringify(corrections)).toBe(400);
      expect(r.body.error.code).toBe("invalid");
    }
    const none = await post("/api/reviews", { event_id: "ev:clash-3", verdict: "right", corrections: { cameo: "190" } }, TOKEN, kbs);
    expect(none.status).toBe(201);
  });

  it("adds an unknown actor to the knowledge-base file; it leaves the new-actors list and a new ingest resolves it", async () => {
    expect((await get("/api/new-actors?from=2025-01-01&to=2025-12-31", kbs)).body.actors.map((a: any) => a.id)).toContain("unknown:free-hills-front");
    expect(existsSync(additions.path)).toBe(false);
    const add = {
      unknown_id: "unknown:free-hills-front", name: "Free Hills Front", kind: "group", country: "IND", code: "INDREB", aliases: ["FHF"],
    };
    const r = await post("/api/reviews", { event_id: "ev:front-0", verdict: "right", corrections: { add_actor: add }, by: "ana" }, TOKEN, kbs);
    expect(r.status).toBe(201);
    expect(r.body.added_actor).toMatchObject({ id: "group:free-hills-front", roles: [{ code: "INDREB", country: "IND", sector: "REB" }] });
    // The file: the bundled actors schema, and it checks clean against the bundled knowledge base.
    const file = JSON.parse(readFileSync(additions.path, "utf8"));
    expect(file.entries).toEqual([
      { id: "group:free-hills-front", name: "Free Hills Front", kind: "group", aliases: ["FHF"], country: "IND", roles: [{ code: "INDREB", country: "IND", sector: "REB" }] },
    ]);
    const actorsDir = join(loadKnowledge().ontologyDir, "actors");
    expect(additionsIssues(file, actorsDir, loadActorKB(actorsDir))).toEqual([]);
    // The reviewed event now names the actor; the original is kept.
    const ev = (await get("/api/events/ev:front-0", kbs)).body;
    expect(ev.source).toMatchObject({ id: "group:free-hills-front", code: "INDREB", name: "Free Hills Front" });
    expect(ev.source.text).toBe(ev.review.original.source.text); // the words in the document stay
    expect(ev.review).toMatchObject({ added_actor: "group:free-hills-front", original: { source: { id: "unknown:free-hills-front" } } });
    expect((await get("/api/new-actors?from=2025-01-01&to=2025-12-31", kbs)).body.actors.map((a: any) => a.id)).not.toContain("unknown:free-hills-front");
    expect((await get("/api/actors/group:free-hills-front", kbs)).body).toMatchObject({ name: "Free Hills Front", roles: [{ code: "INDREB" }] });
    // Duplicates and clashes are refused with 409, bad input with 400; the file is unchanged.
    const again = await post("/api/reviews", { event_id: "ev:front-1", verdict: "right", corrections: { add_actor: add } }, TOKEN, kbs);
    expect(again).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
    const clash = await post("/api/reviews", { event_id: "ev:front-1", verdict: "right", corrections: { add_actor: { name: "Hill Raiders", aliases: ["Pakistan"], kind: "group", code: "INDREB" } } }, TOKEN, kbs);
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toMatch(/"Pakistan" already names a state \(state:PAK\)/);
    for (const bad of [{ name: "", kind: "group", code: "INDREB" }, { name: "Hill Raiders", kind: "state", code: "INDREB" }, { name: "Hill Raiders", kind: "group", country: "XXX", code: "XXXREB" },
      { name: "Hill Raiders", kind: "group" }, { name: "Hill Raiders", kind: "group", code: "IND REB" }, { name: "Hill Raiders", kind: "group", sector: "ZZZ" }]) {
      const b = await post("/api/reviews", { event_id: "ev:front-1", verdict: "right", corrections: { add_actor: bad } }, TOKEN, kbs);
      expect(b.status, JSON.stringify(bad)).toBe(400);
    }
    expect(JSON.parse(readFileSync(additions.path, "utf8")).entries).toHaveLength(1);
    // A new report naming it is coded with the actor (the coder follows the file).
    const ing = await post("/api/ingest", { text: "The Free Hills Front attacked an army convoy near Imphal on Tuesday.", date: "2025-03-05" }, TOKEN, kbs);
    expect(ing.status).toBe(200);
    const found = (await get("/api/events?actor=id%3Dgroup%3Afree-hills-front", kbs)).body.items;
    expect(found.map((e: any) => e.source?.id)).toEqual(["group:free-hills-front"]);
    expect(found[0]).toMatchObject({ source: { code: "INDREB" }, cameo_root: "19" });
    expect(found[0].review).toBeUndefined();
  });

  it("answers 501 when the server has no additions file", async () => {
    const r = await post("/api/reviews", { event_id: "ev:front-1", verdict: "right", corrections: { add_actor: { name: "Hill Raiders", kind: "group", code: "INDREB" } } }, TOKEN, ro);
    expect(r.status).toBe(403); // read-only server: refused before anything else
    const noKb = await startServer({ store, port: 0, token: TOKEN });
    try {
      const n = await post("/api/reviews", { event_id: "ev:front-1", verdict: "right", corrections: { add_actor: { name: "Hill Raiders", kind: "group", code: "INDREB" } } }, TOKEN, noKb);
      expect(n).toMatchObject({ status: 501, body: { error: { code: "unavailable" } } });
    } finally {
      await noKb.close();
    }
  });
});

describe("paging under writes (runs last: it adds an event)", () => {
  it("keeps paging stable while new events arrive", async () => {
    const first = await get("/api/events?root=04&limit=4");
    await store.saveBatch([{
      doc: { id: "doc-late", text: "Late talks.", date: "2025-03-01" },
      records: [record({ id: "talk-late", date: "2025-03-01", sentence: "Envoys met again.", source: AFG, target: PAK, cameo: "040", goldstein: 1, quad: 1 })],
    }]);
    const rest: string[] = [];
    let cursor: string | null = first.body.next;
    while (cursor) {
      const r = await get(`/api/events?root=04&limit=4&cursor=${cursor}`);
      rest.push(...r.body.items.map((e: any) => e.id));
      cursor = r.body.next;
    }
    const ids = [...first.body.items.map((e: any) => e.id), ...rest];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith("ev:talk-"))).toHaveLength(10);
    expect((await get("/api/events?root=04&limit=50")).body.items).toHaveLength(11);
  });
});
