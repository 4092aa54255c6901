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
import type { EventRecord, GeoPrecision } from "../doc/index.js";
import {
  candidateRanges, dayPrecise, eventDay, familyBase, matchScore, mergeKey, mergeRecord, outranks, rankOf,
  type CandidateRange, type MatchFacts, type MergeKey, type MergeRecord, type Mention, type RepRank,
} from "./merge.js";
import { EventCache, MAX_CACHED_EVENTS, type CachedRow, type Entry } from "./event-cache.js";
import { ACTOR_SUMMARY_KEY, EVENT_LOG_EPOCHS, ROLLUP_KEY } from "./schema.js";
import type { Bind, Param, Row, SqlConn } from "./sql.js";

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

/**
 * A row with every event column, in one fixed order. Every row the writer keeps (new,
 * copied, or loaded from the database by `toRow`) is made by this literal, so all have one
 * hidden class: rows of several shapes made the merge code polymorphic, and each new shape
 * seen threw its optimised code away (recompiling the merge loop cost ~0.1 s each time).
 */
function newRow(id: string, seq: Param): EventRow {
  return {
    id, seq, family: null, ck: null, lo: null, hi: null, day: null, rep_rid: null, rep_doc: null, rep_reported: null, rep_quality: null,
    source_id: null, source_code: null, source_country: null, source_sector: null,
    target_id: null, target_code: null, target_country: null, target_sector: null,
    cameo: null, cameo_root: null, quad_class: null, plover_type: null, acled_type: null, acled_sub_type: null, modality: null, historical: null,
    country: null, admin1: null, loc_precision: null, lat: null, lon: null, goldstein: null, killed: null, injured: null,
    n_sources: null, n_articles: null, first_reported: null,
  };
}

/** A copy of `r` (a row as the driver returned it, or another row) with `newRow`'s shape; values unchanged. */
function toRow(r: Row): EventRow {
  const row = newRow(r.id as string, r.seq as Param);
  for (const k of EVENT_COLUMNS) row[k] = r[k] as Param;
  return row;
}

/** Set the columns an event takes from its representative mention `m` (whose merge key is `key`). */
function setRepColumns(row: EventRow, m: Mention, key: MergeKey, rank: RepRank): void {
  const r = m.record;
  row.family = key.family;
  row.ck = key.ck;
  row.lo = key.lo;
  row.hi = key.hi;
  row.rep_rid = r.id;
  row.rep_doc = r.docId;
  row.rep_reported = m.reported;
  row.rep_quality = JSON.stringify(rank.quality);
  row.source_id = r.sourceId;
  row.source_code = r.sourceCode;
  row.source_country = r.sourceCountry;
  row.source_sector = r.sourceSector;
  row.target_id = r.targetId;
  row.target_code = r.targetCode;
  row.target_country = r.targetCountry;
  row.target_sector = r.targetSector;
  row.cameo = r.cameo;
  row.cameo_root = r.cameoRoot;
  row.quad_class = r.quadClass;
  row.plover_type = r.ploverType;
  row.acled_type = r.acledType;
  row.acled_sub_type = r.acledSubType;
  row.modality = r.modality;
  row.historical = r.historical ? 1 : 0;
  row.country = r.country;
  row.admin1 = r.admin1;
  row.loc_precision = r.placePrecision;
  row.lat = r.lat;
  row.lon = r.lon;
  row.goldstein = r.goldstein;
}

function maxOrNull(a: Param, b: number | null | undefined): number | null {
  if (b == null) return a == null ? null : Number(a);
  return a == null ? b : Math.max(Number(a), b);
}

/**
 * What the flush writes of a merged mention. The record itself is not kept past its
 * group's merge: with thousands of documents per transaction, keeping every record object
 * until the commit made the young-generation GC copy them all (see `PackedRecords`).
 */
interface Kept {
  rid: string;
  docId: string;
  sentence: string;
  reported: string;
  sourceKey: string;
  /** The record's JSON as UTF-8. */
  json: Uint8Array;
}

function keep(m: Mention): Kept {
  const r = m.record;
  return { rid: r.id, docId: r.docId, sentence: r.sentence, reported: m.reported, sourceKey: m.sourceKey, json: m.json };
}

/**
 * The match facts of an event's row (its representative's), with toll `killed`. One
 * literal for every event's facts (one shape for the scoring code). Named columns, not
 * `row[`${side}_id`]`: a key made per call is a slow megamorphic lookup.
 */
function rowFacts(row: EventRow, killed: number | null): MatchFacts {
  return {
    sourceId: str(row.source_id), sourceCountry: str(row.source_country), sourceSector: str(row.source_sector),
    targetId: str(row.target_id), targetCountry: str(row.target_country), targetSector: str(row.target_sector),
    killed,
    placePrecision: str(row.loc_precision) as GeoPrecision | null,
    lat: num(row.lat), lon: num(row.lon), country: str(row.country), admin1: str(row.admin1),
  };
}

