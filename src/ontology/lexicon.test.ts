import { describe, it, expect } from "vitest";
import AjvModule from "ajv";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ONTOLOGY_DIR } from "./index.js";
import { LexiconError, loadLexicon } from "./lexicon.js";

/** ajv's constructor through NodeNext's CommonJS interop. */
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (opts: object) => {
  compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown[] | null };
};

describe("lexicon files", () => {
  it.each(["tag-fixes", "dates", "numbers"])("%s.json matches its JSON Schema", (name) => {
    const schema = JSON.parse(readFileSync(join(ONTOLOGY_DIR, "schema", `lexicon-${name}.schema.json`), "utf8"));
    const data = JSON.parse(readFileSync(join(ONTOLOGY_DIR, "lexicon", `${name}.json`), "utf8"));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(data) ? [] : validate.errors).toEqual([]);
    expect(data.$schema).toBe(`../schema/lexicon-${name}.schema.json`);
  });

  it("loads the shipped lexicon", () => {
    const lex = loadLexicon(ONTOLOGY_DIR);
    expect(lex.tagFixes.length).toBeGreaterThan(5);
    expect(lex.dates.filter((e) => e.kind === "month")).toHaveLength(12);
    expect(lex.numbers.some((e) => e.kind === "qualifier")).toBe(true);
  });

  it("rejects a broken file with a message naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-lexicon-"));
    mkdirSync(join(dir, "lexicon"));
    for (const n of ["tag-fixes", "dates", "numbers"]) writeFileSync(join(dir, "lexicon", `${n}.json`), JSON.stringify({ entries: [] }));
    writeFileSync(join(dir, "lexicon", "dates.json"), JSON.stringify({ entries: [{ id: "m", kind: "month", month: 13, names: ["x"] }] }));
    expect(() => loadLexicon(dir)).toThrow(LexiconError);
    expect(() => loadLexicon(dir)).toThrow(/dates\.json: entry "m": "month" must be 1\.\.12/);
    writeFileSync(join(dir, "lexicon", "dates.json"), "{not json");
    expect(() => loadLexicon(dir)).toThrow(/dates\.json/);
    writeFileSync(join(dir, "lexicon", "dates.json"), JSON.stringify({ entries: [{ id: "a", kind: "ago", names: ["ago"] }, { id: "a", kind: "ago", names: ["ago"] }] }));
    expect(() => loadLexicon(dir)).toThrow(/duplicate id "a"/);
  });
});
