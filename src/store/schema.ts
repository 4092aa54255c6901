/**
 * The store's tables, written once for both backends (column types are filled in
 * per dialect). Migrations are versioned: each adapter applies, in order, the
 * statements of every version above the highest one in `schema_migrations`.
 */

export interface ColumnTypes {
  /** Auto-increment integer primary key. */
  serial: string;
  int: string;
  real: string;
}

/** Columns of the daily dyad rollup key (NULLs stored as '' so the key is unique). */
export const ROLLUP_KEY = [
  "day", "source_id", "source_code", "source_country", "source_sector",
  "target_id", "target_code", "target_country", "target_sector",
  "cameo_root", "quad_class", "plover_type", "modality", "historical",
] as const;

/** Version 1: documents, mentions, events, rollup, alerts, reviews, jobs. */
export function coreSchema(t: ColumnTypes): string[] {
  return [
    `CREATE TABLE documents (
      seq ${t.serial}, id TEXT NOT NULL UNIQUE, content_hash TEXT NOT NULL UNIQUE,
      url TEXT, title TEXT, date TEXT, text TEXT NOT NULL, feed TEXT, fetched_at TEXT,
      source_key TEXT NOT NULL, ingested_at TEXT NOT NULL, coded_at TEXT, coded_sig TEXT,
      n_mentions ${t.int} NOT NULL DEFAULT 0)`,
    `CREATE INDEX documents_date ON documents(date)`,
    `CREATE TABLE mentions (
      seq ${t.serial}, rid TEXT NOT NULL, doc_id TEXT NOT NULL, event_id TEXT NOT NULL,
      sentence TEXT NOT NULL, reported TEXT NOT NULL, source_key TEXT NOT NULL, record TEXT NOT NULL,
      UNIQUE (doc_id, rid))`,
    `CREATE INDEX mentions_event ON mentions(event_id, source_key, doc_id)`,
    `CREATE INDEX mentions_rid ON mentions(rid)`,
    `CREATE TABLE events (
      seq ${t.serial}, id TEXT NOT NULL UNIQUE, family TEXT NOT NULL, ck TEXT NOT NULL, lo ${t.int} NOT NULL, hi ${t.int} NOT NULL,
      day TEXT NOT NULL, rep_rid TEXT NOT NULL, rep_reported TEXT NOT NULL, rep_quality TEXT NOT NULL,
      source_id TEXT, source_code TEXT, source_country TEXT, source_sector TEXT,
      target_id TEXT, target_code TEXT, target_country TEXT, target_sector TEXT,
      cameo TEXT NOT NULL, cameo_root TEXT NOT NULL, quad_class ${t.int} NOT NULL, plover_type TEXT NOT NULL,
      acled_type TEXT, acled_sub_type TEXT, modality TEXT NOT NULL, historical ${t.int} NOT NULL,
      country TEXT, admin1 TEXT, loc_precision TEXT, lat ${t.real}, lon ${t.real}, goldstein ${t.real} NOT NULL,
      killed ${t.int}, injured ${t.int}, n_sources ${t.int} NOT NULL, n_articles ${t.int} NOT NULL,
      first_reported TEXT NOT NULL)`,
    `CREATE TABLE event_records (event_id TEXT PRIMARY KEY, record TEXT NOT NULL)`,
    `CREATE INDEX events_block ON events(family, ck, lo, hi, source_country, target_country, source_id, target_id, id)`,
    `CREATE INDEX events_family ON events(family, lo, hi, source_country, target_country, source_id, target_id, id)`,
    `CREATE INDEX events_day ON events(day, id)`,
    `CREATE INDEX events_source ON events(source_id)`,
    `CREATE INDEX events_target ON events(target_id)`,
    `CREATE INDEX events_scountry ON events(source_country)`,
    `CREATE INDEX events_tcountry ON events(target_country)`,
    `CREATE INDEX events_country ON events(country)`,
    `CREATE INDEX events_cameo ON events(cameo)`,
    `CREATE INDEX events_lat ON events(lat)`,
    `CREATE TABLE rollup_dyad_day (
      day TEXT NOT NULL, source_id TEXT NOT NULL, source_code TEXT NOT NULL, source_country TEXT NOT NULL,
      source_sector TEXT NOT NULL, target_id TEXT NOT NULL, target_code TEXT NOT NULL, target_country TEXT NOT NULL,
      target_sector TEXT NOT NULL, cameo_root TEXT NOT NULL, quad_class ${t.int} NOT NULL, plover_type TEXT NOT NULL,
      modality TEXT NOT NULL, historical ${t.int} NOT NULL,
      events ${t.int} NOT NULL, goldstein_sum ${t.real} NOT NULL, killed ${t.int} NOT NULL,
      injured ${t.int} NOT NULL, sources ${t.int} NOT NULL,
      PRIMARY KEY (${ROLLUP_KEY.join(", ")}))`,
    `CREATE TABLE alerts (
      seq ${t.serial}, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, severity TEXT NOT NULL, title TEXT NOT NULL,
      detail TEXT, event_ids TEXT NOT NULL, created_at TEXT NOT NULL, acked_at TEXT, acked_by TEXT)`,
    `CREATE TABLE reviews (
      seq ${t.serial}, event_id TEXT NOT NULL, verdict TEXT NOT NULL, corrections TEXT, note TEXT,
      reviewer TEXT NOT NULL, created_at TEXT NOT NULL)`,
    `CREATE INDEX reviews_event ON reviews(event_id)`,
    `CREATE TABLE jobs (
      seq ${t.serial}, kind TEXT NOT NULL, payload TEXT NOT NULL, key TEXT UNIQUE, attempts ${t.int} NOT NULL DEFAULT 0,
      state TEXT NOT NULL, worker TEXT, lease_until ${t.int}, error TEXT, created_at TEXT NOT NULL)`,
    `CREATE INDEX jobs_state ON jobs(state, seq)`,
  ];
}

