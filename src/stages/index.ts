/**
 * The coder's stages, in order: tokenize, tag, actors, places, dates, patterns, code.
 * Every stage is built from the loaded knowledge; none does I/O.
 */
import type { Knowledge } from "../ontology/index.js";
import type { Stage } from "../pipeline/index.js";
import { tokenizeStage } from "./01-tokenize/index.js";
import { tagStage } from "./02-tag/index.js";
import { actorsStage } from "./03-actors/index.js";
import { placesStage } from "./04-places/index.js";
import { datesStage } from "./05-dates/index.js";
import { patternsStage } from "./06-patterns/index.js";
import { codeStage } from "./07-code/index.js";

/** The full pipeline's stages, built once from the loaded knowledge. */
export function buildStages(kb: Knowledge): Stage[] {
  return [
    tokenizeStage,
    tagStage(kb),
    actorsStage(kb.actors),
    placesStage(kb.places),
    datesStage(kb),
    patternsStage(kb.patterns),
    codeStage(kb.events, kb.patterns),
  ];
}
