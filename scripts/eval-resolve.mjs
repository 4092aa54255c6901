#!/usr/bin/env node
/**
 * Measure `faultline resolve` on the NGEC actor-resolution expectations:
 *   npx tsx scripts/eval-resolve.mjs [FILE] [--misses]
 * FILE defaults to /work/shared/dev/ngec_actor_resolution_tests.jsonl. Prints the share of
 * phrases with the right country and the right sector (where the gold gives one).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ONTOLOGY_DIR } from "../src/ontology/index.ts";
import { loadActorKB, scoreResolution } from "../src/ontology/actors/index.ts";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--")) ?? "/work/shared/dev/ngec_actor_resolution_tests.jsonl";
const cases = readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const kb = loadActorKB(join(ONTOLOGY_DIR, "actors"));
const s = scoreResolution(kb, cases);
const pct = (x) => (x.total ? ((100 * x.right) / x.total).toFixed(1) : "n/a");
console.log(`country right: ${s.country.right}/${s.country.total} = ${pct(s.country)}%`);
console.log(`sector right:  ${s.sector.right}/${s.sector.total} = ${pct(s.sector)}%`);
if (args.includes("--misses")) for (const m of s.misses) console.log(`  ${m.field} ${JSON.stringify(m.text)} expected ${m.expected} got ${m.got}`);
