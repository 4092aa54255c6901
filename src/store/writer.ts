/**
 * The batched write path of coded documents: stores their mentions, merges them into
 * events (algorithm in `merge.ts`) and keeps the daily dyad rollup in step, with a
 * bounded number of statements per batch rather than per mention:
 *
 * 1. one query finds, for every mention, the stored events in its candidate ranges
 *    (a join of the ranges, passed as VALUES, with the events index), and one loads them;
 *    or, when the store's in-memory copy of the events is exact (`event-cache.ts`), the
 *    same candidates and rows are read from it with no query;
 * 2. in memory, mentions are merged in order (events created or changed earlier in the
 *    batch are candidates too, through an in-memory block index);
 * 3. one query reads the sources and documents of the touched stored events, to count
 *    n_sources / n_articles;
 * 4. multi-row INSERTs write mentions and new events; changed events are updated with
 *    one UPDATE ... FROM VALUES per set of changed columns (most merges change only the
 *    counts); rollup deltas are summed per key and written with one upsert.
 *
 * Runs inside the caller's transaction.
 */
import type { EventRecord } from "../doc/index.js";
import {
  candidateRanges, dayPrecise, eventDay, factsOf, matchScore, mergeKey, outranks, rankOf,
  type MatchFacts, type MergeKey, type Mention, type RepRank,
} from "./merge.js";
import { EventCache, MAX_CACHED_EVENTS, type CachedRow } from "./event-cache.js";
import { ACTOR_SUMMARY_KEY, ROLLUP_KEY } from "./schema.js";
import type { Param, Row, SqlConn } from "./sql.js";

/** Event columns besides id and seq. */
export const EVENT_COLUMNS = [
  "family", "ck", "lo", "hi", "day", "rep_rid", "rep_doc", "rep_reported", "rep_quality",
  "source_id", "source_code", "source_country", "source_sector",
  "target_id", "target_code", "target_country", "target_sector",
  "cameo", "cameo_root", "quad_class", "plover_type", "acled_type", "acled_sub_type", "modality", "historical",
  "country", "admin1", "loc_precision", "lat", "lon", "goldstein", "killed", "injured",
  "n_sources", "n_articles", "first_reported",
] as const;

type Column = (typeof EVENT_COLUMNS)[number];
/** An event's column values (its record JSON is its representative mention's: `rep_doc`, `rep_rid`). */
type EventRow = Record<Column, Param> & { id: string; seq: Param };

/** Largest number of bound parameters per statement (SQLite allows 32766, PostgreSQL 65535). */
const MAX_PARAMS = 30_000;
const LOADED_COLUMNS = ["id", "seq", ...EVENT_COLUMNS].join(", ");

const str = (v: unknown) => (v == null ? null : String(v));
const num = (v: unknown) => (v == null ? null : Number(v));

/** The columns an event takes from its representative mention. */
function repColumns(m: Mention, rank: RepRank): Partial<EventRow> {
  const r = m.record;
  const key = mergeKey(m);
  return {
    family: key.family, ck: key.ck, lo: key.lo, hi: key.hi,
    rep_rid: r.id, rep_doc: r.doc_id, rep_reported: m.reported, rep_quality: JSON.stringify(rank.quality),
    source_id: r.source?.id ?? null, source_code: r.source?.code ?? null,
    source_country: r.source?.country ?? null, source_sector: r.source?.sector ?? null,
    target_id: r.target?.id ?? null, target_code: r.target?.code ?? null,
    target_country: r.target?.country ?? null, target_sector: r.target?.sector ?? null,
    cameo: r.cameo, cameo_root: r.cameo_root, quad_class: r.quad_class, plover_type: r.plover.type,
    acled_type: r.acled?.event_type ?? null, acled_sub_type: r.acled?.sub_event_type ?? null,
    modality: r.modality, historical: r.historical ? 1 : 0,
    country: r.location?.country ?? null, admin1: r.location?.admin1 ?? null, loc_precision: r.location?.precision ?? null,
    lat: r.location?.lat ?? null, lon: r.location?.lon ?? null, goldstein: r.goldstein,
  };
}

function maxOrNull(a: Param, b: number | null | undefined): number | null {
  if (b == null) return a == null ? null : Number(a);
  return a == null ? b : Math.max(Number(a), b);
}

