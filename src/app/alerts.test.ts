import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Actor, EventRecord } from "../doc/index.js";
import { generateStream, testActor } from "../analytics/synthetic.js";
import type { EventLike } from "../analytics/types.js";
import { openStore } from "../store/index.js";
import type { EventStore } from "../store/types.js";
import { runAlerts } from "./alerts.js";

const PAK = testActor("state:PAK", "PAK", "MIL");
const AFG = testActor("state:AFG", "AFG", null);

/** A full record for a generated event, placed in its own region so the store never merges two of them. */
function toRecord(e: EventLike, n: number): EventRecord {
  const actor = (a: EventLike["source"]): Actor | null =>
    a && { text: a.id, start: 0, end: 1, name: a.name ?? a.id, id: a.id, code: a.code ?? "", country: a.country, sector: a.sector, kind: "state" };
  const sentence = `Report ${e.id}.`;
  return {
    id: e.id, doc_id: "", cameo: e.cameo ?? "190", cameo_root: e.cameo_root, goldstein: e.goldstein, quad_class: e.quad_class,
    evidence: { sentence, sentence_index: 0, start: 0, end: sentence.length, trigger: { text: "R", start: 0, end: 1 } },
    plover: { type: "ASSAULT", mode: null }, acled: null, source: actor(e.source), target: actor(e.target),
    date: { value: e.date.value, precision: "day", basis: "stated", text: null }, historical: false,
    location: { text: "x", name: `Place ${n}`, country: "AFG", admin1: `Region ${n}`, lat: 30 + (n % 40), lon: 60 + Math.floor(n / 40), precision: "city", geonames_id: null },
    fatalities: null, modality: "asserted", confidence: 0.9, rule: "test",
  };
}

let dir: string;
let store: EventStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "faultline-alerts-"));
  store = await openStore(join(dir, "a.sqlite"));
  // 3 clashes a day, then 25 a day from day 200 (2024-07-19)
  const events = generateStream({ seed: 3, source: PAK, target: AFG, start: "2024-01-01", days: 230, rate: (d) => (d < 200 ? 3 : 25) });
  const byDay = new Map<string, EventLike[]>();
  for (const e of events) byDay.set(e.date.value, [...(byDay.get(e.date.value) ?? []), e]);
  const docs = [...byDay.entries()].map(([day, evs]) => ({
    doc: { id: `doc-${day}`, text: `Wire report of ${day}.`, date: day },
    records: evs.map((e, i) => toRecord(e, i)),
  }));
  await store.saveBatch(docs);
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("runAlerts", () => {
  it("files escalation alerts from the rollup, starting on the change day, with the events behind them", async () => {
    const r = await runAlerts(store, { from: "2024-01-01", to: "2024-08-17", scopes: ["dyad"] });
    expect(r.detected).toBeGreaterThan(0);
    expect(r.inserted).toBe(r.detected);
    for (const a of r.alerts) {
      expect(a.window.from).toBe("2024-07-19");
      expect(a.subject).toBe("state:AFG|state:PAK");
      expect(a.contributors.events.length).toBe(10);
      for (const c of a.contributors.events) expect(c.date >= "2024-07-19" && c.date <= a.window.to).toBe(true);
      expect(a.contributors.sources[0].doc_id).toMatch(/^doc-2024-0[78]/);
    }
    const stored = await store.listAlerts({});
    expect(stored.map((s) => s.key).sort()).toEqual(r.alerts.map((a) => a.key).sort());
    expect(stored[0].event_ids.length).toBe(10);
    const again = await runAlerts(store, { from: "2024-01-01", to: "2024-08-17", scopes: ["dyad"] });
    expect(again.inserted).toBe(0);
  });

  it("finds nothing before the change", async () => {
    const r = await runAlerts(store, { from: "2024-01-01", to: "2024-07-18" });
    expect(r.alerts).toEqual([]);
  });
});