/** An event being built or changed in this batch. */
class Working {
  readonly mentions: Kept[] = [];
  /** Source keys of this batch's mentions that the event already has stored mentions from (step 3). */
  knownSources: Set<string> | null = null;
  /** For an event created in this transaction: its number in creation order (tie-break order until it has a seq). */
  createdAt = -1;
  /** The last mention (a number per session) this event was considered for: each is scored once per mention. */
  seenBy = -1;
  /** The last group (`MergeSession.merge`, a number per process) that touched the event. */
  touchedIn = 0;
  /** Where `BlockIndex` filed the event: the index, its family, its bucket and the bucket's set. */
  filedIn: BlockIndex | null = null;
  filedFamily = "";
  filedBucket = 0;
  filedSet: Set<Working> | null = null;

  private keyMemo: MergeKey | null = null;
  private factsMemo: MatchFacts | null = null;

  constructor(
    /** The current columns; while nothing changed, the stored row itself (copied on the first change). */
    public row: EventRow,
    /** The row as stored, or null for a new event. Never changed (it may be the event cache's row). */
    readonly old: EventRow | null,
    /** The event cache's entry of the stored row, which keeps its key and facts across groups. */
    private readonly entry: Entry | null = null,
  ) {}

  static create(m: Mention, key: MergeKey, id: string): Working {
    const row = newRow(id, null);
    setRepColumns(row, m, key, rankOf(m));
    row.day = eventDay(m.record, m.reported);
    row.killed = m.record.killed;
    row.injured = m.record.injured;
    row.first_reported = m.reported;
    row.n_sources = 1;
    row.n_articles = 1;
    const w = new Working(row, null);
    w.mentions.push(keep(m));
    return w;
  }

  /** A stored event; `row` (made by `newRow`) is not copied (nor changed) unless a mention is absorbed. */
  static load(row: EventRow, entry: Entry | null = null): Working {
    return new Working(row, row, entry);
  }

  get key(): MergeKey {
    return (this.keyMemo ??= this.stored()?.key ?? this.readKey());
  }

  get facts(): MatchFacts {
    return (this.factsMemo ??= this.stored()?.facts ?? this.readFacts());
  }

  /** The key and facts of the stored row, made once per cache entry (not once per group that loads the event). */
  private stored(): { key: MergeKey; facts: MatchFacts } | null {
    if (!this.entry || this.row !== this.old) return null;
    return (this.entry.derived ??= { key: this.readKey(), facts: this.readFacts() }) as { key: MergeKey; facts: MatchFacts };
  }

  private readKey(): MergeKey {
    return { family: String(this.row.family), ck: String(this.row.ck), lo: Number(this.row.lo), hi: Number(this.row.hi) };
  }

  private readFacts(): MatchFacts {
    return rowFacts(this.row, num(this.row.killed));
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
    return (this.baseMemo ??= familyBase(String(this.row.family)));
  }

  /** Add a mention (whose merge key is `key`): representative, tolls, first report and day. */
  absorb(m: Mention, key: MergeKey): void {
    this.mentions.push(keep(m));
    if (this.row === this.old) this.row = toRow(this.row);
    const rankWas = this.rank;
    const row = this.row;
    row.killed = maxOrNull(row.killed, m.record.killed);
    row.injured = maxOrNull(row.injured, m.record.injured);
    if (m.reported < String(row.first_reported)) row.first_reported = m.reported;
    const rank = rankOf(m);
    if (outranks(rank, rankWas)) {
      setRepColumns(row, m, key, rank);
      row.day = eventDay(m.record, String(row.first_reported));
      this.rankMemo = this.baseMemo = null;
      // The key and facts are the representative's: read them again.
      this.keyMemo = this.factsMemo = null;
    } else if (!dayPrecise(rankWas)) {
      row.day = row.first_reported;
    }
    // Otherwise only the toll of the facts may have changed
    // (new facts: the old may be the cache entry's).
    const killed = num(row.killed);
    const was = this.factsMemo;
    if (was && was.killed !== killed) this.factsMemo = rowFacts(row, killed);
  }

  /** Set n_sources / n_articles: stored counts plus the new sources and documents (a document being coded has no stored mentions). */
  count(): void {
    let newSources = 0;
    let newDocs = 1;
    if (this.mentions.length === 1) {
      // Most events get one mention per transaction: no sets for them.
      newSources = this.knownSources?.has(this.mentions[0].sourceKey) ? 0 : 1;
    } else {
      const sources = new Set<string>();
      const docs = new Set<string>();
      for (const m of this.mentions) {
        if (!this.knownSources?.has(m.sourceKey)) sources.add(m.sourceKey);
        docs.add(m.docId);
      }
      newSources = sources.size;
      newDocs = docs.size;
    }
    this.row.n_sources = Number(this.old?.n_sources ?? 0) + newSources;
    this.row.n_articles = Number(this.old?.n_articles ?? 0) + newDocs;
  }
}

/** Width (days of `lo`) of the buckets of `BlockIndex`. */
const BLOCK_BUCKET = 8;

/** Events of the batch indexed by family and interval start (buckets of `BLOCK_BUCKET` days), for in-batch candidates. */
class BlockIndex {
  private readonly byFamily = new Map<string, Map<number, Set<Working>>>();