/** A mention's record as JSON (made once). */
function recordJson(m: Mention): string {
  return (m.json ??= JSON.stringify(m.record));
}

/** An event being built or changed in this batch. */
class Working {
  readonly mentions: Mention[] = [];
  /** Source keys of this batch's mentions that the event already has stored mentions from (step 3). */
  readonly knownSources = new Set<string>();
  /** For an event created in this transaction: its number in creation order (tie-break order until it has a seq). */
  createdAt = -1;

  private keyMemo: MergeKey | null = null;
  private factsMemo: MatchFacts | null = null;

  constructor(
    /** The current columns; while nothing changed, the stored row itself (copied on the first change). */
    public row: EventRow,
    /** The row as stored, or null for a new event. Never changed (it may be the event cache's row). */
    readonly old: EventRow | null,
  ) {}

  static create(m: Mention, id: string): Working {
    const rank = rankOf(m);
    const f = m.record.fatalities;
    const row = {
      id, seq: null, ...repColumns(m, rank), day: eventDay(m.record, m.reported),
      killed: f?.killed ?? null, injured: f?.injured ?? null, first_reported: m.reported, n_sources: 1, n_articles: 1,
    } as EventRow;
    const w = new Working(row, null);
    w.mentions.push(m);
    return w;
  }

  /** A stored event; `row` is not copied (nor changed) unless a mention is absorbed. */
  static load(row: Row): Working {
    return new Working(row as EventRow, row as EventRow);
  }

  get key(): MergeKey {
    return (this.keyMemo ??= { family: String(this.row.family), ck: String(this.row.ck), lo: Number(this.row.lo), hi: Number(this.row.hi) });
  }

  get facts(): MatchFacts {
    return (this.factsMemo ??= this.readFacts());
  }

  private readFacts(): MatchFacts {
    const row = this.row;
    const side = (p: "source" | "target") =>
      row[`${p}_id`] == null ? null : { id: String(row[`${p}_id`]), country: str(row[`${p}_country`]), sector: str(row[`${p}_sector`]) };
    return {
      source: side("source"), target: side("target"), killed: num(row.killed),
      location: row.loc_precision == null ? null : {
        precision: row.loc_precision as NonNullable<MatchFacts["location"]>["precision"],
        lat: num(row.lat), lon: num(row.lon), country: str(row.country), admin1: str(row.admin1),
      },
    };
  }

  private rankMemo: RepRank | null = null;
  private baseMemo: string | null = null;

  private get rank(): RepRank {
    return (this.rankMemo ??= {
      quality: JSON.parse(String(this.row.rep_quality)) as number[], reported: String(this.row.rep_reported), rid: String(this.row.rep_rid),
    });
  }

  /** The blocking family without its month suffix. */
  get base(): string {
    return (this.baseMemo ??= String(this.row.family).replace(/\/m$/, ""));
  }

  /** Add a mention: representative, tolls, first report and day. */
  absorb(m: Mention): void {
    this.mentions.push(m);
    if (this.row === this.old) this.row = { ...this.row };
    this.keyMemo = this.factsMemo = null;
    const rankWas = this.rank;
    const row = this.row;
    const f = m.record.fatalities;
    row.killed = maxOrNull(row.killed, f?.killed);
    row.injured = maxOrNull(row.injured, f?.injured);
    if (m.reported < String(row.first_reported)) row.first_reported = m.reported;
    const rank = rankOf(m);
    if (outranks(rank, rankWas)) {
      Object.assign(row, repColumns(m, rank));
      row.day = eventDay(m.record, String(row.first_reported));
      this.rankMemo = this.baseMemo = null;
    } else if (!dayPrecise(rankWas)) {
      row.day = row.first_reported;
    }
  }

  /** Set n_sources / n_articles: stored counts plus the new sources and documents (a document being coded has no stored mentions). */
  count(): void {
    const sources = new Set<string>();
    const docs = new Set<string>();
    for (const m of this.mentions) {
      if (!this.knownSources.has(m.sourceKey)) sources.add(m.sourceKey);
      docs.add(m.record.doc_id);
    }
    this.row.n_sources = Number(this.old?.n_sources ?? 0) + sources.size;
    this.row.n_articles = Number(this.old?.n_articles ?? 0) + docs.size;
  }
}

