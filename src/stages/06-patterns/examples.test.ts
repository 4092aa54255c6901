import { describe, it, expect } from "vitest";
import { loadKnowledge } from "../../ontology/index.js";
import { tokenizeText } from "../01-tokenize/index.js";
import { tagStage } from "../02-tag/index.js";
import { newDoc } from "../../doc/index.js";
import { TriggerMatcher } from "./match.js";

const kb = loadKnowledge();
const pk = kb.patterns;
const matcher = new TriggerMatcher(pk);
const tag = tagStage(kb);

/** The pattern ids chosen for the triggers of one sentence. */
function firing(text: string): string[] {
  const doc = newDoc({ id: "x", text });
  Object.assign(doc, tokenizeText(text));
  tag.run(doc);
  return doc.sentences.flatMap((s) => matcher.matchSentence(doc.tokens, s).map((m) => m.pattern.id));
}

describe("event patterns", () => {
  it("has at least 250 patterns covering all 20 CAMEO roots", () => {
    expect(pk.patterns.length).toBeGreaterThanOrEqual(250);
    const roots = new Set(pk.patterns.map((p) => p.cameo.slice(0, 2)));
    for (let r = 1; r <= 20; r++) expect(roots, `root ${r}`).toContain(String(r).padStart(2, "0"));
  });

  it("uses only valid CAMEO codes and ACLED types", () => {
    const bad = pk.patterns.filter((p) => !kb.events.isValidCode(p.cameo) || (p.acled && !kb.events.isAcledType(p.acled.event_type, p.acled.sub_event_type)));
    expect(bad.map((p) => p.id)).toEqual([]);
  });

  it("fires every pattern on its own example sentence", () => {
    const misses = pk.patterns.filter((p) => !firing(p.example).includes(p.id)).map((p) => `${p.id}: ${p.example} -> [${firing(p.example).join(", ")}]`);
    expect(misses).toEqual([]);
  });
});
