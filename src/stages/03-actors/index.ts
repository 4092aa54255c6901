/**
 * Stage 03 — actors: named actors, states, generic agents with their nationality,
 * capital metonyms, coreferring pronouns and unknown organisation names, as
 * `ActorMention`s carrying every dated role (the code stage picks the one valid on the
 * event date with `roleAt`).
 */
import type { Doc } from "../../doc/index.js";
import type { ActorKB } from "../../ontology/actors/index.js";
import type { Stage } from "../../pipeline/index.js";
import { findActors } from "./find.js";

export { findActors } from "./find.js";
export { newActorsReport, type NewActor } from "./report.js";

/** The actors stage over a loaded actor knowledge base. */
export function actorsStage(kb: ActorKB): Stage {
  return {
    name: "actors",
    requires: ["tokens", "sentences"],
    assigns: ["actors"],
    run(doc: Doc) {
      doc.actors = findActors(doc, kb);
    },
  };
}
