/**
 * The "worker" use case: claim "code" jobs (payload `{docId}`) from the store's
 * queue, code each document, save its events, mark the job done. A worker that
 * dies leaves its leased jobs to be re-claimed once the lease expires; since
 * `saveCoded` is idempotent, a document coded twice is stored once.
 */
import type { Coder } from "./coder.js";
import type { EventStore, Job } from "../store/index.js";

export interface WorkerOptions {
  store: EventStore;
  coder: Pick<Coder, "code">;
  workerId: string;
  /** Jobs claimed at a time (default 20). */
  batch?: number;
  /** Lease per claim (default 60 s); must exceed the time to code a batch. */
  leaseMs?: number;
  /** Wait between empty polls (default 1 s). */
  pollMs?: number;
  /** Return once no job is queued or running (default: run until stopped). */
  exitWhenEmpty?: boolean;
  /** Stop after the current batch when aborted. */
  signal?: AbortSignal;
  /** Called after each batch. */
  onBatch?: (s: Readonly<WorkerSummary>) => void;
}

export interface WorkerSummary {
  jobs: number;
  failed: number;
  mentions: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runJob(o: WorkerOptions, job: Job): Promise<number> {
  const docId = (job.payload as { docId?: unknown } | null)?.docId;
  if (typeof docId !== "string") throw new Error("job payload has no docId");
  const doc = await o.store.getDocument(docId);
  if (!doc) throw new Error(`document ${docId} not found`);
  const records = o.coder.code({ id: doc.id, text: doc.text, date: doc.date, url: doc.url, title: doc.title });
  return (await o.store.saveCoded(doc.id, records)).mentions;
}

/** Run a worker until stopped (or, with `exitWhenEmpty`, until the queue is drained). */
export async function runWorker(o: WorkerOptions): Promise<WorkerSummary> {
  const sum: WorkerSummary = { jobs: 0, failed: 0, mentions: 0 };
  while (!o.signal?.aborted) {
    const jobs = await o.store.claim(o.workerId, o.batch ?? 20, { kind: "code", leaseMs: o.leaseMs ?? 60_000 });
    if (jobs.length === 0) {
      if (o.exitWhenEmpty) {
        const { queued, running } = (await o.store.stats()).jobs;
        if (queued === 0 && running === 0) break;
      }
      await sleep(o.pollMs ?? 1000);
      continue;
    }
    for (const job of jobs) {
      try {
        sum.mentions += await runJob(o, job);
        await o.store.complete(job.id);
        sum.jobs++;
      } catch (err) {
        sum.failed++;
        await o.store.fail(job.id, err instanceof Error ? err.message : String(err));
      }
    }
    o.onBatch?.(sum);
  }
  return sum;
}
