/**
 * PETRARCH discard dictionaries: one phrase a line; a sentence containing it is not
 * coded; with a leading `+`, the whole text (story) is not coded.
 */
import { contentLines, phraseWords } from "./lines.js";
import type { DictProblem, PetrDiscard } from "./types.js";

/** Parse a discard dictionary. */
export function parseDiscards(source: string, file: string): { discards: PetrDiscard[]; problems: DictProblem[] } {
  const discards: PetrDiscard[] = [];
  const problems: DictProblem[] = [];
  for (const l of contentLines(source)) {
    const story = l.text.startsWith("+");
    const words = phraseWords(story ? l.text.slice(1) : l.text);
    if (words.length === 0 || /[[\]{}]/.test(l.text)) problems.push({ file, line: l.no, message: `bad discard phrase "${l.text}"` });
    else discards.push({ words, story, line: l.no });
  }
  return { discards, problems };
}
