/**
 * Stage 05 — dates: finds date expressions in each sentence and resolves them
 * against the publication date (`doc.date`), into `doc.dates` (DateMentions).
 *
 * What it reads (words from `ontology/lexicon/dates.json`):
 * - stated days: "10 December 2025", "December 10, 2025", "Dec. 10", "10th of December",
 *   "2025-12-10", "Tuesday, December 10" (one mention);
 * - numeric days "10/12/2025": unambiguous when one part is above 12; otherwise, with a
 *   publication date, the reading on or before it and nearest wins (day/month first when
 *   both tie), and without one month/day (the order of US wire copy and of incident
 *   databases such as GTD's "MM/DD/YYYY:" summaries);
 * - months "in August 2021", "August of 2021", "in August", "last March" (precision month);
 * - years "in 2014", "since 2021", "(2017)", "the 2014 attack", "mid-2020" (precision year);
 *   a bare four-digit number is a year only after a year-context word ("in", "since",
 *   "during", ...), inside parentheses, or between a determiner and a noun ("the 2014 attack",
 *   marked `attributive`);
 * - decades "the 1990s" (value "1990", precision decade);
 * - relative days "yesterday", "today", "last night", "on Tuesday", "Tuesday night"
 *   (basis relative, precision day). A bare weekday is the most recent such day on or
 *   before the publication day (an article of Tuesday saying "on Tuesday" means that day);
 *   "last Tuesday" is strictly before it and "next Tuesday" strictly after;
 * - relative periods "last week", "this week" (precision month: the month of the
 *   publication day moved by the offset in weeks — a week has no precision of its own),
 *   "last month", "earlier this month" (month), "last year", "earlier this year" (year);
 * - "N units ago": "three days ago" (day), "two weeks ago" (month), "six months ago"
 *   (month), "two years ago" (year), "a decade ago" (decade); one that would leave the
 *   years 1000-9999 ("1659 years ago") is not read as a date;
 * - a day or month stated without a year ("December 10", "in August") takes the year that
 *   puts it nearest the publication date, days ahead counting four times.
 *
 * With no publication date, stated absolute dates keep their value, and everything that
 * needs a reference (relative words, weekdays, a day or month without a year) becomes
 * precision "unknown" with an empty value "".
 *
 * `historical` is true when the whole period the date covers lies well before the
 * publication date: for a day or month, its last day is more than 60 days before; for a
 * year or decade, it ends before the publication year starts. Without a publication date
 * nothing is historical.
 *
 * Each mention also carries `relation` ("since 2021" → "since") and `attributive`
 * (the date modifies a noun, as in "the 2014 attack"); see `DateMentionInfo`.
 */
import { WordBytes, type DateMention, type DatePrecision, type DateBasis, type Doc, type Sentence, type Token } from "../../doc/index.js";
import type { Knowledge } from "../../ontology/index.js";
import type { DateRelation, DateUnit, DateWord, Lexicon } from "../../ontology/lexicon.js";
import type { Stage } from "../../pipeline/index.js";
import {
  addDays, addMonths, dayNumber, formatDay, formatMonth, lastDayNumber, makeDay, nearestDay, parseDay, weekdayOf, type Ymd,
} from "./calendar.js";
import { digitValue, numberIndexOf, parseNumber, type NumberIndex } from "./numbers.js";
import { PhraseIndex } from "./phrases.js";

export { dateForSentence, eventDateFor } from "./select.js";
export { parseNumber, type ParsedNumber } from "./numbers.js";

/** A DateMention as this stage writes it, with two extra fields. */
export interface DateMentionInfo extends DateMention {
  /** "at" for a plain date; "since", "until", "before", "after" when such a word precedes it. */
  relation: "at" | DateRelation;
  /** True when the date modifies a noun ("the 2014 attack") rather than the clause. */
  attributive: boolean;
  /** Token range of the clause around the date: up to the nearest clause-break word or punctuation on each side. */
  clause: { tokenStart: number; tokenEnd: number };
}

type Relative = { kind: "day"; offsetDays: number } | { kind: "period"; unit: DateUnit; offset: number };

