/**
 * The actor directory behind `/api/actors`: a read-only index over knowledge-base
 * actor entries (`{id, name, kind, aliases, country, roles}`), searched by name and
 * alias prefix. Built once at start-up.
 */

/** A dated role of an actor (the code valid from `start` to `end`). */
export interface ActorRole {
  code: string;
  country: string | null;
  sector: string | null;
  title: string | null;
  start: string | null;
  end: string | null;
}

/** What the API tells about one actor. */
export interface ActorInfo {
  id: string;
  name: string;
  kind: string;
  country: string | null;
  aliases: string[];
  roles: ActorRole[];
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

function roleOf(r: unknown): ActorRole | null {
  if (!r || typeof r !== "object") return null;
  const o = r as Record<string, unknown>;
  const code = str(o.code);
  if (!code) return null;
  return { code, country: str(o.country), sector: str(o.sector), title: str(o.title), start: str(o.start), end: str(o.end) };
}

/** Read one knowledge-base entry leniently (states carry `iso3` and no roles). */
export function actorInfo(e: unknown): ActorInfo | null {
  if (!e || typeof e !== "object") return null;
  const o = e as Record<string, unknown>;
  const id = str(o.id);
  const name = str(o.name);
  if (!id || !name) return null;
  const country = str(o.country) ?? str(o.iso3);
  const roles = Array.isArray(o.roles) ? o.roles.map(roleOf).filter((r): r is ActorRole => r !== null) : [];
  if (roles.length === 0 && str(o.iso3)) roles.push({ code: String(o.iso3), country, sector: null, title: null, start: null, end: null });
  const aliases = Array.isArray(o.aliases) ? o.aliases.filter((a): a is string => typeof a === "string") : [];
  const kind = str(o.kind) ?? (id.startsWith("state:") ? "state" : "organization");
  return { id, name, kind, country, aliases, roles };
}

const norm = (s: string): string => s.toLowerCase().normalize("NFKD").replace(/[^\p{L}\p{N} ]+/gu, " ").replace(/\s+/g, " ").trim();

/** Actors by id, searchable by the prefix of any word of a name or alias. */
export class ActorDirectory {
  private readonly byId = new Map<string, ActorInfo>();
  private readonly byWordPrefix = new Map<string, Set<string>>();

  constructor(entries: Iterable<unknown>) {
    for (const e of entries) {
      const a = actorInfo(e);
      if (!a || this.byId.has(a.id)) continue;
      this.byId.set(a.id, a);
      for (const phrase of [a.name, ...a.aliases, a.id]) {
        for (const word of norm(phrase).split(" ")) {
          for (let n = 1; n <= Math.min(word.length, 12); n++) {
            const k = word.slice(0, n);
            let s = this.byWordPrefix.get(k);
            if (!s) this.byWordPrefix.set(k, (s = new Set()));
            s.add(a.id);
          }
        }
      }
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): ActorInfo | null {
    return this.byId.get(id) ?? null;
  }

  /** Actors whose names or aliases contain a word starting with every word of `q`, best first. */
  search(q: string, limit: number): ActorInfo[] {
    const words = norm(q).split(" ").filter(Boolean);
    if (words.length === 0) return [];
    let ids: Set<string> | null = null;
    for (const w of words) {
      const s = this.byWordPrefix.get(w.slice(0, 12)) ?? new Set<string>();
      const hit: Set<string> = ids === null ? new Set(s) : new Set([...ids].filter((x) => s.has(x)));
      ids = hit;
      if (ids.size === 0) break;
    }
    const needle = norm(q);
    const score = (a: ActorInfo): number => {
      const name = norm(a.name);
      const aliases = a.aliases.map(norm);
      if (name === needle || aliases.includes(needle)) return 0;
      if (name.startsWith(needle)) return 1;
      if (aliases.some((n) => n.startsWith(needle))) return 2;
      return 3;
    };
    return [...(ids ?? [])]
      .map((id) => this.byId.get(id) as ActorInfo)
      .filter((a) => words.every((w) => [a.name, ...a.aliases, a.id].some((p) => norm(p).includes(w))))
      .map((a) => ({ a, s: score(a) }))
      .sort((x, y) => x.s - y.s || x.a.name.length - y.a.name.length || (x.a.id < y.a.id ? -1 : 1))
      .slice(0, limit)
      .map((x) => x.a);
  }
}
