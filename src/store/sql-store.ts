/**
 * The EventStore logic, written once over `SqlDb` and shared by the SQLite and
 * PostgreSQL adapters. Every write runs in one transaction; merging follows
 * `merge.ts` and keeps the daily dyad rollup in step in the same transaction.
 */
import { createHash } from "node:crypto";
import type { EventRecord } from "../doc/index.js";
import { buildWhere, decodeCursor, encodeCursor } from "./filters.js";
import {
  betterRepresentative, candidateRanges, eventDay, factsOf, mergeKey, matchScore, urlHost,
  type MatchFacts, type MergeKey, type Mention,
} from "./merge.js";
import { ROLLUP_KEY } from "./schema.js";
import type { Dialect, Param, Row, SqlConn, SqlDb } from "./sql.js";
import type {
  Alert, AlertFilter, AlertInput, ClaimOptions, CodedDocument, DocumentInput, DocumentQuery, DyadDayRow,
  EventFilter, EventMention, EventStore, Job, JobInput, Page, PageRequest, PutDocumentResult, Review,
  ReviewInput, SaveResult, StoreStats, StoredDocument, StoredEvent,
} from "./types.js";

/** Hex SHA-256 of a document's text: the dedup key. */
export function contentHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
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
const EVENT_COLUMNS = [
  "family", "ck", "lo", "hi", "day", "rep_rid", "rep_reported", "rep_source_key",
  "source_id", "source_code", "source_country", "source_sector",
  "target_id", "target_code", "target_country", "target_sector",
  "cameo", "cameo_root", "quad_class", "plover_type", "acled_type", "acled_sub_type", "modality", "historical",
  "country", "admin1", "loc_precision", "lat", "lon", "goldstein", "killed", "injured", "n_sources", "n_articles", "first_reported", "record",
] as const;

/** An event's state while merging: its representative and aggregates. */
interface Cluster {
  rep: Mention;
  key: MergeKey;
  killed: number | null;
  injured: number | null;
  firstReported: string;
  nSources: number;
  nArticles: number;
}

/** Column value equality across drivers (PostgreSQL returns numbers for BIGINT here, SQLite may return them for REAL). */
function sameValue(a: Param, b: unknown): boolean {
  return a === b || (a === null && b === undefined) || (typeof a === "number" && b !== null && Number(b) === a);
}

function maxOrNull(a: number | null, b: number | null | undefined): number | null {
  if (b == null) return a;
  return a === null ? b : Math.max(a, b);
}

/** Add a mention to a cluster (or start one). */
function fold(c: Cluster | null, m: Mention): Cluster {
  const f = m.record.fatalities;
  if (!c) {
    return { rep: m, key: mergeKey(m), killed: f?.killed ?? null, injured: f?.injured ?? null, firstReported: m.reported, nSources: 1, nArticles: 1 };
  }
  const better = betterRepresentative(m, c.rep);
  return {
    rep: better ? m : c.rep,
    key: better ? mergeKey(m) : c.key,
    killed: maxOrNull(c.killed, f?.killed),
    injured: maxOrNull(c.injured, f?.injured),
    firstReported: m.reported < c.firstReported ? m.reported : c.firstReported,
    nSources: c.nSources,
    nArticles: c.nArticles,
  };
}

function eventValues(c: Cluster): Record<(typeof EVENT_COLUMNS)[number], Param> {
  const r = c.rep.record;
  return {
    family: c.key.family, ck: c.key.ck, lo: c.key.lo, hi: c.key.hi, day: eventDay(r, c.firstReported),
    rep_rid: r.id, rep_reported: c.rep.reported, rep_source_key: c.rep.sourceKey,
    source_id: r.source?.id ?? null, source_code: r.source?.code ?? null,
    source_country: r.source?.country ?? null, source_sector: r.source?.sector ?? null,
    target_id: r.target?.id ?? null, target_code: r.target?.code ?? null,
    target_country: r.target?.country ?? null, target_sector: r.target?.sector ?? null,
    cameo: r.cameo, cameo_root: r.cameo_root, quad_class: r.quad_class, plover_type: r.plover.type,
    acled_type: r.acled?.event_type ?? null, acled_sub_type: r.acled?.sub_event_type ?? null,
    modality: r.modality, historical: r.historical ? 1 : 0,
    country: r.location?.country ?? null, admin1: r.location?.admin1 ?? null, loc_precision: r.location?.precision ?? null,
    lat: r.location?.lat ?? null, lon: r.location?.lon ?? null,
    goldstein: r.goldstein, killed: c.killed, injured: c.injured,
    n_sources: c.nSources, n_articles: c.nArticles, first_reported: c.firstReported, record: JSON.stringify(r),
  };
}

