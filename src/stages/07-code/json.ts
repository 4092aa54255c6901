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

/**
 * The JSON of string `s` without its quotes: `s` itself when nothing in it is escaped (almost
 * always). The layout writes the quotes as part of its constant text, so a string costs no
 * string of its own ("\"" + s + "\"" made two more pieces of the record's text for each field).
 */
function esc(s: string): string {
  if (typeof s !== "string") throw UNEXPECTED;
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s).slice(1, -1) : s;
}

function strOrNull(s: string | null): string {
  return s === null ? "null" : `"${esc(s)}"`;
}

/** A number as JSON writes it (non-finite: null); the number itself when finite (the template converts it). */
function num(n: number): number | string {
  if (typeof n !== "number") throw UNEXPECTED;
  return Number.isFinite(n) ? n : "null";
}

function bool(b: boolean): string {
  if (typeof b !== "boolean") throw UNEXPECTED;
  return b ? "true" : "false";
}

function actorJson(a: Actor): string {
  return (
    `{"text":"${esc(a.text)}","start":${num(a.start)},"end":${num(a.end)},"name":"${esc(a.name)}","id":"${esc(a.id)}",` +
    `"code":"${esc(a.code)}","country":${strOrNull(a.country)},"sector":${strOrNull(a.sector)},"kind":"${esc(a.kind)}"}`
  );
}

/** An actor `RecentActors` remembers: its fields' values when written (a copy: records' actors are not frozen), and its JSON. */
type SeenActor = Actor & { json: string };

/**
 * The JSON of the last few actors written, for an actor with the same values field by field
 * (each record has its own actor object, but a document's records come back to a few mentions:
 * about a third of the actors written are the one written just before). Equal values were
 * checked for their types when the remembered text was made.
 */
class RecentActors {
  private readonly seen: SeenActor[] = [];
  private next = 0;
  /** @param size actors remembered at most */
  constructor(private readonly size: number) {}
  of(a: Actor | null): string {
    if (a === null) return "null";
    const seen = this.seen;
    for (let i = 0; i < seen.length; i++) {
      const e = seen[i];
      if (
        a.text === e.text && a.start === e.start && a.end === e.end && a.name === e.name && a.id === e.id &&
        a.code === e.code && a.country === e.country && a.sector === e.sector && a.kind === e.kind
      ) {
        return e.json;
      }
    }
    const e: SeenActor = { text: a.text, start: a.start, end: a.end, name: a.name, id: a.id, code: a.code, country: a.country, sector: a.sector, kind: a.kind, json: actorJson(a) };
    if (seen.length < this.size) seen.push(e);
    else seen[this.next] = e;
    this.next = (this.next + 1) % this.size;
    return e.json;
  }
}

/**
 * The JSON of a record's fields from "cameo" to "plover" (both included) for the last values
 * seen: they follow from the event code and its pattern, a few dozen combinations in all, and
 * the events of a trigger share them. Equal values were checked for their types when the text was made.
 */
class LastCode {
  private cameo: string | null = null;
  private root: string | null = null;
  private goldstein = Number.NaN;
  private quad = Number.NaN;
  private type: string | null = null;
  private mode: string | null | undefined = undefined;
  private json = "";
  of(r: EventRecord): string {
    const p = r.plover;
    if (r.cameo !== this.cameo || r.cameo_root !== this.root || r.goldstein !== this.goldstein || r.quad_class !== this.quad || p.type !== this.type || p.mode !== this.mode) {
      this.json =
        `"cameo":"${esc(r.cameo)}","cameo_root":"${esc(r.cameo_root)}","goldstein":${num(r.goldstein)},"quad_class":${num(r.quad_class)},` +
        `"plover":{"type":"${esc(p.type)}","mode":${strOrNull(p.mode)}},`;
      this.cameo = r.cameo;
      this.root = r.cameo_root;
      this.goldstein = r.goldstein;
      this.quad = r.quad_class;
      this.type = p.type;
      this.mode = p.mode;
    }
    return this.json;
  }
}

/** The JSON of a record's last three fields ("modality", "confidence", "rule") and its closing brace, for the last values seen. */
class LastTail {
  private modality: string | null = null;
  private confidence = Number.NaN;
  private rule: string | null = null;
  private json = "";
  of(r: EventRecord): string {
    if (r.modality !== this.modality || r.confidence !== this.confidence || r.rule !== this.rule) {
      this.json = `"modality":"${esc(r.modality)}","confidence":${num(r.confidence)},"rule":"${esc(r.rule)}"}`;
      this.modality = r.modality;
      this.confidence = r.confidence;
      this.rule = r.rule;
    }
    return this.json;
  }
}

