import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ONTOLOGY_DIR } from "../index.js";
import { ADDITIONS_SCHEMA, AdditionsError, knownName, loadActorKB } from "./index.js";

const ACTORS = join(ONTOLOGY_DIR, "actors");
const dir = mkdtempSync(join(tmpdir(), "faultline-kb-additions-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = {
  id: "group:lantern-hill-militia", name: "Lantern Hill Militia", kind: "group", aliases: ["LHM"], country: "NGA",
  roles: [{ code: "NGAREB", country: "NGA", sector: "REB" }],
};
const write = (name: string, entries: unknown[]) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ $schema: ADDITIONS_SCHEMA, version: "1", entries }));
  return path;
};

describe("knowledge-base additions", () => {
  it("merge over the bundled knowledge base; a missing file adds nothing", () => {
    const base = loadActorKB(ACTORS);
    expect(knownName(base, "Lantern Hill Militia")).toBeNull();
    expect(loadActorKB(ACTORS, { additions: join(dir, "none.json") })).toBe(base);
    const kb = loadActorKB(ACTORS, { additions: write("ok.json", [entry]) });
    expect(kb.get("group:lantern-hill-militia")).toMatchObject({ name: "Lantern Hill Militia", country: "NGA", roles: [{ code: "NGAREB" }] });
    expect(knownName(kb, "lantern hill militia")).toMatchObject({ id: "group:lantern-hill-militia" });
    expect(knownName(kb, "LHM")).toMatchObject({ id: "group:lantern-hill-militia" });
    expect(knownName(kb, "lhm")).toBeNull(); // a short acronym matches only in its exact spelling
    expect(kb.get("state:NGA")).toBeTruthy(); // the bundled entries stay
  });

  it("refuse a file with schema errors, bundled ids or names, or unknown countries and sectors", () => {
    const cases: [unknown[], RegExp][] = [
      [[{ ...entry, roles: [] }], /roles: must NOT have fewer than 1 items/],
      [[{ ...entry, id: "state:NGA" }], /must match pattern/],
      [[{ ...entry, id: "group:ttp" }], /id "group:ttp" is already in the knowledge base/],
      [[{ ...entry, aliases: ["Nigeria"] }], /"Nigeria" already names a state \(state:NGA\)/],
      [[{ ...entry, country: "XYZ" }], /"XYZ" is not a country code/],
      [[{ ...entry, roles: [{ code: "NGAQQQ", country: "NGA", sector: "QQQ" }] }], /"QQQ" is not a sector of sectors.json/],
      [[entry, { ...entry, name: "Lantern Hill Front", aliases: [] }], /duplicate id/],
    ];
    cases.forEach(([entries, re], i) => {
      const path = write(`bad-${i}.json`, entries);
      expect(() => loadActorKB(ACTORS, { additions: path }), String(re)).toThrow(re);
    });
    const path = join(dir, "broken.json");
    writeFileSync(path, "{not json");
    expect(() => loadActorKB(ACTORS, { additions: path })).toThrow(AdditionsError);
  });
});
