/**
 * The EventStore contract: documents, coded mentions merged into real-world
 * events, a daily dyad rollup, alerts, reviews and a job queue. Implemented by
 * the SQLite adapter (`src/store/sqlite/`, the default) and the PostgreSQL
 * adapter (`src/store/postgres/`); both pass `runStoreContract` in
 * `src/store/contract.ts`. Open one with `openStore(url)` from `src/store/index.ts`.
 *
 * Terms:
 * - a *document* is one article (deduplicated by a hash of its text);
 * - a *mention* is one EventRecord coded from one document (its `id` is the record id);
 * - an *event* is a cluster of mentions of the same real-world event (see `merge.ts`);
 *   its fields are those of its representative mention (best date and place precision,
 *   then confidence, then earliest report); its id is `"ev:" + <first mention's
 *   record id>` (see `merge.ts`, `writer.ts`).
 */
import type { EventRecord, Modality, QuadClass } from "../doc/index.js";
import type { MergeRecord } from "./merge.js";

/* ------------------------------------------------------------------ documents */

/** A document to store. Same text ⇒ same document (content-hash dedup). */
export interface DocumentInput {
  /** Caller's id; defaults to the content id (`sha1:` + 16 hex of the text). */
  id?: string | null;
  url?: string | null;
  title?: string | null;
  /** Publication date, YYYY-MM-DD (or an ISO date-time; the date part is kept). */
  date?: string | null;
  text: string;
  /** Feed URL (or any label of the channel) the document came from. */
  feed?: string | null;
  /** ISO date-time when it was fetched. */
  fetched_at?: string | null;
}

export interface StoredDocument {
  id: string;
  url: string | null;
  title: string | null;
  date: string | null;
  text: string;
  feed: string | null;
  fetched_at: string | null;
  /** Hex SHA-256 of the text. */
  content_hash: string;
  /** ISO date-time the store first saw it. */
  ingested_at: string;
  /** ISO date-time `saveCoded` last ran for it, or null while uncoded. */
  coded_at: string | null;
  /** Number of mentions (event records) coded from it. */
  n_mentions: number;
}

export interface PutDocumentResult {
  /** The stored document's id (the existing one when the text was already stored). */
  docId: string;
  /** False when a document with the same text already existed. */
  inserted: boolean;
}

export interface DocumentQuery {
  feed?: string;
  /** Publication date range, inclusive, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** Only documents not yet coded (true) or only coded ones (false). */
  uncoded?: boolean;
}

/** Options of `saveBatch`. */
export interface SaveBatchOptions {
  /**
   * Merge the documents in consecutive groups of these sizes (summing to the number of
   * items; default: all in one group): events created or changed by a group are stored
   * events for the next ones, exactly as if each group were saved by its own
   * `saveBatch`, so that the size of a transaction (ingest commits several batches at
   * once) does not change merge results.
   */
  groups?: number[];
}

/** A document with a batch of coded records, saved atomically by `saveBatch`. */
export interface CodedDocument {
  doc: DocumentInput;
  /** The coded records, or their JSON (`packRecords`). */
  records: EventRecord[] | PackedRecords;
}

/**
 * A document's coded records as JSON (`packRecords`), for a caller that holds many
 * documents before saving them (ingest commits up to 10,000 at once): the JSON as bytes
 * and one flat object per record with the fields merging reads, instead of ~15 objects per
 * record that would all outlive the young generation (the garbage collector copies each
 * surviving object; bytes outside the heap are not copied at all). Merging does not parse
 * the JSON again.
 */
export interface PackedRecords {
  /** The list's JSON as UTF-8: "[" + `JSON.stringify` of each record, comma-separated, + "]" (outside the JS heap). */
  readonly bytes: Uint8Array;
  /** Where each record's JSON ends in `bytes` (record `i` starts after `ends[i - 1]` and its comma; the first at 1). */
  readonly ends: readonly number[];
  /** The `doc_id` of every record, or null when they differ. */
  readonly docId: string | null;
  /** The number of distinct record ids. */
  readonly distinct: number;
  /** What merging reads of each record (`mergeRecord`), made from the record objects as they were packed. */
  readonly views: readonly MergeRecord[];
}