  /**
   * File `w` under its current family and bucket (moving it if it was filed elsewhere here;
   * where it was is kept on the event, not in a map: no look-ups when nothing moved).
   */
  file(w: Working): void {
    const f = String(w.row.family);
    const k = Math.floor(Number(w.row.lo) / BLOCK_BUCKET);
    if (w.filedIn === this) {
      if (w.filedFamily === f && w.filedBucket === k) return;
      w.filedSet!.delete(w);
    }
    let buckets = this.byFamily.get(f);
    if (!buckets) this.byFamily.set(f, (buckets = new Map()));
    let set = buckets.get(k);
    if (!set) buckets.set(k, (set = new Set()));
    set.add(w);
    w.filedIn = this;
    w.filedFamily = f;
    w.filedBucket = k;
    w.filedSet = set;
  }

  /**
   * Call `fn` with every event of the batch in one of the key's candidate ranges (`ranges`:
   * `candidateRanges(key)`; any order: callers pick the best by score, then `order`).
   */
  forCandidates(key: MergeKey, ranges: CandidateRange[], fn: (w: Working) => void): void {
    for (const r of ranges) {
      const buckets = this.byFamily.get(r.family);
      if (!buckets) continue;
      for (let k = Math.floor(r.from / BLOCK_BUCKET); k <= Math.floor(r.to / BLOCK_BUCKET); k++) {
        const set = buckets.get(k);
        if (!set) continue;
        for (const w of set) {
          const lo = Number(w.row.lo);
          if ((r.ck === null || w.row.ck === r.ck) && lo >= r.from && lo <= r.to && Number(w.row.hi) >= key.lo) fn(w);
        }
      }
    }
  }
}

type RollupDelta = {
  key: Param[]; events: number; goldstein: number; killed: number; injured: number; sources: number;
  /** Tuple ids (`TupleIds`) of the key without its day (`rest`), of its class columns (`cls`), of its source and target ids. */
  rest: number; cls: number; source: number; target: number;
};

/**
 * Small integer ids of values and of tuples of values (folded pair by pair), so that rollup
 * keys are looked up by number instead of by a key text made and hashed per lookup.
 * Values are told apart as Map keys are (1 and "1" differ); tuples of one length get one id each.
 */
class TupleIds {
  private readonly values = new Map<Param, number>();
  private readonly pairs = new Map<number, Map<number, number>>();
  private next = 0;

  value(v: Param): number {
    let n = this.values.get(v);
    if (n === undefined) this.values.set(v, (n = this.next++));
    return n;
  }

  pair(a: number, b: number): number {
    let m = this.pairs.get(a);
    if (!m) this.pairs.set(a, (m = new Map()));
    let n = m.get(b);
    if (n === undefined) m.set(b, (n = this.next++));
    return n;
  }
}

/** Rollup deltas summed per key (`ROLLUP_KEY`), in order of first use. */
class RollupDeltas {
  readonly ids = new TupleIds();
  readonly byKey = new Map<number, RollupDelta>();

  values(): IterableIterator<RollupDelta> {
    return this.byKey.values();
  }

  /** Add (`sign` 1) or remove (-1) an event row's contribution; returns its delta. */
  add(row: EventRow, sign: 1 | -1): RollupDelta {
    const ids = this.ids;
    // ROLLUP_KEY positions: 0 day, 1..8 the dyad (1 source id, 5 target id), 9..13 the class columns.
    let cls = ids.value(row[ROLLUP_KEY[9] as Column] ?? "");
    for (let j = 10; j < ROLLUP_KEY.length; j++) cls = ids.pair(cls, ids.value(row[ROLLUP_KEY[j] as Column] ?? ""));
    let rest = ids.value(row[ROLLUP_KEY[1] as Column] ?? "");
    for (let j = 2; j < 9; j++) rest = ids.pair(rest, ids.value(row[ROLLUP_KEY[j] as Column] ?? ""));
    rest = ids.pair(rest, cls);
    const id = ids.pair(ids.value(row.day ?? ""), rest);
    let d = this.byKey.get(id);
    if (!d) {
      // (`push`, not `map`: one hidden class for every key array; see `MergeSession.merge`.)
      const key: Param[] = [];
      for (const k of ROLLUP_KEY) key.push(row[k as Column] ?? "");
      d = { key, events: 0, goldstein: 0, killed: 0, injured: 0, sources: 0, rest, cls, source: ids.value(key[1]), target: ids.value(key[5]) };
      this.byKey.set(id, d);
    }
    d.events += sign;
    d.goldstein += sign * Number(row.goldstein);
    d.killed += sign * Number(row.killed ?? 0);
    d.injured += sign * Number(row.injured ?? 0);
    d.sources += sign * Number(row.n_sources);
    return d;
  }

