/**
 * The coder's stages, in order: tokenize, tag, actors, places, dates, patterns, code.
 * Every stage is built from the loaded knowledge; none does I/O.
 */
import type { Knowledge } from "../ontology/index.js";
import type { Stage } from "../pipeline/index.js";
import { tokenizeStage } from "./01-tokenize/index.js";
import { tagStage } from "./02-tag/index.js";
import { datesStage } from "./05-dates/index.js";

export function buildStages(kb: Knowledge): Stage[] {
  return [tokenizeStage, tagStage(kb), datesStage(kb)];
}
