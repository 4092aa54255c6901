import { describe, it, expect } from "vitest";
import { ONTOLOGY_DIR } from "../../ontology/index.js";
import { WordBytes } from "../../doc/index.js";
import { loadLexicon, type TagFix } from "../../ontology/lexicon.js";
import { tokenizeText } from "../01-tokenize/index.js";
import { applyTagFixes, indexTagFixes } from "./index.js";

/** Only the lexicon: these tests do not depend on the rest of the knowledge base. */
const kb = { lexicon: loadLexicon(ONTOLOGY_DIR) };
const index = indexTagFixes(kb.lexicon.tagFixes);

function tagged(text: string): Map<string, { pos: string; lemma: string }> {
  const { tokens } = tokenizeText(text);
  applyTagFixes(tokens, index);
  return new Map(tokens.map((t) => [t.text, { pos: t.pos, lemma: t.lemma }]));
}

describe("tag stage", () => {
  it("makes 'chief' after a service word a noun", () => {
    expect(tagged("The army chief visited the border posts.").get("chief")?.pos).toBe("NOUN");
    expect(tagged("The chief of army staff met the envoy.").get("chief")?.pos).toBe("NOUN");
  });

  it("tags month abbreviations and a month 'May' as proper nouns", () => {
    expect(tagged("Troops withdrew on Dec. 10 after talks.").get("Dec.")?.pos).toBe("PROPN");
    expect(tagged("The truce began in May 2020 and collapsed.").get("May")?.pos).toBe("PROPN");
    expect(tagged("They may go home soon.").get("may")?.pos).toBe("AUX");
  });

  it("fixes news verbs and irregular lemmas", () => {
    const a = tagged("Gunmen shot a guard and abducted two workers.");
    expect(a.get("shot")).toEqual({ pos: "VERB", lemma: "shoot" });
    expect(a.get("abducted")).toEqual({ pos: "VERB", lemma: "abduct" });
    expect(a.get("Gunmen")).toEqual({ pos: "NOUN", lemma: "gunman" });
    expect(tagged("Raiders slew the guards.").get("slew")?.lemma).toBe("slay");
  });

  it("keeps proper names proper", () => {
    const a = tagged("The Taliban said Kabul would answer.");
    expect(a.get("Taliban")?.pos).toBe("PROPN");
    expect(a.get("Kabul")?.pos).toBe("PROPN");
  });

  it("never touches offsets or text", () => {
    const text = "Militants shelled the army chief's house on Dec. 3.";
    const before = tokenizeText(text).tokens.map((t) => [t.text, t.start, t.end]);
    const { tokens } = tokenizeText(text);
    applyTagFixes(tokens, index);
    expect(tokens.map((t) => [t.text, t.start, t.end])).toEqual(before);
  });

  it("applies only the first matching fix and honours conditions", () => {
    const fixes: TagFix[] = [
      { id: "a", example: "x", words: ["word"], prevWords: ["the"], pos: "NOUN" },
      { id: "b", example: "x", words: ["word"], pos: "VERB" },
    ];
    const idx = indexTagFixes(fixes);
    const { tokens } = tokenizeText("the word and word");
    applyTagFixes(tokens, idx);
    expect(tokens.filter((t) => t.lower === "word").map((t) => t.pos)).toEqual(["NOUN", "VERB"]);
  });

  it("tags the same with its word memo as without, over texts that repeat words (fix words among them)", () => {
    const known = new WordBytes();
    const texts = [
      ...kb.lexicon.tagFixes.map((f) => f.example),
      "The army chief said the chief of staff shot the guard; the Chief shot back on Dec. 3.",
      "May they go in May? The army may shell the posts, and shelling resumed after the raiders slew two.",
    ];
    // The second round reads every word's answer from the memo.
    for (let round = 0; round < 2; round++) {
      for (const text of texts) {
        const direct = tokenizeText(text).tokens;
        const memo = tokenizeText(text).tokens;
        expect(applyTagFixes(memo, index, known)).toBe(applyTagFixes(direct, index));
        expect(memo.map((t) => [t.pos, t.lemma])).toEqual(direct.map((t) => [t.pos, t.lemma]));
      }
    }
  });

  it.each(kb.lexicon.tagFixes.map((f) => [f.id, f] as const))("fix %s applies to its own example", (_id, fix) => {
    const { tokens } = tokenizeText(fix.example);
    expect(applyTagFixes(tokens, indexTagFixes([fix]))).toBeGreaterThan(0);
  });
});