  /** `add(old, -1)` then `add(row, 1)`, for rows with the same rollup key (the key is looked up once). */
  change(old: EventRow, row: EventRow): void {
    const d = this.add(old, -1);
    d.events += 1;
    d.goldstein += Number(row.goldstein);
    d.killed += Number(row.killed ?? 0);
    d.injured += Number(row.injured ?? 0);
    d.sources += Number(row.n_sources);
  }
}

/** True when two rows of an event have the same rollup key (`RollupDeltas` files them in one delta). */
function sameRollupKey(a: EventRow, b: EventRow): boolean {
  for (const k of ROLLUP_KEY) if ((a[k as Column] ?? "") !== (b[k as Column] ?? "")) return false;
  return true;
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
 * The rows of a multi-row statement, `width` values a row, kept in chunks of the largest
 * statement's size (`insertRows`): a flush binds a few million values (30k documents:
 * ~6.4M), and an array per row, copied into each statement's parameters, was ~10 % of the
 * ingest's allocations; one flat list grew by copying itself (`GrowArrayElements`, ~2.5 %
 * of the CPU). A row is added by pushing its values to `next()`.
 */
export class RowList {
  /** Rows in a full chunk. */
  readonly max: number;
  readonly chunks: Bind[][] = [];
  private last: Bind[] = [];
  private size: number;

  constructor(readonly width: number) {
    this.max = Math.min(256, Math.max(1, Math.floor(MAX_PARAMS / width)));
    this.size = this.max * width;
    this.chunks.push(this.last);
  }

  /** The list to push the next row's `width` values to. */
  next(): Bind[] {
    if (this.last.length === this.size) this.chunks.push((this.last = []));
    return this.last;
  }
}

/**
 * Run one multi-row statement per chunk: `head` + "(?, ...), (?, ...)" + `tail` (or the
 * given `tuple` per row); when `tail` has a RETURNING clause, returns the rows it returns.
 * Statements have `rows.max` rows, then (the rest) powers of two, as `chunks` splits.
 */
export async function insertRows(c: SqlConn, head: string, tail: string, rows: RowList, tuple?: string): Promise<Row[]> {
  const out: Row[] = [];
  const { width, max } = rows;
  tuple ??= `(${Array(width).fill("?").join(", ")})`;
  const returning = /\bRETURNING\b/.test(tail);
  const run = async (n: number, params: Bind[]) => {
    const sql = multiRow(head, tuple, n, tail);
    if (returning) out.push(...(await c.all(sql, params)));
    else await c.run(sql, params);
  };
  for (const chunk of rows.chunks) {
    const n = chunk.length / width;
    if (n === max) await run(n, chunk);
    else {
      let i = 0;
      for (const size of chunkSizes(n, max)) await run(size, chunk.slice(i * width, (i += size) * width));
    }
  }
  return out;
}