/**
 * Version 3: indexes for the API's hottest reads. Event lists filtered by an actor
 * are ordered by (day, id), so the per-side indexes carry both (replacing the
 * single-column ones: no extra write cost); dyad series read the rollup by dyad.
 */
export function readIndexes(): string[] {
  return [
    `DROP INDEX events_source`,
    `DROP INDEX events_target`,
    `CREATE INDEX events_source_day ON events(source_id, day, id)`,
    `CREATE INDEX events_target_day ON events(target_id, day, id)`,
    `CREATE INDEX rollup_dyad ON rollup_dyad_day(source_id, target_id, day)`,
    `CREATE INDEX rollup_dyad_rev ON rollup_dyad_day(target_id, source_id, day)`,
  ];
}

/** Rollup columns a series reads after its key, so the rollup indexes below cover `dyadBuckets`. */
const SERIES_COLUMNS = "day, cameo_root, quad_class, plover_type, modality, historical, events, goldstein_sum, killed, injured, sources";

/**
 * Version 5: every index the API's list and series reads need, declared here
 * (IF NOT EXISTS) whatever earlier versions created or dropped, so this is the one
 * place that owns them:
 * - `events_day`: the unfiltered and date-range event lists (ORDER BY day, id);
 * - `events_source_day`, `events_target_day`: one-sided actor lists (each half of an either-side actor);
 * - `events_dyad_day`: one-sided dyad lists (each half of an undirected dyad);
 * - `events_country_day` (replaces the single-column `events_country`) and the two
 *   partial indexes on events without a place: the three parts of a `country` filter;
 * - `rollup_ids_cover`, `rollup_ids_rev_cover`, `rollup_countries_cover` (replace
 *   `rollup_dyad` and `rollup_dyad_rev`): the halves of a dyad or actor series by id
 *   or by country, answered from the index alone.
 */
