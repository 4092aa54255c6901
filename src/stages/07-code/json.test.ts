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
