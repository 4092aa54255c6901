/**
 * Local knowledge-base additions: a JSON file of named actors a user added (through the
 * review desk or by hand), in the same shape and under the same JSON Schema as the
 * bundled files (ontology/schema/actors.schema.json), merged over the bundled knowledge
 * base by `loadActorKB(dir, {additions})`. This module reads and checks such a file;
 * writing it (atomically) is the app's business (src/app/kb-additions.ts).
 *
 * Checks beyond the schema: ids unique in the file and absent from the bundled base, no
 * name or alias that already names another actor (additions cannot mark ambiguity),
 * role countries that are states of the base and role sectors listed in sectors.json.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AjvModule, { type ValidateFunction } from "ajv";
import { aliasKey, type ActorKB } from "./kb.js";
import { scanKeys } from "./normalize.js";
import type { KnowledgeFile, NamedActorEntry } from "./types.js";

/** The `$schema` an additions file names (the schema's `$id`; its basename selects the actors schema). */
export const ADDITIONS_SCHEMA = "https://faultline.dev/schema/actors.schema.json";

/** One problem of an additions file: JSON pointer and message. */
export interface AdditionIssue {
  path: string;
  message: string;
}

/** An additions file that cannot be used (unreadable, not JSON, or with issues). */
export class AdditionsError extends Error {
  constructor(
    message: string,
    readonly issues: AdditionIssue[] = [],
  ) {
    super(message);
  }
}

const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (opts: object) => {
  compile(schema: unknown): ValidateFunction;
};
const validators = new Map<string, ValidateFunction>();

/** The compiled actors schema of the ontology folder holding `actorsDir`. */
function schemaValidator(actorsDir: string): ValidateFunction {
  const path = join(actorsDir, "..", "schema", "actors.schema.json");
  let v = validators.get(path);
  if (!v) {
    v = new Ajv({ allErrors: true, strict: false, addUsedSchema: false }).compile(JSON.parse(readFileSync(path, "utf8")));
    validators.set(path, v);
  }
  return v;
}

/** An empty additions file. */
export function emptyAdditions(): KnowledgeFile<NamedActorEntry> {
  return {
    $schema: ADDITIONS_SCHEMA, version: "1",
    description: "Local knowledge-base additions (named actors added by reviewers); merged over the bundled ontology/actors.",
    entries: [],
  };
}

/** Read an additions file; a missing file is an empty one. Throws AdditionsError when it cannot be read or parsed. */
export function readAdditionsFile(path: string): KnowledgeFile<NamedActorEntry> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return emptyAdditions();
    throw new AdditionsError(`${path}: cannot read (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    return JSON.parse(text) as KnowledgeFile<NamedActorEntry>;
  } catch (err) {
    throw new AdditionsError(`${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** What a whole phrase names in the knowledge base (a named actor or state, or a generic actor word), or null. */
export function knownName(kb: ActorKB, phrase: string): { id: string; what: string } | null {
  const keys = scanKeys(phrase, []);
  if (keys.length === 0) return null;
  const m = kb.match(keys, 0);
  if (!m || m.end !== keys.length) return null;
  for (const h of m.hits) {
    if (h.t === "actor") return { id: h.ref.id, what: h.ref.kind === "state" ? "a state" : "a knowledge-base actor" };
  }
  for (const h of m.hits) {
    if (h.t === "nation" && h.ref) return { id: h.ref.id, what: "a nationality word" };
    if (h.t === "metonym") return { id: h.ref.id, what: "a seat of power" };
    if (h.t === "agent") return { id: `agent:${h.agent.id}`, what: "a generic actor word" };
  }
  return null;
}

/**
 * Issues of one entry against the base it is added to (`base`: the knowledge base
 * without it) and the aliases of the other additions checked before it (`taken`:
 * alias key -> id, filled in here).
 */
export function entryIssues(e: NamedActorEntry, base: ActorKB, taken: Map<string, string>, at = ""): AdditionIssue[] {
  const issues: AdditionIssue[] = [];
  if (base.get(e.id)) issues.push({ path: `${at}/id`, message: `id "${e.id}" is already in the knowledge base` });
  const sectors = new Set(base.sectors().map((s) => s.code));
  const phrases = [e.name, ...(e.aliases ?? [])];
  phrases.forEach((p, i) => {
    const where = i === 0 ? `${at}/name` : `${at}/aliases/${i - 1}`;
    const known = knownName(base, p);
    if (known && known.id !== e.id) issues.push({ path: where, message: `"${p}" already names ${known.what} (${known.id})` });
    const k = aliasKey(p);
    const other = taken.get(k);
    if (other !== undefined && other !== e.id) issues.push({ path: where, message: `"${p}" already names ${other} (an earlier addition)` });
    else taken.set(k, e.id);
  });
  if (e.country && !base.state(e.country)) issues.push({ path: `${at}/country`, message: `"${e.country}" is not a country code (ISO 3166-1 alpha-3) of the knowledge base` });
  (e.roles ?? []).forEach((r, i) => {
    if (r.country && !base.state(r.country)) issues.push({ path: `${at}/roles/${i}/country`, message: `"${r.country}" is not a country code of the knowledge base` });
    if (r.sector && sectors.size > 0 && !sectors.has(r.sector)) issues.push({ path: `${at}/roles/${i}/sector`, message: `"${r.sector}" is not a sector of sectors.json` });
  });
  return issues;
}

/**
 * Every issue of an additions file's content: the actors JSON Schema, then ids unique
 * in the file, then `entryIssues` of each entry against `base` (the bundled knowledge base).
 */
export function additionsIssues(data: unknown, actorsDir: string, base: ActorKB): AdditionIssue[] {
  const validate = schemaValidator(actorsDir);
  if (!validate(data)) return (validate.errors ?? []).map((e) => ({ path: e.instancePath, message: e.message ?? e.keyword }));
  const file = data as KnowledgeFile<NamedActorEntry>;
  const issues: AdditionIssue[] = [];
  const ids = new Set<string>();
  const taken = new Map<string, string>();
  file.entries.forEach((e, i) => {
    if (ids.has(e.id)) issues.push({ path: `/entries/${i}/id`, message: `duplicate id "${e.id}" in this file` });
    ids.add(e.id);
    issues.push(...entryIssues(e, base, taken, `/entries/${i}`));
  });
  return issues;
}

/** Check one entry against the actors JSON Schema alone (wrapped in a file). */
export function entrySchemaIssues(e: unknown, actorsDir: string): AdditionIssue[] {
  const validate = schemaValidator(actorsDir);
  if (validate({ ...emptyAdditions(), entries: [e] })) return [];
  return (validate.errors ?? []).map((x) => ({ path: x.instancePath.replace(/^\/entries\/0/, ""), message: x.message ?? x.keyword }));
}
