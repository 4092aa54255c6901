/**
 * Places, pass 2 context: which countries a document is about (its actors, its places,
 * country-specific designators), and whether a small town abroad is contradicted by them.
 */
import type { Doc } from "../../doc/index.js";
import type { Candidate, Place } from "../../ontology/places/index.js";
import type { Gazetteer } from "../../ontology/places/index.js";
import { designatorAfter } from "./cues.js";
import { STANDALONE, startFlags, type Raw } from "./find.js";

/** Score margin above which a resolution is trusted (an anchor for its neighbours, a clear vote for its country). */
export const ANCHOR_MARGIN = 1.5;
/** A small town's country must weigh at least this share of the document's main country (other mentions and actors), or the town is dropped. */
const FOREIGN_TOWN_SHARE = 0.5;
/** Country weight of one mention by what it names (a town spreads 1 over its likely countries). */
const COUNTRY_WEIGHT = { country: 2, admin1: 1.5, designator: 1.5, actor: 1 } as const;

/** No votes (shared: never changed). */
const NO_VOTES: ReadonlyMap<string, number> = new Map();

/** A mention's votes for the document's countries: a country or a clear region votes for its own, a town spreads one vote over its likely countries. */
export function countryVotes(r: Raw): Map<string, number> {
  const votes = new Map<string, number>();
  const add = (c: string | null, v: number) => {
    if (c) votes.set(c, (votes.get(c) ?? 0) + v);
  };
  for (const c of r.designatorCountries) add(c, COUNTRY_WEIGHT.designator / r.designatorCountries.length);
  if (r.candidates.length === 0) return votes;
  const top = r.candidates[0];
  if (top.place.precision === "country") add(top.place.country, COUNTRY_WEIGHT.country);
  else if (top.place.kind === "admin1" && margin(r.candidates) >= ANCHOR_MARGIN) add(top.place.country, COUNTRY_WEIGHT.admin1);
  else {
    const close = new Set<string>();
    for (const c of r.candidates) if (c.score >= top.score - 1 && c.place.country) close.add(c.place.country);
    for (const c of close) add(c, 1 / close.size);
  }
  return votes;
}

/**
 * Votes of country-specific designators that qualify no place mention ("destroying the Local
 * Government Secretariat": Nigeria): each counts as a designator vote spread over its countries.
 * Only designators marked `standalone` in cues.json count: "agency" is ordinary English.
 */
export function looseDesignatorVotes(doc: Doc, gaz: Gazetteer, raws: readonly Raw[]): ReadonlyMap<string, number> {
  let votes: Map<string, number> | null = null;
  const toks = doc.tokens;
  const cues = gaz.cues;
  // Most documents have no word a standalone designator begins with: a byte read per token, and
  // the tokens taken by mentions marked only when one is there.
  let taken: Uint8Array | null = null;
  for (let k = 0; k < toks.length; k++) {
    if ((startFlags(toks[k], gaz) & STANDALONE) === 0) continue;
    if (taken === null) {
      taken = new Uint8Array(toks.length);
      for (const r of raws) for (let j = r.tokenStart; j < r.tokenEnd; j++) taken[j] = 1;
    }
    if (taken[k]) continue;
    const d = designatorAfter(toks, k, toks.length, cues);
    if (!d || !d.designator.standalone) continue;
    const cs = d.designator.countries;
    votes ??= new Map();
    for (const c of cs) votes.set(c, (votes.get(c) ?? 0) + COUNTRY_WEIGHT.designator / cs.length);
    k = d.end - 1;
  }
  return votes ?? NO_VOTES;
}

/** Country weights of a document (raw sums) from its actors and the votes of its mentions. */
export function countryTotals(actors: Doc["actors"], votes: readonly ReadonlyMap<string, number>[]): Map<string, number> {
  const w = new Map<string, number>();
  for (const a of actors) if (a.country) w.set(a.country, (w.get(a.country) ?? 0) + COUNTRY_WEIGHT.actor);
  for (const v of votes) for (const [c, n] of v) w.set(c, (w.get(c) ?? 0) + n);
  return w;
}

/** Weights scaled to 0..1 (the main country weighs 1). */
export function normalised(w: ReadonlyMap<string, number>): Map<string, number> {
  let max = 0;
  for (const v of w.values()) max = Math.max(max, v);
  const out = new Map<string, number>();
  if (max > 0) for (const [c, v] of w) out.set(c, v / max);
  return out;
}

/**
 * Whether a small town abroad is contradicted by the rest of the document: the other
 * mentions and the actors point elsewhere, and hardly at the town's country.
 */
export function contradicted(p: Place, own: ReadonlyMap<string, number>, totals: ReadonlyMap<string, number>): boolean {
  if (!p.country) return false;
  let max = 0;
  for (const [c, v] of totals) max = Math.max(max, v - (own.get(c) ?? 0));
  if (max <= 0) return false;
  return (totals.get(p.country) ?? 0) - (own.get(p.country) ?? 0) < FOREIGN_TOWN_SHARE * max;
}

export function margin(cs: readonly Candidate[]): number {
  return cs.length < 2 ? Infinity : cs[0].score - cs[1].score;
}
