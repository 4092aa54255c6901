#!/usr/bin/env -S npx tsx
/**
 * Geocoding benchmark: for each record of the gold files with coordinates, run the coder's
 * stages up to places, take the mention a code stage would choose (the first locative
 * mention, else the first mention) and compare it with the gold point.
 *
 * Prints, per file: records, share with a place, share within 25 km (of all records and of
 * those with a place), median error in km, and the time spent in the places stage. For the
 * GTD Afghanistan file, which has region names but no coordinates, it prints the share of
 * records whose chosen place lies in the gold first-level region (provstate).
 *
 * Run: npx tsx scripts/eval-geo.mjs [DEV_DIR]   (default /work/shared/dev)
 * Only aggregate figures are printed: the gold texts stay where they are.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { newDoc } from "../src/doc/index.js";
import { loadKnowledge, ONTOLOGY_DIR } from "../src/ontology/index.js";
import { buildStages } from "../src/stages/index.js";
import { tokenizeStage } from "../src/stages/01-tokenize/index.js";
import { findPlaces, locativeCue } from "../src/stages/04-places/index.js";
import { distanceKm, loadGazetteer, placeKey } from "../src/ontology/places/index.js";

const DEV = process.argv[2] ?? "/work/shared/dev";
const FILES = [
  { file: "gtd_usa_2013_2016_geo.jsonl", lat: "latitude", lon: "longitude" },
  { file: "acled_nigeria_2014_2016_notes.jsonl", lat: "latitude", lon: "longitude" },
];
const BEFORE_PLACES = new Set(["tokenize", "tag", "actors"]);

// The stages before places (tag, actors) when the rest of the knowledge loads; else tokens only.
let stages = [tokenizeStage];
let gazetteer = loadGazetteer(join(ONTOLOGY_DIR, "places"));
try {
  const kb = loadKnowledge();
  stages = buildStages(kb).filter((s) => BEFORE_PLACES.has(s.name));
  gazetteer = kb.places;
} catch (err) {
  console.warn(`knowledge did not load (${err instanceof Error ? err.message : err}); running on tokens only`);
}
console.log(`stages before places: ${stages.map((s) => s.name).join(", ")}`);
const t0 = performance.now();
gazetteer.load();
console.log(`gazetteer: ${JSON.stringify(gazetteer.stats())}, ${Math.round(performance.now() - t0)} ms`);

for (const { file, lat, lon } of FILES) {
  const lines = readFileSync(join(DEV, file), "utf8").split("\n").filter((l) => l.trim());
  let n = 0;
  let found = 0;
  let within = 0;
  let ms = 0;
  let bytes = 0;
  const errors = [];
  const byPrecision = new Map();
  for (const line of lines) {
    const rec = JSON.parse(line);
    const g = rec.gold ?? {};
    if (typeof g[lat] !== "number" || typeof g[lon] !== "number") continue;
    n++;
    bytes += Buffer.byteLength(rec.text);
    const doc = newDoc({ id: rec.id, text: rec.text, date: rec.date ?? g.event_date ?? null });
    for (const s of stages) s.run(doc);
    const t = performance.now();
    const places = findPlaces(doc, gazetteer);
    ms += performance.now() - t;
    const best = places.find((p) => locativeCue(doc, p)) ?? places[0];
    if (!best || best.location.lat === null || best.location.lon === null) continue;
    found++;
    const d = distanceKm({ lat: best.location.lat, lon: best.location.lon }, { lat: g[lat], lon: g[lon] });
    errors.push(d);
    if (d <= 25) within++;
    const p = best.location.precision;
    const b = byPrecision.get(p) ?? { n: 0, ok: 0 };
    b.n++;
    if (d <= 25) b.ok++;
    byPrecision.set(p, b);
  }
  errors.sort((a, b) => a - b);
  const median = errors.length ? errors[Math.floor(errors.length / 2)] : NaN;
  const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : "n/a");
  console.log(`\n${file}: ${n} records with gold coordinates`);
  console.log(`  with a place: ${found} (${pct(found, n)}%)`);
  console.log(`  within 25 km: ${within} = ${pct(within, n)}% of all, ${pct(within, found)}% of placed`);
  console.log(`  median error (placed): ${median.toFixed(1)} km`);
  console.log(`  by precision: ${[...byPrecision].map(([p, b]) => `${p} ${b.ok}/${b.n}`).join(", ")}`);
  console.log(`  places stage: ${ms.toFixed(0)} ms (${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s of text, one cold pass over short records)`);
}

// ---- region agreement on GTD Afghanistan (+ other A–C countries) ------------------------
{
  const file = "gtd_2016_2018_afghanistan_plus.jsonl";
  const regionOf = (name, iso3) => {
    if (!name || !iso3) return null;
    const c = gazetteer.lookup(name, { countries: [iso3] }).find((x) => x.place.kind === "admin1" && x.place.country === iso3);
    return c ? c.place.id : placeKey(name);
  };
  let n = 0;
  let found = 0;
  let same = 0;
  for (const line of readFileSync(join(DEV, file), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const rec = JSON.parse(line);
    const g = rec.gold ?? {};
    const iso3 = g.country ? gazetteer.lookup(g.country).find((c) => c.place.precision === "country")?.place.country : null;
    if (!g.provstate || !iso3) continue;
    n++;
    const doc = newDoc({ id: rec.id, text: rec.text, date: g.event_date ?? null });
    for (const s of stages) s.run(doc);
    const places = findPlaces(doc, gazetteer).filter((p) => p.location.precision !== "country");
    const best = places.find((p) => locativeCue(doc, p)) ?? places[0];
    if (!best) continue;
    found++;
    const mine = regionOf(best.location.admin1, best.location.country);
    if (mine === regionOf(g.provstate, iso3)) same++;
  }
  const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : "n/a");
  console.log(`\n${file}: ${n} records with a gold region`);
  console.log(`  with a sub-national place: ${found} (${pct(found, n)}%)`);
  console.log(`  in the gold region: ${same} = ${pct(same, n)}% of all, ${pct(same, found)}% of placed`);
}
