/**
 * Ontology validation (`faultline validate`, run in CI). Every `*.json` under the
 * ontology folder except `schema/` is checked against the JSON Schema its `$schema`
 * names (ajv, all errors), then for entry ids (present, unique within the file and
 * across files of the same schema) and, on event patterns, an `example` sentence.
 * Semantic checks that need several files at once (CAMEO parents, map coverage,
 * references between files) are functions in `semanticChecks`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import { buildEventOntology, eventOntologyIssues, readEventData } from "./events.js";
import { placesIssues } from "./places/check.js";
import { actorAliasIssues } from "./actors/check.js";

/** One problem in the ontology: file relative to the ontology folder, JSON pointer inside it, message. */
export interface ValidationIssue {
  file: string;
  path: string;
  message: string;
}

export interface ValidationReport {
  /** JSON data files checked (schemas excluded). */
  files: number;
  /** Entries across those files. */
  entries: number;
  issues: ValidationIssue[];
}

/** A check over the whole ontology folder; returns its issues (never throws for bad data). */
export type SemanticCheck = (dir: string) => ValidationIssue[];

/** Schema files whose entries are event patterns (each needs an `example`). */
const PATTERN_SCHEMAS = new Set(["patterns.schema.json"]);

type Validator = ValidateFunction;
/** ajv's constructor (its CommonJS default export seen through NodeNext interop). */
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (opts: object) => {
  compile(schema: unknown): Validator;
};

function listJsonFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string, top: boolean) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      if (ent.name.startsWith(".")) continue;
      const p = join(d, ent.name);
      if (ent.isDirectory()) {
        if (!(top && ent.name === "schema")) walk(p, false);
      } else if (ent.name.endsWith(".json")) files.push(p);
    }
  };
  walk(dir, true);
  return files.sort();
}

const posix = (p: string) => p.split(sep).join("/");

function ajvIssue(file: string, e: ErrorObject): ValidationIssue {
  const extra = e.keyword === "additionalProperties" ? ` ("${String(e.params.additionalProperty)}")` : "";
  return { file, path: e.instancePath, message: `${e.message ?? e.keyword}${extra}` };
}

/** Compiles each schema file once; a schema that cannot be read or compiled is an issue. */
class SchemaCache {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, addUsedSchema: false });
  private readonly compiled = new Map<string, Validator | string>();

  get(path: string): Validator | string {
    let v = this.compiled.get(path);
    if (!v) {
      try {
        v = this.ajv.compile(JSON.parse(readFileSync(path, "utf8")));
      } catch (err) {
        v = `cannot use schema ${path}: ${err instanceof Error ? err.message : String(err)}`;
      }
      this.compiled.set(path, v);
    }
    return v;
  }
}

