/**
 * Semantic checks of the actor files for `faultline validate`: an alias (after key
 * normalisation) naming two different actors must be marked on all but one of them with
 * `"ambiguous": true` and a `disambiguation` rule; role sectors must be listed in
 * sectors.json.
 */
import { readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { aliasKey } from "./kb.js";
import { actorFiles } from "./load.js";
import type { KnowledgeFile, NamedActorEntry } from "./types.js";

/** One problem, shaped like the validator's ValidationIssue. */
export interface ActorIssue {
  file: string;
  path: string;
  message: string;
}

interface Where {
  file: string;
  path: string;
  entry: Partial<NamedActorEntry>;
}

/** Named actors and states of every actor file, with where each is defined. */
function readNamed(root: string, dir: string): { where: Map<string, Where>; sectors: Set<string> } {
  const where = new Map<string, Where>();
  const sectors = new Set<string>();
  for (const path of actorFiles(dir)) {
    let data: KnowledgeFile<Partial<NamedActorEntry> & { code?: string }>;
    try {
      data = JSON.parse(readFileSync(path, "utf8")) as typeof data;
    } catch {
      continue; // Unreadable JSON is reported by the schema pass.
    }
    if (!Array.isArray(data?.entries)) continue;
    const schema = basename(String(data.$schema ?? ""));
    const file = relative(root, path);
    data.entries.forEach((e, k) => {
      if (!e || typeof e.id !== "string") return;
      if (schema === "actors-sectors.schema.json" && typeof e.code === "string") sectors.add(e.code);
      if (schema === "actors.schema.json" || schema === "states.schema.json") where.set(e.id, { file, path: `/entries/${k}`, entry: e });
    });
  }
  return { where, sectors };
}

/** Alias collisions and unknown role sectors in `<ontologyDir>/actors`. */
export function actorAliasIssues(ontologyDir: string): ActorIssue[] {
  const dir = join(ontologyDir, "actors");
  let named;
  try {
    named = readNamed(ontologyDir, dir);
  } catch (err) {
    return [{ file: "actors", path: "", message: err instanceof Error ? err.message : String(err) }];
  }
  const { where, sectors } = named;
  const owners = new Map<string, string[]>();
  for (const [id, w] of where) {
    const names = new Set([w.entry.name, ...(Array.isArray(w.entry.aliases) ? w.entry.aliases : [])]);
    for (const alias of names) {
      if (typeof alias !== "string" || !alias) continue;
      const key = aliasKey(alias);
      const list = owners.get(key) ?? [];
      if (!list.includes(id)) list.push(id);
      owners.set(key, list);
    }
  }
  const issues: ActorIssue[] = [];
  for (const [alias, ids] of owners) {
    if (ids.length < 2) continue;
    const plain = ids.filter((id) => {
      const e = where.get(id)?.entry;
      return !(e?.ambiguous && e.disambiguation);
    });
    if (plain.length <= 1) continue;
    const w = where.get(plain[1]);
    issues.push({
      file: w?.file ?? "actors",
      path: w?.path ?? "",
      message: `alias "${alias}" names ${plain.join(", ")}; mark all but one "ambiguous": true with a "disambiguation" rule`,
    });
  }
  for (const [id, w] of where) {
    const e = w.entry;
    if (e.ambiguous && !e.disambiguation) issues.push({ file: w.file, path: `${w.path}/ambiguous`, message: `${id} is "ambiguous" but gives no "disambiguation" rule` });
    if (sectors.size === 0 || !Array.isArray(e.roles)) continue;
    e.roles.forEach((r, k) => {
      if (r?.sector && !sectors.has(r.sector)) issues.push({ file: w.file, path: `${w.path}/roles/${k}/sector`, message: `sector "${r.sector}" is not in actors/sectors.json` });
    });
  }
  return issues;
}
