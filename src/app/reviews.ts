/**
 * The review use cases: storing a verdict with corrections, and applying corrections
 * when events are read or exported.
 *
 * A review's `corrections` are stored complete, in the event-record contract's own
 * field names and meanings, so applying them needs no knowledge base:
 * - `{cameo: "193"}` from a reviewer becomes `cameo`, `cameo_root`, `goldstein`,
 *   `quad_class`, `plover` and `acled` of code 193 (the codebook's defaults);
 * - `{source: {id}}` / `{target: {id}}` becomes the contract Actor of that knowledge-base
 *   id with its role on the event's date (words and offsets kept from the coded actor);
 *   `{code}` instead (or with the id) sets the actor code (country and sector from it);
 *   `null` means "no such actor";
 * - `{add_actor: {name, kind, country, code, sector?, aliases?, unknown_id?}}` adds a
 *   named actor to the knowledge-base additions file (see kb-additions.ts); the event's
 *   side carrying that unknown id is corrected to the new actor.
 *
 * The latest review of an event is its current judgement (a later review replaces an
 * earlier one: the dashboard sends every correction still wanted, against the coded
 * values). Read and exported events carry it as an extra field (the contract allows
 * added fields): `review: {id, verdict, by, created_at, note, corrected, original}` where
 * `corrected` holds the corrected fields' new values and `original` the coded ones; the
 * contract fields themselves hold the corrected values.
 */
import { roleAt, type Actor, type EventRecord } from "../doc/index.js";
import type { ActorKB, NamedActorEntry } from "../ontology/actors/index.js";
import type { EventOntology } from "../ontology/events.js";
import type { EventStore, Review, StoredEvent } from "../store/index.js";
import { ActorAdditionError, type KbAdditions, type NewActorInput } from "./kb-additions.js";

/** A review that cannot be stored. */
export class ReviewError extends Error {
  constructor(
    message: string,
    readonly kind: "invalid" | "not_found" | "conflict" | "unavailable",
  ) {
    super(message);
  }
}

/** What reviewing needs besides the store (all optional; a missing one makes its correction unavailable). */
export interface ReviewContext {
  /** CAMEO codebook: completes a corrected code. */
  events?: EventOntology | null;
  /** The knowledge base (bundled + additions) to resolve corrected actor ids. */
  kb?: (() => ActorKB) | null;
  /** Where added actors go. */
  additions?: KbAdditions | null;
}

export interface ReviewRequest {
  event_id: string;
  verdict: "right" | "wrong";
  corrections?: Record<string, unknown> | null;
  note?: string | null;
  by: string;
}

/** The fields a review may correct, as the event-record contract names them. */
export const CORRECTED_FIELDS = ["cameo", "cameo_root", "goldstein", "quad_class", "plover", "acled", "source", "target"] as const;
type CorrectedField = (typeof CORRECTED_FIELDS)[number];

/** How a review shows on a read or exported event. */
export interface AppliedReview {
  id: string;
  verdict: "right" | "wrong";
  by: string;
  created_at: string;
  note: string | null;
  /** New values of the corrected contract fields. */
  corrected: Partial<Record<CorrectedField, unknown>>;
  /** Coded values of those fields. */
  original: Partial<Record<CorrectedField, unknown>>;
  /** Id of the actor this review added to the knowledge base, if any. */
  added_actor?: string;
}

export type ReviewedEvent<E extends EventRecord = StoredEvent> = E & { review?: AppliedReview };

