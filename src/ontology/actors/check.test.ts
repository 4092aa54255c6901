import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { actorAliasIssues } from "./check.js";
import type { NamedActorEntry } from "./types.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function ontology(entries: NamedActorEntry[]): string {
  const root = mkdtempSync(join(tmpdir(), "faultline-actors-check-"));
  dirs.push(root);
  mkdirSync(join(root, "actors"));
  writeFileSync(join(root, "actors", "groups.json"), JSON.stringify({ $schema: "../schema/actors.schema.json", version: "1", entries }));
  return root;
}

const group = (id: string, aliases: string[], extra: Partial<NamedActorEntry> = {}): NamedActorEntry => ({
  id,
  name: aliases[0],
  kind: "group",
  aliases,
  country: "PAK",
  roles: [{ code: "PAKINS", country: "PAK", sector: "INS" }],
  ...extra,
});

describe("actorAliasIssues", () => {
  it("reports an alias naming two actors, whatever its spelling", () => {
    const issues = actorAliasIssues(ontology([group("group:a", ["Jaish-e-Test"]), group("group:b", ["Jaish e Test"])]));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: join("actors", "groups.json"), path: "/entries/1" });
    expect(issues[0].message).toMatch(/"jaish e test" names group:a, group:b/);
  });

  it("accepts a shared alias marked ambiguous with a disambiguation rule", () => {
    const b = group("group:b", ["Jaish e Test"], { ambiguous: true, disambiguation: "only with the word Valley in the sentence", context: ["Valley"] });
    expect(actorAliasIssues(ontology([group("group:a", ["Jaish-e-Test"]), b]))).toEqual([]);
  });

  it("asks for a rule when an entry is ambiguous without one", () => {
    const issues = actorAliasIssues(ontology([group("group:a", ["Alpha Front"], { ambiguous: true })]));
    expect(issues.map((i) => i.message)).toEqual(['group:a is "ambiguous" but gives no "disambiguation" rule']);
  });

  it("finds no collision in the built-in actor files outside people/", async () => {
    const { ONTOLOGY_DIR } = await import("../index.js");
    expect(actorAliasIssues(ONTOLOGY_DIR).filter((i) => !i.file.includes("people"))).toEqual([]);
  });
});
