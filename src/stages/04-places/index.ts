/**
 * Stage 04 — places: finds place mentions in the token stream and geocodes each one to an
 * `EventLocation`, with the whole document as context.
 *
 * Pass 1 walks capitalised tokens (any noun-like token in a document without case), takes
 * the longest indexed name there ("Dera Ismail Khan", "Mazar-i-Sharif"), a designator after
 * it ("Bannu district") and qualifiers after commas ("Hyderabad, Sindh"; "Tacoma,
 * Washington, United States"). Pass 2 weighs the document's countries (actors and places)
 * and named regions, resolves every mention, then re-ranks the still ambiguous ones by
 * distance to the confidently placed ones.
 */
import type { ActorMention, Doc, EventLocation, GeoPrecision, PlaceMention, Token } from "../../doc/index.js";
import type { Stage } from "../../pipeline/index.js";
import { placeKey, type Candidate, type Gazetteer, type LookupContext, type Place } from "../../ontology/places/index.js";
import { capitalised, caseless, designatorAfter, designatorBefore, locativeBefore, useCues, type LocativeFlag } from "./cues.js";

export { locativeCue } from "./cues.js";

/** A place mention with its locative flag (what `locativeCue` reports). */
export type LocatedPlace = PlaceMention & LocativeFlag;

/** Tokens in one name at most (the longest names in the index are shorter). */
const MAX_NAME_TOKENS = 10;
/** Score margin above which a resolution is trusted as an anchor for its neighbours. */
const ANCHOR_MARGIN = 1.5;
/** A mention of a small town in a lower-cased document needs a cue or this many people. */
const CASELESS_MIN_POPULATION = 100_000;

interface Raw {
  tokenStart: number;
  tokenEnd: number;
  /** Token after the name itself (before any designator). */
  nameEnd: number;
  key: string;
  locative: boolean;
  metonym: boolean;
  stop: boolean;
  /** First token of its sentence (capitalised whatever it is). */
  initial: boolean;
  prefer: GeoPrecision | null;
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
  let prev = "";
  for (let j = i; j < limit && j - i < MAX_NAME_TOKENS; j++) {
    const t = toks[j];
    if (t.pos === "SPACE") break;
    const key = placeKey(doc.text.slice(toks[i].start, t.end));
    if (key.length === 0) break;
    if (key === prev && !wordToken(t)) continue;
    prev = key;
    if (wordToken(t) && gaz.hasKey(key)) best = { end: j + 1, key };
    else if (!gaz.isPrefix(key)) break;
  }
  return best;
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
    const locative = locativeBefore(toks, i, s.tokenStart, cues);
    let metonym = false;
    let blocked = false;
    for (let k = i; k < m.end; k++) {
      const a = cover[k];
      if (!a) continue;
      if (a.how === "metonym") metonym = true;
      else if (!locative) blocked = true;
    }
    const prev = i > s.tokenStart ? toks[i - 1] : null;
    const partOfName =
      !noCase && prev !== null && prev.pos === "PROPN" && capitalised(prev) && !cues.qualifiers.has(prev.lower) && !(out.length > 0 && out[out.length - 1].tokenEnd === i);
    if (blocked || partOfName) {
      i = m.end;
      continue;
    }
    const d = designatorAfter(toks, m.end, s.tokenEnd, cues);
    out.push({
      tokenStart: i,
      tokenEnd: d ? d.end : m.end,
      nameEnd: m.end,
      key: m.key,
      locative,
      metonym,
      stop: gaz.isStopName(m.key),
      initial: i === s.tokenStart,
      prefer: d ? d.precision : designatorBefore(toks, i, s.tokenStart, cues),
      within: [],
      qualifier: false,
      candidates: [],
    });
    i = d ? d.end : m.end;
  }
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

function fitsInside(p: Place, q: Place): boolean {
  if (p.id === q.id) return false;
  if (q.precision === "country") return p.country === q.country;
  return p.country === q.country && (p.admin1Id === q.id || (p.admin1 !== null && placeKey(p.admin1) === placeKey(q.name)));
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

/** The document's countries, weighted 0..1, from its actors and its places. */
function documentCountries(doc: Doc, raws: readonly Raw[]): Map<string, number> {
  const w = new Map<string, number>();
  const add = (c: string | null, v: number) => {
    if (c) w.set(c, (w.get(c) ?? 0) + v);
  };
  for (const a of doc.actors) add(a.country, 1);
  for (const r of raws) {
    if (r.candidates.length === 0) continue;
    const top = r.candidates[0];
    if (top.place.precision === "country") {
      add(top.place.country, 2);
      continue;
    }
    const close = new Set<string>();
    for (const c of r.candidates) if (c.score >= top.score - 1 && c.place.country) close.add(c.place.country);
    for (const c of close) add(c, 1 / close.size);
  }
  let max = 0;
  for (const v of w.values()) max = Math.max(max, v);
  if (max > 0) for (const [c, v] of w) w.set(c, v / max);
  return w;
}

function margin(cs: readonly Candidate[]): number {
  return cs.length < 2 ? Infinity : cs[0].score - cs[1].score;
}

function toLocation(text: string, p: Place): EventLocation {
  return { text, name: p.name, country: p.country, admin1: p.admin1, lat: p.lat, lon: p.lon, precision: p.precision, geonames_id: p.geonamesId };
}

/** Whether a mention is kept: stop names only in a locative or qualified use, small towns in caseless text only with a cue. */
function keep(r: Raw, doc: Doc, noCase: boolean): boolean {
  if (r.candidates.length === 0) return false;
  const top = r.candidates[0].place;
  if (r.stop && (noCase || r.initial || !(r.locative || r.within.length > 0))) return false;
  const strong = top.kind !== "city" || r.locative || r.within.length > 0;
  if (noCase) return strong || top.population >= CASELESS_MIN_POPULATION;
  if (strong) return true;
  // A single common noun or verb that happens to be a town ("Police said") needs a cue.
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
  const countries = documentCountries(doc, raws);
  const admin1 = raws.filter((r) => r.candidates[0]?.place.kind === "admin1").map((r) => r.candidates[0].place.id);
  for (const r of raws) r.candidates = gaz.candidatesByKey(r.key, { ...baseCtx(r), countries, admin1 });

  const kept = raws.filter((r) => !r.qualifier && keep(r, doc, noCase));
  const anchors = kept.filter((r) => margin(r.candidates) >= ANCHOR_MARGIN && r.candidates[0].place.precision !== "country" && r.candidates[0].place.precision !== "admin1");
  for (const r of kept) {
    if (margin(r.candidates) >= ANCHOR_MARGIN) continue;
    const near = anchors.filter((a) => a !== r && a.key !== r.key).map((a) => a.candidates[0].place);
    if (near.length > 0) r.candidates = gaz.candidatesByKey(r.key, { ...baseCtx(r), countries, admin1, near });
  }

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
      location: toLocation(text, r.candidates[0].place),
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