export function apiReadIndexes(): string[] {
  return [
    `CREATE INDEX IF NOT EXISTS events_day ON events(day, id)`,
    `CREATE INDEX IF NOT EXISTS events_source_day ON events(source_id, day, id)`,
    `CREATE INDEX IF NOT EXISTS events_target_day ON events(target_id, day, id)`,
    `CREATE INDEX IF NOT EXISTS events_dyad_day ON events(source_id, target_id, day, id)`,
    `DROP INDEX IF EXISTS events_country`,
    `CREATE INDEX IF NOT EXISTS events_country_day ON events(country, day, id)`,
    `CREATE INDEX IF NOT EXISTS events_noplace_source ON events(source_country, day, id) WHERE country IS NULL`,
    `CREATE INDEX IF NOT EXISTS events_noplace_target ON events(target_country, day, id) WHERE country IS NULL`,
    `DROP INDEX IF EXISTS rollup_dyad`,
    `DROP INDEX IF EXISTS rollup_dyad_rev`,
    `CREATE INDEX IF NOT EXISTS rollup_ids_cover ON rollup_dyad_day(source_id, target_id, ${SERIES_COLUMNS})`,
    `CREATE INDEX IF NOT EXISTS rollup_ids_rev_cover ON rollup_dyad_day(target_id, source_id, ${SERIES_COLUMNS})`,
    `CREATE INDEX IF NOT EXISTS rollup_countries_cover ON rollup_dyad_day(source_country, target_country, ${SERIES_COLUMNS})`,
  ];
}

/** Columns that class a summary row beside its key (as in the rollup) and the measures it sums. */
const CLASS_COLUMNS = ["cameo_root", "quad_class", "plover_type", "modality", "historical"] as const;
const MEASURES = ["events", "goldstein_sum", "killed", "injured", "sources"] as const;

/** Key of the per-actor series summaries: one side of a rollup row ('s' source, 't' target). */
export const ACTOR_SUMMARY_KEY = ["actor_id", "side", "day", ...CLASS_COLUMNS] as const;

/**
 * Series summaries, maintained with the rollup (writer.ts, `writeSeriesSummaries`),
 * so that long series read a few thousand rows whatever the number of events:
 * - `rollup_dyad_month`: the rollup with `day` set to the first of its month (same
 *   columns, so every dyad filter applies); serves whole months of monthly series;
 * - `rollup_actor_day` / `rollup_actor_month`: per actor id and side, without the
 *   other side; serves series of one actor by id with anyone. A self-dyad row (same
 *   actor both sides) is kept on the source side only, so the sides add up to the
 *   actor's events.
 */
export function seriesSummaries(t: ColumnTypes): string[] {
  const classCols = `cameo_root TEXT NOT NULL, quad_class ${t.int} NOT NULL, plover_type TEXT NOT NULL, modality TEXT NOT NULL, historical ${t.int} NOT NULL`;
  const measures = `events ${t.int} NOT NULL, goldstein_sum ${t.real} NOT NULL, killed ${t.int} NOT NULL, injured ${t.int} NOT NULL, sources ${t.int} NOT NULL`;
  const actorTable = (name: string) =>
    `CREATE TABLE ${name} (actor_id TEXT NOT NULL, side TEXT NOT NULL, day TEXT NOT NULL, ${classCols}, ${measures},
      PRIMARY KEY (${ACTOR_SUMMARY_KEY.join(", ")}))`;
  return [
    `CREATE TABLE rollup_dyad_month (
      day TEXT NOT NULL, source_id TEXT NOT NULL, source_code TEXT NOT NULL, source_country TEXT NOT NULL,
      source_sector TEXT NOT NULL, target_id TEXT NOT NULL, target_code TEXT NOT NULL, target_country TEXT NOT NULL,
      target_sector TEXT NOT NULL, ${classCols}, ${measures},
      PRIMARY KEY (${ROLLUP_KEY.join(", ")}))`,
    `CREATE INDEX rollup_month_ids_cover ON rollup_dyad_month(source_id, target_id, ${SERIES_COLUMNS})`,
    `CREATE INDEX rollup_month_ids_rev_cover ON rollup_dyad_month(target_id, source_id, ${SERIES_COLUMNS})`,
    actorTable("rollup_actor_day"),
    actorTable("rollup_actor_month"),
    ...rebuildSeriesSummaries(),
  ];
}

