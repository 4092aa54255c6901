/**
 * PostgreSQL queue: two worker processes share 300 code jobs; one is killed with
 * SIGKILL mid-batch; its leased jobs are re-claimed after the lease expires; every
 * document ends coded once (mentions stored exactly once).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ingestItems, type Item } from "../../src/app/ingest.js";
import { dropSchema, openPostgres } from "../../src/store/postgres/index.js";
import { generateDocs } from "./corpus.js";
import { fakeCoder } from "./fake-coder.js";

const ROOT = resolve(__dirname, "..", "..");
const PG = process.env.FAULTLINE_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";
const SCHEMA = `tw${process.pid}_${Date.now().toString(36)}`;
const N = 300;

afterAll(() => dropSchema(PG, SCHEMA));

function worker(id: string): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; out: string; err: string }> } {
  const child = spawn(process.execPath, ["--import", "tsx", "test/store/worker-child.ts", `${PG}?schema=${SCHEMA}`, id], {
    cwd: ROOT, env: { ...process.env, DELAY_MS: "40" }, stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; out: string; err: string }>((r) =>
    child.on("exit", (code, signal) => r({ code, signal, out, err })),
  );
  return { child, done };
}

describe("PostgreSQL job queue with worker processes", () => {
  it("shares the work, survives a killed worker, and codes each document once", async () => {
    const store = await openPostgres(PG, { schema: SCHEMA });
    const docs = [...generateDocs(N, 5)];
    async function* items(): AsyncGenerator<Item> {
      for (const d of docs) yield { doc: d };
    }
    const sum = await ingestItems(items(), { store, queue: true });
    expect(sum.queued).toBe(N);
    const expectedMentions = docs.reduce((n, d) => n + fakeCoder.code(d).length, 0);

    const a = worker("A");
    const b = worker("B");
    // Kill A once it has finished some jobs and holds leased ones.
    const client = new pg.Client({ connectionString: PG });
    await client.connect();
    try {
      // Under a loaded machine the child processes start slowly: wait up to 75 s for A to hold leased jobs.
      // A is frozen (SIGSTOP) before the check, so the leased jobs it is seen holding are still
      // leased when SIGKILL lands: it cannot finish them in between.
      const aState = async (): Promise<{ running: number; done: number }> =>
        (
          await client.query(
            `SELECT COUNT(*) FILTER (WHERE state = 'running')::int AS running, COUNT(*) FILTER (WHERE state = 'done')::int AS done
             FROM "${SCHEMA}".jobs WHERE worker = 'A'`,
          )
        ).rows[0];
      let holding = false;
      for (let i = 0; i < 1500 && !holding; i++) {
        const seen = await aState();
        if (seen.running > 0 && seen.done > 0) {
          a.child.kill("SIGSTOP");
          const frozen = await aState();
          holding = frozen.running > 0 && frozen.done > 0;
          if (!holding) a.child.kill("SIGCONT");
        }
        if (!holding) await new Promise((res) => setTimeout(res, 50));
      }
      expect(holding, "worker A never held leased jobs after finishing some").toBe(true);
      a.child.kill("SIGKILL");
      const ra = await a.done;
      const rb = await b.done;
      expect(ra.signal).toBe("SIGKILL");
      expect(rb.code, rb.err).toBe(0);
      const jobs = await client.query(`SELECT state, COUNT(*)::int AS n, MAX(attempts)::int AS a FROM "${SCHEMA}".jobs GROUP BY state`);
      expect(jobs.rows).toEqual([{ state: "done", n: N, a: 2 }]);
      const byWorker = await client.query(`SELECT worker, COUNT(*)::int AS n FROM "${SCHEMA}".jobs GROUP BY worker ORDER BY worker`);
      expect(byWorker.rows.map((r) => r.worker)).toEqual(["A", "B"]);
    } finally {
      await client.end();
    }
    const stats = await store.stats();
    expect(stats.coded_documents).toBe(N);
    expect(stats.mentions).toBe(expectedMentions);
    const rollup = (await store.dyadDaily()).reduce((n, r) => n + r.events, 0);
    expect(rollup).toBe(stats.events);
    await store.close();
  }, 180_000);
});
