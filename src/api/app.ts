/**
 * The HTTP API (Hono): JSON over the event store, the analytics use cases and
 * ingestion. Reads are open; writes (ingest, alert runs and acks, reviews) need the
 * bearer token. Every input is validated (4xx `{error: {code, message}}`), bodies
 * are size-limited, CORS is off, and the built dashboard is served at `/`.
 */
import { PassThrough, Readable } from "node:stream";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { INTENSITY_MEASURES, INTERVALS, SelectorError, SeriesError, type AlertScope, type DyadKeyField, type PloverScores } from "../analytics/index.js";
import { runAlerts } from "../app/alerts.js";
import { exportEvents, EXPORT_FORMATS, type ExportFormat } from "../app/export.js";
import { ReviewError, reviewedEvent, reviewedEvents, submitReview, type ReviewContext } from "../app/reviews.js";
import { networkOf, newActors, seriesOfDyad, status, topCountries, topDyads } from "../app/query.js";
import type { EventFilter, EventStore } from "../store/types.js";
import type { ActorDirectory } from "./actors.js";
import { requireToken } from "./auth.js";
import { ApiError, badRequest, errorBody, notFound } from "./errors.js";
import { openapi } from "./openapi.js";
import { bodyString, cursorOf, eventFilter, EVENT_FILTER_PARAMS, limitOf, objectBody, Query } from "./params.js";
import { staticHandler } from "./static.js";

/** What `POST /api/ingest` hands to the ingest use case. */
export interface IngestRequest {
  text?: string;
  url?: string;
  title?: string;
  date?: string;
}

export interface ApiOptions {
  store: EventStore;
  /** Bearer token for writes; without one, write endpoints answer 403. */
  token?: string | null;
  /** PLOVER type scores for the series' PLOVER sums (none: sums stay 0, means null). */
  ploverScores?: PloverScores | null;
  /** Actor directory for `/api/actors` (empty when absent); a function when it can change (added actors). */
  actors?: ActorDirectory | (() => ActorDirectory) | null;
  /** Codebook, knowledge base and additions file for reviews (corrections of codes and actors, added actors). */
  review?: ReviewContext | null;
  /** True for an "unknown:..." actor id the knowledge base now names (left out of `/api/new-actors`). */
  isKnownActor?: ((unknownId: string) => boolean) | null;
  /** The ingest use case; `/api/ingest` answers 501 without it. */
  ingest?: ((req: IngestRequest) => Promise<unknown>) | null;
  /** Folder of the built dashboard (served at `/` when it holds index.html). */
  webDir?: string | null;
  /** Request body limit in bytes (default 2 MiB). */
  maxBody?: number;
}

const DYAD_KEYS: readonly DyadKeyField[] = ["id", "code", "country"];
const ID_RE = /^[\w:.\-/@]{1,200}$/;
const CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: "application/x-ndjson; charset=utf-8", csv: "text/csv; charset=utf-8", gdelt: "text/tab-separated-values; charset=utf-8",
  acled: "text/csv; charset=utf-8", plover: "application/json; charset=utf-8", reviews: "application/x-ndjson; charset=utf-8",
};
const REVIEW_STATUS = { invalid: 400, not_found: 404, conflict: 409, unavailable: 501 } as const;

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new ApiError(415, "unsupported_media_type", "send a JSON body (Content-Type: application/json)");
  let v: unknown;
  try {
    v = await c.req.json();
  } catch {
    throw badRequest("the body is not valid JSON", "bad_json");
  }
  return objectBody(v);
}

/** Refuse any query parameter (endpoints that take none). */
function noParams(c: Context): void {
  new Query(c.req.url, []);
}

function pathId(c: Context, name = "id"): string {
  const id = c.req.param(name) ?? "";
  if (!ID_RE.test(id)) throw badRequest(`bad ${name} "${id.slice(0, 60)}"`);
  return id;
}