/** Statements that recompute the series summaries from `rollup_dyad_day` (migration 5 and bulk loads). */
export function rebuildSeriesSummaries(): string[] {
  const month = "substr(day, 1, 7) || '-01'";
  const sums = MEASURES.map((m) => `SUM(${m})`).join(", ");
  const rest = ROLLUP_KEY.slice(1).join(", ");
  const cls = CLASS_COLUMNS.join(", ");
  const actorCols = `${ACTOR_SUMMARY_KEY.join(", ")}, ${MEASURES.join(", ")}`;
  return [
    `DELETE FROM rollup_dyad_month`,
    `DELETE FROM rollup_actor_day`,
    `DELETE FROM rollup_actor_month`,
    `INSERT INTO rollup_dyad_month (${ROLLUP_KEY.join(", ")}, ${MEASURES.join(", ")})
     SELECT ${month}, ${rest}, ${sums} FROM rollup_dyad_day GROUP BY ${month}, ${rest}`,
    `INSERT INTO rollup_actor_day (${actorCols})
     SELECT source_id, 's', day, ${cls}, ${sums} FROM rollup_dyad_day GROUP BY source_id, day, ${cls}`,
    `INSERT INTO rollup_actor_day (${actorCols})
     SELECT target_id, 't', day, ${cls}, ${sums} FROM rollup_dyad_day WHERE target_id <> source_id GROUP BY target_id, day, ${cls}`,
    `INSERT INTO rollup_actor_month (${actorCols})
     SELECT actor_id, side, ${month}, ${cls}, ${sums} FROM rollup_actor_day GROUP BY actor_id, side, ${month}, ${cls}`,
  ];
}

/**
 * Version 4: ingest cost.
 * - The merge candidate scan (writer.ts `storedCandidates`) orders the events of a
 *   blocking range by interval centre and then by coordinates: with `lat, lon` in the
 *   two blocking indexes it reads the index alone instead of every scanned event row.
 * - `store_epoch`: one counter, bumped by every transaction that changes events, so that
 *   a writer can tell whether its in-memory copy of the events (event-cache.ts) is
 *   still exact.
 */
export function ingestSchema(t: ColumnTypes): string[] {
  return [
    `DROP INDEX events_block`,
    `DROP INDEX events_family`,
    `CREATE INDEX events_block ON events(family, ck, lo, hi, source_country, target_country, source_id, target_id, lat, lon, id)`,
    `CREATE INDEX events_family ON events(family, lo, hi, source_country, target_country, source_id, target_id, lat, lon, id)`,
    `CREATE TABLE store_epoch (id ${t.int} PRIMARY KEY, n ${t.int} NOT NULL)`,
    `INSERT INTO store_epoch (id, n) VALUES (1, 0)`,
  ];
}

/**
 * Version 6: fewer bytes and index entries per stored mention (issue #5). Each adapter
 * first drops its per-mention full-text index and creates the `sentences` table with
 * its own one (`sentencesTable`), then runs these statements:
 * - `sentences`: one row per distinct evidence sentence of a document (mentions average
 *   ~2 per sentence), written by the writer with ids it allocates under the merge lock;
 *   `mentions.sentence_id` points at it and `mentions.sentence` is dropped (the text
 *   is in the record JSON too). A search reads sentences, then their document's
 *   mentions through the (doc_id, rid) index (filters.ts), so mentions need no index on
 *   `sentence_id`.
 * - `events.rep_doc`: the representative mention's document, so that its record is read
 *   from `mentions` by (rep_doc, rep_rid) (the same index) instead of being stored a
 *   second time in `event_records` (dropped).
 * - Indexes that no reader uses are dropped: `events_scountry`, `events_tcountry` (the
 *   events' country filter is always split into the `events_noplace_*` and
 *   `events_country_day` parts, filters.ts `orderedParts`) and `events_cameo` (`cameo
 *   LIKE 'x%'` cannot use a plain index: case-insensitive in SQLite, collation-bound in
 *   PostgreSQL). Kept on events: `events_block`/`events_family` (merge candidates, SQL
 *   path), `events_lat` (the `near` filter), the migration-5 API indexes; on mentions:
 *   (doc_id, rid) (a document's mentions: re-coding, `doc_id` filter, search, an event's
 *   record), `mentions_event` (an event's mentions, known sources), `mentions_rid`
 *   (`getEvent` by any mention's record id).
 */
