import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { actorAt } from "../../doc/index.js";
import { Coder } from "../../app/coder.js";

const DICTS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "ontology", "petrarch", "fixtures");
const coder = new Coder({ dictionaries: DICTS });

/** "SOURCE TARGET CAMEO" triples of the candidates, sorted (the code stage is another stage's business). */
function code(text: string, date = "2012-06-01"): string[] {
  const doc = coder.analyze({ id: "t", text, date });
  return doc.candidates.map((c) => `${c.source ? actorAt(c.source, date).code : "---"} ${c.target ? actorAt(c.target, date).code : "---"} ${c.cameo}`).sort();
}

describe("06-dictionary: verbs and patterns", () => {
  it("codes a verb's default code with the subject as source and the first actor after as target", () => {
    expect(code("Valdoria condemned North Kestrel on Monday.")).toEqual(["VLD NKS 122"]);
  });

  it("prefers the longest matching pattern, with synset members and a + slot", () => {
    expect(code("Valdoria sharply condemned North Kestrel.")).toEqual(["VLD NKS 123"]);
    expect(code("Valdoria condemned in strong terms the Kestreli shelling.")).toEqual([]);
    expect(code("Valdoria condemned North Kestrel for attacks on its ports.")).toEqual(["VLD NKS 125"]);
  });

  it("codes the reverse event of a paired code [032:033]", () => {
    expect(code("Valdoria visited North Kestrel.")).toEqual(["NKS VLD 033", "VLD NKS 032"]);
  });

  it("matches multi-word verbs and their patterns", () => {
    expect(code("Valdoria cut off aid to North Kestrel.")).toEqual(["VLD NKS 163"]);
    expect(code("Valdoria cut off North Kestrel.")).toEqual([]);
  });

  it("codes nothing without both a source and a target (require_dyad)", () => {
    expect(code("Valdoria condemned the decision.")).toEqual([]);
  });

  it("lets a [---] pattern silence a verb (negation written as a pattern)", () => {
    expect(code("Valdoria accused North Kestrel.")).toEqual(["VLD NKS 112"]);
    expect(code("Valdoria did not accuse North Kestrel.")).toEqual([]);
  });
});

describe("06-dictionary: actors", () => {
  it("composes agents with actors: adjective, of/from phrases and prefix codes", () => {
    expect(code("Valdorian soldiers shelled North Kestrel.")).toEqual(["VLDMIL NKS 195"]);
    expect(code("Soldiers from Valdoria shelled the Kestreli police.")).toEqual(["VLDMIL NKSCOP 195"]);
    expect(code("The Valdoria relief agency condemned North Kestrel.")).toEqual(["NGOVLD NKS 122"]);
    expect(code("Police condemned North Kestrel.")).toEqual(["---COP NKS 122"]);
  });

  it("picks the dated code valid on the document's date", () => {
    expect(code("Marisol Vente condemned North Kestrel.", "2012-06-01")).toEqual(["VLDGOV NKS 122"]);
    expect(code("Marisol Vente condemned North Kestrel.", "2016-06-01")).toEqual(["VLDOPP NKS 122"]);
    expect(code("Marisol Vente condemned North Kestrel.", "2005-06-01")).toEqual(["VLDCIV NKS 122"]);
  });

  it("drops an actor whose code is --- on the date", () => {
    expect(code("The Old Regent condemned North Kestrel.", "1999-06-01")).toEqual([]);
    expect(code("The Old Regent condemned North Kestrel.", "2001-06-01")).toEqual(["RGT NKS 122"]);
  });

  it("gives one actor per code of an A/B entry", () => {
    expect(code("The Twin Cities condemned North Kestrel.")).toEqual(["TCA NKS 122", "TCB NKS 122"]);
  });
});

describe("06-dictionary: compounds, passive, discards", () => {
  it("codes every member of a compound source or target", () => {
    expect(code("Valdoria and the Twin Cities condemned North Kestrel.")).toEqual(["TCA NKS 122", "TCB NKS 122", "VLD NKS 122"]);
    expect(code("North Kestrel condemned Valdoria and Marisol Vente.")).toEqual(["NKS VLD 122", "NKS VLDGOV 122"]);
  });

  it("codes a % compound's members with each other", () => {
    expect(code("Valdoria and North Kestrel met on Friday.")).toEqual(["NKS VLD 036", "VLD NKS 036"]);
    expect(code("Valdoria met with North Kestrel.")).toEqual(["VLD NKS 036"]);
  });

  it("reads a passive with by: the agent is the source", () => {
    expect(code("North Kestrel was shelled by Valdoria.")).toEqual(["VLD NKS 195"]);
    expect(code("North Kestrel was accused by Valdoria of spying.")).toEqual(["VLD NKS 111"]);
  });

  it("shares a subject across verbs joined by and", () => {
    expect(code("Valdoria condemned North Kestrel and shelled the Twin Cities.")).toEqual(["VLD NKS 122", "VLD TCA 195", "VLD TCB 195"]);
  });

  it("codes an infinitive with the verb that governs it, and no gerund after a preposition", () => {
    expect(code("Valdoria urged North Kestrel to help the Twin Cities.")).toEqual(["VLD NKS 102"]);
    expect(code("Valdoria condemned North Kestrel after leaving the Twin Cities.")).toEqual(["VLD NKS 122"]);
  });

  it("reads a pronoun subject as the previous clause's subject, and passes over a parenthesis", () => {
    expect(code("Valdoria said it would shell North Kestrel.")).toEqual(["VLD NKS 195"]);
    expect(code("Valdorian soldiers, in a statement on Monday, condemned North Kestrel.")).toEqual(["VLDMIL NKS 122"]);
  });

  it("lets ^ skip a noun phrase before a slot", () => {
    expect(code("Valdoria warned North Kestrel.")).toEqual(["VLD NKS 160"]);
    expect(code("Valdoria warned at the border the Twin Cities.")).toEqual(["VLD TCA 162", "VLD TCB 162"]);
  });

  it("skips a sentence with a discard phrase, and the whole text with a + discard", () => {
    expect(code("Valdoria condemned North Kestrel after the football match.")).toEqual([]);
    expect(code("Valdoria condemned North Kestrel. It was the football match. North Kestrel shelled Valdoria.")).toEqual(["NKS VLD 195", "VLD NKS 122"]);
    expect(code("Valdoria condemned North Kestrel. The chess tournament ended.")).toEqual([]);
  });

  it("stays bounded on a run-on sentence", () => {
    const text = "Valdoria " + "walked and ".repeat(3000) + "condemned North Kestrel.";
    const t0 = Date.now();
    expect(() => code(text)).not.toThrow();
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it("emits contract records with dictionary codes and petrarch rule ids", () => {
    const events = coder.code({ id: "r", text: "Valdoria condemned North Kestrel.", date: "2012-06-01" });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ cameo: "122", source: { code: "VLD" }, target: { code: "NKS" } });
    expect(events[0].rule).toMatch(/^petrarch:CONDEMN:\d+$/);
  });
});
