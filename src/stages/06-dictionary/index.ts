/**
 * Stage 06 — dictionary: PETRARCH / TABARI-style coding driven by dictionaries a user
 * brings (`faultline code --dictionaries DIR`). Two stages replace the built-in
 * 03-actors and 06-patterns: `dictionaryActorsStage` finds actors with the actor and
 * agent dictionaries; `dictionaryPatternsStage` codes events with the verb dictionary's
 * patterns and honours discards. Rule ids are `petrarch:<VERB>:<line>`.
 */
import type { Doc } from "../../doc/index.js";
import type { PetrarchKnowledge } from "../../ontology/petrarch/index.js";
import type { Stage } from "../../pipeline/index.js";
import { findDictionaryActors } from "./actors.js";
import { codeSentence } from "./code.js";
import { mentionsByStart, sentenceItems } from "./items.js";
import { documentWords, texts, type Word } from "./words.js";

export { findDictionaryActors, compose } from "./actors.js";

/** The actors stage over PETRARCH actor and agent dictionaries. */
export function dictionaryActorsStage(pk: PetrarchKnowledge): Stage {
  return {
    name: "actors",
    requires: ["tokens", "sentences"],
    assigns: ["actors"],
    run(doc: Doc) {
      doc.actors = findDictionaryActors(doc, pk);
    },
  };
}

/** The discard found in a sentence's words ("story": the whole text is not coded), or null. */
function discardIn(words: readonly Word[], pk: PetrarchKnowledge): "sentence" | "story" | null {
  const keys = texts(words);
  let found: "sentence" | "story" | null = null;
  for (let i = 0; i < keys.length; i++) {
    const m = pk.discardTrie.longest(keys, i);
    if (!m) continue;
    if (m.values.some((d) => d.story)) return "story";
    found = "sentence";
  }
  return found;
}

/** The patterns stage over PETRARCH verb and discard dictionaries. */
export function dictionaryPatternsStage(pk: PetrarchKnowledge): Stage {
  return {
    name: "patterns",
    requires: ["tokens", "sentences", "actors"],
    assigns: ["candidates"],
    run(doc: Doc) {
      doc.candidates = [];
      const words = documentWords(doc);
      const discards = words.map((w) => discardIn(w, pk));
      if (discards.includes("story")) return;
      const byStart = mentionsByStart(doc);
      for (let s = 0; s < doc.sentences.length; s++) {
        if (!discards[s]) doc.candidates.push(...codeSentence(doc, s, sentenceItems(words[s], byStart), pk));
      }
    },
  };
}