export function leanMentions(t: ColumnTypes): string[] {
  return [
    // Existing mentions: one sentence row per distinct (document, sentence).
    `CREATE TABLE sentence_map AS SELECT ROW_NUMBER() OVER (ORDER BY doc_id, sentence) AS seq, doc_id, sentence
       FROM (SELECT DISTINCT doc_id, sentence FROM mentions) d`,
    `CREATE INDEX sentence_map_key ON sentence_map(doc_id, sentence)`,
    `INSERT INTO sentences (seq, doc_id, sentence) SELECT seq, doc_id, sentence FROM sentence_map`,
    `ALTER TABLE mentions ADD COLUMN sentence_id ${t.int} NOT NULL DEFAULT 0`,
    `UPDATE mentions SET sentence_id = (SELECT s.seq FROM sentence_map s WHERE s.doc_id = mentions.doc_id AND s.sentence = mentions.sentence)`,
    `DROP TABLE sentence_map`,
    `ALTER TABLE mentions DROP COLUMN sentence`,
    // The representative's document: the mention of the event with the representative's
    // record id whose record is the stored one (first by seq should two match).
    `ALTER TABLE events ADD COLUMN rep_doc TEXT`,
    `UPDATE events SET rep_doc = (SELECT m.doc_id FROM mentions m JOIN event_records r ON r.event_id = m.event_id
       WHERE m.event_id = events.id AND m.rid = events.rep_rid
       ORDER BY CASE WHEN m.record = r.record THEN 0 ELSE 1 END, m.seq LIMIT 1)`,
    `DROP TABLE event_records`,
    `DROP INDEX events_scountry`,
    `DROP INDEX events_tcountry`,
    `DROP INDEX events_cameo`,
  ];
}

/** The `sentences` table of version 6 (`leanMentions`); `extra` adds the adapter's full-text column. */
export function sentencesTable(t: ColumnTypes, extra = ""): string {
  return `CREATE TABLE sentences (seq ${t.int} PRIMARY KEY, doc_id TEXT NOT NULL, sentence TEXT NOT NULL${extra})`;
}

/**
 * Version 7: several writers and workers on one store.
 * - The change log that lets several writers keep their in-memory copies of the events
 *   (event-cache.ts) instead of dropping them whenever another writer committed:
 *   `event_changes`, (epoch, id) of every event a merging transaction inserted or updated,
 *   under that transaction's `store_epoch` value. A writer whose copy is exact at epoch
 *   `e` reads the rows of the events logged after `e` and is exact again (sql-store.ts,
 *   `eventCache`; entries older than `EVENT_LOG_EPOCHS` epochs are deleted by the writers),
 *   and `store_epoch.removed`, the last epoch in which events were deleted or rebuilt from
 *   their remaining mentions (re-coding): a copy older than that is read again in full.
 * - PostgreSQL: `jobs_open`, the queued and running jobs in queue order, so that a claim
 *   reads the first open jobs instead of stepping over every job done so far (its scan of
 *   the primary key grew with the queue's history: 1.4 ms a claim with 15,000 jobs done;
 *   0.06 ms with the index). SQLite's planner reads `jobs_state` for the claim's
 *   `state IN (...)` (0.4 ms against 1.7 ms for the earlier OR form, same queue) and would not use it.
 * SQLite's log is `WITHOUT ROWID` (the primary key is the table).
 */
export function multiWriterSchema(t: ColumnTypes, backend: "sqlite" | "postgres"): string[] {
  const sqlite = backend === "sqlite";
  return [
    `CREATE TABLE event_changes (epoch ${t.int} NOT NULL, id TEXT NOT NULL, PRIMARY KEY (epoch, id))${sqlite ? " WITHOUT ROWID" : ""}`,
    `ALTER TABLE store_epoch ADD COLUMN removed ${t.int} NOT NULL DEFAULT 0`,
    ...(sqlite ? [] : [`CREATE INDEX jobs_open ON jobs(seq) WHERE state IN ('queued', 'running')`]),
  ];
}

/** Epochs of the change log kept (a copy further behind is read again in full). */
export const EVENT_LOG_EPOCHS = 64;
