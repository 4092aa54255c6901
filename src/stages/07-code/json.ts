/**
 * The JSON text of an event record, as `JSON.stringify` writes it, without walking the
 * record generically: records are about nine times the size of their input, and writing
 * them was the largest share of the coder's time outside its stages.
 *
 * Only records built by `toRecord` (instances of `BuiltRecord`) take the fast path, which
 * follows toRecord's key order; any other object (a record read back from a store, one a
 * caller built or extended) is given to `JSON.stringify`. Nested objects whose layout the
 * code stage does not build itself (date, location, fatalities, ACLED type) go through
 * `JSON.stringify` too, once for each object: events of one trigger or sentence share them.
 */
import type { Actor, EventRecord } from "../../doc/index.js";

/**
 * A record as `toRecord` builds it: a plain data object with the fields of `EventRecord` in
 * the order `recordJson` writes them, made by a constructor so that the writer can tell
 * it apart (a WeakSet of the records built cost more, in adding each record and in the
 * garbage collector's work on a weak table of short-lived keys, than the class check).
 */
export class BuiltRecord implements EventRecord {
  // Declared only: the constructor sets every field, in `EventRecord`'s order.
  declare id: string;
  declare doc_id: string;
  declare evidence: EventRecord["evidence"];
  declare cameo: string;
  declare cameo_root: string;
  declare goldstein: number;
  declare quad_class: EventRecord["quad_class"];
  declare plover: EventRecord["plover"];
  declare acled: EventRecord["acled"];
  declare source: EventRecord["source"];
  declare target: EventRecord["target"];
  declare date: EventRecord["date"];
  declare historical: boolean;
  declare location: EventRecord["location"];
  declare fatalities: EventRecord["fatalities"];
  declare modality: EventRecord["modality"];
  declare confidence: number;
  declare rule: string;
  constructor(
    id: string,
    docId: string,
    evidence: EventRecord["evidence"],
    cameo: string,
    cameoRoot: string,
    goldstein: number,
    quadClass: EventRecord["quad_class"],
    plover: EventRecord["plover"],
    acled: EventRecord["acled"],
    source: EventRecord["source"],
    target: EventRecord["target"],
    date: EventRecord["date"],
    historical: boolean,
    location: EventRecord["location"],
    fatalities: EventRecord["fatalities"],
    modality: EventRecord["modality"],
    confidence: number,
    rule: string,
  ) {
    this.id = id;
    this.doc_id = docId;
    this.evidence = evidence;
    this.cameo = cameo;
    this.cameo_root = cameoRoot;
    this.goldstein = goldstein;
    this.quad_class = quadClass;
    this.plover = plover;
    this.acled = acled;
    this.source = source;
    this.target = target;
    this.date = date;
    this.historical = historical;
    this.location = location;
    this.fatalities = fatalities;
    this.modality = modality;
    this.confidence = confidence;
    this.rule = rule;
  }
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

/** The last string given to `of` and its JSON (consecutive records share their sentence). */
class LastString {
  private value: string | null = null;
  private json = "";
  of(v: string): string {
    if (v !== this.value) {
      this.json = str(v);
      this.value = v;
    }
    return this.json;
  }
}

/** One object `RecentObjects` remembers: its JSON, and its keys and plain values in order (null: not comparable). */
interface Seen {
  value: object;
  keys: string[] | null;
  values: unknown[];
  json: string;
}

/** Objects remembered by each `RecentObjects`. */
const RECENT = 4;

/**
 * The JSON of the last few objects given to `of`, written again for one of them or for
 * an equal one: the records of a document share dates, places, casualty counts and ACLED
 * types, often alternating between a few, and earlier stages give each event its own copy
 * of them (a date is copied per event), so an object is also compared with the remembered
 * ones key by key, in order, when their values are all plain (a nested object could differ unseen).
 */
class RecentObjects {
  private readonly seen: Seen[] = [];
  /** Where the next object is remembered (the oldest is replaced). */
  private next = 0;
  of(v: object | null): string {
    if (v === null) return "null";
    if (v === undefined) throw UNEXPECTED;
    const seen = this.seen;
    for (let i = 0; i < seen.length; i++) if (seen[i].value === v) return seen[i].json;
    if (Object.getPrototypeOf(v) === Object.prototype) {
      for (let i = 0; i < seen.length; i++) {
        if (same(v, seen[i])) {
          seen[i].value = v;
          return seen[i].json;
        }
      }
    }
    const e = remember(v);
    if (seen.length < RECENT) seen.push(e);
    else seen[this.next] = e;
    this.next = (this.next + 1) % RECENT;
    return e.json;
  }
}

/** Whether `v` has the keys of `e`, in order, with the same plain values. */
function same(v: object, e: Seen): boolean {
  const keys = e.keys;
  if (keys === null) return false;
  const values = e.values;
  let i = 0;
  for (const k in v) {
    if (i >= keys.length || k !== keys[i] || (v as Record<string, unknown>)[k] !== values[i]) return false;
    i++;
  }
  return i === keys.length;
}

function remember(v: object): Seen {
  const e: Seen = { value: v, keys: null, values: [], json: JSON.stringify(v) };
  if (Object.getPrototypeOf(v) !== Object.prototype) return e;
  const keys: string[] = [];
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === "object" ? x !== null : typeof x === "function") return e;
    keys.push(k);
    e.values.push(x);
  }
  e.keys = keys;
  return e;
}