/** Width (days of `lo`) of the buckets of `BlockIndex`. */
const BLOCK_BUCKET = 8;

/** Events of the batch indexed by family and interval start (buckets of `BLOCK_BUCKET` days), for in-batch candidates. */
class BlockIndex {
  private readonly byFamily = new Map<string, Map<number, Set<Working>>>();
  /** Where each event was filed (its family and bucket when added). */
  private readonly at = new Map<Working, Set<Working>>();

  add(w: Working): void {
    const f = String(w.row.family);
    let buckets = this.byFamily.get(f);
    if (!buckets) this.byFamily.set(f, (buckets = new Map()));
    const k = Math.floor(Number(w.row.lo) / BLOCK_BUCKET);
    let set = buckets.get(k);
    if (!set) buckets.set(k, (set = new Set()));
    set.add(w);
    this.at.set(w, set);
  }

  remove(w: Working): void {
    this.at.get(w)?.delete(w);
    this.at.delete(w);
  }

  /** Every event of the batch in one of the key's candidate ranges (any order: callers pick the best by score, then `order`). */
  *candidates(key: MergeKey): Generator<Working> {
    for (const r of candidateRanges(key)) {
      const buckets = this.byFamily.get(r.family);
      if (!buckets) continue;
      for (let k = Math.floor(r.from / BLOCK_BUCKET); k <= Math.floor(r.to / BLOCK_BUCKET); k++) {
        for (const w of buckets.get(k) ?? []) {
          const lo = Number(w.row.lo);
          if ((r.ck === null || w.row.ck === r.ck) && lo >= r.from && lo <= r.to && Number(w.row.hi) >= key.lo) yield w;
        }
      }
    }
  }
}

type RollupDelta = { key: Param[]; events: number; goldstein: number; killed: number; injured: number; sources: number };

function addDelta(deltas: Map<string, RollupDelta>, row: EventRow, sign: 1 | -1): void {
  const key = ROLLUP_KEY.map((k) => row[k as Column] ?? "");
  const id = JSON.stringify(key);
  let d = deltas.get(id);
  if (!d) deltas.set(id, (d = { key, events: 0, goldstein: 0, killed: 0, injured: 0, sources: 0 }));
  d.events += sign;
  d.goldstein += sign * Number(row.goldstein);
  d.killed += sign * Number(row.killed ?? 0);
  d.injured += sign * Number(row.injured ?? 0);
  d.sources += sign * Number(row.n_sources);
}

/**
 * Split `n` rows into chunks whose sizes come from a small fixed set (`max`, then
 * powers of two), so that multi-row statements have few distinct shapes and stay
 * in the prepared-statement cache.
 */
export function* chunks<T>(rows: T[], max: number): Generator<T[]> {
  let i = 0;
  while (rows.length - i >= max) {
    yield rows.slice(i, (i += max));
  }
  for (let size = 1 << 30; size >= 1; size >>= 1) {
    if (rows.length - i >= size) yield rows.slice(i, (i += size));
  }
}

const multiRowSql = new Map<string, string>();

/**
 * `head` + `n` times `tuple` (comma-separated) + `tail`, made once per shape: the same
 * string object each time, so that the adapters' statement caches find it without
 * hashing kilobytes of placeholders again.
 */
export function multiRow(head: string, tuple: string, n: number, tail: string): string {
  const key = `${n}\u0001${tuple}\u0001${head}\u0001${tail}`;
  let sql = multiRowSql.get(key);
  if (sql === undefined) {
    sql = `${head} ${Array<string>(n).fill(tuple).join(", ")} ${tail}`;
    if (multiRowSql.size < 10_000) multiRowSql.set(key, sql);
  }
  return sql;
}

/**
 * Run one multi-row statement per chunk: `head` + "(?, ...), (?, ...)" + `tail`; when `tail`
 * has a RETURNING clause, returns the rows it returns.
 */
export async function insertRows(c: SqlConn, head: string, tail: string, rows: Param[][]): Promise<Row[]> {
  const out: Row[] = [];
  if (rows.length === 0) return out;
  const width = rows[0].length;
  const tuple = `(${Array(width).fill("?").join(", ")})`;
  const returning = /\bRETURNING\b/.test(tail);
  for (const chunk of chunks(rows, Math.min(256, Math.max(1, Math.floor(MAX_PARAMS / width))))) {
    const sql = multiRow(head, tuple, chunk.length, tail);
    if (returning) out.push(...(await c.all(sql, chunk.flat())));
    else await c.run(sql, chunk.flat());
  }
  return out;
}

