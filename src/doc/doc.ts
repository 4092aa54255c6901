/**
 * The shared document model. Every stage reads and writes fields of one `Doc`.
 * No I/O here: plain data and tiny helpers only.
 *
 * Offsets are UTF-16 code-unit offsets into `Doc.text` (what JavaScript's
 * `String.prototype.slice` uses), half-open: [start, end).
 */
import type { EventDate, EventLocation, EventRecord, Actor, Fatalities, Modality, Kind } from "./record.js";

export interface Token {
  /** Index of the token in `Doc.tokens`. */
  i: number;
  text: string;
  /** Lower-cased text (for dictionary look-ups). */
  lower: string;
  start: number;
  end: number;
  /** Universal POS tag (NOUN, PROPN, VERB, AUX, ADJ, ADP, DET, PRON, NUM, PUNCT, CCONJ, SCONJ, PART, ADV, SYM, X, SPACE, INTJ). */
  pos: string;
  /** Lemma / normal form as far as the tagger gives it (lower-case). */
  lemma: string;
  /** Sentence index this token belongs to. */
  sent: number;
  /** Whether whitespace precedes the token in the text. */
  spaceBefore: boolean;
  /**
   * An id of the token's surface form (`text`): tokens with the same id have the same text
   * (and so the same `lower`), for the life of the process; -1 when the token has none. Stages
   * may key per-word memos on it (an array read instead of a string look-up): ids are small, the
   * words numbered from 0 in the order the process first reads them, so such arrays stay dense
   * and the frequent words' slots close together. Stable within a process only: never stored or
   * compared across runs. Tokens of one text may differ in `pos` and `lemma`.
   */
  word: number;
}

export interface Sentence {
  index: number;
  start: number;
  end: number;
  /** Token range [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
}

/** A span over tokens, with character offsets. */
export interface Span {
  tokenStart: number;
  tokenEnd: number;
  start: number;
  end: number;
  text: string;
}

/** A knowledge-base role valid over a date range. */
export interface Role {
  /** CAMEO-style code, e.g. "AFGINS", "PAKMIL", "IGOUNO". */
  code: string;
  country: string | null;
  sector: string | null;
  /** Free-text title of the post ("Chief of Army Staff"), if any. */
  title?: string | null;
  /** Inclusive start date YYYY[-MM[-DD]] or null (open). */
  start?: string | null;
  /** Inclusive end date YYYY[-MM[-DD]] or null (open). */
  end?: string | null;
}

/** An actor mention found by the actors stage. */
export interface ActorMention extends Span {
  /** Knowledge-base id or a synthetic id for generic/unknown actors ("agent:REB", "unknown:gunmen"). */
  id: string;
  name: string;
  kind: Kind;
  /** All roles of the entity; the code valid at the event date is chosen by `roleAt`. */
  roles: Role[];
  /** Role resolved at the document's publication date (convenience). */
  country: string | null;
  sector: string | null;
  code: string;
  /** How it was recognised: "alias", "demonym+agent", "metonym", "agent", "pronoun", ... */
  how: string;
  /** True when the mention is a pronoun or definite description resolved to an earlier mention. */
  coref?: boolean;
  /** True when the knowledge base does not know this actor (reported in the "new actors" list). */
  unknown?: boolean;
}

export interface PlaceMention extends Span {
  location: EventLocation;
  /** Alternatives considered (for debugging and review). */
  alternatives?: number;
  /** True when the word is used as a metonym for a government/army (Kabul, Islamabad, Rawalpindi) in this context. */
  metonym?: boolean;
}

export interface DateMention extends Span {
  date: EventDate;
  /** True when the date is well before the publication date (background). */
  historical: boolean;
}

/** A pattern match before it becomes an event record. */
export interface EventCandidate {
  rule: string;
  cameo: string;
  sentence: number;
  trigger: Span;
  source: ActorMention | null;
  target: ActorMention | null;
  modality: Modality;
  /** Optional date / place / fatalities chosen for this candidate. */
  date?: EventDate | null;
  historical?: boolean;
  location?: EventLocation | null;
  fatalities?: Fatalities | null;
  /** Set by the discourse stage when the source was taken from a claim ("claimed") or an attribution by others ("alleged") elsewhere in the document. */
  attribution?: "claimed" | "alleged";
  confidence: number;
}

export interface Warning {
  code: string;
  message: string;
  line?: number;
}

export interface Doc {
  id: string;
  text: string;
  /** Publication (reference) date YYYY-MM-DD, or null when unknown. */
  date: string | null;
  url: string | null;
  title: string | null;
  tokens: Token[];
  sentences: Sentence[];
  actors: ActorMention[];
  places: PlaceMention[];
  dates: DateMention[];
  candidates: EventCandidate[];
  events: EventRecord[];
  warnings: Warning[];
}

export function newDoc(init: { id: string; text: string; date?: string | null; url?: string | null; title?: string | null }): Doc {
  return {
    id: init.id,
    text: init.text,
    date: init.date ?? null,
    url: init.url ?? null,
    title: init.title ?? null,
    tokens: [],
    sentences: [],
    actors: [],
    places: [],
    dates: [],
    candidates: [],
    events: [],
    warnings: [],
  };
}

/** Compare two partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) as ranges. */
function lowerBound(d: string): string {
  if (d.length === 4) return `${d}-01-01`;
  if (d.length === 7) return `${d}-01`;
  return d.slice(0, 10);
}
function upperBound(d: string): string {
  if (d.length === 4) return `${d}-12-31`;
  if (d.length === 7) return `${d}-31`;
  return d.slice(0, 10);
}

/**
 * The role valid on `date` (YYYY[-MM[-DD]]). With no date, or when no role
 * covers it, the role whose range is nearest wins, open-ended roles first.
 */
export function roleAt(roles: readonly Role[], date: string | null | undefined): Role | null {
  if (roles.length === 0) return null;
  if (roles.length === 1 || !date) {
    if (!date) {
      // Prefer the current (open-ended) role.
      return roles.find((r) => !r.end) ?? roles[roles.length - 1];
    }
    return roles[0];
  }
  const d = lowerBound(date);
  for (const r of roles) {
    const okStart = !r.start || lowerBound(r.start) <= d;
    const okEnd = !r.end || upperBound(r.end) >= d;
    if (okStart && okEnd) return r;
  }
  // Nearest role by distance to its range.
  let best: Role = roles[0];
  let bestDist = Infinity;
  const t = Date.parse(d);
  for (const r of roles) {
    const s = r.start ? Date.parse(lowerBound(r.start)) : -Infinity;
    const e = r.end ? Date.parse(upperBound(r.end)) : Infinity;
    const dist = t < s ? s - t : t > e ? t - e : 0;
    if (dist < bestDist) {
      bestDist = dist;
      best = r;
    }
  }
  return best;
}

/** The actor of a mention as the contract shapes it, with the role valid on `date`. */
export function actorAt(m: ActorMention, date: string | null | undefined): Actor {
  const r = roleAt(m.roles, date);
  return {
    text: m.text,
    start: m.start,
    end: m.end,
    name: m.name,
    id: m.id,
    code: r ? r.code : m.code,
    country: r ? r.country : m.country,
    sector: r ? r.sector : m.sector,
    kind: m.kind,
  };
}
