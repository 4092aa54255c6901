import { describe, it, expect } from "vitest";
import { dyadSeries, SeriesError } from "./series.js";
import { parseSelector } from "./selectors.js";
import { tallyFromBucket, tallyFromEvent, tallyFromRow, type DyadDayRow, type EventLike } from "./types.js";
import { testActor } from "./synthetic.js";

const afg = testActor("state:AFG", "AFG", null);
const pak = testActor("state:PAK", "PAK", "MIL");
const ind = testActor("state:IND", "IND", null);

function ev(id: string, date: string, over: Partial<EventLike> = {}): EventLike {
  return {
    id, doc_id: "d-" + id, cameo: "190", cameo_root: "19", goldstein: -10, quad_class: 4,
    modality: "asserted", historical: false, date: { value: date, precision: "day" },
    source: pak, target: afg, fatalities: { killed: 2, injured: null }, ...over,
  };
}

const events: EventLike[] = [
  ev("1", "2025-03-03"),
  ev("2", "2025-03-03", { source: afg, target: pak, cameo: "042", cameo_root: "04", goldstein: 1.9, quad_class: 1, fatalities: null }),
  ev("3", "2025-03-05", { modality: "alleged" }),
  ev("4", "2025-03-05", { historical: true }),
  ev("5", "2025-03-06", { modality: "hypothetical" }),
  ev("6", "2025-03", ),
  ev("7", "2025-03-04", { target: ind }),
];
const tallies = events.map((e) => tallyFromEvent(e));

describe("dyadSeries", () => {
  it("buckets by day with zero-filled gaps, excluding background and unreal events", () => {
    const s = dyadSeries(tallies, { a: parseSelector("PAK"), b: parseSelector("AFG"), interval: "day", from: "2025-03-02", to: "2025-03-06" });
    expect(s.buckets.map((b) => b.start)).toEqual(["2025-03-02", "2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06"]);
    expect(s.buckets.map((b) => b.events)).toEqual([0, 2, 0, 1, 0]);
    const d3 = s.buckets[1];
    expect(d3.quad).toEqual([1, 0, 0, 1]);
    expect(d3.roots).toEqual({ "19": 1, "04": 1 });
    expect(d3.goldstein_sum).toBeCloseTo(-8.1);
    expect(d3.goldstein_mean).toBeCloseTo(-4.05);
    expect(d3.killed).toBe(2);
    expect(d3.sources).toBe(2);
    expect(d3.a_to_b).toBe(1);
    expect(s.buckets[3].alleged).toBe(1);
    expect(s.buckets[0].goldstein_mean).toBeNull();
    expect(s.excluded).toEqual({ historical: 1, modality: 1, precision: 1 });
    expect(s.totals.events).toBe(3);
  });

  it("directed series keep only a→b, and alleged events can be left out", () => {
    const s = dyadSeries(tallies, { a: parseSelector("PAK"), b: parseSelector("AFG"), directed: true, interval: "day", includeAlleged: false });
    expect(s.totals.events).toBe(1);
    expect(s.from).toBe("2025-03-03");
  });

  it("monthly buckets take month-precise dates; weekly buckets start on Monday", () => {
    const m = dyadSeries(tallies, { a: parseSelector("PAK"), b: parseSelector("AFG"), interval: "month" });
    expect(m.buckets).toHaveLength(1);
    expect(m.buckets[0]).toMatchObject({ start: "2025-03-01", end: "2025-03-31", events: 4 });
    const w = dyadSeries(tallies, { a: parseSelector("PAK"), b: null, interval: "week" });
    expect(w.buckets.map((b) => [b.start, b.events])).toEqual([["2025-03-03", 4]]);
  });

  it("aggregates rollup rows the same way", () => {
    const row: DyadDayRow = {
      day: "2025-03-03", source_id: "state:PAK", source_code: "PAKMIL", source_country: "PAK", source_sector: "MIL",
      target_id: "state:AFG", target_code: "AFG", target_country: "AFG", target_sector: null, cameo_root: "19",
      quad_class: 4, plover_type: "ASSAULT", modality: "asserted", historical: false, events: 3, goldstein_sum: -30,
      killed: 5, injured: 1, sources: 2,
    };
    const s = dyadSeries([tallyFromRow(row, new Map([["ASSAULT", -9]]))], { a: parseSelector("code=PAK"), b: parseSelector("id=state:AFG"), interval: "day" });
    expect(s.buckets[0]).toMatchObject({ events: 3, goldstein_mean: -10, killed: 5, injured: 1, sources: 2, quad: [0, 0, 0, 3], plover_sum: -27, plover_mean: -9 });
  });

  it("takes rows the store already summed per bucket, trusting their direction", () => {
    const base = { cameo_root: "19", quad_class: 4, modality: "asserted", historical: false, goldstein_sum: -20, killed: 1, injured: 0, sources: 2 };
    const rows = [
      { ...base, bucket: "2025-03-03", forward: true, events: 2 },
      { ...base, bucket: "2025-03-10", forward: false, events: 3, modality: "alleged" },
      { ...base, bucket: "2025-03-10", forward: true, events: 1, historical: true },
    ];
    const s = dyadSeries(rows.map((r) => tallyFromBucket(r)), { a: parseSelector("PAK"), b: parseSelector("AFG"), interval: "week", from: "2025-03-03", to: "2025-03-16" });
    expect(s.buckets.map((b) => [b.start, b.events, b.a_to_b, b.alleged])).toEqual([["2025-03-03", 2, 2, 0], ["2025-03-10", 3, 0, 3]]);
    expect(s.excluded.historical).toBe(1);
  });

  it("rejects bad ranges and oversized requests", () => {
    const a = parseSelector("PAK");
    expect(() => dyadSeries(tallies, { a, b: null, interval: "day", from: "2025-02-30" })).toThrow(SeriesError);
    expect(() => dyadSeries(tallies, { a, b: null, interval: "day", from: "2025-03-05", to: "2025-03-01" })).toThrow(SeriesError);
    expect(() => dyadSeries(tallies, { a, b: null, interval: "day", from: "1900-01-01", to: "2025-01-01" })).toThrow(/buckets/);
  });
});

describe("parseSelector", () => {
  it("reads fields and bare values, and refuses junk", () => {
    expect(parseSelector("country=pak,sector=mil")).toEqual({ country: "PAK", sector: "MIL" });
    expect(parseSelector("group:ttp")).toEqual({ id: "group:ttp" });
    expect(parseSelector("PAKMIL")).toEqual({ code: "PAKMIL" });
    expect(() => parseSelector("' OR 1=1 --")).toThrow();
    expect(() => parseSelector("colour=red")).toThrow(/unknown selector field/);
    expect(() => parseSelector("")).toThrow();
  });
});
