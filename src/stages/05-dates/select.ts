/**
 * Which date governs an event: the code stage asks, for an event's trigger token,
 * which DateMention of the dates stage applies.
 *
 * Only mentions in the trigger's own sentence count (a date in an earlier sentence
 * often belongs to another event; the publication date is the fallback instead).
 * Among them, a mention whose clause holds the trigger beats one across a clause
 * break; a date that modifies a noun ("the 2014 attack") yields to one that does not;
 * then the nearest in tokens wins, and on a tie the one before the trigger.
 */
import type { DateMention, Doc, EventDate } from "../../doc/index.js";
import type { DateMentionInfo } from "./index.js";

const CLAUSE_PENALTY = 1000;
const ATTRIBUTIVE_PENALTY = 500;

function cost(m: DateMention, trigger: number): number {
  const info = m as Partial<DateMentionInfo>;
  let c = trigger < m.tokenStart ? m.tokenStart - trigger : trigger >= m.tokenEnd ? trigger - m.tokenEnd + 1 : 0;
  if (trigger < m.tokenStart) c += 0.5; // prefer the date before the trigger on a tie
  if (info.clause && (trigger < info.clause.tokenStart || trigger >= info.clause.tokenEnd)) c += CLAUSE_PENALTY;
  if (info.attributive) c += ATTRIBUTIVE_PENALTY;
  return c;
}

/**
 * The DateMention that governs an event in sentence `sentenceIndex` whose trigger is
 * token `tokenIndex`, or null when the sentence states no date. Without a token index,
 * the first date of the sentence that does not modify a noun (else the first).
 */
export function dateForSentence(doc: Doc, sentenceIndex: number, tokenIndex?: number): DateMention | null {
  const s = doc.sentences[sentenceIndex];
  if (!s) return null;
  let best: DateMention | null = null;
  let bestCost = Infinity;
  for (const m of doc.dates) {
    if (m.tokenStart < s.tokenStart || m.tokenStart >= s.tokenEnd) continue;
    const c = tokenIndex === undefined ? ((m as Partial<DateMentionInfo>).attributive ? 1 : 0) : cost(m, tokenIndex);
    if (c < bestCost) {
      bestCost = c;
      best = m;
    }
  }
  return best;
}

/** The publication date as an event date, made once per document (`eventDateFor`). */
let publication: { doc: Doc | null; value: string | null; date: EventDate } = {
  doc: null,
  value: null,
  date: { value: "", precision: "unknown", basis: "publication", text: null },
};

/**
 * The event date and `historical` flag for an event, as the record carries them:
 * the governing mention's date, or else the publication date (basis "publication";
 * value "" and precision "unknown" when the document has no date either).
 * The date objects are shared, not copied per event: the mention's own, and one per
 * document for the publication date (nothing changes them, and the record writer
 * then knows a date it has written by identity instead of comparing it key by key).
 */
export function eventDateFor(doc: Doc, sentenceIndex: number, tokenIndex?: number): { date: EventDate; historical: boolean } {
  const m = dateForSentence(doc, sentenceIndex, tokenIndex);
  if (m) return { date: m.date, historical: m.historical };
  if (publication.doc !== doc || publication.value !== doc.date) {
    publication = {
      doc,
      value: doc.date,
      date: doc.date
        ? { value: doc.date, precision: "day", basis: "publication", text: null }
        : { value: "", precision: "unknown", basis: "publication", text: null },
    };
  }
  return { date: publication.date, historical: false };
}
