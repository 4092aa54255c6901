/**
 * Relationship view: two actors' cooperation and conflict over time (quad classes),
 * fatalities, event mix and alerts; a click on a point lists the events behind it.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, type Alert, type DyadSeries, type EventFilters } from "../api";
import { cameoName, QUAD_COLORS, QUAD_NAMES } from "../codebook";
import { ActorPicker } from "../components/actor-picker";
import { Chart, type ChartClick, type ChartOption } from "../components/chart";
import { EventTable } from "../components/event-table";
import { Await } from "../components/status";
import { useData } from "../components/use-data";
import { keyLabel, num, signed } from "../format";
import { go, href, type Route } from "../router";

/** The preset pair: Pakistan and Afghanistan, whose government since August 2021 is the Taliban's. */
const PRESET = { a: "PAK", b: "AFG", label: "Pakistan – Afghan Taliban" };
const INTERVALS: readonly DyadSeries["interval"][] = ["day", "week", "month"];

/** Alerts about this pair: an escalation subject naming both selectors' values. */
function alertsOf(alerts: Alert[], a: string, b: string): Alert[] {
  const bare = (s: string) => s.replace(/^[a-z]+=/, "");
  return alerts.filter((al) => {
    const subject = al.detail?.subject ?? "";
    return al.detail?.window && subject.includes(bare(a)) && subject.includes(bare(b));
  });
}

function timelineOption(s: DyadSeries, alerts: Alert[]): ChartOption {
  const x = s.buckets.map((b) => b.start);
  const bucketOf = (day: string) => s.buckets.find((b) => b.start <= day && day <= b.end)?.start ?? day;
  return {
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 40, bottom: 56 },
    dataZoom: [{ type: "slider", height: 18, bottom: 8 }],
    xAxis: { type: "category", data: x },
    yAxis: [{ type: "value", name: "events", minInterval: 1 }, { type: "value", name: "killed", minInterval: 1, splitLine: { show: false } }],
    series: [
      ...[1, 2, 3, 4].map((q, i) => ({
        name: QUAD_NAMES[q], type: "bar", stack: "quad", itemStyle: { color: QUAD_COLORS[q] },
        data: s.buckets.map((b) => b.quad[q - 1]),
        ...(i === 3 && alerts.length
          ? {
            markArea: {
              itemStyle: { color: "rgba(192,57,43,0.10)" },
              label: { color: "#8e2418", fontSize: 11 },
              data: alerts.map((al) => [{ name: "alert", xAxis: bucketOf(al.detail!.window!.from) }, { xAxis: bucketOf(al.detail!.window!.to) }]),
            },
          }
          : {}),
      })),
      { name: "Killed", type: "line", yAxisIndex: 1, symbolSize: 6, itemStyle: { color: "#333" }, data: s.buckets.map((b) => b.killed) },
    ],
  };
}

function mixOption(s: DyadSeries): ChartOption {
  const roots = Object.entries(s.totals.roots).sort((a, b) => b[1] - a[1]);
  return {
    animation: false,
    tooltip: { trigger: "item" },
    grid: { left: 230, right: 24, top: 8, bottom: 24 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: roots.map(([r]) => `${r} ${cameoName(r)}`) },
    series: [{ name: "Events", type: "bar", data: roots.map(([r, n]) => ({ value: n, root: r })), itemStyle: { color: "#5d6d7e" } }],
  };
}

/** Which events a click points at. */
interface Pick {
  title: string;
  filter: EventFilters;
}

