import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Coder } from "../../app/coder.js";
import type { EventRecord } from "../../doc/index.js";
import { recordJson } from "./json.js";

const STORIES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "test", "golden", "stories");

describe("recordJson", () => {
  const coder = new Coder();
  const events: EventRecord[] = [];
  for (const f of readdirSync(STORIES).filter((n) => n.endsWith(".json")).sort()) {
    const story = JSON.parse(readFileSync(join(STORIES, f), "utf8")) as { id: string; text: string; date?: string };
    events.push(...coder.code({ id: story.id, text: story.text, date: story.date ?? null }));
  }

  it("writes exactly what JSON.stringify writes for every coded record", () => {
    expect(events.length).toBeGreaterThan(100);
    for (const e of events) expect(recordJson(e)).toBe(JSON.stringify(e));
  });

  it("escapes quotes, backslashes, controls and lone surrogates as JSON.stringify does", () => {
    const e = events[0];
    const odd = 'a "quoted" \\ back\tslash \u0001 \ud800 and \ud83d\ude00';
    const src = e.source ?? { text: "", start: 0, end: 0, name: "", id: "", code: "", country: null, sector: null, kind: "group" as const };
    // Mutating a coded record in place keeps it on the fast path (same keys, same order).
    const saved = { rule: e.rule, source: e.source, confidence: e.confidence };
    e.rule = odd;
    e.source = { ...src, name: odd, country: null };
    e.confidence = Number.NaN;
    expect(recordJson(e)).toBe(JSON.stringify(e));
    Object.assign(e, saved);
  });

  it("writes each record's own document id and evidence when consecutive records share some of them", () => {
    const e = events[0];
    const saved = { doc_id: e.doc_id, evidence: e.evidence };
    const ev = e.evidence;
    const changes: [string, unknown][] = [
      ["doc_id", "other-doc"],
      ["sentence", ev.sentence + " more"],
      ["sentence", "x" + ev.sentence.slice(1)],
      ["sentence_index", ev.sentence_index + 1],
      ["start", ev.start + 1],
      ["end", ev.end + 1],
      ["start", Number.NaN],
      ["start", Number.NaN],
      ["sentence", 'a "quoted" sentence'],
    ];
    for (const [key, value] of changes) {
      expect(recordJson(e)).toBe(JSON.stringify(e));
      if (key === "doc_id") e.doc_id = value as string;
      else e.evidence = { ...ev, [key]: value };
      expect(recordJson(e)).toBe(JSON.stringify(e));
      Object.assign(e, saved);
    }
  });

  it("writes each record's own actors, code and last fields when consecutive records share some of them", () => {
    const e = events.find((x) => x.source !== null && x.target !== null)!;
    expect(e).toBeDefined();
    const saved = { source: e.source, target: e.target, cameo: e.cameo, cameo_root: e.cameo_root, goldstein: e.goldstein, quad_class: e.quad_class, plover: e.plover, modality: e.modality, confidence: e.confidence, rule: e.rule };
    const src = e.source!;
    const changes: [keyof EventRecord | "source." | "target.", string, unknown][] = [
      ["source.", "text", src.text + " x"],
      ["source.", "start", src.start + 1],
      ["source.", "end", Number.NaN],
      ["source.", "name", src.name + " x"],
      ["source.", "id", "other:id"],
      ["source.", "code", src.code + "X"],
      ["source.", "country", src.country === null ? "PAK" : null],
      ["source.", "sector", src.sector === null ? "MIL" : null],
      ["source.", "kind", "person"],
      ["target.", "text", 'a "quoted" target'],
      ["cameo", "", "999"],
      ["cameo_root", "", "99"],
      ["goldstein", "", e.goldstein + 0.5],
      ["quad_class", "", Number.NaN],
      ["plover", "type", "OTHER"],
      ["plover", "mode", e.plover.mode === null ? "unspecified" : null],
      ["modality", "", "reported"],
      ["confidence", "", e.confidence / 2],
      ["rule", "", e.rule + ".x"],
    ];
    for (const [key, field, value] of changes) {
      expect(recordJson(e)).toBe(JSON.stringify(e));
      if (key === "source." || key === "target.") {
        const a = { ...(key === "source." ? e.source! : e.target!), [field]: value };
        if (key === "source.") e.source = a;
        else e.target = a;
      } else if (key === "plover") e.plover = { ...e.plover, [field]: value };
      else (e as unknown as Record<string, unknown>)[key] = value;
      expect(recordJson(e)).toBe(JSON.stringify(e));
      Object.assign(e, saved);
    }
    // A record alternating between two actors, and a null one.
    const other = events.find((x) => x.source !== null && x.source.id !== src.id)!.source;
    for (const a of [src, other, src, null, other, src]) {
      e.source = a;
      expect(recordJson(e)).toBe(JSON.stringify(e));
    }
    Object.assign(e, saved);
  });

  it("falls back to JSON.stringify for records it did not build or that gained keys or lost values", () => {
    const e = events[0];
    const copy = { ...e, review: { verdict: "confirmed" } } as EventRecord;
    expect(recordJson(copy)).toBe(JSON.stringify(copy));
    const plain = JSON.parse(JSON.stringify(e)) as EventRecord;
    expect(recordJson(plain)).toBe(JSON.stringify(plain));
    const saved = e.date;
    (e as { date: unknown }).date = undefined;
    expect(recordJson(e)).toBe(JSON.stringify(e));
    e.date = saved;
    const savedCountry = e.source?.country;
    if (e.source) (e.source as { country: unknown }).country = undefined;
    expect(recordJson(e)).toBe(JSON.stringify(e));
    if (e.source) e.source.country = savedCountry ?? null;
  });
});

