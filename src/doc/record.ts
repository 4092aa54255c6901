/**
 * The event record, version 1: the interchange contract fixed by
 * `shared/contracts/event-record.md`. Field names and meanings here are frozen;
 * adding fields is allowed, renaming or changing a meaning is a new version.
 */

export type Kind = "state" | "organization" | "person" | "group";

/** An actor as it leaves the product (source or target of an event, or `faultline resolve`). */
export interface Actor {
  /** The words in the document and their character offsets ([start, end)). */
  text: string;
  start: number;
  end: number;
  /** Canonical name from the knowledge base (or the normalised phrase for an unknown actor). */
  name: string;
  /** Knowledge-base id (e.g. "state:PAK", "group:ttp", "person:asim-munir", "agent:REB"). */
  id: string;
  /** CAMEO-style code valid on the event's date: country + sector(s), e.g. "PAKMIL". */
  code: string;
  /** ISO 3166-1 alpha-3, or null for international / unknown. */
  country: string | null;
  /** Primary sector (GOV MIL COP JUD LEG OPP PTY REB INS SEP CVL REF MED EDU BUS LAB REL NGO IGO ...) or null. */
  sector: string | null;
  kind: Kind;
}

export type DatePrecision = "day" | "month" | "year" | "decade" | "unknown";
export type DateBasis = "stated" | "relative" | "publication";

export interface EventDate {
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  value: string;
  precision: DatePrecision;
  basis: DateBasis;
  /** The words the date came from, or null. */
  text: string | null;
}

export type GeoPrecision = "point" | "city" | "admin2" | "admin1" | "country";

export interface EventLocation {
  text: string;
  name: string;
  country: string | null;
  admin1: string | null;
  lat: number | null;
  lon: number | null;
  precision: GeoPrecision;
  geonames_id: number | null;
}

export type Modality =
  | "asserted"
  | "negated"
  | "alleged"
  | "claimed"
  | "denied"
  | "hypothetical"
  | "future";

export const MODALITIES: readonly Modality[] = [
  "asserted",
  "negated",
  "alleged",
  "claimed",
  "denied",
  "hypothetical",
  "future",
];

export type QuadClass = 1 | 2 | 3 | 4;

export interface Evidence {
  sentence: string;
  sentence_index: number;
  start: number;
  end: number;
  trigger: { text: string; start: number; end: number };
}

export interface EventRecord {
  id: string;
  doc_id: string;
  evidence: Evidence;
  cameo: string;
  cameo_root: string;
  goldstein: number;
  quad_class: QuadClass;
  plover: { type: string; mode: string | null };
  acled: { event_type: string; sub_event_type: string } | null;
  source: Actor | null;
  target: Actor | null;
  date: EventDate;
  historical: boolean;
  location: EventLocation | null;
  fatalities: Fatalities | null;
  modality: Modality;
  confidence: number;
  rule: string;
}

/**
 * Casualty counts as the text states them. A vague count ("several were killed",
 * "dozens died") leaves `killed` null and names the vague word in `killed_vague`;
 * conventions that turn such words into numbers (ACLED's) belong to the layers
 * that export in those terms (src/app/export.ts, ontology/acled/fatality-conventions.json).
 */
export interface Fatalities {
  killed: number | null;
  injured: number | null;
  /** The vague quantity word read in place of a killed count ("several", "dozens"), lower-case; absent when a number is stated or none at all. */
  killed_vague?: string;
}

/** A document as it enters the coder. */
export interface InputDocument {
  id?: string;
  text: string;
  /** Publication date, YYYY-MM-DD (or any ISO 8601 date-time; only the date part is used). */
  date?: string | null;
  url?: string | null;
  title?: string | null;
}
