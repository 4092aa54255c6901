/**
 * Schema version 6 (src/store/schema.ts, `leanMentions`): a store written at version 5
 * (full text per mention, `mentions.sentence`, `event_records`) migrates with its data
 * and then answers exactly as a store that was current from the start: same exported
 * events, same search results, same events by any mention's record id, and the same
 * after more documents are ingested into both. Evidence sentences are shared by two
 * mentions each here, as real coders' are.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { EventRecord, InputDocument } from "../../src/doc/index.js";
import { ingestItems, type Item } from "../../src/app/ingest.js";
import { dropSchema, MIGRATIONS as PG_MIGRATIONS, openPostgres } from "../../src/store/postgres/index.js";
import { MIGRATIONS, openSqlite } from "../../src/store/sqlite/index.js";
import type { EventStore } from "../../src/store/types.js";
import { generateDocs, type GeneratedDoc } from "./corpus.js";
import { fakeCoder } from "./fake-coder.js";
import { DATA_TABLES, oldLayoutCopy } from "./old-layout.js";

const PG = process.env.FAULTLINE_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";
const run = `lean${process.pid}_${Date.now().toString(36)}`;
const dir = mkdtempSync(join(tmpdir(), "faultline-lean-"));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(PG, s);
});

const DOCS = [...generateDocs(600, 11, 40)];
const HALF = DOCS.length / 2;

/** The fake coder's records, each followed by a second one (another family) on the same sentence. */
const twoPerSentence = {
  code(doc: InputDocument): EventRecord[] {
    return fakeCoder.code(doc).flatMap((r) => [r, { ...r, id: `${r.id}:b`, cameo: "141", cameo_root: "14", goldstein: -6.5, quad_class: 3 as const }]);
  },
};

async function ingest(store: EventStore, docs: GeneratedDoc[]): Promise<void> {
  async function* items(): AsyncGenerator<Item> {
    for (const doc of docs) yield { doc };
  }
  await ingestItems(items(), { store, coder: twoPerSentence, batchSize: 100 });
}

/** Words of the corpus to search for (some frequent, some rare). */
const WORDS = [...new Set(DOCS.slice(0, 40).flatMap((d) => d.text.toLowerCase().match(/[a-z]{5,}/g) ?? []))].slice(0, 25);

/** Every exported event, the events of each search and the event of some mentions' record ids. */
async function answers(store: EventStore): Promise<{ events: string[]; search: string[][]; byRecord: Array<string | null> }> {
  const events: string[] = [];
  for await (const e of store.exportEvents({})) events.push(JSON.stringify(e));
  const search: string[][] = [];
  for (const q of [...WORDS, "granary zzzz"]) {
    const ids: string[] = [];
    for await (const e of store.exportEvents({ q })) ids.push(e.id);
    search.push(ids.sort());
  }
  const byRecord: Array<string | null> = [];
  for (const d of DOCS.slice(0, 30)) byRecord.push(JSON.stringify(await store.getEvent(`${d.id}:1:b`)));
  return { events: events.sort(), search, byRecord };
}