/* ------------------------------------------------------------- events/mentions */

/** A mention as returned inside an event: the record plus where it was read. */
export type EventMention = EventRecord & {
  url: string | null;
  title: string | null;
  /** The document's publication date (YYYY-MM-DD) or null. */
  published: string | null;
};

/** A merged real-world event. The EventRecord fields are the representative mention's. */
export type StoredEvent = EventRecord & {
  /** Distinct sources (host of the document URL, else the feed, else the document). */
  n_sources: number;
  /** Distinct documents reporting it. */
  n_articles: number;
  /** Earliest publication (or ingestion) date of a reporting document, YYYY-MM-DD. */
  first_reported: string | null;
  /** The day the event is filed under (event date when day-precise, else first_reported). */
  day: string;
  /** All mentions, earliest first; filled by `getEvent`, omitted by `queryEvents`. */
  mentions?: EventMention[];
};

/** Matches an actor by any combination of fields (all given fields must match). */
export interface ActorMatch {
  id?: string;
  /** Exact CAMEO-style code, or a prefix when it ends with `*` ("PAK*"). */
  code?: string;
  country?: string;
  sector?: string;
}

export interface ActorFilter extends ActorMatch {
  /** Which side the actor must be on; default "either". */
  role?: "source" | "target" | "either";
}

export interface DyadFilter {
  a: ActorMatch;
  b: ActorMatch;
  /** true: a is the source and b the target; false (default): either direction. */
  directed?: boolean;
}

/** Filters for events and rollups. All given filters must hold (AND). */
export interface EventFilter {
  /** Event day range (the `day` field), inclusive, YYYY-MM-DD. */
  from?: string;
  to?: string;
  actor?: ActorFilter;
  dyad?: DyadFilter;
  /** ISO3 of the event location, else of source or target when there is no location. */
  country?: string;
  /** Events located within `km` of a point (events without coordinates excluded). */
  near?: { lat: number; lon: number; km: number };
  /** CAMEO code prefix ("19", "190", "1823"). */
  cameo?: string;
  /** CAMEO root(s) ("19" or ["18","19","20"]). */
  root?: string | string[];
  quad?: QuadClass | QuadClass[];
  plover?: string | string[];
  acled_type?: string;
  acled_sub_type?: string;
  modality?: Modality | Modality[];
  historical?: boolean;
  /** Minimum number of distinct sources. */
  min_sources?: number;
  /** Events with a mention from this document. */
  doc_id?: string;
  /** Full-text search over the evidence sentences (FTS5 / tsvector syntax-free words). */
  q?: string;
}

/** Keyset pagination: pass `next` back as `cursor`. Ordering is (day DESC, id DESC). */
export interface PageRequest {
  /** Default 100, max 1000. */
  limit?: number;
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, or null at the end. */
  next: string | null;
}

/** What `saveCoded` did. */
export interface SaveResult {
  /** Mentions newly stored (0 when the document was already coded identically). */
  mentions: number;
  /** Events created. */
  created: number;
  /** Mentions merged into an existing event. */
  merged: number;
}

/* ---------------------------------------------------------------------- rollup */

/** The additive measures the rollup keeps per key (summed again by `dyadBuckets`). */
export interface RollupCounts {
  events: number;
  goldstein_sum: number;
  killed: number;
  injured: number;
  /** Sum over the events of their distinct-source counts. */
  sources: number;
}

/** One row of the daily dyad rollup (events counted once, in their current cluster). */
export interface DyadDayRow extends RollupCounts {
  day: string;
  source_id: string | null;
  source_code: string | null;
  source_country: string | null;
  source_sector: string | null;
  target_id: string | null;
  target_code: string | null;
  target_country: string | null;
  target_sector: string | null;
  cameo_root: string;
  quad_class: QuadClass;
  plover_type: string;
  modality: Modality;
  historical: boolean;
}

