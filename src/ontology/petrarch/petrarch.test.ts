import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { inflections, loadDictionaries, parseActors, parseAgents, parseDictionaries, parseDiscards, parsePatternBody, parseVerbs, PetrarchDictionaryError } from "./index.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

describe("actor dictionaries", () => {
  const kb = loadDictionaries(FIXTURES);
  const actor = (id: string) => kb.actors.find((a) => a.id === id)!;

  it("reads names, + alternatives and lower-case codes", () => {
    expect(actor("VALDORIA").names).toEqual([["VALDORIA"], ["VALDORIAN"]]);
    expect(actor("OLD_REGENT").codes.map((c) => c.code)).toEqual(["---", "RGT"]);
  });

  it("turns date restrictions into inclusive ranges, dated codes first", () => {
    expect(actor("MARISOL_VENTE").codes).toEqual([
      { code: "VLDGOV", start: "2010-01-01", end: "2014-12-31" },
      { code: "VLDOPP", start: "2015-01-01", end: null },
      { code: "VLDCIV", start: null, end: null },
    ]);
    expect(actor("OLD_REGENT").codes[0]).toEqual({ code: "---", start: null, end: "1999-12-31" });
  });

  it("reads six-digit dates as YYMMDD", () => {
    const { actors } = parseActors("ARNOLDIA\n [ARN <991231]\n [ARM >300101]\n", "a.txt");
    expect(actors[0].codes).toEqual([
      { code: "ARN", start: null, end: "1999-12-30" },
      { code: "ARM", start: "1930-01-02", end: null },
    ]);
  });

  it("reports malformed lines with file and line number", () => {
    const { problems } = parseActors("GOOD [GOD]\nBAD_DATE\n  [BDD 20201340-20211231]\n  [950601-990815]\nNOCODE\n+ALIAS\n", "bad.actors.txt");
    expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual(["bad.actors.txt:2", "bad.actors.txt:3", "bad.actors.txt:4", "bad.actors.txt:5"]);
    expect(problems[1].message).toMatch(/bad date range/);
    expect(problems[3].message).toMatch(/"NOCODE" has no code/);
  });
});

describe("agent dictionaries", () => {
  const kb = loadDictionaries(FIXTURES);
  const agent = (id: string) => kb.agents.find((a) => a.id === id)!;

  it("expands substitution markers and makes regular plurals unless {} is given", () => {
    expect(agent("SOLDIER").words).toEqual([["SOLDIER"], ["SOLDIERS"]]);
    expect(agent("HARBORMAN").words.map((w) => w.join("_"))).toEqual(["HARBORMAN", "HARBORMEN"]);
    expect(agent("POLICE").words).toEqual([["POLICE"]]);
    expect(agent("RELIEF_AGENCY").words).toEqual([["RELIEF", "AGENCY"], ["RELIEF", "AGENCIES"]]);
  });

  it("tells prefix from suffix codes", () => {
    expect(agent("RELIEF_AGENCY")).toMatchObject({ code: "NGO", prefix: true });
    expect(agent("POLICE")).toMatchObject({ code: "COP", prefix: false });
  });

  it("reports bad codes and unknown markers with line numbers", () => {
    const { problems } = parseAgents("FINE [~OK]\nNO_TILDE [GOV]\n!NOPE!_GUARD [~MIL]\nNO CODE AT ALL\n", "x.agents.txt");
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4]);
  });
});

describe("verb dictionaries", () => {
  const kb = loadDictionaries(FIXTURES);
  const verb = (name: string) => kb.verbs.find((v) => v.name === name)!;

  it("reads codes, paired codes and [---]", () => {
    expect(verb("VISIT").code).toEqual({ code: "032", paired: "033" });
    expect(verb("MEET").code).toBeNull();
  });

  it("reads multi-word verbs with their marked verb word and explicit forms", () => {
    const cut = verb("CUT");
    expect(cut.forms[0]).toEqual({ words: ["CUT", "OFF"], verbIndex: 0 });
    expect(cut.forms.map((f) => f.words.join("_"))).toContain("CUTTING_OFF");
    expect(parseVerbs("--- TAP [1711] ---\nWIRE_+TAP {WIRE_+TAPPED}\n", "v.txt").verbs[0].forms.at(-1)).toEqual({ words: ["WIRE", "TAPPED"], verbIndex: 1 });
  });

  it("adds regular inflections", () => {
    expect(inflections("SHELL")).toEqual(expect.arrayContaining(["SHELLS", "SHELLED", "SHELLING"]));
    expect(inflections("DENY")).toEqual(expect.arrayContaining(["DENIES", "DENIED", "DENYING"]));
  });

  it("splits patterns around the verb with slots, synsets and _ adjacency", () => {
    const p = parsePatternBody("SAID_+ * DEMAND_&GENINT $");
    expect(p).toEqual({
      before: [
        { t: "target", adjacent: false },
        { t: "word", word: "SAID", adjacent: true },
      ],
      after: [
        { t: "word", word: "DEMAND", adjacent: false },
        { t: "synset", name: "GENINT", adjacent: true },
        { t: "source", adjacent: false },
      ],
    });
    expect(parsePatternBody("NO VERB HERE")).toMatch(/exactly one/);
  });

  it("expands synsets and sorts patterns longest first", () => {
    expect(kb.synsets.get("HARSH")).toEqual([["SHARPLY"], ["IN", "STRONG", "TERMS"]]);
    expect(verb("CONDEMN").patterns.map((p) => p.code?.code)).toEqual(["125", "123"]);
  });

  it("skips patterns with codes CAMEO does not allow, with a note", () => {
    expect(verb("CUT").patterns.map((p) => p.code?.code)).toEqual(["163"]);
    expect(kb.notes.some((n) => n.file === "faultline.verbs.txt" && /\+\+\+/.test(n.message))).toBe(true);
  });

  it("reports malformed lines with line numbers", () => {
    const { problems } = parseVerbs("CONDEMN\n--- OK [010] ---\nOK\n- * [010\n- NO STAR [010]\n--- BROKEN ---\n", "v.txt");
    expect(problems.map((p) => p.line)).toEqual([1, 4, 5, 6]);
  });
});

describe("discards and loading", () => {
  it("reads sentence and story discards", () => {
    const { discards } = parseDiscards("FOOTBALL MATCH\n+CHESS_TOURNAMENT # story\n", "d.txt");
    expect(discards).toEqual([
      { words: ["FOOTBALL", "MATCH"], story: false, line: 1 },
      { words: ["CHESS", "TOURNAMENT"], story: true, line: 2 },
    ]);
  });

  it("throws one error listing every malformed line as file:line", () => {
    const files = [
      { name: "x.actors.txt", text: "A [AAA]\n  [AAA 2020]\n" },
      { name: "x.verbs.txt", text: "--- V [010] ---\nV\n- * [010\n" },
    ];
    expect(() => parseDictionaries(files)).toThrow(PetrarchDictionaryError);
    expect(() => parseDictionaries(files)).toThrow(/x\.actors\.txt:2: .*\n.*x\.verbs\.txt:3:/);
  });

  it("explains an unusable folder", () => {
    expect(() => loadDictionaries(join(FIXTURES, "missing"))).toThrow(/cannot read dictionary folder/);
    expect(() => loadDictionaries(dirname(FIXTURES))).toThrow(/no verb dictionary/);
  });
});