/** Rows of `SELECT ... WHERE col IN (...)`, chunked. */
export async function selectIn(c: SqlConn, sql: (marks: string) => string, values: Param[]): Promise<Row[]> {
  const out: Row[] = [];
  for (const chunk of chunks(values, 1024)) out.push(...(await c.all(sql(chunk.map(() => "?").join(", ")), chunk)));
  return out;
}

/**
 * Most stored candidates kept per mention and candidate query (nearest interval centre
 * first, then nearest coordinates, then smallest id). Without a cap the scan grows with
 * the density of the store (events per family, country and day), making ingestion superlinear; a mention's best
 * match is almost always among its nearest events, so a cap only loses merges when that
 * many closer events are all incompatible with it.
 */
export const MAX_STORED_CANDIDATES = 8;

/** Stored event ids that are candidates for each mention (by mention index), at most 2 × MAX_STORED_CANDIDATES each. */
async function storedCandidates(c: SqlConn, keys: MergeKey[], mentions: Mention[]): Promise<Map<number, string[]>> {
  const withCk: Param[][] = [];
  const anyCk: Param[][] = [];
  keys.forEach((key, i) => {
    const { source: s, target: t } = mentions[i].record;
    const loc = mentions[i].record.location;
    const sides = [loc?.lat ?? null, loc?.lon ?? null, s?.id ?? null, s?.country ?? null, t?.id ?? null, t?.country ?? null];
    for (const r of candidateRanges(key)) {
      if (r.ck === null) anyCk.push([i, r.family, r.from, r.to, key.lo, key.lo + key.hi, ...sides]);
      else withCk.push([i, r.family, r.ck, r.from, r.to, key.lo, key.lo + key.hi, ...sides]);
    }
  });
  const out = new Map<number, string[]>();
  // A necessary condition of sideCompatible, checked on the (covering) index: per side,
  // the same actor, or countries equal or unknown.
  const side = (p: string, q: string) =>
    `AND (r.${q}i IS NULL OR e.${p}_id IS NULL OR e.${p}_id = r.${q}i OR r.${q}c IS NULL OR e.${p}_country IS NULL OR e.${p}_country = r.${q}c)`;
  const sides = `${side("source", "s")} ${side("target", "t")}`;
  const run = async (rows: Param[][], cols: string, tuple: string, on: string) => {
    for (const chunk of chunks(rows, 512)) {
      const found = await c.all(
        `WITH r(${cols}) AS (VALUES ${chunk.map(() => tuple).join(", ")}),
         c AS (SELECT r.i AS i, e.id AS id,
                 ROW_NUMBER() OVER (PARTITION BY r.i ORDER BY ABS(e.lo + e.hi - r.kmid),
                   COALESCE(ABS(e.lat - r.klat) + ABS(e.lon - r.klon), 0), e.id) AS n
               FROM r JOIN events e ON ${on} AND e.hi >= r.klo ${sides})
         SELECT i, id FROM c WHERE n <= ${MAX_STORED_CANDIDATES}`,
        chunk.flat(),
      );
      for (const f of found) {
        const k = Number(f.i);
        const list = out.get(k);
        if (list) list.push(String(f.id));
        else out.set(k, [String(f.id)]);
      }
    }
  };
  const int = "CAST(? AS BIGINT)";
  const sideCols = "klat, klon, si, sc, ti, tc";
  const real = "CAST(? AS DOUBLE PRECISION)";
  const sideMarks = `${real}, ${real}, ?, ?, ?, ?`;
  await run(withCk, `i, family, ck, lo_from, lo_to, klo, kmid, ${sideCols}`, `(${int}, ?, ?, ${int}, ${int}, ${int}, ${int}, ${sideMarks})`,
    "e.family = r.family AND e.ck = r.ck AND e.lo BETWEEN r.lo_from AND r.lo_to");
  await run(anyCk, `i, family, lo_from, lo_to, klo, kmid, ${sideCols}`, `(${int}, ?, ${int}, ${int}, ${int}, ${int}, ${sideMarks})`,
    "e.family = r.family AND e.lo BETWEEN r.lo_from AND r.lo_to");
  return out;
}

