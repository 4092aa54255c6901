/**
 * Typed client of the Faultline HTTP API (same origin). Reads are plain GETs;
 * writes carry the bearer token the user typed in (kept in sessionStorage only).
 */

export type QuadClass = 1 | 2 | 3 | 4;

export interface Actor {
  text: string;
  start: number;
  end: number;
  name: string;
  id: string;
  code: string;
  country: string | null;
  sector: string | null;
  kind: string;
}

export interface EventRecord {
  id: string;
  doc_id: string;
  evidence: { sentence: string; sentence_index: number; start: number; end: number; trigger: { text: string; start: number; end: number } | null };
  cameo: string;
  cameo_root: string;
  goldstein: number;
  quad_class: QuadClass;
  plover: { type: string; mode: string | null } | null;
  acled: { event_type: string; sub_event_type: string } | null;
  source: Actor | null;
  target: Actor | null;
  date: { value: string; precision: string; basis: string; text: string | null };
  historical: boolean;
  location: {
    text: string; name: string; country: string | null; admin1: string | null; lat: number | null; lon: number | null; precision: string; geonames_id: number | null;
  } | null;
  fatalities: { killed: number | null; injured: number | null } | null;
  modality: string;
  confidence: number;
  rule: string;
}

export type EventMention = EventRecord & { url: string | null; title: string | null; published: string | null };

export type StoredEvent = EventRecord & {
  n_sources: number;
  n_articles: number;
  first_reported: string | null;
  day: string;
  mentions?: EventMention[];
};

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface StoredDocument {
  id: string;
  url: string | null;
  title: string | null;
  date: string | null;
  text: string;
  feed: string | null;
  ingested_at: string;
  coded_at: string | null;
  n_mentions: number;
}

export interface Status {
  backend: string;
  documents: number;
  coded_documents: number;
  mentions: number;
  events: number;
  alerts: number;
  reviews: number;
  jobs: { queued: number; running: number; done: number; failed: number };
  last_ingest: string | null;
  latest_event_day: string | null;
  writes_enabled: boolean;
  actors: number;
}

export interface Alert {
  id: string;
  key: string;
  kind: string;
  severity: "info" | "warning" | "critical";
  title: string;
  detail: { subject?: string; label?: string; window?: { from: string; to: string }; peak_day?: string; score?: number } | null;
  event_ids: string[];
  created_at: string;
  acked_at: string | null;
  acked_by: string | null;
}

export interface Ranked {
  key: string;
  events: number;
  material_conflict: number;
  goldstein_sum: number;
  goldstein_mean: number | null;
  intensity: number;
  killed: number;
  injured: number;
}

export interface Period {
  from: string;
  to: string;
}

export interface SeriesBucket {
  start: string;
  end: string;
  events: number;
  quad: [number, number, number, number];
  roots: Record<string, number>;
  goldstein_sum: number;
  goldstein_mean: number | null;
  killed: number;
  injured: number;
  sources: number;
  alleged: number;
  a_to_b: number;
}

export interface DyadSeries {
  a: string;
  b: string | null;
  interval: "day" | "week" | "month";
  from: string | null;
  to: string | null;
  buckets: SeriesBucket[];
  totals: Omit<SeriesBucket, "start" | "end">;
  excluded: { historical: number; modality: number; precision: number };
}

export interface NetworkNode {
  id: string;
  name: string | null;
  code: string | null;
  country: string | null;
  events: number;
  degree: number;
}

export interface NetworkEdge {
  a: string;
  b: string;
  events: number;
  goldstein_mean: number;
  tone: number;
  cooperative: number;
  conflictual: number;
}

export interface Network {
  period: Period;
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  strongest_cooperative: NetworkEdge[];
  strongest_conflictual: NetworkEdge[];
}

export interface ActorRole {
  code: string;
  country: string | null;
  sector: string | null;
  title: string | null;
  start: string | null;
  end: string | null;
}

export interface ActorInfo {
  id: string;
  name: string;
  kind: string;
  country: string | null;
  aliases: string[];
  roles: ActorRole[];
}

export interface Review {
  id: string;
  event_id: string;
  verdict: "right" | "wrong";
  corrections: Record<string, unknown> | null;
  note: string | null;
  by: string;
  created_at: string;
}

export interface NewActor {
  id: string;
  events: number;
  first_day: string;
  last_day: string;
}

/** An API error answer, with the server's code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Params = Record<string, string | number | boolean | null | undefined>;

/** A query string from the given parameters, leaving out empty ones. */
export function query(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? "?" + s : "";
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { ...init, headers: { accept: "application/json", ...(init?.headers ?? {}) } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, e?.code ?? "http_error", e?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}

const get = <T>(path: string, params: Params = {}): Promise<T> => request<T>(path + query(params));

const TOKEN_KEY = "faultline.token";

/** The write token of this browser tab ("" when none). */
export function writeToken(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

export function setWriteToken(token: string): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function post<T>(path: string, body: unknown): Promise<T> {
  return request<T>(path, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${writeToken()}` },
    body: JSON.stringify(body),
  });
}

/** Event filters as the API takes them (see docs/API.md). */
export interface EventFilters {
  from?: string;
  to?: string;
  actor?: string;
  dyad?: string;
  country?: string;
  near?: string;
  cameo?: string;
  root?: string;
  quad?: string;
  modality?: string;
  q?: string;
  doc?: string;
}

export const api = {
  status: () => get<Status>("/api/status"),
  events: (f: EventFilters, limit = 50, cursor?: string | null) => get<Page<StoredEvent>>("/api/events", { ...f, limit, cursor }),
  event: (id: string) => get<StoredEvent>(`/api/events/${encodeURIComponent(id)}`),
  document: (id: string) => get<StoredDocument>(`/api/documents/${encodeURIComponent(id)}`),
  documents: (q: string, limit = 20) => get<Page<StoredDocument>>("/api/documents", { q, limit }),
  series: (p: { a: string; b?: string; interval: string; from?: string; to?: string }) => get<DyadSeries>("/api/dyads/series", p),
  topDyads: (p: { from?: string; to?: string; limit?: number; key?: string }) => get<{ period: Period; dyads: (Ranked & { a: string; b: string })[] }>("/api/dyads/top", p),
  topCountries: (p: { from?: string; to?: string; limit?: number }) => get<{ period: Period; countries: Ranked[] }>("/api/countries/top", p),
  network: (p: { from?: string; to?: string; key?: string; min_events?: number }) => get<Network>("/api/network", p),
  alerts: (p: { acked?: boolean; limit?: number }) => get<{ items: Alert[] }>("/api/alerts", p),
  ackAlert: (id: string) => post<{ id: string; acked: boolean }>(`/api/alerts/${encodeURIComponent(id)}/ack`, { by: "dashboard" }),
  actors: (q: string, limit = 10) => get<{ items: ActorInfo[] }>("/api/actors", { q, limit }),
  actor: (id: string) => get<ActorInfo>(`/api/actors/${encodeURIComponent(id)}`),
  newActors: (limit = 50) => get<{ period: Period; actors: NewActor[] }>("/api/new-actors", { limit }),
  reviews: (eventId?: string, limit = 50) => get<{ items: Review[] }>("/api/reviews", { event_id: eventId, limit }),
  review: (r: { event_id: string; verdict: "right" | "wrong"; corrections?: Record<string, unknown> | null; note?: string; by?: string }) =>
    post<Review>("/api/reviews", r),
};
