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

export function daysInMonth(y: number, m: number): number {
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

export function fromDayNumber(n: number): Ymd {
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
  return new Date(Date.UTC(t.y, t.m - 1, t.d)).getUTCDay();
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
