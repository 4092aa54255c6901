/** Translate an `EventFilter` into a portable SQL condition, and opaque cursors. */
import type { ActorFilter, ActorMatch, EventFilter } from "./types.js";
import type { Dialect, Param } from "./sql.js";

export interface Where {
  sql: string;
  params: Param[];
}

/** Which table the condition is for: events (all filters) or the rollup (dyad/day/code fields only). */
export type FilterTarget = "events" | "rollup";

/**
 * An event filter with the `country` condition narrowed to one of its three
 * disjoint parts (the place's country; no place country and the source's; no place
 * country, not the source's, and the target's), so that each part is one ordered
 * index scan. Made by `orderedParts`.
 */
export interface PartFilter extends EventFilter {
  countryPart?: "place" | "source" | "target";
}

const CAMEO_PREFIX = /^\d{1,4}$/;
const CODE = /^[A-Za-z0-9]{1,40}\*?$/;

function list<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function actorCond(side: "source" | "target", m: ActorMatch): Where {
  const parts: string[] = [];
  const params: Param[] = [];
  if (m.id) {
    parts.push(`${side}_id = ?`);
    params.push(m.id);
  }
  if (m.code) {
    if (!CODE.test(m.code)) throw new Error(`bad actor code "${m.code}"`);
    if (m.code.endsWith("*")) {
      parts.push(`${side}_code LIKE ?`);
      params.push(m.code.slice(0, -1).toUpperCase() + "%");
    } else {
      parts.push(`${side}_code = ?`);
      params.push(m.code.toUpperCase());
    }
  }
  if (m.country) {
    parts.push(`${side}_country = ?`);
    params.push(m.country.toUpperCase());
  }
  if (m.sector) {
    parts.push(`${side}_sector = ?`);
    params.push(m.sector.toUpperCase());
  }
  if (parts.length === 0) throw new Error("an actor filter needs id, code, country or sector");
  return { sql: parts.join(" AND "), params };
}

function and(a: Where, b: Where): Where {
  return { sql: `(${a.sql}) AND (${b.sql})`, params: [...a.params, ...b.params] };
}

function or(a: Where, b: Where): Where {
  return { sql: `(${a.sql}) OR (${b.sql})`, params: [...a.params, ...b.params] };
}

function actorFilter(f: ActorFilter): Where {
  const role = f.role ?? "either";
  if (role === "source") return actorCond("source", f);
  if (role === "target") return actorCond("target", f);
  return or(actorCond("source", f), actorCond("target", f));
}

function inList(col: string, values: Param[]): Where {
  return { sql: `${col} IN (${values.map(() => "?").join(", ")})`, params: values };
}

function checkDay(d: string, name: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`${name} must be YYYY-MM-DD, got "${d}"`);
  return d;
}

/** Latitude/longitude box around a point (null longitude bounds near the poles or the antimeridian). */
function box(lat: number, lon: number, km: number): { lat: [number, number]; lon: [number, number] | null } {
  const dLat = km / 111.0;
  const cos = Math.cos((lat * Math.PI) / 180);
  const dLon = cos > 0.01 ? km / (111.32 * cos) : 360;
  const lonRange: [number, number] | null = lon - dLon < -180 || lon + dLon > 180 ? null : [lon - dLon, lon + dLon];
  return { lat: [lat - dLat, lat + dLat], lon: lonRange };
}

/**
 * The SQL condition for `f` on the events table (aliased none) or the rollup.
 * Throws on malformed values (bad date, code, coordinates) with a clear message.
 */
