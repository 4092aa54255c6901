/**
 * Ranking of same-named places: a prior (countries over regions over towns, big towns over
 * small, capitals first) plus the document's context (its countries and regions, qualifiers,
 * designators, nearby places).
 */
import type { GeoPrecision } from "../../doc/index.js";
import { placeKey } from "./normalize.js";
import type { LookupContext, Place } from "./types.js";

const CITY_FEATURE_BONUS: Readonly<Record<string, number>> = { PPLC: 2.5, PPLA: 0.7, PPLA2: 0.3 };
const PRIOR_BY_PRECISION: Readonly<Record<GeoPrecision, number>> = { country: 6, admin1: 4.5, admin2: 4, city: 3, point: 3 };

function popTerm(population: number): number {
  return 0.5 * Math.log10(population + 1);
}

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const s1 = Math.sin(((b.lat - a.lat) * r) / 2);
  const s2 = Math.sin(((b.lon - a.lon) * r) / 2);
  const x = s1 * s1 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * s2 * s2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(x)));
}

/** The prior of a place before any context: countries over regions over towns, big towns over small. */
export function prior(p: Place): number {
  if (p.kind === "city") {
    let s = popTerm(p.population) + (CITY_FEATURE_BONUS[p.feature ?? ""] ?? 0);
    if (p.namesake) s += 2;
    return s;
  }
  const base = PRIOR_BY_PRECISION[p.precision];
  if (p.kind === "admin1") return base + 0.1 * (Math.log10(p.population + 1) - 6);
  return p.precision === "city" || p.precision === "point" ? base + popTerm(p.population) : base;
}

function inside(p: Place, q: Place): boolean {
  if (q.precision === "country") return p.country === q.country && p.id !== q.id;
  if (p.id === q.id) return false;
  if (q.kind === "admin1") return p.admin1Id === q.id || (p.country === q.country && p.admin1 !== null && placeKey(p.admin1) === placeKey(q.name));
  return p.country === q.country && p.admin1 !== null && q.admin1 !== null && placeKey(p.admin1) === placeKey(q.admin1);
}

export function countryWeights(c: LookupContext["countries"]): ReadonlyMap<string, number> | null {
  if (!c) return null;
  if (!Array.isArray(c)) return c as ReadonlyMap<string, number>;
  const m = new Map<string, number>();
  (c as readonly string[]).forEach((iso3, k) => m.set(iso3, 1 / (k + 1)));
  return m;
}

/** Score a place against a document's context (higher is better). */
export function contextScore(p: Place, ctx: LookupContext, weights: ReadonlyMap<string, number> | null, admin1: ReadonlySet<string> | null): number {
  let s = 0;
  if (weights && p.country) s += 4 * (weights.get(p.country) ?? 0);
  if (admin1 && p.admin1Id && admin1.has(p.admin1Id)) s += 2.5;
  if (ctx.within) for (const q of ctx.within) if (inside(p, q)) s += 5;
  if (ctx.prefer && ctx.prefer === p.precision) s += 2;
  if (ctx.near && ctx.near.length > 0 && p.precision !== "country") {
    let best = Infinity;
    for (const q of ctx.near) {
      const d = distanceKm(p, q);
      if (d < best) best = d;
    }
    s += best < 50 ? 3 : best < 150 ? 2 : best < 400 ? 1 : 0;
  }
  return s;
}
