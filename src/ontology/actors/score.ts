/**
 * Scoring `resolve` against PLOVER/POLECAT-style expectations (the NGEC actor
 * resolution tests): share of phrases whose country is right, and whose sector is right,
 * among those where the gold gives one. Sectors compare through the PLOVER equivalents
 * in ontology/actors/sectors.json.
 */
import type { Actor } from "../../doc/index.js";
import type { ActorKB } from "./kb.js";
import { resolveActor } from "./resolve.js";

/** One expectation: an actor phrase and what it should resolve to. */
export interface ResolutionCase {
  id?: string;
  text: string;
  gold: {
    expected: Record<string, string | null | undefined>;
    context_sentence?: string | null;
    query_date?: string | null;
  };
}

export interface ResolutionMiss {
  id?: string;
  text: string;
  field: "country" | "sector";
  expected: string;
  got: string | null;
}

export interface ResolutionScore {
  country: { right: number; total: number };
  sector: { right: number; total: number };
  misses: ResolutionMiss[];
}

/** International pseudo-countries of PLOVER data, matched against the actor code. */
const PSEUDO_COUNTRIES = new Set(["IGO", "UNO", "EUR", "NGO"]);
/** Gold sectors meaning "no actor or no sector". */
const EMPTY_SECTORS = new Set(["UNK", "JNK"]);

/** A query date as YYYY-MM-DD ("today", "10 May 2015", "2022-01-01"), or null. */
export function queryDate(d: string | null | undefined, today = new Date()): string | null {
  if (!d || !d.trim()) return null;
  if (/^today$/i.test(d.trim())) return today.toISOString().slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}$/.test(d.trim())) return d.trim();
  const t = Date.parse(`${d.trim()} UTC`);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
}

function countryRight(expected: string, a: Actor | null): boolean {
  if (!a) return false;
  if (PSEUDO_COUNTRIES.has(expected)) return a.code.includes(expected) || (expected === "IGO" && a.code.startsWith("IGO"));
  return a.country === expected;
}

/** Score every case; `kb.sectors()` supplies the PLOVER equivalents. */
export function scoreResolution(kb: ActorKB, cases: Iterable<ResolutionCase>): ResolutionScore {
  const plover = new Map<string, Set<string>>();
  for (const s of kb.sectors()) plover.set(s.code, new Set([s.code, ...(s.plover ?? [])]));
  const isCountry = (c: string) => kb.state(c) !== undefined;
  const score: ResolutionScore = { country: { right: 0, total: 0 }, sector: { right: 0, total: 0 }, misses: [] };
  for (const c of cases) {
    const ex = c.gold.expected ?? {};
    const actor = resolveActor(kb, c.text, queryDate(c.gold.query_date), c.gold.context_sentence ?? null);
    const country = ex.country || ex.cc || "";
    if (country) {
      score.country.total++;
      if (countryRight(country, actor)) score.country.right++;
      else score.misses.push({ id: c.id, text: c.text, field: "country", expected: country, got: actor ? actor.code : null });
    }
    const sector = ex.code_1 || "";
    const alt = ex.code_2 || "";
    if (sector && /^[A-Z]{3}$/.test(sector) && !isCountry(sector)) {
      score.sector.total++;
      const ok = EMPTY_SECTORS.has(sector)
        ? !actor || !actor.sector
        : !!actor?.sector && [sector, alt].some((g) => g !== "" && (plover.get(actor.sector!)?.has(g) ?? actor.sector === g));
      if (ok) score.sector.right++;
      else score.misses.push({ id: c.id, text: c.text, field: "sector", expected: sector, got: actor ? actor.code : null });
    }
  }
  return score;
}
