/**
 * PETRARCH / TABARI pattern matching over a sentence's items. Elements before the verb
 * are matched leftwards, elements after it rightwards; an element joined by `_` to its
 * neighbour must be the next item, others may skip items (greedy, no backtracking, so
 * the cost is linear in the sentence length). `^` skips one noun phrase.
 */
import type { PatternElement, PetrarchKnowledge } from "../../ontology/petrarch/index.js";
import type { ActorGroup, Item } from "./items.js";

/** Actor slots filled by a pattern's `$`, `+` and `%`. */
export interface Slots {
  source?: ActorGroup;
  target?: ActorGroup;
  compound?: ActorGroup;
}

/** Whether item `it` is the word `w` (exact upper-case text: like PETRARCH 2, pattern words are not stemmed). */
export function isWord(it: Item | undefined, w: string): boolean {
  return !!it && it.t === "word" && it.word.text === w;
}

/** Length of phrase `words` read from `pos` in direction `dir` (as text order), or 0. */
function phraseAt(items: readonly Item[], pos: number, dir: 1 | -1, words: readonly string[]): number {
  const n = words.length;
  const from = dir === 1 ? pos : pos - n + 1;
  if (from < 0 || from + n > items.length) return 0;
  for (let k = 0; k < n; k++) if (!isWord(items[from + k], words[k])) return 0;
  return n;
}

/** Items a non-adjacent element may look ahead (keeps matching linear on run-on sentences). */
export const MAX_REACH = 40;
const NOUNS = new Set(["NOUN", "PROPN", "PRON"]);
const MAX_SKIP = 4;

/** Items a `^` consumes at `pos`: an actor, or words up to the next noun (at most MAX_SKIP); 0 if none. */
function skipPhrase(items: readonly Item[], pos: number, dir: 1 | -1): number {
  for (let n = 0; n < MAX_SKIP; n++) {
    const it = items[pos + dir * n];
    if (!it) return 0;
    if (it.t === "actors" || NOUNS.has(it.word.pos)) return n + 1;
  }
  return 0;
}

/** Items element `e` consumes at `pos` (0: no match). */
function matchAt(e: PatternElement, items: readonly Item[], pos: number, dir: 1 | -1, pk: PetrarchKnowledge, slots: Slots): number {
  const it = items[pos];
  if (!it) return 0;
  switch (e.t) {
    case "word":
      return isWord(it, e.word) ? 1 : 0;
    case "synset": {
      for (const member of pk.synsets.get(e.name) ?? []) {
        const n = phraseAt(items, pos, dir, member);
        if (n > 0) return n;
      }
      return 0;
    }
    case "skip":
      return skipPhrase(items, pos, dir);
    case "source":
    case "target":
      if (it.t !== "actors") return 0;
      slots[e.t] = it.group;
      return 1;
    case "compound":
      // Before the verb, "%" is a compound subject whose members act on each other; after it, a compound target.
      if (it.t !== "actors" || it.group.parts < 2) return 0;
      if (dir === -1) slots.compound = it.group;
      else slots.target = it.group;
      return 1;
  }
}

/** Match `elements` from item `start` in direction `dir`; fills `slots`; true on success. */
export function matchElements(elements: readonly PatternElement[], items: readonly Item[], start: number, dir: 1 | -1, pk: PetrarchKnowledge, slots: Slots): boolean {
  let pos = start;
  for (const e of elements) {
    let n = 0;
    if (e.adjacent) n = matchAt(e, items, pos, dir, pk, slots);
    else {
      const stop = pos + dir * MAX_REACH;
      for (; pos >= 0 && pos < items.length && pos !== stop; pos += dir) {
        n = matchAt(e, items, pos, dir, pk, slots);
        if (n > 0) break;
      }
    }
    if (n === 0) return false;
    pos += dir * n;
  }
  return true;
}