function clusterFromRow(row: Row): Cluster {
  return {
    rep: { record: JSON.parse(String(row.record)) as EventRecord, reported: String(row.rep_reported), sourceKey: String(row.rep_source_key) },
    key: { family: String(row.family), ck: String(row.ck), lo: Number(row.lo), hi: Number(row.hi) },
    killed: row.killed == null ? null : Number(row.killed),
    injured: row.injured == null ? null : Number(row.injured),
    firstReported: String(row.first_reported),
    nSources: Number(row.n_sources),
    nArticles: Number(row.n_articles),
  };
}

/** Columns the candidate scan reads (no JSON). */
const CANDIDATE_COLUMNS = [
  "seq", "id", "lo", "hi", "family", "ck", "source_id", "source_country", "source_sector", "target_id", "target_country",
  "target_sector", "killed", "country", "admin1", "loc_precision", "lat", "lon",
].join(", ");

const str = (v: unknown) => (v == null ? null : String(v));
const num = (v: unknown) => (v == null ? null : Number(v));

function factsFromRow(row: Row): MatchFacts {
  const side = (p: "source" | "target") =>
    row[`${p}_id`] == null ? null : { id: String(row[`${p}_id`]), country: str(row[`${p}_country`]), sector: str(row[`${p}_sector`]) };
  return {
    source: side("source"),
    target: side("target"),
    killed: num(row.killed),
    location: row.loc_precision == null ? null : {
      precision: row.loc_precision as NonNullable<MatchFacts["location"]>["precision"],
      lat: num(row.lat), lon: num(row.lon), country: str(row.country), admin1: str(row.admin1),
    },
  };
}

function eventFromRow(row: Row): StoredEvent {
  const rec = JSON.parse(String(row.record)) as EventRecord;
  const killed = row.killed == null ? null : Number(row.killed);
  const injured = row.injured == null ? null : Number(row.injured);
  return {
    ...rec,
    id: String(row.id),
    fatalities: killed === null && injured === null ? null : { killed, injured },
    n_sources: Number(row.n_sources),
    n_articles: Number(row.n_articles),
    first_reported: String(row.first_reported),
    day: String(row.day),
  };
}

type RollupValues = { key: Param[]; events: number; goldstein: number; killed: number; injured: number; sources: number };

