/**
 * Reading one actor phrase from a run of keys: determiners, modifiers, a nationality
 * (state name, possessive, demonym, ethnic adjective, capital, large city), agent words
 * and titles, a named actor, and a person's name after a title, composed into one actor.
 * Shared by the actors stage (document tokens) and `resolve` (a bare phrase).
 */
import type { Kind, Role } from "../../doc/index.js";
import type { ActorKB, ActorRef, Hit, Match } from "./kb.js";
import type { Key } from "./normalize.js";
import type { AgentEntry } from "./types.js";

/** The actor a phrase names. Key indices are half-open [start, end). */
export interface ChainActor {
  start: number;
  end: number;
  id: string;
  name: string;
  kind: Kind;
  roles: Role[];
  how: string;
  /** A person's name after a title that the knowledge base does not know. */
  unknown: boolean;
  /** The generic agent head, when the actor is composed from agent words. */
  agent: AgentEntry | null;
  plural: boolean;
  /** The phrase is a definite description ("the group", "the government") with no nationality or name. */
  definite: boolean;
  /** The phrase is a bare state name, capital or demonym (no agent word). */
  bareNation: boolean;
}

/** A pronoun at a key position. */
export interface PronounHit {
  start: number;
  end: number;
  agent: AgentEntry;
}

export interface ChainOptions {
  /** Resolve mode: a bare phrase, so singular titles, adjectives and unique surnames stand alone. */
  phrase: boolean;
  /** Keys of the sentence, for context-dependent aliases (the Taliban vs the TTP). */
  sentenceKeys?: { has(key: string): boolean };
  /** Ids of people already named in full earlier in the document (surname-only mentions). */
  knownPeople?: ReadonlySet<string>;
}

type Nation = { country: string | null; code: string | null; name: string; how: string; sector: string | null };

const POSSESSIVE = "'s";
const LINKS = new Set(["of", "in", "from", "for"]);

function has<T extends Hit["t"]>(m: Match | null, t: T): Extract<Hit, { t: T }> | undefined {
  if (!m) return undefined;
  for (const h of m.hits) if (h.t === t) return h as Extract<Hit, { t: T }>;
  return undefined;
}

/** Among actors sharing an alias: the one whose context words are in the sentence, else the default (non-ambiguous) one. */
export function pickActor(m: Match, sentenceKeys: { has(key: string): boolean } | undefined): ActorRef | null {
  let first: ActorRef | null = null;
  let plain: ActorRef | null = null;
  for (const h of m.hits) {
    if (h.t !== "actor") continue;
    const r = h.ref;
    if (!first) first = r;
    if (sentenceKeys && r.context) for (const k of r.context) if (sentenceKeys.has(k)) return r;
    if (!plain && !r.ambiguous) plain = r;
  }
  return plain ?? first;
}

function nationOf(m: Match, sentenceKeys?: { has(key: string): boolean }): Nation | null {
  const a = pickActor(m, sentenceKeys);
  if (a && a.kind === "state") return { country: a.country, code: a.country, name: a.name, how: "state", sector: null };
  const n = has(m, "nation");
  if (n) return { country: n.country, code: n.code, name: n.ref?.name ?? n.name, how: "demonym", sector: null };
  const mt = has(m, "metonym");
  if (mt) return { country: mt.ref.country, code: mt.ref.country, name: mt.ref.name, how: "metonym", sector: mt.sector };
  const c = has(m, "city");
  if (c) return { country: c.ref.country, code: c.ref.country, name: c.ref.name, how: "city", sector: null };
  return null;
}

/** Sector of an agent sequence: the head's, unless a generic GOV head (official, spokesman) follows a more specific body (army spokesman -> MIL). */
function sectorOf(agents: readonly AgentEntry[]): { sector: string | null; suffix: string } {
  const head = agents[agents.length - 1];
  let sector = head.sector ?? null;
  let suffix = head.code_suffix ?? "";
  if (sector === "GOV" || sector === null) {
    for (let i = agents.length - 2; i >= 0; i--) {
      const s = agents[i].sector;
      if (s && s !== "GOV") {
        sector = s;
        suffix = "";
        break;
      }
      if (s && sector === null) sector = s;
    }
  }
  return { sector, suffix };
}

/** Consecutive capitalised keys with no knowledge-base reading (a person's name after a title). */
function nameRun(kb: ActorKB, keys: readonly Key[], p: number, limit: number): number {
  let i = p;
  while (i < limit && i - p < 5 && keys[i].cap && !kb.starts(keys[i].k)) i++;
  return i;
}

