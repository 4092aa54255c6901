/** A labelled text field for an actor selector, with suggestions from /api/actors. */
import { useEffect, useState } from "preact/hooks";
import { api, type ActorInfo } from "../api";

export function ActorPicker({ id, label, value, onChange, name }: { id: string; label: string; value: string; onChange: (v: string) => void; name?: string }) {
  const [options, setOptions] = useState<ActorInfo[]>([]);
  useEffect(() => {
    const q = value.trim();
    if (q.length < 2 || q.includes(":") || q.includes("=")) return setOptions([]);
    const t = setTimeout(() => {
      api.actors(q, 10).then((r) => setOptions(r.items), () => setOptions([]));
    }, 150);
    return () => clearTimeout(t);
  }, [value]);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} name={name} type="text" list={`${id}-list`} value={value} autocomplete="off" spellcheck={false}
        placeholder="name, id (state:PAK), code or ISO3" onInput={(e) => onChange(e.currentTarget.value)} />
      <datalist id={`${id}-list`}>
        {options.map((a) => (
          <option key={a.id} value={a.id}>{`${a.name}${a.country ? ` (${a.country})` : ""}`}</option>
        ))}
      </datalist>
    </div>
  );
}
