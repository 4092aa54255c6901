/**
 * Copy a current store's rows into a store created at an older schema version (before
 * migration 6): `mentions.sentence` from `sentences`, `event_records` from each event's
 * representative mention. Used to test that older stores migrate with their data.
 */

/** Tables holding ingested data, in an order that copies (tables missing from the older version are skipped by the caller). */
export const DATA_TABLES = [
  "documents", "mentions", "events", "event_records",
  "rollup_dyad_day", "rollup_dyad_month", "rollup_actor_day", "rollup_actor_month",
] as const;

/**
 * The statement copying `table` (columns `cols` of the older store, which is the
 * unqualified current schema of the connection) from the current store `cur`
 * (an attached SQLite database or a PostgreSQL schema name).
 */
export function oldLayoutCopy(table: string, cols: string[], cur: string): string {
  if (table === "event_records") {
    return `INSERT INTO event_records (event_id, record)
            SELECT x.id, r.record FROM ${cur}.events x JOIN ${cur}.mentions r ON r.doc_id = x.rep_doc AND r.rid = x.rep_rid`;
  }
  const expr = (c: string) =>
    table === "mentions" && c === "sentence" ? `(SELECT s.sentence FROM ${cur}.sentences s WHERE s.seq = x.sentence_id)` : `x.${c}`;
  return `INSERT INTO ${table} (${cols.join(", ")}) SELECT ${cols.map(expr).join(", ")} FROM ${cur}.${table} x`;
}
