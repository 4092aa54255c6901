/**
 * The coder's stages, in order: tokenize, tag, actors, places, dates, patterns, discourse, code.
 * Every stage is built from the loaded knowledge; none does I/O. With PETRARCH/TABARI
 * dictionaries loaded (`kb.dictionaries`), 06-dictionary's actors and patterns stages
 * replace the built-in 03-actors and 06-patterns.
 */
import type { Knowledge } from "../ontology/index.js";
import type { Stage } from "../pipeline/index.js";
import { tokenizeStage } from "./01-tokenize/index.js";
import { tagStage } from "./02-tag/index.js";
import { actorsStage } from "./03-actors/index.js";
import { placesStage } from "./04-places/index.js";
import { datesStage } from "./05-dates/index.js";
import { patternsStage } from "./06-patterns/index.js";
import { discourseStage } from "./06b-discourse/index.js";
import { codeStage } from "./07-code/index.js";
import { dictionaryActorsStage, dictionaryPatternsStage } from "./06-dictionary/index.js";

/** The full pipeline's stages, built once from the loaded knowledge. */
export function buildStages(kb: Knowledge): Stage[] {
  return [
    tokenizeStage,
    tagStage(kb),
    kb.dictionaries ? dictionaryActorsStage(kb.dictionaries) : actorsStage(kb.actors),
    placesStage(kb.places),
    datesStage(kb),
    kb.dictionaries ? dictionaryPatternsStage(kb.dictionaries) : patternsStage(kb.patterns),
    discourseStage(kb.discourse),
    codeStage(kb.events, kb.patterns),
  ];
}
