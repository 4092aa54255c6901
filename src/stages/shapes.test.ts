import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Coder } from "../app/coder.js";
import type { Doc } from "../doc/index.js";

const STORIES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "test", "golden", "stories");

/**
 * The actor and place mentions the stages make have one shape each (the same keys in the same
 * order, an optional flag undefined when not set): the later stages read them in their hottest
 * code, which V8 compiled again whenever it met a second or third shape.
 */
describe("mention shapes", () => {
  const coder = new Coder();
  const docs: Doc[] = [];
  for (const f of readdirSync(STORIES).filter((n) => n.endsWith(".json")).sort()) {
    const story = JSON.parse(readFileSync(join(STORIES, f), "utf8")) as { id: string; text: string; date?: string };
    docs.push(coder.analyze({ id: story.id, text: story.text, date: story.date ?? null }));
  }
  const shapes = (objects: object[]): Set<string> => new Set(objects.map((o) => Object.keys(o).join(",")));

  it("is one for every actor mention, pronouns and unknown actors included", () => {
    const actors = docs.flatMap((d) => d.actors);
    expect(actors.some((a) => a.coref === true)).toBe(true);
    expect(actors.some((a) => a.unknown === true)).toBe(true);
    expect(actors.some((a) => a.coref === undefined && a.unknown === undefined)).toBe(true);
    expect(shapes(actors).size).toBe(1);
  });

  it("is one for every place mention, metonyms and unlisted places included", () => {
    const places = docs.flatMap((d) => d.places);
    expect(places.some((p) => p.metonym === true)).toBe(true);
    expect(places.some((p) => p.location.geonames_id === null && p.alternatives === 0)).toBe(true);
    expect(shapes(places).size).toBe(1);
  });
});