/** Whether key `j` (not before `p`) is part of a capitalised name: capitalised, or hyphen-joined to one ("Ho-jen"). */
function namePartAt(keys: readonly Key[], j: number, p: number): boolean {
  if (j < p) return false;
  if (keys[j].cap) return true;
  return j > p && keys[j].joined && keys[j - 1].cap;
}

/** Hits a phrase can start with (a locative, pronoun or cue alone starts none). */
function opensPhrase(h: Hit): boolean {
  return h.t !== "loc" && h.t !== "pron" && h.t !== "cue";
}

/** A pronoun at `p`, if the key is one. */
export function readPronoun(kb: ActorKB, keys: readonly Key[], p: number, limit: number): PronounHit | null {
  const m = kb.match(keys, p, limit);
  const pr = m && m.end === p + 1 ? has(m, "pron") : undefined;
  return pr ? { start: p, end: p + 1, agent: pr.agent } : null;
}

/**
 * Read the actor phrase starting at key `p` (not past `limit`), or null when none starts here.
 */
export function readChain(kb: ActorKB, keys: readonly Key[], p: number, limit: number, opts: ChainOptions): ChainActor | null {
  const first = kb.match(keys, p, limit);
  if (first && !first.hits.some(opensPhrase)) return null;
  let i = p;
  let nation: Nation | null = null;
  let bareState: ActorRef | null = null;
  const agents: AgentEntry[] = [];
  let plural = false;
  let named: ActorRef | null = null;
  let personName: [number, number] | null = null;
  let former = false;
  let sawDet = false;
  let sawThe = false;
  let end = p;


  while (i < limit) {
    const key = keys[i].k;
    const m = kb.match(keys, i, limit);
    const head = agents.length > 0 || named !== null;
    if (key === POSSESSIVE) {
      if (end === i && end > p && !personName) {
        i++;
        continue;
      }
      break;
    }
    if (!m) {
      // A name after a title: a known person by unique surname, or an unknown name.
      const lastAgent = agents[agents.length - 1];
      if (keys[i].cap && lastAgent && lastAgent.kind === "person" && !plural && !named) {
        const owners = kb.surnameOwners(key);
        if (owners.length === 1) {
          named = owners[0];
          end = i + 1;
          i++;
          continue;
        }
        const e = nameRun(kb, keys, i, limit);
        if (e > i) {
          personName = [i, e];
          end = e;
          i = e;
          continue;
        }
      }
      const isolated = !namePartAt(keys, i - 1, 0) && (i + 1 >= limit || !keys[i + 1].cap);
      if (!head && isolated && keys[i].cap && (opts.phrase || opts.knownPeople)) {
        const owners = kb.surnameOwners(key);
        if (owners.length === 1 && (opts.phrase || opts.knownPeople?.has(owners[0].id))) {
          named = owners[0];
          end = i + 1;
          i++;
          continue;
        }
      }
      // Up to two unknown lower-case words between a nationality or modifier and an agent word (Ukrainian agricultural workers).
      if (!head && !keys[i].cap && /^[a-z]/.test(key) && (nation || sawDet || opts.phrase)) {
        let j = i + 1;
        while (j < limit && j - i < 2 && !kb.starts(keys[j].k)) j++;
        if (j < limit && has(kb.match(keys, j, limit), "agent")) {
          i = j;
          continue;
        }
      }
      break;
    }
    // Named actor (person, group, organisation) or a state name.
    const actor = pickActor(m, opts.sentenceKeys);
    if (actor) {
      if (actor.kind === "state") {
        if (head || nation) {
          if (!head) break;
          // "President of Russia": a state after a link word gives the country.
          nation ??= nationOf(m, opts.sentenceKeys);
          end = i = m.end;
          break;
        }
        nation = nationOf(m, opts.sentenceKeys);
        bareState = actor;
        end = i = m.end;
        continue;
      }
      if (named && named.kind !== "person" && actor.kind !== "person") break;
      if (named && named.kind === "person") break;
      if (!named || actor.kind === "person" || named.kind !== "person") named = actor;
      end = i = m.end;
      continue;
    }
    const agent = has(m, "agent");
    if (agent && !(agent.agent.anaphor && named)) {
      if (named && named.kind === "person") break;
      agents.push(agent.agent);
      plural = agent.plural;
      end = i = m.end;
      continue;
    }
    if (!head) {
      const n = has(m, "nation") || has(m, "metonym") || (keys[i].cap && has(m, "city")) ? nationOf(m, opts.sentenceKeys) : null;
      if (n) {
        if (nation && nation.country !== n.country) break;
        nation = n;
        plural = has(m, "nation")?.plural ?? false;
        bareState = has(m, "nation")?.ref ?? (has(m, "metonym") ? has(m, "metonym")!.ref : null);
        end = i = m.end;
        continue;
      }
      const mod = has(m, "mod");
      if (mod) {
        if (mod.agent.sector) former = true;
        i = m.end;
        continue;
      }
      if (has(m, "det") && !nation) {
        sawDet = true;
        if (key === "the") sawThe = true;
        i = m.end;
        if (i - p > 4) break;
        continue;
      }
    }
    // "President of Russia", "people in the UK", "members of the opposition".
    if (head && !named && LINKS.has(key) && !nation?.country) {
      let j = i + 1;
      if (j < limit && keys[j].k === "the") j++;
      const n = kb.match(keys, j, limit);
      const st = n ? pickActor(n, opts.sentenceKeys) : null;
      if (n && st && st.kind !== "person") {
        if (st.kind === "state") nation = nationOf(n, opts.sentenceKeys);
        else if (opts.phrase && agents.length > 0) {
          named = st;
        } else break;
        end = i = n.end;
        break;
      }
      if (n && (has(n, "nation") || has(n, "metonym") || (keys[j].cap && has(n, "city")))) {
        nation = nationOf(n, opts.sentenceKeys);
        end = i = n.end;
        break;
      }
    }
    break;
  }

  if (end === p) return null;
  // Trim leading determiners/modifiers that ended up alone.
  if (!named && agents.length === 0 && !personName && !nation) return null;

  const namedRef = named as ActorRef | null;
  if (namedRef) {
    return {
      start: p,
      end,
      id: namedRef.id,
      name: namedRef.name,
      kind: namedRef.kind,
      roles: namedRef.roles,
      how: agents.length > 0 || nation ? "title+alias" : "alias",
      unknown: false,
      agent: null,
      plural: false,
      definite: false,
      bareNation: false,
    };
  }
  if (agents.length > 0) {
    const { sector: s0, suffix } = sectorOf(agents);
    const sector = former ? "ELI" : s0;
    const head = agents[agents.length - 1];
    const country = nation?.country ?? null;
    const code = (nation?.code ?? "") + (sector ?? "") + (former ? "" : suffix) || "UNK";
    const agentName = head.name ?? head.words[0];
    const kind: Kind = head.kind === "person" && !plural ? "person" : head.kind === "organization" ? "organization" : "group";
    const role: Role = { code, country, sector };
    if (personName) {
      const text = keys
        .slice(personName[0], personName[1])
        .map((k) => k.k)
        .join(" ");
      return { start: p, end, id: `unknown:${text}`, name: text, kind: "person", roles: [role], how: "title+name", unknown: true, agent: head, plural: false, definite: false, bareNation: false };
    }
    return {
      start: p,
      end,
      id: `agent:${code}`,
      name: nation ? `${nation.name} ${former ? "former " : ""}${agentName}` : `${former ? "former " : ""}${agentName}`,
      kind,
      roles: [role],
      how: nation ? `${nation.how}+agent` : "agent",
      unknown: false,
      agent: head,
      plural,
      definite: sawThe && !nation,
      bareNation: false,
    };
  }
  if (!nation) return null;
  const base = bareState ?? (nation.country ? kb.state(nation.country) ?? null : null);
  if (nation.how === "city") {
    // A city standing alone is a place; only a bare phrase ("Sydney" as an actor) reads it as its people.
    if (!opts.phrase || !base || namePartAt(keys, p - 1, 0) || (end < limit && keys[end].cap)) return null;
    const role: Role = { code: `${base.country}CVL`, country: base.country, sector: "CVL" };
    return { start: p, end, id: base.id, name: base.name, kind: "state", roles: [role], how: "city", unknown: false, agent: null, plural: true, definite: false, bareNation: true };
  }
  if (nation.how === "metonym" && base) {
    const sector = nation.sector;
    return { start: p, end, id: base.id, name: base.name, kind: "state", roles: [{ code: `${base.country}${sector}`, country: base.country, sector }], how: "metonym", unknown: false, agent: null, plural: false, definite: false, bareNation: true };
  }
  if (!base) return null;
  return { start: p, end, id: base.id, name: base.name, kind: base.kind, roles: base.roles, how: nation.how === "state" ? "alias" : "demonym", unknown: false, agent: null, plural, definite: false, bareNation: true };
}