const lastSentence = new LastString();
const lastDate = new RecentObjects();
const lastLocation = new RecentObjects();
const lastFatalities = new RecentObjects();
const lastAcled = new RecentObjects();

/** Keys of a record as toRecord builds it. */
const RECORD_KEYS = 18;

/** `JSON.stringify(r)`, faster for the records the code stage builds. */
export function recordJson(r: EventRecord): string {
  if (!(r instanceof BuiltRecord) || Object.keys(r).length !== RECORD_KEYS) return JSON.stringify(r);
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

/**
 * `encodeRecord` results other than an end offset: the record is not one the code stage
 * built in its layout (write `recordJson(r)` instead), or `buf` has no room for it.
 */
export const NOT_BUILT = -1;
export const NO_ROOM = -2;

/**
 * Bytes `encodeRecord` keeps free at the end of its buffer for the record's keys, numbers,
 * booleans and nulls (about 650 at most) and a line feed the caller adds: only the strings
 * are measured as they are written.
 */
export const RECORD_RESERVE = 1024;

/** Thrown when the rest of the buffer may not hold the next string. */
const FULL = new Error("buffer full");

/** Where `encodeRecord` writes: the buffer, the next byte and where the strings must end. */
let out: Uint8Array = new Uint8Array(0);
let at = 0;
let limit = 0;

/**
 * `recordJson(r)` encoded as UTF-8 into `buf` from `pos`: returns the end offset, NOT_BUILT or
 * NO_ROOM. For the record writer: building the record's JSON as one string made about sixty
 * concatenated pieces per record, which `Buffer.write` then had to flatten (a second copy) before
 * encoding; here each piece goes straight into the buffer, and no string is made per record.
 * Same layout and same fallbacks as `recordJson` (the tests compare the two byte for byte).
 */
export function encodeRecord(r: EventRecord, buf: Uint8Array, pos: number): number {
  if (!(r instanceof BuiltRecord) || Object.keys(r).length !== RECORD_KEYS) return NOT_BUILT;
  if (buf.length - pos < RECORD_RESERVE) return NO_ROOM;
  out = buf;
  at = pos;
  limit = buf.length - RECORD_RESERVE;
  try {
    encodeBuilt(r);
    return at;
  } catch (err) {
    if (err === UNEXPECTED) return NOT_BUILT;
    if (err === FULL) return NO_ROOM;
    throw err;
  } finally {
    out = EMPTY;
  }
}

/** Dropped after each record, so that the writer's buffer is not kept alive from here. */
const EMPTY = new Uint8Array(0);

/** An ASCII text without anything to escape (the layout's keys and punctuation). */
function ascii(s: string): void {
  const o = out;
  let p = at;
  for (let i = 0; i < s.length; i++) o[p++] = s.charCodeAt(i);
  at = p;
}

/** A number as `JSON.stringify` writes it (`num`), small non-negative integers without making a string. */
function encNum(n: number): void {
  if (typeof n !== "number") throw UNEXPECTED;
  if (n >= 0 && n < 1e9 && n === Math.floor(n)) {
    const o = out;
    let p = at;
    let d = 1;
    while (d * 10 <= n) d *= 10;
    for (; d >= 1; d /= 10) {
      const q = Math.floor(n / d);
      o[p++] = 0x30 + q;
      n -= q * d;
    }
    at = p;
  } else ascii(Number.isFinite(n) ? "" + n : "null");
}

function encBool(b: boolean): void {
  if (typeof b !== "boolean") throw UNEXPECTED;
  ascii(b ? "true" : "false");
}

const HEX = "0123456789abcdef";

/** `\u` and four lower-case hex digits, as JSON.stringify escapes controls and lone surrogates. */
function escapeUnit(c: number): void {
  const o = out;
  o[at++] = 0x5c;
  o[at++] = 0x75;
  o[at++] = HEX.charCodeAt(c >> 12);
  o[at++] = HEX.charCodeAt((c >> 8) & 15);
  o[at++] = HEX.charCodeAt((c >> 4) & 15);
  o[at++] = HEX.charCodeAt(c & 15);
}

/**
 * UTF-8 of `s` from `i` on (the first unit that is not plain ASCII): with JSON escapes when
 * `json` (quote, backslash, controls, lone surrogates), else as `Buffer.write` encodes text
 * (a lone surrogate becomes U+FFFD).
 */
function encSlow(s: string, i: number, json: boolean): void {
  const o = out;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (json && (c < 0x20 || c === 0x22 || c === 0x5c)) {
        if (c === 0x22 || c === 0x5c) {
          o[at++] = 0x5c;
          o[at++] = c;
        } else if (c === 0x08) ascii("\\b");
        else if (c === 0x09) ascii("\\t");
        else if (c === 0x0a) ascii("\\n");
        else if (c === 0x0c) ascii("\\f");
        else if (c === 0x0d) ascii("\\r");
        else escapeUnit(c);
      } else o[at++] = c;
    } else if (c < 0x800) {
      o[at++] = 0xc0 | (c >> 6);
      o[at++] = 0x80 | (c & 63);
    } else if (c < 0xd800 || c > 0xdfff) {
      o[at++] = 0xe0 | (c >> 12);
      o[at++] = 0x80 | ((c >> 6) & 63);
      o[at++] = 0x80 | (c & 63);
    } else {
      const d = c <= 0xdbff && i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        const u = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        o[at++] = 0xf0 | (u >> 18);
        o[at++] = 0x80 | ((u >> 12) & 63);
        o[at++] = 0x80 | ((u >> 6) & 63);
        o[at++] = 0x80 | (u & 63);
        i++;
      } else if (json) escapeUnit(c);
      else {
        o[at++] = 0xef;
        o[at++] = 0xbf;
        o[at++] = 0xbd;
      }
    }
  }
}

