/**
 * The knowledge the coder runs on, loaded once per process from `ontology/`
 * (or, for actors/agents/verbs, from PETRARCH/TABARI dictionaries a user brings).
 * Each part lives in its own module; this file only assembles them.
 */
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { loadLexicon, type Lexicon } from "./lexicon.js";
import { loadEventOntology, type EventOntology } from "./events.js";
import { loadPatterns, type PatternKnowledge } from "./patterns.js";
import { loadGazetteer, type Gazetteer } from "./places/index.js";
import { loadActorKB, type ActorKB } from "./actors/index.js";
import { loadDictionaries, type PetrarchKnowledge } from "./petrarch/index.js";
import { loadDiscourse, type DiscourseKnowledge } from "./discourse.js";

/** Absolute path of the repository's `ontology/` data folder. */
export const ONTOLOGY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "ontology");

export interface KnowledgeOptions {
  /** Folder with PETRARCH/TABARI-format actor, agent, verb and discard dictionaries, used in place of the built-in ones. */
  dictionaries?: string | null;
  /** Override the ontology folder (tests). */
  ontologyDir?: string;
  /** A local knowledge-base additions file (named actors) merged over ontology/actors (see actors/additions.ts). */
  kbAdditions?: string | null;
  /** Quad-class convention (an id of ontology/quad/conventions.json); default: the file's default ("gdelt"). */
  quadConvention?: string;
}

export interface Knowledge {
  readonly ontologyDir: string;
  readonly options: KnowledgeOptions;
  /** Tag fixes, date words and number words (ontology/lexicon/). */
  readonly lexicon: Lexicon;
  /** CAMEO codebook with Goldstein, quad class, PLOVER and ACLED equivalents (ontology/cameo, plover, acled, quad). */
  readonly events: EventOntology;
  /** Event patterns and their modality / fatality / support-verb cues (ontology/patterns/). */
  readonly patterns: PatternKnowledge;
  /** Place names to places (ontology/places/ + GeoNames cities); loads on first look-up. */
  readonly places: Gazetteer;
  /** Named actors, states, agent words and people (ontology/actors/). */
  readonly actors: ActorKB;
  /** PETRARCH/TABARI dictionaries from `options.dictionaries` (null: the built-in knowledge codes). */
  readonly dictionaries: PetrarchKnowledge | null;
  /** Cross-sentence cues: claims, attributions, anaphoric event nouns, datelines (ontology/patterns/discourse.json). */
  readonly discourse: DiscourseKnowledge;
}

export function loadKnowledge(opts: KnowledgeOptions = {}): Knowledge {
  const ontologyDir = opts.ontologyDir ?? ONTOLOGY_DIR;
  return { ontologyDir, options: opts, lexicon: loadLexicon(ontologyDir), events: loadEventOntology(ontologyDir, { quadConvention: opts.quadConvention }), patterns: loadPatterns(ontologyDir), places: loadGazetteer(resolve(ontologyDir, "places")), actors: loadActorKB(resolve(ontologyDir, "actors"), { additions: opts.kbAdditions ?? null }), dictionaries: opts.dictionaries ? loadDictionaries(opts.dictionaries) : null, discourse: loadDiscourse(ontologyDir) };
}
