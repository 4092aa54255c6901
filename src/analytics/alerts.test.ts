import { describe, it, expect } from "vitest";
import { detectAlerts } from "./alerts.js";
import { detectEscalation, robustBaseline } from "./escalation.js";
import { generateStream, testActor } from "./synthetic.js";
import { tallyFromEvent, type EventLike } from "./types.js";

const afg = testActor("state:AFG", "AFG", null);
const pak = testActor("state:PAK", "PAK", "MIL");
const CHANGE = 200;
const START = "2024-01-01"; // day 200 is 2024-07-19

function changeStream(seed: number): EventLike[] {
  return generateStream({ seed, source: pak, target: afg, start: START, days: 300, rate: (d) => (d < CHANGE ? 3 : 25) });
}

describe("robustBaseline", () => {
  it("uses the median and a floor when the window is flat", () => {
    expect(robustBaseline([5, 5, 5, 5, 100])).toMatchObject({ median: 5 });
    expect(robustBaseline([0, 0, 0, 0], 1).scale).toBe(1);
  });
});

describe("detectAlerts", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`fires on the change point, not before, and names its events (seed ${seed})`, () => {
      const events = changeStream(seed);
      const alerts = detectAlerts(events.map((e) => tallyFromEvent(e)), { scopes: ["dyad"] });
      expect(alerts.length).toBeGreaterThan(0);
      for (const a of alerts) expect(a.window.from >= "2024-07-19").toBe(true);
      for (const method of ["zscore", "cusum"]) {
        expect(alerts.find((a) => a.method === method)?.window.from).toBe("2024-07-19");
      }
      for (const a of alerts) {
        expect(a.subject).toBe("state:AFG|state:PAK");
        expect(a.key).toBe(`dyad:state:AFG|state:PAK:${a.method}:${a.window.from}`);
        expect(a.contributors.events.length).toBeGreaterThan(0);
        for (const c of a.contributors.events) {
          expect(c.date >= a.window.from && c.date <= a.window.to).toBe(true);
          expect(Number(c.id.split("-")[1])).toBeGreaterThanOrEqual(CHANGE);
        }
        expect(a.contributors.sources[0].weight).toBeGreaterThanOrEqual(a.contributors.sources.at(-1)?.weight ?? 0);
        expect(a.baseline.median).toBeLessThan(60);
      }
    });
  }

  for (const seed of [11, 12, 13, 14, 15, 16]) {
    it(`stays silent on a flat Poisson stream (seed ${seed})`, () => {
      const kinds = [
        { cameo: "190", goldstein: -10, quad_class: 4 as const },
        { cameo: "111", goldstein: -2, quad_class: 3 as const },
        { cameo: "042", goldstein: 1.9, quad_class: 1 as const },
      ];
      const events = generateStream({ seed, source: pak, target: afg, start: START, days: 730, rate: 6, kinds });
      for (const measure of ["negative_goldstein", "material_conflict"] as const) {
        expect(detectAlerts(events.map((e) => tallyFromEvent(e)), { measure })).toEqual([]);
      }
    });
  }

  it("alerts per country, keyed stably across re-runs", () => {
    const events = changeStream(7);
    const run = () => detectAlerts(events.map((e) => tallyFromEvent(e)), { scopes: ["country"] });
    const a = run();
    expect(a.map((x) => x.subject)).toContain("AFG");
    expect(run().map((x) => x.key)).toEqual(a.map((x) => x.key));
  });

  it("leaves out historical events and validates options", () => {
    const events = changeStream(8).map((e) => (e.date.value >= "2024-07-19" ? { ...e, historical: true } : e));
    expect(detectAlerts(events.map((e) => tallyFromEvent(e)))).toEqual([]);
    expect(() => detectAlerts([], { from: "yesterday" })).toThrow(RangeError);
    expect(() => detectEscalation([], { window: 1 })).toThrow(RangeError);
  });
});
