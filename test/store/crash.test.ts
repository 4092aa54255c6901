/**
 * Crash safety: a child process ingests 10,000 generated documents into SQLite
 * (through the app's ingest, with the deterministic fake coder so that there are
 * many events and merges whatever the state of the real coder's patterns)
 * and is killed with SIGKILL at random moments (3 times), then restarted until
 * done. The result must equal an uninterrupted run: every document once, every
 * event once (same ids, same merged counts), rollup in step.
 * Then the same through the CLI's launcher, which restarts a big ingest with a larger
 * young generation (src/cli/respawn.ts; the child restarts whatever the corpus's size): when the
 * launcher is killed with SIGKILL, the restarted process must be gone soon after (never a
 * second writer beside the next ingest), and a restart completes the store as above.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { WATCH_MS } from "../../src/cli/respawn.js";
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

/** Whether process `pid` has ended (a zombie not yet reaped by its adopter counts as ended). */
function ended(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

/**
 * Run the launcher child (test/store/launcher-child.ts: `launch` with `ingest CORPUS --db DB`);
 * once `killAtDocs` documents are stored (if given), kill the launcher with SIGKILL and wait
 * for the process it restarted to end. Resolves with the restarted process's pid and flags,
 * how the launcher ended, and how long the restarted process outlived it (ms).
 */
function runLauncher(corpus: string, db: string, killAtDocs?: number): Promise<{ pid: number; flags: string; killed: boolean; code: number | null; stderr: string; outlived: number | null }> {
  return new Promise((done, fail) => {
    const launcher = spawn(process.execPath, ["--import", "tsx", "test/store/launcher-child.ts", "ingest", corpus, "--db", db], {
      cwd: ROOT, stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    launcher.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const child = () => {
      const m = /ingesting: pid (\d+), flags (.*)/.exec(stderr);
      return m ? { pid: Number(m[1]), flags: m[2] } : { pid: 0, flags: "" };
    };
    let killedAt = 0;
    const timer = killAtDocs === undefined ? null : setInterval(() => {
      if (!killedAt && storedDocs(db) >= killAtDocs) {
        killedAt = performance.now();
        launcher.kill("SIGKILL");
      }
    }, 20);
    launcher.on("error", fail);
    launcher.on("exit", (code, signal) => {
      if (timer) clearInterval(timer);
      const { pid, flags } = child();
      const result = { pid, flags, killed: signal === "SIGKILL", code, stderr, outlived: null as number | null };
      if (!killedAt || !pid) return done(result);
      const wait = setInterval(() => {
        if (ended(pid)) {
          clearInterval(wait);
          done({ ...result, outlived: performance.now() - killedAt });
        } else if (performance.now() - killedAt > 60_000) {
          clearInterval(wait);
          process.kill(pid, "SIGKILL");
          done(result);
        }
      }, 10);
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

/** The corpus and the snapshot of its uninterrupted ingest (made once). */
let reference: Promise<{ corpus: string; want: ReturnType<typeof snapshot> }> | null = null;
/** The store at `got` holds every document once, coded, with the reference run's mentions, events and rollup. */
function expectComplete(got: ReturnType<typeof snapshot>, want: ReturnType<typeof snapshot>): void {
  expect(got.integrity).toBe("ok");
  expect(got.documents).toBe(N);
  expect(got.distinctDocs).toBe(N);
  expect(got.uncoded).toBe(0);
  expect(got.docIds).toEqual(want.docIds);
  expect(got.mentions).toBe(want.mentions);
  expect(got.events).toEqual(want.events);
  expect(got.rollupEvents).toBe(got.events.length);
}

function referenceRun() {
  reference ??= (async () => {
    const corpus = join(dir, "corpus.jsonl");
    await writeCorpus(corpus, N, 11);
    const ref = join(dir, "ref.sqlite");
    const store = openSqlite(ref);
    await ingest([corpus], { store, coder: fakeCoder, batchSize: 100 });
    await store.close();
    return { corpus, want: snapshot(ref) };
  })();
  return reference;
}

describe("crash safety", () => {
  it("ingests 10,000 documents exactly once despite SIGKILLs", async () => {
    const { corpus, want } = await referenceRun();
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
    expectComplete(snapshot(db), want);
  }, 600_000);

  it("a big ingest restarted by the launcher ends soon after the launcher is killed with SIGKILL", async () => {
    const { corpus, want } = await referenceRun();
    const db = join(dir, "launcher.sqlite");
    const r = await runLauncher(corpus, db, 2000 + Math.floor(Math.random() * 2000));
    expect(r.killed, r.stderr).toBe(true);
    // The launcher restarted the ingest with a larger young generation.
    expect(r.pid, r.stderr).toBeGreaterThan(0);
    expect(r.flags).toMatch(/^--max-semi-space-size=\d+$/);
    expect(r.outlived, "the restarted ingest outlived its launcher").not.toBeNull();
    expect(r.outlived!).toBeLessThan(WATCH_MS + 5000);
    const left = snapshot(db);
    expect(left.integrity).toBe("ok");
    expect(left.documents).toBeLessThan(N);
    // Nothing writes any more.
    await new Promise((res) => setTimeout(res, 500));
    expect(snapshot(db).documents).toBe(left.documents);

    const final = await runLauncher(corpus, db);
    expect(final.code, final.stderr).toBe(0);
    expect(final.flags).toMatch(/^--max-semi-space-size=\d+$/);
    expectComplete(snapshot(db), want);
  }, 600_000);
});
