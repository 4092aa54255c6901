/**
 * The EventStore logic, written once over `SqlDb` and shared by the SQLite and
 * PostgreSQL adapters. Every write runs in one transaction; merging follows
 * `merge.ts` and keeps the daily dyad rollup in step in the same transaction.
 */
import { hash } from "node:crypto";
import type { EventRecord } from "../doc/index.js";
import { buildWhere, decodeCursor, eitherSides, encodeCursor, forwardCondition, orderedParts, type PartFilter } from "./filters.js";
import { mergeRecord, urlHost, type MergeRecord, type Mention } from "./merge.js";
import { EVENT_LOG_EPOCHS, ROLLUP_KEY } from "./schema.js";
import { MAX_CACHED_EVENTS, type EventCache } from "./event-cache.js";
import { catchUpEventCache, chunks, insertRows, RowList, loadEventCache, logEventChanges, MergeSession, removeDocMentions, selectIn } from "./writer.js";
import { bucketStart, type Dialect, type Param, type Row, type SqlConn, type SqlDb } from "./sql.js";
import type {
  Alert, AlertFilter, AlertInput, ClaimOptions, CodedDocument, DocumentInput, DocumentQuery, DyadBucketRow, DyadDayRow,
  EventFilter, EventMention, EventStore, Job, JobInput, PackedRecords, Page, PageRequest, PairTotalRow, PairTotalsQuery, PutDocumentResult, Review,
  ReviewFilter, ReviewInput, SaveBatchOptions, SaveResult, StoreStats, StoredDocument, StoredEvent,
} from "./types.js";

/** Hex SHA-256 of a document's text: the dedup key. */
export function contentHash(text: string): string {
  // One-shot `hash`: no Hash object per document (ingest hashes every text twice).
  return hash("sha256", text, "hex");
}

/**
 * A document's records as their JSON (`PackedRecords`): each record's `JSON.stringify` (or
 * `toJson`, which must give the same text: the coder's faster writer), in a list: the
 * list's JSON, whose hash is the coded signature; and each record's fields that merging
 * reads (`mergeRecord`).
 */
export function packRecords(records: EventRecord[], toJson: (r: EventRecord) => string = (r) => JSON.stringify(r)): PackedRecords {
  const n = records.length;
  const texts: string[] = [];
  const ends: number[] = [];
  const views: MergeRecord[] = [];
  // Each record's text is encoded straight into the list's bytes, at its place: no joined
  // list text (and no bracketed copy of it) to make and encode (30k documents: ~380 MB of
  // the ingest's ~1.8 GB of allocations were those two copies).
  let size = n === 0 ? 2 : n + 1;
  for (let i = 0; i < n; i++) {
    const t = toJson(records[i]);
    texts.push(t);
    size += Buffer.byteLength(t);
    ends.push(size - (n - i));
  }
  const bytes = Buffer.allocUnsafe(size);
  bytes[0] = 0x5b; // [
  let at = 1;
  for (let i = 0; i < n; i++) {
    if (i > 0) bytes[at++] = 0x2c; // ,
    at += bytes.write(texts[i], at);
  }
  bytes[at] = 0x5d; // ]
  let docId: string | null = null;
  let distinct = 0;
  if (n > 0) {
    docId = records[0].doc_id;
    const ids = new Set<string>();
    for (let i = 0; i < n; i++) {
      const r = records[i];
      if (r.doc_id !== docId) docId = null;
      ids.add(r.id);
      views.push(mergeRecord(r));
    }
    distinct = ids.size;
  }
  return { bytes, ends, docId, distinct, views };
}

/** The JSON of record `i` of a packed list, as UTF-8 bytes. */
function recordBytes(p: PackedRecords, i: number): Uint8Array {
  return p.bytes.subarray(i === 0 ? 1 : p.ends[i - 1] + 1, p.ends[i]);
}

/** The records of a packed list. */
function unpack(p: PackedRecords): EventRecord[] {
  return JSON.parse(Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength).toString("utf8")) as EventRecord[];
}

/**
 * A document's records ready to store, all with `doc_id` = the document's id: their JSON
 * and merge views (`packed`; records given as objects are packed here, as ingest packs
 * them), the signature (hash of the list's JSON) and the number of distinct records.
 */
interface Prepared {
  packed: PackedRecords;
  sig: string;
  mentions: number;
}

function prepareRecords(docId: string, records: EventRecord[] | PackedRecords): Prepared {
  let packed: PackedRecords;
  if (Array.isArray(records)) {
    packed = packRecords(records.map((r) => (r.doc_id === docId ? r : { ...r, doc_id: docId })));
  } else if (records.docId === docId || records.ends.length === 0) {
    packed = records;
  } else {
    // Coded under another document id (the caller's id was taken): rewrite each record's doc_id.
    packed = packRecords(unpack(records).map((r) => ({ ...r, doc_id: docId })));
  }
  // One-shot `hash` of the list's JSON: no Hash object, no update per record.
  return { packed, sig: hash("sha256", packed.bytes, "hex"), mentions: packed.distinct };
}

/** The id a document gets when it has none: derived from its text, so re-runs agree. */
export function defaultDocumentId(text: string): string {
  return `doc:${contentHash(text).slice(0, 20)}`;
}

/** YYYY-MM-DD of a date or date-time string, or null. */
export function toDay(d: string | null | undefined): string | null {
  if (!d) return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(d.trim());
  if (m) return m[1];
  const t = Date.parse(d);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
}

