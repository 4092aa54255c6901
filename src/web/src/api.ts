/**
 * Typed client of the Faultline HTTP API (same origin). Reads are plain GETs;
 * writes carry the bearer token the user typed in (kept in sessionStorage only).
 */

import type { Actor, EventRecord, QuadClass } from "../../doc/record.js";
import type { Alert as StoredAlert, EventMention, Page, Review, StoreStats, StoredDocument } from "../../store/types.js";
import type { DyadSeries, SeriesBucket } from "../../analytics/series.js";
import type { Network as PeriodNetwork, NetworkEdge, NetworkNode } from "../../analytics/network.js";
import type { NewActor, Period, Ranked } from "../../app/query.js";
import type { ActorInfo, ActorRole } from "../../api/actors.js";
import type { AppliedReview, ReviewedEvent } from "../../app/reviews.js";
import type { NamedActorEntry } from "../../ontology/actors/types.js";

/*
 * The wire types are the server's own, imported type-only (erased by the build, so
 * no server code reaches the bundle); only the shapes the API adds are declared here.
 */
export type {
  Actor, ActorInfo, ActorRole, DyadSeries, EventMention, EventRecord, NetworkEdge, NetworkNode, NewActor, Page, Period, QuadClass, Ranked,
  AppliedReview, NamedActorEntry, Review, SeriesBucket, StoredDocument,
};

/** An event as the API returns it: corrected by its latest review, which it carries (`review`). */
export type StoredEvent = ReviewedEvent;

/** `/api/status`: the store counts plus what the server adds. */
export type Status = StoreStats & {
  last_ingest: string | null;
  latest_event_day: string | null;
  writes_enabled: boolean;
  actors: number;
  /** True when the server has a knowledge-base additions file (actors can be added). */
  kb_additions: boolean;
};

/** The `detail` fields of an alert the dashboard reads (the store keeps free JSON). */
export interface AlertDetail {
  subject?: string;
  label?: string;
  window?: Period;
  peak_day?: string;
  score?: number;
}

/** An alert as the API returns it. */
export type Alert = Omit<StoredAlert, "detail"> & { detail: AlertDetail | null };

/** `/api/network`: the network of a period. */
export type Network = PeriodNetwork & { period: Period };

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

/** Keep (or, with "", forget) the write token for this browser tab. */
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
  topDyads: (p: { from?: string; to?: string; limit?: number; key?: string }) => get<{ period: Period; dyads: (Ranked & { a: string; b: string; a_name?: string | null; b_name?: string | null })[] }>("/api/dyads/top", p),
  topCountries: (p: { from?: string; to?: string; limit?: number }) => get<{ period: Period; countries: Ranked[] }>("/api/countries/top", p),
  network: (p: { from?: string; to?: string; key?: string; min_events?: number }) => get<Network>("/api/network", p),
  alerts: (p: { acked?: boolean; limit?: number }) => get<{ items: Alert[] }>("/api/alerts", p),
  ackAlert: (id: string) => post<{ id: string; acked: boolean }>(`/api/alerts/${encodeURIComponent(id)}/ack`, { by: "dashboard" }),
  actors: (q: string, limit = 10) => get<{ items: ActorInfo[] }>("/api/actors", { q, limit }),
  actor: (id: string) => get<ActorInfo>(`/api/actors/${encodeURIComponent(id)}`),
  newActors: (limit = 50) => get<{ period: Period; actors: NewActor[] }>("/api/new-actors", { limit }),
  reviews: (eventId?: string, limit = 50) => get<{ items: Review[] }>("/api/reviews", { event_id: eventId, limit }),
  review: (r: { event_id: string; verdict: "right" | "wrong"; corrections?: Record<string, unknown> | null; note?: string; by?: string }) =>
    post<Review & { added_actor?: NamedActorEntry }>("/api/reviews", r),
};
