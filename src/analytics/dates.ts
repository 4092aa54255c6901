/**
 * Calendar arithmetic on "epoch days" (whole UTC days since 1970-01-01), the unit
 * every series works in. Weeks start on Monday (ISO 8601).
 */
import type { Interval } from "./types.js";

const MS_PER_DAY = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of a YYYY-MM-DD string, or null when it is not a valid calendar date. */
export function toEpochDay(date: string): number | null {
  const m = DAY_RE.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / MS_PER_DAY;
}

/** YYYY-MM-DD of an epoch day. */
export function fromEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The first epoch day of the bucket of size `interval` holding `day`. */
export function bucketStart(day: number, interval: Interval): number {
  if (interval === "day") return day;
  if (interval === "week") return day - ((day + 3) % 7); // 1970-01-01 was a Thursday
  const d = new Date(day * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / MS_PER_DAY;
}

/** The first epoch day of the bucket after the one starting at `start`. */
export function nextBucket(start: number, interval: Interval): number {
  if (interval === "day") return start + 1;
  if (interval === "week") return start + 7;
  const d = new Date(start * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / MS_PER_DAY;
}

/**
 * The epoch day an event date falls on when bucketed by `interval`, or null when the
 * date is coarser than the interval allows (a "2025-03" date has no day or week; it
 * can still be counted in a monthly series).
 */
export function dayForInterval(value: string, interval: Interval): number | null {
  if (value.length === 10) return toEpochDay(value);
  if (interval === "month" && value.length === 7) return toEpochDay(value + "-01");
  return null;
}
