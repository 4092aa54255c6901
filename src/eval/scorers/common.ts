/**
 * Helpers shared by the scorers: the scoring context, how an example is shown,
 * and how counts, places and actor names are read off a prediction.
 */
import type { Actor, EventRecord } from "../../doc/index.js";
import type { Mappings } from "../mappings.js";
import type { ErrorTally, WorstList } from "../metrics.js";
import type { Example, Prediction, SetScore } from "../types.js";
import { containsWords, nameVariants, norm } from "../text.js";

/** What every scorer gets besides its pairs. */
export interface ScoreContext {
  mappings: Mappings;
  /** How many worst examples to keep per metric. */
  worst: number;
}

/** An example for a wrong answer, with the evidence and rule of the event involved (if any). */
export function example(id: string, gold: unknown, predicted: unknown, ev: EventRecord | null | undefined, severity: number): Example {
  return {
    id,
    gold: show(gold),
    predicted: show(predicted),
    evidence: ev?.evidence.sentence ?? null,
    rule: ev?.rule ?? null,
    severity,
  };
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "(none)";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Modalities under which an event counts as having happened. */
const FACTUAL = new Set(["asserted", "claimed", "alleged"]);

/** The document's events that are reported as having happened. */
export function factual(p: Prediction): EventRecord[] {
  return p.events.filter((e) => FACTUAL.has(e.modality));
}

/** A stated count read off the events: the largest one (counts repeat across sentences; summing would double them). */
export function maxCount(events: readonly EventRecord[], key: "killed" | "injured" | ((e: EventRecord) => number | null | undefined)): { value: number; event: EventRecord | null } {
  let value = 0;
  let event: EventRecord | null = null;
  for (const e of events) {
    const n = typeof key === "function" ? key(e) : e.fatalities?.[key];
    if (typeof n === "number" && n > value) {
      value = n;
      event = e;
    }
  }
  return { value, event };
}

/** A gold number field (null when absent or not a number). */
export function goldNumber(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** A gold string field (null when absent, empty or "unknown"). */
export function goldString(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const t = v.trim();
  return t === "" || t.toLowerCase() === "unknown" ? null : t;
}

/** The point the coder places a document at: the preferred event's location, else the first located event, else the first located place. */
export function predictedPoint(p: Prediction, preferred: EventRecord | null): { lat: number; lon: number; name: string; ev: EventRecord | null } | null {
  const located = (e: EventRecord | null) => e?.location && e.location.lat !== null && e.location.lon !== null;
  const ev = located(preferred) ? preferred : (p.events.find(located) ?? null);
  if (ev?.location) return { lat: ev.location.lat as number, lon: ev.location.lon as number, name: ev.location.name, ev };
  const pl = p.places.find((x) => x.location.lat !== null && x.location.lon !== null);
  return pl ? { lat: pl.location.lat as number, lon: pl.location.lon as number, name: pl.location.name, ev: null } : null;
}

/** Every place name the coder found (mention words, gazetteer names, admin1 names), normalised. */
export function placeNames(p: Prediction): Set<string> {
  const out = new Set<string>();
  const add = (s: string | null | undefined) => {
    const n = s ? norm(s) : "";
    if (n) out.add(n);
  };
  for (const pl of p.places) {
    add(pl.text);
    add(pl.location.name);
    add(pl.location.admin1);
  }
  for (const e of p.events) {
    add(e.location?.text);
    add(e.location?.name);
    add(e.location?.admin1);
  }
  return out;
}

/** Whether a gold place name is among the found names (whole-word containment either way). */
export function placeFound(gold: string, found: ReadonlySet<string>): boolean {
  const g = norm(gold);
  if (!g) return false;
  if (found.has(g)) return true;
  for (const f of found) if (f.length >= 4 && (containsWords(f, g) || containsWords(g, f))) return true;
  return false;
}

/**
 * Whether a coded actor names the gold entity: its name or words equal one of the
 * gold name's variants or contain it / are contained in it as whole words. States
 * only match on equality ("Nigeria" must not match "Police Forces of Nigeria").
 */
export function actorNames(actor: Pick<Actor, "text" | "name" | "kind">, goldName: string): boolean {
  // Apostrophes dropped on both sides: "Peoples Democratic Party" names "People's Democratic Party".
  const bare = (s: string) => s.replace(/'/g, "");
  const variants = nameVariants(goldName).map(bare);
  const mine = [norm(actor.name), norm(actor.text).replace(/^the /, "")].map(bare).filter((s) => s.length >= 3);
  for (const v of variants) {
    for (const m of mine) {
      if (m === v) return true;
      if (actor.kind !== "state" && (containsWords(m, v) || containsWords(v, m))) return true;
    }
  }
  return false;
}

/** A set's score from its parts, with the worst examples and error counts its collectors gathered. */
export function setScore(
  parts: Pick<SetScore, "metrics" | "notes"> & Partial<Pick<SetScore, "tables" | "confusions" | "breakdowns">>,
  worst: WorstList,
  errors: ErrorTally,
): SetScore {
  return { tables: [], confusions: [], breakdowns: [], ...parts, worst: worst.result(), errors: errors.result() };
}
