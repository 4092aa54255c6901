/**
 * The "ingest" use case: files, folders, web pages and RSS/Atom feeds → documents
 * → coded events in the store. Documents are processed in batches; each batch is
 * deduplicated against the store (content hash), coded, and saved in ONE
 * transaction, so a crash loses at most the batch in flight and a re-run resumes
 * without duplicates. With `queue`, documents are stored and "code" jobs enqueued
 * for `faultline worker` instead.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Coder } from "./coder.js";
import { extractHtml, readSource, type InputWarning } from "./input.js";
import { recordJson } from "../stages/07-code/json.js";
import { HostPacer, RobotsCache, looksLikeFeed, parseFeed, safeFetch, type FeedItem, type FetchOptions } from "./fetch/index.js";
import { contentHash, defaultDocumentId, packRecords, type CodedDocument, type DocumentInput, type EventStore } from "../store/index.js";

export interface IngestSummary {
  /** Documents read (including duplicates). */
  seen: number;
  new: number;
  duplicate: number;
  /** Sources or documents that could not be read, fetched or stored. */
  failed: number;
  /** Event mentions stored. */
  mentions: number;
  /** Events created / mentions merged into an existing event. */
  events: number;
  merged: number;
  /** Code jobs enqueued (queue mode). */
  queued: number;
}

export interface IngestOptions {
  store: EventStore;
  /** Required unless `queue` (anything with the Coder's `code`). */
  coder?: Pick<Coder, "code">;
  /** Publication date for documents that carry none (YYYY-MM-DD). */
  defaultDate?: string | null;
  /** Allow fetching private / loopback addresses. */
  allowPrivate?: boolean;
  /**
   * Documents per batch (default 200): the unit of deduplication, coding and merging
   * (each batch merges as if committed on its own, whatever the commit size below).
   */
  batchSize?: number;
  /**
   * Commit the coded batches once this many documents wait (default 10,000) or the
   * oldest waited `commitMs` (default 10 s), and at the end: fewer, larger transactions
   * rewrite far fewer index pages per document. A crash loses the uncommitted
   * documents, which the next run codes again.
   */
  commitDocs?: number;
  commitMs?: number;
  /** Store documents and enqueue "code" jobs instead of coding. */
  queue?: boolean;
  /** For feeds: fetch each item's page (default true); else use the item's own content. */
  follow?: boolean;
  /** Fetch limits (size, time) and allowed private origins. */
  fetch?: FetchOptions;
  /** Minimum delay between two requests to one host (default 1000 ms). */
  hostDelayMs?: number;
  /** Called after every batch. */
  onProgress?: (s: Readonly<IngestSummary>) => void;
  /** Called for every failure (source, message). */
  onError?: (source: string, message: string) => void;
}

/** A document read from a source, or a failure to report. */
export type Item = { doc: DocumentInput } | { error: string; source: string };

const FEED_EXT = new Set([".xml", ".rss", ".atom"]);
const PAGE_TYPES = ["text/html", "application/xhtml", "text/plain", "application/xml", "text/xml", "application/rss", "application/atom"];

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Fetch context shared by all web sources of one run: limits, robots.txt, per-host pacing. */
export class WebReader {
  readonly robots: RobotsCache;
  readonly pacer: HostPacer;

  constructor(
    readonly fetchOpts: FetchOptions,
    hostDelayMs = 1000,
  ) {
    this.robots = new RobotsCache(fetchOpts);
    this.pacer = new HostPacer(hostDelayMs);
  }

  /** Fetch a URL politely (robots.txt, pacing). Throws on refusal or failure. */
  async get(url: string, extra: FetchOptions = {}) {
    if (!(await this.robots.isAllowed(url))) throw new Error(`robots.txt disallows ${url}`);
    await this.pacer.wait(url);
    return safeFetch(url, { accept: PAGE_TYPES, ...this.fetchOpts, ...extra });
  }

