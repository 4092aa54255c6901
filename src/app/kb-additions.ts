/**
 * The local knowledge-base additions file (named actors added by reviewers), wired for
 * the app: where it lives, building a valid entry from a reviewer's input, and writing
 * it atomically (a temporary file in the same folder, fsync, rename). The file has the
 * shape and schema of ontology/actors/*.json (see src/ontology/actors/additions.ts);
 * `loadActorKB(dir, {additions})` merges it over the bundled knowledge base.
 *
 * Default place: beside a SQLite store, `<db file>.kb-additions.json`; a `--kb-additions
 * FILE` option (serve, ingest, code, validate) names another. A PostgreSQL or in-memory
 * store has no default (without the option, adding actors is unavailable).
 */
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { aliasKey, entryIssues, entrySchemaIssues, knownName, loadActorKB, readAdditionsFile, type ActorKB, type NamedActorEntry } from "../ontology/actors/index.js";
import { ONTOLOGY_DIR, type Knowledge } from "../ontology/index.js";
import { Coder } from "./coder.js";

export { defaultAdditionsPath } from "./kb-additions-path.js";

/** What a reviewer gives to add an actor. */
export interface NewActorInput {
  name: string;
  kind: string;
  /** ISO 3166-1 alpha-3 of the actor, or null (international, unknown). */
  country?: string | null;
  /** CAMEO-style actor code (country + sector(s)); default: country + sector. */
  code?: string | null;
  /** Sector code of sectors.json; default: the 3 letters after the country in the code. */
  sector?: string | null;
  aliases?: string[] | null;
  /** Stable id; default: `group:`, `org:` or `person:` + the name in lower case with hyphens. */
  id?: string | null;
  /** The "unknown:..." id the coder gave it; its words become an alias. */
  unknown_id?: string | null;
}

/** A new actor that cannot be added: `invalid` input, or a `conflict` with the knowledge base. */
export class ActorAdditionError extends Error {
  constructor(
    message: string,
    readonly kind: "invalid" | "conflict",
  ) {
    super(message);
  }
}

const ID_PREFIX: Record<string, string> = { person: "person", group: "group", organization: "org" };

function slug(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80);
}

/** The words of an "unknown:..." id (keys joined by spaces, or a hyphenated slug). */
export function unknownPhrase(unknownId: string): string {
  return unknownId.replace(/^unknown:/, "").replace(/-/g, " ").trim();
}

/** Build a knowledge-base entry from `input` (no check against the knowledge base yet). */
export function entryOf(input: NewActorInput, sectors: ReadonlySet<string>): NamedActorEntry {
  const bad = (m: string): never => {
    throw new ActorAdditionError(m, "invalid");
  };
  const name = typeof input.name === "string" ? input.name.trim().replace(/\s+/g, " ") : "";
  if (!name || name.length > 200) bad("name: 1 to 200 characters");
  const kind = input.kind;
  if (kind !== "person" && kind !== "group" && kind !== "organization") bad('kind must be "person", "group" or "organization"');
  const up = (v: string | null | undefined) => (typeof v === "string" && v.trim() ? v.trim().toUpperCase() : null);
  const country = up(input.country);
  if (country !== null && !/^[A-Z]{3}$/.test(country)) bad("country: an ISO 3166-1 alpha-3 code (e.g. PAK) or nothing");
  let sector = up(input.sector);
  if (sector !== null && !/^[A-Z]{3}$/.test(sector)) bad("sector: three letters (e.g. REB, GOV, INS)");
  const code = up(input.code) ?? ((country ?? "") + (sector ?? "") || null);
  if (code === null) bad("give a code (e.g. SYRREB) or a sector (e.g. REB)");
  if (!/^[A-Z0-9]{3,18}$/.test(code as string)) bad("code: 3 to 18 capital letters or digits (country + sector, e.g. SYRREB)");
  if (sector === null) {
    const rest = country && (code as string).startsWith(country) ? (code as string).slice(3, 6) : (code as string).slice(0, 3);
    sector = sectors.has(rest) ? rest : null;
  }
  const id = input.id?.trim() || (slug(name) ? `${ID_PREFIX[kind as string]}:${slug(name)}` : "");
  if (!id) bad("the name has no Latin letters or digits to make an id from: give an id");
  const aliases: string[] = [];
  const seen = new Set([aliasKey(name)]);
  const extra = [...(input.aliases ?? []), ...(input.unknown_id ? [unknownPhrase(input.unknown_id)] : [])];
  for (const a of extra) {
    if (typeof a !== "string" || !a.trim() || a.length > 200) bad("aliases: strings of 1 to 200 characters");
    const k = aliasKey(a.trim());
    if (!k || seen.has(k)) continue;
    seen.add(k);
    aliases.push(a.trim());
  }
  return { id, name, kind: kind as NamedActorEntry["kind"], aliases, country, roles: [{ code: code as string, country, sector }] };
}

