/** The "new actors" list: unknown actor mentions across documents, most frequent first. */
import type { Doc } from "../../doc/index.js";

export interface NewActor {
  text: string;
  count: number;
  /** Up to three sentences the name occurs in. */
  examples: string[];
}

const MAX_EXAMPLES = 3;

/** Unknown actors (mentions marked `unknown`) grouped by name, sorted by count, then name. */
export function newActorsReport(docs: Iterable<Doc>): NewActor[] {
  const byName = new Map<string, NewActor>();
  for (const doc of docs) {
    for (const m of doc.actors) {
      if (!m.unknown) continue;
      const item = byName.get(m.name) ?? { text: m.name, count: 0, examples: [] };
      item.count++;
      const s = doc.sentences[doc.tokens[m.tokenStart].sent];
      const sentence = s ? doc.text.slice(s.start, s.end) : m.text;
      if (item.examples.length < MAX_EXAMPLES && !item.examples.includes(sentence)) item.examples.push(sentence);
      byName.set(m.name, item);
    }
  }
  return [...byName.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
}
