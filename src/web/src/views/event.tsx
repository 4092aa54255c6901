/**
 * Event view: the codes in plain words, actors and their roles on the event's date,
 * place, date basis, modality and confidence, and every source article with the
 * evidence sentence highlighted; plus the review form.
 */
import { api, ApiError, type Actor, type ActorInfo, type EventMention, type StoredEvent } from "../api";
import { acledDefinition, cameoName, countryName, ploverDefinition, QUAD_NAMES } from "../codebook";
import { Highlighted } from "../components/highlight";
import { Await } from "../components/status";
import { useData } from "../components/use-data";
import { WorldMap } from "../components/world-map";
import { actorLabel, placeLabel, plural, signed } from "../format";
import { ReviewPanel } from "./review-panel";

/** The role an actor held on a day (roles without dates always hold). */
function roleOn(info: ActorInfo, day: string) {
  return info.roles.find((r) => (!r.start || r.start <= day) && (!r.end || day <= r.end)) ?? null;
}

function ActorCard({ role, actor, day }: { role: string; actor: Actor | null; day: string }) {
  const info = useData<ActorInfo | null>(
    () => (actor?.id ? api.actor(actor.id).catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))) : Promise.resolve(null)),
    [actor?.id],
  );
  if (!actor) return <div class="card"><h3>{role}</h3><p class="muted">Not identified.</p></div>;
  const held = info.data ? roleOn(info.data, day) : null;
  return (
    <div class="card" data-testid={`actor-${role.toLowerCase()}`}>
      <h3>{role}</h3>
      <p class="big">{actor.name}</p>
      <dl class="kv">
        <dt>Code on {day}</dt><dd><span class="code">{actor.code || "—"}</span></dd>
        <dt>Country</dt><dd>{countryName(actor.country)}</dd>
        <dt>Sector</dt><dd>{actor.sector ?? "—"}</dd>
        <dt>Kind</dt><dd>{actor.kind}</dd>
        <dt>Words in the text</dt><dd>“{actor.text}”</dd>
        <dt>Knowledge base</dt>
        <dd>{info.loading ? "…" : info.data ? <>{info.data.name} <span class="muted">({actor.id})</span>{held?.title ? `: ${held.title}` : ""}{held && (held.start || held.end) ? ` (${held.start ?? "…"} – ${held.end ?? "…"})` : ""}</> : <span class="warn">not in the knowledge base ({actor.id})</span>}</dd>
      </dl>
    </div>
  );
}

function Codes({ e }: { e: StoredEvent }) {
  return (
    <dl class="kv codes">
      <dt>CAMEO</dt><dd><span class="code">{e.cameo}</span> {cameoName(e.cameo)} <span class="muted">(root {e.cameo_root}: {cameoName(e.cameo_root)})</span></dd>
      <dt>Quad class</dt><dd>{e.quad_class} · {QUAD_NAMES[e.quad_class]}</dd>
      <dt>Goldstein</dt><dd>{signed(e.goldstein)} <span class="muted">on a scale from −10 (most conflictual) to +10 (most cooperative)</span></dd>
      <dt>PLOVER</dt><dd>{e.plover ? <>{e.plover.type}{e.plover.mode ? ` / ${e.plover.mode}` : ""} <span class="muted">— {ploverDefinition(e.plover.type)}</span></> : "—"}</dd>
      <dt>ACLED</dt><dd>{e.acled ? <>{e.acled.event_type} / {e.acled.sub_event_type} <span class="muted">— {acledDefinition(e.acled.event_type)}</span></> : "no ACLED type applies"}</dd>
    </dl>
  );
}

