/**
 * A sentence as the verb patterns see it: words, with each actor phrase (or list of
 * actor phrases joined by commas and conjunctions: a compound) as one item.
 */
import type { ActorMention, Doc } from "../../doc/index.js";
import { roleAt } from "../../doc/index.js";
import { listGap } from "./actors.js";
import { sentenceWords, type Word } from "./words.js";

/** An actor or a compound of actors; `mentions` holds every code's mention. */
export interface ActorGroup {
  mentions: ActorMention[];
  /** Number of distinct phrases joined (2+ for "Gondor and Osgiliath"). */
  parts: number;
}

export type Item = { t: "word"; word: Word } | { t: "actors"; group: ActorGroup; first: Word; last: Word };

/** The items of sentence `s`; mentions whose code on the document's date is `---` are left out. */
export function sentenceItems(doc: Doc, s: number): Item[] {
  const words = sentenceWords(doc, s);
  const sent = doc.sentences[s];
  const byStart = new Map<number, ActorMention[]>();
  for (const m of doc.actors) {
    if (m.tokenStart < sent.tokenStart || m.tokenStart >= sent.tokenEnd) continue;
    if ((roleAt(m.roles, doc.date)?.code ?? m.code) === "---") continue;
    const list = byStart.get(m.tokenStart) ?? [];
    list.push(m);
    byStart.set(m.tokenStart, list);
  }
  const items: Item[] = [];
  let lastGroupWordEnd = -1;
  for (let i = 0; i < words.length; i++) {
    const ms = byStart.get(words[i].tokenStart);
    if (!ms) {
      items.push({ t: "word", word: words[i] });
      continue;
    }
    const tokenEnd = Math.max(...ms.map((m) => m.tokenEnd));
    let j = i;
    while (j + 1 < words.length && words[j + 1].tokenStart < tokenEnd) j++;
    // Join to the previous group when only list words ("and", ",", "the") lie between.
    const prevIdx = items.findLastIndex((it) => it.t === "actors");
    const prev = prevIdx >= 0 ? items[prevIdx] : null;
    if (prev && prev.t === "actors" && lastGroupWordEnd >= 0 && listGap(words, lastGroupWordEnd, i)) {
      prev.group.mentions.push(...ms);
      prev.group.parts++;
      prev.last = words[j];
      items.length = prevIdx + 1;
    } else items.push({ t: "actors", group: { mentions: [...ms], parts: 1 }, first: words[i], last: words[j] });
    lastGroupWordEnd = j + 1;
    i = j;
  }
  return items;
}
