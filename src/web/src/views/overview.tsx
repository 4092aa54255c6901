/** Overview: ingest status, active alerts, most active dyads and countries, recent events. */
import { useState } from "preact/hooks";
import { api, writeToken, type Alert, type Ranked } from "../api";
import { countryName } from "../codebook";
import { EventTable } from "../components/event-table";
import { Await } from "../components/status";
import { useData } from "../components/use-data";
import { dateTime, keyLabel, num, signed } from "../format";
import { eventHref, href, type Route } from "../router";

/** A promise that never settles: the panel keeps showing "Loading…" until its input is known. */
const pending = <T,>(): Promise<T> => new Promise<T>(() => undefined);

function StatusPanel() {
  const s = useData(() => api.status(), []);
  return (
    <section class="panel" aria-labelledby="h-status">
      <h2 id="h-status">Ingest status</h2>
      <Await state={s}>
        {(st) => (
          <dl class="stats">
            <div><dt>Events</dt><dd data-testid="stat-events">{num(st.events)}</dd></div>
            <div><dt>Mentions</dt><dd>{num(st.mentions)}</dd></div>
            <div><dt>Documents</dt><dd>{num(st.documents)} <small>({num(st.coded_documents)} coded)</small></dd></div>
            <div><dt>Latest event day</dt><dd>{st.latest_event_day ?? "—"}</dd></div>
            <div><dt>Last ingest</dt><dd>{dateTime(st.last_ingest)}</dd></div>
            <div><dt>Queue</dt><dd>{num(st.jobs.queued)} queued · {num(st.jobs.failed)} failed</dd></div>
            <div><dt>Store</dt><dd>{st.backend}{st.writes_enabled ? "" : " (read-only)"}</dd></div>
          </dl>
        )}
      </Await>
    </section>
  );
}

function AlertList({ alerts, onAck }: { alerts: Alert[]; onAck: () => void }) {
  const [error, setError] = useState<string | null>(null);
  if (alerts.length === 0) return <p class="muted">No open alerts.</p>;
  const ack = (id: string) => api.ackAlert(id).then(onAck, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  return (
    <>
      {error && <p class="error" role="alert">{error}</p>}
      <ul class="alerts">
        {alerts.map((a) => (
          <li key={a.id} class={`sev-${a.severity}`}>
            <span class="badge">{a.severity}</span> {a.title}
            {a.detail?.window && <span class="muted"> · {a.detail.window.from} – {a.detail.window.to}</span>}
            {a.event_ids[0] && <> · <a href={eventHref(a.event_ids[0])}>top event</a></>}
            {writeToken() && <> · <button type="button" class="link" onClick={() => ack(a.id)}>acknowledge</button></>}
          </li>
        ))}
      </ul>
    </>
  );
}

/** A ranking of dyads or countries; `name` and `link` say what each row is called and where it leads. */
function RankTable<R extends Ranked>({ rows, label, name, link }: { rows: R[]; label: string; name: (r: R) => string; link: (r: R) => string }) {
  if (rows.length === 0) return <p class="muted">No events in the period.</p>;
  return (
    <table class="rank">
      <thead>
        <tr><th scope="col">{label}</th><th scope="col" class="num">Events</th><th scope="col" class="num">Material conflict</th><th scope="col" class="num">Killed</th><th scope="col" class="num">Mean Goldstein</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td><a href={link(r)}>{name(r)}</a></td>
            <td class="num">{num(r.events)}</td>
            <td class="num">{num(r.material_conflict)}</td>
            <td class="num">{num(r.killed)}</td>
            <td class="num">{signed(r.goldstein_mean)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Ranking periods offered, in days up to the latest event. */
const PERIODS = [7, 30, 90, 365];
/** A week by default: the rankings are summed from the rollup per request, so short periods keep the overview quick on big stores. */
const DEFAULT_DAYS = 7;

/** The day `n - 1` days before `day` (YYYY-MM-DD), so that the period holds n days. */
function periodStart(day: string, n: number): string {
  return new Date(Date.parse(day + "T00:00:00Z") - (n - 1) * 86_400_000).toISOString().slice(0, 10);
}

export function Overview({ route }: { route: Route }) {
  const asked = Number(route.params.get("days"));
  const days = PERIODS.includes(asked) ? asked : DEFAULT_DAYS;
  const alerts = useData(() => api.alerts({ acked: false, limit: 8 }), []);
  const recent = useData(() => api.events({}, 15), []);
  /* The rankings' period ends on the latest event day, read from the newest event (the server's default period if that failed). */
  const ready = recent.data !== null || recent.error !== null;
  const latest = recent.data?.items[0]?.day ?? null;
  const period = latest ? { from: periodStart(latest, days), to: latest, limit: 8 } : { limit: 8 };
  const dyads = useData(() => (ready ? api.topDyads(period) : pending<Awaited<ReturnType<typeof api.topDyads>>>()), [ready, latest, days]);
  const countries = useData(() => (ready ? api.topCountries(period) : pending<Awaited<ReturnType<typeof api.topCountries>>>()), [ready, latest, days]);
  return (
    <div class="grid overview">
      <nav class="periods wide" aria-label="Ranking period">
        Rankings over the last{" "}
        {PERIODS.map((n) => (
          <a key={n} href={href("overview", { days: String(n) })} aria-current={n === days ? "true" : undefined}>{n} days</a>
        ))}
        {"from" in period && <span class="muted"> · {period.from} – {period.to}</span>}
      </nav>
      <StatusPanel />
      <section class="panel" aria-labelledby="h-alerts">
        <h2 id="h-alerts">Active alerts</h2>
        <Await state={alerts}>{(r) => <AlertList alerts={r.items} onAck={alerts.reload} />}</Await>
      </section>
      <section class="panel" aria-labelledby="h-dyads">
        <h2 id="h-dyads">Most active dyads</h2>
        <Await state={dyads}>
          {(r) => (
            <RankTable label="Dyad" rows={r.dyads} name={(d) => `${d.a_name ?? keyLabel(d.a)} – ${d.b_name ?? keyLabel(d.b)}`} link={(d) => href("dyad", { a: d.a, b: d.b })} />
          )}
        </Await>
      </section>
      <section class="panel" aria-labelledby="h-countries">
        <h2 id="h-countries">Most active countries</h2>
        <Await state={countries}>
          {(r) => <RankTable label="Country" rows={r.countries} name={(c) => countryName(c.key)} link={(c) => href("map", { country: c.key })} />}
        </Await>
      </section>
      <section class="panel wide" aria-labelledby="h-recent">
        <h2 id="h-recent">Recent events</h2>
        <Await state={recent}>{(p) => <EventTable events={p.items} />}</Await>
      </section>
    </div>
  );
}