describe("recordJson with shared and copied nested objects", () => {
  const coder = new Coder();
  const [e] = coder.code({ id: "d", text: "Militants attacked a police post in Kabul on Monday, killing two officers.", date: "2025-12-12" });

  it("writes each record's own nested values when records carry equal copies, reordered keys or changed nested contents", () => {
    expect(e).toBeDefined();
    const date = { value: "2025-12-08", precision: "day", basis: "stated", text: "Monday" } as const;
    const variants: object[] = [
      { ...date },
      { ...date },
      { value: "2025-12-08", text: "Monday", precision: "day", basis: "stated" },
      { ...date, text: null },
      { ...date, extra: { a: 1 } },
      { ...date, extra: { a: 2 } },
      { ...date, value: Number.NaN },
      { ...date },
      Object.assign(Object.create({ inherited: 1 }) as object, date),
      { ...date, value: undefined },
    ];
    // Equal values in another key order; the same nested object, changed between two records.
    variants.push({ value: "day", precision: "day", basis: "day", text: "day" }, { value: "day", basis: "day", precision: "day", text: "day" });
    const inner = { a: 1 };
    variants.push({ ...date, extra: inner }, { ...date, extra: inner });
    for (const d of variants) {
      if (d === variants[variants.length - 1]) inner.a = 2;
      const saved = e.date;
      (e as { date: unknown }).date = d;
      const acled = e.acled;
      e.acled = { sub_event_type: "Armed clash", event_type: "Battles" };
      expect(recordJson(e)).toBe(JSON.stringify(e));
      e.acled = acled;
      expect(recordJson(e)).toBe(JSON.stringify(e));
      e.date = saved;
    }
  });

  it("writes a new nested object of plain values exactly as JSON.stringify does", () => {
    const sym = Symbol("s");
    const objects: object[] = [
      {},
      { value: "2025-12-08", precision: "day", basis: "stated", text: null },
      { text: 'a "quoted" \\ place\n', name: "Kābul \ud800", country: "AF", lat: 34.5, lon: -0, killed: 0 },
      { n: Number.NaN, inf: Number.POSITIVE_INFINITY, big: 1e21, small: 5e-7, yes: true, no: false },
      { 'key "quoted"': 1, "2": "two", "1": "one", b: "b", a: "a" },
      { a: 1, gone: undefined, b: 2 },
      { a: 1, s: sym, b: 2 },
      { a: 1, f: () => 1, b: 2 },
      { a: 1, nested: { b: 2 } },
      { a: 1, list: [1, 2] },
      Object.defineProperty({ a: 1 }, "hidden", { value: 2, enumerable: false }),
      Object.assign(Object.create(null) as object, { a: 1 }),
    ];
    const saved = e.location;
    for (const o of objects) {
      for (let twice = 0; twice < 2; twice++) {
        // A fresh copy each time is a new object (remembered and compared), the same one found by identity.
        (e as { location: unknown }).location = twice === 0 ? o : { ...o };
        expect(recordJson(e)).toBe(JSON.stringify(e));
      }
    }
    e.location = saved;
  });

  it("writes the right ACLED type and place when records cycle through more of them than are remembered", () => {
    const acleds = Array.from({ length: 20 }, (_, k) => ({ event_type: `Type ${k}`, sub_event_type: `Sub ${k % 3}` }));
    const places = Array.from({ length: 11 }, (_, k) => ({ text: `Town ${k}`, name: `Town ${k}`, country: "AFG" }));
    const saved = { acled: e.acled, location: e.location };
    for (let k = 0; k < 60; k++) {
      e.acled = acleds[(k * 7) % acleds.length];
      (e as { location: unknown }).location = k % 2 === 0 ? places[k % places.length] : { ...places[(k * 3) % places.length] };
      expect(recordJson(e)).toBe(JSON.stringify(e));
    }
    Object.assign(e, saved);
  });

  it("follows a nested object changed between records only when it is a new object (as before: shared objects are not re-read)", () => {
    const loc = { name: "Kabul", country: "AF" };
    const saved = e.location;
    (e as { location: unknown }).location = loc;
    expect(recordJson(e)).toBe(JSON.stringify(e));
    (e as { location: unknown }).location = { ...loc, name: "Herat" };
    expect(recordJson(e)).toBe(JSON.stringify(e));
    (e as { location: unknown }).location = { ...loc };
    expect(recordJson(e)).toBe(JSON.stringify(e));
    e.location = saved;
  });
});
