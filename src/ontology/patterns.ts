/**
 * Loader for the event patterns and their cue lexicons (`ontology/patterns/`).
 *
 * Pattern files (`$schema` patterns.schema.json) hold event patterns; cue files
 * (`$schema` patterns-cues.schema.json: modality.json, fatalities.json, support.json,
 * targets.json) hold modality cues, casualty and number words, support verbs and
 * enumeration cues, and the sectors of unarmed actors. Everything is
 * validated against its JSON Schema (unless these exact texts already passed, see
 * `validMarker`) and indexed once, at load time: patterns by trigger lemma, cues by
 * their first word.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import AjvModule from "ajv";
import type { Modality } from "../doc/index.js";
import { defaultCacheDir } from "./cache-dir.js";

/** A word-window constraint around a trigger. */
export interface PatternContext {
  lemmas: string[];
  before?: number;
  after?: number;
}

/** Where an argument is read from (see patterns.schema.json). */
export type Slot = "subject" | "object" | "poss" | "comp" | `pp:${string}`;

export interface Pattern {
  id: string;
  cameo: string;
  trigger: {
    lemmas: string[];
    pos: "VERB" | "NOUN" | "ADJ";
    next?: string[];
    with?: PatternContext;
    without?: PatternContext;
  };
  frame?: { source?: Slot[]; target?: Slot[] };
  embeds?: { modality: Exclude<Modality, "asserted">; source?: "subject" | "object" };
  casualty?: boolean;
  /** "X and Y met": with several sources and no target, the first acts on the others. */
  symmetric?: boolean;
  /** A bare speech verb: coded only when no other pattern fires in the sentence. */
  fallback?: boolean;
  acled?: { event_type: string; sub_event_type: string };
  plover_mode?: string;
  example: string;
  note?: string;
  /** File the pattern came from (set by the loader). */
  file?: string;
  /** How constrained the pattern is (set by the loader); the most specific match wins. */
  specificity?: number;
}

export type CueKind =
  | "negated"
  | "hypothetical"
  | "future"
  | "alleged"
  | "killed"
  | "injured"
  | "number"
  | "vague-number"
  | "support-verb"
  | "enumeration"
  | "civilian-sector"
  | "state-sector"
  | "crowd-sector"
  | "armed-modifier"
  | "accident"
  | "no-casualty"
  | "casualty-addition"
  | "casualty-report"
  | "victim-pronoun"
  | "victim-reflexive"
  | "count-range"
  | "collective-noun"
  | "casualty-averted"
  | "tally-addition"
  | "tally-conflict"
  | "tally-revision";

export interface Cue {
  id: string;
  kind: CueKind;
  words: string[];
  scope?: "group" | "clause";
  value?: number;
  note?: string;
}

/** A cue phrase ready for matching: its words, split. */
export interface CuePhrase {
  cue: Cue;
  words: string[];
}

export interface PatternKnowledge {
  readonly patterns: readonly Pattern[];
  /** Patterns by trigger lemma, most specific first. */
  readonly byLemma: ReadonlyMap<string, readonly Pattern[]>;
  /** Modality and casualty cue phrases by their first word. */
  readonly cuesByFirst: ReadonlyMap<string, readonly CuePhrase[]>;
  /** Number words and their values. */
  readonly numbers: ReadonlyMap<string, number>;
  /** Support verbs (lemmas). */
  readonly supportVerbs: ReadonlySet<string>;
  /** Sectors of unarmed actors (upper-case CAMEO codes: CVL, REF, ...). */
  readonly civilianSectors: ReadonlySet<string>;
  /** Sectors of state forces and authorities (upper-case CAMEO codes: GOV, MIL, COP, ...). */
  readonly stateSectors: ReadonlySet<string>;
  /** Sectors of unarmed groups that act as crowds (civilians, students, party supporters ...): their fights with each other are riots. */
  readonly crowdSectors: ReadonlySet<string>;
  /** Words that arm the group they qualify ("armed youths" are no crowd): lower-case single words. */
  readonly armedModifiers: ReadonlySet<string>;
}

/** A pattern or cue file that is not valid JSON, breaks its schema, or repeats an id. */
export class PatternDataError extends Error {}

interface DataFile<T> {
  $schema: string;
  version: string;
  entries: T[];
}

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

