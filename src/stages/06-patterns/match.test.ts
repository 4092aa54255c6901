import { describe, it, expect } from "vitest";
import { ONTOLOGY_DIR } from "../../ontology/index.js";
import { indexPatterns, loadPatterns, type CueKind, type CuePhrase, type Pattern } from "../../ontology/patterns.js";
import type { Token } from "../../doc/index.js";
import { tokenizeText } from "../01-tokenize/index.js";
import { TriggerMatcher } from "./match.js";
import { cueAt, CueKinds, cueStarts } from "./cues.js";

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
    const kinds = new CueKinds(["killed"]);
    const t = tokens[i];
    // "dies" is no cue's first word; its lemma "die" is (ontology/patterns/fatalities.json).
    t.lemma = "dies";
    expect(cueAt(pk, tokens, i, tokens.length, kinds)).toBeNull();
    t.lemma = "die";
    expect(cueAt(pk, tokens, i, tokens.length, kinds)?.words).toEqual(["die"]);
    t.lemma = "dies";
    expect(cueAt(pk, tokens, i, tokens.length, kinds)).toBeNull();
  });

  it("matches a word's first token after a later token of the same word took another lemma", () => {
    const m = new TriggerMatcher(pk);
    const { tokens, sentences } = tokenizeText("Gunmen shot the guard and the shot echoed.");
    const s = sentences[0];
    const [a, b] = tokens.filter((t) => t.text === "shot");
    expect(a.word).toBe(b.word);
    a.pos = "VERB";
    a.lemma = "shoot";
    b.pos = "NOUN";
    b.lemma = "shot";
    // The memo entry the first token found must not be changed by the second's look-up.
    expect(m.matchSentence(tokens, s).map((x) => x.i)).toEqual([a.i]);
    expect(m.matchToken(tokens, a.i, s)?.pattern.trigger.lemmas).toContain("shoot");
  });

  it("finds in a sentence the matches token-by-token look-ups find, context windows included", () => {
    const m = new TriggerMatcher(pk);
    const text =
      "The army launched air strikes on rebel positions. Pakistan called for talks with India. " +
      "Police fired tear gas at protesters, and the minister expressed concern over the killings. " +
      "Rebels shot dead two soldiers and set fire to a bus; the UN called on both sides to cease fire.";
    const { tokens, sentences } = tokenizeText(text);
    let n = 0;
    for (const s of sentences) {
      const one: string[] = [];
      for (let i = s.tokenStart; i < s.tokenEnd; i++) {
        const x = m.matchToken(tokens, i, s);
        if (x) one.push(`${x.pattern.id}@${x.i}-${x.last}`);
      }
      expect(m.matchSentence(tokens, s).map((x) => `${x.pattern.id}@${x.i}-${x.last}`)).toEqual(one);
      n += one.length;
    }
    expect(n).toBeGreaterThan(5);
  });

  it("lists as cue starts exactly the tokens where some cue may start", () => {
    const { tokens, sentences } = tokenizeText("Nearly 30 people were not killed, the army said, but a soldier was injured.");
    const s = sentences[0];
    const all = new CueKinds(["negated", "hypothetical", "future", "alleged", "killed", "injured", "vague-number", "casualty-averted", "casualty-report", "no-casualty"]);
    const starts = cueStarts(pk, tokens, s);
    // The trigger matcher reads the same starts in its pass over the sentence.
    const read: number[] = [];
    new TriggerMatcher(pk).matchSentence(tokens, s, read);
    expect(read).toEqual(starts);
    for (let i = s.tokenStart; i < s.tokenEnd; i++) if (cueAt(pk, tokens, i, s.tokenEnd, all)) expect(starts).toContain(i);
    expect(starts.length).toBeLessThan(s.tokenEnd - s.tokenStart);
    expect(starts.map((i) => tokens[i].lower)).toEqual(expect.arrayContaining(["not", "killed", "injured"]));
  });

  it("reads a context word by its lemma and by its lower-cased form, in every list that holds either", () => {
    const { tokens, sentences } = tokenizeText("Men with guns attacked the town.");
    const s = sentences[0];
    const guns = tokens.find((t) => t.text === "guns")!;
    expect(guns.lemma).toBe("gun");
    const i = tokens.findIndex((t) => t.text === "attacked");
    // Fresh objects each time: indexing sets a pattern's specificity, which a copy would keep.
    const pattern = (id: string, context: Partial<Pattern["trigger"]> = {}): Pattern => ({ id, cameo: "190", trigger: { lemmas: ["attack"], pos: "VERB", ...context }, example: "" });
    const best = (context: Partial<Pattern["trigger"]>) => new TriggerMatcher(indexPatterns([pattern("t.bare"), pattern("t.ctx", context)], [])).matchToken(tokens, i, s)?.pattern.id;
    expect(best({ with: { lemmas: ["gun"] } })).toBe("t.ctx");
    expect(best({ with: { lemmas: ["guns"] } })).toBe("t.ctx");
    expect(best({ with: { lemmas: ["knives"] } })).toBe("t.bare");
    // One word in two lists: by its lemma in the first, by its lower-cased form in the second.
    expect(best({ with: { lemmas: ["gun"] }, without: { lemmas: ["guns"] } })).toBe("t.bare");
    expect(best({ with: { lemmas: ["guns"] }, without: { lemmas: ["gun"] } })).toBe("t.bare");
    expect(best({ with: { lemmas: ["gun"] }, without: { lemmas: ["knives"] } })).toBe("t.ctx");
  });

  it("finds the cue a direct search of the cue lists finds, for every kind and for sets of kinds", () => {
    /** The first phrase of one of `kinds` under the token's lower-cased form, then its lemma, whose words follow. */
    const direct = (tokens: Token[], i: number, end: number, kinds: ReadonlySet<CueKind>): CuePhrase | null => {
      const t = tokens[i];
      for (const w of t.lemma !== t.lower ? [t.lower, t.lemma] : [t.lower]) {
        for (const c of pk.cuesByFirst.get(w) ?? []) {
          if (kinds.has(c.cue.kind) && i + c.words.length <= end && c.words.every((x, k) => k === 0 || tokens[i + k].lower === x || tokens[i + k].lemma === x)) return c;
        }
      }
      return null;
    };
    const allKinds = [...new Set([...pk.cuesByFirst.values()].flat().map((c) => c.cue.kind))];
    expect(allKinds.length).toBeGreaterThan(10);
    const sets = [...allKinds.map((k) => [k]), allKinds, allKinds.filter((_, n) => n % 2 === 0), ["negated", "future"] as CueKind[]];
    const { tokens } = tokenizeText(
      "Police said at least 12 people were killed and dozens injured, but no one died in the crash. " +
        "The toll was later revised to 15; some reports put it at 20. He may not have been involved, officials alleged, and will resign.",
    );
    let found = 0;
    for (const ks of sets) {
      const kinds = new CueKinds(ks);
      for (let i = 0; i < tokens.length; i++) {
        const want = direct(tokens, i, tokens.length, new Set(ks));
        expect(cueAt(pk, tokens, i, tokens.length, kinds)).toBe(want);
        if (want) found++;
      }
    }
    expect(found).toBeGreaterThan(20);
  });

  it("chooses the fitting pattern of highest rank, the first in the knowledge's order on a tie", () => {
    const { tokens, sentences } = tokenizeText("Men with guns attacked the town.");
    const s = sentences[0];
    const i = tokens.findIndex((t) => t.text === "attacked");
    const pattern = (id: string, cameo: string, context: Partial<Pattern["trigger"]> = {}): Pattern => ({ id, cameo, trigger: { lemmas: ["attack"], pos: "VERB", ...context }, example: "" });
    const best = (...ps: Pattern[]) => new TriggerMatcher(indexPatterns(ps, [])).matchToken(tokens, i, s)?.pattern.id;
    // Equal ranks: the knowledge's order decides.
    expect(best(pattern("a", "190"), pattern("b", "191"))).toBe("a");
    expect(best(pattern("b", "191"), pattern("a", "190"))).toBe("b");
    // Same specificity, longer code: higher rank, wherever it stands.
    expect(best(pattern("a", "190"), pattern("c", "1901"))).toBe("c");
    expect(best(pattern("c", "1901"), pattern("a", "190"))).toBe("c");
    expect(best(pattern("a", "190"), pattern("b", "19"), pattern("c", "1901"))).toBe("c");
    // A more specific pattern that does not fit gives way to the best that fits.
    const unfit = { with: { lemmas: ["knives"] } };
    const fit = { with: { lemmas: ["gun"] } };
    expect(best(pattern("x", "1901", unfit), pattern("a", "190"), pattern("c", "1901"))).toBe("c");
    expect(best(pattern("a", "190"), pattern("y", "19", fit), pattern("x", "1901", unfit))).toBe("y");
    expect(best(pattern("y", "19", fit), pattern("z", "19", fit), pattern("w", "193", unfit))).toBe("y");
    // The trigger's other tag: no pattern fits.
    expect(best(pattern("n", "190", { ...fit, pos: "NOUN" }))).toBeUndefined();
  });

  it("answers a sentence the same once its words are known (the per-word shortcut for words that are nothing to it)", () => {
    const m = new TriggerMatcher(pk);
    const { tokens, sentences } = tokenizeText(
      "Nearly 30 people were not killed when rebels attacked the town, the army said. Police called on both sides to cease fire, and the minister expressed concern.",
    );
    const pass = () =>
      sentences.map((s) => {
        const starts: number[] = [];
        const found = m.matchSentence(tokens, s, starts).map((x) => `${x.pattern.id}@${x.i}-${x.last}`);
        return { found, starts };
      });
    const first = pass();
    expect(first.flatMap((x) => x.found).length).toBeGreaterThan(3);
    expect(first.flatMap((x) => x.starts).length).toBeGreaterThan(3);
    expect(pass()).toEqual(first);
    // And as a matcher that never saw these words answers them.
    expect(sentences.map((s) => new TriggerMatcher(pk).matchSentence(tokens, s).map((x) => `${x.pattern.id}@${x.i}-${x.last}`))).toEqual(first.map((x) => x.found));
  });
});