/** Build the API application (no listening: see `startServer`). */
export async function createApi(opts: ApiOptions): Promise<Hono> {
  const { store } = opts;
  const app = new Hono();
  const actors = (): ActorDirectory | null => (typeof opts.actors === "function" ? opts.actors() : (opts.actors ?? null));
  const write = requireToken(opts.token);
  const maxBody = opts.maxBody ?? 2 * 1024 * 1024;
  const limit = bodyLimit({
    maxSize: maxBody,
    onError: (c) => c.json(errorBody("payload_too_large", `the body exceeds ${maxBody} bytes`), 413),
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(errorBody(err.code, err.message), err.status);
    if (err instanceof ReviewError) return c.json(errorBody(err.kind, err.message), REVIEW_STATUS[err.kind]);
    if (err instanceof SeriesError || err instanceof SelectorError || err instanceof RangeError) return c.json(errorBody("bad_request", err.message), 400);
    if (err instanceof Error && err.message === "invalid cursor") return c.json(errorBody("bad_cursor", "invalid cursor"), 400);
    console.error(`faultline serve: ${c.req.method} ${new URL(c.req.url).pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return c.json(errorBody("internal", "internal error"), 500);
  });
  app.notFound((c) => c.json(errorBody("not_found", `no route ${c.req.method} ${new URL(c.req.url).pathname}`), 404));
  app.use("/api/*", async (c, next) => {
    await next();
    c.header("x-content-type-options", "nosniff");
    c.header("cache-control", "no-store");
  });

  app.get("/api/openapi.json", (c) => c.json(openapi));

  app.get("/api/status", async (c) => {
    noParams(c);
    return c.json({ ...(await status(store)), writes_enabled: !!opts.token, actors: actors()?.size ?? 0, kb_additions: !!opts.review?.additions });
  });

  app.get("/api/events", async (c) => {
    const q = new Query(c.req.url, [...EVENT_FILTER_PARAMS, "limit", "cursor"]);
    const filter = eventFilter(q);
    const page = await store.queryEvents(filter, { limit: limitOf(q), cursor: cursorOf(q) ?? null });
    return c.json({ items: await reviewedEvents(store, page.items), next: page.next });
  });

  app.get("/api/events/:id", async (c) => {
    noParams(c);
    const ev = await reviewedEvent(store, pathId(c));
    if (!ev) throw notFound("event");
    return c.json(ev);
  });

  app.get("/api/dyads/series", async (c) => {
    const q = new Query(c.req.url, ["a", "b", "directed", "interval", "from", "to", "include_alleged", "include_historical"]);
    const a = q.string("a");
    if (!a) throw badRequest("a (an actor selector) is required");
    return c.json(
      await seriesOfDyad(store, {
        a, b: q.string("b") ?? null, directed: q.bool("directed"), interval: q.oneOf("interval", INTERVALS) ?? "day",
        from: q.date("from"), to: q.date("to"), includeAlleged: q.bool("include_alleged"), includeHistorical: q.bool("include_historical"),
        ploverScores: opts.ploverScores ?? undefined,
      }),
    );
  });

  const rankingQuery = (q: Query) => ({
    from: q.date("from"), to: q.date("to"), limit: q.int("limit", 1, 500),
    by: q.oneOf("by", ["events", "conflict", "killed", "intensity"] as const),
    includeAlleged: q.bool("include_alleged"), includeHistorical: q.bool("include_historical"),
  });
  const RANKING_PARAMS = ["from", "to", "limit", "by", "include_alleged", "include_historical"];

  app.get("/api/dyads/top", async (c) => {
    const q = new Query(c.req.url, [...RANKING_PARAMS, "key"]);
    const top = await topDyads(store, { ...rankingQuery(q), key: q.oneOf("key", DYAD_KEYS) });
    // Knowledge-base names of actor-id keys ("id=group:ttp" reads "Tehrik-i-Taliban Pakistan"), null when unknown.
    const dir = actors();
    const nameOf = (key: string): string | null => dir?.get(key.replace(/^id=/, ""))?.name ?? null;
    return c.json({ ...top, dyads: top.dyads.map((d) => ({ ...d, a_name: nameOf(d.a), b_name: nameOf(d.b) })) });
  });

  app.get("/api/countries/top", async (c) => {
    const q = new Query(c.req.url, RANKING_PARAMS);
    return c.json(await topCountries(store, rankingQuery(q)));
  });

  app.get("/api/network", async (c) => {
    const q = new Query(c.req.url, ["from", "to", "key", "min_events", "top", "include_alleged", "include_historical"]);
    return c.json(
      await networkOf(store, {
        from: q.date("from"), to: q.date("to"), key: q.oneOf("key", DYAD_KEYS), minEvents: q.int("min_events", 1, 1_000_000),
        top: q.int("top", 1, 100), includeAlleged: q.bool("include_alleged"), includeHistorical: q.bool("include_historical"),
      }),
    );
  });

  app.get("/api/alerts", async (c) => {
    const q = new Query(c.req.url, ["acked", "kind", "since", "limit"]);
    const since = q.string("since", /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, "an ISO date or date-time");
    const alerts = await store.listAlerts({
      acked: q.bool("acked"), kind: q.string("kind", /^[a-z:_-]{1,40}$/, "an alert kind (e.g. escalation:dyad)"), since, limit: limitOf(q, 500, 100),
    });
    return c.json({ items: alerts });
  });

  app.post("/api/alerts/run", write, limit, async (c) => {
    noParams(c);
    const b = c.req.header("content-length") === "0" || !c.req.header("content-type") ? {} : await jsonBody(c);
    const q = Query.fromBody(b, ["from", "to", "days", "measure", "scope", "key", "window", "z_threshold", "cusum_h", "min_events"]);
    const scope = q.oneOf("scope", ["dyad", "country", "both"] as const) ?? "both";
    const result = await runAlerts(store, {
      from: q.date("from"), to: q.date("to"), days: q.int("days", 7, 3660), measure: q.oneOf("measure", INTENSITY_MEASURES),
      scopes: scope === "both" ? undefined : [scope as AlertScope], dyadKey: q.oneOf("key", DYAD_KEYS), window: q.int("window", 7, 365),
      zThreshold: q.number("z_threshold", 1, 100), cusumH: q.number("cusum_h", 1, 1000), minEvents: q.int("min_events", 0, 100_000),
    });
    return c.json({ period: result.period, detected: result.detected, inserted: result.inserted, alerts: result.alerts });
  });

  app.post("/api/alerts/:id/ack", write, limit, async (c) => {
    noParams(c);
    const id = pathId(c);
    const b = c.req.header("content-type") ? await jsonBody(c) : {};
    const by = bodyString(b, "by", 100) ?? "api";
    if (!(await store.ackAlert(id, by))) throw notFound("alert");
    return c.json({ id, acked: true, by });
  });

  app.get("/api/actors", async (c) => {
    const q = new Query(c.req.url, ["q", "limit"]);
    const text = q.string("q");
    if (!text) throw badRequest("q (a name or alias prefix) is required");
    if (text.length > 100) throw badRequest("q: at most 100 characters");
    return c.json({ items: actors()?.search(text, limitOf(q, 100, 20)) ?? [] });
  });

  app.get("/api/actors/:id", async (c) => {
    noParams(c);
    const a = actors()?.get(pathId(c));
    if (!a) throw notFound("actor");
    return c.json(a);
  });

  app.get("/api/new-actors", async (c) => {
    const q = new Query(c.req.url, ["from", "to", "limit"]);
    return c.json(await newActors(store, { from: q.date("from"), to: q.date("to"), limit: limitOf(q, 500, 100), isKnown: opts.isKnownActor ?? undefined }));
  });

  app.get("/api/documents", async (c) => {
    const q = new Query(c.req.url, ["from", "to", "q", "feed", "uncoded", "limit", "cursor"]);
    const text = q.string("q");
    if (text !== undefined && text.length > 200) throw badRequest("q: at most 200 characters");
    const feed = q.string("feed");
    if (feed !== undefined && feed.length > 500) throw badRequest("feed: at most 500 characters");
    const query = { from: q.date("from"), to: q.date("to"), q: text, feed, uncoded: q.bool("uncoded") };
    const page = await store.listDocuments(query, { limit: limitOf(q), cursor: cursorOf(q) ?? null });
    return c.json({ items: page.items, next: page.next });
  });

  app.get("/api/documents/:id", async (c) => {
    noParams(c);
    const d = await store.getDocument(pathId(c));
    if (!d) throw notFound("document");
    return c.json(d);
  });

  app.post("/api/ingest", write, limit, async (c) => {
    noParams(c);
    const b = await jsonBody(c);
    const req: IngestRequest = {
      text: bodyString(b, "text", 1_000_000), url: bodyString(b, "url", 2000), title: bodyString(b, "title", 500), date: bodyString(b, "date", 40),
    };
    if (!req.text === !req.url) throw badRequest("give exactly one of text or url");
    if (req.url && !/^https?:\/\/[^\s]+$/i.test(req.url)) throw badRequest("url must be an http(s) URL");
    if (req.date && !/^\d{4}-\d{2}-\d{2}/.test(req.date)) throw badRequest("date must be YYYY-MM-DD");
    if (!opts.ingest) throw new ApiError(501, "not_implemented", "ingestion is not available on this server");
    return c.json(await opts.ingest(req));
  });

  app.get("/api/export", async (c) => {
    const q = new Query(c.req.url, [...EVENT_FILTER_PARAMS, "format", "exclude_rejected"]);
    const format = q.oneOf("format", EXPORT_FORMATS) ?? "jsonl";
    const filter: EventFilter = eventFilter(q);
    if (format === "reviews" && Object.keys(filter).length > 0) throw badRequest("event filters do not apply to format=reviews");
    const out = new PassThrough();
    exportEvents(store, format, out, filter, { excludeRejected: q.bool("exclude_rejected") ?? false }).then(
      () => out.end(),
      (err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))),
    );
    const ext = { jsonl: "jsonl", csv: "csv", gdelt: "tsv", acled: "csv", plover: "json", reviews: "jsonl" }[format];
    const name = format === "reviews" ? "faultline-reviews" : "faultline-events";
    return new Response(Readable.toWeb(out) as ReadableStream, {
      headers: { "content-type": CONTENT_TYPES[format], "content-disposition": `attachment; filename="${name}.${ext}"` },
    });
  });

  app.get("/api/reviews", async (c) => {
    const q = new Query(c.req.url, ["event_id", "limit"]);
    const eventId = q.string("event_id", ID_RE, "an event id");
    return c.json({ items: await store.listReviews({ event_id: eventId, limit: limitOf(q, 500, 100) }) });
  });

  app.post("/api/reviews", write, limit, async (c) => {
    noParams(c);
    const b = await jsonBody(c);
    const eventId = bodyString(b, "event_id", 200, true) as string;
    if (!ID_RE.test(eventId)) throw badRequest("bad event_id");
    const verdict = b.verdict;
    if (verdict !== "right" && verdict !== "wrong") throw badRequest('verdict must be "right" or "wrong"');
    const corrections = b.corrections;
    if (corrections !== undefined && corrections !== null && (typeof corrections !== "object" || Array.isArray(corrections))) {
      throw badRequest("corrections must be a JSON object");
    }
    if (corrections && JSON.stringify(corrections).length > 20_000) throw badRequest("corrections: at most 20,000 characters of JSON");
    const { review, added } = await submitReview(
      store,
      {
        event_id: eventId, verdict, corrections: (corrections as Record<string, unknown> | null | undefined) ?? null,
        note: bodyString(b, "note", 2000) ?? null, by: bodyString(b, "by", 100) ?? "api",
      },
      opts.review ?? {},
    );
    return c.json(added ? { ...review, added_actor: added } : review, 201);
  });

  app.all("/api/*", (c) => c.json(errorBody("not_found", `no route ${c.req.method} ${new URL(c.req.url).pathname}`), 404));

  const web = opts.webDir ? await staticHandler(opts.webDir) : null;
  if (web) app.get("*", web);
  return app;
}
