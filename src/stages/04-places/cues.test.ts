import { describe, it, expect } from "vitest";
import { join } from "node:path";
import type { Token } from "../../doc/index.js";
import { ONTOLOGY_DIR } from "../../ontology/index.js";
import { loadGazetteer, type PlaceCues } from "../../ontology/places/index.js";
import { tokenizeText } from "../01-tokenize/index.js";
import { caseless, designatorAfter, mayStartStandalone } from "./cues.js";
import { caselessDoc, STANDALONE, startFlags } from "./find.js";

const gaz = loadGazetteer(join(ONTOLOGY_DIR, "places"));
const cues = gaz.cues;

/** designatorAfter as a plain reading of the table: the longest designator of up to three words, no memo. */
function designatorPlain(tokens: readonly Token[], end: number, limit: number, table: PlaceCues["designators"]): number {
  let best = -1;
  let words = "";
  for (let k = end; k < limit && k < end + 3; k++) {
    const t = tokens[k];
    if (t.pos === "SPACE" || t.pos === "PUNCT") break;
    words = words ? `${words} ${t.lower}` : t.lower;
    if (table.has(words)) best = k + 1;
  }
  return best;
}

/** Whether a standalone designator begins with `lower`, read from the table itself. */
function standalonePlain(lower: string): boolean {
  return [...cues.designators].some(([key, d]) => d.standalone === true && (key === lower || key.startsWith(lower + " ")));
}

describe("place cues memoised per word", () => {
  it("finds the designator at every token as a plain reading of the table does", () => {
    const text = "Gunmen hit Guma Local Government Area, the Bannu district and a local government council in Local Government Areas; the tribal agency, raion and oblast. Nothing local here.";
    // Twice over: the second pass reads the memoised answers.
    for (let pass = 0; pass < 2; pass++) {
      const { tokens } = tokenizeText(text);
      let found = 0;
      for (let k = 0; k <= tokens.length; k++) {
        const d = designatorAfter(tokens, k, tokens.length, cues);
        expect(d ? d.end : -1).toBe(designatorPlain(tokens, k, tokens.length, cues.designators));
        if (d) {
          expect(d.designator).toBe(cues.designators.get(tokens.slice(k, d.end).map((t) => t.lower).join(" ")));
          found++;
        }
      }
      expect(found).toBeGreaterThan(6);
    }
  });

  it("tells where no standalone designator starts, as the designators found there show", () => {
    const text = "Gunmen burnt the Local Government Secretariat and the local government area office near Bannu district and a tribal agency; LGA officials fled.";
    for (let pass = 0; pass < 2; pass++) {
      const { tokens } = tokenizeText(text);
      let standalone = 0;
      for (let k = 0; k < tokens.length; k++) {
        const d = designatorAfter(tokens, k, tokens.length, cues);
        if (d?.designator.standalone) {
          standalone++;
          expect(mayStartStandalone(tokens[k], cues)).toBe(true);
        }
      }
      expect(standalone).toBeGreaterThan(1);
      expect(mayStartStandalone(tokens.find((t) => t.lower === "district")!, cues)).toBe(false);
    }
  });

  it("stops at the limit and at punctuation", () => {
    const { tokens } = tokenizeText("Bannu district, local government area");
    const district = tokens.findIndex((t) => t.lower === "district");
    expect(designatorAfter(tokens, district, district, cues)).toBeNull();
    expect(designatorAfter(tokens, district + 1, tokens.length, cues)).toBeNull();
    const local = tokens.findIndex((t) => t.lower === "local");
    expect(designatorAfter(tokens, local, local + 2, cues)?.end).toBe(local + 2);
    expect(designatorAfter(tokens, local, tokens.length, cues)?.end).toBe(local + 3);
  });

  it("tells a text in capitals from one with case, again from memoised words", () => {
    for (let pass = 0; pass < 2; pass++) {
      for (const [text, noCase] of [
        ["GUNMEN ATTACKED A POLICE POST IN THE NORTH OF BANNU DISTRICT ON MONDAY", true],
        ["Gunmen attacked a police post in the north of Bannu district on Monday, police said.", false],
        ["gunmen attacked a police post in the north of bannu district on monday, police said.", true],
        ["Gunmen BURNT the LGA secretariat; UN and NATO staff fled from Bannu.", false],
      ] as const) {
        const { tokens } = tokenizeText(text);
        expect(caseless(tokens)).toBe(noCase);
        // The stage's reading, from the words' flags (memoised from the first pass on).
        expect(caselessDoc(tokens, gaz)).toBe(noCase);
      }
    }
  });

  it("flags the words a standalone designator may start with as mayStartStandalone does", () => {
    const text = "Gunmen burnt the Local Government Secretariat and the local government area office near Bannu district and a tribal agency; LGA officials fled.";
    for (let pass = 0; pass < 2; pass++) {
      const { tokens } = tokenizeText(text);
      let flagged = 0;
      for (const t of tokens) {
        const f = (startFlags(t, gaz) & STANDALONE) !== 0;
        expect(f, t.text).toBe(mayStartStandalone(t, cues));
        expect(f, t.text).toBe(standalonePlain(t.lower));
        if (f) flagged++;
      }
      expect(flagged).toBeGreaterThan(1);
    }
    // Every word of every designator, and their runs up to a space, as the plain reading says.
    for (const key of cues.designators.keys()) {
      const words = key.split(" ");
      for (let n = 1; n <= words.length; n++) {
        const lower = words.slice(0, n).join(" ");
        expect(mayStartStandalone({ lower } as Token, cues), lower).toBe(standalonePlain(lower));
        expect(mayStartStandalone({ lower: words[n - 1] } as Token, cues), words[n - 1]).toBe(standalonePlain(words[n - 1]));
      }
    }
  });
});