const invalid = (m: string): never => {
  throw new ReviewError(m, "invalid");
};

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** The contract Actor for a correction of one side of `ev`. */
function correctedActor(ev: EventRecord, side: "source" | "target", v: unknown, ctx: ReviewContext): Actor | null {
  if (v === null) return null;
  if (!isObject(v)) return invalid(`corrections.${side}: an object {id} or {code}, or null`);
  for (const k of Object.keys(v)) if (k !== "id" && k !== "code") invalid(`corrections.${side}: unknown field "${k}" (allowed: id, code)`);
  const orig = ev[side];
  const at = { text: orig?.text ?? "", start: orig?.start ?? ev.evidence.start, end: orig?.end ?? ev.evidence.end };
  let actor: Actor | null = orig ? { ...orig } : null;
  if (v.id !== undefined) {
    if (typeof v.id !== "string" || !/^[\w:.\-/@ ]{1,200}$/.test(v.id)) invalid(`corrections.${side}.id: a knowledge-base id`);
    const kb = ctx.kb?.();
    if (!kb) throw new ReviewError("actor corrections need the knowledge base, which this server has not loaded", "unavailable");
    const ref = kb.get(v.id as string) ?? invalid(`corrections.${side}.id: "${String(v.id)}" is not in the knowledge base`);
    const role = roleAt(ref.roles, ev.date?.value);
    actor = {
      ...at, text: at.text || ref.name, name: ref.name, id: ref.id, code: role?.code ?? ref.country ?? "UNK",
      country: role ? role.country : ref.country, sector: role?.sector ?? null, kind: ref.kind,
    };
  }
  if (v.code !== undefined) {
    if (typeof v.code !== "string" || !/^[A-Z0-9]{3,18}$/.test(v.code)) invalid(`corrections.${side}.code: 3 to 18 capital letters or digits (e.g. PAKMIL)`);
    const code = v.code as string;
    const kb = ctx.kb?.() ?? null;
    const country = kb?.state(code.slice(0, 3)) ? code.slice(0, 3) : null;
    const sectors = new Set((kb?.sectors() ?? []).map((s) => s.code));
    const rest = country ? code.slice(3, 6) : code.slice(0, 3);
    const sector = sectors.has(rest) ? rest : null;
    actor = actor
      ? { ...actor, code, country, sector }
      : { ...at, text: at.text || code, name: code, id: country ? `agent:${code}` : `code:${code}`, code, country, sector, kind: "group" };
  }
  if (!actor) invalid(`corrections.${side}: give an id or a code`);
  return actor;
}

/** The complete corrections of a review request (see the module comment). */
function completeCorrections(ev: StoredEvent, c: Record<string, unknown>, ctx: ReviewContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(c)) {
    if (!["cameo", "source", "target", "add_actor"].includes(k)) invalid(`corrections: unknown field "${k}" (allowed: cameo, source, target, add_actor)`);
  }
  if (c.cameo !== undefined) {
    if (typeof c.cameo !== "string" || !/^\d{2,4}$/.test(c.cameo)) invalid("corrections.cameo: a CAMEO code (2 to 4 digits, as a string)");
    const code = c.cameo as string;
    if (!ctx.events) throw new ReviewError("code corrections need the CAMEO codebook, which this server has not loaded", "unavailable");
    const info = ctx.events.get(code) ?? invalid(`corrections.cameo: "${code}" is not a code of the CAMEO codebook`);
    Object.assign(out, {
      cameo: code, cameo_root: info.root, goldstein: info.goldstein, quad_class: info.quad,
      plover: { type: info.plover.type, mode: info.plover.mode ?? null }, acled: info.acled ?? null,
    });
  }
  for (const side of ["source", "target"] as const) if (c[side] !== undefined) out[side] = correctedActor(ev, side, c[side], ctx);
  return out;
}

/**
 * Store a review of one event (an event id or one of its mentions' record ids): checks
 * the corrections, adds a new actor to the knowledge-base additions when asked, and
 * stores the complete corrections. Throws ReviewError.
 */
export async function submitReview(store: EventStore, req: ReviewRequest, ctx: ReviewContext = {}): Promise<{ review: Review; added: NamedActorEntry | null }> {
  if (req.verdict !== "right" && req.verdict !== "wrong") invalid('verdict must be "right" or "wrong"');
  const c = req.corrections ?? null;
  if (c !== null && !isObject(c)) invalid("corrections must be a JSON object");
  const ev = await store.getEvent(req.event_id);
  if (!ev) throw new ReviewError("no such event", "not_found");
  const corrections = c ? completeCorrections(ev, c, ctx) : {};
  let added: NamedActorEntry | null = null;
  if (c && c.add_actor !== undefined) {
    const a = c.add_actor;
    if (!isObject(a)) return invalid("corrections.add_actor: an object {name, kind, country, code, sector?, aliases?, unknown_id?}");
    for (const k of Object.keys(a)) {
      if (!["name", "kind", "country", "code", "sector", "aliases", "unknown_id", "id"].includes(k)) invalid(`corrections.add_actor: unknown field "${k}"`);
    }
    if (a.aliases !== undefined && a.aliases !== null && !Array.isArray(a.aliases)) invalid("corrections.add_actor.aliases: a list of names");
    for (const k of ["name", "kind", "country", "code", "sector", "unknown_id", "id"]) {
      if (a[k] !== undefined && a[k] !== null && typeof a[k] !== "string") invalid(`corrections.add_actor.${k}: a string`);
    }
    const unknownId = typeof a.unknown_id === "string" && a.unknown_id ? a.unknown_id : null;
    if (unknownId !== null && !/^unknown:[^\s]/.test(unknownId)) invalid('corrections.add_actor.unknown_id: an id starting "unknown:"');
    if (!ctx.additions) throw new ReviewError("this server has no knowledge-base additions file (serve --kb-additions FILE, or a SQLite store)", "unavailable");
    try {
      added = await ctx.additions.add(a as unknown as NewActorInput);
    } catch (err) {
      if (err instanceof ActorAdditionError) throw new ReviewError(err.message, err.kind);
      throw err;
    }
    corrections.add_actor = { ...a, id: added.id, code: added.roles[0].code, country: added.country, sector: added.roles[0].sector };
    // The side the coder could not name is now the added actor (unless the reviewer corrected it otherwise).
    for (const side of ["source", "target"] as const) {
      if (unknownId && ev[side]?.id === unknownId && c[side] === undefined) corrections[side] = correctedActor(ev, side, { id: added.id }, ctx);
    }
  }
  const review = await store.putReview({
    event_id: ev.id, verdict: req.verdict, corrections: Object.keys(corrections).length ? corrections : null, note: req.note ?? null, by: req.by,
  });
  return { review, added };
}

