/**
 * The lexicon: small word lists the tag and dates stages (and the patterns stage, for
 * counts) read, kept as data in `ontology/lexicon/`:
 * - `tag-fixes.json`: part-of-speech and lemma corrections for the light English model;
 * - `dates.json`: month and weekday names, relative date phrases, time units;
 * - `numbers.json`: number words, vague quantities and qualifiers ("more than").
 * This module only reads and checks the files; the stages build their indexes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** One part-of-speech / lemma correction (see ontology/schema/lexicon-tag-fixes.schema.json). */
export interface TagFix {
  id: string;
  example: string;
  words: string[];
  pos?: string;
  lemma?: string;
  lemmas?: Record<string, string>;
  fromPos?: string[];
  prevWords?: string[];
  nextWords?: string[];
  prevPos?: string[];
  notPrevPos?: string[];
  nextPos?: string[];
  capitalized?: boolean;
  sentenceInitial?: boolean;
}

export type DateUnit = "day" | "week" | "month" | "year" | "decade";
export type DateRelation = "since" | "until" | "before" | "after";

/** One entry of dates.json (see ontology/schema/lexicon-dates.schema.json). */
export type DateWord =
  | { id: string; kind: "month"; month: number; names: string[] }
  | { id: string; kind: "weekday"; weekday: number; names: string[] }
  | { id: string; kind: "relative-day"; offsetDays: number; phrases: string[][] }
  | { id: string; kind: "relative-period"; unit: DateUnit; offset: number; phrases: string[][] }
  | { id: string; kind: "unit"; unit: DateUnit; names: string[] }
  | { id: string; kind: "weekday-modifier"; direction: -1 | 1; names: string[] }
  | { id: string; kind: "relation"; relation: DateRelation; names: string[] }
  | { id: string; kind: "ago" | "daypart" | "year-context" | "month-context" | "clause-break" | "year-determiner"; names: string[] };

export type NumberQualifier = "min" | "max" | "approx";

/** One entry of numbers.json (see ontology/schema/lexicon-numbers.schema.json). */
export type NumberWord =
  | { id: string; kind: "unit" | "article" | "teen" | "tens" | "scale"; value: number; names: string[] }
  | { id: string; kind: "quantity" | "vague"; value: number; phrases: string[][] }
  | { id: string; kind: "qualifier"; qualifier: NumberQualifier; phrases: string[][] };

export interface Lexicon {
  readonly tagFixes: readonly TagFix[];
  readonly dates: readonly DateWord[];
  readonly numbers: readonly NumberWord[];
}

/** A lexicon file that does not have the documented shape. */
export class LexiconError extends Error {}

const DATE_KINDS = new Set([
  "month", "weekday", "relative-day", "relative-period", "unit", "weekday-modifier",
  "relation", "ago", "daypart", "year-context", "month-context", "clause-break", "year-determiner",
]);
const NUMBER_KINDS = new Set(["unit", "article", "teen", "tens", "scale", "quantity", "vague", "qualifier"]);

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === "string" && s.length > 0);
}

function isPhraseList(v: unknown): v is string[][] {
  return Array.isArray(v) && v.length > 0 && v.every(isStringArray);
}

function readEntries(file: string): Record<string, unknown>[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new LexiconError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const entries = (data as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) throw new LexiconError(`${file}: expected an object with an "entries" array`);
  const ids = new Set<string>();
  entries.forEach((e, k) => {
    const id = (e as { id?: unknown } | null)?.id;
    if (typeof id !== "string" || id.length === 0) throw new LexiconError(`${file}: entry ${k} has no "id"`);
    if (ids.has(id)) throw new LexiconError(`${file}: duplicate id "${id}"`);
    ids.add(id);
  });
  return entries as Record<string, unknown>[];
}

function check(ok: boolean, file: string, e: Record<string, unknown>, what: string): void {
  if (!ok) throw new LexiconError(`${file}: entry "${String(e.id)}": ${what}`);
}

function checkTagFix(file: string, e: Record<string, unknown>): TagFix {
  check(typeof e.example === "string", file, e, `needs an "example" sentence`);
  check(isStringArray(e.words), file, e, `"words" must be a non-empty list of strings`);
  check(e.pos !== undefined || e.lemma !== undefined || e.lemmas !== undefined, file, e, `sets neither "pos" nor a lemma`);
  return e as unknown as TagFix;
}

function checkDateWord(file: string, e: Record<string, unknown>): DateWord {
  check(DATE_KINDS.has(e.kind as string), file, e, `unknown kind "${String(e.kind)}"`);
  check(isStringArray(e.names) || isPhraseList(e.phrases), file, e, `needs "names" or "phrases"`);
  if (e.kind === "month") check(Number.isInteger(e.month) && (e.month as number) >= 1 && (e.month as number) <= 12, file, e, `"month" must be 1..12`);
  if (e.kind === "weekday") check(Number.isInteger(e.weekday) && (e.weekday as number) >= 0 && (e.weekday as number) <= 6, file, e, `"weekday" must be 0..6`);
  return e as unknown as DateWord;
}

function checkNumberWord(file: string, e: Record<string, unknown>): NumberWord {
  check(NUMBER_KINDS.has(e.kind as string), file, e, `unknown kind "${String(e.kind)}"`);
  check(isStringArray(e.names) || isPhraseList(e.phrases), file, e, `needs "names" or "phrases"`);
  if (e.kind !== "qualifier") check(typeof e.value === "number" && (e.value as number) >= 0, file, e, `"value" must be a number >= 0`);
  return e as unknown as NumberWord;
}

/** Read and check `<ontologyDir>/lexicon/{tag-fixes,dates,numbers}.json`. Throws `LexiconError` on a bad file. */
export function loadLexicon(ontologyDir: string): Lexicon {
  const read = <T>(name: string, checkEntry: (file: string, e: Record<string, unknown>) => T): T[] => {
    const file = join(ontologyDir, "lexicon", name);
    return readEntries(file).map((e) => checkEntry(file, e));
  };
  return {
    tagFixes: read("tag-fixes.json", checkTagFix),
    dates: read("dates.json", checkDateWord),
    numbers: read("numbers.json", checkNumberWord),
  };
}