/* ---------------------------------------------------------------------- alerts */

export type AlertSeverity = "info" | "warning" | "critical";

export interface AlertInput {
  /** Dedup key: a second alert with the same key is ignored. */
  key: string;
  kind: string;
  severity?: AlertSeverity;
  title: string;
  /** Free JSON detail (series values, thresholds ...). */
  detail?: unknown;
  event_ids?: string[];
  /** ISO date-time; default now. */
  created_at?: string;
}

export interface Alert extends Required<Omit<AlertInput, "detail">> {
  id: string;
  detail: unknown;
  acked_at: string | null;
  acked_by: string | null;
}

export interface AlertFilter {
  acked?: boolean;
  kind?: string;
  /** created_at >= since (ISO). */
  since?: string;
  limit?: number;
}

/* --------------------------------------------------------------------- reviews */

export interface ReviewInput {
  event_id: string;
  verdict: "right" | "wrong";
  /** Corrected field values (e.g. {cameo: "190", target: {...}}), free JSON. */
  corrections?: Record<string, unknown> | null;
  note?: string | null;
  by: string;
}

export interface Review extends ReviewInput {
  id: string;
  corrections: Record<string, unknown> | null;
  note: string | null;
  created_at: string;
}

export interface ReviewFilter {
  event_id?: string;
  event_ids?: string[];
  /** A review id: only reviews stored before it. */
  before?: string;
  limit?: number;
}

/* ------------------------------------------------------------------------ jobs */

export interface JobInput {
  kind: string;
  payload: unknown;
  /** Dedup key: enqueueing a key already present (any state) is a no-op. */
  key?: string | null;
}

export interface Job {
  id: string;
  kind: string;
  payload: unknown;
  key: string | null;
  attempts: number;
  state: "queued" | "running" | "done" | "failed";
  worker: string | null;
  lease_until: string | null;
  error: string | null;
}

export interface ClaimOptions {
  /** Lease length; an unfinished job becomes claimable again after it (default 60 s). */
  leaseMs?: number;
  /** Only claim jobs of this kind. */
  kind?: string;
}

/* ----------------------------------------------------------------------- stats */

export interface StoreStats {
  backend: "sqlite" | "postgres";
  documents: number;
  coded_documents: number;
  mentions: number;
  events: number;
  alerts: number;
  reviews: number;
  jobs: { queued: number; running: number; done: number; failed: number };
}

/* ----------------------------------------------------------------------- store */

export interface EventStore {
  readonly backend: "sqlite" | "postgres";

  /** Store a document (content-hash dedup: the same text returns the existing id). */
  putDocument(doc: DocumentInput): Promise<PutDocumentResult>;
  getDocument(id: string): Promise<StoredDocument | null>;
  /** Documents, newest stored first; text omitted ("") unless `withText`. */
  listDocuments(q?: DocumentQuery & { withText?: boolean }, page?: PageRequest): Promise<Page<StoredDocument>>;
  /** Which of these content hashes (hex SHA-256 of text, see `contentHash`) are already stored. */
  knownHashes(hashes: string[]): Promise<Set<string>>;

  /**
   * Store a document's coded records and merge them into events, in one transaction.
   * Idempotent: re-saving the same records changes nothing; saving a different set
   * replaces the document's previous mentions. Records' `doc_id` is set to `docId`.
   */
  saveCoded(docId: string, records: EventRecord[]): Promise<SaveResult>;
  /**
   * putDocument + saveCoded for many documents in ONE transaction (ingest batches).
   * With `groups`, the documents are merged in consecutive groups of those sizes, each
   * group with the same results as a transaction of its own (see `SaveBatchOptions`).
   */
  saveBatch(items: CodedDocument[], opts?: SaveBatchOptions): Promise<Array<PutDocumentResult & SaveResult>>;

