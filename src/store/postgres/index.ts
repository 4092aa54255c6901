/**
 * PostgreSQL adapter: a `pg` Pool, versioned migrations (applied under an advisory
 * lock so several workers can start together), tsvector search over the distinct
 * evidence sentences (`sentences`, migration 6), a `FOR UPDATE SKIP LOCKED` job queue, and a transaction-scoped
 * advisory lock that serialises merging (coding happens outside it).
 *
 * `postgres://host/db?schema=name` (or `opts.schema`) keeps all tables in that
 * schema, created if missing; the default is `public`.
 */
import pg from "pg";
import { apiReadIndexes, coreSchema, multiWriterSchema, ingestSchema, leanMentions, readIndexes, sentencesTable, seriesSummaries } from "../schema.js";
import { searchWords, type Bind, type Dialect, type Row, type SqlConn, type SqlDb } from "../sql.js";
import { SqlStore, type StoreOptions } from "../sql-store.js";

const TYPES = { serial: "BIGSERIAL PRIMARY KEY", int: "BIGINT", real: "DOUBLE PRECISION" };

/** The statements of each schema version, in order (version = index + 1). */
export const MIGRATIONS: string[][] = [
  coreSchema(TYPES),
  [
    `ALTER TABLE mentions ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', sentence)) STORED`,
    `CREATE INDEX mentions_tsv ON mentions USING GIN (tsv)`,
    `CREATE FUNCTION dist_km(lat1 float8, lon1 float8, lat2 float8, lon2 float8) RETURNS float8
       LANGUAGE sql IMMUTABLE AS $$
       SELECT 12742 * asin(least(1, sqrt(power(sin(radians(lat2 - lat1) / 2), 2)
         + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)))) $$`,
  ],
  readIndexes(),
  // Version 4: ingest cost (blocking indexes with coordinates, store epoch).
  ingestSchema(TYPES),
  // Version 5: the API's read indexes.
  [...apiReadIndexes(), ...seriesSummaries(TYPES)],
  // Version 6: full text per distinct sentence instead of per mention, the representative
  // record read from its mention, unused indexes dropped (schema.ts, `leanMentions`).
  [
    `ALTER TABLE mentions DROP COLUMN tsv`,
    sentencesTable(TYPES, `, tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', sentence)) STORED`),
    ...leanMentions(TYPES),
    `CREATE INDEX sentences_tsv ON sentences USING GIN (tsv)`,
    // Most merges change only an event's counts (no indexed column): with free room on the
    // page PostgreSQL writes the new row version there without new entries in the events'
    // dozen indexes (a HOT update). New pages are filled to 70 %.
    `ALTER TABLE events SET (fillfactor = 70)`,
  ],
  // Version 7: the events' change log and the open-jobs index, for several workers (schema.ts, `multiWriterSchema`).
  multiWriterSchema(TYPES, "postgres"),
];

/** Advisory lock keys (arbitrary constants). */
const MIGRATE_LOCK = 0x6661756c;
const MERGE_LOCK = 0x6d657267;

const dialect: Dialect = {
  backend: "postgres",
  textMatch(q) {
    const words = searchWords(q);
    return words.length === 0 ? null : { sql: "s.tsv @@ plainto_tsquery('english', ?)", params: [words.join(" ")] };
  },
  textBytes: false,
  orRollback: "",
  codePointOrder: ' COLLATE "C"',
  skipLocked: " FOR UPDATE SKIP LOCKED",
  indexedBy: () => "",
  packRows: () => null,
  // Keyed by schema as well: stores in different schemas of one database do not wait on each other.
  mergeLock: `SELECT pg_advisory_xact_lock(${MERGE_LOCK}, hashtext(current_schema())) IS NULL AS locked`,
  weekStart: (col) => `to_char(date_trunc('week', ${col}::date), 'YYYY-MM-DD')`,
};

const converted = new Map<string, string>();

/** Rewrite `?` placeholders to `$1, $2, ...` (the shared SQL never has `?` inside literals). */
function toPg(sql: string): string {
  let out = converted.get(sql);
  if (out === undefined) {
    let i = 0;
    out = sql.replace(/\?/g, () => `$${++i}`);
    converted.set(sql, out);
  }
  return out;
}

/** 64-bit counts and ids as JS numbers (safe below 2^53). */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * Names of the prepared statements of transactions: "t" + the statement's number in
 * order of first use, per process (the pg client prepares a named statement once per
 * connection and then only binds and executes it, so the server does not parse and
 * plan the large multi-row statements of every ingest batch again). Transactions run
 * a bounded set of statement shapes (writer.ts: fixed chunk sizes); reads outside
 * transactions, whose filters vary freely, stay unnamed.
 */
const named = new Map<string, string>();
/** Most named statements (beyond it, transactions' new shapes run unnamed). */
const MAX_NAMED = 4000;

function statementName(sql: string): string | undefined {
  let name = named.get(sql);
  if (name === undefined && named.size < MAX_NAMED) named.set(sql, (name = `t${named.size + 1}`));
  return name;
}

class Conn implements SqlConn {
  constructor(
    private readonly q: pg.Pool | pg.PoolClient,
    /** Run statements as named prepared statements (transactions). */
    private readonly prepared = false,
  ) {}

  private query(sql: string, params: Bind[]) {
    const text = toPg(sql);
    const name = this.prepared ? statementName(text) : undefined;
    return name ? this.q.query({ name, text, values: params }) : this.q.query(text, params);
  }

  async all<T extends Row = Row>(sql: string, params: Bind[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async get<T extends Row = Row>(sql: string, params: Bind[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: Bind[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }
}

class PgDb extends Conn implements SqlDb {
  constructor(private readonly pool: pg.Pool) {
    super(pool);
  }

  async tx<T>(fn: (conn: SqlConn) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const out = await fn(new Conn(client, true));
      await client.query("COMMIT");
      return out;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATE_LOCK})`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, applied_at TEXT NOT NULL)");
    const current = Number((await client.query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")).rows[0].v);
    for (let i = current; i < MIGRATIONS.length; i++) {
      await client.query("BEGIN");
      try {
        for (const s of MIGRATIONS[i]) await client.query(s);
        await client.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [i + 1, new Date().toISOString()]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw err;
      }
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${MIGRATE_LOCK})`).catch(() => undefined);
    client.release();
  }
}

export interface PostgresOptions extends StoreOptions {
  /** Schema holding the tables (default: the URL's `schema` parameter, else "public"). */
  schema?: string;
  /** Pool size (default 4). */
  max?: number;
}

/** Open (creating and migrating if needed) a PostgreSQL store. */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<SqlStore> {
  const u = new URL(url);
  const schema = opts.schema ?? u.searchParams.get("schema") ?? "public";
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name "${schema}"`);
  u.searchParams.delete("schema");
  const pool = new pg.Pool({
    connectionString: u.toString(),
    max: opts.max ?? 4,
    options: `-c search_path=${schema}`,
    types,
  });
  pool.on("error", () => undefined);
  try {
    await migrate(pool, schema);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return new SqlStore(new PgDb(pool), dialect, { eventCache: opts.eventCache });
}

/** Drop a schema and everything in it (tests). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name "${schema}"`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