function compile(schemaText: string): Validator {
  const Ajv = (AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ajv = new (Ajv as any)({ allErrors: true, strict: false });
  return ajv.compile(JSON.parse(schemaText) as object) as Validator;
}

/** Specificity: 1 per constraint beyond the trigger lemma (particle, context, exclusion). */
function specificity(p: Pattern): number {
  return 1 + (p.trigger.next ? 1 : 0) + (p.trigger.with ? 2 : 0) + (p.trigger.without ? 0.5 : 0);
}

/**
 * A pattern with every field of `Pattern` present, in one order (absent ones undefined), and
 * its trigger likewise. Patterns read from JSON have as many shapes as there are combinations
 * of optional fields, and the stages read pattern fields for every trigger and reading, where a
 * property load over that many shapes is a slow (megamorphic) one. Values are the file's.
 */
function uniform(p: Pattern, file: string): Pattern {
  const t = p.trigger;
  return {
    id: p.id,
    cameo: p.cameo,
    trigger: { lemmas: t.lemmas, pos: t.pos, next: t.next, with: t.with, without: t.without },
    frame: p.frame,
    embeds: p.embeds,
    casualty: p.casualty,
    symmetric: p.symmetric,
    fallback: p.fallback,
    acled: p.acled,
    plover_mode: p.plover_mode,
    example: p.example,
    note: p.note,
    file,
    specificity: specificity(p),
  };
}

export interface LoadPatternsOptions {
  /**
   * Where a marker is kept for pattern and cue files already found valid against their
   * schemas (default: the package's node_modules/.cache/faultline), or false for none.
   */
  cacheDir?: string | false;
}

/**
 * The marker file saying that these exact schema and data texts passed their schemas.
 * Compiling the two schemas with ajv took about 100 ms of every start (most of the pattern
 * loading, and about a tenth of a one-sentence `faultline code` run); files already found
 * valid, byte for byte, with these schemas need not be checked again. The JSON, ids and
 * duplicates are still checked at every load.
 */
function validMarker(cacheDir: string, schemas: readonly string[], files: readonly [string, string][]): string {
  const h = createHash("sha1");
  for (const s of schemas) h.update(s).update("\0");
  for (const [name, text] of files) h.update(name).update("\0").update(text).update("\0");
  return join(cacheDir, `patterns-valid-${h.digest("hex").slice(0, 20)}`);
}

/**
 * Load and index the pattern and cue files of `<ontology>/patterns` (files naming another
 * `$schema` are skipped). Throws PatternDataError on invalid data.
 */
export function loadPatterns(ontologyDir: string, opts: LoadPatternsOptions = {}): PatternKnowledge {
  const dir = join(ontologyDir, "patterns");
  const schemaDir = join(ontologyDir, "schema");
  const schemaNames = ["patterns.schema.json", "patterns-cues.schema.json"];
  const schemaTexts = schemaNames.map((n) => readFileSync(join(schemaDir, n), "utf8"));
  const files = readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()
    .map((f): [string, string] => [f, readFileSync(join(dir, f), "utf8")]);
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const marker = cacheDir === false ? null : validMarker(cacheDir, schemaTexts, files);
  const trusted = marker !== null && existsSync(marker);
  let checkers: [Validator, Validator] | null = null;
  const patterns: Pattern[] = [];
  const cues: Cue[] = [];
  const ids = new Set<string>();
  for (const [f, text] of files) {
    let data: DataFile<Pattern | Cue>;
    try {
      data = JSON.parse(text) as DataFile<Pattern | Cue>;
    } catch (err) {
      throw new PatternDataError(`ontology/patterns/${f}: not valid JSON (${(err as Error).message})`);
    }
    const schema = typeof data.$schema === "string" ? data.$schema : "";
    const isCues = schema.endsWith("/patterns-cues.schema.json");
    // Files of other schemas in this folder (discourse cues) belong to their own loaders.
    if (schema && !isCues && !schema.endsWith("/patterns.schema.json")) continue;
    if (!trusted) {
      checkers ??= [compile(schemaTexts[0]), compile(schemaTexts[1])];
      const check = isCues ? checkers[1] : checkers[0];
      if (!check(data)) {
        const e = (check.errors ?? []).slice(0, 3).map((x) => `${x.instancePath} ${x.message ?? ""}`);
        throw new PatternDataError(`ontology/patterns/${f}: ${e.join("; ")}`);
      }
    }
    for (const entry of data.entries) {
      if (ids.has(entry.id)) throw new PatternDataError(`ontology/patterns/${f}: duplicate id "${entry.id}"`);
      ids.add(entry.id);
      if (isCues) cues.push(entry as Cue);
      else patterns.push(uniform(entry as Pattern, f));
    }
  }
  if (marker !== null && !trusted) {
    try {
      mkdirSync(cacheDir as string, { recursive: true });
      writeFileSync(marker, "");
    } catch {
      // A read-only cache folder: the files are checked again next time.
    }
  }
  return indexPatterns(patterns, cues);
}

/** Build the look-up indexes over already loaded patterns and cues. */
export function indexPatterns(patterns: Pattern[], cues: Cue[]): PatternKnowledge {
  const byLemma = new Map<string, Pattern[]>();
  for (const p of patterns) {
    p.specificity ??= specificity(p);
    for (const l of p.trigger.lemmas) {
      const list = byLemma.get(l) ?? [];
      list.push(p);
      byLemma.set(l, list);
    }
  }
  for (const list of byLemma.values()) list.sort((a, b) => (b.specificity ?? 1) - (a.specificity ?? 1));
  const cuesByFirst = new Map<string, CuePhrase[]>();
  const numbers = new Map<string, number>();
  const supportVerbs = new Set<string>();
  const civilianSectors = new Set<string>();
  const stateSectors = new Set<string>();
  const crowdSectors = new Set<string>();
  const armedModifiers = new Set<string>();
  for (const c of cues) {
    for (const w of c.words) {
      if (c.kind === "civilian-sector") civilianSectors.add(w.toUpperCase());
      if (c.kind === "state-sector") stateSectors.add(w.toUpperCase());
      if (c.kind === "crowd-sector") crowdSectors.add(w.toUpperCase());
      if (c.kind === "armed-modifier") armedModifiers.add(w);
      if (c.kind === "number" && c.value !== undefined) numbers.set(w, c.value);
      if (c.kind === "support-verb") supportVerbs.add(w);
      const words = w.split(" ");
      const list = cuesByFirst.get(words[0]) ?? [];
      list.push({ cue: c, words });
      cuesByFirst.set(words[0], list);
    }
  }
  // Longer phrases first, so "plan to" is tried before a bare first word.
  for (const list of cuesByFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { patterns, byLemma, cuesByFirst, numbers, supportVerbs, civilianSectors, stateSectors, crowdSectors, armedModifiers };
}