export function buildWhere(f: PartFilter, dialect: Dialect, target: FilterTarget = "events"): Where {
  const conds: Where[] = [];
  const add = (sql: string, ...params: Param[]) => conds.push({ sql, params });
  if (f.from) add("day >= ?", checkDay(f.from, "from"));
  if (f.to) add("day <= ?", checkDay(f.to, "to"));
  if (f.actor) conds.push(actorFilter(f.actor));
  if (f.dyad) {
    const fwd = and(actorCond("source", f.dyad.a), actorCond("target", f.dyad.b));
    conds.push(f.dyad.directed ? fwd : or(fwd, and(actorCond("source", f.dyad.b), actorCond("target", f.dyad.a))));
  }
  const roots = list(f.root);
  if (roots.length) conds.push(inList("cameo_root", roots));
  const quads = list(f.quad);
  if (quads.length) conds.push(inList("quad_class", quads));
  const plover = list(f.plover);
  if (plover.length) conds.push(inList("plover_type", plover));
  const modality = list(f.modality);
  if (modality.length) conds.push(inList("modality", modality));
  if (f.historical !== undefined) add("historical = ?", f.historical ? 1 : 0);
  if (f.country) {
    const c = f.country.toUpperCase();
    if (target === "rollup") add("(source_country = ? OR target_country = ?)", c, c);
    else if (f.countryPart === "place") add("country = ?", c);
    else if (f.countryPart === "source") add("country IS NULL AND source_country = ?", c);
    else if (f.countryPart === "target") add("country IS NULL AND target_country = ? AND (source_country IS NULL OR source_country <> ?)", c, c);
    else add("(country = ? OR (country IS NULL AND (source_country = ? OR target_country = ?)))", c, c, c);
  }
  if (target === "events") {
    if (f.cameo) {
      if (!CAMEO_PREFIX.test(f.cameo)) throw new Error(`bad CAMEO prefix "${f.cameo}"`);
      add("cameo LIKE ?", f.cameo + "%");
    }
    if (f.acled_type) add("acled_type = ?", f.acled_type);
    if (f.acled_sub_type) add("acled_sub_type = ?", f.acled_sub_type);
    if (f.min_sources !== undefined) add("n_sources >= ?", f.min_sources);
    if (f.doc_id) add("id IN (SELECT event_id FROM mentions WHERE doc_id = ?)", f.doc_id);
    if (f.near) {
      const { lat, lon, km } = f.near;
      if (![lat, lon, km].every(Number.isFinite) || Math.abs(lat) > 90 || Math.abs(lon) > 180 || km < 0) {
        throw new Error("near needs finite lat (±90), lon (±180) and km ≥ 0");
      }
      const b = box(lat, lon, km);
      add("lat BETWEEN ? AND ?", b.lat[0], b.lat[1]);
      if (b.lon) add("lon BETWEEN ? AND ?", b.lon[0], b.lon[1]);
      add("dist_km(lat, lon, ?, ?) <= ?", lat, lon, km);
    }
    if (f.q !== undefined) {
      const m = dialect.textMatch(f.q);
      // Matching sentences, then their document's mentions through the (doc_id, rid) index.
      if (m) add(`id IN (SELECT m.event_id FROM sentences s JOIN mentions m ON m.doc_id = s.doc_id AND m.sentence_id = s.seq WHERE ${m.sql})`, ...m.params);
    }
  }
  if (conds.length === 0) return { sql: "1 = 1", params: [] };
  return { sql: conds.map((c) => `(${c.sql})`).join(" AND "), params: conds.flatMap((c) => c.params) };
}

/**
 * The condition under which a row runs "forward" for a series query: its source
 * matches the dyad's `a` (or the actor filter). Null when every row is forward
 * (a directed dyad, or an actor filter on the source side only).
 */
export function forwardCondition(f: EventFilter): Where | null {
  if (f.dyad) return f.dyad.directed ? null : and(actorCond("source", f.dyad.a), actorCond("target", f.dyad.b));
  if (f.actor && (f.actor.role ?? "either") !== "source") {
    return f.actor.role === "target" ? { sql: "1 = 0", params: [] } : actorCond("source", f.actor);
  }
  return null;
}

/**
 * An either-side actor filter or an undirected dyad split into its two one-sided
 * halves (each answerable from one ordered index), or null when `f` has neither.
 * Only one of the two is split when both are present.
 */
export function eitherSides(f: EventFilter): [EventFilter, EventFilter] | null {
  if (f.dyad && !f.dyad.directed) {
    const { a, b } = f.dyad;
    return [{ ...f, dyad: { a, b, directed: true } }, { ...f, dyad: { a: b, b: a, directed: true } }];
  }
  if (f.actor && (f.actor.role ?? "either") === "either") {
    return [{ ...f, actor: { ...f.actor, role: "source" } }, { ...f, actor: { ...f.actor, role: "target" } }];
  }
  return null;
}

/**
 * `f` as sub-filters whose results, merged in (day, id) order and deduplicated by
 * event id, are the events of `f`, each answerable by one index scan in (day, id)
 * order: an either-side actor or undirected dyad split by side (`eitherSides`), and
 * a country condition split into its three disjoint parts. Null when `f` needs no split.
 */
export function orderedParts(f: EventFilter): PartFilter[] | null {
  const sides: EventFilter[] = eitherSides(f) ?? [f];
  const parts: PartFilter[] = f.country
    ? sides.flatMap((s) => (["place", "source", "target"] as const).map((countryPart) => ({ ...s, countryPart })))
    : sides;
  return parts.length > 1 ? parts : null;
}

/** Encode a keyset position as an opaque cursor. */
export function encodeCursor(values: Param[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** Decode a cursor made by `encodeCursor` with `n` values; throws a clear error otherwise. */
export function decodeCursor(cursor: string, n: number): Param[] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === "string" || typeof x === "number")) return v;
  } catch {
    // fall through to the error below
  }
  throw new Error("invalid cursor");
}
