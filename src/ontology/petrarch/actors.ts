/**
 * PETRARCH / TABARI actor dictionaries:
 *
 *     NAME_WITH_UNDERSCORES [CODE]      one entry; spaces also separate words
 *     +ALTERNATIVE_NAME                 more names of the entry above
 *         [CODE <YYYYMMDD]              codes may follow on their own lines, with
 *         [CODE YYYYMMDD-YYYYMMDD]      date restrictions: before, within (inclusive),
 *         [CODE >YYYYMMDD]              after; six-digit dates are YYMMDD (YY < 30: 20YY)
 *
 * Codes are upper-cased; `A/B` names several actors at once; `---` means "no actor"
 * (over its date range). The first dated code covering a date wins; an undated code is
 * the default.
 */
import { contentLines, phraseWords, ProblemLog } from "./lines.js";
import type { DatedCode, DictProblem, PetrActor } from "./types.js";

const CODE_RE = /^(---|\+\+\+|###|[A-Za-z][A-Za-z0-9]*(?:\/[A-Za-z][A-Za-z0-9]*)*)\s*(.*)$/;
const BEFORE_AFTER_RE = /^([<>])\s*(\d{8}|\d{6})$/;
const RANGE_RE = /^(\d{8}|\d{6})\s*-\s*(\d{8}|\d{6})$/;

/** A dictionary date (YYYYMMDD or YYMMDD) as YYYY-MM-DD, or null when it is not a calendar date. */
export function dictDate(digits: string): string | null {
  const full = digits.length === 6 ? (Number(digits.slice(0, 2)) < 30 ? "20" : "19") + digits : digits;
  const iso = `${full.slice(0, 4)}-${full.slice(4, 6)}-${full.slice(6, 8)}`;
  const t = Date.parse(iso);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso ? null : iso;
}

function shiftDay(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Parse the inside of one `[...]` code block; a string is an error message. */
export function parseDatedCode(inner: string): DatedCode | string {
  const m = CODE_RE.exec(inner.trim());
  if (!m) return `bad actor code "[${inner}]"`;
  const code = m[1].toUpperCase();
  const rest = m[2].trim();
  if (!rest) return { code, start: null, end: null };
  const ba = BEFORE_AFTER_RE.exec(rest);
  if (ba) {
    const d = dictDate(ba[2]);
    if (!d) return `bad date "${ba[2]}" in "[${inner}]"`;
    return ba[1] === "<" ? { code, start: null, end: shiftDay(d, -1) } : { code, start: shiftDay(d, 1), end: null };
  }
  const r = RANGE_RE.exec(rest);
  if (r) {
    const a = dictDate(r[1]);
    const b = dictDate(r[2]);
    if (!a || !b) return `bad date range "${rest}" in "[${inner}]"`;
    if (a > b) return `date range ends before it starts in "[${inner}]"`;
    return { code, start: a, end: b };
  }
  return `bad date restriction "${rest}" in "[${inner}]" (expected <YYYYMMDD, >YYYYMMDD or YYYYMMDD-YYYYMMDD)`;
}

/** Read every `[...]` block of a line fragment; returns the codes and what is left outside brackets. */
function readCodes(text: string, line: number, log: ProblemLog): { codes: DatedCode[]; outside: string } {
  const codes: DatedCode[] = [];
  let outside = "";
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("[", i);
    if (open < 0) {
      outside += text.slice(i);
      break;
    }
    outside += text.slice(i, open);
    const close = text.indexOf("]", open);
    if (close < 0) {
      log.add(line, `unclosed "[" in "${text}"`);
      return { codes, outside };
    }
    const c = parseDatedCode(text.slice(open + 1, close));
    if (typeof c === "string") log.add(line, c);
    else codes.push(c);
    i = close + 1;
  }
  return { codes, outside: outside.trim() };
}

/** Dated codes before undated ones (file order kept within each group). */
function ordered(codes: DatedCode[]): DatedCode[] {
  return [...codes.filter((c) => c.start || c.end), ...codes.filter((c) => !c.start && !c.end)];
}

/** Parse an actor dictionary; problems name `file` and the line. */
export function parseActors(source: string, file: string): { actors: PetrActor[]; problems: DictProblem[] } {
  const log = new ProblemLog(file);
  const actors: PetrActor[] = [];
  let cur: PetrActor | null = null;
  const close = () => {
    if (cur) {
      if (cur.codes.length === 0) log.add(cur.line, `actor "${cur.id}" has no code`);
      else actors.push({ ...cur, codes: ordered(cur.codes) });
    }
    cur = null;
  };
  for (const l of contentLines(source)) {
    if (l.text.startsWith("[")) {
      if (!cur) {
        log.add(l.no, "code line without an actor above it");
        continue;
      }
      const { codes, outside } = readCodes(l.text, l.no, log);
      if (outside) log.add(l.no, `unexpected text "${outside}" after a code`);
      (cur as PetrActor).codes.push(...codes);
      continue;
    }
    const alt = l.text.startsWith("+");
    const { codes, outside } = readCodes(alt ? l.text.slice(1) : l.text, l.no, log);
    const words = phraseWords(outside);
    if (words.length === 0) {
      log.add(l.no, `missing actor name in "${l.text}"`);
      continue;
    }
    if (alt) {
      if (!cur) log.add(l.no, "alternative name (+) without an actor above it");
      else {
        (cur as PetrActor).names.push(words);
        (cur as PetrActor).codes.push(...codes);
      }
      continue;
    }
    close();
    cur = { id: words.join("_"), names: [words], codes, line: l.no };
  }
  close();
  return { actors, problems: log.problems.sort((a, b) => a.line - b.line) };
}
