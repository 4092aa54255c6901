/**
 * Stage 04 — places: finds place mentions in the token stream and geocodes each one to an
 * `EventLocation`, with the whole document as context.
 *
 * Pass 1 walks capitalised tokens (any noun-like token in a document without case), takes
 * the longest indexed name there ("Dera Ismail Khan", "Mazar-i-Sharif"), a designator after
 * it ("Bannu district") and qualifiers after commas ("Hyderabad, Sindh"; "Tacoma,
 * Washington, United States"). Pass 2 weighs the document's countries (actors, places,
 * country-specific designators) and named regions, resolves every mention (each name weighed
 * by the rest of the document, its own mentions' votes left out), re-ranks the
 * still ambiguous ones by distance to the confidently placed ones, and drops small foreign
 * towns that the rest of the document contradicts. Pass 3 (unlisted.ts) adds the names the
 * gazetteer lacks that a found place qualifies ("in Kansak, Farah, Afghanistan").
 */
import type { Doc, EventLocation, GeoPrecision, PlaceMention } from "../../doc/index.js";
import type { Stage } from "../../pipeline/index.js";
import type { Candidate, Gazetteer, LookupContext, Place } from "../../ontology/places/index.js";
import { useCues, type LocativeFlag } from "./cues.js";
import { actorCover, attachQualifiers, caselessDoc, findInSentence, type Raw } from "./find.js";
import { unlistedPlaces } from "./unlisted.js";
import { ANCHOR_MARGIN, contradicted, countryTotals, countryVotes, looseDesignatorVotes, margin, normalised } from "./context.js";

export { locativeCue } from "./cues.js";

/** A place mention with its locative flag (what `locativeCue` reports). */
export type LocatedPlace = PlaceMention & LocativeFlag;

/** The regions named in a document without regions (shared: never changed). */
const NO_REGIONS: readonly string[] = [];
/** Distinct confidently placed towns used as proximity anchors, at most. */
const MAX_ANCHORS = 24;
/** A town at least this big is a place in its own right, even inside a longer name ("Kabul University"). */
const BIG_TOWN = 100_000;

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

/** What a document's mentions and actors say of its countries. */
interface CountryWeights {
  /** The votes of each qualifier and plausible mention. */
  votes: Map<Raw, Map<string, number>>;
  /** Those votes and the loose designators' votes. */
  mentionVotes: ReadonlyMap<string, number>[];
  /** The actors' and the mentions' votes summed per country. */
  totals: Map<string, number>;
}

/** The country weights of a document, from its mentions' first candidates as they stand. */
function countryWeightsOf(doc: Doc, gaz: Gazetteer, raws: readonly Raw[], live: readonly Raw[]): CountryWeights {
  const votes = new Map<Raw, Map<string, number>>();
  for (const r of raws) if (r.qualifier) votes.set(r, countryVotes(r));
  for (const r of live) votes.set(r, countryVotes(r));
  const mentionVotes = [...votes.values(), looseDesignatorVotes(doc, gaz, raws)];
  return { votes, mentionVotes, totals: countryTotals(doc.actors, mentionVotes) };
}

/**
 * Rank the candidates of the plausible mentions (`live`) whose name has several places by the
 * document's context (`w`, counted before), then re-rank the doubtful ones by their distance to
 * the places resolved with confidence.
 */
function rankInContext(gaz: Gazetteer, raws: readonly Raw[], live: readonly Raw[], w: CountryWeights): void {
  const { votes, totals } = w;
  // A name is ranked by the rest of the document: the votes of its own mentions (which lean to
  // its most populous readings: Ota in Japan) are taken out, so "Nigerian police" can place it.
  const countriesWithout = new Map<string, Map<string, number>>();
  const countriesFor = (key: string): Map<string, number> => {
    let c = countriesWithout.get(key);
    if (!c) {
      const rest = new Map(totals);
      for (const [r, v] of votes) if (r.key === key && !r.qualifier) for (const [iso, n] of v) rest.set(iso, (rest.get(iso) ?? 0) - n);
      countriesWithout.set(key, (c = normalised(rest)));
    }
    return c;
  };
  // Regions the document names, each with the names that name it: a name's own reading as a
  // region is no evidence for itself ("Donga LGA" must not lean to Benin's Donga Department
  // because "Donga" read alone names that department).
  const regionNames = new Map<string, Set<string>>();
  for (const r of raws) {
    const top = r.candidates[0]?.place;
    if (top?.kind !== "admin1") continue;
    let keys = regionNames.get(top.id);
    if (!keys) regionNames.set(top.id, (keys = new Set()));
    keys.add(r.key);
  }
  const admin1For = (key: string): readonly string[] => (regionNames.size === 0 ? NO_REGIONS : [...regionNames].filter(([, keys]) => keys.size > 1 || !keys.has(key)).map(([id]) => id));
  const ctxOf = (r: Raw, near: readonly Place[] | undefined): LookupContext => {
    const within = r.designatorCountries.length === 0 ? r.within : [...r.within, ...r.designatorCountries.map((c) => gaz.byId(`country:${c}`)).filter((p): p is Place => p !== null)];
    return { within, prefer: r.prefer ?? undefined, countries: countriesFor(r.key), admin1: admin1For(r.key), near };
  };
  // Mentions without qualifier or designator rank the same for the same name: rank each name once.
  const plain = (r: Raw) => r.within.length === 0 && r.prefer === null && r.designatorCountries.length === 0;
  const memo = new Map<string, readonly Candidate[]>();
  const rank = (r: Raw, near?: readonly Place[]): readonly Candidate[] => {
    if (!plain(r)) return gaz.candidatesByKey(r.key, ctxOf(r, near));
    let hit = memo.get(r.key);
    if (!hit) memo.set(r.key, (hit = gaz.candidatesByKey(r.key, ctxOf(r, near))));
    return hit;
  };
  // A name of one place has that one candidate in any context, and a lone candidate's score is
  // read nowhere from here on (its margin is infinite): such names keep their first candidates
  // and cost no context (most names in a story are of one place).
  for (const r of live) if (r.candidates.length > 1) r.candidates = rank(r);

  // Re-rank the ambiguous names by distance to the places resolved with confidence.
  const anchorPlaces = new Map<string, Place>();
  for (const r of live) {
    const p = r.candidates[0].place;
    if (anchorPlaces.size < MAX_ANCHORS && margin(r.candidates) >= ANCHOR_MARGIN && (isTown(p) || p.precision === "admin2")) anchorPlaces.set(p.id, p);
  }
  memo.clear();
  // Without anchors no mention has a neighbour to be re-ranked by.
  if (anchorPlaces.size > 0) for (const r of live) {
    if (margin(r.candidates) >= ANCHOR_MARGIN) continue;
    const own = new Set(gaz.placesByKey(r.key).map((p) => p.id));
    const near = [...anchorPlaces.values()].filter((p) => !own.has(p.id));
    if (near.length > 0) r.candidates = rank(r, near);
  }
}