/** A string as a JSON string (`str`): each UTF-16 unit takes at most 6 bytes (an escape). */
function encStr(s: string): void {
  if (typeof s !== "string") throw UNEXPECTED;
  const n = s.length;
  if (at + 6 * n + 2 > limit) throw FULL;
  const o = out;
  let p = at;
  o[p++] = 0x22;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || c < 0x20 || c === 0x22 || c === 0x5c) {
      at = p;
      encSlow(s, i, true);
      o[at++] = 0x22;
      return;
    }
    o[p++] = c;
  }
  o[p++] = 0x22;
  at = p;
}

function encStrOrNull(s: string | null): void {
  if (s === null) ascii("null");
  else encStr(s);
}

/** JSON text made elsewhere (`RecentObjects`), as UTF-8: at most 3 bytes per UTF-16 unit. */
function encRaw(s: string): void {
  if (typeof s !== "string") throw UNEXPECTED;
  const n = s.length;
  if (at + 3 * n > limit) throw FULL;
  const o = out;
  let p = at;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      at = p;
      encSlow(s, i, false);
      return;
    }
    o[p++] = c;
  }
  at = p;
}

function encActor(a: Actor | null): void {
  if (a === null) {
    ascii("null");
    return;
  }
  ascii('{"text":');
  encStr(a.text);
  ascii(',"start":');
  encNum(a.start);
  ascii(',"end":');
  encNum(a.end);
  ascii(',"name":');
  encStr(a.name);
  ascii(',"id":');
  encStr(a.id);
  ascii(',"code":');
  encStr(a.code);
  ascii(',"country":');
  encStrOrNull(a.country);
  ascii(',"sector":');
  encStrOrNull(a.sector);
  ascii(',"kind":');
  encStr(a.kind);
  ascii("}");
}

/** `fastJson`, piece by piece in the same order (the same values read, the same memos asked). */
function encodeBuilt(r: EventRecord): void {
  const e = r.evidence;
  const t = e.trigger;
  ascii('{"id":');
  encStr(r.id);
  ascii(',"doc_id":');
  encStr(r.doc_id);
  ascii(',"evidence":{"sentence":');
  encStr(e.sentence);
  ascii(',"sentence_index":');
  encNum(e.sentence_index);
  ascii(',"start":');
  encNum(e.start);
  ascii(',"end":');
  encNum(e.end);
  ascii(',"trigger":{"text":');
  encStr(t.text);
  ascii(',"start":');
  encNum(t.start);
  ascii(',"end":');
  encNum(t.end);
  ascii('}},"cameo":');
  encStr(r.cameo);
  ascii(',"cameo_root":');
  encStr(r.cameo_root);
  ascii(',"goldstein":');
  encNum(r.goldstein);
  ascii(',"quad_class":');
  encNum(r.quad_class);
  ascii(',"plover":{"type":');
  encStr(r.plover.type);
  ascii(',"mode":');
  encStrOrNull(r.plover.mode);
  ascii('},"acled":');
  encRaw(lastAcled.of(r.acled));
  ascii(',"source":');
  encActor(r.source);
  ascii(',"target":');
  encActor(r.target);
  ascii(',"date":');
  encRaw(lastDate.of(r.date));
  ascii(',"historical":');
  encBool(r.historical);
  ascii(',"location":');
  encRaw(lastLocation.of(r.location));
  ascii(',"fatalities":');
  encRaw(lastFatalities.of(r.fatalities));
  ascii(',"modality":');
  encStr(r.modality);
  ascii(',"confidence":');
  encNum(r.confidence);
  ascii(',"rule":');
  encStr(r.rule);
  ascii("}");
}
