/**
 * Crash safety: a child process ingests 10,000 generated documents into SQLite
 * (through the app's ingest, with the deterministic fake coder so that there are
 * many events and merges whatever the state of the real coder's patterns)
 * and is killed with SIGKILL at random moments (3 times), then restarted until
 * done. The result must equal an uninterrupted run: every document once, every
 * event once (same ids, same merged counts), rollup in step.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/app/ingest.js";
import { openSqlite } from "../../src/store/sqlite/index.js";
import { writeCorpus } from "./corpus.js";
import { fakeCoder } from "./fake-coder.js";

const ROOT = resolve(__dirname, "..", "..");
const N = 10_000;
const dir = mkdtempSync(join(tmpdir(), "faultline-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Stored documents in `path` (0 while the file or its tables do not exist yet). */
function storedDocs(path: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM documents").get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

/**
 * Run an ingest child (the app's ingest with the fake coder); kill it with SIGKILL once
 * `killAtDocs` documents are stored (if given): a kill point in documents rather than in
 * milliseconds, so that it lands mid-ingest however fast the machine is. Resolves with how it ended.
 */
function runIngest(corpus: string, db: string, killAtDocs?: number): Promise<{ killed: boolean; code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/store/crash-child.ts", corpus, db], {
      cwd: ROOT, stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = killAtDocs === undefined ? null : setInterval(() => {
      if (storedDocs(db) >= killAtDocs) child.kill("SIGKILL");
    }, 20);
    child.on("error", fail);
    child.on("exit", (code, signal) => {
      if (timer) clearInterval(timer);
      done({ killed: signal === "SIGKILL", code, stderr });
    });
  });
}

function snapshot(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      integrity: (db.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check,
      documents: one("SELECT COUNT(*) AS n FROM documents"),
      distinctDocs: one("SELECT COUNT(DISTINCT content_hash) AS n FROM documents"),
      uncoded: one("SELECT COUNT(*) AS n FROM documents WHERE coded_at IS NULL"),
      mentions: one("SELECT COUNT(*) AS n FROM mentions"),
      rollupEvents: one("SELECT COALESCE(SUM(events), 0) AS n FROM rollup_dyad_day"),
      docIds: (db.prepare("SELECT id FROM documents ORDER BY id").all() as { id: string }[]).map((r) => r.id),
      events: db.prepare("SELECT id, n_articles, n_sources, day, killed FROM events ORDER BY id").all(),
    };
  } finally {
    db.close();
  }
}

describe("crash safety", () => {
  it("ingests 10,000 documents exactly once despite SIGKILLs", async () => {
    const corpus = join(dir, "corpus.jsonl");
    await writeCorpus(corpus, N, 11);
    const ref = join(dir, "ref.sqlite");
    const store = openSqlite(ref);
    await ingest([corpus], { store, coder: fakeCoder, batchSize: 100 });
    await store.close();
    const want = snapshot(ref);
    expect(want.documents).toBe(N);
    expect(want.mentions).toBeGreaterThan(N);
    expect(want.events.length).toBeLessThan(want.mentions);

    const db = join(dir, "crash.sqlite");
    let killed = 0;
    let lastDocs = -1;
    for (let k = 0; k < 3; k++) {
      const at = 2000 * (k + 1) + Math.floor(Math.random() * 1500);
      const r = await runIngest(corpus, db, at);
      if (r.killed) killed++;
      else expect(r.code, r.stderr).toBe(0);
      const now = snapshot(db).documents;
      expect(now).toBeGreaterThanOrEqual(lastDocs);
      lastDocs = now;
    }
    expect(killed).toBeGreaterThanOrEqual(2);
    expect(lastDocs).toBeLessThan(N);
    const final = await runIngest(corpus, db);
    expect(final.code, final.stderr).toBe(0);
    const got = snapshot(db);
    expect(got.integrity).toBe("ok");
    expect(got.documents).toBe(N);
    expect(got.distinctDocs).toBe(N);
    expect(got.uncoded).toBe(0);
    expect(got.docIds).toEqual(want.docIds);
    expect(got.mentions).toBe(want.mentions);
    expect(got.events).toEqual(want.events);
    expect(got.rollupEvents).toBe(got.events.length);
  }, 600_000);
});
