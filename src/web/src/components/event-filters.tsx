/** The event filter form of the map and search views; values live in the URL hash. */
import type { EventFilters } from "../api";
import { cameoRoots, QUAD_NAMES } from "../codebook";

const MODALITIES = ["asserted", "negated", "alleged", "claimed", "denied", "hypothetical", "future"];
const FIELDS = ["from", "to", "country", "root", "quad", "modality", "q"] as const;

/** The filters held in a route's parameters. */
export function filtersFrom(params: URLSearchParams): EventFilters {
  const f: EventFilters = {};
  for (const k of FIELDS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f;
}

export function EventFilterForm({ value, onSubmit, withText = true }: { value: EventFilters; onSubmit: (f: EventFilters) => void; withText?: boolean }) {
  const submit = (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const f: EventFilters = {};
    for (const k of FIELDS) {
      const v = String(data.get(k) ?? "").trim();
      if (v) f[k] = k === "country" ? v.toUpperCase() : v;
    }
    onSubmit(f);
  };
  return (
    <form class="filters" onSubmit={submit} aria-label="Event filters">
      <div class="field"><label for="f-from">From</label><input id="f-from" name="from" type="date" value={value.from ?? ""} /></div>
      <div class="field"><label for="f-to">To</label><input id="f-to" name="to" type="date" value={value.to ?? ""} /></div>
      <div class="field"><label for="f-country">Country (ISO3)</label>
        <input id="f-country" name="country" type="text" size={5} maxLength={3} pattern="[A-Za-z]{3}" value={value.country ?? ""} /></div>
      <div class="field"><label for="f-root">Event type</label>
        <select id="f-root" name="root" value={value.root ?? ""}>
          <option value="">any</option>
          {cameoRoots().map(([code, name]) => <option key={code} value={code}>{`${code} ${name}`}</option>)}
        </select></div>
      <div class="field"><label for="f-quad">Quad class</label>
        <select id="f-quad" name="quad" value={value.quad ?? ""}>
          <option value="">any</option>
          {[1, 2, 3, 4].map((q) => <option key={q} value={String(q)}>{QUAD_NAMES[q]}</option>)}
        </select></div>
      <div class="field"><label for="f-modality">Modality</label>
        <select id="f-modality" name="modality" value={value.modality ?? ""}>
          <option value="">any</option>
          {MODALITIES.map((m) => <option key={m} value={m}>{m}</option>)}
        </select></div>
      {withText && <div class="field grow"><label for="f-q">Words in the evidence</label><input id="f-q" name="q" type="search" value={value.q ?? ""} /></div>}
      <button type="submit">Apply</button>
    </form>
  );
}