  /** Documents of a feed's items: each item's page when `follow`, else the item's content. */
  async *feedItems(items: FeedItem[], feedUrl: string, follow: boolean): AsyncGenerator<Item> {
    for (const it of items) {
      const fetched_at = new Date().toISOString();
      if (follow && it.url) {
        try {
          const res = await this.get(it.url);
          const page = extractHtml(res.body);
          yield { doc: { url: res.url, title: page.title ?? it.title, date: page.date ?? it.date, text: page.text, feed: feedUrl, fetched_at } };
          continue;
        } catch (err) {
          if (!it.content) {
            yield { error: message(err), source: it.url };
            continue;
          }
        }
      }
      const text = it.content ? extractHtml(it.content).text : "";
      if (text) yield { doc: { url: it.url, title: it.title, date: it.date, text, feed: feedUrl, fetched_at } };
      else yield { error: "feed item without text", source: it.url ?? feedUrl };
    }
  }

  /** Documents of a web page or feed URL. */
  async *url(url: string, follow: boolean): AsyncGenerator<Item> {
    let res;
    try {
      res = await this.get(url);
    } catch (err) {
      yield { error: message(err), source: url };
      return;
    }
    if (/rss|atom/.test(res.contentType) || looksLikeFeed(res.body)) {
      const feed = parseFeed(res.body, res.url);
      if (feed.error) yield { error: feed.error, source: url };
      yield* this.feedItems(feed.items, url, follow);
      return;
    }
    const text = res.contentType.startsWith("text/plain") ? res.body : null;
    const page = text === null ? extractHtml(res.body) : { title: null, date: null, text };
    yield { doc: { url: res.url, title: page.title, date: page.date, text: page.text, fetched_at: new Date().toISOString() } };
  }
}

/** Documents of a file (text, HTML, JSONL via `input.ts`; .xml/.rss/.atom as a feed) or, recursively in name order, a folder. */
export async function* fileItems(path: string): AsyncGenerator<Item> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    yield { error: message(err), source: path };
    return;
  }
  if (info.isDirectory()) {
    const names = (await readdir(path)).filter((n) => !n.startsWith(".")).sort();
    for (const n of names) yield* fileItems(join(path, n));
    return;
  }
  if (FEED_EXT.has(extname(path).toLowerCase())) {
    const feed = parseFeed(await readFile(path, "utf8"));
    if (feed.error) yield { error: feed.error, source: path };
    for (const it of feed.items) {
      const text = it.content ? extractHtml(it.content).text : "";
      if (text) yield { doc: { url: it.url, title: it.title, date: it.date, text, feed: path } };
    }
    return;
  }
  const warnings: Item[] = [];
  const onWarning = (w: InputWarning) => warnings.push({ error: w.line ? `line ${w.line}: ${w.message}` : w.message, source: w.source });
  try {
    for await (const doc of readSource(path, { onWarning })) {
      yield* warnings.splice(0);
      yield { doc };
    }
  } catch (err) {
    warnings.push({ error: message(err), source: path });
  }
  yield* warnings;
}

