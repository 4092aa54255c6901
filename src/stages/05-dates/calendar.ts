/**
 * Calendar arithmetic for the dates stage: proleptic Gregorian, UTC, whole days.
 * Values are partial ISO dates: "YYYY", "YYYY-MM", "YYYY-MM-DD".
 */
import type { DatePrecision } from "../../doc/index.js";

/** A calendar day. `m` is 1..12. */
export interface Ymd {
  y: number;
  m: number;
  d: number;
}

const DAY_MS = 86_400_000;

const pad2 = (n: number): string => (n < 10 ? "0" + n : String(n));
const pad4 = (n: number): string => String(n).padStart(4, "0");

export function formatDay(t: Ymd): string {
  return `${pad4(t.y)}-${pad2(t.m)}-${pad2(t.d)}`;
}

export function formatMonth(y: number, m: number): string {
  return `${pad4(y)}-${pad2(m)}`;
}

/** Days of each month (1-based) in a common year. */
const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days in month `m` (1..12) of year `y`, counted without a `Date`: the dates stage asks this for
 * every day it validates (up to four times per stated day), and a `Date` object per question was
 * the stage's largest single cost on real text after its scan (a CPU profile: ~8 % of the stage).
 * Years below 100 and anything out of range go through `Date.UTC` as before, which reads years
 * 0-99 as 1900-1999, so the answers stay the same for every input.
 */
export function daysInMonth(y: number, m: number): number {
  if (y >= 100 && m >= 1 && m <= 12 && Number.isInteger(y) && Number.isInteger(m)) {
    return m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : MONTH_DAYS[m];
  }
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A valid day or null ("2025-02-30" is not). */
export function makeDay(y: number, m: number, d: number): Ymd | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

/** Parse "YYYY-MM-DD" (a longer ISO date-time is cut to its date), or null. */
export function parseDay(s: string | null | undefined): Ymd | null {
  if (!s || s.length < 10) return null;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (s[4] !== "-" || s[7] !== "-") return null;
  return makeDay(y, m, d);
}

/** Days since 1970-01-01. */
export function dayNumber(t: Ymd): number {
  return Date.UTC(t.y, t.m - 1, t.d) / DAY_MS;
}

/**
 * The day `n` days after 1970-01-01, without a `Date` (the civil-from-days algorithm of
 * H. Hinnant's "chrono-compatible low-level date algorithms": exact for every integer, as
 * the `Date` it replaces is within its range). Other numbers go through `Date` as before.
 */
export function fromDayNumber(n: number): Ymd {
  if (Number.isInteger(n) && Math.abs(n) <= 100_000_000) {
    const z = n + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
  }
  const dt = new Date(n * DAY_MS);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

export function addDays(t: Ymd, n: number): Ymd {
  return fromDayNumber(dayNumber(t) + n);
}

/** The month `n` months after (y, m); n may be negative. */
export function addMonths(y: number, m: number, n: number): { y: number; m: number } {
  const k = y * 12 + (m - 1) + n;
  return { y: Math.floor(k / 12), m: (k % 12 + 12) % 12 + 1 };
}

/** 0 = Sunday. */
export function weekdayOf(t: Ymd): number {
  // 1970-01-01 (day 0) was a Thursday; no `Date` object needed (same day number as `dayNumber`).
  const n = dayNumber(t);
  return Number.isInteger(n) ? (((n + 4) % 7) + 7) % 7 : new Date(Date.UTC(t.y, t.m - 1, t.d)).getUTCDay();
}

/** The last day a partial value covers, as a day number ("2025-12" → 2025-12-31). */
export function lastDayNumber(value: string, precision: DatePrecision): number | null {
  const y = Number(value.slice(0, 4));
  if (!Number.isInteger(y) || value.length < 4) return null;
  switch (precision) {
    case "day": {
      const t = parseDay(value);
      return t ? dayNumber(t) : null;
    }
    case "month": {
      const m = Number(value.slice(5, 7));
      return dayNumber({ y, m, d: daysInMonth(y, m) });
    }
    case "year":
      return dayNumber({ y, m: 12, d: 31 });
    case "decade":
      return dayNumber({ y: y + 9, m: 12, d: 31 });
    default:
      return null;
  }
}

/**
 * Of several candidate days, the one nearest to `ref`, counting days after `ref`
 * four times (news reports what happened far more often than what is scheduled).
 */
export function nearestDay(cands: readonly Ymd[], ref: Ymd): Ymd {
  const r = dayNumber(ref);
  let best = cands[0];
  let bestCost = Infinity;
  for (const c of cands) {
    const diff = dayNumber(c) - r;
    const cost = diff > 0 ? 4 * diff : -diff;
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return best;
}
