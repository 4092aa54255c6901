/**
 * Cross-article event deduplication: the pure part (no SQL).
 *
 * Algorithm (incremental, deterministic for a given ingestion order):
 * 1. Each mention gets a *blocking key* (`family`): the CAMEO family (roots 18, 19, 20
 *    are one "violence" family V, any other root is its own family) plus the
 *    modality class (asserted/alleged/claimed are "reported"; negated, denied,
 *    hypothetical and future each stand alone). Mentions whose date is coarser than
 *    a month never merge (they get a unique family).
 * 2. Each mention gets a day interval [lo, hi] (days since 1970-01-01): a day-precise
 *    stated or relative date d gives [d-1, d+1]; a publication-date fallback d gives
 *    [d-3, d] (the report follows the event); a month gives the whole month.
 * 3. Candidate scan (`candidateRanges`): events of the same family whose interval
 *    overlaps, located in the same country or with an unknown location (any country
 *    when the mention's place is unknown); SQL over index (family, ck, lo):
 *    `family = ? AND ck = ? AND lo BETWEEN lo'-span AND hi' AND hi >= lo'`, keeping the
 *    nearest few stored events by interval centre (`MAX_STORED_CANDIDATES` in writer.ts)
 *    so that the scan does not grow with the store's density.
 * 4. A candidate is compatible when, against the event (its representative's dyad and
 *    place, the cluster's highest toll): both sides of the dyad are compatible (unknown on either side, same actor id, two named
 *    actors of the same country+sector, or a generic actor — "gunmen", "traders" — and
 *    any actor of a compatible country, since reports word the same people differently); places are
 *    within 50 km (both city-level or finer with coordinates), or otherwise not in
 *    different countries / admin1 regions, or one is unknown; killed counts are not
 *    wildly different (max ≤ 3·min + 5).
 * 5. The mention joins the compatible candidate with the smallest score (interval
 *    centre distance in days + distance/50 km), ties to the oldest event; otherwise it
 *    founds a new event. Clusters never merge with each other afterwards.
 * 6. An event's fields are those of its representative: the best mention by date
 *    precision, place precision, dyad completeness, confidence, then earliest report,
 *    then smallest record id.
 */
import type { Actor, EventLocation, EventRecord } from "../doc/index.js";

const DAY_MS = 86_400_000;
const VIOLENT_ROOTS = new Set(["18", "19", "20"]);
const REPORTED = new Set(["asserted", "alleged", "claimed"]);
const GENERIC_ID = /^(agent|unknown):/;
const FINE_PLACE = new Set(["point", "city", "admin2"]);
const PLACE_RANK: Record<string, number> = { point: 5, city: 4, admin2: 3, admin1: 2, country: 1 };

/** Maximum distance (km) between two fine-grained places of the same event. */
export const MAX_MERGE_KM = 50;
/** Widest interval (days) a mergeable mention can span: used to bound the candidate scan. */
export const MAX_SPAN_DAYS = 31;

/** Days since 1970-01-01 of a YYYY-MM-DD string, or null. */
export function dayNumber(ymd: string | null | undefined): number | null {
  if (!ymd || !/^\d{4}-\d{2}-\d{2}$/.test(ymd)) return null;
  const t = Date.parse(ymd + "T00:00:00Z");
  return Number.isNaN(t) ? null : Math.floor(t / DAY_MS);
}

/** YYYY-MM-DD of a day number. */
export function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Great-circle distance in km. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 12_742 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A mention with the facts of the document it was read from. */
export interface Mention {
  record: EventRecord;
  /** The document's publication date (or ingestion date), YYYY-MM-DD. */
  reported: string;
  /** Who published it: URL host, else feed, else document id. */
  sourceKey: string;
  /** `JSON.stringify(record)` as UTF-8, when the caller already made it (stored as is). */
  json?: Uint8Array;
}

/** What the candidate scan needs about a mention. */
export interface MergeKey {
  /** Blocking family; month-wide intervals get a "/m" suffix (see `candidateRanges`). */
  family: string;
  /** Country of the location, or "?" when unknown. */
  ck: string;
  lo: number;
  hi: number;
}

