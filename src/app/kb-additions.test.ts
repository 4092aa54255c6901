import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ActorAdditionError, defaultAdditionsPath, entryOf, KbAdditions } from "./kb-additions.js";

const dir = mkdtempSync(join(tmpdir(), "faultline-app-kb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECTORS = new Set(["REB", "GOV", "BUS", "INS"]);

describe("KB additions (app)", () => {
  it("places the file beside a SQLite store only", () => {
    expect(defaultAdditionsPath("sqlite:/data/x.sqlite")).toBe("/data/x.sqlite.kb-additions.json");
    expect(defaultAdditionsPath("/data/y.db")).toBe("/data/y.db.kb-additions.json");
    expect(defaultAdditionsPath(":memory:")).toBeNull();
    expect(defaultAdditionsPath("postgres://127.0.0.1/test")).toBeNull();
  });

  it("builds entries: id from kind and name, sector from the code, the unknown phrase as an alias", () => {
    expect(entryOf({ name: "Amber Coast Movement", kind: "group", country: "ghA", code: "ghareb", unknown_id: "unknown:amber coast movt" }, SECTORS)).toEqual({
      id: "group:amber-coast-movement", name: "Amber Coast Movement", kind: "group", aliases: ["amber coast movt"], country: "GHA",
      roles: [{ code: "GHAREB", country: "GHA", sector: "REB" }],
    });
    expect(entryOf({ name: "Dockers' Guild", kind: "organization", sector: "BUS" }, SECTORS)).toMatchObject({ id: "org:dockers-guild", roles: [{ code: "BUS", sector: "BUS", country: null }] });
    for (const bad of [{ name: "", kind: "group", code: "REB" }, { name: "X", kind: "state", code: "REB" }, { name: "X", kind: "group" }, { name: "X", kind: "group", code: "ab" }, { name: "ひかり", kind: "group", code: "REB" }]) {
      expect(() => entryOf(bad, SECTORS), JSON.stringify(bad)).toThrow(ActorAdditionError);
    }
  });

  it("appends concurrent additions atomically and refuses a second one with the same name", async () => {
    const add = new KbAdditions(join(dir, "s.sqlite.kb-additions.json"));
    const results = await Promise.allSettled([
      add.add({ name: "Amber Coast Movement", kind: "group", country: "GHA", code: "GHAREB" }),
      add.add({ name: "Dockers Guild of Tema", kind: "organization", country: "GHA", code: "GHABUS" }),
      add.add({ name: "Amber Coast Movement", kind: "organization", country: "GHA", code: "GHAREB" }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    const err = (results[2] as PromiseRejectedResult).reason as ActorAdditionError;
    expect(err.kind).toBe("conflict");
    expect(err.message).toMatch(/"Amber Coast Movement" already names a knowledge-base actor \(group:amber-coast-movement\)/);
    const file = JSON.parse(readFileSync(add.path, "utf8"));
    expect(file.entries.map((e: { id: string }) => e.id)).toEqual(["group:amber-coast-movement", "org:dockers-guild-of-tema"]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(add.kb().get("org:dockers-guild-of-tema")).toBeTruthy();
  });
});