const NO_SAVE: SaveResult = { mentions: 0, created: 0, merged: 0 };
const MAX_PAGE = 1000;
/** Events with their representative record (its mention's, schema.ts `leanMentions`). */
const REP_JOIN = "JOIN mentions r ON r.doc_id = events.rep_doc AND r.rid = events.rep_rid";
const SELECT_EVENTS = `SELECT events.*, r.record FROM events ${REP_JOIN}`;
/**
 * An event's merged counts, with the representative report's vague word ("dozens
 * were killed") kept where no report stated a number, so ACLED-style exports can
 * apply their convention to stored events as they do to coded ones.
 */
function fatalitiesOf(killed: number | null, injured: number | null, vague: string | undefined): StoredEvent["fatalities"] {
  if (killed === null && vague) return { killed, injured, killed_vague: vague };
  return killed === null && injured === null ? null : { killed, injured };
}

function eventFromRow(row: Row): StoredEvent {
  const rec = JSON.parse(String(row.record)) as EventRecord;
  const killed = row.killed == null ? null : Number(row.killed);
  const injured = row.injured == null ? null : Number(row.injured);
  return {
    ...rec,
    id: String(row.id),
    fatalities: fatalitiesOf(killed, injured, rec.fatalities?.killed_vague),
    n_sources: Number(row.n_sources),
    n_articles: Number(row.n_articles),
    first_reported: String(row.first_reported),
    day: String(row.day),
  };
}

function docFromRow(row: Row): StoredDocument {
  return {
    id: String(row.id), url: (row.url as string) ?? null, title: (row.title as string) ?? null,
    date: (row.date as string) ?? null, text: (row.text as string) ?? "", feed: (row.feed as string) ?? null,
    fetched_at: (row.fetched_at as string) ?? null, content_hash: String(row.content_hash),
    ingested_at: String(row.ingested_at), coded_at: (row.coded_at as string) ?? null,
    n_mentions: Number(row.n_mentions),
  };
}

function jobFromRow(row: Row): Job {
  return {
    id: String(row.seq), kind: String(row.kind), payload: JSON.parse(String(row.payload)),
    key: (row.key as string) ?? null, attempts: Number(row.attempts), state: row.state as Job["state"],
    worker: (row.worker as string) ?? null,
    lease_until: row.lease_until == null ? null : new Date(Number(row.lease_until)).toISOString(),
    error: (row.error as string) ?? null,
  };
}

function pageSize(p?: PageRequest): number {
  const n = p?.limit ?? 100;
  if (!Number.isInteger(n) || n < 1) throw new Error("limit must be a positive integer");
  return Math.min(n, MAX_PAGE);
}

/** A list of AND-ed SQL conditions and their parameters. */
function conditions() {
  const conds: string[] = [];
  const params: Param[] = [];
  const add = (sql: string, ...p: Param[]) => {
    conds.push(sql);
    params.push(...p);
  };
  return { conds, params, add };
}

function numericId(id: string): number | null {
  return /^\d{1,15}$/.test(id) ? Number(id) : null;
}

/** The actor id and sides (`s` source, `t` target) a series reads from the per-actor summaries, or null when it cannot. */
function actorSummaryOf(f: EventFilter): { id: string; sides: Array<"s" | "t"> } | null {
  const a = f.actor;
  if (!a || Object.keys(f).some((k) => k !== "actor" && k !== "from" && k !== "to" && f[k as keyof EventFilter] !== undefined)) return null;
  if (!a.id || a.code || a.country || a.sector) return null;
  const role = a.role ?? "either";
  if (role === "target") return null;
  return { id: a.id, sides: role === "either" ? ["s", "t"] : ["s"] };
}

/** Columns of a `dyadBuckets` row, in the order a packed row (Dialect.packRows) holds them. */
const BUCKET_COLUMNS = [
  "bucket", "forward", "cameo_root", "quad_class", "plover_type", "modality", "historical",
  "events", "goldstein_sum", "killed", "injured", "sources",
] as const;

const DAY = 86_400_000;
const shiftDay = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const nextMonth = (m: string): string => {
  const d = new Date(Date.parse(`${m.slice(0, 7)}-01T00:00:00Z`));
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * The day ranges of a series and the table grain each is read at: for a monthly
 * series, its whole months from the monthly summaries and the partial months at its
 * ends from the daily ones; otherwise the whole range daily. Bounds stay undefined
 * where the filter has none.
 */
function rangePieces(f: EventFilter, interval: string): Array<{ from?: string; to?: string; monthly: boolean }> {
  const whole = [{ from: f.from, to: f.to, monthly: false }];
  if (interval !== "month") return whole;
  const valid = (d?: string) => d === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)));
  if (!valid(f.from) || !valid(f.to)) return whole; // buildWhere reports the bad date
  const first = f.from === undefined ? undefined : f.from.endsWith("-01") ? f.from : nextMonth(f.from);
  const last = f.to === undefined ? undefined : shiftDay(f.to, 1).endsWith("-01") ? `${f.to.slice(0, 7)}-01` : shiftDay(`${f.to.slice(0, 7)}-01`, -1).slice(0, 7) + "-01";
  if (first !== undefined && last !== undefined && first > last) return whole;
  const out: Array<{ from?: string; to?: string; monthly: boolean }> = [];
  if (f.from !== undefined && first !== undefined && f.from < first) out.push({ from: f.from, to: shiftDay(first, -1), monthly: false });
  out.push({ from: first, to: last, monthly: true });
  if (f.to !== undefined && last !== undefined && nextMonth(last) <= f.to) out.push({ from: nextMonth(last), to: f.to, monthly: false });
  return out;
}