/**
 * The JSON of a record from its "doc_id" to its trigger's text (exclusive) for the last
 * document, sentence and offsets seen: the records of a sentence share it.
 */
class LastHead {
  private docId: string | null = null;
  private sentence: string | null = null;
  private index = -1;
  private start = -1;
  private end = -1;
  private json = "";
  of(docId: string, e: EventRecord["evidence"]): string {
    // Equal values were checked for their types when the remembered text was made.
    if (docId !== this.docId || e.sentence !== this.sentence || e.sentence_index !== this.index || e.start !== this.start || e.end !== this.end) {
      this.json =
        `,"doc_id":"${esc(docId)}","evidence":{"sentence":"${esc(e.sentence)}","sentence_index":${num(e.sentence_index)},` +
        `"start":${num(e.start)},"end":${num(e.end)},"trigger":{"text":`;
      this.docId = docId;
      this.sentence = e.sentence;
      this.index = e.sentence_index;
      this.start = e.start;
      this.end = e.end;
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
  /** @param size objects remembered at most */
  constructor(private readonly size: number) {}
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
    if (seen.length < this.size) seen.push(e);
    else seen[this.next] = e;
    this.next = (this.next + 1) % this.size;
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

/**
 * `v` remembered with its JSON. A plain object of plain values (most dates, places and
 * casualty counts, and a date is new for about a third of the records) is written from the
 * keys and values read for comparing it anyway: about a third of what JSON.stringify costs
 * on such small objects. Anything else is given to JSON.stringify.
 */
function remember(v: object): Seen {
  if (Object.getPrototypeOf(v) !== Object.prototype) return { value: v, keys: null, values: [], json: JSON.stringify(v) };
  const keys: string[] = [];
  const values: unknown[] = [];
  // The JSON so far, or null once a value is one JSON.stringify writes its own way (undefined, a symbol...).
  let json: string | null = "";
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === "object" ? x !== null : typeof x === "function") return { value: v, keys: null, values: [], json: JSON.stringify(v) };
    keys.push(k);
    values.push(x);
    if (json !== null) {
      const j = plainJson(x);
      json = j === null ? null : `${json}${json === "" ? "{" : ","}"${esc(k)}":${j}`;
    }
  }
  return { value: v, keys, values, json: json === null ? JSON.stringify(v) : json === "" ? "{}" : json + "}" };
}

/** The JSON of a string, number, boolean or null as JSON.stringify writes it as an object's value; null for any other value. */
function plainJson(x: unknown): string | null {
  switch (typeof x) {
    case "string":
      return `"${esc(x)}"`;
    case "number":
      return Number.isFinite(x) ? `${x}` : "null";
    case "boolean":
      return x ? "true" : "false";
    default:
      return x === null ? "null" : null;
  }
}

const lastHead = new LastHead();
/*
 * How many of each are remembered: a bench document's records hold five or six distinct dates
 * (more remembered barely helps, and every remembered one is compared with each new copy),
 * a few places, and ACLED types from a vocabulary of a few dozen objects the ontology shares
 * (found by identity: 16 remembered miss almost none, 4 missed a quarter of them).
 */
const lastDate = new RecentObjects(4);
const lastLocation = new RecentObjects(8);
const lastFatalities = new RecentObjects(4);
const lastAcled = new RecentObjects(16);
/** Sources and targets: a few each (the events of a sentence pair its actors in turn). */
const lastSources = new RecentActors(4);
const lastTargets = new RecentActors(4);
const lastCode = new LastCode();
const lastTail = new LastTail();

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
  const t = r.evidence.trigger;
  return (
    `{"id":"${esc(r.id)}"${lastHead.of(r.doc_id, r.evidence)}"${esc(t.text)}","start":${num(t.start)},"end":${num(t.end)}}},` +
    `${lastCode.of(r)}"acled":${lastAcled.of(r.acled)},"source":${lastSources.of(r.source)},"target":${lastTargets.of(r.target)},` +
    `"date":${lastDate.of(r.date)},"historical":${bool(r.historical)},"location":${lastLocation.of(r.location)},` +
    `"fatalities":${lastFatalities.of(r.fatalities)},${lastTail.of(r)}`
  );
}
