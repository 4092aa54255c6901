/**
 * The small SQL surface the shared store logic (`sql-store.ts`) runs on. Queries
 * are written once in portable SQL with `?` placeholders; each adapter executes
 * them (PostgreSQL rewrites `?` to `$n`) and supplies the few dialect-specific
 * fragments below.
 */
export type Param = string | number | null;
/**
 * A bound value: a Param, or a text as its UTF-8 bytes, which only a dialect with
 * `textBytes` is given, and only where the SQL reads it with `CAST(? AS TEXT)`.
 */
export type Bind = Param | Uint8Array;
export type Row = Record<string, unknown>;

/** One connection (or transaction) able to run queries. */
export interface SqlConn {
  all<T extends Row = Row>(sql: string, params?: Bind[]): Promise<T[]>;
  get<T extends Row = Row>(sql: string, params?: Bind[]): Promise<T | undefined>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: Bind[]): Promise<number>;
}

/** A database: queries outside transactions, and serialised transactions. */
export interface SqlDb extends SqlConn {
  /** Run `fn` in one transaction (committed when it resolves, rolled back when it throws). */
  tx<T>(fn: (conn: SqlConn) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Dialect-specific SQL fragments. */
export interface Dialect {
  backend: "sqlite" | "postgres";
  /**
   * A condition true when sentence alias `s` (table `sentences`) matches the words of `q`;
   * returns the SQL and its parameters (null when `q` has no searchable word).
   */
  textMatch(q: string): { sql: string; params: Param[] } | null;
  /**
   * True when a text may be bound as its UTF-8 bytes (`Bind`) and stored as text by
   * `CAST(? AS TEXT)` (SQLite: a BLOB cast to TEXT is its bytes read as UTF-8). Ingest
   * keeps each record's JSON as bytes until the commit (`PackedRecords`), which SQLite
   * is given as they are; other dialects get them decoded.
   */
  textBytes: boolean;
  /**
   * A conflict clause for the multi-row INSERTs and UPDATEs of the write path, written
   * `INSERT${orRollback} INTO` / `UPDATE${orRollback} t` (SQLite: " OR ROLLBACK", else "").
   * They run only in transactions that end on any error (`SqlDb.tx`), so a statement
   * never needs undoing alone; under SQLite's default (ABORT) a multi-row statement
   * copies every page it changes into a statement journal to be able to, and ROLLBACK
   * does not (a violated constraint still fails the statement, with the same error,
   * and the transaction is rolled back at once instead of by `tx`).
   */
  orRollback: string;
  /**
   * A COLLATE clause under which text compares by code point, as JavaScript's `<` on the
   * store's ids does (`EventCache` orders candidates so): "" for SQLite (BINARY, its default),
   * ` COLLATE "C"` for PostgreSQL, whatever collation the database was created with.
   */
  codePointOrder: string;
  /** Row-locking suffix for the job-claim subquery. */
  skipLocked: string;
  /** A query taking a transaction-scoped lock that serialises merging across processes, or null. */
  mergeLock: string | null;
  /** SQL giving the Monday (YYYY-MM-DD text) of the ISO week of the YYYY-MM-DD text column `col`. */
  weekStart(col: string): string;
  /**
   * A table suffix pinning a query to an index, or "" (no hints). SQLite's planner can
   * prefer a skip-scan of a wider index plus a sort to an index already in the
   * ORDER BY's order when a LIMIT makes the latter far cheaper.
   */
  indexedBy(index: string): string;
  /**
   * A query returning the rows of `sql` (columns `cols`, in order) as one row whose
   * column `j` is a JSON array of arrays, or null to read the rows one by one. Turning
   * thousands of small rows into objects costs the SQLite driver more than the query
   * itself; one JSON text parsed in JS costs a fraction of it.
   */
  packRows(sql: string, cols: readonly string[]): string | null;
}

/** SQL for the first day (YYYY-MM-DD text) of the day / ISO week / month bucket of text column `col`. */
export function bucketStart(dialect: Dialect, col: string, interval: "day" | "week" | "month"): string {
  if (interval === "day") return col;
  if (interval === "month") return `substr(${col}, 1, 7) || '-01'`;
  return dialect.weekStart(col);
}

/** Words of a free-text query: letters and digits only, at most 16 (no query syntax reaches the engine). */
export function searchWords(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}
