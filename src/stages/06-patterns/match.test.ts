import { describe, it, expect } from "vitest";
import { ONTOLOGY_DIR } from "../../ontology/index.js";
import { loadPatterns } from "../../ontology/patterns.js";
import { tokenizeText } from "../01-tokenize/index.js";
import { TriggerMatcher } from "./match.js";
import { cueAt } from "./cues.js";

const pk = loadPatterns(ONTOLOGY_DIR);

describe("per-word memo of trigger and cue look-ups", () => {
  it("answers for a token's current lemma, not the lemma its word had before", () => {
    const m = new TriggerMatcher(pk);
    const { tokens, sentences } = tokenizeText("Gunmen struck the convoy near the border.");
    const s = sentences[0];
    const i = tokens.findIndex((t) => t.text === "struck");
    expect(tokens[i].word).toBeGreaterThanOrEqual(0);
    const t = tokens[i];
    t.pos = "VERB";
    // As a tag fix may leave it: the word itself as lemma ("struck" is no trigger key) ...
    t.lemma = "struck";
    expect(m.matchToken(tokens, i, s)).toBeNull();
    // ... or give it its lemma: the same word now starts a trigger.
    t.lemma = "strike";
    expect(m.matchToken(tokens, i, s)?.pattern.trigger.lemmas).toContain("strike");
    t.lemma = "struck";
    expect(m.matchToken(tokens, i, s)).toBeNull();
  });

  it("finds a cue by a token's current lemma after the same word was seen with another lemma", () => {
    const { tokens } = tokenizeText("The wounded soldier dies.");
    const i = tokens.findIndex((t) => t.text === "dies");
    const kinds = new Set(["killed" as const]);
    const t = tokens[i];
    // "dies" is no cue's first word; its lemma "die" is (ontology/patterns/fatalities.json).
    t.lemma = "dies";
    expect(cueAt(pk, tokens, i, tokens.length, kinds)).toBeNull();
    t.lemma = "die";
    expect(cueAt(pk, tokens, i, tokens.length, kinds)?.words).toEqual(["die"]);
    t.lemma = "dies";
    expect(cueAt(pk, tokens, i, tokens.length, kinds)).toBeNull();
  });
});
