/**
 * The "watch" use case: poll a list of feeds forever, with conditional requests
 * (ETag / If-Modified-Since), exponential backoff with jitter after errors,
 * per-host politeness (shared pacer and robots.txt cache), and ingestion of new
 * items only (items already seen in this run are skipped before fetching).
 */
import { backoffMs, parseFeed } from "./fetch/index.js";
import { WebReader, ingestItems, type IngestOptions, type IngestSummary, type Item } from "./ingest.js";

export interface FeedState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  /** Consecutive failures. */
  errors: number;
  /** Epoch ms of the next poll. */
  nextAt: number;
  /** Item ids already ingested (bounded). */
  seen: Set<string>;
}

export interface WatchOptions extends IngestOptions {
  feeds: string[];
  /** Poll interval per feed (default 15 min). */
  intervalMs?: number;
  /** Base delay of the backoff after an error (default 60 s). */
  backoffBaseMs?: number;
  /** Stop polling when aborted. */
  signal?: AbortSignal;
  /** After each poll of one feed. */
  onPoll?: (feed: string, result: { status: "new" | "not-modified" | "error"; summary?: IngestSummary; error?: string }) => void;
}

const MAX_SEEN = 5000;

/** Parse a duration like "90s", "15m", "2h" or plain milliseconds. */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new Error(`bad duration "${s}" (e.g. 30s, 15m, 1h)`);
  const mult = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "ms") as "ms" | "s" | "m" | "h"];
  return Math.round(Number(m[1]) * mult);
}

/** Read a feeds file: one URL a line, blank lines and # comments ignored. */
export function parseFeedList(text: string): string[] {
  const urls: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    if (!/^https?:\/\/\S+$/i.test(line)) throw new Error(`feeds file line ${i + 1}: not an http(s) URL: ${line}`);
    urls.push(line);
  });
  return urls;
}

/** Poll one feed once: returns what happened and updates `st`. */
export async function pollFeed(st: FeedState, web: WebReader, opts: WatchOptions): Promise<void> {
  const interval = opts.intervalMs ?? 900_000;
  try {
    const res = await web.get(st.url, { etag: st.etag, lastModified: st.lastModified });
    st.errors = 0;
    st.nextAt = Date.now() + interval;
    if (res.notModified) return opts.onPoll?.(st.url, { status: "not-modified" });
    st.etag = res.etag;
    st.lastModified = res.lastModified;
    const feed = parseFeed(res.body, res.url);
    const fresh = feed.items.filter((it) => !st.seen.has(it.id ?? it.url ?? ""));
    async function* items(): AsyncGenerator<Item> {
      if (feed.error) yield { error: feed.error, source: st.url };
      yield* web.feedItems(fresh, st.url, opts.follow ?? true);
    }
    const summary = await ingestItems(items(), opts);
    for (const it of fresh) st.seen.add(it.id ?? it.url ?? "");
    while (st.seen.size > MAX_SEEN) st.seen.delete(st.seen.values().next().value as string);
    opts.onPoll?.(st.url, { status: "new", summary });
  } catch (err) {
    st.errors++;
    st.nextAt = Date.now() + interval + backoffMs(st.errors - 1, opts.backoffBaseMs ?? 60_000);
    opts.onPoll?.(st.url, { status: "error", error: err instanceof Error ? err.message : String(err) });
  }
}

/** Poll every feed when due, until `signal` aborts. */
export async function watch(opts: WatchOptions): Promise<void> {
  const web = new WebReader({ ...opts.fetch, allowPrivate: opts.allowPrivate }, opts.hostDelayMs);
  const states: FeedState[] = opts.feeds.map((url) => ({ url, etag: null, lastModified: null, errors: 0, nextAt: 0, seen: new Set() }));
  while (!opts.signal?.aborted) {
    const due = states.filter((s) => s.nextAt <= Date.now());
    for (const st of due) {
      if (opts.signal?.aborted) return;
      await pollFeed(st, web, opts);
    }
    const next = Math.min(...states.map((s) => s.nextAt));
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, Math.max(50, Math.min(next - Date.now(), 60_000)));
      opts.signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
    });
  }
}
