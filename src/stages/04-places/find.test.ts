import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { newDoc, type Doc } from "../../doc/index.js";
import { ONTOLOGY_DIR } from "../../ontology/index.js";
import { loadGazetteer, placeKey, type Gazetteer } from "../../ontology/places/index.js";
import { tokenizeStage } from "../01-tokenize/index.js";
import { longestName } from "./find.js";

const gaz = loadGazetteer(join(ONTOLOGY_DIR, "places"));

function read(text: string): Doc {
  const doc = newDoc({ id: "t", text });
  tokenizeStage.run(doc);
  return doc;
}

/** longestName as a plain reading of the index: every span's key from the text, asked of the index, no memo. */
function plainLongest(doc: Doc, g: Gazetteer, i: number, limit: number): { end: number; key: string } | null {
  const toks = doc.tokens;
  let best: { end: number; key: string } | null = null;
  for (let j = i; j < limit && j - i < 10; j++) {
    const t = toks[j];
    if (["'s", "’s", "'", "’"].includes(t.lower)) break;
    if (t.pos === "PUNCT" || t.pos === "SPACE" || t.pos === "SYM") {
      if (j > i && ["-", ".", "'", "’", "&", "/"].includes(t.text)) continue;
      break;
    }
    const key = placeKey(doc.text.slice(toks[i].start, t.end));
    if (key.length === 0) break;
    if (g.hasKey(key)) best = { end: j + 1, key };
    else if (!g.isPrefix(key)) break;
  }
  return best;
}

describe("longest names from memoised steps", () => {
  it("reads every name a plain reading of the index reads, whatever stands between the words", () => {
    const texts = [
      "Clashes in Dera Ismail Khan, Dera  Ismail Khan, Dera\u00a0Ismail Khan and Dera\nIsmail Khan; then Dera Ismail.",
      "From Mazar-i-Sharif to Mazar - i - Sharif and Mazar -i- Sharif, past New York, New  York and New-York.",
      "The United Nations said The United States and the United Arab Emirates met in North Waziristan, not North  Waziristan.",
      "D.I. Khan, Be'eri, J&K, Ohaji/Egbema and Sari-Sang; Borno's governor in Khyber Pakhtunkhwa's capital.",
    ];
    // Twice over: the second pass reads the memoised steps.
    for (let pass = 0; pass < 2; pass++) {
      let found = 0;
      for (const text of texts) {
        const doc = read(text);
        for (let i = 0; i < doc.tokens.length; i++) {
          const m = longestName(doc, gaz, i, doc.tokens.length);
          expect(m, `${text} @${doc.tokens[i].text}`).toEqual(plainLongest(doc, gaz, i, doc.tokens.length));
          if (m && m.end > i + 1) found++;
        }
      }
      expect(found).toBeGreaterThan(10);
    }
  });

  it("tells the same words apart by what stands between them", () => {
    // "Sana a" as the tokenizer reads it, and the same tokens (same word ids) with nothing
    // between them, spanning "Sanaa" (a name of the city).
    const spaced = read("Sana a");
    const joined: Doc = { ...spaced, text: "Sanaa", tokens: [] };
    let at = 0;
    for (const t of spaced.tokens) {
      joined.tokens.push({ ...t, start: at, end: at + t.text.length, spaceBefore: false });
      at += t.text.length;
    }
    expect(joined.tokens.map((t) => t.word)).toEqual(spaced.tokens.map((t) => t.word));
    for (const doc of [spaced, joined, spaced, joined]) expect(longestName(doc, gaz, 0, doc.tokens.length)).toEqual(plainLongest(doc, gaz, 0, doc.tokens.length));
    expect(longestName(joined, gaz, 0, joined.tokens.length)?.key).toBe("sanaa");
  });

  it("stops after a name that begins no longer one only where a plain reading stops", () => {
    // "Peshawar", "Quetta", "Sana" are names and no longer name's first words; what follows them
    // is a spaced word, a joined one, punctuation, a non-ASCII word or a possessive.
    for (const k of ["peshawar", "quetta", "sana"]) expect(gaz.hasKey(k) && !gaz.isPrefix(k), k).toBe(true);
    const texts = [
      "Peshawar police met Quetta elders; Peshawar-Quetta road, Peshawar's mayor, Peshawar  district.",
      "Sana a, Sana'a, Sana’a, Sana _ x and Sana École; Quetta 2 and Quetta. Then Peshawar",
    ];
    for (let pass = 0; pass < 2; pass++) {
      for (const text of texts) {
        const doc = read(text);
        for (let i = 0; i < doc.tokens.length; i++) {
          expect(longestName(doc, gaz, i, doc.tokens.length), `${text} @${doc.tokens[i].text}`).toEqual(plainLongest(doc, gaz, i, doc.tokens.length));
        }
      }
    }
  });

  it("reads tokens without a word id by their text, as a plain reading does", () => {
    const text = "Clashes in Dera Ismail Khan, Peshawar and New York; Sana a and Quetta.";
    for (let pass = 0; pass < 2; pass++) {
      const withIds = read(text);
      const without: Doc = { ...withIds, tokens: withIds.tokens.map((t) => ({ ...t, word: -1 })) };
      // Some tokens with ids, some without: the same words memoised both ways.
      const mixed: Doc = { ...withIds, tokens: withIds.tokens.map((t, k) => (k % 2 === 0 ? t : { ...t, word: -1 })) };
      let found = 0;
      for (const doc of [without, withIds, mixed]) {
        for (let i = 0; i < doc.tokens.length; i++) {
          const m = longestName(doc, gaz, i, doc.tokens.length);
          expect(m, `${doc.tokens[i].text} (${doc.tokens[i].word})`).toEqual(plainLongest(doc, gaz, i, doc.tokens.length));
          if (m) found++;
        }
      }
      expect(found).toBeGreaterThan(10);
    }
  });

  it("stops at the sentence's end", () => {
    const doc = read("Dera Ismail Khan");
    expect(longestName(doc, gaz, 0, 2)).toEqual(plainLongest(doc, gaz, 0, 2));
    expect(longestName(doc, gaz, 0, 3)?.key).toBe("dera ismail khan");
  });
});
