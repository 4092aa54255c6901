/** The gazetteer's public types: places, look-up context, candidates and context words. */
import type { GeoPrecision } from "../../doc/index.js";
import type { CityTable } from "./geonames.js";

export type PlaceKind = "country" | "admin1" | "city" | "curated";

/** One place the gazetteer knows. */
export interface Place {
  /** "geonames:1168197", "country:PAK", "admin1:PK-KP", or a curated id ("pk:north-waziristan"). */
  id: string;
  name: string;
  kind: PlaceKind;
  /** ISO 3166-1 alpha-3, or null (a region spanning countries). */
  country: string | null;
  /** Name and id of the first-level region the place lies in (a region names itself). */
  admin1: string | null;
  admin1Id: string | null;
  lat: number;
  lon: number;
  precision: GeoPrecision;
  geonamesId: number | null;
  population: number;
  /** GeoNames feature code of a city (PPL, PPLA, PPLA2, PPLC, ...), else null. */
  feature: string | null;
  /** A regional capital or main town named like its region ("Kano", "Kunduz", "Lagos"): what the name usually means. */
  namesake?: boolean;
}

/** What a document tells about where its places are. */
export interface LookupContext {
  /** ISO3 codes of the document's countries: a list (first = most weight) or weights in 0..1. */
  countries?: readonly string[] | ReadonlyMap<string, number>;
  /** Points of other places in the document; nearby candidates rank higher. */
  near?: readonly { lat: number; lon: number }[];
  /** Ids of first-level regions named in the document ("admin1:PK-SD"). */
  admin1?: readonly string[];
  /** Places that qualify this name ("Hyderabad, Sindh"): candidates inside them rank first. */
  within?: readonly Place[];
  /** Precision a designator asks for ("Bannu district" → admin2, "Kandahar province" → admin1). */
  prefer?: GeoPrecision;
}

export interface Candidate {
  place: Place;
  score: number;
}

/** Context words from cues.json, lower-case, for the places stage. */
export interface PlaceCues {
  /** Prepositions that make the next place a location ("in", "near", ...). */
  locative: ReadonlySet<string>;
  /** Nouns that make "of" locative ("the outskirts of", "the town of"). */
  ofHeads: ReadonlySet<string>;
  /** Words after a name that say what it is ("district" → admin2), keyed by their words joined by a space. */
  designators: ReadonlyMap<string, Designator>;
  /** Capitalised words that may precede a place without being part of a person's name ("Northern", "Upper"). */
  qualifiers: ReadonlySet<string>;
  /** Words joining places that then share a locative cue ("in Gwoza and Bama"). */
  coordinators: ReadonlySet<string>;
}

/** What a designator word says about the name before it. */
export interface Designator {
  precision: GeoPrecision;
  /** Countries that use the word (ISO3), empty when it is used everywhere. */
  countries: readonly string[];
  /** The word tells its countries even where it qualifies no place ("the Local Government Secretariat"). */
  standalone: boolean;
}

/** What a name needs to count as a place (see stopnames.json). */
export type StopLevel = "none" | "locative" | "qualified";

export interface GazetteerOptions {
  /** Preloaded GeoNames cities (tests), or false to leave cities out. */
  cities?: CityTable | false;
  /** Path of the actors' states file (default `<dir>/../actors/states.json`). */
  statesFile?: string;
  /**
   * Folder of the on-disk index cache (default `node_modules/.cache/faultline`), or false for
   * none. Used only with the default GeoNames cities.
   */
  cacheDir?: string | false;
}

export interface GazetteerStats {
  places: number;
  keys: number;
  loadMs: number;
}
