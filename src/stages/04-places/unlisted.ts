/**
 * Places, pass 3: names the gazetteer does not list, placed by the known place that qualifies
 * them. In "in Kansak, Farah, Afghanistan" or "near Tort Atai district, Faryab" a capitalised
 * name after a locative cue, followed by a comma and a place that was found, is a village or
 * district inside that place: it becomes a mention of its own, located at the qualifying
 * place's point with that place's (coarser) precision, so that events read the village's
 * name while distances stay honest about what is known.
 */
import type { ActorMention, Doc, EventLocation, GeoPrecision, Token } from "../../doc/index.js";
import type { Gazetteer } from "../../ontology/places/index.js";
import { placeKey } from "../../ontology/places/index.js";
import { capitalised, locativeBefore } from "./cues.js";

/** Words in an unlisted name at most ("Tarnak Wa Jaldak district"). */
const MAX_UNLISTED_TOKENS = 6;

/** A kept mention as the unlisted pass needs it. */
export interface KnownMention {
  tokenStart: number;
  tokenEnd: number;
  location: EventLocation;
}

/** What an unlisted name's location is worth: a town's point stands for its surroundings. */
function coarse(p: GeoPrecision): GeoPrecision {
  return p === "point" || p === "city" ? "admin2" : p;
}

/** Unlisted names joined by commas before the known place, at most ("in Tazi, Shajoy district, Zabul"). */
const MAX_CHAIN = 2;

/** Whether an actor mention reaches over the name's edges (then the words are part of an actor's name, not a place). */
function actorAcross(cover: readonly (ActorMention | undefined)[], start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const a = cover[k];
    if (a && (a.tokenStart < start || a.tokenEnd > end)) return true;
  }
  return false;
}

function joinedHyphen(toks: readonly Token[], k: number): boolean {
  return toks[k].text === "-" && !toks[k].spaceBefore && k + 1 < toks.length && !toks[k + 1].spaceBefore;
}

/**
 * The first token of the unlisted name that ends right before token `comma`, or -1. Capitalised
 * words, hyphen-joined parts ("Qala-i-Mirak", "Shar-e-Safa") and one designator at the end
 * ("Burka district"); no word that is also a common word or a date ("Monday", "Police").
 */
function nameStart(doc: Doc, gaz: Gazetteer, comma: number, sentenceStart: number): number {
  const toks = doc.tokens;
  const cues = gaz.cues;
  let k = comma - 1;
  let words = 0;
  if (k >= sentenceStart && cues.designators.has(toks[k].lower) && !capitalised(toks[k])) k--;
  let start = -1;
  while (k >= sentenceStart && words < MAX_UNLISTED_TOKENS) {
    const t = toks[k];
    if (t.pos === "SPACE") {
      k--;
      continue;
    }
    if (joinedHyphen(toks, k)) {
      k--;
      continue;
    }
    const inHyphenated = k + 1 < toks.length && joinedHyphen(toks, k + 1);
    const word = /^[\p{L}][\p{L}'’]*$/u.test(t.text);
    if (!word) break;
    if (!capitalised(t) && !(inHyphenated && k > sentenceStart && joinedHyphen(toks, k - 1))) break;
    if (capitalised(t) && (gaz.isDemonym(placeKey(t.text)) || cues.locative.has(t.lower))) break;
    start = k;
    words++;
    k--;
  }
  if (start < 0 || !capitalised(toks[start])) return -1;
  // "On Monday, Kabul ...": a one-word name that is also a common word or a date is not taken.
  if (words === 1 && gaz.isStopName(placeKey(toks[start].text))) return -1;
  return start;
}

/**
 * Mentions for unlisted names qualified by a kept mention (`known`, in token order). Skipped in
 * documents without case, where a capital does not mark a name, and where the name's words
 * belong to an actor or to another candidate place.
 */
export function unlistedPlaces(doc: Doc, gaz: Gazetteer, known: readonly KnownMention[], taken: readonly { tokenStart: number; tokenEnd: number }[], cover: readonly (ActorMention | undefined)[]): (KnownMention & { start: number; end: number; text: string; locative: boolean })[] {
  const toks = doc.tokens;
  const out: (KnownMention & { start: number; end: number; text: string; locative: boolean })[] = [];
  for (const q of known) {
    const sent = doc.sentences[toks[q.tokenStart].sent];
    const sentenceStart = sent ? sent.tokenStart : 0;
    // Walk back over comma-joined unlisted names ("in Tazi, Shajoy district, Zabul") until a locative cue.
    const chain: [number, number][] = [];
    let comma = q.tokenStart - 1;
    let placed = false;
    while (chain.length < MAX_CHAIN && comma > sentenceStart && toks[comma].text === ",") {
      const start = nameStart(doc, gaz, comma, sentenceStart);
      if (start < 0 || actorAcross(cover, start, comma) || taken.some((r) => r.tokenStart < comma && r.tokenEnd > start)) break;
      chain.push([start, comma]);
      if (locativeBefore(toks, start, sentenceStart, gaz.cues)) {
        placed = true;
        break;
      }
      comma = start - 1;
    }
    if (!placed) continue;
    const l = q.location;
    for (const [start, end] of chain) {
      const s = toks[start].start;
      const e = toks[end - 1].end;
      const text = doc.text.slice(s, e);
      out.push({
        tokenStart: start,
        tokenEnd: end,
        start: s,
        end: e,
        text,
        locative: true,
        location: { text, name: text, country: l.country, admin1: l.admin1, lat: l.lat, lon: l.lon, precision: coarse(l.precision), geonames_id: null },
      });
    }
  }
  return out;
}
