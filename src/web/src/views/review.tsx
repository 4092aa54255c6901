/**
 * Review desk: latest verdicts, and actors the coder met but the knowledge base
 * lacks. Adding one stores a review carrying an `add_actor` correction: the server
 * writes the actor to its knowledge-base additions file (future coding resolves it),
 * corrects the event to it, and the actor leaves this list.
 */
import { useState } from "preact/hooks";
import { api, type NewActor } from "../api";
import { Await } from "../components/status";
import { useData } from "../components/use-data";
import { keyLabel, num } from "../format";
import { href } from "../router";
import { ReviewList } from "./review-panel";

const KINDS = ["organization", "group", "person"];

function AddActorForm({ actor, onDone }: { actor: NewActor; onDone: (msg: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const data = new FormData(ev.currentTarget as HTMLFormElement);
    const field = (k: string) => String(data.get(k) ?? "").trim();
    try {
      const page = await api.events({ actor: `id=${actor.id}` }, 1);
      const first = page.items[0];
      if (!first) throw new Error("no event mentions this actor any more");
      const r = await api.review({
        event_id: first.id, verdict: "right", by: field("by") || "dashboard",
        corrections: {
          add_actor: {
            unknown_id: actor.id, name: field("name"), kind: field("kind"), country: field("country").toUpperCase() || null,
            code: field("code").toUpperCase() || null, sector: field("sector").toUpperCase() || null,
          },
        },
        note: `add ${actor.id} to the knowledge base`,
      });
      const added = r.added_actor;
      onDone(`Added ${field("name")} to the knowledge base${added ? ` as ${added.id} (${added.roles[0]?.code ?? ""})` : ""}.`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const slug = actor.id.replace(/^unknown:/, "").replace(/[^\w-]+/g, "-");
  return (
    <form class="inline-form" onSubmit={submit} aria-label={`Add ${slug} to the knowledge base`}>
      <div class="field"><label for={`n-${slug}`}>Name</label><input id={`n-${slug}`} name="name" required defaultValue={keyLabel(actor.id)} /></div>
      <div class="field"><label for={`k-${slug}`}>Kind</label><select id={`k-${slug}`} name="kind">{KINDS.map((k) => <option key={k}>{k}</option>)}</select></div>
      <div class="field"><label for={`c-${slug}`}>Country</label><input id={`c-${slug}`} name="country" size={4} maxLength={3} pattern="[A-Za-z]{3}" /></div>
      <div class="field"><label for={`cd-${slug}`}>Code</label><input id={`cd-${slug}`} name="code" size={9} maxLength={18} pattern="[A-Za-z0-9]{3,18}" title="country + sector, e.g. PAKBUS" /></div>
      <div class="field"><label for={`s-${slug}`}>Sector</label><input id={`s-${slug}`} name="sector" size={4} maxLength={3} pattern="[A-Za-z]{3}" title="when there is no code: REB, INS, BUS, ..." /></div>
      <div class="field"><label for={`b-${slug}`}>Reviewer</label><input id={`b-${slug}`} name="by" size={10} maxLength={100} /></div>
      <button type="submit">Add to knowledge base</button>
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}

function NewActors({ onAdded }: { onAdded: () => void }) {
  const list = useData(() => api.newActors(50), []);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section class="panel" aria-labelledby="h-new">
      <h2 id="h-new">Actors not in the knowledge base</h2>
      <p class="muted">Adding one writes it to the server's knowledge-base additions file: reports coded from now on name it.</p>
      {message && <p role="status" class="ok">{message}</p>}
      <Await state={list}>
        {(r) => r.actors.length === 0 ? <p class="muted">None seen in {r.period.from} – {r.period.to}.</p> : (
          <table class="rank">
            <thead><tr><th scope="col">Actor</th><th scope="col" class="num">Events</th><th scope="col">Seen</th><th scope="col">Action</th></tr></thead>
            <tbody>
              {r.actors.map((a) => (
                <tr key={a.id}>
                  <td><a href={href("search", { actor: `id=${a.id}` })}>{a.id}</a></td>
                  <td class="num">{num(a.events)}</td>
                  <td>{a.first_day} – {a.last_day}</td>
                  <td>{open === a.id ? <AddActorForm actor={a} onDone={(m) => { setMessage(m); setOpen(null); list.reload(); onAdded(); }} />
                    : <button type="button" class="secondary" onClick={() => setOpen(a.id)}>Add…</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Await>
    </section>
  );
}

export function ReviewView() {
  const reviews = useData(() => api.reviews(undefined, 50), []);
  return (
    <div class="stack">
      <NewActors onAdded={() => reviews.reload()} />
      <section class="panel" aria-labelledby="h-latest">
        <h2 id="h-latest">Latest reviews</h2>
        <Await state={reviews}>
          {(r) => <ReviewList reviews={r.items} linked />}
        </Await>
      </section>
    </div>
  );
}