/** The sizes of the chunks `chunks` splits `n` rows into. */
function* chunkSizes(n: number, max: number): Generator<number> {
  let i = 0;
  while (n - i >= max) {
    yield max;
    i += max;
  }
  for (let size = 1 << 30; size >= 1; size >>= 1) {
    if (n - i >= size) {
      yield size;
      i += size;
    }
  }
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

/**
 * Stored event ids that are candidates for each mention (by mention index), at most 2 ×
 * MAX_STORED_CANDIDATES each; ties broken by id under `codePointOrder` (`Dialect.codePointOrder`).
 */
async function storedCandidates(c: SqlConn, keys: MergeKey[], mentions: Mention[], codePointOrder: string): Promise<Map<number, string[]>> {
  const withCk: Param[][] = [];
  const anyCk: Param[][] = [];
  keys.forEach((key, i) => {
    const r = mentions[i].record;
    const sides = [r.lat, r.lon, r.sourceId, r.sourceCountry, r.targetId, r.targetCountry];
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
                   COALESCE(ABS(e.lat - r.klat) + ABS(e.lon - r.klon), 0), e.id${codePointOrder}) AS n
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
/**
 * Put into `cache` the current rows of the events logged in `event_changes` after epoch
 * `since` (inserted or updated by other writers; see schema.ts `multiWriterSchema`).
 */
export async function catchUpEventCache(c: SqlConn, cache: EventCache, since: number): Promise<void> {
  const rows = await c.all(`SELECT ${LOADED_COLUMNS} FROM events WHERE id IN (SELECT id FROM event_changes WHERE epoch > ?)`, [since]);
  for (const r of rows) cache.put(toRow(r) as CachedRow);
}

/**
 * Log the events a merging transaction wrote under its epoch, mark the epoch when it
 * deleted or rebuilt events (`removed`), and delete log entries no copy can still use.
 */
export async function logEventChanges(c: SqlConn, epoch: number, written: ReadonlySet<string>, removed: boolean, orRollback = ""): Promise<void> {
  await c.run("DELETE FROM event_changes WHERE epoch <= ?", [epoch - 1 - EVENT_LOG_EPOCHS]);
  if (removed) await c.run("UPDATE store_epoch SET removed = ? WHERE id = 1", [epoch]);
  const rows = new RowList(2);
  for (const id of written) rows.next().push(epoch, id);
  await insertRows(c, `INSERT${orRollback} INTO event_changes (epoch, id) VALUES`, "", rows);
}

/** Read every stored event into a new cache at `epoch` (null when the store holds more than `MAX_CACHED_EVENTS`). */
export async function loadEventCache(c: SqlConn, epoch: number): Promise<EventCache | null> {
  const rows = await c.all(`SELECT ${LOADED_COLUMNS} FROM events LIMIT ${MAX_CACHED_EVENTS + 1}`);
  if (rows.length > MAX_CACHED_EVENTS) return null;
  const cache = new EventCache(epoch);
  for (const r of rows) cache.put(toRow(r) as CachedRow);
  return cache;
}

/** Merge groups made so far in this process (`Entry.mark`, `Working.touchedIn`). */
let groupCount = 0;

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
  /** Mentions merged by this session (numbers `Working.seenBy`). */
  private mentionCount = 0;
  /** Ids of every event this session inserted or updated (the change log, sql-store.ts). */
  readonly written = new Set<string>();
  /** Cache entries whose `pending` is set (cleared by `flush`), and those a group marked (cleared after it). */
  private readonly pendingEntries: Entry[] = [];
  private readonly marked: Entry[] = [];

  constructor(
    private readonly c: SqlConn,
    private cache: EventCache | null,
    /** Bind each record's JSON as UTF-8 bytes (`Dialect.textBytes`). */
    private readonly textBytes = false,
    /** The conflict clause of the flush's INSERTs and UPDATEs (`Dialect.orRollback`). */
    private readonly orRollback = "",
    /** The COLLATE clause that orders ids by code point (`Dialect.codePointOrder`), as the cache does. */
    private readonly codePointOrder = "",
  ) {}

  /** True while merging reads the in-memory copy (writes may wait for `flush`). */
  get cached(): boolean {
    return this.cache !== null;
  }

  /** Stop using the in-memory copy (flush first: later groups read the database). */
  dropCache(): void {
    for (const e of this.pendingEntries) e.pending = null;
    this.pendingEntries.length = 0;
    this.cache = null;
  }

  /** Merge one group of mentions, in order; per mention whether it merged into an existing event. */
  async merge(mentions: Mention[]): Promise<boolean[]> {
    if (mentions.length === 0) return [];
    const { c, cache } = this;
    // Arrays filled by `push`, not made by `map`: `map` gives a packed array when it runs as a
    // builtin and a holey one (another hidden class) when inlined into optimised code, so the
    // first group after `merge` was optimised deoptimised it and the candidate scan again.
    const keys: MergeKey[] = [];
    const ranges: CandidateRange[][] = [];
    const records: MergeRecord[] = [];
    for (let i = 0; i < mentions.length; i++) {
      const key = mergeKey(mentions[i]);
      keys.push(key);
      ranges.push(candidateRanges(key));
      records.push(mentions[i].record);
    }
    const group = ++groupCount;
    // The candidate events of mention i: `cand[ends[i - 1]]` .. `cand[ends[i] - 1]` (ends[-1] = 0).
    const cand: Working[] = [];
    const ends: number[] = [];
    /** Ids of the events this group created, and, on the SQL path, of its candidates (by id). */
    const working = new Map<string, Working>();
    let taken: (id: string) => boolean;
    if (cache) {
      // Each candidate entry is made a `Working` once per group (marked on the entry: no set of
      // ids, no map of them, no look-up per candidate); an event merged by an earlier group of
      // this session and not yet written is that group's `Working` (`Entry.pending`).
      const found: Entry[] = [];
      cache.candidateEntries(keys, records, MAX_STORED_CANDIDATES, ranges, found, ends);
      for (const e of found) {
        if (e.mark !== group) {
          e.mark = group;
          e.held = (e.pending as Working | null) ?? Working.load(e.row as EventRow, e);
          this.marked.push(e);
        }
        cand.push(e.held as Working);
      }
      taken = (id) => working.has(id) || cache.entry(id)?.mark === group;
    } else {
      const cands = await storedCandidates(c, keys, mentions, this.codePointOrder);
      const ids = new Set<string>();
      for (const list of cands.values()) for (const id of list) ids.add(id);
      for (const row of await selectIn(c, (m) => `SELECT ${LOADED_COLUMNS} FROM events WHERE id IN (${m})`, [...ids])) {
        const id = String(row.id);
        working.set(id, this.pending.get(id) ?? Working.load(toRow(row)));
      }
      for (let i = 0; i < mentions.length; i++) {
        for (const id of cands.get(i) ?? []) {
          const w = working.get(id);
          if (w) cand.push(w);
        }
        ends.push(cand.length);
      }
      taken = (id) => working.has(id);
    }
    const index = new BlockIndex();
    const merged: boolean[] = [];
    const created: Working[] = [];
    const touched: Working[] = [];
    // The mention being placed, its facts and the best event so far (read by `consider`).
    let mention = -1;
    let key: MergeKey;
    let facts: MatchFacts;
    let base: string;
    let best: Working | null = null;
    let bestScore = Infinity;
    const consider = (w: Working) => {
      if (w.seenBy === mention) return;
      w.seenBy = mention;
      if (w.base !== base) return;
      const s = matchScore(w.facts, w.key, facts, key);
      if (s !== null && (s < bestScore || (s === bestScore && best && order(w) < order(best)))) {
        best = w;
        bestScore = s;
      }
    };
    for (let i = 0; i < mentions.length; i++) {
      const m = mentions[i];
      mention = this.mentionCount++;
      key = keys[i];
      facts = m.record;
      base = familyBase(key.family);
      best = null;
      bestScore = Infinity;
      for (let j = i === 0 ? 0 : ends[i - 1], end = ends[i]; j < end; j++) consider(cand[j]);
      index.forCandidates(key, ranges[i], consider);
      let w: Working;
      if (best) {
        w = best as Working;
        w.absorb(m, key);
        merged.push(true);
      } else {
        let id = eventIdFor(m.record.id);
        if (taken(id)) id += ":" + m.record.docId;
        w = Working.create(m, key, id);
        w.createdAt = this.createdCount++;
        created.push(w);
        working.set(w.row.id, w);
        merged.push(false);
      }
      index.file(w);
      if (w.touchedIn !== group) {
        w.touchedIn = group;
        touched.push(w);
      }
    }
    for (const e of this.marked) e.held = null;
    this.marked.length = 0;
    // Ids of new events must not collide with stored ones (a record id reused by another document).
    const clash = cache
      ? new Set(created.filter((w) => cache.has(w.row.id)).map((w) => w.row.id))
      : new Set((await selectIn(c, (m) => `SELECT id FROM events WHERE id IN (${m})`, created.map((w) => w.row.id))).map((r) => String(r.id)));
    for (const w of created) if (clash.has(w.row.id)) w.row.id += ":" + w.mentions[0].docId;
    for (const w of touched) {
      this.pending.set(w.row.id, w);
      // The working row itself: if a later group changes it, it is put again after that group
      // (the cache re-reads the scanned columns then); `flush` only sets counts and seq.
      if (cache) {
        const e = cache.put(w.row as CachedRow);
        e.pending = w;
        this.pendingEntries.push(e);
      }
    }
    this.created.push(...created);
    return merged;
  }

  /** Write everything merged since the last flush; returns the written rows (final counts and seqs). */
  async flush(): Promise<CachedRow[]> {
    if (this.pending.size === 0) return [];
    const { c } = this;
    const touched = [...this.pending.values()];
    const created = this.created;
    this.pending.clear();
    for (const e of this.pendingEntries) e.pending = null;
    this.pendingEntries.length = 0;
    this.created = [];
    const stored = touched.filter((w) => w.old);
    for (const w of touched) this.written.add(w.row.id);
    await markKnownSources(c, stored);
    for (const w of touched) w.count();
    await insertMentions(c, touched, this.textBytes, this.orRollback);
    const rows = new RowList(1 + EVENT_COLUMNS.length);
    for (const w of created) {
      const values = rows.next();
      values.push(w.row.id);
      for (const k of EVENT_COLUMNS) values.push(w.row[k]);
    }
    const seqs = await insertRows(c, `INSERT${this.orRollback} INTO events (id, ${EVENT_COLUMNS.join(", ")}) VALUES`, "RETURNING id, seq", rows);
    const seqOf = new Map(seqs.map((r) => [String(r.id), r.seq as Param]));
    for (const w of created) w.row.seq = seqOf.get(w.row.id) ?? null;
    await updateChanged(c, stored, this.orRollback);
    await writeRollup(c, rollupDeltas(touched));
    // The cache holds these rows already (put by `merge`, now with their final counts and seqs).
    return touched.map((w) => w.row as CachedRow);
  }
}

/*
 * The loops over every event, mention or rollup key of a flush are functions of their own
 * (`rollupDeltas`, `foldSummaries`, `deltaRows`): a flush runs once per transaction, so its
 * loops are compiled while they run (on-stack replacement), and a loop inside a long
 * function compiles that whole function, which then deoptimises on the statements after
 * the loop that had not run yet (three compilations of ~0.1 s each per flush at 10k documents).
 */

/** The rollup deltas of a flush's events: each stored event's old contribution out, its new one in. */
function rollupDeltas(touched: Working[]): RollupDeltas {
  const deltas = new RollupDeltas();
  for (const w of touched) {
    if (w.old && sameRollupKey(w.old, w.row)) deltas.change(w.old, w.row);
    else {
      if (w.old) deltas.add(w.old, -1);
      deltas.add(w.row, 1);
    }
  }
  return deltas;
}

/** Which (event, source key) pairs of the batch already have stored mentions. */
async function markKnownSources(c: SqlConn, events: Working[]): Promise<void> {
  const byId = new Map(events.map((w) => [w.row.id, w]));
  const pairs = events.flatMap((w) =>
    w.mentions.length === 1 ? [[w.row.id, w.mentions[0].sourceKey]] : [...new Set(w.mentions.map((m) => m.sourceKey))].map((k) => [w.row.id, k]));
  for (const chunk of chunks(pairs, 1024)) {
    const rows = await c.all(
      `WITH p(e, s) AS (VALUES ${chunk.map(() => "(?, ?)").join(", ")})
       SELECT p.e AS e, p.s AS s FROM p WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = p.e AND m.source_key = p.s)`,
      chunk.flat(),
    );
    for (const r of rows) {
      const w = byId.get(String(r.e));
      if (w) (w.knownSources ??= new Set()).add(String(r.s));
    }
  }
}

/**
 * Insert the mentions of `events` and their documents' distinct evidence sentences
 * (schema.ts, `leanMentions`). A document's mentions are all written by one flush (its
 * records are merged in one group; re-coding removes its old sentences first), so its
 * sentences are new here. Sentence ids follow the largest stored one: writers hold the
 * merge lock (PostgreSQL) or the database's write lock (SQLite).
 */
async function insertMentions(c: SqlConn, events: Working[], textBytes: boolean, orRollback: string): Promise<void> {
  // Sentence ids by document, then text (no joined key text to make and hash per mention).
  const sentenceIds = new Map<string, Map<string, number>>();
  const sentences = new RowList(3);
  let next = Number((await c.get("SELECT MAX(seq) AS n FROM sentences"))?.n ?? 0) + 1;
  const mentions = new RowList(7);
  for (const w of events) {
    for (const m of w.mentions) {
      const text = m.sentence;
      let ofDoc = sentenceIds.get(m.docId);
      if (!ofDoc) sentenceIds.set(m.docId, (ofDoc = new Map()));
      let sid = ofDoc.get(text);
      if (sid === undefined) {
        ofDoc.set(text, (sid = next++));
        sentences.next().push(sid, m.docId, text);
      }
      mentions.next().push(m.rid, m.docId, w.row.id, sid, m.reported, m.sourceKey,
        textBytes ? m.json : Buffer.from(m.json.buffer, m.json.byteOffset, m.json.byteLength).toString("utf8"));
    }
  }
  // (No `orRollback` for sentences: their full-text trigger writes a virtual table, for
  // which SQLite keeps the statement journal whatever the clause; their pages are few.)
  await insertRows(c, "INSERT INTO sentences (seq, doc_id, sentence) VALUES", "", sentences);
  await insertRows(c, `INSERT${orRollback} INTO mentions (rid, doc_id, event_id, sentence_id, reported, source_key, record) VALUES`, "", mentions,
    textBytes ? "(?, ?, ?, ?, ?, ?, CAST(? AS TEXT))" : undefined);
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
async function updateChanged(c: SqlConn, events: Working[], orRollback: string): Promise<void> {
  // Grouped by the set of changed columns as a number (bit j: column j changed; 36 columns
  // fit a double exactly): no list of names and no joined key text per event.
  const groups = new Map<number, { cols: Column[]; rows: EventRow[] }>();
  for (const w of events) {
    const row = w.row;
    const old = w.old!;
    let set = 0;
    for (let j = 0, bit = 1; j < EVENT_COLUMNS.length; j++, bit *= 2) {
      const k = EVENT_COLUMNS[j];
      if (!sameValue(row[k], old[k])) set += bit;
    }
    if (set === 0) continue;
    let g = groups.get(set);
    if (!g) groups.set(set, (g = { cols: EVENT_COLUMNS.filter((k) => !sameValue(row[k], old[k])), rows: [] }));
    g.rows.push(row);
  }
  for (const { cols, rows } of groups.values()) {
    const all = ["id", ...cols];
    const tuple = `(${all.map(typedMark).join(", ")})`;
    for (const chunk of chunks(rows, Math.min(256, Math.floor(MAX_PARAMS / all.length)))) {
      await c.run(
        multiRow(`WITH v(${all.join(", ")}) AS (VALUES`, tuple, chunk.length,
          `) UPDATE${orRollback} events SET ${cols.map((k) => `${k} = v.${k}`).join(", ")} FROM v WHERE events.id = v.id`),
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

async function writeRollup(c: SqlConn, deltas: RollupDeltas): Promise<void> {
  await upsertDeltas(c, "rollup_dyad_day", ROLLUP_KEY, deltas.values());
  await writeSeriesSummaries(c, deltas);
}

/**
 * Keep the series summaries (schema.ts, `seriesSummaries`) in step with the rollup:
 * the same deltas, folded onto each summary's key and upserted the same way.
 */
async function writeSeriesSummaries(c: SqlConn, deltas: RollupDeltas): Promise<void> {
  const { dyadMonth, actorDay, actorMonth } = foldSummaries(deltas);
  await upsertDeltas(c, "rollup_dyad_month", ROLLUP_KEY, dyadMonth.values());
  await upsertDeltas(c, "rollup_actor_day", ACTOR_SUMMARY_KEY, actorDay.values());
  await upsertDeltas(c, "rollup_actor_month", ACTOR_SUMMARY_KEY, actorMonth.values());
}

/** The rollup deltas folded onto the keys of the three series summaries. */
function foldSummaries(deltas: RollupDeltas): Record<"dyadMonth" | "actorDay" | "actorMonth", Map<number, RollupDelta>> {
  const { ids } = deltas;
  // Per day: the id and the text of its month's first day.
  const months = new Map<Param, { id: number; text: string }>();
  const dyadMonth = new Map<number, RollupDelta>();
  const actorDay = new Map<number, RollupDelta>();
  const actorMonth = new Map<number, RollupDelta>();
  const sides = [ids.value("s"), ids.value("t")];
  for (const d of deltas.values()) {
    const k = d.key;
    let m = months.get(k[0]);
    if (m === undefined) {
      const text = `${String(k[0]).slice(0, 7)}-01`;
      months.set(k[0], (m = { id: ids.value(text), text }));
    }
    const day = ids.value(k[0]);
    let f = dyadMonth.get(ids.pair(m.id, d.rest));
    if (!f) {
      const key: Param[] = [m.text];
      for (let j = 1; j < k.length; j++) key.push(k[j]);
      dyadMonth.set(ids.pair(m.id, d.rest), (f = summaryDelta(key)));
    }
    fold(f, d);
    // ROLLUP_KEY positions: 0 day, 1 source_id, 5 target_id, 9..13 the class columns.
    for (let s = 0; s < (k[5] !== k[1] ? 2 : 1); s++) {
      const who = ids.pair(s === 0 ? d.source : d.target, sides[s]);
      const dayId = ids.pair(ids.pair(who, day), d.cls);
      let a = actorDay.get(dayId);
      if (!a) actorDay.set(dayId, (a = summaryDelta(actorKey(k, s, k[0]))));
      fold(a, d);
      const monthId = ids.pair(ids.pair(who, m.id), d.cls);
      let b = actorMonth.get(monthId);
      if (!b) actorMonth.set(monthId, (b = summaryDelta(actorKey(k, s, m.text))));
      fold(b, d);
    }
  }
  return { dyadMonth, actorDay, actorMonth };
}

/** The `ACTOR_SUMMARY_KEY` of side `s` (0 source, 1 target) of rollup key `k`, at `when`. */
function actorKey(k: Param[], s: number, when: Param): Param[] {
  const key: Param[] = [k[s === 0 ? 1 : 5], s === 0 ? "s" : "t", when];
  for (let j = 9; j < 14; j++) key.push(k[j]);
  return key;
}

/** A summary row's delta, zero so far. */
function summaryDelta(key: Param[]): RollupDelta {
  return { key, events: 0, goldstein: 0, killed: 0, injured: 0, sources: 0, rest: -1, cls: -1, source: -1, target: -1 };
}

/** Add delta `d` to the summary row `f`. */
function fold(f: RollupDelta, d: RollupDelta): void {
  f.events += d.events;
  f.goldstein += d.goldstein;
  f.killed += d.killed;
  f.injured += d.injured;
  f.sources += d.sources;
}

/** Add each delta to its row of `table` (inserted when new); rows whose events fall to zero are deleted. */
async function upsertDeltas(c: SqlConn, table: string, keyCols: readonly string[], deltas: Iterable<RollupDelta>): Promise<void> {
  const { rows, emptied } = deltaRows(deltas, keyCols.length + 5);
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

/** The upsert rows of non-zero deltas (key, then measures; flat), and the keys of those that remove events. */
function deltaRows(deltas: Iterable<RollupDelta>, width: number): { rows: RowList; emptied: Param[][] } {
  const rows = new RowList(width);
  const emptied: Param[][] = [];
  for (const d of deltas) {
    if (d.events === 0 && d.goldstein === 0 && d.killed === 0 && d.injured === 0 && d.sources === 0) continue;
    const key = d.key;
    const values = rows.next();
    for (let j = 0; j < key.length; j++) values.push(key[j]);
    values.push(d.events, d.goldstein, d.killed, d.injured, d.sources);
    if (d.events < 0) emptied.push(key);
  }
  return { rows, emptied };
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
  const deltas = new RollupDeltas();
  for (const e of evs) {
    const id = String(e.event_id);
    const old = (await c.get(`SELECT ${LOADED_COLUMNS} FROM events WHERE id = ?`, [id])) as EventRow | undefined;
    if (!old) continue;
    deltas.add(old, -1);
    const ms = await c.all("SELECT record, reported, source_key FROM mentions WHERE event_id = ? ORDER BY seq", [id]);
    if (ms.length === 0) {
      await c.run("DELETE FROM events WHERE id = ?", [id]);
      continue;
    }
    let w: Working | null = null;
    for (const r of ms) {
      const json = String(r.record);
      const m: Mention = { record: mergeRecord(JSON.parse(json) as EventRecord), reported: String(r.reported), sourceKey: String(r.source_key), json: Buffer.from(json) };
      if (w) w.absorb(m, mergeKey(m));
      else w = Working.create(m, mergeKey(m), id);
    }
    w!.count();
    await updateEvent(c, old, { ...w!.row, id, seq: old.seq });
    deltas.add(w!.row, 1);
  }
  await writeRollup(c, deltas);
}
