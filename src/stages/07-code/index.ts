/**
 * Stage 07 — code: event candidates become contract event records.
 *
 * - cameo / cameo_root from the pattern; goldstein, quad class, PLOVER type and
 *   default ACLED type from the event ontology (`kb.events`); a pattern's own
 *   `acled` and `plover_mode` override the defaults, and a "Battles" event whose
 *   target is unarmed (ontology/patterns/targets.json) becomes "Violence against
 *   civilians / Attack", and territory taken by a state force (the "state-sector" cues
 *   there) "Government regains territory".
 * - source / target: `actorAt(mention, eventDate)`, so actor codes follow the
 *   event's date (dated roles).
 * - date: the candidate's governing date, else the publication date (basis
 *   "publication").
 * - historical: the date mention's flag, or — for any date — an event that ended
 *   more than 60 days before the publication date (a year before the publication
 *   year, for year precision).
 * - id: a hash of doc id, sentence offsets, trigger offsets, cameo and the actors'
 *   offsets (same document + same evidence ⇒ same id; per-actor events of one
 *   trigger differ by their actors). Identical records (same id) are kept once.
 */
import { hash } from "node:crypto";
import { actorAt, type Doc, type EventCandidate, type EventDate, type EventRecord, type QuadClass } from "../../doc/index.js";
import type { Pattern, PatternKnowledge } from "../../ontology/patterns.js";
import type { Stage } from "../../pipeline/index.js";
import { BuiltRecord } from "./json.js";

export { recordJson } from "./json.js";

/** What the code stage needs from the event ontology for one CAMEO code. */
export interface EventInfo {
  goldstein: number;
  quad?: number;
  quad_class?: number;
  plover?: string | { type: string; mode?: string | null } | null;
  acled?: { event_type: string; sub_event_type: string } | null;
}

/** The event ontology as the code stage uses it (`kb.events`). */
export interface EventCatalog {
  get(code: string): EventInfo | null | undefined;
}

const HISTORICAL_DAYS = 60;
const DAY_MS = 86_400_000;

/** Quad class by CAMEO root when the ontology gives none (the usual convention). */
export function quadOfRoot(root: string): QuadClass {
  const r = Number(root);
  if (r <= 5) return 1;
  if (r <= 9) return 2;
  if (r <= 14) return 3;
  return 4;
}

/** Last day (ms) a partial date YYYY[-MM[-DD]] covers, or NaN. */
function lastDay(value: string): number {
  if (/^\d{4}$/.test(value)) return Date.parse(`${value}-12-31`);
  if (/^\d{4}-\d{2}$/.test(value)) {
    const [y, m] = value.split("-").map(Number);
    return Date.UTC(y, m, 0);
  }
  return Date.parse(value.slice(0, 10));
}

/** The last question `isHistorical` answered (the events of a document mostly share their dates). */
let lastHistorical = { value: "", precision: "", pub: "", answer: false };

/** Whether an event on `date` is background relative to publication date `pub`. */
export function isHistorical(date: EventDate, pub: string | null): boolean {
  if (!pub || date.basis === "publication" || !date.value) return false;
  const last = lastHistorical;
  if (last.value === date.value && last.precision === date.precision && last.pub === pub) return last.answer;
  const answer = historicalAt(date, pub);
  lastHistorical = { value: date.value, precision: date.precision, pub, answer };
  return answer;
}

/** Date values → their last day (ms) as `lastDay` gives it: a document's events come back to a few dates. */
const lastDays = new Map<string, number>();
/** Date values remembered at most (the memo starts again empty when full). */
const LAST_DAYS_MAX = 10_000;
/** The last publication date `historicalAt` parsed: its time and the start of its year (ms, or NaN). */
let lastPub = { pub: "", ms: Number.NaN, yearStart: Number.NaN };

