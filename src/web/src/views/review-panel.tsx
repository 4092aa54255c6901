/** Mark one event right or wrong and correct its actors or code; shows earlier verdicts. */
import { useState } from "preact/hooks";
import { api, writeToken, type Review, type StoredEvent } from "../api";
import { cameoName } from "../codebook";
import { ActorPicker } from "../components/actor-picker";
import { Await } from "../components/status";
import { useData } from "../components/use-data";
import { dateTime } from "../format";
import { eventHref } from "../router";

/** Corrections as typed in the form, empty fields left out. */
function correctionsOf(data: FormData, e: StoredEvent): Record<string, unknown> | null {
  const c: Record<string, unknown> = {};
  const cameo = String(data.get("cameo") ?? "").trim();
  if (cameo && cameo !== e.cameo) c.cameo = cameo;
  for (const side of ["source", "target"] as const) {
    const v = String(data.get(side) ?? "").trim();
    if (v && v !== (e[side]?.id ?? "")) c[side] = { id: v };
  }
  return Object.keys(c).length ? c : null;
}

/** Verdicts, newest first; `linked` adds a link to each reviewed event. */
export function ReviewList({ reviews, linked }: { reviews: Review[]; linked?: boolean }) {
  if (reviews.length === 0) return <p class="muted">Not reviewed yet.</p>;
  return (
    <ul class="reviews" data-testid="reviews">
      {reviews.map((r) => (
        <li key={r.id}>
          <span class={`verdict ${r.verdict}`}>{r.verdict}</span>{linked && <> <a href={eventHref(r.event_id)}>{r.event_id}</a></>} by {r.by}, {dateTime(r.created_at)}
          {r.corrections && <> · corrections: <code>{JSON.stringify(r.corrections)}</code></>}
          {r.note && <> · “{r.note}”</>}
        </li>
      ))}
    </ul>
  );
}

export function ReviewPanel({ event }: { event: StoredEvent }) {
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
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <section class="panel" aria-labelledby="h-review">
      <h2 id="h-review">Review</h2>
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
