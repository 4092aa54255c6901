/**
 * Stage 06b — discourse: rules across sentences over the patterns stage's
 * candidates, in this order (see each module):
 *
 * 1. anaphora.ts — "the attack" in a later sentence is merged into the earlier
 *    violent event it refers to instead of becoming a new one;
 * 2. attribution.ts — a claim of responsibility or an attribution by others names
 *    the perpetrator of its incident's violent events that lack a named source
 *    (`attribution`: "claimed" | "alleged", confidence × 0.95 / × 0.9);
 * 3. sole-group.ts — a violent event whose source is an unnamed armed agent ("the
 *    guerrillas") takes the document's only named rebel or insurgent group;
 * 4. dateline.ts — a dateline's date and place are the defaults of events that
 *    state none.
 *
 * Cues and formats are data: ontology/patterns/discourse.json.
 */
import type { Doc } from "../../doc/index.js";
import type { DiscourseKnowledge } from "../../ontology/discourse.js";
import type { Stage } from "../../pipeline/index.js";
import { mergeAnaphors } from "./anaphora.js";
import { applyAttributions, findAttributions } from "./attribution.js";
import { applyDateline, findDateline } from "./dateline.js";
import { happened, isViolentCode, paragraphs, replaceableSource } from "./incident.js";
import { applySoleGroup } from "./sole-group.js";

/** Apply the discourse rules to a document whose candidates the patterns stage filled. */
export function applyDiscourse(kb: DiscourseKnowledge, doc: Doc): void {
  if (doc.candidates.length === 0) return;
  const paragraph = paragraphs(doc);
  doc.candidates = mergeAnaphors(kb, doc, paragraph);
  // An attribution changes only a violent candidate that took place and has no named source: in
  // a document without one (half of the real texts of the dev sets) its cues are not looked for
  // (a scan of every token).
  if (doc.candidates.some((c) => isViolentCode(kb, c.cameo) && happened(c) && replaceableSource(kb, c))) applyAttributions(kb, doc, findAttributions(kb, doc), paragraph);
  applySoleGroup(kb, doc);
  const dateline = findDateline(kb, doc);
  if (dateline) applyDateline(dateline, doc.candidates);
}

/** Build the discourse stage from the loaded discourse cues. */
export function discourseStage(kb: DiscourseKnowledge): Stage {
  return {
    name: "discourse",
    requires: ["tokens", "sentences", "actors", "places", "dates", "candidates"],
    assigns: ["candidates"],
    run(doc: Doc) {
      applyDiscourse(kb, doc);
    },
  };
}

export { findAttributions, type Attribution } from "./attribution.js";
export { findDateline, type Dateline } from "./dateline.js";
