/**
 * The coder's stages, in order: tokenize, tag, actors, places, dates, patterns, code.
 * Every stage is built from the loaded knowledge; none does I/O.
 */
import type { Knowledge } from "../ontology/index.js";
import type { Stage } from "../pipeline/index.js";
import { tokenizeStage } from "./01-tokenize/index.js";
import { tagStage } from "./02-tag/index.js";
import { placesStage } from "./04-places/index.js";
import { datesStage } from "./05-dates/index.js";
import { patternsStage } from "./06-patterns/index.js";
import { codeStage, type EventCatalog } from "./07-code/index.js";

/** Until the actors stage lands: no actor mentions (events still code, without actors). */
const noActors: Stage = { name: "actors", requires: ["tokens"], assigns: ["actors"], run: (doc) => void (doc.actors = []) };

export function buildStages(kb: Knowledge): Stage[] {
  const events = (kb as Knowledge & { events?: EventCatalog }).events ?? null;
  return [
    tokenizeStage,
    tagStage(kb),
    noActors,
    placesStage(kb.places),
    datesStage(kb),
    patternsStage(kb.patterns),
    codeStage(events, kb.patterns),
  ];
}
