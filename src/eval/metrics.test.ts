import { describe, expect, it } from "vitest";
import { ClassCounter, haversineKm, median, NONE, Rate, WorstList } from "./metrics.js";
import { containsWords, nameVariants, norm, phraseSet } from "./text.js";
import { escapeHtml, reportHtml } from "./report-html.js";
import { reportText } from "./report-text.js";
import { sampleRecords } from "./runner.js";
import { compareToScorecard, updateScorecard, type Scorecard } from "./scorecard.js";
import type { EvalReport } from "./runner.js";
import type { SetResult } from "./types.js";

describe("ClassCounter", () => {
  it("counts single-label decisions with negatives", () => {
    const c = new ClassCounter(["a", "b"]);
    c.add("a", "a");
    c.add("a", "b");
    c.add("b", null);
    c.add(null, "a");
    const t = c.table("t");
    const a = t.rows[0];
    expect([a.tp, a.fp, a.fn]).toEqual([1, 1, 1]);
    expect(a.f1).toBeCloseTo(0.5);
    expect(t.rows[1]).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(t.micro.precision).toBeCloseTo(1 / 3);
    const cm = c.confusionTable("cm");
    expect(cm.counts.a).toEqual({ a: 1, b: 1 });
    expect(cm.counts[NONE]).toEqual({ a: 1 });
  });

  it("counts multi-label decisions", () => {
    const c = new ClassCounter(["x", "y"]);
    c.addSets(new Set(["x", "y"]), new Set(["x"]));
    c.addSets(new Set(), new Set(["y"]));
    const t = c.table("t");
    expect(t.rows[0].f1).toBe(1);
    expect(t.rows[1]).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(t.micro.f1).toBeCloseTo(0.5);
  });
});

describe("small helpers", () => {
  it("rates, medians and distances", () => {
    const r = new Rate();
    expect(r.metric("m").value).toBeNull();
    r.add(true);
    r.add(false);
    expect(r.metric("m").value).toBe(0.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1])).toBe(2.5);
    expect(median([])).toBeNull();
    // One degree of latitude is about 111 km.
    expect(haversineKm(0, 0, 1, 0)).toBeCloseTo(111.2, 0);
    expect(haversineKm(10, 20, 10, 20)).toBe(0);
  });

  it("keeps the most severe examples", () => {
    const w = new WorstList(2);
    for (let i = 0; i < 20; i++) w.add("m", { id: `r${i}`, gold: "g", predicted: "p", evidence: null, rule: null, severity: i });
    expect(w.result().m.map((x) => x.id)).toEqual(["r19", "r18"]);
  });

  it("normalises text for matching", () => {
    expect(norm("  The Army's  SOLDIERS, fired!")).toBe("the army's soldiers fired");
    expect(phraseSet("A suicide bomber struck").has("suicide bomber")).toBe(true);
    expect(phraseSet("A suicide bomber struck").has("bomber struck a")).toBe(false);
    expect(containsWords("police forces of ruritania", "police")).toBe(true);
    expect(containsWords("policemen", "police")).toBe(false);
    expect(nameVariants("People's Front of Ruritania (PFR)")).toEqual(["people's front of ruritania", "pfr"]);
    expect(nameVariants("Police Forces of Ruritania (2010-2015)")).toEqual(["police forces of ruritania"]);
    expect(nameVariants("RPP: Ruritanian People's Party")).toEqual(["rpp: ruritanian people's party".replace(":", ""), "rpp", "ruritanian people's party"]);
  });

  it("samples reproducibly and in file order", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i);
    const a = sampleRecords(xs, 10, 7);
    expect(a).toEqual(sampleRecords(xs, 10, 7));
    expect(a).not.toEqual(sampleRecords(xs, 10, 8));
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(new Set(a).size).toBe(10);
    expect(sampleRecords(xs, 200, 1)).toHaveLength(100);
  });
});

function fakeReport(value: number): EvalReport {
  const set: SetResult = {
    set: "demo",
    kind: "demo",
    file: "demo.jsonl",
    records: 3,
    bytes: 10,
    seconds: 0.1,
    status: "ok",
    metrics: [
      { name: "accuracy", value, n: 3, higherIsBetter: true },
      { name: "median_km", value: 9, n: 3, higherIsBetter: false },
    ],
    tables: [],
    confusions: [{ title: "cm <b>", labels: ["<x>"], counts: { "<x>": { "<x>": 2 } } }],
    breakdowns: [],
    worst: { accuracy: [{ id: "r1", gold: "<script>alert(1)</script>", predicted: "b & c", evidence: "He said \"no\".", rule: "p.1", severity: 1 }] },
    errors: [{ metric: "accuracy", counts: { "no event": 1 } }],
    notes: [],
  };
  return { generated: "2026-01-02T00:00:00.000Z", devDir: "/dev", sample: 3, seed: 1, sets: [set] };
}

describe("reports", () => {
  it("escapes every text in the HTML page and has no external assets", () => {
    const html = reportHtml(fakeReport(0.5));
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("b &amp; c");
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(escapeHtml(`'"`)).toBe("&#39;&quot;");
  });

  it("prints figures, targets and worst examples as text", () => {
    const text = reportText(fakeReport(0.5), { demo: { accuracy: 0.7 } });
    expect(text).toMatch(/accuracy\s+0\.500\s+3\s+0\.70\s+BELOW/);
    expect(text).toContain("r1: gold <script>");
    expect(text).toContain("errors (accuracy): no event 1");
  });
});

describe("scorecard", () => {
  const card: Scorecard = { description: "", tolerance: 0.02, sample: { size: 3, seed: 1 }, sets: { demo: { targets: {}, sample: { records: 3, updated: "x", figures: { accuracy: 0.6, median_km: 5 } } } } };

  it("flags rates that fell by more than the tolerance, not distances", () => {
    expect(compareToScorecard(card, fakeReport(0.59), "sample")).toEqual([]);
    // n = 3: one record's share (0.33) is allowed.
    expect(compareToScorecard(card, fakeReport(0.3), "sample")).toEqual([]);
    expect(compareToScorecard(card, fakeReport(0.2), "sample")).toEqual([{ set: "demo", metric: "accuracy", recorded: 0.6, measured: 0.2 }]);
  });

  it("writes improvements, and drops only when accepted", () => {
    const up = updateScorecard(card, fakeReport(0.7), "sample");
    expect(up.card.sets.demo.sample?.figures.accuracy).toBe(0.7);
    expect(card.sets.demo.sample?.figures.accuracy).toBe(0.6);
    const down = updateScorecard(card, fakeReport(0.4), "sample");
    expect(down.card.sets.demo.sample?.figures.accuracy).toBe(0.6);
    expect(down.changes.find((c) => c.metric === "accuracy")?.written).toBe(false);
    expect(updateScorecard(card, fakeReport(0.4), "sample", true).card.sets.demo.sample?.figures.accuracy).toBe(0.4);
    expect(updateScorecard(card, fakeReport(0.4), "full").card.sets.demo.full?.figures.accuracy).toBe(0.4);
  });
});