/** Schema and id checks of one data file; records its ids (per schema) in `idsBySchema`. */
function checkFile(
  dir: string,
  path: string,
  schemas: SchemaCache,
  idsBySchema: Map<string, Map<string, string>>,
  issues: ValidationIssue[],
): number {
  const file = posix(relative(dir, path));
  const add = (p: string, message: string) => issues.push({ file, path: p, message });
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    add("", `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    return 0;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    add("", "expected a JSON object");
    return 0;
  }
  const schemaRef = (data as { $schema?: unknown }).$schema;
  if (typeof schemaRef !== "string" || schemaRef.length === 0) {
    add("/$schema", "missing $schema (the relative path of this file's JSON Schema)");
    return 0;
  }
  if (/^[a-z]+:/i.test(schemaRef)) {
    add("/$schema", `$schema must be a relative path to a schema under ontology/schema, not "${schemaRef}"`);
    return 0;
  }
  const schemaPath = resolve(dirname(path), schemaRef);
  const validate = schemas.get(schemaPath);
  if (typeof validate === "string") add("/$schema", validate);
  else if (!validate(data)) for (const e of validate.errors ?? []) issues.push(ajvIssue(file, e));

  const entries = (data as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) return 0;
  let ids = idsBySchema.get(schemaPath);
  if (!ids) idsBySchema.set(schemaPath, (ids = new Map()));
  const local = new Set<string>();
  const isPattern = PATTERN_SCHEMAS.has(basename(schemaPath));
  entries.forEach((e: unknown, i: number) => {
    const entry = (e ?? {}) as { id?: unknown; example?: unknown };
    const id = entry.id;
    if (typeof id !== "string" || id.length === 0) add(`/entries/${i}`, "entry has no id");
    else if (local.has(id)) add(`/entries/${i}/id`, `duplicate id "${id}" in this file`);
    else {
      const other = ids.get(id);
      if (other !== undefined) add(`/entries/${i}/id`, `id "${id}" is also used in ${other}`);
      else ids.set(id, file);
      local.add(id);
    }
    if (isPattern && (typeof entry.example !== "string" || entry.example.trim().length === 0)) {
      add(`/entries/${i}`, "pattern has no example sentence");
    }
  });
  return entries.length;
}

/**
 * Event patterns must name a code of the codebook, a mode of that code's PLOVER type
 * and a real ACLED pair (skipped when the folder has no patterns or codebook issues).
 */
export function patternReferenceIssues(dir: string): ValidationIssue[] {
  let files: string[];
  try {
    files = readdirSync(join(dir, "patterns")).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  const read = readEventData(dir);
  if (read.issues.length > 0 || read.data.codes.length === 0) return []; // the event ontology's own check reports why
  const events = buildEventOntology(dir, read.data);
  const issues: ValidationIssue[] = [];
  for (const f of files) {
    const file = `patterns/${f}`;
    let json: { $schema?: unknown; entries?: unknown };
    try {
      json = JSON.parse(readFileSync(join(dir, file), "utf8"));
    } catch {
      continue; // reported by the file check
    }
    if (typeof json.$schema !== "string" || !PATTERN_SCHEMAS.has(basename(json.$schema)) || !Array.isArray(json.entries)) continue;
    json.entries.forEach((e: { cameo?: unknown; plover_mode?: unknown; acled?: { event_type?: unknown; sub_event_type?: unknown } }, i: number) => {
      const at = `/entries/${i}`;
      const code = typeof e?.cameo === "string" ? e.cameo : null;
      if (code === null) return;
      const type = events.get(code)?.plover.type;
      if (!type) return issues.push({ file, path: `${at}/cameo`, message: `"${code}" is not a CAMEO code of the codebook` });
      if (typeof e.plover_mode === "string" && !events.isPloverMode(type, e.plover_mode)) {
        issues.push({ file, path: `${at}/plover_mode`, message: `"${e.plover_mode}" is not a mode of ${type} (the PLOVER type of ${code})` });
      }
      if (e.acled && !events.isAcledType(String(e.acled.event_type), String(e.acled.sub_event_type))) {
        issues.push({ file, path: `${at}/acled`, message: `"${String(e.acled.event_type)} / ${String(e.acled.sub_event_type)}" is not an ACLED event type and sub-event type` });
      }
    });
  }
  return issues;
}

/** Checks that look across files. An area adds its check here (imported above). */
export const semanticChecks: SemanticCheck[] = [eventOntologyIssues, patternReferenceIssues, placesIssues, actorAliasIssues];

/** Validate the ontology folder: schema and id checks of every data file, then `semanticChecks`. */
export function validateOntologyReport(dir: string): ValidationReport {
  const root = resolve(dir);
  const schemas = new SchemaCache();
  const idsBySchema = new Map<string, Map<string, string>>();
  const issues: ValidationIssue[] = [];
  const files = listJsonFiles(root);
  let entries = 0;
  for (const f of files) entries += checkFile(root, f, schemas, idsBySchema, issues);
  for (const check of semanticChecks) issues.push(...check(root));
  return { files: files.length, entries, issues };
}

/** All issues of the ontology folder `dir` (empty when it is valid). */
export function validateOntology(dir: string): ValidationIssue[] {
  return validateOntologyReport(dir).issues;
}