/** The group number of each of `n` items split in consecutive groups of `sizes` (one group when absent). */
function groupNumbers(n: number, sizes?: number[]): number[] {
  if (!sizes) return new Array<number>(n).fill(0);
  if (!sizes.every((s) => Number.isInteger(s) && s >= 0) || sizes.reduce((a, b) => a + b, 0) !== n) {
    throw new Error("groups must be sizes (non-negative integers) summing to the number of items");
  }
  return sizes.flatMap((s, g) => new Array<number>(s).fill(g));
}

/** Options of a SQL store. */
export interface StoreOptions {
  /** Merge with an in-memory copy of the events (event-cache.ts; default true). false: read them from the database every batch. */
  eventCache?: boolean;
}

/** An EventStore over any `SqlDb` + `Dialect`. */
export class SqlStore implements EventStore {
  /** The in-memory copy of the stored events used by merging (event-cache.ts), and its rebuild back-off (batches). */
  private readonly cache: { copy: EventCache | null; backoff: number; wait: number } = { copy: null, backoff: 0, wait: 0 };
  /**
   * How merging transactions got their copy of the events: the held one as it was (`used`),
   * brought up to date from the change log (`caughtUp`), or read in full (`built`). For tests
   * and benchmarks.
   */
  readonly cacheCounts = { used: 0, caughtUp: 0, built: 0 };

  constructor(
    private readonly db: SqlDb,
    private readonly dialect: Dialect,
    private readonly opts: StoreOptions = {},
  ) {}

  get backend(): "sqlite" | "postgres" {
    return this.dialect.backend;
  }

  /* ------------------------------------------------------------ documents */

  putDocument(doc: DocumentInput): Promise<PutDocumentResult> {
    return this.db.tx(async (c) => {
      const [r] = await this.putDocs(c, [doc]);
      return { docId: r.docId, inserted: r.inserted };
    });
  }

  /**
   * Store documents (content-hash dedup, also within the list); `coded` marks ones not to code again.
   * With `code`, a new document is inserted already coded with the records `code` prepares for
   * its id (`fresh` in the result: no UPDATE of the row afterwards).
   */
  private async putDocs(
    c: SqlConn, docs: DocumentInput[], code?: (i: number, docId: string) => Prepared,
  ): Promise<Array<PutDocumentResult & { coded: boolean; fresh?: Row }>> {
    for (const d of docs) if (typeof d?.text !== "string") throw new Error("a document needs a text string");
    const hashes = docs.map((d) => contentHash(d.text));
    const known = new Map<string, Row>();
    for (const r of await selectIn(c, (m) => `SELECT id, coded_at, content_hash FROM documents WHERE content_hash IN (${m})`, hashes)) {
      known.set(String(r.content_hash), r);
    }
    const wanted = docs.map((d) => (d.id ? String(d.id) : defaultDocumentId(d.text)));
    const taken = new Set((await selectIn(c, (m) => `SELECT id FROM documents WHERE id IN (${m})`, wanted)).map((r) => String(r.id)));
    const now = new Date().toISOString();
    const rows = new RowList(13);
    const out = docs.map((d, i) => {
      const old = known.get(hashes[i]);
      if (old) return { docId: String(old.id), inserted: false, coded: old.coded_at != null };
      let id = wanted[i];
      if (taken.has(id)) id = `${id}#${hashes[i].slice(0, 10)}`;
      taken.add(id);
      known.set(hashes[i], { id, coded_at: "in this batch" });
      const url = d.url ?? null;
      const date = toDay(d.date);
      const sourceKey = urlHost(url) ?? d.feed ?? id;
      const p = code?.(i, id);
      rows.next().push(id, hashes[i], url, d.title ?? null, date, d.text, d.feed ?? null, d.fetched_at ?? null, sourceKey, now,
        p ? now : null, p?.sig ?? null, p?.mentions ?? 0);
      return { docId: id, inserted: true, coded: false, fresh: p ? { id, date, ingested_at: now, source_key: sourceKey, coded_sig: null } : undefined };
    });
    await insertRows(c, `INSERT${this.dialect.orRollback} INTO documents (id, content_hash, url, title, date, text, feed, fetched_at, source_key, ingested_at,
      coded_at, coded_sig, n_mentions) VALUES`, "", rows);
    return out;
  }

  async getDocument(id: string): Promise<StoredDocument | null> {
    const row = await this.db.get("SELECT * FROM documents WHERE id = ?", [id]);
    return row ? docFromRow(row) : null;
  }

  async listDocuments(q: DocumentQuery & { withText?: boolean } = {}, page?: PageRequest): Promise<Page<StoredDocument>> {
    const limit = pageSize(page);
    const { conds, params, add } = conditions();
    if (q.feed) add("feed = ?", q.feed);
    if (q.from) add("date >= ?", q.from);
    if (q.to) add("date <= ?", q.to);
    if (q.uncoded !== undefined) add(q.uncoded ? "coded_at IS NULL" : "coded_at IS NOT NULL");
    if (page?.cursor) add("seq < ?", decodeCursor(page.cursor, 1)[0]);
    const cols = q.withText ? "*" : "seq, id, content_hash, url, title, date, feed, fetched_at, ingested_at, coded_at, n_mentions";
    const rows = await this.db.all(
      `SELECT ${cols} FROM documents ${conds.length ? "WHERE " + conds.join(" AND ") : ""} ORDER BY seq DESC LIMIT ?`,
      [...params, limit + 1],
    );
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    return { items: items.map(docFromRow), next: more ? encodeCursor([Number(items[items.length - 1].seq)]) : null };
  }

