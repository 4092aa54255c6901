/**
 * Golden stories: short news texts written by the project's authors, each with
 * the events a good coder must find. A story passes when every expected
 * (partial) event is matched by some coded event (a recursive subset match) and,
 * for stories marked `"exact": true`, no other event is coded.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Coder } from "../../src/app/coder.js";
import type { EventRecord } from "../../src/doc/index.js";

interface Story {
  id: string;
  /** Publication date; a story without one is read as an undated document. */
  date?: string;
  text: string;
  exact?: boolean;
  note?: string;
  expected: Record<string, unknown>[];
}

const DIR = join(dirname(fileURLToPath(import.meta.url)), "stories");
const stories: Story[] = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), "utf8")) as Story);

/** Whether `actual` contains every field of `want` (objects compared recursively). */
export function matches(actual: unknown, want: unknown): boolean {
  if (want === null || typeof want !== "object") return actual === want;
  if (actual === null || typeof actual !== "object") return false;
  return Object.entries(want as Record<string, unknown>).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v));
}

/** A short view of an event for failure messages. */
function brief(e: EventRecord) {
  return {
    cameo: e.cameo,
    source: e.source ? `${e.source.text} (${e.source.code})` : null,
    target: e.target ? `${e.target.text} (${e.target.code})` : null,
    modality: e.modality,
    historical: e.historical,
    date: e.date.value,
    location: e.location?.name ?? null,
    fatalities: e.fatalities,
    trigger: e.evidence.trigger.text,
    rule: e.rule,
  };
}

const coder = new Coder();
const results = new Map<string, boolean>();

describe("golden stories", () => {
  it("has at least 60 stories, each well formed", () => {
    expect(stories.length).toBeGreaterThanOrEqual(60);
    for (const s of stories) {
      expect(typeof s.id, s.id).toBe("string");
      expect(s.text.length, s.id).toBeGreaterThan(10);
      expect(Array.isArray(s.expected), s.id).toBe(true);
    }
  });

  for (const story of stories) {
    it(story.id, () => {
      const events = coder.code({ id: story.id, text: story.text, date: story.date });
      const missing = story.expected.filter((want) => !events.some((e) => matches(e, want)));
      const extra = story.exact ? events.filter((e) => !story.expected.some((want) => matches(e, want))) : [];
      results.set(story.id, missing.length === 0 && extra.length === 0);
      const report = JSON.stringify({ missing, unexpected: extra.map(brief), coded: events.map(brief) }, null, 2);
      expect(missing.length + extra.length, `${story.id}\n${report}`).toBe(0);
    });
  }

  afterAll(() => {
    const passed = [...results.values()].filter(Boolean).length;
    console.log(`golden stories: ${passed}/${results.size} passed`);
  });
});
