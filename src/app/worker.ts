/**
 * The "worker" use case: claim "code" jobs (payload `{docId}`) from the store's
 * queue, code the documents, save their events in one transaction, mark the jobs done. A worker that
 * dies leaves its leased jobs to be re-claimed once the lease expires; since
 * `saveCoded` is idempotent, a document coded twice is stored once.
 */
import type { Coder } from "./coder.js";
import type { CodedDocument, EventStore, Job } from "../store/index.js";

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

/** The document of a job with its records, or the error that prevents coding it. */
async function codeJob(o: WorkerOptions, job: Job): Promise<CodedDocument> {
  const docId = (job.payload as { docId?: unknown } | null)?.docId;
  if (typeof docId !== "string") throw new Error("job payload has no docId");
  const doc = await o.store.getDocument(docId);
  if (!doc) throw new Error(`document ${docId} not found`);
  const records = o.coder.code({ id: doc.id, text: doc.text, date: doc.date, url: doc.url, title: doc.title });
  return { doc: { id: doc.id, text: doc.text, date: doc.date, url: doc.url, title: doc.title, feed: doc.feed }, records };
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

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
    // Code every claimed document, then store them all in one transaction.
    const coded: Array<{ job: Job; item: CodedDocument }> = [];
    for (const job of jobs) {
      try {
        coded.push({ job, item: await codeJob(o, job) });
      } catch (err) {
        sum.failed++;
        await o.store.fail(job.id, message(err));
      }
    }
    try {
      const saved = await o.store.saveBatch(coded.map((c) => c.item));
      for (const s of saved) sum.mentions += s.mentions;
      await o.store.complete(coded.map((c) => c.job.id));
      sum.jobs += coded.length;
    } catch (err) {
      sum.failed += coded.length;
      for (const c of coded) await o.store.fail(c.job.id, message(err));
    }
    o.onBatch?.(sum);
  }
  return sum;
}