/** An event's id: "ev:" + its first mention's record id. */
export function eventIdFor(recordId: string): string {
  return "ev:" + recordId;
}
/** Read every stored event into a new cache at `epoch` (null when the store holds more than `MAX_CACHED_EVENTS`). */
export async function loadEventCache(c: SqlConn, epoch: number): Promise<EventCache | null> {
  const rows = await c.all(`SELECT ${LOADED_COLUMNS} FROM events LIMIT ${MAX_CACHED_EVENTS + 1}`);
  if (rows.length > MAX_CACHED_EVENTS) return null;
  const cache = new EventCache(epoch);
  for (const r of rows) cache.put(r as CachedRow);
  return cache;
}

/** Tie-break order of an event: its seq, else (created in this transaction, not yet written) after every stored event, in creation order. */
function order(w: Working): number {
  return w.row.seq == null ? Number.MAX_SAFE_INTEGER - 1e9 + w.createdAt : Number(w.row.seq);
}

/**
 * The merging of one transaction: groups of mentions (one ingest batch each) merged in
 * turn, each group exactly as if the groups before it had been written and committed
 * (same candidates, same results), and written by `flush`.
 *
 * - With `cache` (an exact copy of the stored events, see event-cache.ts), candidates
 *   and events are read from it, and the rows of each group are put into it as soon as
 *   the group is merged, so that the next group sees them as stored events: the writes
 *   of many groups are deferred to one `flush` (fewer statements, fewer rewritten
 *   pages, one rollup upsert per key for the whole transaction). The cache is then
 *   changed by an uncommitted transaction: the caller must drop it if that rolls back.
 * - Without it, candidates come from the database, so the caller flushes after every group.
 */
export class MergeSession {
  /** Events created or changed since the last flush, by id (insertion order). */
  private readonly pending = new Map<string, Working>();
  /** Events created since the last flush, in creation order. */
  private created: Working[] = [];
  private createdCount = 0;

  constructor(
    private readonly c: SqlConn,
    private cache: EventCache | null,
  ) {}

  /** True while merging reads the in-memory copy (writes may wait for `flush`). */
  get cached(): boolean {
    return this.cache !== null;
  }

  /** Stop using the in-memory copy (flush first: later groups read the database). */
  dropCache(): void {
    this.cache = null;
  }

  /** Merge one group of mentions, in order; per mention whether it merged into an existing event. */
  async merge(mentions: Mention[]): Promise<boolean[]> {
    if (mentions.length === 0) return [];
    const { c, cache } = this;
    const keys = mentions.map(mergeKey);
    const cands = cache ? cache.candidates(keys, mentions, MAX_STORED_CANDIDATES) : await storedCandidates(c, keys, mentions);
    const ids = [...new Set([...cands.values()].flat())];
    /** This group's view: its candidate events and the events it created. */
    const working = new Map<string, Working>();
    if (cache) {
      for (const id of ids) working.set(id, this.pending.get(id) ?? Working.load(cache.get(id)!));
    } else {
      for (const row of await selectIn(c, (m) => `SELECT ${LOADED_COLUMNS} FROM events WHERE id IN (${m})`, ids)) {
        const id = String(row.id);
        working.set(id, this.pending.get(id) ?? Working.load(row));
      }
    }
    const index = new BlockIndex();
    const merged: boolean[] = [];
    const created: Working[] = [];
    const touched = new Set<Working>();
    mentions.forEach((m, i) => {
      const key = keys[i];
      const facts = factsOf(m.record);
      const base = key.family.replace(/\/m$/, "");
      let best: Working | null = null;
      let bestScore = Infinity;
      const seen = new Set<Working>();
      const consider = (w: Working | undefined) => {
        if (!w || seen.has(w)) return;
        seen.add(w);
        if (w.base !== base) return;
        const s = matchScore(w.facts, w.key, facts, key);
        if (s !== null && (s < bestScore || (s === bestScore && best && order(w) < order(best)))) {
          best = w;
          bestScore = s;
        }
      };
      for (const id of cands.get(i) ?? []) consider(working.get(id));
      for (const w of index.candidates(key)) consider(w);
      if (best) {
        const w = best as Working;
        index.remove(w);
        w.absorb(m);
        index.add(w);
        touched.add(w);
        merged.push(true);
      } else {
        let id = eventIdFor(m.record.id);
        if (working.has(id)) id += ":" + m.record.doc_id;
        const w = Working.create(m, id);
        w.createdAt = this.createdCount++;
        created.push(w);
        touched.add(w);
        working.set(w.row.id, w);
        index.add(w);
        merged.push(false);
      }
    });
    // Ids of new events must not collide with stored ones (a record id reused by another document).
    const clash = cache
      ? new Set(created.filter((w) => cache.has(w.row.id)).map((w) => w.row.id))
      : new Set((await selectIn(c, (m) => `SELECT id FROM events WHERE id IN (${m})`, created.map((w) => w.row.id))).map((r) => String(r.id)));
    for (const w of created) if (clash.has(w.row.id)) w.row.id += ":" + w.mentions[0].record.doc_id;
    for (const w of touched) {
      this.pending.set(w.row.id, w);
      // A copy: the working row may change again in a later group (the cache indexes rows by value).
      if (cache) cache.put({ ...w.row } as CachedRow);
    }
    this.created.push(...created);
    return merged;
  }

