/**
 * `POST /api/ingest` wired to the ingest use case: one text, or one web page or
 * feed URL (fetched with the safe fetcher: private and loopback addresses are
 * refused). The coder comes from the `coder` factory on each request (which caches it),
 * else is built on the first request and reused.
 */
import { Coder } from "../app/coder.js";
import { ingestItems, WebReader, type IngestSummary, type Item } from "../app/ingest.js";
import type { EventStore } from "../store/types.js";
import type { IngestRequest } from "./app.js";

async function* one(doc: Item): AsyncGenerator<Item> {
  yield doc;
}

/** An ingest function for `createApi({ingest})`. */
export function apiIngest(store: EventStore, coder?: () => Coder): (req: IngestRequest) => Promise<IngestSummary> {
  let shared: Coder | null = null;
  // The factory is asked on every request (it may rebuild after knowledge-base additions).
  const getCoder = (): Coder => (coder ? coder() : (shared ??= new Coder()));
  return async (req) => {
    const items = req.url
      ? new WebReader({}).url(req.url, true)
      : one({ doc: { text: req.text ?? "", title: req.title ?? null, date: req.date ?? null, fetched_at: new Date().toISOString() } });
    return ingestItems(items, { store, coder: getCoder(), defaultDate: req.date ?? null, allowPrivate: false });
  };
}
