import { describe, expect, it } from "vitest";
import { daysInMonth, fromDayNumber, weekdayOf, type Ymd } from "./calendar.js";

// The arithmetic that replaced `Date` objects must answer as `Date` did, for every input.
const DAY_MS = 86_400_000;
const byDate = {
  daysInMonth: (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(),
  fromDayNumber: (n: number): Ymd => {
    const dt = new Date(n * DAY_MS);
    return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
  },
  weekdayOf: (t: Ymd) => new Date(Date.UTC(t.y, t.m - 1, t.d)).getUTCDay(),
};

describe("calendar without Date objects", () => {
  it("daysInMonth as Date.UTC, years 0-99 read as 1900-1999 included", () => {
    for (const y of [0, 4, 50, 99, 100, 1600, 1700, 1800, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999, -4, 1.5, NaN]) {
      for (let m = -1; m <= 14; m++) expect(daysInMonth(y, m), `${y}-${m}`).toBe(byDate.daysInMonth(y, m));
    }
  });

  it("fromDayNumber as Date, over the whole range and at its ends", () => {
    const ns = [0, -1, 1, 59, 60, -719468, -719469, 100_000_000, -100_000_000, 100_000_001, -100_000_001, 0.5, NaN];
    for (let n = -800_000; n <= 3_000_000; n += 997) ns.push(n);
    for (let n = 10_000; n < 11_000; n++) ns.push(n);
    for (const n of ns) expect(fromDayNumber(n), String(n)).toEqual(byDate.fromDayNumber(n));
  });

  it("weekdayOf as Date", () => {
    for (const y of [0, 50, 99, 100, 1000, 1899, 1900, 1970, 2000, 2024, 2025, 9999]) {
      for (let m = 1; m <= 12; m++) for (const d of [1, 15, 28, 31]) expect(weekdayOf({ y, m, d }), `${y}-${m}-${d}`).toBe(byDate.weekdayOf({ y, m, d }));
    }
    // A day that fails: NaN, as before.
    expect(weekdayOf({ y: NaN, m: 1, d: 1 })).toBeNaN();
  });
});
