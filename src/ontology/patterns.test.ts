import { describe, it, expect, afterAll } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ONTOLOGY_DIR } from "./index.js";
import { loadPatterns, PatternDataError } from "./patterns.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** An ontology folder with the two pattern schemas and one pattern file, and an empty cache folder. */
function makeOntology(): { ontology: string; cache: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), "faultline-patterns-"));
  dirs.push(root);
  const ontology = join(root, "ontology");
  for (const s of ["patterns", "patterns-cues"]) cpSync(join(ONTOLOGY_DIR, "schema", `${s}.schema.json`), join(ontology, "schema", `${s}.schema.json`));
  mkdirSync(join(ontology, "patterns"), { recursive: true });
  const file = join(ontology, "patterns", "p.json");
  writePatterns(file, "VERB");
  return { ontology, cache: join(root, "cache"), file };
}

function writePatterns(file: string, pos: string): void {
  writeFileSync(
    file,
    JSON.stringify({
      $schema: "../schema/patterns.schema.json",
      version: "1",
      entries: [{ id: "p.190.shell", cameo: "190", trigger: { lemmas: ["shell"], pos }, example: "Gunners shelled the ridge before dawn." }],
    }),
  );
}

describe("loadPatterns' memo of files found valid", () => {
  it("loads valid files, leaves a marker, and loads the same from it", () => {
    const { ontology, cache } = makeOntology();
    const first = loadPatterns(ontology, { cacheDir: cache });
    expect(readdirSync(cache).filter((n) => n.startsWith("patterns-valid-"))).toHaveLength(1);
    const again = loadPatterns(ontology, { cacheDir: cache });
    expect(again.patterns.map((p) => p.id)).toEqual(first.patterns.map((p) => p.id));
    expect(again.patterns[0]).toEqual(first.patterns[0]);
  });

  it("checks a file again once its text changes, and leaves no marker for invalid files", () => {
    const { ontology, cache, file } = makeOntology();
    loadPatterns(ontology, { cacheDir: cache });
    // "ADVERB" is not a trigger part of speech the schema allows: a marker for the old text must not cover it.
    writePatterns(file, "ADVERB");
    expect(() => loadPatterns(ontology, { cacheDir: cache })).toThrow(PatternDataError);
    expect(() => loadPatterns(ontology, { cacheDir: cache })).toThrow(PatternDataError);
    expect(readdirSync(cache).filter((n) => n.startsWith("patterns-valid-"))).toHaveLength(1);
  });

  it("still rejects duplicate ids and broken JSON when the schemas are not run", () => {
    const { ontology, cache, file } = makeOntology();
    loadPatterns(ontology, { cacheDir: cache });
    cpSync(file, join(ontology, "patterns", "q.json"));
    expect(() => loadPatterns(ontology, { cacheDir: cache })).toThrow(/duplicate id "p.190.shell"/);
    writeFileSync(join(ontology, "patterns", "q.json"), "{ not json");
    expect(() => loadPatterns(ontology, { cacheDir: cache })).toThrow(/not valid JSON/);
  });

  it("works without a cache folder", () => {
    const { ontology } = makeOntology();
    expect(loadPatterns(ontology, { cacheDir: false }).patterns).toHaveLength(1);
  });
});

describe("loaded patterns", () => {
  it("hold the files' values, every pattern with the same fields in the same order", () => {
    const pk = loadPatterns(ONTOLOGY_DIR, { cacheDir: false });
    const fromFiles = new Map<string, Record<string, unknown>>();
    for (const f of readdirSync(join(ONTOLOGY_DIR, "patterns")).filter((n) => n.endsWith(".json"))) {
      const data = JSON.parse(readFileSync(join(ONTOLOGY_DIR, "patterns", f), "utf8")) as { $schema?: string; entries: Record<string, unknown>[] };
      if (!data.$schema?.endsWith("/patterns.schema.json")) continue;
      for (const e of data.entries) fromFiles.set(e.id as string, { ...e, file: f });
    }
    expect(pk.patterns.length).toBe(fromFiles.size);
    const keys = Object.keys(pk.patterns[0]);
    const triggerKeys = Object.keys(pk.patterns[0].trigger);
    for (const p of pk.patterns) {
      expect(Object.keys(p)).toEqual(keys);
      expect(Object.keys(p.trigger)).toEqual(triggerKeys);
      // The same values: absent fields are undefined, which the JSON form leaves out.
      const { specificity, ...rest } = p;
      expect(JSON.parse(JSON.stringify(rest))).toEqual(fromFiles.get(p.id));
      expect(specificity).toBeGreaterThanOrEqual(1);
    }
  });
});
