/**
 * Stage 04 — places: finds place mentions in the token stream and geocodes each one to an
 * `EventLocation`, with the whole document as context.
 *
 * Pass 1 walks capitalised tokens (any noun-like token in a document without case), takes
 * the longest indexed name there ("Dera Ismail Khan", "Mazar-i-Sharif"), a designator after
 * it ("Bannu district") and qualifiers after commas ("Hyderabad, Sindh"; "Tacoma,
 * Washington, United States"). Pass 2 weighs the document's countries (actors, places,
 * country-specific designators) and named regions, resolves every mention, re-ranks the
 * still ambiguous ones by distance to the confidently placed ones, and drops small foreign
 * towns that the rest of the document contradicts.
 */
import type { ActorMention, Doc, EventLocation, GeoPrecision, PlaceMention, Token } from "../../doc/index.js";
import type { Stage } from "../../pipeline/index.js";
import { placeKey, type Candidate, type Gazetteer, type LookupContext, type Place, type StopLevel } from "../../ontology/places/index.js";
import { capitalised, caseless, designatorAfter, designatorBefore, locativeBefore, useCues, type LocativeFlag } from "./cues.js";

export { locativeCue } from "./cues.js";

/** A place mention with its locative flag (what `locativeCue` reports). */
export type LocatedPlace = PlaceMention & LocativeFlag;

/** Tokens in one name at most (the longest names in the index are shorter). */
const MAX_NAME_TOKENS = 10;
/** Punctuation that may occur inside a name ("Mazar-i-Sharif", "D.I. Khan", "Be'eri", "J&K"). */
const NAME_PUNCT = new Set(["-", ".", "'", "’", "&"]);
/** A possessive ending closes a name ("Borno's" is Borno, not Bornos). */
const POSSESSIVE = new Set(["'s", "’s", "'", "’"]);
/** Score margin above which a resolution is trusted as an anchor for its neighbours. */
const ANCHOR_MARGIN = 1.5;
/** Distinct confidently placed towns used as proximity anchors, at most. */
const MAX_ANCHORS = 24;
/** A town at least this big is a place in its own right, even inside a longer name ("Kabul University"). */
const BIG_TOWN = 100_000;
/** A small town's country must weigh at least this share of the document's main country (other mentions and actors), or the town is dropped. */
const FOREIGN_TOWN_SHARE = 0.5;
/** Country weight of one mention by what it names (a town spreads 1 over its likely countries). */
const COUNTRY_WEIGHT = { country: 2, admin1: 1.5, designator: 1.5, actor: 1 } as const;

interface Raw {
  tokenStart: number;
  tokenEnd: number;
  /** Token after the name itself (before any designator). */
  nameEnd: number;
  key: string;
  locative: boolean;
  metonym: boolean;
  /** What the name needs as a common word too ("Reading": a locative cue; "March": a qualifier). */
  stop: StopLevel;
  /** First token of its sentence (capitalised whatever it is). */
  initial: boolean;
  /** A capitalised word follows: the name may be part of a longer one ("Boylston Street", "University of Oregon"). */
  nameGoesOn: boolean;
  /** The name is a direction word ("Southern", "Central"): with a name after it, it is part of that name. */
  directional: boolean;
  /** A single all-capital token ("APC"): an acronym rather than a town. */
  acronym: boolean;
  prefer: GeoPrecision | null;
  /** Countries a designator implies ("local government area" → NGA). */
  designatorCountries: readonly string[];
  within: Place[];
  /** Consumed as the qualifier of the mention before it. */
  qualifier: boolean;
  candidates: Candidate[];
}

function wordToken(t: Token): boolean {
  return t.pos !== "PUNCT" && t.pos !== "SPACE" && t.pos !== "SYM";
}

/** The actor mention covering each token, or undefined. */
function actorCover(doc: Doc): (ActorMention | undefined)[] {
  const cover: (ActorMention | undefined)[] = new Array(doc.tokens.length);
  for (const a of doc.actors) for (let k = a.tokenStart; k < a.tokenEnd && k < cover.length; k++) cover[k] = a;
  return cover;
}

/** The longest indexed name starting at token `i` (exclusive end), or null. */
function longestName(doc: Doc, gaz: Gazetteer, i: number, limit: number): { end: number; key: string } | null {
  const toks = doc.tokens;
  let best: { end: number; key: string } | null = null;
  for (let j = i; j < limit && j - i < MAX_NAME_TOKENS; j++) {
    const t = toks[j];
    if (POSSESSIVE.has(t.lower)) break;
    if (!wordToken(t)) {
      if (j > i && NAME_PUNCT.has(t.text)) continue;
      break;
    }
    const key = placeKey(doc.text.slice(toks[i].start, t.end));
    if (key.length === 0) break;
    if (gaz.hasKey(key)) best = { end: j + 1, key };
    else if (!gaz.isPrefix(key)) break;
  }
  return best;
}