describe("schema version 6 (sentences, representative record from its mention)", () => {
  it("migrates a version-5 SQLite store with its data", async () => {
    const cur = join(dir, "current.sqlite");
    const current = openSqlite(cur);
    await ingest(current, DOCS.slice(0, HALF));
    await current.close();
    const oldFile = join(dir, "v5.sqlite");
    const db = new Database(oldFile);
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    MIGRATIONS.slice(0, 5).forEach((stmts, i) => {
      for (const s of stmts) db.exec(s);
      db.prepare("INSERT INTO schema_migrations VALUES (?, ?)").run(i + 1, "2026-01-01");
    });
    db.prepare("ATTACH DATABASE ? AS cur").run(cur);
    for (const t of DATA_TABLES) {
      const cols = (db.prepare(`PRAGMA main.table_info(${t})`).all() as Array<{ name: string }>).map((c) => c.name);
      db.exec(oldLayoutCopy(t, cols, "cur"));
    }
    db.exec("DETACH DATABASE cur");
    const mentions = (db.prepare("SELECT COUNT(*) AS n FROM mentions").get() as { n: number }).n;
    const distinct = (db.prepare("SELECT COUNT(*) AS n FROM (SELECT DISTINCT doc_id, sentence FROM mentions) d").get() as { n: number }).n;
    expect(distinct).toBeLessThan(mentions * 0.6);
    expect((db.prepare("SELECT COUNT(*) AS n FROM mentions_fts WHERE mentions_fts MATCH ?").get(WORDS[0]) as { n: number }).n).toBeGreaterThan(0);
    db.close();

    const a = openSqlite(cur);
    const b = openSqlite(oldFile);
    const reference = await answers(a);
    expect(reference.search.filter((ids) => ids.length > 0).length).toBeGreaterThan(10);
    expect(reference.byRecord.filter((e) => e !== "null").length).toBeGreaterThan(20);
    expect(await answers(b)).toEqual(reference);
    // Merging goes on alike (new sentence ids after the migrated ones).
    await ingest(a, DOCS.slice(HALF));
    await ingest(b, DOCS.slice(HALF));
    expect(await answers(b)).toEqual(await answers(a));
    await a.close();
    await b.close();

    const after = new Database(oldFile, { readonly: true });
    const tables = (after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
    expect(tables).toContain("sentences");
    expect(tables).not.toContain("event_records");
    expect(tables).not.toContain("mentions_fts");
    const cols = (after.prepare("PRAGMA table_info(mentions)").all() as Array<{ name: string }>).map((c) => c.name);
    expect(cols).toContain("sentence_id");
    expect(cols).not.toContain("sentence");
    expect((after.prepare("SELECT COUNT(*) AS n FROM sentences").get() as { n: number }).n)
      .toBe((after.prepare("SELECT COUNT(*) AS n FROM (SELECT DISTINCT sentence_id FROM mentions) d").get() as { n: number }).n);
    after.close();
  }, 120_000);

  it("migrates a version-5 PostgreSQL store with its data", async () => {
    const cur = `${run}_cur`;
    const old = `${run}_old`;
    schemas.push(cur, old);
    const current = await openPostgres(PG, { schema: cur });
    await ingest(current, DOCS.slice(0, HALF));
    const client = new pg.Client({ connectionString: PG });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA "${old}"`);
      await client.query(`SET search_path TO "${old}"`);
      await client.query("CREATE TABLE schema_migrations (version INT PRIMARY KEY, applied_at TEXT NOT NULL)");
      for (const [i, stmts] of PG_MIGRATIONS.slice(0, 5).entries()) {
        for (const s of stmts) await client.query(s);
        await client.query("INSERT INTO schema_migrations VALUES ($1, '2026-01-01')", [i + 1]);
      }
      for (const t of DATA_TABLES) {
        const cols = (await client.query(
          "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position",
          [old, t],
        )).rows.map((r: { column_name: string }) => r.column_name);
        await client.query(oldLayoutCopy(t, cols, `"${cur}"`));
        // Rows came with their seq: move the sequence past them.
        if (cols.includes("seq")) await client.query(`SELECT setval(pg_get_serial_sequence('${t}', 'seq'), (SELECT MAX(seq) FROM ${t}))`);
      }
    } finally {
      await client.end();
    }
    const b = await openPostgres(PG, { schema: old });
    const reference = await answers(current);
    expect(reference.search.filter((ids) => ids.length > 0).length).toBeGreaterThan(10);
    expect(await answers(b)).toEqual(reference);
    await ingest(current, DOCS.slice(HALF));
    await ingest(b, DOCS.slice(HALF));
    expect(await answers(b)).toEqual(await answers(current));
    await current.close();
    await b.close();
  }, 180_000);
});
