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
import type { EventRecord, GeoPrecision } from "../doc/index.js";

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

/**
 * What the compatibility check needs about an event or a mention, flat: actors and
 * places as fields, no objects of their own (an event's are read from its columns).
 * The place fields are null when there is no place (`placePrecision` null), the actor
 * fields when there is no such actor (`sourceId` / `targetId` null).
 */
export interface MatchFacts {
  sourceId: string | null;
  sourceCountry: string | null;
  sourceSector: string | null;
  targetId: string | null;
  targetCountry: string | null;
  targetSector: string | null;
  killed: number | null;
  placePrecision: GeoPrecision | null;
  lat: number | null;
  lon: number | null;
  country: string | null;
  admin1: string | null;
}

/**
 * What merging reads of a record (its match facts and the columns an event takes from its
 * representative), in one flat object of one shape: made once per record when its JSON is
 * packed (`packRecords`, sql-store.ts), from the record object at hand, so that merging
 * neither parses the record's JSON again (~15 objects a record, alive for the whole merge
 * of its group) nor reads the coder's objects of several shapes.
 */
export interface MergeRecord extends MatchFacts {
  id: string;
  docId: string;
  /** The evidence sentence ("" when none). */
  sentence: string;
  cameo: string;
  cameoRoot: string;
  quadClass: number;
  ploverType: string;
  acledType: string | null;
  acledSubType: string | null;
  modality: string;
  historical: boolean;
  goldstein: number;
  confidence: number;
  dateValue: string;
  datePrecision: string;
  dateBasis: string;
  sourceCode: string | null;
  targetCode: string | null;
  injured: number | null;
}

/** The fields of `r` that merging reads (values as they are; an absent one as null). */
export function mergeRecord(r: EventRecord): MergeRecord {
  const s = r.source;
  const t = r.target;
  const l = r.location;
  const f = r.fatalities;
  return {
    sourceId: s ? s.id : null, sourceCountry: s?.country ?? null, sourceSector: s?.sector ?? null,
    targetId: t ? t.id : null, targetCountry: t?.country ?? null, targetSector: t?.sector ?? null,
    killed: f?.killed ?? null,
    placePrecision: l ? l.precision : null, lat: l?.lat ?? null, lon: l?.lon ?? null, country: l?.country ?? null, admin1: l?.admin1 ?? null,
    id: r.id, docId: r.doc_id, sentence: r.evidence?.sentence ?? "",
    cameo: r.cameo, cameoRoot: r.cameo_root, quadClass: r.quad_class, ploverType: r.plover.type,
    acledType: r.acled?.event_type ?? null, acledSubType: r.acled?.sub_event_type ?? null,
    modality: r.modality, historical: r.historical, goldstein: r.goldstein, confidence: r.confidence,
    dateValue: r.date.value, datePrecision: r.date.precision, dateBasis: r.date.basis,
    sourceCode: s?.code ?? null, targetCode: t?.code ?? null,
    injured: f?.injured ?? null,
  };
}

/** A mention with the facts of the document it was read from. */
export interface Mention {
  record: MergeRecord;
  /** The document's publication date (or ingestion date), YYYY-MM-DD. */
  reported: string;
  /** Who published it: URL host, else feed, else document id. */
  sourceKey: string;
  /** The record's JSON (`JSON.stringify(record)`) as UTF-8, stored as is. */
  json: Uint8Array;
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
  const fam = VIOLENT_ROOTS.has(r.cameoRoot) ? "V" : r.cameoRoot;
  const mod = REPORTED.has(r.modality) ? "r" : r.modality;
  const ck = r.country ?? "?";
  const value = r.dateValue;
  const precision = r.datePrecision;
  if (precision === "day") {
    const d = dayNumber(value);
    if (d !== null) {
      const family = `${fam}/${mod}`;
      return r.dateBasis === "publication" ? { family, ck, lo: d - 3, hi: d } : { family, ck, lo: d - 1, hi: d + 1 };
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
export function eventDay(r: MergeRecord, firstReported: string): string {
  return r.datePrecision === "day" && dayNumber(r.dateValue) !== null ? r.dateValue : firstReported;
}

/** True when two sides of a dyad may be the same people (an id null: no such actor). */
function sideCompatible(aId: string | null, aCountry: string | null, aSector: string | null, bId: string | null, bCountry: string | null, bSector: string | null): boolean {
  if (aId === null || bId === null || aId === bId) return true;
  const country = !aCountry || !bCountry || aCountry === bCountry;
  if (GENERIC_ID.test(aId) || GENERIC_ID.test(bId)) return country;
  return !!aSector && aSector === bSector && aCountry === bCountry;
}

/** Distance in km between two fine places, 0 when not comparable, null when incompatible. */
function placeDistance(a: MatchFacts, b: MatchFacts): number | null {
  if (a.placePrecision === null || b.placePrecision === null) return 0;
  if (
    FINE_PLACE.has(a.placePrecision) && FINE_PLACE.has(b.placePrecision) &&
    a.lat !== null && a.lon !== null && b.lat !== null && b.lon !== null
  ) {
    const km = haversineKm(a.lat, a.lon, b.lat, b.lon);
    return km <= MAX_MERGE_KM ? km : null;
  }
  if (a.country && b.country && a.country !== b.country) return null;
  if (a.placePrecision !== "country" && b.placePrecision !== "country" && a.admin1 && b.admin1 && a.admin1 !== b.admin1) return null;
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
  if (!sideCompatible(ev.sourceId, ev.sourceCountry, ev.sourceSector, m.sourceId, m.sourceCountry, m.sourceSector)) return null;
  if (!sideCompatible(ev.targetId, ev.targetCountry, ev.targetSector, m.targetId, m.targetCountry, m.targetSector)) return null;
  if (!fatalitiesCompatible(ev.killed, m.killed)) return null;
  const km = placeDistance(ev, m);
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
  const date = r.datePrecision === "day" ? (r.dateBasis === "publication" ? 2 : 3) : r.datePrecision === "month" ? 1 : 0;
  const place = r.placePrecision !== null ? (PLACE_RANK[r.placePrecision] ?? 0) : 0;
  const dyad = (r.sourceId !== null ? 1 : 0) + (r.targetId !== null ? 1 : 0);
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