/** One index range to scan for candidates: `family = ? [AND ck = ?] AND lo BETWEEN from AND to`. */
export interface CandidateRange {
  family: string;
  /** null: any country. */
  ck: string | null;
  from: number;
  to: number;
}

/** Widest interval (days) of a day-precise mention. */
const DAY_SPAN = 4;

/**
 * The index ranges holding every event that may match `key`: day-wide and month-wide
 * events of the same family, in the same country or with no known country (or any
 * country when the mention's is unknown).
 */
export function candidateRanges(key: MergeKey): CandidateRange[] {
  if (key.family.startsWith("once:")) return [];
  const [base, month] = familyNames(key.family);
  const { ck, lo, hi } = key;
  return ck === "?"
    ? [{ family: base, ck: null, from: lo - DAY_SPAN, to: hi }, { family: month, ck: null, from: lo - MAX_SPAN_DAYS, to: hi }]
    : [
      { family: base, ck, from: lo - DAY_SPAN, to: hi }, { family: base, ck: "?", from: lo - DAY_SPAN, to: hi },
      { family: month, ck, from: lo - MAX_SPAN_DAYS, to: hi }, { family: month, ck: "?", from: lo - MAX_SPAN_DAYS, to: hi },
    ];
}

/** A (mergeable) family's day-wide and month-wide names, made once per family. */
const familyNamesMemo = new Map<string, readonly [string, string]>();

/** The blocking family without its month suffix (the family that day- and month-wide mentions share). */
export function familyBase(family: string): string {
  return familyNames(family)[0];
}

function familyNames(family: string): readonly [string, string] {
  let names = familyNamesMemo.get(family);
  if (names === undefined) {
    const base = family.replace(/\/m$/, "");
    names = [base, base + "/m"];
    // Mergeable families are few (CAMEO family x modality); "once:" ones are not kept.
    if (!family.startsWith("once:") && familyNamesMemo.size < 10_000) familyNamesMemo.set(family, names);
  }
  return names;
}

/** Blocking key and interval of a mention (see the module comment). */
export function mergeKey(m: Mention): MergeKey {
  const r = m.record;
  const fam = VIOLENT_ROOTS.has(r.cameo_root) ? "V" : r.cameo_root;
  const mod = REPORTED.has(r.modality) ? "r" : r.modality;
  const ck = r.location?.country ?? "?";
  const { value, precision, basis } = r.date;
  if (precision === "day") {
    const d = dayNumber(value);
    if (d !== null) {
      const family = `${fam}/${mod}`;
      return basis === "publication" ? { family, ck, lo: d - 3, hi: d } : { family, ck, lo: d - 1, hi: d + 1 };
    }
  }
  if (precision === "month" && /^\d{4}-\d{2}$/.test(value)) {
    const lo = dayNumber(value + "-01");
    if (lo !== null) {
      const [y, mo] = value.split("-").map(Number);
      const hi = Math.floor(Date.UTC(y, mo, 1) / DAY_MS) - 1;
      return { family: `${fam}/${mod}/m`, ck, lo, hi };
    }
  }
  const pub = dayNumber(m.reported) ?? 0;
  return { family: `once:${r.id}`, ck, lo: pub, hi: pub };
}

/** The day an event is filed under: its date when day-precise, else the first report. */
export function eventDay(r: EventRecord, firstReported: string): string {
  return r.date.precision === "day" && dayNumber(r.date.value) !== null ? r.date.value : firstReported;
}

type ActorFacts = Pick<Actor, "id" | "country" | "sector">;

/** What the compatibility check needs about an event or a mention (read from columns, no JSON). */
export interface MatchFacts {
  source: ActorFacts | null;
  target: ActorFacts | null;
  killed: number | null;
  location: Pick<EventLocation, "precision" | "lat" | "lon" | "country" | "admin1"> | null;
}

/**
 * The match facts of a record, copied into objects of one shape (values as they are):
 * records' actors and places come in several shapes, and reading them in the scoring
 * code made it polymorphic (deoptimised and recompiled as each new shape came).
 */