/** Bits of `DateIndex.starts`: what a word can start. */
const MONTH = 1;
const WEEKDAY = 2;
const MODIFIER = 4;
const RELATIVE = 8;
const NUMBER = 16;
/** All the kinds above. */
const KINDS = MONTH | WEEKDAY | MODIFIER | RELATIVE | NUMBER;

/** Bits of a word's `wordFlags` besides its kinds (0 is "not yet known"). */
const KNOWN = 128;
/** The word begins with a digit. */
const DIGIT = 64;
/** The word may be a hyphenated year ("mid-2020"): longer than 5 with a hyphen after its first character. */
const HYPHENATED = 32;

/** The date words indexed for look-up (built once, when the stage is built). */
export interface DateIndex {
  /** Word → the kinds of date expression it can start (bit set), so most tokens cost one look-up. */
  starts: Map<string, number>;
  months: Map<string, number>;
  weekdays: Map<string, number>;
  relative: PhraseIndex<Relative>;
  units: Map<string, DateUnit>;
  ago: Set<string>;
  dayparts: Set<string>;
  modifiers: Map<string, -1 | 1>;
  relations: Map<string, DateRelation>;
  yearContext: Set<string>;
  monthContext: Set<string>;
  clauseBreaks: Set<string>;
  yearDeterminers: Set<string>;
  numbers: NumberIndex;
  /**
   * Per word id: what `Scanner.match` reads of the word itself (its kinds, whether it begins
   * with a digit or may be a hyphenated year), so that the many tokens that can start no date
   * cost one byte read rather than a look-up of their text.
   */
  wordFlags: WordBytes;
}

/** Index the date words of a lexicon. */
export function indexDates(lexicon: Lexicon): DateIndex {
  const ix: DateIndex = {
    starts: new Map(),
    months: new Map(), weekdays: new Map(), relative: new PhraseIndex(), units: new Map(), ago: new Set(),
    dayparts: new Set(), modifiers: new Map(), relations: new Map(), yearContext: new Set(), monthContext: new Set(),
    clauseBreaks: new Set(), yearDeterminers: new Set(), numbers: numberIndexOf(lexicon), wordFlags: new WordBytes(),
  };
  const sets: Partial<Record<DateWord["kind"], Set<string>>> = {
    ago: ix.ago, daypart: ix.dayparts, "year-context": ix.yearContext, "month-context": ix.monthContext, "clause-break": ix.clauseBreaks,
    "year-determiner": ix.yearDeterminers,
  };
  for (const e of lexicon.dates) {
    switch (e.kind) {
      case "month": for (const n of e.names) ix.months.set(n, e.month); break;
      case "weekday": for (const n of e.names) ix.weekdays.set(n, e.weekday); break;
      case "relative-day": for (const p of e.phrases) ix.relative.add(p, { kind: "day", offsetDays: e.offsetDays }); break;
      case "relative-period": for (const p of e.phrases) ix.relative.add(p, { kind: "period", unit: e.unit, offset: e.offset }); break;
      case "unit": for (const n of e.names) ix.units.set(n, e.unit); break;
      case "weekday-modifier": for (const n of e.names) ix.modifiers.set(n, e.direction); break;
      case "relation": for (const n of e.names) ix.relations.set(n, e.relation); break;
      default: for (const n of e.names) sets[e.kind]?.add(n);
    }
  }
  const mark = (words: Iterable<string>, bit: number) => {
    for (const w of words) ix.starts.set(w, (ix.starts.get(w) ?? 0) | bit);
  };
  mark(ix.months.keys(), MONTH);
  mark(ix.weekdays.keys(), WEEKDAY);
  mark(ix.modifiers.keys(), MODIFIER);
  mark(ix.relative.firstWords(), RELATIVE);
  mark(ix.numbers.words.keys(), NUMBER);
  return ix;
}

/** A word's flags for `match` (see `DateIndex.wordFlags`), memoised per word id: a function of its text only. */
export function wordFlags(ix: DateIndex, t: Token): number {
  let f = ix.wordFlags.get(t.word);
  if (f === 0) {
    const c = t.text.charCodeAt(0);
    const lower = t.lower;
    f = KNOWN | (c >= 48 && c <= 57 ? DIGIT : 0) | (ix.starts.get(lower) ?? 0) | (lower.length > 5 && lower.indexOf("-") > 0 ? HYPHENATED : 0);
    ix.wordFlags.set(t.word, f);
  }
  return f;
}

