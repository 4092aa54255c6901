/**
 * Layer rules from docs/ARCHITECTURE.md, checked on every import in src/:
 * layers import downward only; stages never touch the store; analytics is pure.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(__dirname, "..", "src");

/** For each layer, the layers it must never import. */
const FORBIDDEN: Record<string, string[]> = {
  doc: ["pipeline", "ontology", "stages", "store", "analytics", "app", "eval", "cli", "api", "web"],
  pipeline: ["ontology", "stages", "store", "analytics", "app", "eval", "cli", "api", "web"],
  ontology: ["pipeline", "stages", "store", "analytics", "app", "eval", "cli", "api", "web"],
  stages: ["store", "analytics", "app", "eval", "cli", "api", "web"],
  store: ["pipeline", "stages", "app", "eval", "cli", "api", "web"],
  analytics: ["pipeline", "ontology", "stages", "store", "app", "eval", "cli", "api", "web"],
  app: ["cli", "api", "web"],
  eval: ["cli", "api", "web", "store"],
  api: ["cli", "web"],
  cli: ["web"],
};

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === "node_modules" || name === "dist") continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name) && !/\.d\.ts$/.test(name)) out.push(p);
  }
  return out;
}

const IMPORT_RE = /^\s*(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;

export function layerOf(file: string): string {
  return relative(SRC, file).split(/[\\/]/)[0];
}

describe("architecture: layers import downward only", () => {
  const files = walk(SRC).filter((f) => layerOf(f) !== "web");
  it("finds source files", () => {
    expect(files.length).toBeGreaterThan(5);
  });
  it("no file imports a layer above it", () => {
    const violations: string[] = [];
    for (const f of files) {
      const from = layerOf(f);
      const banned = FORBIDDEN[from] ?? [];
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(IMPORT_RE)) {
        const spec = m[1] ?? m[2] ?? m[3];
        if (!spec || !spec.startsWith(".")) continue;
        const target = resolve(dirname(f), spec);
        if (!target.startsWith(SRC)) continue;
        const to = layerOf(target);
        if (banned.includes(to)) violations.push(`${relative(SRC, f)} -> ${spec} (${from} must not import ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
