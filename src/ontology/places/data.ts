/**
 * The gazetteer's data files under `ontology/places/` and their shapes. Reading only checks
 * what the index relies on (ids, names, numbers); the full JSON Schemas live in
 * `ontology/schema/places-*.schema.json` and are checked by the tests.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { GeoPrecision } from "../../doc/index.js";

/** A country as a place (countries.json, generated). */
export interface CountryEntry {
  id: string;
  name: string;
  aliases: string[];
  iso2: string;
  iso3: string;
  capital: string | null;
  lat: number;
  lon: number;
}

/** A first-level region (admin1.json, generated). */
export interface Admin1Entry {
  id: string;
  name: string;
  aliases: string[];
  country: string;
  iso2: string;
  code: string;
  /** GeoNames admin1 code, or null when the region could not be matched to GeoNames. */
  geonames_admin1: string | null;
  lat: number;
  lon: number;
}

/** A curated place (additions.json): a region, district, crossing or town GeoNames lacks or names differently. */
export interface CuratedPlace {
  id: string;
  name: string;
  aliases: string[];
  country: string | null;
  admin1: string | null;
  lat: number;
  lon: number;
  precision: GeoPrecision;
  geonames_id: number | null;
  population?: number;
  note?: string;
}

/** A curated alias (additions.json): more names for a place defined elsewhere ("geonames:1275339", "country:USA", "admin1:PK-KP"). */
export interface CuratedAlias {
  id: string;
  same_as: string;
  aliases: string[];
  note?: string;
}

export type Addition = CuratedPlace | CuratedAlias;

/** A name that is also a common English word (stopnames.json). */
export interface StopName {
  id: string;
  name: string;
  /** Only with a qualifier ("March, Cambridgeshire"), never after a locative word alone ("in March"). */
  strict?: boolean;
  note?: string;
}

/** Word lists the places stage reads context from (cues.json). */
export interface CueEntry {
  id: string;
  kind: "locative" | "of-head" | "designator" | "qualifier" | "coordinator";
  words: string[];
  /** For designators: the precision the word asks for ("Bannu district" → admin2). */
  precision?: GeoPrecision;
  /** For designators used in a few countries only ("local government area" → NGA): ISO3 codes. */
  countries?: string[];
  /** For designators with countries: whether the word alone tells the country ("local government": NGA; not "agency"). */
  standalone?: boolean;
}

/** A state from the actors knowledge base (ontology/actors/states.json), when present. */
export interface StateEntry {
  iso3?: string;
  name?: string;
  aliases?: string[];
  demonyms?: string[];
  capital?: string;
}

interface DataFile<T> {
  entries: T[];
}

export class PlacesDataError extends Error {}

function readEntries<T>(file: string): T[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new PlacesDataError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const entries = (parsed as Partial<DataFile<T>> | null)?.entries;
  if (!Array.isArray(entries)) throw new PlacesDataError(`${file}: no "entries" array`);
  const ids = new Set<string>();
  entries.forEach((e, k) => {
    const id = (e as { id?: unknown })?.id;
    if (typeof id !== "string" || id.length === 0) throw new PlacesDataError(`${file}: entry ${k} has no "id"`);
    if (ids.has(id)) throw new PlacesDataError(`${file}: duplicate id "${id}"`);
    ids.add(id);
  });
  return entries;
}

function checkPoint(file: string, e: { id: string; lat: unknown; lon: unknown }): void {
  const { lat, lon } = e;
  if (typeof lat !== "number" || typeof lon !== "number" || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new PlacesDataError(`${file}: entry "${e.id}" has no valid lat/lon`);
  }
}

/** Everything the gazetteer reads from `ontology/places/` (and the actors' states, if any). */
export interface PlacesData {
  countries: CountryEntry[];
  admin1: Admin1Entry[];
  additions: Addition[];
  stopNames: StopName[];
  cues: CueEntry[];
  states: StateEntry[];
}

/** Read the places data files from `dir` (`ontology/places`); `statesFile` defaults to `../actors/states.json`. */
export function readPlacesData(dir: string, statesFile = join(dir, "..", "actors", "states.json")): PlacesData {
  const countries = readEntries<CountryEntry>(join(dir, "countries.json"));
  const admin1 = readEntries<Admin1Entry>(join(dir, "admin1.json"));
  // Generated second-level areas (admin2.json, when present) come first: curated entries may add names to them.
  const admin2 = existsSync(join(dir, "admin2.json")) ? readEntries<CuratedPlace>(join(dir, "admin2.json")) : [];
  const curated = readEntries<Addition>(join(dir, "additions.json"));
  const ids = new Set(admin2.map((a) => a.id));
  for (const a of curated) if (ids.has(a.id)) throw new PlacesDataError(`additions.json: id "${a.id}" is also in admin2.json`);
  const additions: Addition[] = [...admin2, ...curated];
  for (const c of [...countries, ...admin1]) checkPoint(dir, c);
  for (const a of additions) {
    const file = ids.has(a.id) ? "admin2.json" : "additions.json";
    if ("same_as" in a) {
      if (!Array.isArray(a.aliases)) throw new PlacesDataError(`${file}: "${a.id}" needs "aliases"`);
    } else {
      if (typeof a.name !== "string") throw new PlacesDataError(`${file}: "${a.id}" needs "name" or "same_as"`);
      checkPoint(file, a);
    }
  }
  return {
    countries,
    admin1,
    additions,
    stopNames: readEntries<StopName>(join(dir, "stopnames.json")),
    cues: readEntries<CueEntry>(join(dir, "cues.json")),
    states: readStates(statesFile),
  };
}

/**
 * The actors engineer's states file, read leniently: it belongs to another part of the
 * knowledge base (validated there), and only its names matter here.
 */
function readStates(file: string): StateEntry[] {
  if (!existsSync(file)) return [];
  try {
    const entries = (JSON.parse(readFileSync(file, "utf8")) as Partial<DataFile<StateEntry>>).entries;
    return Array.isArray(entries) ? entries : [];
  } catch {
    return [];
  }
}
