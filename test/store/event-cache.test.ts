/**
 * The writer's in-memory copy of the events (src/store/event-cache.ts) must merge
 * exactly as the SQL path does, and must not be used once another connection has
 * changed events (the store epoch) unless it is brought up to date from the change log
 * (version 7) first. A version-3 store with data migrates to the
 * current schema and goes on merging as if it had always been current.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ingestItems, type Item } from "../../src/app/ingest.js";
import { dropSchema, openPostgres } from "../../src/store/postgres/index.js";
import { MIGRATIONS, openSqlite } from "../../src/store/sqlite/index.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import type { EventStore } from "../../src/store/types.js";
import { generateDocs, type GeneratedDoc } from "./corpus.js";
import { fakeCoder } from "./fake-coder.js";
import { oldLayoutCopy } from "./old-layout.js";

const PG = process.env.FAULTLINE_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";
const run = `cache${process.pid}_${Date.now().toString(36)}`;
const dir = mkdtempSync(join(tmpdir(), "faultline-cache-"));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(PG, s);
});

/** Dense corpus: many candidates and merges per mention. */
const DOCS = [...generateDocs(2400, 7, 40)];
const BATCH = 100;
const batches = (docs: GeneratedDoc[]) => Array.from({ length: Math.ceil(docs.length / BATCH) }, (_, k) => docs.slice(k * BATCH, (k + 1) * BATCH));

async function ingest(store: EventStore, docs: GeneratedDoc[], commitDocs?: number): Promise<void> {
  async function* items(): AsyncGenerator<Item> {
    for (const doc of docs) yield { doc };
  }
  await ingestItems(items(), { store, coder: fakeCoder, batchSize: BATCH, commitDocs });
}

/** Every exported event (all fields) and every rollup row, in a stable order. */
async function snapshot(store: EventStore): Promise<{ events: string[]; rollup: string[] }> {
  const events: string[] = [];
  for await (const e of store.exportEvents({})) events.push(JSON.stringify(e));
  const rollup = (await store.dyadDaily({})).map((r) => JSON.stringify(r));
  return { events: events.sort(), rollup: rollup.sort() };
}

/** Ingest batch k into stores[pattern[k % pattern.length]], in order. */
async function interleaved(stores: EventStore[], pattern: number[]): Promise<void> {
  let k = 0;
  for (const b of batches(DOCS)) await ingest(stores[pattern[k++ % pattern.length]], b);
}

