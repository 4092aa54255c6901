/** The dashboard shell: header, navigation, write-token field and the routed view. */
import { render, type ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { setWriteToken, writeToken } from "./api";
import { useRoute, type Route } from "./router";
import { Overview } from "./views/overview";

/* Views with charts or the map load on first use, so the overview needs neither ECharts nor the atlas. */
type RouteView = ComponentType<{ route: Route }>;
const LAZY: Record<string, () => Promise<RouteView>> = {
  dyad: () => import("./views/dyad").then((m) => m.DyadView),
  event: () => import("./views/event").then((m) => ({ route }: { route: Route }) => (route.parts[1] ? <m.EventView id={route.parts[1]} /> : <p>No event id.</p>)),
  map: () => import("./views/map").then((m) => m.MapView),
  network: () => import("./views/network").then((m) => m.NetworkView),
  search: () => import("./views/search").then((m) => m.SearchView),
  review: () => import("./views/review").then((m) => m.ReviewView),
};

function Lazy({ name, route }: { name: string; route: Route }) {
  const [view, setView] = useState<{ name: string; C: RouteView } | { name: string; error: string } | null>(null);
  useEffect(() => {
    let live = true;
    LAZY[name]().then(
      (C) => live && setView({ name, C }),
      (err: unknown) => live && setView({ name, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [name]);
  if (!view || view.name !== name) return <p class="muted" aria-busy="true">Loading…</p>;
  if ("error" in view) return <p class="error" role="alert">Could not load this view: {view.error}</p>;
  return <view.C route={route} />;
}

const NAV: Array<[string, string]> = [
  ["overview", "Overview"], ["dyad", "Relationship"], ["map", "Map"], ["network", "Network"], ["search", "Search"], ["review", "Review"],
];

function TokenField() {
  const [token, setToken] = useState(writeToken());
  const [saved, setSaved] = useState(!!token);
  return (
    <form class="token" onSubmit={(e) => { e.preventDefault(); setWriteToken(token.trim()); setSaved(!!token.trim()); }} aria-label="Write token">
      <label for="token">Write token</label>
      <input id="token" type="password" autocomplete="off" value={token} onInput={(e) => { setToken(e.currentTarget.value); setSaved(false); }} />
      <button type="submit" class="secondary">{saved ? "Saved" : "Use"}</button>
    </form>
  );
}

function View({ route }: { route: Route }) {
  const name = route.parts[0];
  if (name === "overview") return <Overview route={route} />;
  if (name in LAZY) return <Lazy name={name} route={route} />;
  return <p role="alert">No such page: {name}</p>;
}

function App() {
  const route = useRoute();
  const current = route.parts[0];
  const key = `${route.parts.join("/")}`;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>Skip to content</a>
      <header class="top">
        <h1><a href="#/overview">Faultline</a></h1>
        <nav aria-label="Views">
          <ul>
            {NAV.map(([path, label]) => (
              <li key={path}><a href={`#/${path}`} aria-current={current === path ? "page" : undefined}>{label}</a></li>
            ))}
          </ul>
        </nav>
        <TokenField />
      </header>
      <main id="main" tabIndex={-1} data-view={current}>
        <View key={key} route={route} />
      </main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
