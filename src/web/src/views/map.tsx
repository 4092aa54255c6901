/** Map of events matching the filters (up to 500, newest first). */
import { useState } from "preact/hooks";
import { api, type EventFilters } from "../api";
import { QUAD_COLORS, QUAD_NAMES, cameoName } from "../codebook";
import { EventFilterForm, filtersFrom } from "../components/event-filters";
import { Await } from "../components/status";
import { useData } from "../components/use-data";
import { WorldMap } from "../components/world-map";
import { actorLabel, num, placeLabel } from "../format";
import { go, href, type Route } from "../router";

export function MapView({ route }: { route: Route }) {
  const filters = filtersFrom(route.params);
  const key = route.params.toString();
  const events = useData(() => api.events(filters, 500), [key]);
  const apply = (f: EventFilters) => go(href("map", { ...f }));
  const [world, setWorld] = useState(false);
  return (
    <div class="stack">
      <EventFilterForm value={filters} onSubmit={apply} />
      <section class="panel" aria-labelledby="h-map">
        <h2 id="h-map">Events on the map</h2>
        <Await state={events}>
          {(p) => {
            const located = p.items.filter((e) => e.location && e.location.lat !== null && e.location.lon !== null);
            return (
              <>
                <p class="muted" data-testid="map-count">{num(located.length)} of {num(p.items.length)}{p.next ? "+" : ""} events have coordinates.</p>
                <p class="map-tools">
                  <label><input type="checkbox" checked={world} onChange={(e) => setWorld(e.currentTarget.checked)} /> Whole world</label>
                </p>
                <WorldMap fit={!world} label="Map of the events" points={located.map((e) => ({
                  id: e.id, lat: e.location!.lat!, lon: e.location!.lon!, quad: e.quad_class, precision: e.location!.precision,
                  label: `${e.day}: ${actorLabel(e.source)} — ${cameoName(e.cameo)} — ${actorLabel(e.target)}, ${placeLabel(e)}`,
                }))} />
                <ul class="legend" aria-label="Legend">
                  {[1, 2, 3, 4].map((q) => <li key={q}><span class="swatch" data-quad={q} style={{ background: QUAD_COLORS[q] }} />{QUAD_NAMES[q]}</li>)}
                  <li><span class="swatch ring" />place coarser than a city</li>
                </ul>
              </>
            );
          }}
        </Await>
      </section>
    </div>
  );
}
