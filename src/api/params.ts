/**
 * Query-string and body validation. Every parameter is checked against a closed
 * grammar before it reaches the store (which binds values as SQL parameters
 * anyway); unknown or repeated parameters are refused so typos do not pass silently.
 */
import { MODALITIES, type Modality, type QuadClass } from "../doc/index.js";
import { parseSelector, SelectorError, toEpochDay, type ActorSelector } from "../analytics/index.js";
import { toActorMatch } from "../app/query.js";
import type { EventFilter } from "../store/types.js";
import { badRequest } from "./errors.js";

/** Parsed query parameters of one request. */
export class Query {
  private readonly values = new Map<string, string>();

  /** The query string of `url`; throws 400 on parameters outside `allowed` or given twice. */
  constructor(url: string, allowed: readonly string[]) {
    this.read(new URL(url).searchParams, allowed);
  }

  /** Validate the scalar fields of a JSON body with the same rules as query parameters. */
  static fromBody(body: Record<string, unknown>, allowed: readonly string[]): Query {
    const q = new Query("http://body/", allowed);
    const entries: [string, string][] = [];
    for (const [k, v] of Object.entries(body)) {
      if (v === null || v === undefined) continue;
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") throw badRequest(`${k.slice(0, 40)} must be a string, number or boolean`);
      entries.push([k, String(v)]);
    }
    q.read(entries, allowed);
    return q;
  }

  private read(params: Iterable<[string, string]>, allowed: readonly string[]): void {
    for (const [k, v] of params) {
      if (!allowed.includes(k)) throw badRequest(`unknown parameter "${k.slice(0, 40)}" (allowed: ${allowed.join(", ") || "none"})`);
      if (this.values.has(k)) throw badRequest(`parameter "${k}" given twice`);
      if (v.length > 1000) throw badRequest(`parameter "${k}" is too long`);
      this.values.set(k, v);
    }
  }

  string(name: string, re?: RegExp, hint?: string): string | undefined {
    const v = this.values.get(name);
    if (v === undefined || v === "") return undefined;
    if (re && !re.test(v)) throw badRequest(`${name} must be ${hint ?? `like ${re.source}`}, got "${v.slice(0, 60)}"`);
    return v;
  }

  date(name: string): string | undefined {
    const v = this.string(name);
    if (v !== undefined && toEpochDay(v) === null) throw badRequest(`${name} must be a date YYYY-MM-DD, got "${v.slice(0, 60)}"`);
    return v;
  }

  int(name: string, min: number, max: number): number | undefined {
    const v = this.string(name, /^-?\d{1,9}$/, "an integer");
    if (v === undefined) return undefined;
    const n = Number(v);
    if (n < min || n > max) throw badRequest(`${name} must be from ${min} to ${max}`);
    return n;
  }

  number(name: string, min: number, max: number): number | undefined {
    const v = this.string(name, /^-?\d{1,6}(\.\d{1,12})?$/, "a number");
    if (v === undefined) return undefined;
    const n = Number(v);
    if (n < min || n > max) throw badRequest(`${name} must be from ${min} to ${max}`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.string(name, /^(true|false|1|0)$/, "true or false");
    return v === undefined ? undefined : v === "true" || v === "1";
  }

  oneOf<T extends string>(name: string, options: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v !== undefined && !options.includes(v as T)) throw badRequest(`${name} must be one of ${options.join(", ")}`);
    return v as T | undefined;
  }

  /** A comma-separated list whose items all match `re`. */
  list(name: string, re: RegExp, hint: string): string[] | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const items = v.split(",").map((s) => s.trim());
    if (items.length > 50) throw badRequest(`${name}: at most 50 values`);
    for (const it of items) if (!re.test(it)) throw badRequest(`${name} values must be ${hint}, got "${it.slice(0, 60)}"`);
    return items;
  }

  selector(name: string): ActorSelector | undefined {
    const v = this.string(name);
    return v === undefined ? undefined : selector(name, v);
  }
}

/** Parse an actor selector, turning its error into a 400. */
export function selector(name: string, text: string): ActorSelector {
  try {
    return parseSelector(text);
  } catch (err) {
    if (err instanceof SelectorError) throw badRequest(`${name}: ${err.message}`);
    throw err;
  }
}

/** The query parameters `eventFilter` reads. */
export const EVENT_FILTER_PARAMS = [
  "from", "to", "actor", "source", "target", "dyad", "directed", "country", "near", "cameo", "root", "quad",
  "plover", "acled", "acled_sub", "modality", "historical", "min_sources", "doc", "q",
] as const;

