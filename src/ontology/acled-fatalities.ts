/**
 * ACLED's convention for vague fatality counts (ontology/acled/fatality-conventions.json):
 * "dozens" is coded 12, "hundreds" 100, an unstated plural ("several", "many") 10. The
 * event record keeps what the text states (`killed: null`, `killed_vague: "dozens"`);
 * only layers that speak ACLED's terms (the ACLED-style export, the ACLED scorer) apply this.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Fatalities } from "../doc/index.js";

export const ACLED_FATALITY_FILE = "acled/fatality-conventions.json";

/** Vague word -> the number ACLED codes for it. */
export type AcledFatalityConventions = ReadonlyMap<string, number>;

/** A missing or malformed conventions file. */
export class AcledConventionError extends Error {}

/** The conventions file parsed, with its path for messages; a clear error when it is missing or not JSON. */
function readConventionsFile(ontologyDir: string): { file: string; raw: unknown } {
  const file = join(ontologyDir, ACLED_FATALITY_FILE);
  try {
    return { file, raw: JSON.parse(readFileSync(file, "utf8")) };
  } catch (err) {
    throw new AcledConventionError(`${file}: cannot read ACLED fatality conventions: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Reads the conventions from an ontology folder; a clear error when the file is missing or malformed. */
export function loadAcledFatalityConventions(ontologyDir: string): AcledFatalityConventions {
  const { file, raw } = readConventionsFile(ontologyDir);
  const entries = (raw as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) throw new AcledConventionError(`${file}: "entries" must be an array`);
  const out = new Map<string, number>();
  entries.forEach((e: unknown, k) => {
    const { words, value } = (e ?? {}) as { words?: unknown; value?: unknown };
    if (!Array.isArray(words) || typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new AcledConventionError(`${file}: entry ${k} needs "words" (strings) and a whole "value" >= 0`);
    for (const w of words) {
      if (typeof w !== "string") throw new AcledConventionError(`${file}: entry ${k}: words must be strings`);
      out.set(w.toLowerCase(), value);
    }
  });
  return out;
}

/** ACLED sub-event type -> the fatality figure its row carries by ACLED's definitions ("Peaceful protest" -> 0). */
export type AcledRowFatalities = ReadonlyMap<string, number>;

/** Reads the conventions file's `row_rules` (none: an empty map); a clear error when they are malformed. */
export function loadAcledRowFatalities(ontologyDir: string): AcledRowFatalities {
  const { file, raw } = readConventionsFile(ontologyDir);
  const rules = (raw as { row_rules?: unknown }).row_rules ?? [];
  if (!Array.isArray(rules)) throw new AcledConventionError(`${file}: "row_rules" must be an array`);
  const out = new Map<string, number>();
  rules.forEach((r: unknown, k) => {
    const { sub_event_types: types, value } = (r ?? {}) as { sub_event_types?: unknown; value?: unknown };
    if (!Array.isArray(types) || typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new AcledConventionError(`${file}: row rule ${k} needs "sub_event_types" (strings) and a whole "value" >= 0`);
    for (const t of types) {
      if (typeof t !== "string") throw new AcledConventionError(`${file}: row rule ${k}: sub_event_types must be strings`);
      out.set(t, value);
    }
  });
  return out;
}

/**
 * The killed count in ACLED's terms: the stated count; else the convention's number for
 * the vague word the text used; else null (no count stated, or a vague word ACLED gives no value).
 */
export function acledKilled(f: Fatalities | null | undefined, conventions: AcledFatalityConventions): number | null {
  if (!f) return null;
  if (f.killed !== null) return f.killed;
  return f.killed_vague ? (conventions.get(f.killed_vague) ?? null) : null;
}