export function DyadView({ route }: { route: Route }) {
  const a = route.params.get("a") ?? PRESET.a;
  const b = route.params.get("b") ?? PRESET.b;
  const interval = (INTERVALS as readonly string[]).includes(route.params.get("interval") ?? "") ? route.params.get("interval")! : "week";
  const from = route.params.get("from") ?? "";
  const to = route.params.get("to") ?? "";
  const [draftA, setDraftA] = useState(a);
  const [draftB, setDraftB] = useState(b);
  const [pick, setPick] = useState<Pick | null>(null);

  const series = useData(() => api.series({ a, b, interval, from: from || undefined, to: to || undefined }), [a, b, interval, from, to]);
  const alerts = useData(() => api.alerts({ limit: 200 }), []);
  const dyadAlerts = useMemo(() => alertsOf(alerts.data?.items ?? [], a, b), [alerts.data, a, b]);
  const picked = useData(() => (pick ? api.events(pick.filter, 100) : Promise.resolve(null)), [pick]);
  const pickedPanel = useRef<HTMLElement>(null);
  useEffect(() => {
    if (picked.data) pickedPanel.current?.scrollIntoView?.({ block: "start" });
  }, [picked.data]);

  const dyad = `${a}~${b}`;
  const submit = (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    setPick(null);
    go(href("dyad", { a: draftA.trim(), b: draftB.trim(), interval: String(data.get("interval")), from: String(data.get("from") ?? ""), to: String(data.get("to") ?? "") }));
  };
  const onTimelineClick = (p: ChartClick) => {
    const bucket = series.data?.buckets[p.dataIndex];
    if (!bucket) return;
    const q = Object.entries(QUAD_NAMES).find(([, n]) => n === p.seriesName)?.[0];
    setPick({
      title: `${q ? QUAD_NAMES[Number(q)] : "All events"}, ${bucket.start}${bucket.end !== bucket.start ? ` – ${bucket.end}` : ""}`,
      filter: { dyad, from: bucket.start, to: bucket.end, quad: q },
    });
  };
  const onMixClick = (p: ChartClick) => {
    const root = (p.data as { root?: string } | null)?.root;
    if (root) setPick({ title: `${root} ${cameoName(root)}`, filter: { dyad, root, from: from || undefined, to: to || undefined } });
  };

  return (
    <div class="stack">
      <form class="filters" onSubmit={submit} aria-label="Choose two actors">
        <ActorPicker id="dyad-a" label="Actor A" value={draftA} onChange={setDraftA} />
        <ActorPicker id="dyad-b" label="Actor B" value={draftB} onChange={setDraftB} />
        <div class="field"><label for="d-interval">Interval</label>
          <select id="d-interval" name="interval" value={interval}>{INTERVALS.map((i) => <option key={i} value={i}>{i}</option>)}</select></div>
        <div class="field"><label for="d-from">From</label><input id="d-from" name="from" type="date" value={from} /></div>
        <div class="field"><label for="d-to">To</label><input id="d-to" name="to" type="date" value={to} /></div>
        <button type="submit">Show</button>
        <button type="button" class="secondary" onClick={() => { setDraftA(PRESET.a); setDraftB(PRESET.b); setPick(null); go(href("dyad", { a: PRESET.a, b: PRESET.b, interval })); }}>
          Preset: {PRESET.label}
        </button>
      </form>
      <Await state={series}>
        {(s) => (
          <>
            <section class="panel" aria-labelledby="h-timeline">
              <h2 id="h-timeline">Cooperation and conflict between {keyLabel(a)} and {keyLabel(b)}, by {s.interval} <small class="muted">({s.a} ~ {s.b ?? "anyone"})</small></h2>
              <dl class="stats inline">
                <div><dt>Events</dt><dd data-testid="dyad-total">{num(s.totals.events)}</dd></div>
                <div><dt>Killed</dt><dd>{num(s.totals.killed)}</dd></div>
                <div><dt>Injured</dt><dd>{num(s.totals.injured)}</dd></div>
                <div><dt>Mean Goldstein</dt><dd>{signed(s.totals.goldstein_mean)}</dd></div>
                <div><dt>Alleged/claimed</dt><dd>{num(s.totals.alleged)}</dd></div>
                <div><dt>Alerts</dt><dd>{num(dyadAlerts.length)}</dd></div>
                <div class="long"><dt>Left out</dt><dd>{num(s.excluded.historical)} background · {num(s.excluded.modality)} negated or hypothetical · {num(s.excluded.precision)} vague date</dd></div>
              </dl>
              {s.buckets.length === 0
                ? <p class="muted">No events between these actors.</p>
                : <Chart testId="timeline" option={timelineOption(s, dyadAlerts)} onClick={onTimelineClick} height={340}
                  label={`Events per ${s.interval} by quad class, with fatalities; click a bar to list its events`} />}
              <p class="hint">
                Click a bar to list the events behind it, or{" "}
                <button type="button" class="link" onClick={() => setPick({ title: "all events of the pair", filter: { dyad, from: from || undefined, to: to || undefined } })}>list all events of the pair</button>.
              </p>
            </section>
            <div class="grid two">
              <section class="panel" aria-labelledby="h-mix">
                <h2 id="h-mix">Event mix (CAMEO roots)</h2>
                {Object.keys(s.totals.roots).length === 0
                  ? <p class="muted">No events.</p>
                  : <Chart testId="mix" option={mixOption(s)} onClick={onMixClick} height={260} label="Events by CAMEO root; click a bar to list them" />}
              </section>
              <section class="panel" aria-labelledby="h-dyad-alerts">
                <h2 id="h-dyad-alerts">Alerts on this pair</h2>
                {dyadAlerts.length === 0 ? <p class="muted">None.</p> : (
                  <ul class="alerts">{dyadAlerts.map((al) => <li key={al.id} class={`sev-${al.severity}`}><span class="badge">{al.severity}</span> {al.title} <span class="muted">{al.detail?.window?.from} – {al.detail?.window?.to}</span></li>)}</ul>
                )}
              </section>
            </div>
          </>
        )}
      </Await>
      {pick && (
        <section ref={pickedPanel} class="panel" aria-labelledby="h-picked" data-testid="picked-events">
          <h2 id="h-picked">Events: {pick.title}</h2>
          <Await state={picked}>{(p) => (p ? <EventTable events={p.items} /> : null)}</Await>
        </section>
      )}
    </div>
  );
}
