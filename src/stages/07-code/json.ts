/**
 * The JSON text of an event record, as `JSON.stringify` writes it, without walking the
 * record generically: records are about nine times the size of their input, and writing
 * them was the largest share of the coder's time outside its stages.
 *
 * Only records built by `toRecord` (remembered in a WeakSet) take the fast path, which
 * follows toRecord's key order; any other object (a record read back from a store, one a
 * caller built or extended) is given to `JSON.stringify`. Nested objects whose layout the
 * code stage does not build itself (date, location, fatalities, ACLED type) go through
 * `JSON.stringify` too, once for each object: events of one trigger or sentence share them.
 */
import type { Actor, EventRecord } from "../../doc/index.js";

/** Records built by `toRecord`, whose keys are in its order. */
const built = new WeakSet<object>();

/** Remember a record `toRecord` just built (its layout is the one `recordJson` writes). */
export function markBuilt(r: EventRecord): EventRecord {
  built.add(r);
  return r;
}

/** Characters JSON.stringify escapes (quote, backslash, controls) and surrogates (lone ones are escaped). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Thrown when a value is not of the type the layout expects: the record is then written by JSON.stringify. */
const UNEXPECTED = new Error("unexpected value");

function str(s: string): string {
  if (typeof s !== "string") throw UNEXPECTED;
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

function strOrNull(s: string | null): string {
  return s === null ? "null" : str(s);
}

function num(n: number): string {
  if (typeof n !== "number") throw UNEXPECTED;
  return Number.isFinite(n) ? "" + n : "null";
}

function bool(b: boolean): string {
  if (typeof b !== "boolean") throw UNEXPECTED;
  return b ? "true" : "false";
}

function actor(a: Actor | null): string {
  if (a === null) return "null";
  return (
    `{"text":${str(a.text)},"start":${num(a.start)},"end":${num(a.end)},"name":${str(a.name)},"id":${str(a.id)},` +
    `"code":${str(a.code)},"country":${strOrNull(a.country)},"sector":${strOrNull(a.sector)},"kind":${str(a.kind)}}`
  );
}

/** The last object given to `shared` and its JSON (consecutive records share dates, places and sentences). */
class Last<T> {
  private value: T | null = null;
  private json = "";
  constructor(private readonly encode: (v: T) => string) {}
  of(v: T | null): string {
    if (v === null) return "null";
    if (v === undefined) throw UNEXPECTED;
    if (v !== this.value) {
      this.json = this.encode(v);
      this.value = v;
    }
    return this.json;
  }
}

const generic = (v: object): string => JSON.stringify(v);
const lastSentence = new Last<string>(str);
const lastDate = new Last<object>(generic);
const lastLocation = new Last<object>(generic);
const lastFatalities = new Last<object>(generic);
const lastAcled = new Last<object>(generic);

/** Keys of a record as toRecord builds it. */
const RECORD_KEYS = 18;

/** `JSON.stringify(r)`, faster for the records the code stage builds. */
export function recordJson(r: EventRecord): string {
  if (!built.has(r) || Object.keys(r).length !== RECORD_KEYS) return JSON.stringify(r);
  try {
    return fastJson(r);
  } catch (err) {
    if (err === UNEXPECTED) return JSON.stringify(r);
    throw err;
  }
}

function fastJson(r: EventRecord): string {
  const e = r.evidence;
  const t = e.trigger;
  return (
    `{"id":${str(r.id)},"doc_id":${str(r.doc_id)},"evidence":{"sentence":${lastSentence.of(e.sentence)},"sentence_index":${num(e.sentence_index)},` +
    `"start":${num(e.start)},"end":${num(e.end)},"trigger":{"text":${str(t.text)},"start":${num(t.start)},"end":${num(t.end)}}},` +
    `"cameo":${str(r.cameo)},"cameo_root":${str(r.cameo_root)},"goldstein":${num(r.goldstein)},"quad_class":${num(r.quad_class)},` +
    `"plover":{"type":${str(r.plover.type)},"mode":${strOrNull(r.plover.mode)}},"acled":${lastAcled.of(r.acled)},` +
    `"source":${actor(r.source)},"target":${actor(r.target)},"date":${lastDate.of(r.date)},"historical":${bool(r.historical)},` +
    `"location":${lastLocation.of(r.location)},"fatalities":${lastFatalities.of(r.fatalities)},"modality":${str(r.modality)},` +
    `"confidence":${num(r.confidence)},"rule":${str(r.rule)}}`
  );
}
