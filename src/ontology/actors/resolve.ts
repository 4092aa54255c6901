/**
 * `resolve`: one actor phrase ("Pakistan's foreign minister", "the Afghan Taliban",
 * "UN Security Council") to the contract Actor, with the role valid on a date.
 */
import { roleAt, type Actor, type Role } from "../../doc/index.js";
import { readChain, type ChainActor } from "./chain.js";
import { FORMER_ROLE_TITLE, type ActorKB } from "./kb.js";
import { normalizePhrase, scanKeys, type Key } from "./normalize.js";
import { readUnknownName } from "./unknown.js";

/** Named actors and composed actors with a country first, then bare states and capitals, then agents alone. */
function rank(c: ChainActor): number {
  if (c.bareNation) return 1;
  if (c.agent && !c.roles[0]?.country) return 0;
  return 2;
}

/** With no date, an office holder's last post (not the "former" role added at load time). */
function undatedRole(roles: readonly Role[]): Role | null {
  const posts = roles.filter((r) => r.title !== FORMER_ROLE_TITLE);
  return roleAt(posts.length > 0 ? posts : roles, null);
}

/**
 * Resolve an actor phrase. `date` (YYYY[-MM[-DD]]) picks the role valid then; `context`
 * (the sentence around the phrase) settles shared aliases and may give a nationality
 * the phrase lacks ("Defense Minister" in a sentence about a German minister).
 */
export function resolveActor(kb: ActorKB, text: string, date?: string | null, context?: string | null): Actor | null {
  const keys = scanKeys(text, []);
  const words = new Set(keys.map((k) => k.k));
  const ctxKeys = context ? scanKeys(context, []) : [];
  for (const k of ctxKeys) words.add(k.k);
  // A bare phrase is short: any word of it or of its context sentence counts as near.
  const near = { has: (k: string) => words.has(k) };
  let best: ChainActor | null = null;
  let nationCountry: string | null = null;
  for (let p = 0; p < keys.length; ) {
    const c = readChain(kb, keys, p, keys.length, { phrase: true, context: near });
    if (!c) {
      p++;
      continue;
    }
    const country = c.roles[0]?.country ?? null;
    if (c.bareNation && country && !nationCountry) nationCountry = country;
    if (!best || rank(c) > rank(best)) best = c;
    p = c.end;
  }
  if (!best) return unknownActor(kb, text, keys);
  const role = date ? roleAt(best.roles, date) : undatedRole(best.roles);
  let country = role?.country ?? null;
  let code = role?.code ?? "UNK";
  const sector = role?.sector ?? null;
  if (!country && best.agent) {
    // A nationality elsewhere in the phrase or in the context sentence.
    country = nationCountry ?? contextCountry(kb, ctxKeys);
    if (country) code = country + (code === "UNK" ? "" : code);
  }
  return {
    text: text.slice(keys[best.start].start, keys[best.end - 1].end),
    start: keys[best.start].start,
    end: keys[best.end - 1].end,
    name: best.name,
    id: best.id,
    code,
    country,
    sector,
    kind: best.kind,
  };
}

/** An unknown organisation name in the phrase, placed by a country, region or city it contains. */
function unknownActor(kb: ActorKB, text: string, keys: Key[]): Actor | null {
  for (let p = 0; p < keys.length; p++) {
    const u = readUnknownName(kb, keys, p, keys.length);
    if (!u) continue;
    const start = keys[u.start].start;
    const end = keys[u.end - 1].end;
    const name = text.slice(start, end);
    return { text: name, start, end, name, id: `unknown:${normalizePhrase(name)}`, code: u.country ? `${u.country}UNK` : "UNK", country: u.country, sector: null, kind: "group" };
  }
  return null;
}

function contextCountry(kb: ActorKB, keys: Key[]): string | null {
  for (let p = 0; p < keys.length; p++) {
    const c = readChain(kb, keys, p, keys.length, { phrase: true });
    const country = c?.roles[0]?.country;
    if (country) return country;
  }
  return null;
}
