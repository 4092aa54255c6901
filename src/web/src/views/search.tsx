/** Search across events (evidence words and filters) and documents (title and text). */
import { useState } from "preact/hooks";
import { api, type EventFilters, type StoredEvent } from "../api";
import { EventFilterForm, filtersFrom } from "../components/event-filters";
import { EventTable } from "../components/event-table";
import { Await } from "../components/status";
import { useData } from "../components/use-data";
import { dateTime, num, plural } from "../format";
import { go, href, type Route } from "../router";

function EventResults({ filters, reset }: { filters: EventFilters; reset: string }) {
  const [pages, setPages] = useState<{ key: string; items: StoredEvent[]; next: string | null } | null>(null);
  const first = useData(() => api.events(filters, 50), [reset]);
  const more = pages?.key === reset ? pages : null;
  const loadMore = async () => {
    const cursor = more?.next ?? first.data?.next;
    if (!cursor) return;
    const p = await api.events(filters, 50, cursor);
    setPages({ key: reset, items: [...(more?.items ?? []), ...p.items], next: p.next });
  };
  return (
    <Await state={first}>
      {(p) => {
        const items = [...p.items, ...(more?.items ?? [])];
        const next = more ? more.next : p.next;
        return (
          <>
            <p class="muted" data-testid="event-count">{next ? `${num(items.length)}+ events` : plural(items.length, "event")}</p>
            <EventTable events={items} />
            {next && <button type="button" class="secondary" onClick={loadMore}>More events</button>}
          </>
        );
      }}
    </Await>
  );
}

function DocumentResults({ q }: { q: string }) {
  const docs = useData(() => (q ? api.documents(q, 20) : Promise.resolve(null)), [q]);
  if (!q) return <p class="muted">Type words to search the articles.</p>;
  return (
    <Await state={docs}>
      {(p) => !p || p.items.length === 0 ? <p class="muted">No articles.</p> : (
        <ul class="docs" data-testid="doc-results">
          {p.items.map((d) => (
            <li key={d.id}>
              <a href={href("search", { doc: d.id })}>{d.title ?? d.id}</a>
              <span class="muted"> · {d.date ?? "undated"} · {plural(d.n_mentions, "event")} · ingested {dateTime(d.ingested_at)}</span>
            </li>
          ))}
        </ul>
      )}
    </Await>
  );
}

export function SearchView({ route }: { route: Route }) {
  const filters: EventFilters = { ...filtersFrom(route.params) };
  const doc = route.params.get("doc");
  const actor = route.params.get("actor");
  if (doc) filters.doc = doc;
  if (actor) filters.actor = actor;
  const key = route.params.toString();
  return (
    <div class="stack">
      <EventFilterForm value={filters} onSubmit={(f) => go(href("search", { ...f }))} />
      {(doc || actor) && <p class="muted">Limited to {doc ? `document ${doc}` : `actor ${actor}`} · <a href={href("search", {})}>clear</a></p>}
      <div class="grid wide-left">
        <section class="panel" aria-labelledby="h-ev"><h2 id="h-ev">Events</h2><EventResults filters={filters} reset={key} /></section>
        <section class="panel" aria-labelledby="h-docs"><h2 id="h-docs">Articles</h2><DocumentResults q={filters.q ?? ""} /></section>
      </div>
    </div>
  );
}