  /** Write everything merged since the last flush; returns the written rows (final counts and seqs). */
  async flush(): Promise<CachedRow[]> {
    if (this.pending.size === 0) return [];
    const { c, cache } = this;
    const touched = [...this.pending.values()];
    const created = this.created;
    this.pending.clear();
    this.created = [];
    const stored = touched.filter((w) => w.old);
    await markKnownSources(c, stored);
    for (const w of touched) w.count();
    await insertMentions(c, touched);
    const seqs = await insertRows(c, `INSERT INTO events (id, ${EVENT_COLUMNS.join(", ")}) VALUES`, "RETURNING id, seq",
      created.map((w) => [w.row.id, ...EVENT_COLUMNS.map((k) => w.row[k])]));
    const seqOf = new Map(seqs.map((r) => [String(r.id), r.seq as Param]));
    for (const w of created) w.row.seq = seqOf.get(w.row.id) ?? null;
    await updateChanged(c, stored);
    const deltas = new Map<string, RollupDelta>();
    for (const w of touched) {
      if (w.old) addDelta(deltas, w.old, -1);
      addDelta(deltas, w.row, 1);
    }
    await writeRollup(c, deltas);
    const rows = touched.map((w) => ({ ...w.row }) as CachedRow);
    if (cache) for (const r of rows) cache.put(r);
    return rows;
  }
}

/** Which (event, source key) pairs of the batch already have stored mentions. */
async function markKnownSources(c: SqlConn, events: Working[]): Promise<void> {
  const byId = new Map(events.map((w) => [w.row.id, w]));
  const pairs = events.flatMap((w) => [...new Set(w.mentions.map((m) => m.sourceKey))].map((k) => [w.row.id, k]));
  for (const chunk of chunks(pairs, 1024)) {
    const rows = await c.all(
      `WITH p(e, s) AS (VALUES ${chunk.map(() => "(?, ?)").join(", ")})
       SELECT p.e AS e, p.s AS s FROM p WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = p.e AND m.source_key = p.s)`,
      chunk.flat(),
    );
    for (const r of rows) byId.get(String(r.e))?.knownSources.add(String(r.s));
  }
}

/**
 * Insert the mentions of `events` and their documents' distinct evidence sentences
 * (schema.ts, `leanMentions`). A document's mentions are all written by one flush (its
 * records are merged in one group; re-coding removes its old sentences first), so its
 * sentences are new here. Sentence ids follow the largest stored one: writers hold the
 * merge lock (PostgreSQL) or the database's write lock (SQLite).
 */
async function insertMentions(c: SqlConn, events: Working[]): Promise<void> {
  const sentenceIds = new Map<string, number>();
  const sentences: Param[][] = [];
  let next = Number((await c.get("SELECT MAX(seq) AS n FROM sentences"))?.n ?? 0) + 1;
  const mentions = events.flatMap((w) => w.mentions.map((m) => {
    const text = m.record.evidence?.sentence ?? "";
    const key = `${m.record.doc_id}\u0000${text}`;
    let sid = sentenceIds.get(key);
    if (sid === undefined) {
      sentenceIds.set(key, (sid = next++));
      sentences.push([sid, m.record.doc_id, text]);
    }
    return [m.record.id, m.record.doc_id, w.row.id, sid, m.reported, m.sourceKey, recordJson(m)];
  }));
  await insertRows(c, "INSERT INTO sentences (seq, doc_id, sentence) VALUES", "", sentences);
  await insertRows(c, "INSERT INTO mentions (rid, doc_id, event_id, sentence_id, reported, source_key, record) VALUES", "", mentions);
}