/** The additions file of one process: reads, checks and appends entries. */
export class KbAdditions {
  private chain: Promise<unknown> = Promise.resolve();
  private current: { version: number; kb: ActorKB } | null = null;
  /** Bumped on every addition (callers rebuild what depends on the knowledge base). */
  version = 0;

  constructor(
    readonly path: string,
    readonly ontologyDir: string = ONTOLOGY_DIR,
  ) {}

  get actorsDir(): string {
    return join(this.ontologyDir, "actors");
  }

  /** The bundled knowledge base with the file's entries merged (rebuilt after each addition). */
  kb(): ActorKB {
    if (!this.current || this.current.version !== this.version) {
      this.current = { version: this.version, kb: loadActorKB(this.actorsDir, { additions: this.path }) };
    }
    return this.current.kb;
  }

  /** The file's entries (none when it does not exist). */
  entries(): NamedActorEntry[] {
    return readAdditionsFile(this.path).entries ?? [];
  }

  /** Check `input` against the schema and the knowledge base (bundled + file) and append it to the file. */
  add(input: NewActorInput): Promise<NamedActorEntry> {
    const run = this.chain.then(() => this.addNow(input));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private addNow(input: NewActorInput): NamedActorEntry {
    // Re-read the file: another process may have added to it.
    this.version++;
    const kb = this.kb();
    const entry = entryOf(input, new Set(kb.sectors().map((s) => s.code)));
    const schema = entrySchemaIssues(entry, this.actorsDir);
    if (schema.length) throw new ActorAdditionError(schema.map((i) => `${i.path.slice(1) || "entry"}: ${i.message}`).join("; "), "invalid");
    const issues = entryIssues(entry, kb, new Map());
    const conflict = issues.filter((i) => /already/.test(i.message));
    if (conflict.length) throw new ActorAdditionError(conflict.map((i) => i.message).join("; "), "conflict");
    if (issues.length) throw new ActorAdditionError(issues.map((i) => `${i.path.slice(1)}: ${i.message}`).join("; "), "invalid");
    const file = readAdditionsFile(this.path);
    file.entries = [...(file.entries ?? []), entry];
    writeAtomically(this.path, JSON.stringify(file, null, 1) + "\n");
    this.version++;
    return entry;
  }
}

/** Write `text` to `path` through a temporary file in the same folder, fsynced, then renamed over it. */
export function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = openSync(tmp, "wx", 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
}

/**
 * Knowledge that follows the additions file: the knowledge base, a coder and the
 * "is this unknown actor known now" test, rebuilt after each addition (serve).
 */
export class LiveKnowledge {
  private coderOf: { version: number; coder: Coder } | null = null;

  constructor(
    readonly base: Knowledge,
    readonly additions: KbAdditions | null,
  ) {}

  /** The knowledge with the current knowledge base (bundled + additions). */
  knowledge(): Knowledge {
    return this.additions ? { ...this.base, actors: this.additions.kb() } : this.base;
  }

  kb(): ActorKB {
    return this.knowledge().actors;
  }

  /** A coder over the current knowledge (reused until the next addition). */
  coder(): Coder {
    const version = this.additions?.version ?? 0;
    if (!this.coderOf || this.coderOf.version !== version) this.coderOf = { version, coder: new Coder({ knowledge: this.knowledge() }) };
    return this.coderOf.coder;
  }

  /** True when the words of an "unknown:..." id now name a knowledge-base actor. */
  isKnownUnknown(unknownId: string): boolean {
    const k = knownName(this.kb(), unknownPhrase(unknownId));
    return !!k && !k.id.startsWith("agent:");
  }
}
