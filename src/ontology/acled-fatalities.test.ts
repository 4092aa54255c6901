import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ONTOLOGY_DIR } from "./index.js";
import { AcledConventionError, acledKilled, loadAcledFatalityConventions, loadAcledRowFatalities } from "./acled-fatalities.js";

describe("ACLED fatality conventions", () => {
  const conv = loadAcledFatalityConventions(ONTOLOGY_DIR);

  it("gives ACLED's numbers for vague words, and the stated count first", () => {
    expect(acledKilled({ killed: null, injured: null, killed_vague: "dozens" }, conv)).toBe(12);
    expect(acledKilled({ killed: null, injured: null, killed_vague: "hundreds" }, conv)).toBe(100);
    expect(acledKilled({ killed: null, injured: null, killed_vague: "several" }, conv)).toBe(10);
    expect(acledKilled({ killed: 4, injured: null, killed_vague: "several" }, conv)).toBe(4);
  });

  it("reads the figures ACLED's definitions fix for a row, and vague phrases of an unstated plural", () => {
    expect(loadAcledRowFatalities(ONTOLOGY_DIR).get("Peaceful protest")).toBe(0);
    expect(loadAcledRowFatalities(ONTOLOGY_DIR).has("Attack")).toBe(false);
    expect(acledKilled({ killed: null, injured: null, killed_vague: "a number" }, conv)).toBe(10);
  });

  it("leaves unknown what it has no convention for", () => {
    expect(acledKilled({ killed: null, injured: 3 }, conv)).toBeNull();
    expect(acledKilled({ killed: null, injured: null, killed_vague: "some" }, conv)).toBeNull();
    expect(acledKilled(null, conv)).toBeNull();
  });

  it("fails clearly on a missing or malformed file", () => {
    const dir = mkdtempSync(join(tmpdir(), "acled-conv-"));
    expect(() => loadAcledFatalityConventions(dir)).toThrow(AcledConventionError);
    mkdirSync(join(dir, "acled"));
    writeFileSync(join(dir, "acled", "fatality-conventions.json"), JSON.stringify({ entries: [{ words: ["dozens"], value: "twelve" }] }));
    expect(() => loadAcledFatalityConventions(dir)).toThrow(/whole "value"/);
  });
});
