import { describe, it, expect } from "vitest";
import { ONTOLOGY_DIR } from "../../ontology/index.js";
import { loadLexicon } from "../../ontology/lexicon.js";
import { tokenizeText } from "../01-tokenize/index.js";
import { digitValue, parseNumber } from "./numbers.js";

/** Only the lexicon: these tests do not depend on the rest of the knowledge base. */
const kb = { lexicon: loadLexicon(ONTOLOGY_DIR) };

/** Parse the count that starts at the first token of `text`. */
function count(text: string) {
  const { tokens } = tokenizeText(text);
  const n = parseNumber(tokens, 0, kb.lexicon);
  return n && { value: n.value, qualifier: n.qualifier, vague: n.vague, words: tokens.slice(n.start, n.end).map((t) => t.text).join(" ") };
}

describe("parseNumber", () => {
  it("reads digits and number words", () => {
    expect(count("130 people died")?.value).toBe(130);
    expect(count("1,200 families fled")?.value).toBe(1200);
    expect(count("three soldiers died")?.value).toBe(3);
    expect(count("twenty-five workers")).toMatchObject({ value: 25, words: "twenty - five" });
    expect(count("two hundred and fifty homes")?.value).toBe(250);
    expect(count("1.5 million people")?.value).toBe(1_500_000);
    expect(count("a hundred homes")?.value).toBe(100);
    expect(count("three thousand two hundred troops")?.value).toBe(3200);
  });

  it("reads quantities, vague amounts and qualifiers", () => {
    expect(count("a dozen villagers")).toMatchObject({ value: 12, vague: false });
    expect(count("dozens of villagers")).toMatchObject({ value: 12, vague: true, words: "dozens of" });
    expect(count("more than 130 people")).toMatchObject({ value: 130, qualifier: "min" });
    expect(count("at least twenty people")).toMatchObject({ value: 20, qualifier: "min" });
    expect(count("about 40 people")).toMatchObject({ value: 40, qualifier: "approx" });
    expect(count("up to 9 people")).toMatchObject({ value: 9, qualifier: "max" });
  });

  it("returns null where no count starts", () => {
    expect(count("a soldier died")).toBeNull();
    expect(count("the soldiers")).toBeNull();
    expect(count("more than enough")).toBeNull();
    const { tokens } = tokenizeText("five");
    expect(parseNumber(tokens, 3, kb.lexicon)).toBeNull();
  });

  it("accepts only well-formed digit groups", () => {
    expect(digitValue("12,500,000")).toBe(12_500_000);
    expect(digitValue("3,00")).toBeNull();
    expect(digitValue("10/12")).toBeNull();
    expect(digitValue("5th")).toBeNull();
    expect(digitValue("1234,567")).toBeNull();
  });
});
