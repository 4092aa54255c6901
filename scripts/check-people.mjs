#!/usr/bin/env node
// Checks the people files in ontology/actors/people/: file shape, unique ids across files,
// no alias shared by two people (unless both are marked "ambiguous"), no single-word alias that is also a name word of another person,
// valid and ordered role dates, role codes of the CAMEO form. Usage: node scripts/check-people.mjs [dir]
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? new URL("../ontology/actors/people/", import.meta.url).pathname;
const CODE = /^[A-Z]{3}[A-Z]{3}([A-Z]{3})?$/;
const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const ID = /^person:[a-z0-9]+(-[a-z0-9]+)*$/;
const today = new Date().toISOString().slice(0, 10);
const errors = [];
const fail = (where, msg) => errors.push(`${where}: ${msg}`);
const norm = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
/** Compares two partial dates on their common precision: -1, 0 or 1. */
const cmp = (a, b) => {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) < b.slice(0, n) ? -1 : a.slice(0, n) > b.slice(0, n) ? 1 : 0;
};

const statesFile = path.join(dir, "..", "states.json");
const iso3 = fs.existsSync(statesFile) ? new Set(JSON.parse(fs.readFileSync(statesFile, "utf8")).entries.map((s) => s.iso3)) : null;
const ids = new Map();
const aliasOwner = new Map();
const nameWords = new Map();
const singles = [];
const counts = {};
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  } catch (e) {
    fail(file, `not JSON: ${e.message}`);
    continue;
  }
  if (doc.$schema !== "../../schema/actors.schema.json" || typeof doc.version !== "string" || !Array.isArray(doc.entries)) {
    fail(file, "needs $schema, version and entries");
    continue;
  }
  counts[file] = doc.entries.length;
  for (const e of doc.entries) {
    const at = `${file} ${e.id}`;
    if (!ID.test(e.id ?? "")) fail(at, "bad id");
    if (ids.has(e.id)) fail(at, `duplicate id (also in ${ids.get(e.id)})`);
    ids.set(e.id, file);
    if (e.ambiguous && !e.disambiguation) fail(at, "ambiguous without disambiguation");
    if (e.kind !== "person" || typeof e.name !== "string" || !Array.isArray(e.aliases) || !Array.isArray(e.roles) || e.roles.length === 0) {
      fail(at, "needs kind person, name, aliases, roles");
      continue;
    }
    if (e.country !== null && !/^[A-Z]{3}$/.test(e.country)) fail(at, "bad country");
    if (!e.aliases.includes(e.name)) fail(at, "name missing from aliases");
    for (const w of norm(e.name).split(" ")) {
      if (!nameWords.has(w)) nameWords.set(w, new Set());
      nameWords.get(w).add(e.id);
    }
    for (const a of e.aliases) {
      const k = norm(a);
      const owner = aliasOwner.get(k);
      if (owner && owner.id !== e.id && !(owner.ambiguous && e.ambiguous)) fail(at, `alias "${a}" also belongs to ${owner.id}`);
      aliasOwner.set(k, { id: e.id, ambiguous: e.ambiguous === true });
      if (!k.includes(" ")) singles.push([k, e.id, at]);
    }
    if (!e.roles.some((r) => r.end === null || r.end >= "2001")) fail(at, "no role held since 2001");
    let prev = null;
    for (const r of e.roles) {
      const rat = `${at} ${r.title}`;
      if (!CODE.test(r.code ?? "")) fail(rat, `bad code ${r.code}`);
      if (typeof r.title !== "string" || !r.title) fail(rat, "no title");
      if (!DATE.test(r.start ?? "")) fail(rat, `bad start ${r.start}`);
      if (r.end !== null && !DATE.test(r.end ?? "")) fail(rat, `bad end ${r.end}`);
      if (r.end && r.start && cmp(r.start, r.end) > 0) fail(rat, `start ${r.start} after end ${r.end}`);
      if (r.end && r.end > today) fail(rat, `end ${r.end} in the future`);
      if (!r.code.startsWith("IGO") && !r.code.startsWith("IMG") && r.country !== r.code.slice(0, 3)) fail(rat, "country differs from code");
      if (iso3 && r.country !== null && !iso3.has(r.country)) fail(rat, `unknown country ${r.country}`);
      if (prev && cmp(prev, r.start) > 0) fail(rat, "roles not sorted by start");
      prev = r.start;
    }
  }
}
for (const [k, id, at] of singles) {
  const others = [...(nameWords.get(k) ?? [])].filter((o) => o !== id);
  if (others.length) fail(at, `single-word alias "${k}" is also a name word of ${others.slice(0, 3).join(", ")}`);
}
for (const [f, n] of Object.entries(counts)) console.log(`${f.padEnd(26)} ${n}`);
console.log(`${"total".padEnd(26)} ${ids.size}`);
for (const e of errors) console.error(e);
if (errors.length) {
  console.error(`${errors.length} problem(s)`);
  process.exit(1);
}