const INT_COLUMNS = new Set<string>(["lo", "hi", "quad_class", "historical", "killed", "injured", "n_sources", "n_articles"]);
const REAL_COLUMNS = new Set<string>(["lat", "lon", "goldstein"]);

/** A typed placeholder, so that VALUES rows have the column's type (PostgreSQL). */
export function typedMark(col: string): string {
  return INT_COLUMNS.has(col) ? "CAST(? AS BIGINT)" : REAL_COLUMNS.has(col) ? "CAST(? AS DOUBLE PRECISION)" : "?";
}

/**
 * Write the changed columns of stored events: events are grouped by the set of columns
 * that changed (most merges change only the counts), one UPDATE ... FROM VALUES per
 * group and chunk, so that unchanged (indexed) columns are not rewritten.
 */
async function updateChanged(c: SqlConn, events: Working[]): Promise<void> {
  const groups = new Map<string, { cols: Column[]; rows: EventRow[] }>();
  for (const w of events) {
    const cols = EVENT_COLUMNS.filter((k) => !sameValue(w.row[k], w.old![k]));
    if (cols.length === 0) continue;
    const key = cols.join(",");
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { cols, rows: [] }));
    g.rows.push(w.row);
  }
  for (const { cols, rows } of groups.values()) {
    const all = ["id", ...cols];
    const tuple = `(${all.map(typedMark).join(", ")})`;
    for (const chunk of chunks(rows, Math.min(256, Math.floor(MAX_PARAMS / all.length)))) {
      await c.run(
        multiRow(`WITH v(${all.join(", ")}) AS (VALUES`, tuple, chunk.length,
          `) UPDATE events SET ${cols.map((k) => `${k} = v.${k}`).join(", ")} FROM v WHERE events.id = v.id`),
        chunk.flatMap((r) => all.map((k) => r[k as Column | "id"])),
      );
    }
  }
}

/** Write the changed columns of a stored event. */
async function updateEvent(c: SqlConn, old: EventRow, row: EventRow): Promise<void> {
  const changed = EVENT_COLUMNS.filter((k) => !sameValue(row[k], old[k]));
  if (changed.length === 0) return;
  await c.run(`UPDATE events SET ${changed.map((k) => `${k} = ?`).join(", ")} WHERE id = ?`, [...changed.map((k) => row[k]), old.id]);
}

function sameValue(a: Param, b: Param): boolean {
  return a === b || (a == null && b == null) || (a != null && b != null && typeof a !== typeof b && String(a) === String(b));
}

async function writeRollup(c: SqlConn, deltas: Map<string, RollupDelta>): Promise<void> {
  await upsertDeltas(c, "rollup_dyad_day", ROLLUP_KEY, deltas.values());
  await writeSeriesSummaries(c, deltas);
}

/**
 * Keep the series summaries (schema.ts, `seriesSummaries`) in step with the rollup:
 * the same deltas, folded onto each summary's key and upserted the same way.
 */
async function writeSeriesSummaries(c: SqlConn, deltas: Map<string, RollupDelta>): Promise<void> {
  // ROLLUP_KEY positions: 0 day, 1 source_id, 5 target_id, 9..13 the class columns.
  const month = (day: Param) => `${String(day).slice(0, 7)}-01`;
  const monthKey = (k: Param[]) => [month(k[0]), ...k.slice(1)];
  const actorKeys = (k: Param[], day: Param) => {
    const cls = k.slice(9, 14);
    const out = [[k[1], "s", day, ...cls]];
    if (k[5] !== k[1]) out.push([k[5], "t", day, ...cls]);
    return out;
  };
  await upsertSummary(c, "rollup_dyad_month", ROLLUP_KEY, deltas, (k) => [monthKey(k)]);
  await upsertSummary(c, "rollup_actor_day", ACTOR_SUMMARY_KEY, deltas, (k) => actorKeys(k, k[0]));
  await upsertSummary(c, "rollup_actor_month", ACTOR_SUMMARY_KEY, deltas, (k) => actorKeys(k, month(k[0])));
}