export function factsOf(r: EventRecord): MatchFacts {
  const s = r.source;
  const t = r.target;
  const l = r.location;
  return {
    source: s ? { id: s.id, country: s.country, sector: s.sector } : null,
    target: t ? { id: t.id, country: t.country, sector: t.sector } : null,
    killed: r.fatalities?.killed ?? null,
    location: l ? { precision: l.precision, lat: l.lat, lon: l.lon, country: l.country, admin1: l.admin1 } : null,
  };
}

function sideCompatible(a: ActorFacts | null, b: ActorFacts | null): boolean {
  if (!a || !b || a.id === b.id) return true;
  const country = !a.country || !b.country || a.country === b.country;
  if (GENERIC_ID.test(a.id) || GENERIC_ID.test(b.id)) return country;
  return !!a.sector && a.sector === b.sector && a.country === b.country;
}

/** Distance in km between two fine places, 0 when not comparable, null when incompatible. */
function placeDistance(a: MatchFacts["location"], b: MatchFacts["location"]): number | null {
  if (!a || !b) return 0;
  if (
    FINE_PLACE.has(a.precision) && FINE_PLACE.has(b.precision) &&
    a.lat !== null && a.lon !== null && b.lat !== null && b.lon !== null
  ) {
    const km = haversineKm(a.lat, a.lon, b.lat, b.lon);
    return km <= MAX_MERGE_KM ? km : null;
  }
  if (a.country && b.country && a.country !== b.country) return null;
  if (a.precision !== "country" && b.precision !== "country" && a.admin1 && b.admin1 && a.admin1 !== b.admin1) return null;
  return 0;
}

function fatalitiesCompatible(x: number | null, y: number | null): boolean {
  if (x === null || y === null) return true;
  return Math.max(x, y) <= 3 * Math.min(x, y) + 5;
}

/**
 * How well a mention fits an event (lower is better), or null when they cannot be
 * the same event. Both keys must share a family.
 */
export function matchScore(ev: MatchFacts, evKey: MergeKey, m: MatchFacts, key: MergeKey): number | null {
  if (key.lo > evKey.hi || evKey.lo > key.hi) return null;
  if (!sideCompatible(ev.source, m.source) || !sideCompatible(ev.target, m.target)) return null;
  if (!fatalitiesCompatible(ev.killed, m.killed)) return null;
  const km = placeDistance(ev.location, m.location);
  if (km === null) return null;
  const days = Math.abs((key.lo + key.hi) / 2 - (evKey.lo + evKey.hi) / 2);
  return days + km / MAX_MERGE_KM;
}

/** How good a mention is as an event's representative (compared by `outranks`). */
export interface RepRank {
  /** Date precision, place precision, dyad completeness, confidence (higher is better). */
  quality: number[];
  reported: string;
  rid: string;
}

export function rankOf(m: Mention): RepRank {
  const r = m.record;
  const date = r.date.precision === "day" ? (r.date.basis === "publication" ? 2 : 3) : r.date.precision === "month" ? 1 : 0;
  const place = r.location ? (PLACE_RANK[r.location.precision] ?? 0) : 0;
  const dyad = (r.source ? 1 : 0) + (r.target ? 1 : 0);
  return { quality: [date, place, dyad, r.confidence], reported: m.reported, rid: r.id };
}

/** True when `a` should represent an event rather than `b`: better quality, then earlier report, then smaller id. */
export function outranks(a: RepRank, b: RepRank): boolean {
  for (let i = 0; i < a.quality.length; i++) if (a.quality[i] !== b.quality[i]) return a.quality[i] > b.quality[i];
  if (a.reported !== b.reported) return a.reported < b.reported;
  return a.rid < b.rid;
}

/** True when a rank's date is day-precise (the event is filed under its own date). */
export function dayPrecise(r: RepRank): boolean {
  return r.quality[0] >= 2;
}

/** Host of a URL (lower-case, without "www."), or null. */
export function urlHost(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, "") || null;
  } catch {
    return null;
  }
}