/** Whether token `k` is a capitalised noun that would continue a proper name ("Boylston Street", "Kent State University"). */
function nameWordAt(toks: readonly Token[], k: number, limit: number): boolean {
  if (k >= limit) return false;
  const t = toks[k];
  return t.spaceBefore && capitalised(t) && (t.pos === "PROPN" || t.pos === "NOUN");
}

/** "in Gwoza and Bama", "in Jammu, Srinagar or Anantnag": joined to a locative mention just before. */
function coordinatedWithLocative(toks: readonly Token[], i: number, sentenceStart: number, out: readonly Raw[], cues: Gazetteer["cues"]): boolean {
  const prev = out.length > 0 ? out[out.length - 1] : null;
  if (!prev || !prev.locative || prev.tokenEnd >= i || prev.tokenStart < sentenceStart) return false;
  let joined = false;
  for (let k = prev.tokenEnd; k < i; k++) {
    const t = toks[k];
    if (t.pos === "SPACE" || t.pos === "DET") continue;
    if (!cues.coordinators.has(t.lower)) return false;
    joined = true;
  }
  return joined;
}

/** "Qala-i Mirak", "Sari-Sang": a hyphen right after the name, then a capitalised word or a short link word. */
function hyphenGoesOn(toks: readonly Token[], k: number, limit: number): boolean {
  if (k + 1 >= limit || toks[k].text !== "-" || toks[k].spaceBefore || toks[k + 1].spaceBefore) return false;
  const t = toks[k + 1];
  return capitalised(t) || t.text.length <= 2;
}

function isAcronym(t: Token): boolean {
  return t.text.length >= 2 && t.text.length <= 5 && t.text === t.text.toUpperCase() && t.text !== t.text.toLowerCase();
}

/** Pass 1: mentions of one sentence. */
function findInSentence(doc: Doc, gaz: Gazetteer, s: { tokenStart: number; tokenEnd: number }, noCase: boolean, cover: (ActorMention | undefined)[], out: Raw[]): void {
  const toks = doc.tokens;
  const cues = gaz.cues;
  let i = s.tokenStart;
  while (i < s.tokenEnd) {
    const t = toks[i];
    const startable = noCase ? t.pos === "PROPN" || t.pos === "NOUN" : capitalised(t);
    const m = startable ? longestName(doc, gaz, i, s.tokenEnd) : null;
    if (!m) {
      i++;
      continue;
    }
    const locative = locativeBefore(toks, i, s.tokenStart, cues) || coordinatedWithLocative(toks, i, s.tokenStart, out, cues);
    let metonym = false;
    let blocked = false;
    for (let k = i; k < m.end; k++) {
      const a = cover[k];
      if (!a) continue;
      if (a.how === "metonym") metonym = true;
      else if (!locative) blocked = true;
    }
    // "Imran Khan", "Michael Jackson": a capitalised name word before it makes it a person's or a body's name.
    const prev = i > s.tokenStart ? toks[i - 1] : null;
    const partOfName = !noCase && prev !== null && prev.pos === "PROPN" && capitalised(prev) && !cues.qualifiers.has(prev.lower);
    if (blocked || partOfName) {
      i = m.end;
      continue;
    }
    // "Kent State University": a designator followed by a name word belongs to that name.
    const after = designatorAfter(toks, m.end, s.tokenEnd, cues);
    const d = after && !nameWordAt(toks, after.end, s.tokenEnd) ? after : null;
    const end = d ? d.end : m.end;
    const stop = gaz.stopLevel(m.key);
    out.push({
      tokenStart: i,
      tokenEnd: end,
      nameEnd: m.end,
      key: m.key,
      locative,
      metonym,
      stop,
      initial: i === s.tokenStart,
      nameGoesOn: !noCase && (nameWordAt(toks, end, s.tokenEnd) || hyphenGoesOn(toks, end, s.tokenEnd) || (stop !== "none" && toks[end]?.lower === "of" && nameWordAt(toks, end + 1, s.tokenEnd))),
      acronym: !noCase && m.end === i + 1 && isAcronym(t),
      directional: cues.qualifiers.has(m.key),
      prefer: d ? d.designator.precision : designatorBefore(toks, i, s.tokenStart, cues),
      designatorCountries: d ? d.designator.countries : [],
      within: [],
      qualifier: false,
      candidates: [],
    });
    i = end;
  }
}

