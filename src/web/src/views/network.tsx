/** Actor network of a period (ECharts force graph): ties coloured by tone. */
import { api, type Network } from "../api";
import { Chart, type ChartClick, type ChartOption } from "../components/chart";
import { Await } from "../components/status";
import { useData } from "../components/use-data";
import { keyLabel, num, plural, signed } from "../format";
import { go, href, type Route } from "../router";

const KEYS = [["id", "actor"], ["code", "actor code"], ["country", "country"]] as const;

/** Red for conflictual ties, blue for cooperative ones. */
const toneColor = (tone: number): string => (tone < -0.2 ? "#c0392b" : tone > 0.2 ? "#1f618d" : "#909497");

/** At most this many ties are drawn (the busiest), so the force layout stays quick. */
const MAX_TIES = 200;

/** The busiest ties and the actors they join. */
function drawn(n: Network): Pick<Network, "nodes" | "edges"> {
  if (n.edges.length <= MAX_TIES) return n;
  const edges = [...n.edges].sort((x, y) => y.events - x.events).slice(0, MAX_TIES);
  const ids = new Set(edges.flatMap((e) => [e.a, e.b]));
  return { nodes: n.nodes.filter((x) => ids.has(x.id)), edges };
}

function graphOption(all: Network): ChartOption {
  const n = drawn(all);
  const max = Math.max(1, ...n.nodes.map((x) => x.events));
  return {
    animation: false,
    tooltip: {},
    series: [{
      type: "graph", layout: "force", roam: true, draggable: true,
      force: { repulsion: 400, edgeLength: [90, 220], gravity: 0.06 },
      label: { show: true, position: "right", fontSize: 12 },
      data: n.nodes.map((x) => ({ id: x.id, name: x.name ?? keyLabel(x.id), value: x.events, symbolSize: 8 + 28 * Math.sqrt(x.events / max), itemStyle: { color: "#34495e" } })),
      links: n.edges.map((e) => ({
        source: e.a, target: e.b, value: e.events,
        lineStyle: { color: toneColor(e.tone), width: 1 + Math.min(8, Math.log2(1 + e.events)), opacity: 0.7 },
        tooltip: { formatter: `${keyLabel(e.a)} – ${keyLabel(e.b)}: ${e.events} events, mean Goldstein ${signed(e.goldstein_mean)}` },
      })),
    }],
  };
}

function TieList({ title, ties }: { title: string; ties: Network["edges"] }) {
  return (
    <section class="panel">
      <h2>{title}</h2>
      {ties.length === 0 ? <p class="muted">None.</p> : (
        <ol class="ties">{ties.map((t) => <li key={`${t.a}|${t.b}`}><a href={href("dyad", { a: t.a, b: t.b })}>{keyLabel(t.a)} – {keyLabel(t.b)}</a> <span class="muted">{plural(t.events, "event")}, mean Goldstein {signed(t.goldstein_mean)}</span></li>)}</ol>
      )}
    </section>
  );
}

export function NetworkView({ route }: { route: Route }) {
  const from = route.params.get("from") ?? "";
  const to = route.params.get("to") ?? "";
  const key = route.params.get("key") ?? "id";
  const net = useData(() => api.network({ from: from || undefined, to: to || undefined, key }), [from, to, key]);
  const submit = (e: Event) => {
    e.preventDefault();
    const d = new FormData(e.currentTarget as HTMLFormElement);
    go(href("network", { from: String(d.get("from") ?? ""), to: String(d.get("to") ?? ""), key: String(d.get("key") ?? "id") }));
  };
  const onClick = (p: ChartClick) => {
    if (p.dataType !== "edge") return;
    const d = p.data as { source: string; target: string };
    go(href("dyad", { a: d.source, b: d.target }));
  };
  return (
    <div class="stack">
      <form class="filters" onSubmit={submit} aria-label="Network period">
        <div class="field"><label for="n-from">From</label><input id="n-from" name="from" type="date" value={from} /></div>
        <div class="field"><label for="n-to">To</label><input id="n-to" name="to" type="date" value={to} /></div>
        <div class="field"><label for="n-key">Nodes are</label><select id="n-key" name="key" value={key}>{KEYS.map(([k, l]) => <option key={k} value={k}>{l}</option>)}</select></div>
        <button type="submit">Show</button>
      </form>
      <Await state={net}>
        {(n) => (
          <>
            <section class="panel" aria-labelledby="h-net">
              <h2 id="h-net">Actor network, {n.period.from} – {n.period.to} <small class="muted" data-testid="net-size">{plural(n.nodes.length, "actor")}, {plural(n.edges.length, "tie")}</small></h2>
              {n.nodes.length === 0 ? <p class="muted">No ties in this period.</p>
                : <Chart testId="network" option={graphOption(n)} onClick={onClick} height={520} label="Network of actors; click a tie to open the pair" />}
              <p class="hint">
                Blue ties are mostly cooperative, red ones mostly conflictual; click a tie to open the relationship view.
                {n.edges.length > MAX_TIES && ` Showing the ${MAX_TIES} busiest of ${num(n.edges.length)} ties.`}
              </p>
            </section>
            <div class="grid two">
              <TieList title="Strongest cooperative ties" ties={n.strongest_cooperative} />
              <TieList title="Strongest conflictual ties" ties={n.strongest_conflictual} />
            </div>
          </>
        )}
      </Await>
    </div>
  );
}
