/**
 * Loading the actor knowledge base from ontology/actors/ (every *.json below it,
 * people/ included). Each file says what it holds through its "$schema".
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { additionsIssues, AdditionsError, readAdditionsFile } from "./additions.js";
import { ActorKB } from "./kb.js";
import type { ActorKBEntries, AgentEntry, CommonWordsEntry, EthnicEntry, KnowledgeFile, NamedActorEntry, SectorEntry, StateEntry } from "./types.js";

/** A knowledge file that cannot be read. */
export class ActorKBError extends Error {}

/** Every .json file under `dir`, sorted, recursively. */
export function actorFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...actorFiles(path));
    else if (name.endsWith(".json")) out.push(path);
  }
  return out;
}

/** Read every actor file under `dir` into entry lists, by the schema each file names. */
export function readActorEntries(dir: string): ActorKBEntries {
  const entries: Required<ActorKBEntries> = { states: [], actors: [], agents: [], ethnic: [], sectors: [], common: [] };
  for (const path of actorFiles(dir)) {
    let file: KnowledgeFile<unknown>;
    try {
      file = JSON.parse(readFileSync(path, "utf8")) as KnowledgeFile<unknown>;
    } catch (err) {
      throw new ActorKBError(`${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    if (!file || typeof file !== "object" || !Array.isArray(file.entries) || typeof file.$schema !== "string") {
      throw new ActorKBError(`${path}: expected {"$schema", "version", "entries": [...]}`);
    }
    switch (basename(file.$schema)) {
      case "states.schema.json":
        entries.states.push(...(file.entries as StateEntry[]));
        break;
      case "agents.schema.json":
        entries.agents.push(...(file.entries as AgentEntry[]));
        break;
      case "actors-ethnic.schema.json":
        entries.ethnic.push(...(file.entries as EthnicEntry[]));
        break;
      case "actors-sectors.schema.json":
        entries.sectors.push(...(file.entries as SectorEntry[]));
        break;
      case "actors-common-words.schema.json":
        entries.common.push(...(file.entries as CommonWordsEntry[]));
        break;
      case "actors.schema.json":
        for (const e of file.entries as NamedActorEntry[]) {
          if (!e || typeof e.id !== "string" || !Array.isArray(e.aliases) || !Array.isArray(e.roles)) {
            throw new ActorKBError(`${path}: entry ${JSON.stringify(e?.id ?? e)} lacks id, aliases or roles`);
          }
          entries.actors.push(e);
        }
        break;
      default:
        break; // Not an actor file (a README's data, another area's schema): ignored.
    }
  }
  return entries;
}

export interface LoadActorOptions {
  /** Extra entries added after the files (tests, user dictionaries). */
  extra?: ActorKBEntries;
  /**
   * A local knowledge-base additions file (named actors, actors.schema.json; see
   * additions.ts), merged over the bundled files. A missing file adds nothing; an
   * invalid one throws AdditionsError with its issues. Read afresh on every call.
   */
  additions?: string | null;
}

const cache = new Map<string, ActorKB>();
const entryCache = new Map<string, ActorKBEntries>();

/** Load (once per process and folder) the actor knowledge base in `dir` (ontology/actors). */
export function loadActorKB(dir: string, opts: LoadActorOptions = {}): ActorKB {
  if (opts.additions) {
    const base = loadActorKB(dir, { extra: opts.extra });
    const file = readAdditionsFile(opts.additions);
    if (file.entries?.length === 0) return base;
    const issues = additionsIssues(file, dir, base);
    if (issues.length > 0) {
      throw new AdditionsError(`${opts.additions}: ${issues.map((i) => `${i.path || "/"}: ${i.message}`).join("; ")}`, issues);
    }
    return loadActorKB(dir, { extra: { ...opts.extra, actors: [...(opts.extra?.actors ?? []), ...file.entries] } });
  }
  const cached = !opts.extra ? cache.get(dir) : undefined;
  if (cached) return cached;
  let e = entryCache.get(dir);
  if (!e) entryCache.set(dir, (e = readActorEntries(dir)));
  const x = opts.extra ?? {};
  const kb = ActorKB.fromEntries({
    states: [...(e.states ?? []), ...(x.states ?? [])],
    agents: [...(e.agents ?? []), ...(x.agents ?? [])],
    ethnic: [...(e.ethnic ?? []), ...(x.ethnic ?? [])],
    sectors: [...(e.sectors ?? []), ...(x.sectors ?? [])],
    actors: [...(e.actors ?? []), ...(x.actors ?? [])],
    common: [...(e.common ?? []), ...(x.common ?? [])],
  });
  if (!opts.extra) cache.set(dir, kb);
  return kb;
}
