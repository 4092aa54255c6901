/**
 * The "export" use case: stored (merged) events out in several formats.
 * - `jsonl`, `csv`: the event-record contract via `output.ts` (the record is the
 *   event's representative mention with the event id, plus n_sources, n_articles,
 *   first_reported and day in JSONL).
 * - `gdelt`: GDELT 2.0 event-table layout, 61 tab-separated columns, no header.
 *   Filled: GLOBALEVENTID (our event id, a string, not a number), SQLDATE, MonthYear,
 *   Year, FractionDate, Actor1/2 Code, Name, CountryCode (ISO3), Type1Code (sector),
 *   IsRootEvent (1), EventCode, EventBaseCode, EventRootCode, QuadClass, GoldsteinScale,
 *   NumMentions, NumSources, NumArticles, ActionGeo Type/FullName/CountryCode (ISO3,
 *   not FIPS)/ADM1Code (admin1 name)/Lat/Long/FeatureID (GeoNames id), DATEADDED
 *   (first report, YYYYMMDD000000) and SOURCEURL (first mention's document URL).
 *   Empty: KnownGroup, Ethnic, Religion, Type2/3 codes, AvgTone, Actor1Geo/Actor2Geo.
 * - `acled`: ACLED-style CSV (events with an ACLED type only), columns in `ACLED_COLUMNS`;
 *   `iso` holds ISO3 (ACLED uses numeric ISO), `source` the reporting hosts, `fatalities`
 *   the stated count or, for a vague one ("dozens were killed": killed null, killed_vague
 *   "dozens"), ACLED's conventional number (ontology/acled/fatality-conventions.json).
 * - `plover`: a JSON array of PLOVER-style event objects.
 * - `reviews`: every review (verdict, complete corrections, note, reviewer, event id) as
 *   JSON Lines, oldest first, so corrections can be shared and replayed (event filters
 *   do not apply).
 *
 * Event formats carry the corrections of each event's latest review (see reviews.ts):
 * the corrected values in the contract fields, and in JSONL the `review` field with the
 * verdict, the corrected and the original values. Events whose latest verdict is
 * "wrong" are kept (flagged in JSONL) unless `excludeRejected`: a verdict is one
 * reviewer's judgement, and an export should hold what the store holds unless asked.
 */
import { once } from "node:events";
import { createWriter, csvCell, type OutputFormat } from "./output.js";
import { urlHost, type EventFilter, type EventStore, type Review, type StoredEvent } from "../store/index.js";
import { allReviews, applyReview, latestReviewOfAll } from "./reviews.js";
import { ONTOLOGY_DIR } from "../ontology/index.js";
import { acledKilled, loadAcledFatalityConventions, type AcledFatalityConventions } from "../ontology/acled-fatalities.js";

export type ExportFormat = "jsonl" | "csv" | "gdelt" | "acled" | "plover" | "reviews";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["jsonl", "csv", "gdelt", "acled", "plover", "reviews"];

export interface ExportOptions {
  /** Leave out events whose latest review says "wrong" (default false: kept, flagged). */
  excludeRejected?: boolean;
}

type Cell = string | number | null | undefined;

const GEO_TYPE: Record<string, number> = { country: 1, admin1: 5, admin2: 5, city: 4, point: 4 };
const ACLED_PRECISION: Record<string, number> = { point: 1, city: 1, admin2: 2, admin1: 2, country: 3 };

function ymd(e: StoredEvent): string {
  return e.day.replaceAll("-", "");
}

function actorCells(a: StoredEvent["source"]): Cell[] {
  return [a?.code, a?.name, a?.country, "", "", "", "", a?.sector, "", ""];
}

/** One GDELT 2.0-style row (61 columns). */
export function gdeltRow(e: StoredEvent): Cell[] {
  const [y, m, d] = e.day.split("-").map(Number);
  const loc = e.location;
  const emptyGeo = ["", "", "", "", "", "", "", ""];
  return [
    e.id, ymd(e), ymd(e).slice(0, 6), y, (y + ((m - 1) * 30.4 + d) / 365).toFixed(4),
    ...actorCells(e.source), ...actorCells(e.target),
    1, e.cameo, e.cameo.slice(0, 3), e.cameo_root, e.quad_class, e.goldstein, e.n_articles, e.n_sources, e.n_articles, "",
    ...emptyGeo, ...emptyGeo,
    loc ? GEO_TYPE[loc.precision] ?? "" : "", loc?.name, loc?.country, loc?.admin1, "", loc?.lat, loc?.lon, loc?.geonames_id,
    (e.first_reported ?? e.day).replaceAll("-", "") + "000000", e.mentions?.[0]?.url ?? "",
  ];
}

/** ACLED-style columns. */
export const ACLED_COLUMNS = [
  "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "inter1",
  "actor2", "inter2", "iso", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
  "source", "notes", "fatalities", "timestamp",
] as const;

