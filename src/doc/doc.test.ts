import { describe, expect, it } from "vitest";
import { roleAt, type Role } from "./doc.js";

/** `roleAt` as it was written before it compared bounds in place: the contract the new one keeps. */
function roleAtByStrings(roles: readonly Role[], date: string | null | undefined): Role | null {
  const lower = (d: string) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d.slice(0, 10));
  const upper = (d: string) => (d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d.slice(0, 10));
  if (roles.length === 0) return null;
  if (roles.length === 1 || !date) return date ? roles[0] : (roles.find((r) => !r.end) ?? roles[roles.length - 1]);
  const d = lower(date);
  for (const r of roles) if ((!r.start || lower(r.start) <= d) && (!r.end || upper(r.end) >= d)) return r;
  let best: Role = roles[0];
  let bestDist = Infinity;
  const t = Date.parse(d);
  for (const r of roles) {
    const s = r.start ? Date.parse(lower(r.start)) : -Infinity;
    const e = r.end ? Date.parse(upper(r.end)) : Infinity;
    const dist = t < s ? s - t : t > e ? t - e : 0;
    if (dist < bestDist) {
      bestDist = dist;
      best = r;
    }
  }
  return best;
}

const role = (code: string, start?: string | null, end?: string | null): Role => ({ code, country: null, sector: null, start, end });

describe("roleAt", () => {
  it("picks the role whose range covers the date, partial dates as ranges", () => {
    const roles = [role("A", "2001", "2005-06"), role("B", "2005-07-01", "2010"), role("C", "2011-02", null)];
    expect(roleAt(roles, "2005-06-30")?.code).toBe("A");
    expect(roleAt(roles, "2005-07")?.code).toBe("B");
    expect(roleAt(roles, "2010-12-31")?.code).toBe("B");
    expect(roleAt(roles, "2011")?.code).toBe("B"); // no role covers it: B ends a day before, C starts a month after
    expect(roleAt(roles, "2011-03")?.code).toBe("C");
    expect(roleAt(roles, "2024-03-01")?.code).toBe("C");
    expect(roleAt(roles, null)?.code).toBe("C");
    expect(roleAt(roles, "1990-01-01")?.code).toBe("A");
    expect(roleAt(roles, "2010-12-31T10:00:00Z")?.code).toBe("B");
  });

  it("answers as the string comparison of bounds did, for dates of every length", () => {
    const dates = ["", "2", "200", "2005", "2005-", "2005-0", "2005-06", "2005-06-", "2005-06-1", "2005-06-15", "2005-06-15T", "2005-12-31", "2005-13", "2006", "2004-12", "2005-06-31", "2005-6-1", "x2005", "2005-07-01"];
    const bounds = [undefined, null, ...dates];
    const roleSets: Role[][] = [];
    for (const s1 of bounds) for (const e1 of bounds) roleSets.push([role("A", s1, e1), role("B", "2005-06", "2005-06-20"), role("C", "2006", null)]);
    let n = 0;
    for (const roles of roleSets) {
      for (const d of [null, undefined, ...dates]) {
        expect(roleAt(roles, d), `${JSON.stringify(roles.map((r) => [r.start, r.end]))} at ${d}`).toBe(roleAtByStrings(roles, d));
        n++;
      }
    }
    expect(n).toBeGreaterThan(8000);
  });
});
