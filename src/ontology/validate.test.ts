import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ONTOLOGY_DIR } from "./index.js";
import { semanticChecks, validateOntology, validateOntologyReport, type ValidationIssue } from "./validate.js";

const THING_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  required: ["$schema", "version", "entries"],
  properties: {
    $schema: { type: "string" },
    version: { type: "string" },
    entries: { type: "array", items: { type: "object", properties: { id: { type: "string" }, size: { type: "integer" } } } },
  },
};

const write = (dir: string, file: string, data: unknown) => {
  mkdirSync(join(dir, file, ".."), { recursive: true });
  writeFileSync(join(dir, file), typeof data === "string" ? data : JSON.stringify(data));
};

/** A small ontology folder with the event files and one file per kind of mistake. */
function makeBadOntology(): string {
  const dir = mkdtempSync(join(tmpdir(), "faultline-validate-"));
  for (const sub of ["cameo", "plover", "acled", "quad"]) cpSync(join(ONTOLOGY_DIR, sub), join(dir, sub), { recursive: true });
  for (const s of ["cameo-codes", "plover-types", "plover-cameo-map", "acled-types", "acled-cameo-map", "quad-conventions", "patterns"]) {
    cpSync(join(ONTOLOGY_DIR, "schema", `${s}.schema.json`), join(dir, "schema", `${s}.schema.json`));
  }
  write(dir, "schema/things.schema.json", THING_SCHEMA);
  const things = (entries: unknown[]) => ({ $schema: "../schema/things.schema.json", version: "1", entries });
  write(dir, "things/a.json", things([{ id: "t1", size: 1 }, { id: "t1", size: 2 }, { size: 3 }]));
  write(dir, "things/b.json", things([{ id: "t1", size: "big" }]));
  write(dir, "things/broken.json", "{ not json");
  write(dir, "things/noschema.json", { version: "1", entries: [] });
  write(dir, "patterns/p.json", {
    $schema: "../schema/patterns.schema.json", version: "1",
    entries: [{ id: "p.193.shoot", cameo: "193", trigger: { lemmas: ["shoot"], pos: "VERB" }, plover_mode: "kites" },
      { id: "p.999.none", cameo: "999", trigger: { lemmas: ["zap"], pos: "VERB" }, example: "They zapped it yesterday." }],
  });
  const codes = join(dir, "cameo/codes.json");
  const json = JSON.parse(readFileSync(codes, "utf8"));
  json.entries = json.entries.filter((e: { code: string }) => e.code !== "087");
  writeFileSync(codes, JSON.stringify(json));
  return dir;
}

const has = (issues: ValidationIssue[], file: string, message: RegExp) =>
  issues.some((i) => i.file === file && message.test(i.message));

describe("validateOntology", () => {
  it("finds nothing wrong with the built-in ontology, fast", () => {
    const t = performance.now();
    const report = validateOntologyReport(ONTOLOGY_DIR);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(report.issues).toEqual([]);
    expect(report.files).toBeGreaterThanOrEqual(6);
    expect(report.entries).toBeGreaterThan(316 * 3);
  });

  describe("on a folder with mistakes", () => {
    let dir = "";
    let issues: ValidationIssue[] = [];
    beforeAll(() => {
      dir = makeBadOntology();
      issues = validateOntology(dir);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("reports unparsable files and files without $schema", () => {
      expect(has(issues, "things/broken.json", /not valid JSON/)).toBe(true);
      expect(has(issues, "things/noschema.json", /missing \$schema/)).toBe(true);
    });

    it("reports schema errors with their JSON pointer", () => {
      expect(issues).toContainEqual({ file: "things/b.json", path: "/entries/0/size", message: "must be integer" });
    });

    it("reports entries without id and duplicate ids, within and across files", () => {
      expect(issues).toContainEqual({ file: "things/a.json", path: "/entries/2", message: "entry has no id" });
      expect(issues).toContainEqual({ file: "things/a.json", path: "/entries/1/id", message: "duplicate id \"t1\" in this file" });
      expect(issues).toContainEqual({ file: "things/b.json", path: "/entries/0/id", message: "id \"t1\" is also used in things/a.json" });
    });

    it("reports pattern entries without an example sentence", () => {
      expect(issues).toContainEqual({ file: "patterns/p.json", path: "/entries/0", message: "pattern has no example sentence" });
    });

    it("runs the event checks: a missing CAMEO parent is reported", () => {
      expect(issues).toContainEqual({ file: "cameo/codes.json", path: expect.stringMatching(/^\/entries\/\d+\/parent$/), message: "parent 087 of 0871 is not in the codebook" });
      expect(has(issues, "plover/cameo-map.json", /"087" is not a code of the codebook/)).toBe(true);
    });

    it("does not report schema files themselves", () => {
      expect(issues.some((i) => i.file.startsWith("schema/"))).toBe(false);
    });
  });

  it("checks pattern references against the codebook and PLOVER modes", () => {
    const dir = makeBadOntology();
    // restore the codebook so that reference checks run
    cpSync(join(ONTOLOGY_DIR, "cameo"), join(dir, "cameo"), { recursive: true });
    const issues = validateOntology(dir);
    expect(issues).toContainEqual({ file: "patterns/p.json", path: "/entries/0/plover_mode", message: "\"kites\" is not a mode of ASSAULT (the PLOVER type of 193)" });
    expect(issues).toContainEqual({ file: "patterns/p.json", path: "/entries/1/cameo", message: "\"999\" is not a CAMEO code of the codebook" });
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs checks other modules register", () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-validate-"));
    const mine = (d: string): ValidationIssue[] => [{ file: "x.json", path: "", message: `checked ${d === dir}` }];
    semanticChecks.push(mine);
    try {
      expect(validateOntology(dir)).toContainEqual({ file: "x.json", path: "", message: "checked true" });
    } finally {
      semanticChecks.splice(semanticChecks.indexOf(mine), 1);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