let acledConventions: AcledFatalityConventions | null = null;

/** ACLED's fatalities: the stated count, else ACLED's number for a vague count the record names (fatalities.killed_vague), else 0. */
export function acledFatalities(e: Pick<StoredEvent, "fatalities">): number {
  return acledKilled(e.fatalities, (acledConventions ??= loadAcledFatalityConventions(ONTOLOGY_DIR))) ?? 0;
}

function acledRow(e: StoredEvent): Cell[] {
  const loc = e.location;
  const hosts = [...new Set((e.mentions ?? []).map((m) => urlHost(m.url)).filter(Boolean))];
  return [
    e.id, e.day, e.day.slice(0, 4), e.date.precision === "day" ? 1 : 3,
    e.acled?.event_type, e.acled?.sub_event_type, e.source?.name, e.source?.sector, e.target?.name, e.target?.sector,
    loc?.country, loc?.country, loc?.admin1, loc?.name, loc?.lat, loc?.lon, loc ? ACLED_PRECISION[loc.precision] : "",
    hosts.join("; "), e.evidence.sentence, acledFatalities(e), Math.floor(Date.parse(e.first_reported ?? e.day) / 1000),
  ];
}

function ploverObject(e: StoredEvent): Record<string, unknown> {
  return {
    id: e.id, event_date: e.day, event_type: e.plover.type, mode: e.plover.mode,
    source_actor: e.source?.name ?? null, source_code: e.source?.code ?? null, source_agent: e.source?.sector ?? null,
    target_actor: e.target?.name ?? null, target_code: e.target?.code ?? null, target_agent: e.target?.sector ?? null,
    country: e.location?.country ?? null, admin1: e.location?.admin1 ?? null, location: e.location?.name ?? null,
    lat: e.location?.lat ?? null, long: e.location?.lon ?? null, modality: e.modality,
    fatalities: e.fatalities?.killed ?? null, event_text: e.evidence.sentence, story_date: e.first_reported,
    n_sources: e.n_sources, n_articles: e.n_articles, cameo: e.cameo,
  };
}

const tsvCell = (v: Cell) => (v == null ? "" : String(v).replace(/[\t\r\n]+/g, " "));

/** Write every review to `out` as JSON Lines, oldest first; returns the number written. */
export async function exportReviews(store: EventStore, out: NodeJS.WritableStream): Promise<number> {
  const all: Review[] = [];
  for await (const r of allReviews(store)) all.push(r);
  let buf = "";
  for (let i = all.length - 1; i >= 0; i--) {
    buf += JSON.stringify(all[i]) + "\n";
    if (buf.length >= 65536 || i === 0) {
      if (!out.write(buf)) await once(out, "drain");
      buf = "";
    }
  }
  return all.length;
}

/** The events of `filter` with their latest reviews applied (rejected ones left out when asked). */
async function* reviewed(store: EventStore, filter: EventFilter, opts: ExportOptions): AsyncGenerator<StoredEvent> {
  const latest = await latestReviewOfAll(store);
  for await (const e of store.exportEvents(filter)) {
    const r = latest.get(e.id);
    if (r?.verdict === "wrong" && opts.excludeRejected) continue;
    yield applyReview(e, r);
  }
}

/** Write every event matching `filter` to `out` in `format`; returns the number written. */
export async function exportEvents(
  store: EventStore, format: ExportFormat, out: NodeJS.WritableStream, filter: EventFilter = {}, opts: ExportOptions = {},
): Promise<number> {
  if (format === "reviews") return exportReviews(store, out);
  if (format === "jsonl" || format === "csv") {
    const w = createWriter(format as OutputFormat, out);
    for await (const e of reviewed(store, filter, opts)) await w.write(e);
    await w.end();
    return w.count;
  }
  const needsMentions = format === "gdelt" || format === "acled";
  let n = 0;
  let buf = format === "acled" ? ACLED_COLUMNS.join(",") + "\r\n" : format === "plover" ? "[" : "";
  const flush = async (force = false) => {
    if (buf.length < 65536 && !force) return;
    const chunk = buf;
    buf = "";
    if (chunk && !out.write(chunk)) await once(out, "drain");
  };
  for await (const ev of reviewed(store, filter, opts)) {
    if (format === "acled" && !ev.acled) continue;
    const e = needsMentions ? { ...ev, mentions: (await store.getEvent(ev.id))?.mentions } : ev;
    if (format === "gdelt") buf += gdeltRow(e).map(tsvCell).join("\t") + "\n";
    else if (format === "acled") buf += acledRow(e).map((c) => csvCell(c)).join(",") + "\r\n";
    else buf += (n === 0 ? "\n" : ",\n") + JSON.stringify(ploverObject(e));
    n++;
    await flush();
  }
  if (format === "plover") buf += n === 0 ? "]\n" : "\n]\n";
  await flush(true);
  return n;
}