async function upsertSummary(c: SqlConn, table: string, keyCols: readonly string[], deltas: Map<string, RollupDelta>, keysOf: (k: Param[]) => Param[][]): Promise<void> {
  const folded = new Map<string, RollupDelta>();
  for (const d of deltas.values()) {
    for (const key of keysOf(d.key)) {
      const id = JSON.stringify(key);
      let f = folded.get(id);
      if (!f) folded.set(id, (f = { key, events: 0, goldstein: 0, killed: 0, injured: 0, sources: 0 }));
      f.events += d.events;
      f.goldstein += d.goldstein;
      f.killed += d.killed;
      f.injured += d.injured;
      f.sources += d.sources;
    }
  }
  await upsertDeltas(c, table, keyCols, folded.values());
}

/** Add each delta to its row of `table` (inserted when new); rows whose events fall to zero are deleted. */
async function upsertDeltas(c: SqlConn, table: string, keyCols: readonly string[], deltas: Iterable<RollupDelta>): Promise<void> {
  const rows: Param[][] = [];
  const emptied: Param[][] = [];
  for (const d of deltas) {
    const vals = [d.events, d.goldstein, d.killed, d.injured, d.sources];
    if (vals.every((v) => v === 0)) continue;
    rows.push([...d.key, ...vals]);
    if (d.events < 0) emptied.push(d.key);
  }
  const keys = keyCols.join(", ");
  await insertRows(c, `INSERT INTO ${table} (${keys}, events, goldstein_sum, killed, injured, sources) VALUES`,
    `ON CONFLICT (${keys}) DO UPDATE SET
       events = ${table}.events + excluded.events,
       goldstein_sum = ${table}.goldstein_sum + excluded.goldstein_sum,
       killed = ${table}.killed + excluded.killed,
       injured = ${table}.injured + excluded.injured,
       sources = ${table}.sources + excluded.sources`, rows);
  await deleteEmptied(c, table, keyCols, emptied);
}

/** Delete the rows of `table` whose counts fell to zero, by key, 128 keys a statement. */
async function deleteEmptied(c: SqlConn, table: string, keyCols: readonly string[], emptied: Param[][]): Promise<void> {
  const tuple = `(${keyCols.map(typedMark).join(", ")})`;
  for (const chunk of chunks(emptied, 128)) {
    await c.run(
      multiRow(`DELETE FROM ${table} WHERE events <= 0 AND (${keyCols.join(", ")}) IN (VALUES`, tuple, chunk.length, ")"),
      chunk.flat(),
    );
  }
}

/** Remove a document's mentions and rebuild (or delete) the events they belonged to. */
export async function removeDocMentions(c: SqlConn, docId: string): Promise<void> {
  const evs = await c.all("SELECT DISTINCT event_id FROM mentions WHERE doc_id = ?", [docId]);
  await c.run("DELETE FROM sentences WHERE seq IN (SELECT sentence_id FROM mentions WHERE doc_id = ?)", [docId]);
  await c.run("DELETE FROM mentions WHERE doc_id = ?", [docId]);
  const deltas = new Map<string, RollupDelta>();
  for (const e of evs) {
    const id = String(e.event_id);
    const old = (await c.get(`SELECT ${LOADED_COLUMNS} FROM events WHERE id = ?`, [id])) as EventRow | undefined;
    if (!old) continue;
    addDelta(deltas, old, -1);
    const ms = await c.all("SELECT record, reported, source_key FROM mentions WHERE event_id = ? ORDER BY seq", [id]);
    if (ms.length === 0) {
      await c.run("DELETE FROM events WHERE id = ?", [id]);
      continue;
    }
    let w: Working | null = null;
    for (const r of ms) {
      const m: Mention = { record: JSON.parse(String(r.record)) as EventRecord, reported: String(r.reported), sourceKey: String(r.source_key) };
      if (w) w.absorb(m);
      else w = Working.create(m, id);
    }
    w!.count();
    await updateEvent(c, old, { ...w!.row, id, seq: old.seq });
    addDelta(deltas, w!.row, 1);
  }
  await writeRollup(c, deltas);
}