/** Documents of every source: http(s) URLs are fetched (pages or feeds), anything else is a path. */
export async function* sourceItems(sources: string[], web: WebReader, follow = true): AsyncGenerator<Item> {
  for (const s of sources) {
    if (/^https?:\/\//i.test(s)) yield* web.url(s, follow);
    else yield* fileItems(s);
  }
}

/** Coded batches waiting for their transaction (ingest commits several batches at once). */
interface Pending {
  items: CodedDocument[];
  /** Documents of each batch, in order (the merge groups of `saveBatch`). */
  groups: number[];
  /** Content hashes of the waiting documents (duplicates across waiting batches). */
  hashes: Set<string>;
  /** When the oldest waiting batch was coded (performance.now()). */
  since: number;
}

/** Batch, deduplicate, code and store documents; returns the summary. */
export async function ingestItems(items: AsyncIterable<Item>, opts: IngestOptions): Promise<IngestSummary> {
  const sum: IngestSummary = { seen: 0, new: 0, duplicate: 0, failed: 0, mentions: 0, events: 0, merged: 0, queued: 0 };
  if (!opts.queue && !opts.coder) throw new Error("ingest needs a coder unless queueing");
  const size = opts.batchSize ?? 200;
  const commitDocs = opts.commitDocs ?? 10_000;
  const commitMs = opts.commitMs ?? 10_000;
  let batch: DocumentInput[] = [];
  const pending: Pending = { items: [], groups: [], hashes: new Set(), since: 0 };
  const fail = (source: string, msg: string) => {
    sum.failed++;
    opts.onError?.(source, msg);
  };
  const commit = async () => {
    if (pending.items.length === 0) return;
    const { items: coded, groups } = pending;
    pending.items = [];
    pending.groups = [];
    pending.hashes.clear();
    try {
      for (const r of await opts.store.saveBatch(coded, { groups })) {
        if (r.inserted) sum.new++;
        else sum.duplicate++;
        sum.mentions += r.mentions;
        sum.events += r.created;
        sum.merged += r.merged;
      }
    } catch (err) {
      for (const c of coded) fail(c.doc.url ?? c.doc.id ?? "document", message(err));
    }
  };
  const flush = async (last: boolean) => {
    const docs = batch;
    batch = [];
    if (docs.length > 0) {
      try {
        await storeBatch(docs, opts, sum, pending);
      } catch (err) {
        for (const d of docs) fail(d.url ?? d.id ?? "document", message(err));
      }
    }
    if (last || pending.items.length >= commitDocs || (pending.items.length > 0 && performance.now() - pending.since >= commitMs)) await commit();
    if (docs.length > 0 || last) opts.onProgress?.(sum);
  };
  for await (const it of items) {
    if ("error" in it) {
      fail(it.source, it.error);
      continue;
    }
    sum.seen++;
    if (!it.doc.text.trim()) {
      fail(it.doc.url ?? it.doc.id ?? "document", "empty text");
      continue;
    }
    batch.push(it.doc);
    if (batch.length >= size) await flush(false);
  }
  await flush(true);
  return sum;
}

/** Deduplicate and code one batch, adding it to the waiting ones (or, with `queue`, store it and enqueue its jobs). */
async function storeBatch(docs: DocumentInput[], opts: IngestOptions, sum: IngestSummary, pending: Pending): Promise<void> {
  const { store } = opts;
  const hashes = docs.map((d) => contentHash(d.text));
  const known = await store.knownHashes(hashes);
  const fresh: DocumentInput[] = [];
  const inBatch = new Set<string>();
  docs.forEach((d, i) => {
    if (!opts.queue && (known.has(hashes[i]) || inBatch.has(hashes[i]) || pending.hashes.has(hashes[i]))) {
      sum.duplicate++;
      return;
    }
    inBatch.add(hashes[i]);
    fresh.push({ ...d, id: d.id || defaultDocumentId(d.text), date: d.date ?? opts.defaultDate ?? null });
  });
  if (opts.queue) {
    const jobs = [];
    for (const d of fresh) {
      const r = await store.putDocument(d);
      if (r.inserted) sum.new++;
      else sum.duplicate++;
      jobs.push({ kind: "code", payload: { docId: r.docId }, key: `code:${r.docId}` });
    }
    sum.queued += await store.enqueue(jobs);
    return;
  }
  // Packed (JSON bytes) at once: the batch waits for its commit with other batches. `recordJson`
  // writes the coder's records as `JSON.stringify` does, faster (as `faultline code` does).
  const coded = fresh.map((d) => ({
    doc: d,
    records: packRecords(opts.coder!.code({ id: d.id!, text: d.text, date: d.date, url: d.url, title: d.title }), recordJson),
  }));
  if (coded.length === 0) return;
  if (pending.items.length === 0) pending.since = performance.now();
  pending.items.push(...coded);
  pending.groups.push(coded.length);
  for (const h of inBatch) pending.hashes.add(h);
}

/** Ingest sources (paths, page URLs, feed URLs) into the store. */
export function ingest(sources: string[], opts: IngestOptions): Promise<IngestSummary> {
  const web = new WebReader({ ...opts.fetch, allowPrivate: opts.allowPrivate }, opts.hostDelayMs);
  return ingestItems(sourceItems(sources, web, opts.follow ?? true), opts);
}

/** One line summarising a run. */
export function formatSummary(s: IngestSummary): string {
  const base = `documents: ${s.seen} seen, ${s.new} new, ${s.duplicate} duplicate, ${s.failed} failed`;
  return s.queued ? `${base}; ${s.queued} queued for coding` : `${base}; events: ${s.mentions} mentions, ${s.events} new events, ${s.merged} merged`;
}