function historicalAt(date: EventDate, pub: string): boolean {
  let end = lastDays.get(date.value);
  if (end === undefined) {
    if (lastDays.size >= LAST_DAYS_MAX) lastDays.clear();
    end = lastDay(date.value);
    lastDays.set(date.value, end);
  }
  if (lastPub.pub !== pub) lastPub = { pub, ms: Date.parse(pub), yearStart: Date.parse(`${pub.slice(0, 4)}-01-01`) };
  const p = lastPub.ms;
  if (Number.isNaN(end) || Number.isNaN(p)) return false;
  if (date.precision === "year" || date.precision === "decade") return end < lastPub.yearStart;
  return end < p - HISTORICAL_DAYS * DAY_MS;
}

/** Stable event id: same document + same evidence ⇒ same id. */
export function eventId(doc: Doc, c: EventCandidate): string {
  const s = doc.sentences[c.sentence];
  // The fields joined by "|" (one template string, no array per event); one-shot `hash`
  // (no Hash object per event) gives the same SHA-1 hex digest as createHash. (SHA-1 in
  // JavaScript, the key's UTF-8 read straight into the message words: ~750 ns a key of ~50
  // characters against ~470 ns for this call, in a loop over 200 keys.)
  const key = `${doc.id}|${s.start}|${s.end}|${c.trigger.start}|${c.trigger.end}|${c.cameo}|${c.source?.start ?? ""}|${c.source?.code ?? ""}|${c.target?.start ?? ""}|${c.target?.code ?? ""}|${c.date?.value ?? ""}`;
  return "ev:" + hash("sha1", key, "hex").slice(0, 20);
}

function plover(info: EventInfo | null | undefined, mode: string | undefined): EventRecord["plover"] {
  const p = info?.plover;
  if (!p) return { type: "OTHER", mode: mode ?? null };
  if (typeof p === "string") return { type: p, mode: mode ?? null };
  return { type: p.type, mode: mode ?? p.mode ?? null };
}

/** Actor sectors that change an event's ACLED type (upper-case CAMEO sector codes). */
export interface AcledSectors {
  /** Unarmed actors: a battle against them is violence against civilians. */
  civilian: ReadonlySet<string>;
  /** State forces: territory they take is territory the government regains. */
  state: ReadonlySet<string>;
  /** Unarmed groups acting as crowds: a fight among them is mob violence (Riots). */
  crowd?: ReadonlySet<string>;
  /** Words that arm a crowd ("armed youths"): in the actor's words or the three before it, no crowd. */
  armed?: ReadonlySet<string>;
}

const NO_SECTORS: AcledSectors = { civilian: new Set(), state: new Set(), crowd: new Set(), armed: new Set() };

/**
 * The ACLED type: the pattern's override, else the ontology's default; an armed
 * clash whose target is unarmed (a civilian sector) is one-sided violence,
 * territory taken by a state force is territory the government regains, and
 * territory retaken by a non-state armed group is territory it overtakes.
 */
/** Whether an actor mention is a crowd: of a crowd sector and not qualified as armed (in its words or the three before it). */
function isCrowd(doc: Doc, m: { sector: string | null; tokenStart: number; tokenEnd: number }, sectors: AcledSectors): boolean {
  if (m.sector === null || !sectors.crowd?.has(m.sector)) return false;
  const armed = sectors.armed;
  if (!armed || armed.size === 0) return true;
  for (let i = Math.max(0, m.tokenStart - 3); i < m.tokenEnd; i++) if (armed.has(doc.tokens[i]?.text.toLowerCase() ?? "")) return false;
  return true;
}

/**
 * The ACLED types `acledOf` turns a default into, made once: records share them as they share
 * the ontology's own (the record writer knows an object it has written by identity).
 */
const MOB_VIOLENCE = { event_type: "Riots", sub_event_type: "Mob violence" };
const ATTACK = { event_type: "Violence against civilians", sub_event_type: "Attack" };
const REGAINS = { event_type: "Battles", sub_event_type: "Government regains territory" };
const OVERTAKES = { event_type: "Battles", sub_event_type: "Non-state actor overtakes territory" };