function fitsInside(p: Place, q: Place): boolean {
  if (p.id === q.id) return false;
  if (q.precision === "country") return p.country === q.country;
  return p.country === q.country && (p.admin1Id === q.id || (p.admin1 !== null && placeKey(p.admin1) === placeKey(q.name)));
}

/** The country or first-level region named by `r` that some place called like `of` lies in, or null. */
function qualifierPlace(r: Raw, gaz: Gazetteer, of: Raw): Place | null {
  const inner = gaz.placesByKey(of.key);
  for (const c of gaz.candidatesByKey(r.key)) {
    const p = c.place;
    if (p.precision !== "country" && p.precision !== "admin1") continue;
    if (inner.some((x) => fitsInside(x, p))) return p;
  }
  return null;
}

/** "Tacoma, Washington, United States": attach the trailing regions and countries to the first name. */
function attachQualifiers(doc: Doc, gaz: Gazetteer, raws: Raw[]): void {
  const toks = doc.tokens;
  for (let k = 0; k < raws.length; k++) {
    const head = raws[k];
    if (head.qualifier) continue;
    let last = head;
    for (let n = k + 1; n < raws.length; n++) {
      const q = raws[n];
      const comma = toks[last.tokenEnd];
      if (!comma || comma.text !== "," || q.tokenStart !== last.tokenEnd + 1) break;
      const p = qualifierPlace(q, gaz, head);
      if (!p) break;
      head.within.push(p);
      q.qualifier = true;
      last = q;
    }
  }
}

