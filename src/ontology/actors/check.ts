/**
 * Semantic checks of the actor files for `faultline validate`: an alias (after key
 * normalisation) naming two different actors must be marked on all but one of them with
 * `"ambiguous": true` and a `disambiguation` rule; role sectors must be listed in
 * sectors.json.
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ActorKB } from "./kb.js";
import { actorFiles, readActorEntries } from "./load.js";
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
  entry: NamedActorEntry | null;
}

/** Where each named actor and state is defined (file relative to the ontology folder, JSON pointer). */
function locate(root: string, dir: string): Map<string, Where> {
  const where = new Map<string, Where>();
  for (const path of actorFiles(dir)) {
    let data: KnowledgeFile<{ id?: unknown }>;
    try {
      data = JSON.parse(readFileSync(path, "utf8")) as KnowledgeFile<{ id?: unknown }>;
    } catch {
      continue; // Unreadable JSON is reported by the schema pass.
    }
    if (!Array.isArray(data?.entries)) continue;
    const file = relative(root, path);
    data.entries.forEach((e, k) => {
      if (e && typeof e.id === "string") where.set(e.id, { file, path: `/entries/${k}`, entry: "roles" in e ? (e as unknown as NamedActorEntry) : null });
    });
  }
  return where;
}

/** Alias collisions and unknown role sectors in `<ontologyDir>/actors`. */
export function actorAliasIssues(ontologyDir: string): ActorIssue[] {
  const dir = join(ontologyDir, "actors");
  let entries;
  try {
    entries = readActorEntries(dir);
  } catch (err) {
    return [{ file: "actors", path: "", message: err instanceof Error ? err.message : String(err) }];
  }
  const kb = ActorKB.fromEntries(entries);
  const where = locate(ontologyDir, dir);
  const issues: ActorIssue[] = [];
  for (const [alias, owners] of kb.aliasOwners) {
    if (owners.size < 2) continue;
    const plain = [...owners].filter((id) => {
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
  const sectors = new Set(kb.sectors().map((s) => s.code));
  if (sectors.size > 0) {
    for (const e of entries.actors ?? []) {
      e.roles.forEach((r, k) => {
        if (r.sector && !sectors.has(r.sector)) {
          const w = where.get(e.id);
          issues.push({ file: w?.file ?? "actors", path: `${w?.path ?? ""}/roles/${k}/sector`, message: `sector "${r.sector}" is not in actors/sectors.json` });
        }
      });
    }
  }
  for (const [id, w] of where) {
    if (w.entry?.ambiguous && !w.entry.disambiguation) issues.push({ file: w.file, path: `${w.path}/ambiguous`, message: `${id} is "ambiguous" but gives no "disambiguation" rule` });
  }
  return issues;
}
