/** Hash-based routing: `#/view/arg?key=value` makes every view linkable. */
import { useEffect, useState } from "preact/hooks";

export interface Route {
  /** Path segments after `#/` ("event", "ev:123"). */
  parts: string[];
  params: URLSearchParams;
}

/** Parse a location hash into a route (empty: the overview). */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, "");
  const q = raw.indexOf("?");
  const path = q < 0 ? raw : raw.slice(0, q);
  const parts = path.split("/").filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return { parts: parts.length ? parts : ["overview"], params: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)) };
}

/** A hash link to a view with optional parameters (empty ones left out). */
export function href(path: string, params: Record<string, string | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return `#/${path}${s ? "?" + s : ""}`;
}

/** Link to one event's page. */
export const eventHref = (id: string): string => `#/event/${encodeURIComponent(id)}`;

/** Navigate (adds a history entry). */
export function go(to: string): void {
  window.location.hash = to.replace(/^#/, "");
}

/** The current route, updated on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return route;
}
