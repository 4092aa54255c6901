/** The dashboard shell: header, navigation, write-token field and the routed view. */
import { render } from "preact";
import { useState } from "preact/hooks";
import { setWriteToken, writeToken } from "./api";
import { useRoute, type Route } from "./router";
import { DyadView } from "./views/dyad";
import { EventView } from "./views/event";
import { MapView } from "./views/map";
import { NetworkView } from "./views/network";
import { Overview } from "./views/overview";
import { ReviewView } from "./views/review";
import { SearchView } from "./views/search";

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
  const [name, arg] = route.parts;
  switch (name) {
    case "dyad": return <DyadView route={route} />;
    case "event": return arg ? <EventView id={arg} /> : <p>No event id.</p>;
    case "map": return <MapView route={route} />;
    case "network": return <NetworkView route={route} />;
    case "search": return <SearchView route={route} />;
    case "review": return <ReviewView />;
    case "overview": return <Overview />;
    default: return <p role="alert">No such page: {name}</p>;
  }
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
