/** Loading and error lines shown while a panel's data is on its way. */
import type { ComponentChildren } from "preact";
import type { Loaded } from "./use-data";

/** Render `children(data)` once loaded; a status line before, an alert on error. */
export function Await<T>({ state, children, empty }: { state: Loaded<T>; children: (data: T) => ComponentChildren; empty?: string }) {
  if (state.error) return <p class="error" role="alert">Could not load: {state.error}</p>;
  if (state.data === null) return <p class="muted" aria-busy="true">Loading…</p>;
  if (empty && Array.isArray(state.data) && state.data.length === 0) return <p class="muted">{empty}</p>;
  return <>{children(state.data)}</>;
}