/** A mention's votes for the document's countries: a country or a clear region votes for its own, a town spreads one vote over its likely countries. */
function countryVotes(r: Raw): Map<string, number> {
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

/** Country weights of a document (raw sums) from its actors and the votes of its mentions. */
function countryTotals(doc: Doc, votes: readonly Map<string, number>[]): Map<string, number> {
  const w = new Map<string, number>();
  for (const a of doc.actors) if (a.country) w.set(a.country, (w.get(a.country) ?? 0) + COUNTRY_WEIGHT.actor);
  for (const v of votes) for (const [c, n] of v) w.set(c, (w.get(c) ?? 0) + n);
  return w;
}

/** Weights scaled to 0..1 (the main country weighs 1). */
function normalised(w: ReadonlyMap<string, number>): Map<string, number> {
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
function contradicted(p: Place, own: ReadonlyMap<string, number>, totals: ReadonlyMap<string, number>): boolean {
  if (!p.country) return false;
  let max = 0;
  for (const [c, v] of totals) max = Math.max(max, v - (own.get(c) ?? 0));
  if (max <= 0) return false;
  return (totals.get(p.country) ?? 0) - (own.get(p.country) ?? 0) < FOREIGN_TOWN_SHARE * max;
}

function margin(cs: readonly Candidate[]): number {
  return cs.length < 2 ? Infinity : cs[0].score - cs[1].score;
}

function isTown(p: Place): boolean {
  return p.precision === "city" || p.precision === "point";
}

const COARSENESS: Readonly<Record<GeoPrecision, number>> = { point: 0, city: 1, admin2: 2, admin1: 3, country: 4 };

/** The location of a mention; "Bannu district" placed at the town of Bannu is the district, at the town's point. */
function toLocation(text: string, p: Place, prefer: GeoPrecision | null): EventLocation {
  const precision = prefer && isTown(p) && COARSENESS[prefer] > COARSENESS[p.precision] ? prefer : p.precision;
  return { text, name: p.name, country: p.country, admin1: p.admin1, lat: p.lat, lon: p.lon, precision, geonames_id: p.geonamesId };
}

/**
 * Whether a mention is kept before context: stop names only capitalised, inside a sentence
 * and locative or qualified; acronyms and words inside a longer name only when they name
 * more than a small town; a common noun or verb that is also a town only with a cue.
 */
function plausible(r: Raw, doc: Doc, noCase: boolean): boolean {
  if (r.candidates.length === 0) return false;
  const top = r.candidates[0].place;
  const cued = r.locative || r.within.length > 0;
  if (r.stop === "qualified" && r.within.length === 0) return false;
  if (r.stop === "locative" && (noCase || r.initial || !cued)) return false;
  const weakTown = top.kind === "city" && top.population < BIG_TOWN;
  if (r.acronym && top.kind === "city") return false;
  if (r.nameGoesOn && (weakTown || r.directional)) return false;
  if (noCase) return top.kind !== "city" || cued || top.population >= BIG_TOWN;
  if (top.kind !== "city" || cued) return true;
  for (let k = r.tokenStart; k < r.nameEnd; k++) if (doc.tokens[k].pos === "PROPN") return true;
  return false;
}

/** Find and geocode the place mentions of a document. */
export function findPlaces(doc: Doc, gaz: Gazetteer): LocatedPlace[] {
  const noCase = caseless(doc.tokens);
  const cover = actorCover(doc);
  const raws: Raw[] = [];
  for (const s of doc.sentences) findInSentence(doc, gaz, s, noCase, cover, raws);
  if (raws.length === 0) return [];
  attachQualifiers(doc, gaz, raws);

  const baseCtx = (r: Raw): LookupContext => ({ within: r.within, prefer: r.prefer ?? undefined });
  for (const r of raws) r.candidates = gaz.candidatesByKey(r.key, baseCtx(r));
  const live = raws.filter((r) => !r.qualifier && plausible(r, doc, noCase));
  const votes = new Map<Raw, Map<string, number>>();
  for (const r of raws) if (r.qualifier) votes.set(r, countryVotes(r));
  for (const r of live) votes.set(r, countryVotes(r));
  const totals = countryTotals(doc, [...votes.values()]);
  const countries = normalised(totals);
  const admin1 = [...new Set(raws.filter((r) => r.candidates[0]?.place.kind === "admin1").map((r) => r.candidates[0].place.id))];
  const ctxOf = (r: Raw): LookupContext => {
    const within = r.designatorCountries.length === 0 ? r.within : [...r.within, ...r.designatorCountries.map((c) => gaz.byId(`country:${c}`)).filter((p): p is Place => p !== null)];
    return { within, prefer: r.prefer ?? undefined, countries, admin1 };
  };
  // Mentions without qualifier or designator rank the same for the same name: rank each name once.
  const plain = (r: Raw) => r.within.length === 0 && r.prefer === null && r.designatorCountries.length === 0;
  const memo = new Map<string, Candidate[]>();
  const rank = (r: Raw, extra: Partial<LookupContext> = {}): Candidate[] => {
    if (!plain(r)) return gaz.candidatesByKey(r.key, { ...ctxOf(r), ...extra });
    let hit = memo.get(r.key);
    if (!hit) memo.set(r.key, (hit = gaz.candidatesByKey(r.key, { ...ctxOf(r), ...extra })));
    return hit;
  };
  for (const r of live) r.candidates = rank(r);

  // Re-rank the ambiguous names by distance to the places resolved with confidence.
  const anchorPlaces = new Map<string, Place>();
  for (const r of live) {
    const p = r.candidates[0].place;
    if (anchorPlaces.size < MAX_ANCHORS && margin(r.candidates) >= ANCHOR_MARGIN && (isTown(p) || p.precision === "admin2")) anchorPlaces.set(p.id, p);
  }
  memo.clear();
  for (const r of live) {
    if (margin(r.candidates) >= ANCHOR_MARGIN) continue;
    const own = new Set(gaz.placesByKey(r.key).map((p) => p.id));
    const near = [...anchorPlaces.values()].filter((p) => !own.has(p.id));
    if (near.length > 0) r.candidates = rank(r, { near });
  }

  const kept = live.filter((r) => {
    const p = r.candidates[0].place;
    // "Guma LGA": a designator used in a few countries rules out places elsewhere.
    if (r.designatorCountries.length > 0 && !(p.country && r.designatorCountries.includes(p.country))) return false;
    if (r.within.length > 0 || p.precision === "country") return true;
    // A common word or part of a longer name is kept abroad only if the document agrees, whatever its size.
    const doubtful = r.stop !== "none" || r.nameGoesOn;
    if (!doubtful && (!isTown(p) || p.population >= BIG_TOWN)) return true;
    return !contradicted(p, votes.get(r) ?? new Map(), totals);
  });
  return kept.map((r) => {
    const start = doc.tokens[r.tokenStart].start;
    const end = doc.tokens[r.tokenEnd - 1].end;
    const text = doc.text.slice(start, end);
    const m: LocatedPlace = {
      tokenStart: r.tokenStart,
      tokenEnd: r.tokenEnd,
      start,
      end,
      text,
      location: toLocation(text, r.candidates[0].place, r.prefer),
      alternatives: r.candidates.length - 1,
      locative: r.locative,
    };
    if (r.metonym) m.metonym = true;
    return m;
  });
}

/** The places stage over a gazetteer (loaded on the first document). */
export function placesStage(gaz: Gazetteer): Stage {
  return {
    name: "places",
    requires: ["tokens", "sentences", "actors"],
    assigns: ["places"],
    run(doc: Doc) {
      useCues(gaz.cues);
      doc.places = findPlaces(doc, gaz);
    },
  };
}