  /** The merged event with all its mentions, or null. Also accepts a mention's record id. */
  getEvent(id: string): Promise<StoredEvent | null>;
  queryEvents(filter?: EventFilter, page?: PageRequest): Promise<Page<StoredEvent>>;
  /** Every matching event (without mentions), streamed in the order of `queryEvents` (day, id descending). */
  exportEvents(filter?: EventFilter): AsyncIterable<StoredEvent>;

  /** Rollup rows matching the filter (filters on event-only fields such as `near`, `q`, `cameo` beyond root are ignored). */
  dyadDaily(filter?: EventFilter): Promise<DyadDayRow[]>;

  putAlert(alert: AlertInput): Promise<{ id: string; inserted: boolean }>;
  listAlerts(filter?: AlertFilter): Promise<Alert[]>;
  /** Returns false when no such alert. */
  ackAlert(id: string, by: string): Promise<boolean>;

  putReview(review: ReviewInput): Promise<Review>;
  /**
   * Reviews, newest first: of one event (`event_id`) or of several (`event_ids`, at most
   * 1000), older than the review `before` (paging), at most `limit` (capped like pages).
   */
  listReviews(filter?: ReviewFilter): Promise<Review[]>;

  /** Returns the number of jobs actually added (keys already present are skipped). */
  enqueue(jobs: JobInput[]): Promise<number>;
  /** Lease up to n claimable jobs (queued, or running with an expired lease). */
  claim(workerId: string, n: number, opts?: ClaimOptions): Promise<Job[]>;
  /** Mark jobs done (one id or many, in one statement). */
  complete(jobId: string | string[]): Promise<void>;
  /** Record an error; the job is re-queued until `maxAttempts` (default 3), then failed. */
  fail(jobId: string, err: string, opts?: { maxAttempts?: number }): Promise<void>;

  stats(): Promise<StoreStats>;
  close(): Promise<void>;

  /* ---- optional: both SQL adapters implement it; `src/app/query.ts` falls back to
     `dyadDaily` for a store that does not ---- */
  /**
   * The rollup rows matching `filter` (which holds `dyad` or `actor`), summed in the
   * database per bucket, direction, CAMEO root, quad class, modality and historical
   * flag: a few thousand rows for any dyad and range, where `dyadDaily` returns one
   * row per day and key (too many to ship for a busy dyad over years).
   */
  dyadBuckets?(filter: EventFilter, interval: "day" | "week" | "month"): Promise<DyadBucketRow[]>;
  /**
   * The daily rollup rows of a period summed in the database per directed pair of one
   * actor field (id, code or country) and quad class, leaving out the historical rows
   * and the modalities `q` names: one row per pair and class, where `dyadDaily` returns
   * one per day and key (the overview's rankings read a whole period).
   */
  pairTotals?(q: PairTotalsQuery): Promise<PairTotalRow[]>;
}

/** What `pairTotals` sums. */
export interface PairTotalsQuery {
  /** Inclusive period, YYYY-MM-DD. */
  from: string;
  to: string;
  field: "id" | "code" | "country";
  /** Leave out rows flagged historical. */
  excludeHistorical: boolean;
  /** Leave out rows of these modalities. */
  excludeModalities: readonly string[];
}

/** One row of `pairTotals`: a directed pair (null: the side has no value for the field) and quad class. */
export interface PairTotalRow extends Omit<RollupCounts, "sources"> {
  source: string | null;
  target: string | null;
  quad_class: QuadClass;
  /** Sum over the daily rollup rows of -goldstein_sum where it is negative. */
  negative_goldstein: number;
}

/** One row of `dyadBuckets` (optional analytics extension). */
export interface DyadBucketRow extends RollupCounts {
  /** First day of the bucket: the day, the Monday of its ISO week, or the 1st of its month (YYYY-MM-DD). */
  bucket: string;
  /** True when the source matched `dyad.a` (or the `actor` filter); false for b → a. */
  forward: boolean;
  cameo_root: string;
  quad_class: QuadClass;
  plover_type: string;
  modality: Modality;
  historical: boolean;
}