function acledOf(doc: Doc, c: EventCandidate, pattern: Pattern | undefined, info: EventInfo | null, sectors: AcledSectors): EventRecord["acled"] {
  const a = pattern?.acled ?? info?.acled ?? null;
  const { civilian, state } = sectors;
  // "Supporters of two parties clashed", "two communities attacked each other": a fight
  // between unarmed groups (no side armed, none a state force) is ACLED's mob violence.
  if (a?.event_type === "Battles" && c.source && isCrowd(doc, c.source, sectors) && (!c.target || isCrowd(doc, c.target, sectors))) {
    return MOB_VIOLENCE;
  }
  if (a?.event_type === "Battles" && c.target?.sector && civilian.has(c.target.sector) && !(c.source?.sector && civilian.has(c.source.sector))) {
    return ATTACK;
  }
  if (a?.sub_event_type === "Non-state actor overtakes territory" && c.source?.sector && state.has(c.source.sector)) {
    return REGAINS;
  }
  // "Militants recaptured the village": retaking words do not make a non-state group the government.
  if (a?.sub_event_type === "Government regains territory" && c.source?.sector && !state.has(c.source.sector) && !civilian.has(c.source.sector)) {
    return OVERTAKES;
  }
  return a;
}

/**
 * The text, start and end of the sentence the last record was made for, and the sentence: the
 * records of a sentence share one string rather than a slice each (the record writer, which
 * writes the evidence of a sentence once for its records, then finds it unchanged by identity).
 */
let sentenceSource = "";
let sentenceStart = -1;
let sentenceEnd = -1;
let sentenceText = "";

function sentenceOf(text: string, start: number, end: number): string {
  if (text !== sentenceSource || start !== sentenceStart || end !== sentenceEnd) {
    sentenceSource = text;
    sentenceStart = start;
    sentenceEnd = end;
    sentenceText = text.slice(start, end);
  }
  return sentenceText;
}

/** One candidate as a contract record (`sectors`: actor sectors that change the ACLED type). */
export function toRecord(doc: Doc, c: EventCandidate, events: EventCatalog | null, patterns: ReadonlyMap<string, Pattern>, sectors: AcledSectors = NO_SECTORS): EventRecord {
  const s = doc.sentences[c.sentence];
  const pattern = patterns.get(c.rule);
  const info = events?.get(c.cameo) ?? null;
  const root = c.cameo.slice(0, 2);
  const date: EventDate = c.date ?? { value: doc.date ?? "", precision: doc.date ? "day" : "unknown", basis: "publication", text: null };
  const quad = info?.quad_class ?? info?.quad;
  // Arguments in the order of the record's fields (and of the object literal this was: the same evaluation order).
  return new BuiltRecord(
    eventId(doc, c),
    doc.id,
    {
      sentence: sentenceOf(doc.text, s.start, s.end),
      sentence_index: s.index,
      start: s.start,
      end: s.end,
      trigger: { text: c.trigger.text, start: c.trigger.start, end: c.trigger.end },
    },
    c.cameo,
    root,
    info?.goldstein ?? 0,
    quad === 1 || quad === 2 || quad === 3 || quad === 4 ? quad : quadOfRoot(root),
    plover(info, pattern?.plover_mode),
    acledOf(doc, c, pattern, info, sectors),
    c.source ? actorAt(c.source, date.value || null) : null,
    c.target ? actorAt(c.target, date.value || null) : null,
    date,
    (c.historical ?? false) || isHistorical(date, doc.date),
    c.location ?? null,
    c.fatalities ?? null,
    c.modality,
    c.confidence,
    c.rule,
  );
}

/** Build the code stage. `events` is the event ontology (null: Goldstein 0, quad class by root, PLOVER "OTHER"). */
export function codeStage(events: EventCatalog | null, pk: PatternKnowledge): Stage {
  const patterns = new Map(pk.patterns.map((p) => [p.id, p]));
  const sectors: AcledSectors = { civilian: pk.civilianSectors, state: pk.stateSectors, crowd: pk.crowdSectors, armed: pk.armedModifiers };
  return {
    name: "code",
    requires: ["candidates"],
    assigns: ["events"],
    run(doc: Doc) {
      const seen = new Set<string>();
      doc.events = [];
      for (const c of doc.candidates) {
        const r = toRecord(doc, c, events, patterns, sectors);
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        doc.events.push(r);
      }
    },
  };
}