/** `ev` with the corrections of `review` (its latest review) applied and the review attached. */
export function applyReview<E extends EventRecord>(ev: E, review: Review | undefined): ReviewedEvent<E> {
  if (!review) return ev;
  const c = review.corrections ?? {};
  const corrected: AppliedReview["corrected"] = {};
  const original: AppliedReview["original"] = {};
  const out: Record<string, unknown> = { ...(ev as unknown as Record<string, unknown>) };
  for (const k of CORRECTED_FIELDS) {
    if (!(k in c)) continue;
    // An actor correction from before corrections were stored complete ({id} alone) is not applied.
    if ((k === "source" || k === "target") && c[k] !== null && !(isObject(c[k]) && typeof c[k].code === "string" && typeof c[k].name === "string")) continue;
    if (k === "cameo" && typeof c[k] !== "string") continue;
    corrected[k] = c[k];
    original[k] = out[k] ?? null;
    out[k] = c[k];
  }
  // A bare code from an older review: keep the root consistent with it.
  if (typeof c.cameo === "string" && !("cameo_root" in c)) out.cameo_root = c.cameo.slice(0, 2);
  const applied: AppliedReview = {
    id: review.id, verdict: review.verdict, by: review.by, created_at: review.created_at, note: review.note, corrected, original,
  };
  const add = c.add_actor;
  if (isObject(add) && typeof add.id === "string") applied.added_actor = add.id;
  out.review = applied;
  return out as ReviewedEvent<E>;
}

/** The latest review of each of `ids`. */
export async function latestReviews(store: EventStore, ids: readonly string[]): Promise<Map<string, Review>> {
  const out = new Map<string, Review>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000) {
    const part = unique.slice(i, i + 1000);
    let before: string | undefined;
    for (;;) {
      const page = await store.listReviews({ event_ids: part, before, limit: 1000 });
      for (const r of page) if (!out.has(r.event_id)) out.set(r.event_id, r);
      if (page.length < 1000) break;
      before = page[page.length - 1].id;
    }
  }
  return out;
}

/** Every review, newest first, page by page. */
export async function* allReviews(store: EventStore): AsyncGenerator<Review> {
  let before: string | undefined;
  for (;;) {
    const page = await store.listReviews({ before, limit: 1000 });
    yield* page;
    if (page.length < 1000) return;
    before = page[page.length - 1].id;
  }
}

/** The latest review of every reviewed event. */
export async function latestReviewOfAll(store: EventStore): Promise<Map<string, Review>> {
  const out = new Map<string, Review>();
  for await (const r of allReviews(store)) if (!out.has(r.event_id)) out.set(r.event_id, r);
  return out;
}

/** One event with its latest review applied, or null. */
export async function reviewedEvent(store: EventStore, id: string): Promise<ReviewedEvent | null> {
  const ev = await store.getEvent(id);
  if (!ev) return null;
  const [r] = await store.listReviews({ event_id: ev.id, limit: 1 });
  return applyReview(ev, r);
}

/** Events with their latest reviews applied (a page of `queryEvents`). */
export async function reviewedEvents(store: EventStore, items: StoredEvent[]): Promise<ReviewedEvent[]> {
  const latest = await latestReviews(store, items.map((e) => e.id));
  return items.map((e) => applyReview(e, latest.get(e.id)));
}
