/**
 * Mark one event right or wrong and correct its actors or code; shows the correction in
 * effect (the event's latest review: the event shown is already corrected) and earlier
 * verdicts. A new review replaces the judgement, so the form sends every correction
 * still wanted, measured against the coded (original) values.
 */
import { useState } from "preact/hooks";
import { api, writeToken, type Actor, type AppliedReview, type Review, type StoredEvent } from "../api";
import { cameoName } from "../codebook";
import { ActorPicker } from "../components/actor-picker";
import { Await } from "../components/status";
import { useData } from "../components/use-data";
import { dateTime } from "../format";
import { eventHref } from "../router";

/** The event as coded: the review's original values put back. */
function codedOf(e: StoredEvent): { cameo: string; source: Actor | null; target: Actor | null } {
  const o = e.review?.original ?? {};
  return {
    cameo: "cameo" in o ? String(o.cameo) : e.cameo,
    source: "source" in o ? (o.source as Actor | null) : e.source,
    target: "target" in o ? (o.target as Actor | null) : e.target,
  };
}

/** Corrections as typed in the form against the coded values, empty fields left out. */
function correctionsOf(data: FormData, e: StoredEvent): Record<string, unknown> | null {
  const coded = codedOf(e);
  const c: Record<string, unknown> = {};
  const cameo = String(data.get("cameo") ?? "").trim();
  if (cameo && cameo !== coded.cameo) c.cameo = cameo;
  for (const side of ["source", "target"] as const) {
    const v = String(data.get(side) ?? "").trim();
    if (v && v !== (coded[side]?.id ?? "")) c[side] = { id: v };
    // A corrected actor that is not a knowledge-base id (a code correction) is kept as its code.
    else if (v && e[side] && e[side]?.id === v && e[side]?.code !== coded[side]?.code) c[side] = { code: e[side]?.code };
  }
  return Object.keys(c).length ? c : null;
}

const actorLabel = (a: unknown): string => {
  if (!a || typeof a !== "object") return "none";
  const x = a as Actor;
  return `${x.name} (${x.id}, ${x.code})`;
};

/** The correction in effect: what the latest review changed, from what. */
export function AppliedCorrection({ review }: { review: AppliedReview }) {
  const rows: [string, string, string][] = [];
  const { corrected: c, original: o } = review;
  if ("cameo" in c) rows.push(["CAMEO code", `${String(o.cameo)} ${cameoName(String(o.cameo))}`, `${String(c.cameo)} ${cameoName(String(c.cameo))}`]);
  if ("source" in c) rows.push(["Source", actorLabel(o.source), actorLabel(c.source)]);
  if ("target" in c) rows.push(["Target", actorLabel(o.target), actorLabel(c.target)]);
  return (
    <div class={`applied ${review.verdict}`} data-testid="applied-review">
      <p>
        In effect: <span class={`verdict ${review.verdict}`}>{review.verdict}</span> by {review.by}, {dateTime(review.created_at)}
        {review.verdict === "wrong" && <> · flagged as wrong (kept in exports unless rejected events are excluded)</>}
        {review.added_actor && <> · added <code>{review.added_actor}</code> to the knowledge base</>}
      </p>
      {rows.length > 0 ? (
        <table class="corrections">
          <thead><tr><th scope="col">Field</th><th scope="col">Coded</th><th scope="col">Corrected (shown)</th></tr></thead>
          <tbody>{rows.map(([f, from, to]) => <tr key={f}><th scope="row">{f}</th><td><del>{from}</del></td><td><ins>{to}</ins></td></tr>)}</tbody>
        </table>
      ) : <p class="muted">No corrections: the coded values stand.</p>}
    </div>
  );
}

/** A short reading of stored corrections (complete actors and codebook values are long). */
function summary(c: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof c.cameo === "string") parts.push(`cameo ${c.cameo}`);
  for (const side of ["source", "target"] as const) {
    if (!(side in c)) continue;
    const a = c[side] as { id?: string; code?: string } | null;
    parts.push(`${side} ${a ? [a.id, a.code].filter(Boolean).join(" ") : "none"}`);
  }
  const add = c.add_actor as { id?: string; name?: string; code?: string } | undefined;
  if (add) parts.push(`added ${add.id ?? add.name ?? "?"}${add.code ? ` (${add.code})` : ""}`);
  return parts.join("; ") || JSON.stringify(c);
}

/** Verdicts, newest first; `linked` adds a link to each reviewed event. */
export function ReviewList({ reviews, linked }: { reviews: Review[]; linked?: boolean }) {
  if (reviews.length === 0) return <p class="muted">Not reviewed yet.</p>;
  return (
    <ul class="reviews" data-testid="reviews">
      {reviews.map((r) => (
        <li key={r.id}>
          <span class={`verdict ${r.verdict}`}>{r.verdict}</span>{linked && <> <a href={eventHref(r.event_id)}>{r.event_id}</a></>} by {r.by}, {dateTime(r.created_at)}
          {r.corrections && <> · corrections: <code>{summary(r.corrections)}</code></>}
          {r.note && <> · “{r.note}”</>}
        </li>
      ))}
    </ul>
  );
}

export function ReviewPanel({ event, onSaved }: { event: StoredEvent; onSaved?: () => void }) {
  const reviews = useData(() => api.reviews(event.id), [event.id]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [source, setSource] = useState(event.source?.id ?? "");
  const [target, setTarget] = useState(event.target?.id ?? "");
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const form = ev.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const verdict = data.get("verdict") === "wrong" ? "wrong" : "right";
    try {
      await api.review({
        event_id: event.id, verdict, corrections: correctionsOf(data, event),
        note: String(data.get("note") ?? "").trim() || undefined, by: String(data.get("by") ?? "").trim() || "dashboard",
      });
      setMessage({ ok: true, text: "Saved." });
      reviews.reload();
      onSaved?.();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <section class="panel" aria-labelledby="h-review">
      <h2 id="h-review">Review</h2>
      {event.review ? <AppliedCorrection review={event.review} /> : <p class="muted">No review in effect: the values shown are as coded.</p>}
      <Await state={reviews}>{(r) => <ReviewList reviews={r.items} />}</Await>
      <form class="review-form" onSubmit={submit} aria-label="Review this event">
        <fieldset>
          <legend>Verdict</legend>
          <label><input type="radio" name="verdict" value="right" defaultChecked /> Right</label>
          <label><input type="radio" name="verdict" value="wrong" /> Wrong</label>
        </fieldset>
        <div class="field"><label for="r-cameo">CAMEO code</label>
          <input id="r-cameo" name="cameo" type="text" inputMode="numeric" pattern="\d{2,4}" defaultValue={event.cameo} title={cameoName(event.cameo)} /></div>
        <ActorPicker id="r-source" name="source" label="Source actor id" value={source} onChange={setSource} />
        <ActorPicker id="r-target" name="target" label="Target actor id" value={target} onChange={setTarget} />
        <div class="field grow"><label for="r-note">Note</label><input id="r-note" name="note" type="text" maxLength={2000} /></div>
        <div class="field"><label for="r-by">Reviewer</label><input id="r-by" name="by" type="text" maxLength={100} /></div>
        <button type="submit">Save review</button>
        {!writeToken() && <p class="hint">Reviews need the server's write token (field at the top right).</p>}
        {message && <p role="status" class={message.ok ? "ok" : "error"}>{message.text}</p>}
      </form>
    </section>
  );
}