function rollupOf(v: Record<string, Param>): RollupValues {
  return {
    key: ROLLUP_KEY.map((k) => v[k] ?? ""),
    events: 1,
    goldstein: Number(v.goldstein),
    killed: Number(v.killed ?? 0),
    injured: Number(v.injured ?? 0),
    sources: Number(v.n_sources),
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

/** An EventStore over any `SqlDb` + `Dialect`. */
export class SqlStore implements EventStore {
  constructor(
    private readonly db: SqlDb,
    private readonly dialect: Dialect,
  ) {}

  get backend(): "sqlite" | "postgres" {
    return this.dialect.backend;
  }

  /* ------------------------------------------------------------ documents */

  putDocument(doc: DocumentInput): Promise<PutDocumentResult> {
    return this.db.tx(async (c) => {
      const r = await this.putDoc(c, doc);
      return { docId: r.docId, inserted: r.inserted };
    });
  }

  private async putDoc(c: SqlConn, doc: DocumentInput): Promise<PutDocumentResult & { coded: boolean }> {
    if (typeof doc?.text !== "string") throw new Error("a document needs a text string");
    const hash = contentHash(doc.text);
    const old = await c.get("SELECT id, coded_at FROM documents WHERE content_hash = ?", [hash]);
    if (old) return { docId: String(old.id), inserted: false, coded: old.coded_at != null };
    let id = doc.id ? String(doc.id) : defaultDocumentId(doc.text);
    if (await c.get("SELECT 1 AS x FROM documents WHERE id = ?", [id])) id = `${id}#${hash.slice(0, 10)}`;
    const url = doc.url ?? null;
    await c.run(
      `INSERT INTO documents (id, content_hash, url, title, date, text, feed, fetched_at, source_key, ingested_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, hash, url, doc.title ?? null, toDay(doc.date), doc.text, doc.feed ?? null, doc.fetched_at ?? null,
        urlHost(url) ?? doc.feed ?? id, new Date().toISOString()],
    );
    return { docId: id, inserted: true, coded: false };
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
    return this.db.tx(async (c) => {
      await this.lockMerging(c);
      return this.saveIn(c, docId, records);
    });
  }

  saveBatch(items: CodedDocument[]): Promise<Array<PutDocumentResult & SaveResult>> {
    return this.db.tx(async (c) => {
      await this.lockMerging(c);
      const out: Array<PutDocumentResult & SaveResult> = [];
      for (const it of items) {
        const put = await this.putDoc(c, it.doc);
        const saved = put.coded ? NO_SAVE : await this.saveIn(c, put.docId, it.records);
        out.push({ docId: put.docId, inserted: put.inserted, ...saved });
      }
      return out;
    });
  }

  private async lockMerging(c: SqlConn): Promise<void> {
    if (this.dialect.mergeLock) await c.get(this.dialect.mergeLock);
  }

  private async saveIn(c: SqlConn, docId: string, records: EventRecord[]): Promise<SaveResult> {
    const doc = await c.get("SELECT date, ingested_at, source_key, coded_sig FROM documents WHERE id = ?", [docId]);
    if (!doc) throw new Error(`no document "${docId}" in the store`);
    const recs = records.map((r) => ({ ...r, doc_id: docId }));
    const sig = contentHash(JSON.stringify(recs));
    if (doc.coded_sig === sig) return NO_SAVE;
    if (doc.coded_sig != null) await this.removeMentions(c, docId);
    const reported = (doc.date as string | null) ?? String(doc.ingested_at).slice(0, 10);
    const seen = new Set<string>();
    const res = { mentions: 0, created: 0, merged: 0 };
    for (const record of recs) {
      if (seen.has(record.id)) continue;
      seen.add(record.id);
      const merged = await this.addMention(c, { record, reported, sourceKey: String(doc.source_key) });
      res.mentions++;
      if (merged) res.merged++;
      else res.created++;
    }
    await c.run("UPDATE documents SET coded_at = ?, coded_sig = ?, n_mentions = ? WHERE id = ?", [
      new Date().toISOString(), sig, res.mentions, docId,
    ]);
    return res;
  }

  /** Store one mention and merge it; returns true when it joined an existing event. */
  private async addMention(c: SqlConn, m: Mention): Promise<boolean> {
    const key = mergeKey(m);
    const best = await this.bestCandidate(c, m, key);
    if (!best) {
      let id = "ev:" + m.record.id;
      if (await c.get("SELECT 1 AS x FROM events WHERE id = ?", [id])) id += ":" + m.record.doc_id;
      await this.insertMention(c, m, id);
      const v = eventValues(fold(null, m));
      await c.run(
        `INSERT INTO events (id, ${EVENT_COLUMNS.join(", ")}) VALUES (?, ${EVENT_COLUMNS.map(() => "?").join(", ")})`,
        [id, ...EVENT_COLUMNS.map((k) => v[k])],
      );
      await this.applyRollup(c, null, rollupOf(v));
      return false;
    }
    await this.insertMention(c, m, String(best.id));
    await this.writeEvent(c, best, fold(clusterFromRow(best), m));
    return true;
  }

  /** The best compatible event for a mention (full row), or null. */
  private async bestCandidate(c: SqlConn, m: Mention, key: MergeKey): Promise<Row | null> {
    const ranges = candidateRanges(key);
    if (ranges.length === 0) return null;
    // One indexed SELECT per range; besides the range, the index alone checks that the
    // intervals overlap and each side's country is the mention's or unknown (see sideCompatible).
    let sides = "";
    const sideParams: Param[] = [];
    for (const side of ["source", "target"] as const) {
      const country = m.record[side]?.country;
      if (country) {
        sides += ` AND (${side}_country IS NULL OR ${side}_country = ?)`;
        sideParams.push(country);
      }
    }
    const selects: string[] = [];
    const params: Param[] = [];
    for (const r of ranges) {
      const ck = r.ck === null ? "" : " AND ck = ?";
      selects.push(`SELECT ${CANDIDATE_COLUMNS} FROM events WHERE family = ?${ck} AND lo BETWEEN ? AND ? AND hi >= ?${sides}`);
      params.push(r.family, ...(r.ck === null ? [] : [r.ck]), r.from, r.to, key.lo, ...sideParams);
    }
    const rows = await c.all(`${selects.join(" UNION ALL ")} ORDER BY seq`, params);
    const facts = factsOf(m.record);
    let best: Row | null = null;
    let bestScore = Infinity;
    for (const row of rows) {
      const evKey = { family: String(row.family), ck: String(row.ck), lo: Number(row.lo), hi: Number(row.hi) };
      const s = matchScore(factsFromRow(row), evKey, facts, key);
      if (s !== null && s < bestScore) {
        best = row;
        bestScore = s;
      }
    }
    return best ? ((await c.get("SELECT * FROM events WHERE id = ?", [String(best.id)])) ?? null) : null;
  }

  private async insertMention(c: SqlConn, m: Mention, eventId: string): Promise<void> {
    await c.run(
      "INSERT INTO mentions (rid, doc_id, event_id, sentence, reported, source_key, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
      [m.record.id, m.record.doc_id, eventId, m.record.evidence?.sentence ?? "", m.reported, m.sourceKey, JSON.stringify(m.record)],
    );
  }

  /** Update an event row from its new cluster state (counts re-read) and move its rollup contribution. */
  private async writeEvent(c: SqlConn, old: Row, cl: Cluster): Promise<void> {
    const counts = await c.get(
      "SELECT COUNT(DISTINCT source_key) AS s, COUNT(DISTINCT doc_id) AS a FROM mentions WHERE event_id = ?",
      [String(old.id)],
    );
    cl.nSources = Number(counts?.s ?? 1);
    cl.nArticles = Number(counts?.a ?? 1);
    const v = eventValues(cl);
    // Only changed columns are written, so unchanged indexes are not rewritten.
    const changed = EVENT_COLUMNS.filter((k) => !sameValue(v[k], old[k]));
    if (changed.length) {
      await c.run(`UPDATE events SET ${changed.map((k) => `${k} = ?`).join(", ")} WHERE id = ?`, [
        ...changed.map((k) => v[k]), String(old.id),
      ]);
    }
    await this.applyRollup(c, rollupOf(old as Record<string, Param>), rollupOf(v));
  }

  /** Remove a document's mentions and rebuild (or delete) the events they belonged to. */
  private async removeMentions(c: SqlConn, docId: string): Promise<void> {
    const evs = await c.all("SELECT DISTINCT event_id FROM mentions WHERE doc_id = ?", [docId]);
    await c.run("DELETE FROM mentions WHERE doc_id = ?", [docId]);
    for (const e of evs) {
      const id = String(e.event_id);
      const old = await c.get("SELECT * FROM events WHERE id = ?", [id]);
      if (!old) continue;
      const ms = await c.all("SELECT record, reported, source_key FROM mentions WHERE event_id = ? ORDER BY seq", [id]);
      if (ms.length === 0) {
        await c.run("DELETE FROM events WHERE id = ?", [id]);
        await this.applyRollup(c, rollupOf(old as Record<string, Param>), null);
        continue;
      }
      let cl: Cluster | null = null;
      for (const r of ms) {
        cl = fold(cl, { record: JSON.parse(String(r.record)) as EventRecord, reported: String(r.reported), sourceKey: String(r.source_key) });
      }
      await this.writeEvent(c, old, cl as Cluster);
    }
  }

  private async applyRollup(c: SqlConn, before: RollupValues | null, after: RollupValues | null): Promise<void> {
    const same = before && after && before.key.every((k, i) => k === after.key[i]);
    if (same) return this.addRollup(c, after, before);
    if (before) await this.addRollup(c, null, before);
    if (after) await this.addRollup(c, after, null);
  }

  /** Add `plus` minus `minus` (same key) to the rollup, deleting rows that fall to zero events. */
  private async addRollup(c: SqlConn, plus: RollupValues | null, minus: RollupValues | null): Promise<void> {
    const key = (plus ?? minus)!.key;
    const d = (f: "events" | "goldstein" | "killed" | "injured" | "sources") => (plus?.[f] ?? 0) - (minus?.[f] ?? 0);
    const vals = [d("events"), d("goldstein"), d("killed"), d("injured"), d("sources")];
    if (vals.every((x) => x === 0)) return;
    await c.run(
      `INSERT INTO rollup_dyad_day (${ROLLUP_KEY.join(", ")}, events, goldstein_sum, killed, injured, sources)
       VALUES (${ROLLUP_KEY.map(() => "?").join(", ")}, ?, ?, ?, ?, ?)
       ON CONFLICT (${ROLLUP_KEY.join(", ")}) DO UPDATE SET
         events = rollup_dyad_day.events + excluded.events,
         goldstein_sum = rollup_dyad_day.goldstein_sum + excluded.goldstein_sum,
         killed = rollup_dyad_day.killed + excluded.killed,
         injured = rollup_dyad_day.injured + excluded.injured,
         sources = rollup_dyad_day.sources + excluded.sources`,
      [...key, ...vals],
    );
    if (vals[0] < 0) {
      await c.run(`DELETE FROM rollup_dyad_day WHERE ${ROLLUP_KEY.map((k) => `${k} = ?`).join(" AND ")} AND events <= 0`, key);
    }
  }

  /* ------------------------------------------------------------- events */

  async getEvent(id: string): Promise<StoredEvent | null> {
    let row = await this.db.get("SELECT * FROM events WHERE id = ?", [id]);
    if (!row) {
      const m = await this.db.get("SELECT event_id FROM mentions WHERE rid = ? ORDER BY seq LIMIT 1", [id]);
      if (m) row = await this.db.get("SELECT * FROM events WHERE id = ?", [String(m.event_id)]);
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
    const w = buildWhere(filter, this.dialect);
    let sql = w.sql;
    const params = [...w.params];
    if (page?.cursor) {
      const [day, id] = decodeCursor(page.cursor, 2);
      sql = `(${sql}) AND (day < ? OR (day = ? AND id < ?))`;
      params.push(day, day, id);
    }
    const rows = await this.db.all(`SELECT * FROM events WHERE ${sql} ORDER BY day DESC, id DESC LIMIT ?`, [...params, limit + 1]);
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(eventFromRow);
    const last = items[items.length - 1];
    return { items, next: more ? encodeCursor([last.day, last.id]) : null };
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

  async listReviews(f: { event_id?: string; limit?: number } = {}): Promise<Review[]> {
    const rows = await this.db.all(
      `SELECT * FROM reviews ${f.event_id ? "WHERE event_id = ?" : ""} ORDER BY seq DESC LIMIT ?`,
      [...(f.event_id ? [f.event_id] : []), pageSize({ limit: f.limit ?? 100 })],
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
         WHERE seq IN (SELECT seq FROM jobs WHERE (state = 'queued' OR (state = 'running' AND lease_until < ?)) ${kind}
                       ORDER BY seq LIMIT ?${this.dialect.skipLocked})
         RETURNING *`,
        [workerId, lease, now, ...(opts.kind ? [opts.kind] : []), Math.max(0, Math.floor(n))],
      );
      return rows.map(jobFromRow).sort((a, b) => Number(a.id) - Number(b.id));
    });
  }

  async complete(jobId: string): Promise<void> {
    await this.db.tx((c) => c.run("UPDATE jobs SET state = 'done', lease_until = NULL WHERE seq = ?", [numericId(jobId)]));
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
