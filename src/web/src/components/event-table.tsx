/** A table of events: day, who did what to whom, where; each row links to the event. */
import type { StoredEvent } from "../api";
import { cameoName, QUAD_NAMES } from "../codebook";
import { actorLabel, placeLabel, signed } from "../format";
import { eventHref } from "../router";

export function EventTable({ events, caption }: { events: StoredEvent[]; caption?: string }) {
  if (events.length === 0) return <p class="muted">No events.</p>;
  return (
    <table class="events">
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th scope="col">Source</th>
          <th scope="col">Event</th>
          <th scope="col">Target</th>
          <th scope="col">Place</th>
          <th scope="col" class="num">Goldstein</th>
          <th scope="col">Modality</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} class={`quad-${e.quad_class}`}>
            <td class="nowrap">{e.day}</td>
            <td>{actorLabel(e.source)}</td>
            <td>
              <a href={eventHref(e.id)} title={QUAD_NAMES[e.quad_class]}>
                <span class="code">{e.cameo}</span> {cameoName(e.cameo)}
              </a>
            </td>
            <td>{actorLabel(e.target)}</td>
            <td>{placeLabel(e)}</td>
            <td class="num">{signed(e.goldstein)}</td>
            <td>{e.modality}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
