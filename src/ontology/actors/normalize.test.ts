import { describe, it, expect } from "vitest";
import { normalizePhrase, scanKeys } from "./normalize.js";

describe("key normalisation", () => {
  it("treats hyphens, spaces and transliteration joints alike", () => {
    expect(normalizePhrase("Tehrik-i-Taliban Pakistan")).toBe("tehrik i taliban pakistan");
    expect(normalizePhrase("Tehrik i  Taliban   Pakistan")).toBe("tehrik i taliban pakistan");
  });

  it("drops dots in abbreviations and diacritics, straightens quotes", () => {
    expect(normalizePhrase("the U.S. and the U.N.")).toBe("the us and the un");
    expect(normalizePhrase("Jüri Ratas of Türkiye")).toBe("juri ratas of turkiye");
    expect(normalizePhrase("Taiwan’s envoy")).toBe("taiwan 's envoy");
  });

  it("keeps the possessive as its own key but not inner apostrophes", () => {
    expect(normalizePhrase("People's Republic")).toBe("people 's republic");
    expect(normalizePhrase("Sana'a")).toBe("sanaa");
  });

  it("records offsets, capitals, exact spelling and hyphen joins", () => {
    const keys = scanKeys("LeT chief Ho-jen", []);
    expect(keys.map((k) => [k.k, k.raw, k.cap, k.joined, k.start, k.end])).toEqual([
      ["let", "LeT", true, false, 0, 3],
      ["chief", "chief", false, false, 4, 9],
      ["ho", "Ho", true, false, 10, 12],
      ["jen", "jen", false, true, 13, 16],
    ]);
  });

  it("keeps punctuation that separates phrases as keys", () => {
    expect(scanKeys("Kabul, Islamabad", []).map((k) => k.k)).toEqual(["kabul", ",", "islamabad"]);
  });
});