/** Find and geocode the place mentions of a document. */
export function findPlaces(doc: Doc, gaz: Gazetteer): LocatedPlace[] {
  const noCase = caselessDoc(doc.tokens, gaz);
  const cover = actorCover(doc);
  const raws: Raw[] = [];
  for (const s of doc.sentences) findInSentence(doc, gaz, s, noCase, cover, raws);
  if (raws.length === 0) return [];
  attachQualifiers(doc, gaz, raws);

  // Most mentions have neither qualifier nor designator: their first candidates are the name's
  // candidates without context, ranked once per name for the whole run.
  for (const r of raws) r.candidates = r.within.length === 0 && r.prefer === null ? gaz.plainCandidatesByKey(r.key) : gaz.candidatesByKey(r.key, { within: r.within, prefer: r.prefer ?? undefined });
  const live = raws.filter((r) => !r.qualifier && plausible(r, doc, noCase));
  // The document's country weights are counted from the mentions' first candidates as found.
  // Ranking replaces the candidates of the names of several places, so with such a name they are
  // counted first; without one the candidates stay as they are, and the weights are counted only
  // if a doubtful town asks (in many documents every name is of one place).
  let weights: CountryWeights | null = null;
  const weightsNow = (): CountryWeights => (weights ??= countryWeightsOf(doc, gaz, raws, live));
  if (live.some((r) => r.candidates.length > 1)) rankInContext(gaz, raws, live, weightsNow());
  // The places' own weights are asked only for a town after a locative word that the actors contradict.
  let placeTotals: Map<string, number> | null = null;

  const kept = live.filter((r) => {
    const p = r.candidates[0].place;
    // "Guma LGA": a designator used in a few countries rules out places elsewhere.
    if (r.designatorCountries.length > 0 && !(p.country && r.designatorCountries.includes(p.country))) return false;
    // ... and confirms a place there, whatever the rest of the document points at ("Marte LGA" in a story that ends in Cameroon).
    if (r.designatorCountries.length > 0 || r.within.length > 0 || p.precision === "country") return true;
    // A common word or part of a longer name is kept abroad only if the document agrees, whatever its size.
    const doubtful = r.stop !== "none" || r.nameGoesOn;
    if (!doubtful && (!isTown(p) || p.population >= BIG_TOWN)) return true;
    const { votes, totals, mentionVotes } = weightsNow();
    const own = votes.get(r) ?? new Map<string, number>();
    if (!contradicted(p, own, totals)) return true;
    // "Chinese workers were kidnapped in Lokoja": the nationalities of the people in a story do
    // not move a town used as a place (after a locative word) that the other places leave alone.
    return !doubtful && r.locative && !contradicted(p, own, (placeTotals ??= countryTotals([], mentionVotes)));
  });
  const mentions = kept.map((r) => {
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
      // On every mention, undefined when not so (and the unlisted places below built with the same
      // keys in the same order): one shape for all place mentions, so the stages reading them do
      // not deoptimize on a second shape and compile again.
      metonym: r.metonym ? true : undefined,
    };
    return m;
  });
  if (noCase) return mentions;
  const unlisted = unlistedPlaces(doc, gaz, mentions, mentions, cover).map(
    (u): LocatedPlace => ({ tokenStart: u.tokenStart, tokenEnd: u.tokenEnd, start: u.start, end: u.end, text: u.text, location: u.location, alternatives: 0, locative: u.locative, metonym: undefined }),
  );
  return unlisted.length === 0 ? mentions : [...mentions, ...unlisted].sort((a, b) => a.tokenStart - b.tokenStart);
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
