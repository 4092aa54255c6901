/**
 * SQLite adapter: one file (better-sqlite3), WAL journal, `synchronous=NORMAL`,
 * cached prepared statements, versioned migrations, FTS5 over the distinct evidence
 * sentences (`sentences`, migration 6).
 * Transactions are serialised in-process; the job queue works in-process too.
 */
import Database from "better-sqlite3";
import { haversineKm } from "../merge.js";
import { apiReadIndexes, coreSchema, multiWriterSchema, ingestSchema, leanMentions, readIndexes, sentencesTable, seriesSummaries } from "../schema.js";
import { searchWords, type Bind, type Dialect, type Row, type SqlConn, type SqlDb } from "../sql.js";
import { SqlStore, type StoreOptions } from "../sql-store.js";

const TYPES = { serial: "INTEGER PRIMARY KEY AUTOINCREMENT", int: "INTEGER", real: "REAL" };

/**
 * An FTS5 index `<table>_fts` over the `sentence` column of `table` (external content,
 * rowid = `seq`), kept in step by insert and delete triggers (version 2 over mentions,
 * version 6 over sentences).
 */
function contentFts(table: string): string[] {
  return [
    `CREATE VIRTUAL TABLE ${table}_fts USING fts5(sentence, content='${table}', content_rowid='seq')`,
    `CREATE TRIGGER ${table}_fts_ai AFTER INSERT ON ${table} BEGIN
       INSERT INTO ${table}_fts(rowid, sentence) VALUES (new.seq, new.sentence); END`,
    `CREATE TRIGGER ${table}_fts_ad AFTER DELETE ON ${table} BEGIN
       INSERT INTO ${table}_fts(${table}_fts, rowid, sentence) VALUES ('delete', old.seq, old.sentence); END`,
  ];
}

/** The statements of each schema version, in order (version = index + 1). */
export const MIGRATIONS: string[][] = [
  coreSchema(TYPES),
  contentFts("mentions"),
  readIndexes(),
  // Version 4: ingest cost (blocking indexes with coordinates, store epoch).
  ingestSchema(TYPES),
  // Version 5: the API's read indexes, then fresh planner statistics (sampled: bounded
  // cost on big files). Without them the new indexes have none while older ones keep
  // theirs, and the planner can pick a wrong index (one that needs a sort).
  [...apiReadIndexes(), ...seriesSummaries(TYPES), "PRAGMA analysis_limit = 1000", "ANALYZE"],
  // Version 6: full text per distinct sentence instead of per mention, the representative
  // record read from its mention, unused indexes dropped (schema.ts, `leanMentions`).
  [
    `DROP TRIGGER mentions_fts_ai`,
    `DROP TRIGGER mentions_fts_ad`,
    `DROP TABLE mentions_fts`,
    sentencesTable(TYPES),
    ...contentFts("sentences"),
    ...leanMentions(TYPES),
  ],
  // Version 7: the events' change log and the open-jobs index, for several writers (schema.ts, `multiWriterSchema`).
  multiWriterSchema(TYPES, "sqlite"),
];

const dialect: Dialect = {
  backend: "sqlite",
  textMatch(q) {
    const words = searchWords(q);
    if (words.length === 0) return null;
    return {
      sql: "s.seq IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)",
      params: [words.map((w) => `"${w}"`).join(" ")],
    };
  },
  textBytes: true,
  // 30k documents (perf, cpu-clock samples of the ingest): the statement journal
  // (`subjournalPageIfRequired`, 8 KB page copies) fell from 4.2 % to 0.6 % of the samples.
  orRollback: " OR ROLLBACK",
  codePointOrder: "",
  skipLocked: "",
  mergeLock: null,
  indexedBy: (index) => `INDEXED BY ${index}`,
  // SQLite (3.53) writes REALs in JSON with round-trip precision: the numbers are the same doubles.
  packRows: (sql, cols) => `SELECT json_group_array(json_array(${cols.join(", ")})) AS j FROM (${sql}) packed`,
  weekStart: (col) => `date(${col}, '-' || ((CAST(strftime('%w', ${col}) AS INTEGER) + 6) % 7) || ' days')`,
};

/** Prepared statements kept per connection. */
const MAX_STATEMENTS = 2000;

class SqliteDb implements SqlDb {
  private readonly stmts = new Map<string, Database.Statement>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Database.Database) {}

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (s) {
      // Least recently used first: a hit moves the statement to the end.
      this.stmts.delete(sql);
    } else {
      // Multi-row statements vary in length and changed-column sets (writer.ts): keep the
      // cache bounded, evicting the least recently used (clearing it all re-prepared the
      // ingest's few hundred shapes every few batches).
      if (this.stmts.size >= MAX_STATEMENTS) this.stmts.delete(this.stmts.keys().next().value!);
      s = this.db.prepare(sql);
    }
    this.stmts.set(sql, s);
    return s;
  }

  async all<T extends Row = Row>(sql: string, params: Bind[] = []): Promise<T[]> {
    return this.stmt(sql).all(...params) as T[];
  }

  async get<T extends Row = Row>(sql: string, params: Bind[] = []): Promise<T | undefined> {
    return this.stmt(sql).get(...params) as T | undefined;
  }

  async run(sql: string, params: Bind[] = []): Promise<number> {
    return this.stmt(sql).run(...params).changes;
  }

  tx<T>(fn: (conn: SqlConn) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const out = await fn(this);
        this.db.exec("COMMIT");
        return out;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw err;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    // Refresh the planner's statistics where they went stale (sampled, see openSqlite).
    this.db.pragma("optimize");
    this.db.close();
  }
}

function migrate(db: Database.Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  const row = db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null };
  const current = row.v ?? 0;
  const apply = db.transaction((version: number, stmts: string[]) => {
    for (const s of stmts) db.exec(s);
    db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(version, new Date().toISOString());
  });
  MIGRATIONS.forEach((stmts, i) => {
    if (i + 1 > current) apply(i + 1, stmts);
  });
}

/** Open (creating and migrating if needed) a SQLite store at `path` (":memory:" for a throw-away one). */
export function openSqlite(path: string, opts: StoreOptions = {}): SqlStore {
  const db = new Database(path, { timeout: 10_000 });
  // 8 KB pages for a new file (no effect on an existing one: the page size of a WAL file is
  // fixed). Ingest appends ~1 KB mention rows and inserts random keys into a dozen indexes:
  // with 8 KB pages a commit writes fewer, fuller pages (30k documents: SQL CPU 12.5 → 10.1 s,
  // COMMIT 1.55 → 0.52 s, 806 → 702 MB written; 16 KB gave about the same, 1–2 KB more CPU).
  db.pragma("page_size = 8192");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("cache_size = -65536");
  db.pragma("temp_store = MEMORY");
  db.pragma("mmap_size = 1073741824");
  db.pragma("analysis_limit = 1000");
  // Checkpoint after 256 MB of WAL (not 32 MB): an ingest batch rewrites thousands of index
  // pages (README, "Ingest cost"), so with a small limit nearly every commit checkpointed
  // and copied the same pages again; the WAL is truncated back to 64 MB afterwards.
  db.pragma("wal_autocheckpoint = 65536");
  db.pragma("journal_size_limit = 67108864");
  db.function("dist_km", { deterministic: true }, (lat1, lon1, lat2, lon2) =>
    lat1 == null || lon1 == null ? null : haversineKm(Number(lat1), Number(lon1), Number(lat2), Number(lon2)),
  );
  migrate(db);
  return new SqlStore(new SqliteDb(db), dialect, opts);
}