const COUNTRY = /^[A-Za-z]{3}$/;

/** Build a store filter from the event query parameters (400 on any bad value). */
export function eventFilter(q: Query): EventFilter {
  const f: EventFilter = {};
  f.from = q.date("from");
  f.to = q.date("to");
  if (f.from && f.to && f.from > f.to) throw badRequest("from is after to");
  const actor = q.selector("actor");
  const source = q.selector("source");
  const target = q.selector("target");
  const dyad = q.string("dyad");
  const directed = q.bool("directed") ?? false;
  const given = [actor, source ?? target, dyad].filter((x) => x !== undefined).length;
  if (given > 1) throw badRequest("use one of actor, source/target, or dyad");
  if (actor) f.actor = { ...toActorMatch(actor), role: "either" };
  if (source && target) f.dyad = { a: toActorMatch(source), b: toActorMatch(target), directed: true };
  else if (source) f.actor = { ...toActorMatch(source), role: "source" };
  else if (target) f.actor = { ...toActorMatch(target), role: "target" };
  if (dyad) {
    const sides = dyad.split("~");
    if (sides.length !== 2) throw badRequest('dyad must be two actor selectors joined by "~" (e.g. PAK~group:ttp)');
    f.dyad = { a: toActorMatch(selector("dyad", sides[0])), b: toActorMatch(selector("dyad", sides[1])), directed };
  }
  f.country = q.string("country", COUNTRY, "an ISO 3166-1 alpha-3 code")?.toUpperCase();
  const near = q.string("near", /^-?\d{1,3}(\.\d{1,10})?,-?\d{1,3}(\.\d{1,10})?,\d{1,5}(\.\d{1,6})?$/, "lat,lon,km");
  if (near) {
    const [lat, lon, km] = near.split(",").map(Number);
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || km > 20_000) throw badRequest("near: lat within ±90, lon within ±180, km up to 20000");
    f.near = { lat, lon, km };
  }
  f.cameo = q.string("cameo", /^\d{2,4}$/, "a CAMEO code prefix of 2 to 4 digits");
  f.root = q.list("root", /^(0[1-9]|1\d|20)$/, "CAMEO roots 01..20");
  f.quad = q.list("quad", /^[1-4]$/, "quad classes 1..4")?.map((x) => Number(x) as QuadClass);
  f.plover = q.list("plover", /^[A-Z_]{2,40}$/, "PLOVER event types (e.g. ASSAULT)");
  f.acled_type = q.string("acled", /^[A-Za-z][A-Za-z /-]{1,60}$/, "an ACLED event type");
  f.acled_sub_type = q.string("acled_sub", /^[A-Za-z][A-Za-z /,-]{1,80}$/, "an ACLED sub-event type");
  f.modality = q.list("modality", new RegExp(`^(${MODALITIES.join("|")})$`), MODALITIES.join(" | ")) as Modality[] | undefined;
  f.historical = q.bool("historical");
  f.min_sources = q.int("min_sources", 1, 100_000);
  f.doc_id = q.string("doc", /^[\w:.\-/]{1,200}$/, "a document id");
  const text = q.string("q");
  if (text !== undefined) {
    if (text.length > 200) throw badRequest("q: at most 200 characters");
    f.q = text;
  }
  for (const k of Object.keys(f) as (keyof EventFilter)[]) if (f[k] === undefined) delete f[k];
  return f;
}

/** The page size parameter (default 50, at most `max`). */
export function limitOf(q: Query, max = 500, dflt = 50): number {
  return q.int("limit", 1, max) ?? dflt;
}

/** The opaque pagination cursor (validated by shape only). */
export function cursorOf(q: Query): string | undefined {
  return q.string("cursor", /^[A-Za-z0-9_-]{1,600}$/, "a cursor returned by a previous page");
}

/** A JSON object body (400 when it is not one). */
export function objectBody(v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw badRequest("the body must be a JSON object");
  return v as Record<string, unknown>;
}

/** An optional string field of a body, bounded in length. */
export function bodyString(b: Record<string, unknown>, name: string, max: number, required = false): string | undefined {
  const v = b[name];
  if (v === undefined || v === null) {
    if (required) throw badRequest(`${name} is required`);
    return undefined;
  }
  if (typeof v !== "string") throw badRequest(`${name} must be a string`);
  if (v.length > max) throw badRequest(`${name}: at most ${max} characters`);
  if (required && v.trim() === "") throw badRequest(`${name} must not be empty`);
  return v;
}