/**
 * A date found over tokens [start, end). A class, built only by its constructor, so that every
 * date found has one shape: as object literals and spreads (`{ ...found, attributive: true }`)
 * they had six or more, and `findDates`'s reads of them were megamorphic (a V8 IC log showed
 * them missing the stub cache at nearly every date).
 */
class Found {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly value: string,
    readonly precision: DatePrecision,
    readonly basis: DateBasis,
    readonly attributive = false,
  ) {}
}

/** A date of unknown value (no publication date to resolve it against). */
function unknown(start: number, end: number, basis: DateBasis): Found {
  return new Found(start, end, "", "unknown", basis);
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMERIC_DAY = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$/;
const NUMERIC_DAY_YEAR_FIRST = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
const DECADE = /^(\d{3}0)s$/;
const ORDINAL_DAY = /^(\d{1,2})(?:st|nd|rd|th)$/;
const YEAR = /^\d{4}$/;

function isCapitalized(t: Token): boolean {
  const c = t.text.charAt(0);
  return c !== c.toLowerCase();
}

/** A day of the month token: "10", "10th". */
function dayOfMonth(t: Token): number | null {
  const m = ORDINAL_DAY.exec(t.text);
  const v = m ? Number(m[1]) : t.text.length <= 2 ? digitValue(t.text) : null;
  return v !== null && Number.isInteger(v) && v >= 1 && v <= 31 ? v : null;
}

/** A four-digit year token within [lo, hi]. */
function yearOf(t: Token, lo = 1800, hi = 2100): number | null {
  if (!YEAR.test(t.text)) return null;
  const y = Number(t.text);
  return y >= lo && y <= hi ? y : null;
}

/** Scans one sentence; `ref` is the publication day or null. */
class Scanner {
  constructor(
    private readonly ix: DateIndex,
    private readonly tokens: readonly Token[],
    private readonly ref: Ymd | null,
    /** The end of the sentence scanned (one scanner reads a document's sentences in turn). */
    public limit: number,
  ) {}

  private at(i: number): Token | null {
    return i < this.limit ? this.tokens[i] : null;
  }

  /** A month-name token (capitalised, as news writes months), or null. */
  private month(i: number): number | null {
    const t = this.at(i);
    if (!t || !isCapitalized(t)) return null;
    return this.ix.months.get(t.lower) ?? null;
  }

  /** Day with or without a stated year. */
  private day(start: number, end: number, y: number | null, m: number, d: number): Found | null {
    if (y !== null) {
      const t = makeDay(y, m, d);
      return t ? new Found(start, end, formatDay(t), "day", "stated") : null;
    }
    if (!makeDay(2000, m, d)) return null; // 29 February is valid in some year
    if (!this.ref) return unknown(start, end, "stated");
    const r = this.ref;
    const cands = [r.y - 1, r.y, r.y + 1].map((yy) => makeDay(yy, m, d)).filter((t): t is Ymd => t !== null);
    return new Found(start, end, formatDay(nearestDay(cands, r)), "day", "stated");
  }

  /** "[,] 2025" after a day: the year and the token after it, or null. */
  private trailingYear(i: number): { y: number; end: number } | null {
    let k = i;
    if (this.at(k)?.text === ",") k++;
    const t = this.at(k);
    const y = t ? yearOf(t) : null;
    return y !== null ? { y, end: k + 1 } : null;
  }

  /** "10 December [2025]", "10th of December". */
  private dayFirst(i: number): Found | null {
    const d = dayOfMonth(this.tokens[i]);
    if (d === null) return null;
    let k = i + 1;
    if (this.at(k)?.lower === "of") k++;
    const m = this.month(k);
    if (m === null) return null;
    const year = this.trailingYear(k + 1);
    return this.day(i, year ? year.end : k + 1, year ? year.y : null, m, d);
  }

  /** "December 10[, 2025]", "August [of] 2021", "in August", "last March". */
  private monthFirst(i: number): Found | null {
    const m = this.month(i);
    if (m === null) return null;
    const next = this.at(i + 1);
    const d = next ? dayOfMonth(next) : null;
    if (d !== null) {
      const year = this.trailingYear(i + 2);
      return this.day(i, year ? year.end : i + 2, year ? year.y : null, m, d);
    }
    let k = i + 1;
    if (this.at(k)?.lower === "of" || this.at(k)?.text === ",") k++;
    const yt = this.at(k);
    const y = yt ? yearOf(yt) : null;
    if (y !== null) return new Found(i, k + 1, formatMonth(y, m), "month", "stated");
    return this.bareMonth(i, m);
  }

  private bareMonth(i: number, m: number): Found | null {
    const prev = i > 0 ? this.tokens[i - 1] : null;
    if (!prev || prev.sent !== this.tokens[i].sent || !this.ix.monthContext.has(prev.lower)) return null;
    const direction = this.ix.modifiers.get(prev.lower) ?? 0;
    const start = direction !== 0 ? i - 1 : i;
    if (!this.ref) return unknown(start, i + 1, "stated");
    const r = this.ref;
    let pick: { y: number; m: number };
    if (direction < 0) pick = { y: m < r.m ? r.y : r.y - 1, m };
    else if (direction > 0) pick = { y: m > r.m ? r.y : r.y + 1, m };
    else {
      const cands = [r.y - 1, r.y, r.y + 1].map((y) => ({ y, m, d: 15 }));
      pick = nearestDay(cands, { y: r.y, m: r.m, d: 15 });
    }
    return new Found(start, i + 1, formatMonth(pick.y, pick.m), "month", direction !== 0 ? "relative" : "stated");
  }

  /** "2025-12-10", "10/12/2025", "2025/12/10". */
  private numericDay(i: number): Found | null {
    const text = this.tokens[i].text;
    const iso = ISO_DAY.exec(text) ?? NUMERIC_DAY_YEAR_FIRST.exec(text);
    if (iso) {
      const t = makeDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
      return t ? new Found(i, i + 1, formatDay(t), "day", "stated") : null;
    }
    const n = NUMERIC_DAY.exec(text);
    if (!n) return null;
    const a = Number(n[1]);
    const b = Number(n[2]);
    let y = Number(n[3]);
    if (n[3].length === 2) y += y <= (this.ref ? (this.ref.y % 100) + 1 : 50) ? 2000 : 1900;
    const dayMonth = makeDay(y, b, a);
    const monthDay = makeDay(y, a, b);
    const one = (t: Ymd): Found => new Found(i, i + 1, formatDay(t), "day", "stated");
    if (dayMonth && !monthDay) return one(dayMonth);
    if (monthDay && !dayMonth) return one(monthDay);
    if (!dayMonth || !monthDay) return null;
    if (a === b) return one(dayMonth);
    if (!this.ref) return one(monthDay);
    const r = dayNumber(this.ref);
    const past = [dayMonth, monthDay].filter((t) => dayNumber(t) <= r);
    return one(past.length === 1 ? past[0] : nearestDay([dayMonth, monthDay], this.ref));
  }

  /** A bare year in a year context, "(2017)", "the 2014 attack", or a decade "1990s". */
  private yearOrDecade(i: number): Found | null {
    const t = this.tokens[i];
    const dec = DECADE.exec(t.text);
    if (dec) {
      const y = Number(dec[1]);
      if (y < 1000 || y > 2100) return null;
      return new Found(i, i + 1, dec[1], "decade", "stated");
    }
    const y = yearOf(t, 1900, this.ref ? this.ref.y + 10 : 2100);
    if (y === null) return null;
    const prev = i > 0 && this.tokens[i - 1].sent === t.sent ? this.tokens[i - 1] : null;
    const next = this.at(i + 1);
    if (!prev) return null;
    if (this.ix.yearContext.has(prev.lower) || (prev.text === "(" && next?.text === ")")) return new Found(i, i + 1, String(y), "year", "stated");
    if (this.ix.yearDeterminers.has(prev.lower) && next && (next.pos === "NOUN" || next.pos === "ADJ" || next.pos === "PROPN")) return new Found(i, i + 1, String(y), "year", "stated", true);
    return null;
  }

  /** "mid-2020", "early-2019". */
  private hyphenYear(i: number): Found | null {
    const text = this.tokens[i].lower;
    const dash = text.indexOf("-");
    if (dash <= 0 || text.length - dash !== 5 || !this.ix.yearContext.has(text.slice(0, dash))) return null;
    const y = text.slice(dash + 1);
    return YEAR.test(y) ? new Found(i, i + 1, y, "year", "stated") : null;
  }

  /** "[last|next] Tuesday [night]", "Tuesday, December 10". */
  private weekday(i: number): Found | null {
    let k = i;
    const direction = this.ix.modifiers.get(this.tokens[i].lower) ?? 0;
    if (direction !== 0) k++;
    const t = this.at(k);
    if (!t || !isCapitalized(t)) return null;
    const wd = this.ix.weekdays.get(t.lower);
    if (wd === undefined) return null;
    let end = k + 1;
    const after = end < this.limit && this.tokens[end].text === "," ? end + 1 : end;
    if (direction === 0 && after < this.limit) {
      const stated = this.dayFirst(after) ?? this.monthFirst(after);
      if (stated && stated.precision === "day") return new Found(i, stated.end, stated.value, stated.precision, stated.basis, stated.attributive);
    }
    if (this.ix.dayparts.has(this.at(end)?.lower ?? "")) end++;
    if (!this.ref) return unknown(i, end, "relative");
    const r = this.ref;
    let back = (weekdayOf(r) - wd + 7) % 7; // days back to the most recent such day, 0 = today
    if (direction < 0 && back === 0) back = 7;
    const day = direction > 0 ? addDays(r, ((wd - weekdayOf(r) + 7) % 7) || 7) : addDays(r, -back);
    return new Found(i, end, formatDay(day), "day", "relative");
  }

  /** "yesterday", "last week", "earlier this year". */
  private relative(i: number): Found | null {
    const hit = this.ix.relative.match(this.tokens, i, this.limit);
    if (!hit) return null;
    let end = hit.end;
    const rel = hit.value;
    if (rel.kind === "day" && this.ix.dayparts.has(this.at(end)?.lower ?? "")) end++;
    if (!this.ref) return unknown(i, end, "relative");
    const r = this.ref;
    if (rel.kind === "day") return new Found(i, end, formatDay(addDays(r, rel.offsetDays)), "day", "relative");
    const moved = shift(r, rel.unit, rel.offset);
    return moved && new Found(i, end, moved.value, moved.precision, "relative");
  }

  /** "three days ago", "a decade ago", "two years ago". */
  private ago(i: number): Found | null {
    // Cheap test first: a time unit must follow within a few tokens.
    let k = i + 1;
    while (k < this.limit && k <= i + 4 && !this.ix.units.has(this.tokens[k].lower)) k++;
    if (k >= this.limit || k > i + 4) return null;
    const n = parseNumber(this.tokens, i, this.ix.numbers, { allowArticle: true, limit: this.limit });
    if (!n || n.qualifier !== "exact" || n.vague || n.end + 1 >= this.limit) return null;
    const unit = this.ix.units.get(this.tokens[n.end].lower);
    if (!unit || !this.ix.ago.has(this.tokens[n.end + 1].lower)) return null;
    const end = n.end + 2;
    if (!this.ref) return unknown(i, end, "relative");
    if (!Number.isInteger(n.value)) return null;
    const moved = shift(this.ref, unit, -n.value);
    return moved && new Found(i, end, moved.value, moved.precision, "relative");
  }

  /** The date expression starting at token `i`, whose `wordFlags` are `flags`, or null. */
  match(i: number, flags: number): Found | null {
    if (flags & DIGIT) return this.numericDay(i) ?? this.dayFirst(i) ?? this.ago(i) ?? this.yearOrDecade(i);
    const kinds = flags & KINDS;
    if (kinds === 0) return flags & HYPHENATED ? this.hyphenYear(i) : null;
    if (kinds & MONTH) return this.monthFirst(i);
    if (kinds & WEEKDAY) return this.weekday(i);
    if (kinds & MODIFIER) {
      const w = this.weekday(i);
      if (w) return w;
      const next = this.at(i + 1);
      if (next && this.ix.months.has(next.lower)) return null; // "last March": read at the month
    }
    if (kinds & RELATIVE) {
      const r = this.relative(i);
      if (r) return r;
    }
    return kinds & NUMBER ? this.ago(i) : null;
  }
}

/** The reference day moved by `n` units, at the precision that unit supports; null outside years 1000-9999. */
function shift(r: Ymd, unit: DateUnit, n: number): { value: string; precision: DatePrecision } | null {
  let out: { value: string; precision: DatePrecision };
  switch (unit) {
    case "day":
      out = { value: formatDay(addDays(r, n)), precision: "day" };
      break;
    case "week": {
      const t = addDays(r, 7 * n);
      out = { value: formatMonth(t.y, t.m), precision: "month" };
      break;
    }
    case "month": {
      const t = addMonths(r.y, r.m, n);
      out = { value: formatMonth(t.y, t.m), precision: "month" };
      break;
    }
    case "year":
      out = { value: String(r.y + n), precision: "year" };
      break;
    case "decade": {
      const y = r.y + 10 * n;
      out = { value: String(y - (y % 10)), precision: "decade" };
      break;
    }
  }
  const y = Number(out.value.slice(0, 4));
  return out.value.length >= 4 && y >= 1000 && y <= 9999 ? out : null;
}

/** Whether a date lies well before the publication date (see the module comment). */
export function isHistorical(value: string, precision: DatePrecision, ref: Ymd | null): boolean {
  if (!ref || value === "" || precision === "unknown") return false;
  const last = lastDayNumber(value, precision);
  if (last === null) return false;
  if (precision === "year" || precision === "decade") return last < dayNumber({ y: ref.y, m: 1, d: 1 });
  return last < dayNumber(ref) - 60;
}

/**
 * The clause around tokens [a, b) within sentence `s`: it stops at a clause-break
 * token on either side (the word just before the date, as in "since 2021", does not count).
 */
function clauseAround(tokens: readonly Token[], a: number, b: number, s: Sentence, breaks: ReadonlySet<string>): { tokenStart: number; tokenEnd: number } {
  let lo = a - 1;
  while (lo > s.tokenStart && !breaks.has(tokens[lo - 1].lower)) lo--;
  if (lo < s.tokenStart) lo = s.tokenStart;
  let hi = b;
  while (hi < s.tokenEnd && !breaks.has(tokens[hi].lower)) hi++;
  return { tokenStart: lo, tokenEnd: hi };
}

/** Find and resolve the dates of a tokenised document (pure; the stage's work). */
export function findDates(doc: Doc, ix: DateIndex): DateMentionInfo[] {
  const ref = parseDay(doc.date);
  const out: DateMentionInfo[] = [];
  const tokens = doc.tokens;
  const scanner = new Scanner(ix, tokens, ref, 0);
  for (const s of doc.sentences) {
    scanner.limit = s.tokenEnd;
    for (let i = s.tokenStart; i < s.tokenEnd; ) {
      // Most words can start no date: one byte read, no call.
      const flags = wordFlags(ix, tokens[i]);
      const f = flags & (DIGIT | KINDS | HYPHENATED) ? scanner.match(i, flags) : null;
      if (!f || f.end <= i) {
        i++;
        continue;
      }
      const a = tokens[f.start];
      const b = tokens[f.end - 1];
      const prev = f.start > s.tokenStart ? tokens[f.start - 1] : null;
      const text = doc.text.slice(a.start, b.end);
      out.push({
        tokenStart: f.start,
        tokenEnd: f.end,
        start: a.start,
        end: b.end,
        text,
        date: { value: f.value, precision: f.precision, basis: f.basis, text },
        historical: isHistorical(f.value, f.precision, ref),
        relation: (prev && ix.relations.get(prev.lower)) ?? "at",
        attributive: f.attributive,
        clause: clauseAround(tokens, f.start, f.end, s, ix.clauseBreaks),
      });
      i = f.end;
    }
  }
  return out;
}

/** Build the dates stage from the loaded knowledge (only its lexicon is read). */
export function datesStage(kb: Pick<Knowledge, "lexicon">): Stage {
  const ix = indexDates(kb.lexicon);
  return {
    name: "dates",
    requires: ["tokens", "sentences"],
    assigns: ["dates"],
    run(doc: Doc) {
      doc.dates = findDates(doc, ix);
    },
  };
}
