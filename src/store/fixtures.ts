/**
 * Hand-built event records for store tests (the contract suite, crash and worker
 * tests): complete, valid records with overridable fields. No test framework here,
 * so child processes can use it.
 */
import type { Actor, EventRecord } from "../doc/index.js";

export type Overrides = Partial<Omit<EventRecord, "date" | "location">> & {
  date?: Partial<EventRecord["date"]>;
  location?: EventRecord["location"] | { name: string; country: string; lat: number; lon: number };
};

/** An actor for tests. */
export function actor(id: string, code: string, country: string | null, sector: string | null): Actor {
  return { text: id, start: 0, end: id.length, name: id, id, code, country, sector, kind: "group" };
}

export const INSURGENTS = actor("group:river-front", "NGAINS", "NGA", "INS");
export const VILLAGERS = actor("agent:CVL", "NGACVL", "NGA", "CVL");
export const ARMY = actor("state:NGA:MIL", "NGAMIL", "NGA", "MIL");

/** A complete event record with sensible defaults (an insurgent attack on civilians). */
export function record(id: string, o: Overrides = {}): EventRecord {
  const loc = o.location === undefined ? { name: "Maiduguri", country: "NGA", lat: 11.85, lon: 13.16 } : o.location;
  const sentence = o.evidence?.sentence ?? `Gunmen attacked a market (${id}).`;
  return {
    id,
    doc_id: o.doc_id ?? "unset",
    evidence: o.evidence ?? { sentence, sentence_index: 0, start: 0, end: sentence.length, trigger: { text: "attacked", start: 7, end: 15 } },
    cameo: o.cameo ?? "190",
    cameo_root: o.cameo_root ?? (o.cameo ?? "190").slice(0, 2),
    goldstein: o.goldstein ?? -10,
    quad_class: o.quad_class ?? 4,
    plover: o.plover ?? { type: "ATTACK", mode: "firearms" },
    acled: o.acled === undefined ? { event_type: "Violence against civilians", sub_event_type: "Attack" } : o.acled,
    source: o.source === undefined ? INSURGENTS : o.source,
    target: o.target === undefined ? VILLAGERS : o.target,
    date: { value: "2025-03-14", precision: "day", basis: "stated", text: "on Friday", ...o.date },
    historical: o.historical ?? false,
    location: loc && "text" in loc ? loc : loc ? { text: loc.name, admin1: null, precision: "city", geonames_id: null, ...loc } : null,
    fatalities: o.fatalities === undefined ? { killed: 12, injured: null } : o.fatalities,
    modality: o.modality ?? "asserted",
    confidence: o.confidence ?? 0.8,
    rule: o.rule ?? "test.rule",
  };
}