  async knownHashes(hashes: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < hashes.length; i += 500) {
      const chunk = hashes.slice(i, i + 500);
      const rows = await this.db.all(
        `SELECT content_hash FROM documents WHERE content_hash IN (${chunk.map(() => "?").join(", ")})`,
        chunk,
      );
      for (const r of rows) out.add(String(r.content_hash));
    }
    return out;
  }

  /* ------------------------------------------------------------- coding */

  saveCoded(docId: string, records: EventRecord[]): Promise<SaveResult> {
    return this.mergeTx(async (c, commit) => (await this.saveDocs(c, [{ docId, records }], commit))[0]);
  }

  saveBatch(items: CodedDocument[], opts: SaveBatchOptions = {}): Promise<Array<PutDocumentResult & SaveResult>> {
    return this.mergeTx(async (c, commit) => {
      // Merge groups (the ingest batches), so that results do not depend on how many a transaction holds.
      const groupOf = groupNumbers(items.length, opts.groups);
      const prepared: Array<Prepared | undefined> = [];
      const puts = await this.putDocs(c, items.map((it) => it.doc), (i, docId) => (prepared[i] = prepareRecords(docId, items[i].records)));
      const todo = puts.flatMap((p, i) => (p.coded ? [] : [{
        docId: p.docId, records: items[i].records, at: i, group: groupOf[i], prepared: p.fresh ? prepared[i] : undefined, row: p.fresh,
      }]));
      const saved = await this.saveDocs(c, todo, commit);
      const out = puts.map((p) => ({ docId: p.docId, inserted: p.inserted, ...NO_SAVE }));
      todo.forEach((t, k) => Object.assign(out[t.at], saved[k]));
      return out;
    });
  }

  /**
   * A transaction that may change events: takes the merge lock, and runs what `fn`
   * registers in `commit` once the transaction has committed (the event cache update).
   */
  private async mergeTx<T>(fn: (c: SqlConn, commit: Array<() => void>) => Promise<T>): Promise<T> {
    const commit: Array<() => void> = [];
    const out = await this.db.tx(async (c) => {
      if (this.dialect.mergeLock) await c.get(this.dialect.mergeLock);
      return fn(c, commit);
    });
    for (const f of commit) f();
    return out;
  }

  /**
   * The in-memory copy of the stored events this transaction may use (see
   * event-cache.ts), after bumping the store epoch; null to use the SQL path. Builds a
   * new copy when there is none, unless recent copies were invalidated by other writers.
   */
  private async eventCache(c: SqlConn): Promise<{ epoch: number; cache: EventCache | null }> {
    const row = await c.get("UPDATE store_epoch SET n = n + 1 WHERE id = 1 RETURNING n, removed");
    const epoch = Number(row?.n);
    if (this.opts.eventCache === false) return { epoch, cache: null };
    const held = this.cache.copy;
    if (held && held.epoch === epoch - 1) {
      this.cache.backoff = 0;
      this.cacheCounts.used++;
      return { epoch, cache: held };
    }
    // Other writers committed since the copy was made. If they only inserted and updated
    // events, and the change log still reaches back to the copy, read just those events.
    if (held && Number(row?.removed) <= held.epoch && held.epoch >= epoch - 1 - EVENT_LOG_EPOCHS) {
      this.cache.copy = null; // detached while it changes (a failing read leaves no half-updated copy)
      await catchUpEventCache(c, held, held.epoch);
      if (held.size <= MAX_CACHED_EVENTS) {
        held.epoch = epoch - 1;
        this.cache.backoff = 0;
        this.cacheCounts.caughtUp++;
        return { epoch, cache: held };
      }
      this.cache.wait = this.cache.backoff = 64; // too many events to hold
      return { epoch, cache: null };
    }
    if (held) {
      // Another writer changed events since this copy was made: drop it, and wait longer
      // before the next full read each time this happens.
      this.cache.copy = null;
      this.cache.backoff = Math.min(64, Math.max(1, this.cache.backoff * 2));
      this.cache.wait = this.cache.backoff;
    }
    if (this.cache.wait > 0) {
      this.cache.wait--;
      return { epoch, cache: null };
    }
    const fresh = await loadEventCache(c, epoch - 1);
    if (!fresh) this.cache.wait = this.cache.backoff = 64; // too many events to hold
    else this.cacheCounts.built++;
    return { epoch, cache: fresh };
  }

  /**
   * Store the coded records of documents and merge them (see writer.ts), in groups
   * (`group`, consecutive items with the same value; one group when absent): each group
   * is merged as if the groups before it had been committed on their own.
   */
  private async saveDocs(
    c: SqlConn,
    items: Array<{ docId: string; records: EventRecord[] | PackedRecords; group?: number; prepared?: Prepared; row?: Row }>,
    commit: Array<() => void>,
  ): Promise<SaveResult[]> {
    if (items.length === 0) return [];
    const { epoch, cache } = await this.eventCache(c);
    // The copy is changed by this transaction as it merges (writer.ts, MergeSession): it is
    // detached until the commit puts it back, so a rollback leaves no changed copy behind.
    if (cache && this.cache.copy === cache) this.cache.copy = null;
    const session = new MergeSession(c, cache, this.dialect.textBytes, this.dialect.orRollback, this.dialect.codePointOrder);
    let removed = false;
    const info = new Map<string, Row>();
    for (const it of items) if (it.row) info.set(it.docId, it.row);
    const ids = items.filter((it) => !it.row).map((it) => it.docId);
    for (const r of await selectIn(c, (m) => `SELECT id, date, ingested_at, source_key, coded_sig FROM documents WHERE id IN (${m})`, ids)) {
      info.set(String(r.id), r);
    }
    const results = items.map(() => ({ ...NO_SAVE }));
    const coded: Param[][] = [];
    const now = new Date().toISOString();
    for (let start = 0; start < items.length; ) {
      let end = start + 1;
      while (end < items.length && items[end].group === items[start].group) end++;
      const mentions: Mention[] = [];
      const owner: number[] = [];
      for (let k = start; k < end; k++) {
        const { docId, records, prepared } = items[k];
        const doc = info.get(docId);
        if (!doc) throw new Error(`no document "${docId}" in the store`);
        const p = prepared ?? prepareRecords(docId, records);
        const { packed, sig } = p;
        if (doc.coded_sig === sig) continue;
        if (doc.coded_sig != null) {
          if (session.cached) {
            // Events change in the database only: write what the copy holds, then merge from the database.
            await session.flush();
            session.dropCache();
          }
          await removeDocMentions(c, docId);
          removed = true;
        }
        doc.coded_sig = sig;
        const reported = (doc.date as string | null) ?? String(doc.ingested_at).slice(0, 10);
        const seen = new Set<string>();
        packed.views.forEach((record, j) => {
          if (seen.has(record.id)) return;
          seen.add(record.id);
          mentions.push({ record, reported, sourceKey: String(doc.source_key), json: recordBytes(packed, j) });
          owner.push(k);
        });
        results[k].mentions = seen.size;
        if (!prepared) coded.push([docId, sig, seen.size]); // a prepared document was inserted coded
      }
      const merged = await session.merge(mentions);
      merged.forEach((m, i) => {
        if (m) results[owner[i]].merged++;
        else results[owner[i]].created++;
      });
      if (!session.cached) await session.flush();
      start = end;
    }
    await session.flush();
    await logEventChanges(c, epoch, session.written, removed, this.dialect.orRollback);
    commit.push(() => {
      const held = this.cache.copy;
      if (held && held.epoch >= epoch) return; // a later transaction installed a newer copy
      if (!cache || removed || cache.epoch !== epoch - 1) {
        this.cache.copy = null;
        // Re-coding (removing) in every batch would rebuild the copy every batch: back off.
        if (removed) this.cache.wait = this.cache.backoff = Math.min(64, Math.max(1, this.cache.backoff * 2));
        return;
      }
      cache.epoch = epoch;
      this.cache.copy = cache;
    });
    for (const chunk of chunks(coded, 256)) {
      await c.run(
        `WITH v(id, sig, n) AS (VALUES ${chunk.map(() => "(?, ?, CAST(? AS BIGINT))").join(", ")})
         UPDATE${this.dialect.orRollback} documents SET coded_at = ?, coded_sig = v.sig, n_mentions = v.n FROM v WHERE documents.id = v.id`,
        [...chunk.flat(), now],
      );
    }
    return results;
  }

  /* ------------------------------------------------------------- events */

  async getEvent(id: string): Promise<StoredEvent | null> {
    let row = await this.db.get(`${SELECT_EVENTS} WHERE events.id = ?`, [id]);
    if (!row) {
      const m = await this.db.get("SELECT event_id FROM mentions WHERE rid = ? ORDER BY seq LIMIT 1", [id]);
      if (m) row = await this.db.get(`${SELECT_EVENTS} WHERE events.id = ?`, [String(m.event_id)]);
    }
    if (!row) return null;
    const ms = await this.db.all(
      `SELECT m.record, m.reported, d.url, d.title, d.date FROM mentions m JOIN documents d ON d.id = m.doc_id
       WHERE m.event_id = ? ORDER BY m.reported, m.seq`,
      [String(row.id)],
    );
    const mentions: EventMention[] = ms.map((r) => ({
      ...(JSON.parse(String(r.record)) as EventRecord),
      url: (r.url as string) ?? null, title: (r.title as string) ?? null, published: (r.date as string) ?? null,
    }));
    return { ...eventFromRow(row), mentions };
  }

  async queryEvents(filter: EventFilter = {}, page?: PageRequest): Promise<Page<StoredEvent>> {
    const limit = pageSize(page);
    const cursor = page?.cursor ? decodeCursor(page.cursor, 2) : null;
    // An either-side actor, an undirected dyad or a country is a few ordered index
    // scans (one per side or country part) merged here: an OR across them would make
    // the database read and sort every matching row before the LIMIT.
    const parts = orderedParts(filter);
    let rows: Row[];
    if (parts) {
      const lists = await Promise.all(parts.map((p) => this.eventRows(p, cursor, limit + 1)));
      const seen = new Set<string>();
      rows = lists.flat()
        .sort((x, y) => (x.day === y.day ? (String(x.id) < String(y.id) ? 1 : -1) : String(x.day) < String(y.day) ? 1 : -1))
        .filter((r) => !seen.has(String(r.id)) && seen.add(String(r.id)))
        .slice(0, limit + 1);
    } else {
      rows = await this.eventRows(filter, cursor, limit + 1);
    }
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(eventFromRow);
    const last = items[items.length - 1];
    return { items, next: more ? encodeCursor([last.day, last.id]) : null };
  }

  /** Up to `n` event rows matching `filter` after the keyset position `cursor`, newest first. */
  private eventRows(filter: PartFilter, cursor: Param[] | null, n: number): Promise<Row[]> {
    const w = buildWhere(filter, this.dialect);
    let sql = w.sql;
    const params = [...w.params];
    if (cursor) {
      // A row-value comparison: both databases turn it into one range on a (…, day, id) index.
      sql = `(${sql}) AND (day, id) < (?, ?)`;
      params.push(cursor[0], cursor[1]);
    }
    // A one-sided actor by id reads its (side_id, day, id) index in order (see Dialect.indexedBy).
    const side = !filter.dyad && filter.actor?.id && filter.actor.role !== undefined && filter.actor.role !== "either" ? filter.actor.role : null;
    const hint = side ? this.dialect.indexedBy(`events_${side}_day`) : "";
    return this.db.all(
      `SELECT events.*, r.record FROM events ${hint} ${REP_JOIN}
       WHERE ${sql} ORDER BY day DESC, id DESC LIMIT ?`,
      [...params, n],
    );
  }

  async *exportEvents(filter: EventFilter = {}): AsyncIterable<StoredEvent> {
    let cursor: string | null = null;
    do {
      const page: Page<StoredEvent> = await this.queryEvents(filter, { limit: MAX_PAGE, cursor });
      yield* page.items;
      cursor = page.next;
    } while (cursor);
  }

  async dyadDaily(filter: EventFilter = {}): Promise<DyadDayRow[]> {
    const w = buildWhere(filter, this.dialect, "rollup");
    const rows = await this.db.all(`SELECT * FROM rollup_dyad_day WHERE ${w.sql} ORDER BY ${ROLLUP_KEY.join(", ")}`, w.params);
    const nul = (v: unknown) => (v === "" || v == null ? null : String(v));
    return rows.map((r) => ({
      day: String(r.day),
      source_id: nul(r.source_id), source_code: nul(r.source_code), source_country: nul(r.source_country), source_sector: nul(r.source_sector),
      target_id: nul(r.target_id), target_code: nul(r.target_code), target_country: nul(r.target_country), target_sector: nul(r.target_sector),
      cameo_root: String(r.cameo_root), quad_class: Number(r.quad_class) as DyadDayRow["quad_class"],
      plover_type: String(r.plover_type), modality: r.modality as DyadDayRow["modality"], historical: Number(r.historical) === 1,
      events: Number(r.events), goldstein_sum: Number(r.goldstein_sum), killed: Number(r.killed),
      injured: Number(r.injured), sources: Number(r.sources),
    }));
  }

  /**
   * The rollup summed in the database per bucket, direction, root, quad, PLOVER type,
   * modality and historical flag. Reads the smallest summary that answers exactly
   * (schema.ts, `seriesSummaries`): whole months of a monthly series from the monthly
   * tables, the partial months at its ends and other intervals from the daily ones;
   * one actor by id with anyone from the per-actor tables. An undirected dyad or
   * either-side actor is read as its two one-sided halves (the second without the
   * rows of the first), each one range of an index, instead of one OR over the table.
   */
  async dyadBuckets(filter: EventFilter, interval: "day" | "week" | "month"): Promise<DyadBucketRow[]> {
    if (interval !== "day" && interval !== "week" && interval !== "month") throw new Error(`bad interval "${String(interval)}"`);
    const bucket = bucketStart(this.dialect, "day", interval);
    const cols = "cameo_root, quad_class, plover_type, modality, historical, events, goldstein_sum, killed, injured, sources";
    const actor = actorSummaryOf(filter);
    const selects: string[] = [];
    const params: Param[] = [];
    for (const piece of rangePieces(filter, interval)) {
      const f = { ...filter, from: piece.from, to: piece.to };
      if (actor) {
        const table = piece.monthly ? "rollup_actor_month" : "rollup_actor_day";
        const range = buildWhere({ from: piece.from, to: piece.to }, this.dialect, "rollup");
        for (const side of actor.sides) {
          selects.push(`SELECT ${bucket} AS bucket, ${side === "s" ? 1 : 0} AS forward, ${cols} FROM ${table}
                        WHERE actor_id = ? AND side = '${side}' AND ${range.sql}`);
          params.push(actor.id, ...range.params);
        }
        continue;
      }
      const table = piece.monthly ? "rollup_dyad_month" : "rollup_dyad_day";
      const halves = eitherSides(f);
      if (halves) {
        const [ab, ba] = halves.map((h) => buildWhere(h, this.dialect, "rollup"));
        selects.push(`SELECT ${bucket} AS bucket, 1 AS forward, ${cols} FROM ${table} WHERE ${ab.sql}`);
        selects.push(`SELECT ${bucket} AS bucket, 0 AS forward, ${cols} FROM ${table} WHERE (${ba.sql}) AND NOT (${ab.sql})`);
        params.push(...ab.params, ...ba.params, ...ab.params);
      } else {
        const w = buildWhere(f, this.dialect, "rollup");
        const fwd = forwardCondition(f);
        selects.push(`SELECT ${bucket} AS bucket, ${fwd ? `CASE WHEN ${fwd.sql} THEN 1 ELSE 0 END` : "1"} AS forward, ${cols} FROM ${table} WHERE ${w.sql}`);
        params.push(...(fwd?.params ?? []), ...w.params);
      }
    }
    const from = selects.join("\n UNION ALL\n");
    const keys = "bucket, forward, cameo_root, quad_class, plover_type, modality, historical";
    const sql = `SELECT ${keys}, SUM(events) AS events, SUM(goldstein_sum) AS goldstein_sum, SUM(killed) AS killed,
              SUM(injured) AS injured, SUM(sources) AS sources
       FROM (${from}) b
       GROUP BY ${keys} ORDER BY ${keys}`;
    const packed = this.dialect.packRows(sql, BUCKET_COLUMNS);
    const cells: unknown[][] = packed
      ? (JSON.parse(String((await this.db.get(packed, params))?.j ?? "[]")) as unknown[][])
      : (await this.db.all(sql, params)).map((r) => BUCKET_COLUMNS.map((c) => r[c]));
    return cells.map((r) => ({
      bucket: String(r[0]),
      forward: Number(r[1]) === 1,
      cameo_root: String(r[2]),
      quad_class: Number(r[3]) as DyadBucketRow["quad_class"],
      plover_type: String(r[4]),
      modality: r[5] as DyadBucketRow["modality"],
      historical: Number(r[6]) === 1,
      events: Number(r[7]), goldstein_sum: Number(r[8]), killed: Number(r[9]),
      injured: Number(r[10]), sources: Number(r[11]),
    }));
  }

  async pairTotals(q: PairTotalsQuery): Promise<PairTotalRow[]> {
    const field = ({ id: "id", code: "code", country: "country" } as const)[q.field];
    if (!field) throw new Error(`bad field "${String(q.field)}"`);
    const w = buildWhere({ from: q.from, to: q.to }, this.dialect, "rollup");
    const conds = [w.sql];
    const params: Param[] = [...w.params];
    if (q.excludeHistorical) conds.push("historical = 0");
    if (q.excludeModalities.length > 0) {
      conds.push(`modality NOT IN (${q.excludeModalities.map(() => "?").join(", ")})`);
      params.push(...q.excludeModalities);
    }
    // A side without an id has no actor (as in `dyadDaily` rows read by the analytics): no code or country either.
    const side = (s: string) => (field === "id" ? `${s}_id` : `CASE WHEN ${s}_id = '' THEN '' ELSE ${s}_${field} END`);
    const rows = await this.db.all(
      `SELECT ${side("source")} AS source, ${side("target")} AS target, quad_class, SUM(events) AS events,
              SUM(goldstein_sum) AS goldstein_sum, SUM(CASE WHEN goldstein_sum < 0 THEN -goldstein_sum ELSE 0 END) AS negative_goldstein,
              SUM(killed) AS killed, SUM(injured) AS injured
       FROM rollup_dyad_day WHERE ${conds.join(" AND ")}
       GROUP BY ${side("source")}, ${side("target")}, quad_class`,
      params,
    );
    const nul = (v: unknown) => (v === "" || v == null ? null : String(v));
    return rows.map((r) => ({
      source: nul(r.source), target: nul(r.target), quad_class: Number(r.quad_class) as PairTotalRow["quad_class"],
      events: Number(r.events), goldstein_sum: Number(r.goldstein_sum), negative_goldstein: Number(r.negative_goldstein),
      killed: Number(r.killed), injured: Number(r.injured),
    }));
  }

  /* ------------------------------------------------------ alerts, reviews */

  putAlert(a: AlertInput): Promise<{ id: string; inserted: boolean }> {
    if (!a?.key || !a.kind || !a.title) throw new Error("an alert needs key, kind and title");
    return this.db.tx(async (c) => {
      const n = await c.run(
        `INSERT INTO alerts (key, kind, severity, title, detail, event_ids, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO NOTHING`,
        [a.key, a.kind, a.severity ?? "info", a.title, JSON.stringify(a.detail ?? null), JSON.stringify(a.event_ids ?? []),
          a.created_at ?? new Date().toISOString()],
      );
      const row = await c.get("SELECT seq FROM alerts WHERE key = ?", [a.key]);
      return { id: String(row?.seq), inserted: n > 0 };
    });
  }

  async listAlerts(f: AlertFilter = {}): Promise<Alert[]> {
    const { conds, params, add } = conditions();
    if (f.acked !== undefined) add(f.acked ? "acked_at IS NOT NULL" : "acked_at IS NULL");
    if (f.kind) add("kind = ?", f.kind);
    if (f.since) add("created_at >= ?", f.since);
    const rows = await this.db.all(
      `SELECT * FROM alerts ${conds.length ? "WHERE " + conds.join(" AND ") : ""} ORDER BY created_at DESC, seq DESC LIMIT ?`,
      [...params, pageSize({ limit: f.limit ?? 100 })],
    );
    return rows.map((r) => ({
      id: String(r.seq), key: String(r.key), kind: String(r.kind), severity: r.severity as Alert["severity"],
      title: String(r.title), detail: JSON.parse(String(r.detail ?? "null")), event_ids: JSON.parse(String(r.event_ids)) as string[],
      created_at: String(r.created_at), acked_at: (r.acked_at as string) ?? null, acked_by: (r.acked_by as string) ?? null,
    }));
  }

  async ackAlert(id: string, by: string): Promise<boolean> {
    const seq = numericId(id);
    if (seq === null) return false;
    return this.db.tx(async (c) => (await c.run("UPDATE alerts SET acked_at = ?, acked_by = ? WHERE seq = ?", [new Date().toISOString(), by, seq])) > 0);
  }

  putReview(r: ReviewInput): Promise<Review> {
    if (!r?.event_id || (r.verdict !== "right" && r.verdict !== "wrong") || !r.by) {
      throw new Error('a review needs event_id, verdict ("right" or "wrong") and by');
    }
    const created_at = new Date().toISOString();
    return this.db.tx(async (c) => {
      const row = await c.get(
        "INSERT INTO reviews (event_id, verdict, corrections, note, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq",
        [r.event_id, r.verdict, r.corrections ? JSON.stringify(r.corrections) : null, r.note ?? null, r.by, created_at],
      );
      return { id: String(row?.seq), event_id: r.event_id, verdict: r.verdict, corrections: r.corrections ?? null, note: r.note ?? null, by: r.by, created_at };
    });
  }

  async listReviews(f: ReviewFilter = {}): Promise<Review[]> {
    const { conds, params, add } = conditions();
    if (f.event_id) add("event_id = ?", f.event_id);
    if (f.event_ids) {
      if (f.event_ids.length === 0) return [];
      if (f.event_ids.length > 1000) throw new Error("event_ids: at most 1000 ids");
      add(`event_id IN (${f.event_ids.map(() => "?").join(", ")})`, ...f.event_ids);
    }
    if (f.before !== undefined) {
      const seq = numericId(f.before);
      if (seq === null) throw new Error("before: not a review id");
      add("seq < ?", seq);
    }
    const rows = await this.db.all(
      `SELECT * FROM reviews ${conds.length ? "WHERE " + conds.join(" AND ") : ""} ORDER BY seq DESC LIMIT ?`,
      [...params, pageSize({ limit: f.limit ?? 100 })],
    );
    return rows.map((r) => ({
      id: String(r.seq), event_id: String(r.event_id), verdict: r.verdict as Review["verdict"],
      corrections: r.corrections == null ? null : (JSON.parse(String(r.corrections)) as Record<string, unknown>),
      note: (r.note as string) ?? null, by: String(r.reviewer), created_at: String(r.created_at),
    }));
  }

  /* ---------------------------------------------------------------- jobs */

  enqueue(jobs: JobInput[]): Promise<number> {
    return this.db.tx(async (c) => {
      let n = 0;
      const now = new Date().toISOString();
      for (const j of jobs) {
        n += await c.run(
          "INSERT INTO jobs (kind, payload, key, state, created_at) VALUES (?, ?, ?, 'queued', ?) ON CONFLICT (key) DO NOTHING",
          [j.kind, JSON.stringify(j.payload ?? null), j.key ?? null, now],
        );
      }
      return n;
    });
  }

  claim(workerId: string, n: number, opts: ClaimOptions = {}): Promise<Job[]> {
    const now = Date.now();
    const lease = now + (opts.leaseMs ?? 60_000);
    const kind = opts.kind ? "AND kind = ?" : "";
    return this.db.tx(async (c) => {
      const rows = await c.all(
        `UPDATE jobs SET state = 'running', worker = ?, lease_until = ?, attempts = attempts + 1
         WHERE seq IN (SELECT seq FROM jobs WHERE state IN ('queued', 'running') AND (state = 'queued' OR lease_until < ?) ${kind}
                       ORDER BY seq LIMIT ?${this.dialect.skipLocked})
         RETURNING *`,
        [workerId, lease, now, ...(opts.kind ? [opts.kind] : []), Math.max(0, Math.floor(n))],
      );
      return rows.map(jobFromRow).sort((a, b) => Number(a.id) - Number(b.id));
    });
  }

  async complete(jobId: string | string[]): Promise<void> {
    const ids = (Array.isArray(jobId) ? jobId : [jobId]).map(numericId);
    if (ids.length === 0) return;
    await this.db.tx(async (c) => {
      for (const chunk of chunks(ids, 512)) {
        await c.run(`UPDATE jobs SET state = 'done', lease_until = NULL WHERE seq IN (${chunk.map(() => "?").join(", ")})`, chunk);
      }
    });
  }

  async fail(jobId: string, err: string, opts: { maxAttempts?: number } = {}): Promise<void> {
    await this.db.tx((c) =>
      c.run(
        `UPDATE jobs SET state = CASE WHEN attempts >= ? THEN 'failed' ELSE 'queued' END,
         error = ?, worker = NULL, lease_until = NULL WHERE seq = ?`,
        [opts.maxAttempts ?? 3, err, numericId(jobId)],
      ),
    );
  }

  /* --------------------------------------------------------------- misc */

  async stats(): Promise<StoreStats> {
    const one = async (sql: string) => Number((await this.db.get(sql))?.n ?? 0);
    const jobs = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const r of await this.db.all("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state")) {
      jobs[r.state as keyof typeof jobs] = Number(r.n);
    }
    return {
      backend: this.backend,
      documents: await one("SELECT COUNT(*) AS n FROM documents"),
      coded_documents: await one("SELECT COUNT(*) AS n FROM documents WHERE coded_at IS NOT NULL"),
      mentions: await one("SELECT COUNT(*) AS n FROM mentions"),
      events: await one("SELECT COUNT(*) AS n FROM events"),
      alerts: await one("SELECT COUNT(*) AS n FROM alerts"),
      reviews: await one("SELECT COUNT(*) AS n FROM reviews"),
      jobs,
    };
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