function Facts({ e }: { e: StoredEvent }) {
  return (
    <dl class="kv">
      <dt>Date</dt><dd>{e.date.value} <span class="muted">({e.date.precision} precision; {basisWords(e.date.basis)}{e.date.text ? `: “${e.date.text}”` : ""})</span></dd>
      <dt>Filed under</dt><dd>{e.day}{e.historical ? " · background history, not news" : ""}</dd>
      <dt>Place</dt><dd>{placeLabel(e)}{e.location ? <span class="muted"> ({e.location.precision} precision{e.location.text !== e.location.name ? `; text: “${e.location.text}”` : ""})</span> : null}</dd>
      <dt>Modality</dt><dd>{e.modality}</dd>
      <dt>Fatalities</dt><dd>{e.fatalities ? `${e.fatalities.killed ?? "?"} killed, ${e.fatalities.injured ?? "?"} injured` : "none stated"}</dd>
      <dt>Confidence</dt><dd>{Math.round(e.confidence * 100)}%</dd>
      <dt>Reported by</dt><dd>{plural(e.n_sources, "source")}, {plural(e.n_articles, "article")}; first {e.first_reported ?? "—"}</dd>
    </dl>
  );
}

function basisWords(basis: string): string {
  if (basis === "stated") return "stated in the text";
  if (basis === "relative") return "resolved against the publication date";
  if (basis === "publication") return "no date in the text: publication date";
  return basis;
}

function Source({ m, n }: { m: EventMention; n: number }) {
  const doc = useData(() => api.document(m.doc_id), [m.doc_id]);
  return (
    <article class="source" aria-labelledby={`src-${n}`}>
      <h3 id={`src-${n}`}>{m.title ?? m.doc_id}</h3>
      <p class="muted">
        {m.published ?? "undated"}{m.url ? <> · <a href={m.url} rel="noopener noreferrer" target="_blank">{m.url}</a></> : null}
        {" "}· rule <code class="rule">{m.rule}</code> · trigger “{m.evidence.trigger?.text ?? "—"}” · {cameoName(m.cameo)} · {m.modality}
      </p>
      <blockquote class="evidence-sentence">{m.evidence.sentence}</blockquote>
      <Await state={doc}>
        {(d) => <Highlighted text={d.text} start={m.evidence.start} end={m.evidence.end} trigger={m.evidence.trigger} />}
      </Await>
    </article>
  );
}

export function EventView({ id }: { id: string }) {
  const ev = useData(() => api.event(id), [id]);
  return (
    <Await state={ev}>
      {(e) => (
        <div class="stack">
          <header class="event-head">
            <p class="muted">Event <code>{e.id}</code>{e.review && <> · <span class={`verdict ${e.review.verdict}`}>reviewed {e.review.verdict}</span>{Object.keys(e.review.corrected).length > 0 && " · corrected values shown"}</>}</p>
            <h2 data-testid="event-title">{actorLabel(e.source)} → {cameoName(e.cameo)} → {actorLabel(e.target)}</h2>
          </header>
          <div class="grid two">
            <section class="panel" aria-labelledby="h-codes"><h2 id="h-codes">Codes</h2><Codes e={e} /></section>
            <section class="panel" aria-labelledby="h-facts"><h2 id="h-facts">When, where, how sure</h2><Facts e={e} /></section>
          </div>
          <div class="grid three">
            <ActorCard role="Source" actor={e.source} day={e.day} />
            <ActorCard role="Target" actor={e.target} day={e.day} />
            <div class="card">
              <h3>Place</h3>
              {e.location && e.location.lat !== null && e.location.lon !== null
                ? <WorldMap small focus={{ lat: e.location.lat, lon: e.location.lon }} label={`Map of ${placeLabel(e)}`}
                  points={[{ id: e.id, lat: e.location.lat, lon: e.location.lon, quad: e.quad_class, label: placeLabel(e), precision: e.location.precision }]} />
                : <p class="muted">No coordinates.</p>}
              <p class="muted">{placeLabel(e)}{e.location ? ` · ${e.location.precision} precision` : ""}</p>
            </div>
          </div>
          <section class="panel" aria-labelledby="h-sources">
            <h2 id="h-sources">Sources and evidence ({(e.mentions ?? []).length})</h2>
            {(e.mentions ?? []).map((m, i) => <Source key={m.id} m={m} n={i} />)}
          </section>
          <ReviewPanel event={e} onSaved={() => ev.reload()} />
        </div>
      )}
    </Await>
  );
}
