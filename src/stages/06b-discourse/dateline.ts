/**
 * Datelines: a document opening such as "PESHAWAR, Dec 10 (Reuters) -",
 * "ISLAMABAD, 10 December 2025:", "Kabul — Tuesday," or "03/15/2016:" (formats
 * in discourse.json) gives the default date of candidates whose date is the
 * publication date (none stated in their sentence) and the default place of
 * candidates with none. The words of the `date` and `place` groups are read
 * through the dates and places stages' mentions, so their parsing (relative
 * weekdays, gazetteer) is theirs.
 */
import type { DateMention, Doc, EventCandidate, PlaceMention } from "../../doc/index.js";
import type { DiscourseKnowledge } from "../../ontology/discourse.js";

/** How much of the document start a dateline may span. */
const DATELINE_MAX = 120;

/** A document's dateline: the date and place mentions it holds. */
export interface Dateline {
  format: string;
  date: DateMention | null;
  place: PlaceMention | null;
}

function within<T extends { start: number; end: number }>(list: readonly T[], span: [number, number] | undefined): T | null {
  if (!span) return null;
  for (const m of list) if (m.start < span[1] && m.end > span[0]) return m;
  return null;
}

/** The document's dateline by the first format that matches its opening, or null. */
export function findDateline(kb: DiscourseKnowledge, doc: Doc): Dateline | null {
  const lead = doc.text.length - doc.text.trimStart().length;
  const head = doc.text.slice(lead, lead + DATELINE_MAX);
  for (const f of kb.datelines) {
    const m = f.regex.exec(head);
    const groups = m?.indices?.groups;
    if (!groups) continue;
    const shift = (g: [number, number] | undefined): [number, number] | undefined => (g ? [g[0] + lead, g[1] + lead] : undefined);
    const date = within(doc.dates, shift(groups.date));
    const place = within(doc.places, shift(groups.place));
    if (date || place) return { format: f.id, date, place };
  }
  return null;
}

/** Give the dateline's date and place to the candidates that state none. */
export function applyDateline(d: Dateline, candidates: readonly EventCandidate[]): void {
  for (const c of candidates) {
    if (d.date && (!c.date || c.date.basis === "publication")) {
      // Shared, not copied: dates are never changed once made (the candidates of a mention's
      // sentence share its date already), and the output writes a shared one's JSON once.
      c.date = d.date.date;
      c.historical = d.date.historical;
    }
    if (d.place && !c.location) c.location = d.place.location;
  }
}
