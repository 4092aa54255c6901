/**
 * A sentence as the verb patterns see it: words, with each actor phrase (or list of
 * actor phrases joined by commas and conjunctions: a compound) as one item.
 */
import type { ActorMention, Doc } from "../../doc/index.js";
import { roleAt } from "../../doc/index.js";
import { listGap } from "./actors.js";
import type { Word } from "./words.js";

/** An actor or a compound of actors; `mentions` holds every code's mention. */
export interface ActorGroup {
  mentions: ActorMention[];
  /** Number of actors joined (2+ for "Gondor and Osgiliath"). */
  parts: number;
}

export type Item = { t: "word"; word: Word } | { t: "actors"; group: ActorGroup; first: Word; last: Word };

/** Number of actors among mentions sharing a start: distinct ends ("ambassadors of A, B and C" → 3). */
function partsOf(ms: readonly ActorMention[]): number {
  return new Set(ms.map((m) => m.end)).size;
}

/** Mentions by their first token, leaving out those whose code on the document's date is `---`. */
export function mentionsByStart(doc: Doc): Map<number, ActorMention[]> {
  const byStart = new Map<number, ActorMention[]>();
  for (const m of doc.actors) {
    if ((roleAt(m.roles, doc.date)?.code ?? m.code) === "---") continue;
    const list = byStart.get(m.tokenStart) ?? [];
    list.push(m);
    byStart.set(m.tokenStart, list);
  }
  return byStart;
}

/** The items of a sentence's `words`, with actor groups from `byStart` (see `mentionsByStart`). */
export function sentenceItems(words: readonly Word[], byStart: ReadonlyMap<number, readonly ActorMention[]>): Item[] {
  const items: Item[] = [];
  let lastGroupWordEnd = -1;
  let lastGroup = -1;
  for (let i = 0; i < words.length; i++) {
    const found = byStart.get(words[i].tokenStart);
    if (!found) {
      items.push({ t: "word", word: words[i] });
      continue;
    }
    const ms = [...found];
    // Take in every mention starting inside the span ("officials in Fornost" inside "lawmakers and officials in Fornost").
    let tokenEnd = Math.max(...ms.map((m) => m.tokenEnd));
    let j = i;
    while (j + 1 < words.length && words[j + 1].tokenStart < tokenEnd) {
      j++;
      const inner = byStart.get(words[j].tokenStart);
      if (inner) {
        ms.push(...inner);
        tokenEnd = Math.max(tokenEnd, ...inner.map((m) => m.tokenEnd));
      }
    }
    // Join to the previous group when only list words ("and", ",", "the") lie between.
    const prev = lastGroup >= 0 ? items[lastGroup] : null;
    if (prev && prev.t === "actors" && listGap(words, lastGroupWordEnd, i)) {
      prev.group.mentions.push(...ms);
      prev.group.parts += partsOf(ms);
      prev.last = words[j];
      items.length = lastGroup + 1;
    } else {
      lastGroup = items.length;
      items.push({ t: "actors", group: { mentions: [...ms], parts: partsOf(ms) }, first: words[i], last: words[j] });
    }
    lastGroupWordEnd = j + 1;
    i = j;
  }
  return items;
}