describe("event cache", () => {
  let reference: { events: string[]; rollup: string[] };

  it("merges exactly as the SQL path", async () => {
    const plain = openSqlite(":memory:", { eventCache: false });
    await ingest(plain, DOCS);
    reference = await snapshot(plain);
    await plain.close();
    expect(reference.events.length).toBeGreaterThan(100);
    const merged = reference.events.filter((e) => (JSON.parse(e) as { n_articles: number }).n_articles > 3).length;
    expect(merged).toBeGreaterThan(20);

    const cached = openSqlite(":memory:");
    await ingest(cached, DOCS);
    expect(await snapshot(cached)).toEqual(reference);
    await cached.close();
  });

  it("merges the same whether a transaction holds one batch or many", async () => {
    // The whole corpus is one transaction of 24 batches above; here every batch commits alone,
    // and then every 7 batches, with and without the copy.
    for (const [eventCache, commitDocs] of [[true, 1], [false, 1], [true, 700]] as const) {
      const store = openSqlite(":memory:", { eventCache });
      await ingest(store, DOCS, commitDocs);
      expect(await snapshot(store)).toEqual(reference);
      await store.close();
    }
  });

  it("is what PostgreSQL's SQL path merges too", async () => {
    // The candidate query's tie-break on ids is explicit (COLLATE "C", `Dialect.codePointOrder`);
    // this corpus's ids are lowercase hex, ordered alike by every collation, so only the path shows here.
    const schema = `${run}_pgsql`;
    schemas.push(schema);
    const store = await openPostgres(PG, { schema, eventCache: false });
    await ingest(store, DOCS);
    expect(await snapshot(store)).toEqual(reference);
    expect(store.cacheCounts.built).toBe(0);
    await store.close();
  }, 120_000);

  it("is brought up to date from the change log after another connection changed events (SQLite, two stores on one file)", async () => {
    const file = join(dir, "two.sqlite");
    const stores = [openSqlite(file), openSqlite(file)];
    await interleaved(stores, [0, 0, 0, 1, 0, 1, 1]);
    expect(await snapshot(stores[0])).toEqual(reference);
    // Each store read the events in full once, then brought its copy up to date from the change log.
    for (const s of stores) {
      expect(s.cacheCounts.built).toBe(1);
      expect(s.cacheCounts.caughtUp).toBeGreaterThan(2);
    }
    for (const s of stores) await s.close();
  });

  it("is read again in full after another store deleted or rebuilt events (re-coding)", async () => {
    // Store 0 ingests, store 1 re-codes two stored documents with no events (their events are
    // rebuilt from the other mentions or deleted), store 0 ingests on: the result must be the
    // SQL path's for the same steps.
    const steps = async (stores: SqlStore[]) => {
      const [a, b] = stores;
      const bs = batches(DOCS);
      await ingest(a, bs[0]);
      await ingest(b, bs[1]);
      for (const d of bs[0].slice(0, 2)) await b.saveCoded(d.id, []);
      for (const batch of bs.slice(2, 6)) await ingest(a, batch);
      return snapshot(a);
    };
    const plain = join(dir, "recode-plain.sqlite");
    const expected = await steps([openSqlite(plain, { eventCache: false }), openSqlite(plain, { eventCache: false })]);
    const file = join(dir, "recode.sqlite");
    const stores = [openSqlite(file), openSqlite(file)];
    expect(await steps(stores)).toEqual(expected);
    expect(stores[0].cacheCounts.built).toBe(2); // once at the start, once after the re-coding
    for (const s of stores) await s.close();
  });

  it("is brought up to date from the change log after another worker changed events (PostgreSQL, two stores on one schema)", async () => {
    const schema = `${run}_pg`;
    schemas.push(schema);
    const stores = [await openPostgres(PG, { schema }), await openPostgres(PG, { schema })];
    await interleaved(stores, [0, 0, 1, 0, 0, 0, 1, 1]);
    expect(await snapshot(stores[1])).toEqual(reference);
    for (const s of stores) {
      expect(s.cacheCounts.built).toBe(1);
      expect(s.cacheCounts.caughtUp).toBeGreaterThan(2);
    }
    for (const s of stores) await s.close();
  }, 120_000);

  it("migrates a version-3 store with data and merges on as the SQL path", async () => {
    const half = DOCS.length / 2;
    // The first half stored by the current code, then copied into a store at schema version 3.
    const cur = join(dir, "current.sqlite");
    const first = openSqlite(cur, { eventCache: false });
    await ingest(first, DOCS.slice(0, half));
    await first.close();
    const old = join(dir, "v3.sqlite");
    const db = new Database(old);
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    MIGRATIONS.slice(0, 3).forEach((stmts, i) => {
      for (const s of stmts) db.exec(s);
      db.prepare("INSERT INTO schema_migrations VALUES (?, ?)").run(i + 1, "2026-01-01");
    });
    db.prepare("ATTACH DATABASE ? AS cur").run(cur);
    for (const t of ["documents", "mentions", "events", "event_records", "rollup_dyad_day"]) {
      const cols = (db.prepare(`PRAGMA main.table_info(${t})`).all() as Array<{ name: string }>).map((c) => c.name);
      db.exec(oldLayoutCopy(t, cols, "cur"));
    }
    db.exec("DETACH DATABASE cur");
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'store_epoch'").get()).toBeUndefined();
    db.close();

    const store = openSqlite(old);
    await ingest(store, DOCS.slice(half));
    expect(await snapshot(store)).toEqual(reference);
    await store.close();
    const after = new Database(old, { readonly: true });
    const v = after.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number };
    expect(v.v).toBe(MIGRATIONS.length);
    const cols = (after.prepare("PRAGMA index_info(events_block)").all() as Array<{ name: string }>).map((c) => c.name);
    expect(cols).toContain("lat");
    after.close();
  });
});
