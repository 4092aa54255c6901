/**
 * Reading one actor phrase from a run of keys: determiners, modifiers, a nationality
 * (state name, possessive, demonym, ethnic adjective, capital, large city), agent words
 * and titles, a named actor, and a person's name after a title, composed into one actor.
 * Shared by the actors stage (document tokens) and `resolve` (a bare phrase).
 */
import type { Kind, Role } from "../../doc/index.js";
import type { ActorRef, Hit, KeyReader, Match } from "./kb.js";
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
  /** Context words near an alias, for aliases shared by several actors (the Taliban vs the TTP). */
  context?: ContextKeys;
  /** Ids of people already named in full earlier in the document (surname-only mentions). */
  knownPeople?: ReadonlySet<string>;
}

/** Whether a context key occurs near the alias at keys [start, end). */
export interface ContextKeys {
  has(key: string, start: number, end: number): boolean;
}

type Nation = { country: string | null; code: string | null; name: string; how: string; sector: string | null };

const POSSESSIVE = "'s";
const LINKS = new Set(["of", "in", "from", "for"]);

function has<T extends Hit["t"]>(m: Match | null, t: T): Extract<Hit, { t: T }> | undefined {
  if (!m) return undefined;
  for (const h of m.hits) if (h.t === t) return h as Extract<Hit, { t: T }>;
  return undefined;
}

/** Among actors sharing an alias: the one whose context words are near it, else the default (non-ambiguous) one. */
export function pickActor(m: Match, context: ContextKeys | undefined): ActorRef | null {
  let first: ActorRef | null = null;
  let plain: ActorRef | null = null;
  for (const h of m.hits) {
    if (h.t !== "actor") continue;
    const r = h.ref;
    if (!first) first = r;
    if (context && r.context) for (const k of r.context) if (context.has(k, m.start, m.end)) return r;
    if (!plain && !r.ambiguous) plain = r;
  }
  return plain ?? first;
}

function nationOf(m: Match, context?: ContextKeys): Nation | null {
  const a = pickActor(m, context);
  if (a && a.kind === "state") return nationFrom(a, a.country, a.country, a.name, "state", null);
  const n = has(m, "nation");
  if (n) return nationFrom(n, n.country, n.code, n.ref?.name ?? n.name, "demonym", null);
  const mt = has(m, "metonym");
  if (mt) return nationFrom(mt, mt.ref.country, mt.ref.country, mt.ref.name, "metonym", mt.sector);
  const c = has(m, "city");
  if (c) return nationFrom(c, c.ref.country, c.ref.country, c.ref.name, "city", null);
  return null;
}

/**
 * Nationalities by the state or hit they are read from (the fields are fixed by it): one object
 * each, shared by every phrase that reads it, so that `composeAgent` finds what it composed for a
 * nationality by identity. Weak, so a knowledge base's nationalities go with it.
 */
const nations = new WeakMap<ActorRef | Hit, Nation>();

function nationFrom(source: ActorRef | Hit, country: string | null, code: string | null, name: string, how: string, sector: string | null): Nation {
  let n = nations.get(source);
  if (n === undefined) {
    n = { country, code, name, how, sector };
    nations.set(source, n);
  }
  return n;
}

/**
 * Sector of an agent sequence: the head's, unless a generic head (official, spokesman, men) follows
 * a more specific body (army spokesman -> MIL, police men -> COP), or a member head (troops,
 * commandos) follows the word of another force that has fighters of its own (rebel troops -> REB,
 * guerrilla commandos -> REB, police commandos -> COP; government troops stay MIL).
 */
function sectorOf(agents: readonly AgentEntry[], n: number): { sector: string | null; suffix: string } {
  const head = agents[n - 1];
  let sector = head.sector ?? null;
  let suffix = head.code_suffix ?? "";
  if (head.member) {
    for (let i = n - 2; i >= 0; i--) {
      const s = agents[i].sector;
      if (s && s !== sector && s !== "GOV" && s !== "CVL") return { sector: s, suffix: "" };
    }
  }
  if (sector === "GOV" || sector === "CVL" || sector === null) {
    for (let i = n - 2; i >= 0; i--) {
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

/** Consecutive capitalised keys with no knowledge-base reading, none a common word of a sentence in capitals (a person's name after a title). */
function nameRun(kb: KeyReader, keys: readonly Key[], p: number, limit: number): number {
  let i = p;
  while (i < limit && i - p < 5 && keys[i].cap && !keys[i].common && !kb.startsKey(keys[i])) i++;
  return i;
}

/** Whether key `j` (not before `p`) is part of a capitalised name: capitalised, or hyphen-joined to one ("Ho-jen"). */
function namePartAt(keys: readonly Key[], j: number, p: number): boolean {
  if (j < p) return false;
  if (keys[j].cap) return true;
  return j > p && keys[j].joined && keys[j - 1].cap;
}

/** A person's name preceded by an unknown capitalised word (not opening the sentence) is part of another name: "Dera Ismail Khan". */
function insideLongerName(kb: KeyReader, keys: readonly Key[], p: number): boolean {
  return p > 1 && keys[p - 1].cap && !kb.startsKey(keys[p - 1]);
}

/** Hits a phrase can start with (a locative, pronoun or cue alone starts none). */
function opensPhrase(h: Hit): boolean {
  return h.t !== "loc" && h.t !== "pron" && h.t !== "cue";
}

/** A pronoun at `p`, if the key is one (`m`: the trie match at `p`, when the caller has it). */
export function readPronoun(kb: KeyReader, keys: readonly Key[], p: number, limit: number, m: Match | null = kb.match(keys, p, limit)): PronounHit | null {
  const pr = m && m.end === p + 1 ? has(m, "pron") : undefined;
  return pr ? { start: p, end: p + 1, agent: pr.agent } : null;
}

/** What the reader collected from a phrase, before it becomes an actor. */
interface Phrase {
  start: number;
  /** End of the last key that belongs to the actor. */
  end: number;
  nation: Nation | null;
  /** The state or people the nationality came from (for a bare nation). */
  bareState: ActorRef | null;
  /** The agent words read, in `agents[0 .. nAgents)` (the array is kept from phrase to phrase: see `phrase`). */
  agents: AgentEntry[];
  nAgents: number;
  plural: boolean;
  named: ActorRef | null;
  /** Keys of the alias that gave `named` (0 when it came from a title or a surname), and the key after it. */
  namedLen: number;
  namedEnd: number;
  /** Key range of an unknown person's name after a title. */
  personName: [number, number] | null;
  former: boolean;
  sawDet: boolean;
  /** A modifier was read: a determiner no longer opens the phrase ("suspected that the shooter" is a verb and its clause). */
  sawMod: boolean;
  sawThe: boolean;
}

const hasHead = (ph: Phrase) => ph.nAgents > 0 || ph.named !== null;

/** After a singular title: a person known by a unique surname, or an unknown capitalised name. Returns the next key or -1. */
function readNameAfterTitle(kb: KeyReader, keys: readonly Key[], i: number, limit: number, ph: Phrase): number {
  // Most keys come here with no agent read: reading agents[-1] would leave the fast array path.
  if (!keys[i].cap || ph.nAgents === 0) return -1;
  const last = ph.agents[ph.nAgents - 1];
  if (last.kind !== "person" || ph.plural || ph.named) return -1;
  const owners = kb.surnameOwners(keys[i].k);
  if (owners.length === 1) {
    ph.named = owners[0];
    return (ph.end = i + 1);
  }
  const e = nameRun(kb, keys, i, limit);
  if (e === i) return -1;
  ph.personName = [i, e];
  return (ph.end = e);
}

/** A surname standing alone (not inside a longer name): in a bare phrase when unique, in a document once the full name was seen. */
function readLoneSurname(kb: KeyReader, keys: readonly Key[], i: number, limit: number, ph: Phrase, opts: ChainOptions): number {
  if (hasHead(ph) || !keys[i].cap || namePartAt(keys, i - 1, 0) || (i + 1 < limit && keys[i + 1].cap)) return -1;
  if (!opts.phrase && !opts.knownPeople) return -1;
  const owners = kb.surnameOwners(keys[i].k);
  if (owners.length !== 1 || !(opts.phrase || opts.knownPeople?.has(owners[0].id))) return -1;
  ph.named = owners[0];
  return (ph.end = i + 1);
}

/** Tags of words that may stand between a nationality or determiner and an agent word. */
const MODIFIER_TAGS = new Set(["ADJ", "NUM", "ADV"]);
const isModifier = (k: Key) => k.pos === undefined || MODIFIER_TAGS.has(k.pos);

/** Whether a key starts with a letter a-z (a character test: this runs at most keys of a phrase). */
function startsLowerAscii(k: string): boolean {
  const c = k.charCodeAt(0);
  return c >= 97 && c <= 122;
}

/**
 * Up to two unknown lower-case words between a nationality or determiner and an agent word
 * ("Ukrainian agricultural workers"); when tokens are tagged, only adjectives, numbers and adverbs.
 */
function skipToAgent(kb: KeyReader, keys: readonly Key[], i: number, limit: number, ph: Phrase, opts: ChainOptions): number {
  if (hasHead(ph) || keys[i].cap || !startsLowerAscii(keys[i].k) || !isModifier(keys[i]) || !(ph.nation || ph.sawDet || opts.phrase)) return -1;
  let j = i + 1;
  while (j < limit && j - i < 2 && !kb.startsKey(keys[j]) && isModifier(keys[j])) j++;
  return j < limit && has(kb.match(keys, j, limit), "agent") ? j : -1;
}

/** "President of Russia", "people in the UK", "militants of the TTP": a link word and what it links to. */
function readLink(kb: KeyReader, keys: readonly Key[], i: number, limit: number, ph: Phrase, opts: ChainOptions): void {
  if (!hasHead(ph) || ph.named || !LINKS.has(keys[i].k) || ph.nation?.country) return;
  let j = i + 1;
  if (j < limit && keys[j].k === "the") j++;
  const n = kb.match(keys, j, limit);
  if (!n) return;
  const actor = pickActor(n, opts.context);
  if (actor && actor.kind !== "person") {
    if (actor.kind === "state") ph.nation = nationOf(n, opts.context);
    else if (ph.nAgents > 0) {
      ph.named = actor;
      ph.namedLen = n.end - j;
      ph.namedEnd = n.end;
    } else return;
    ph.end = n.end;
    // "units of the Maoist Shining Path": a second name beside the first
    const next = actor.kind === "state" ? null : kb.match(keys, n.end, limit);
    const other = next ? pickActor(next, opts.context) : null;
    if (next && other && other.kind !== "person") besideName(ph, n.end, next, other);
    return;
  }
  if (has(n, "nation") || has(n, "metonym") || (keys[j].cap && has(n, "city"))) {
    ph.nation = nationOf(n, opts.context);
    ph.end = n.end;
  }
}

const groupLike = (a: ActorRef) => a.kind === "group" || a.kind === "organization";

/**
 * A group's name right beside another group's name, with no agent word between: the one-word name
 * describes the longer one ("the Maoist Shining Path" is the Shining Path; "Shining Path Maoist
 * extremists" are the Shining Path's, the phrase reading on to its agent word). Names of equal
 * length, or anything else, end the phrase. Returns the next key or -1.
 */
function besideName(ph: Phrase, i: number, m: Match, actor: ActorRef): number {
  const named = ph.named as ActorRef;
  const len = m.end - i;
  if (ph.namedEnd !== i || ph.namedLen === 0 || !groupLike(named) || !groupLike(actor) || actor.id === named.id) return -1;
  if (len > 1 && ph.namedLen === 1) {
    ph.named = actor;
    ph.namedLen = len;
  } else if (!(len === 1 && ph.namedLen > 1)) return -1;
  ph.namedEnd = m.end;
  return (ph.end = m.end);
}

/** Read one unit with knowledge-base hits into the phrase. Returns the next key, or -1 when the phrase ends here. */
function readUnit(keys: readonly Key[], i: number, m: Match, ph: Phrase, opts: ChainOptions): number {
  const actor = pickActor(m, opts.context);
  if (actor?.kind === "state") {
    if (ph.nation || hasHead(ph)) {
      // "the president of Russia" is read by readLink; a second state ends the phrase.
      return -1;
    }
    ph.nation = nationOf(m, opts.context);
    ph.bareState = actor;
    return (ph.end = m.end);
  }
  if (actor) {
    if (ph.named && (ph.named.kind === "person" || actor.kind !== "person")) return besideName(ph, i, m, actor);
    ph.named = actor;
    ph.namedLen = m.end - i;
    ph.namedEnd = m.end;
    return (ph.end = m.end);
  }
  const agent = has(m, "agent");
  // A bound unit word ("units") is a head only after an agent word, a name or a nationality: "commando units", "FMLN units", not "housing units".
  if (agent?.agent.bound && ph.nAgents === 0 && !ph.named && !ph.nation) return -1;
  if (agent && !(agent.agent.anaphor && ph.named)) {
    if (ph.named?.kind === "person") return -1;
    ph.agents[ph.nAgents++] = agent.agent;
    ph.plural = agent.plural;
    return (ph.end = m.end);
  }
  if (hasHead(ph)) return -1;
  const nation = has(m, "nation");
  const metonym = has(m, "metonym");
  if (nation || metonym || (keys[i].cap && has(m, "city"))) {
    const n = nationOf(m, opts.context);
    if (ph.nation && n && ph.nation.country !== n.country) return -1;
    ph.nation = n;
    ph.plural = nation?.plural ?? false;
    ph.bareState = nation?.ref ?? metonym?.ref ?? null;
    return (ph.end = m.end);
  }
  const mod = has(m, "mod");
  if (mod) {
    if (mod.agent.sector) ph.former = true;
    ph.sawMod = true;
    return m.end;
  }
  // A determiner the tagger reads as a conjunction opens a clause ("suspected that the gunmen"), not the phrase.
  if (has(m, "det") && !ph.nation && !ph.sawMod && keys[i].pos !== "SCONJ" && m.end - ph.start <= 5) {
    ph.sawDet = true;
    if (keys[i].k === "the") ph.sawThe = true;
    return m.end;
  }
  return -1;
}

/**
 * The phrase being read, reused: `readChain` is synchronous and never re-entered, and `compose`
 * copies what it keeps. A document asks for a phrase at about one key in five; one object per
 * read was young garbage the collector had to sweep past.
 */
const phrase: Phrase = { start: 0, end: 0, nation: null, bareState: null, agents: [], nAgents: 0, plural: false, named: null, namedLen: 0, namedEnd: -1, personName: null, former: false, sawDet: false, sawMod: false, sawThe: false };

function startPhrase(p: number): Phrase {
  const ph = phrase;
  ph.start = p;
  ph.end = p;
  ph.nation = null;
  ph.bareState = null;
  // The agents array is kept (emptying it would drop its store, and a new one per phrase was young garbage).
  ph.nAgents = 0;
  ph.plural = false;
  ph.named = null;
  ph.namedLen = 0;
  ph.namedEnd = -1;
  ph.personName = null;
  ph.former = false;
  ph.sawDet = false;
  ph.sawMod = false;
  ph.sawThe = false;
  return ph;
}

/** Hits of a lone determiner ("the", "a"; "the" is also a connector cue). */
const detOnly = (h: Hit) => h.t === "det" || h.t === "cue";

/**
 * Whether `readChain` at `p` surely reads nothing, for the two starts that make up most of a
 * document's calls (half of them): a key with no match of its own, and a lone determiner
 * before a key that can neither go on the phrase nor stand as a name. Answering here spares the
 * phrase object and the reads of the loop. It follows the readers: with no match, in a
 * document only a lone surname (a capitalised key, once a person was named in full) reads
 * anything; after a determiner, a key that starts no entry reads only as a name (capitalised)
 * or a modifier before an agent word (`skipToAgent`).
 */
function readsNothing(kb: KeyReader, keys: readonly Key[], p: number, limit: number, opts: ChainOptions, first: Match | null): boolean {
  if (opts.phrase) return false;
  if (first === null) return !keys[p].cap || !opts.knownPeople || opts.knownPeople.size === 0;
  if (first.end !== p + 1 || !first.hits.every(detOnly)) return false;
  if (p + 1 >= limit) return true;
  const next = keys[p + 1];
  return !next.cap && !kb.startsKey(next) && !(startsLowerAscii(next.k) && isModifier(next));
}

/**
 * Read the actor phrase starting at key `p` (not past `limit`), or null when none starts here.
 * `firstMatch` is the trie match at `p` when the caller already has it.
 */
export function readChain(kb: KeyReader, keys: readonly Key[], p: number, limit: number, opts: ChainOptions, firstMatch?: Match | null): ChainActor | null {
  const first = firstMatch === undefined ? kb.match(keys, p, limit) : firstMatch;
  if (first && !first.hits.some(opensPhrase)) return null;
  if (first && pickActor(first, opts.context)?.kind === "person" && insideLongerName(kb, keys, p)) return null;
  if (readsNothing(kb, keys, p, limit, opts, first)) return null;
  const ph = startPhrase(p);
  let i = p;
  while (i < limit) {
    if (keys[i].k === POSSESSIVE) {
      if (ph.end !== i || i === p || ph.personName) break;
      i++;
      continue;
    }
    const m = i === p ? first : kb.match(keys, i, limit);
    let next = m ? readUnit(keys, i, m, ph, opts) : readNameAfterTitle(kb, keys, i, limit, ph);
    if (!m && next < 0) next = readLoneSurname(kb, keys, i, limit, ph, opts);
    if (!m && next < 0) next = skipToAgent(kb, keys, i, limit, ph, opts);
    if (next < 0) {
      readLink(kb, keys, i, limit, ph, opts);
      break;
    }
    i = next;
  }
  return ph.end === p ? null : compose(kb, keys, ph, opts);
}

/** A ChainActor over the phrase's keys, every field given (one object shape: spreads are slow here). */
function actorOver(
  ph: Phrase,
  id: string,
  name: string,
  kind: Kind,
  roles: Role[],
  how: string,
  more: { unknown?: boolean; agent?: AgentEntry | null; plural?: boolean; definite?: boolean; bareNation?: boolean } = {},
): ChainActor {
  return {
    start: ph.start,
    end: ph.end,
    id,
    name,
    kind,
    roles,
    how,
    unknown: more.unknown ?? false,
    agent: more.agent ?? null,
    plural: more.plural ?? false,
    definite: more.definite ?? false,
    bareNation: more.bareNation ?? false,
  };
}

/** The actor a read phrase names: the named entry, or nationality + agent, or the nation itself. */
function compose(kb: KeyReader, keys: readonly Key[], ph: Phrase, opts: ChainOptions): ChainActor | null {
  if (ph.named) {
    const r = ph.named;
    return actorOver(ph, r.id, r.name, r.kind, r.roles, ph.nAgents > 0 || ph.nation ? "title+alias" : "alias");
  }
  if (ph.nAgents > 0) return composeAgent(keys, ph);
  const nation = ph.nation;
  if (!nation) return null;
  const state = ph.bareState ?? (nation.country ? (kb.state(nation.country) ?? null) : null);
  if (!state) return null;
  if (nation.how === "city") {
    // A city standing alone is a place; only a bare phrase ("Sydney" as an actor) reads it as its people.
    if (!opts.phrase || namePartAt(keys, ph.start - 1, 0) || (ph.end < keys.length && keys[ph.end].cap)) return null;
    const role: Role = { code: `${state.country}CVL`, country: state.country, sector: "CVL" };
    return actorOver(ph, state.id, state.name, state.kind, [role], "city", { plural: true, bareNation: true });
  }
  if (nation.how === "metonym") {
    const role: Role = { code: `${state.country}${nation.sector}`, country: state.country, sector: nation.sector };
    return actorOver(ph, state.id, state.name, state.kind, [role], "metonym", { bareNation: true });
  }
  return actorOver(ph, state.id, state.name, state.kind, state.roles, nation.how === "state" ? "alias" : "demonym", { plural: ph.plural, bareNation: true });
}

/** What `composeAgent` makes of a head agent word, a nationality, a sector, a code suffix and "former". */
interface Composed {
  sector: string | null;
  suffix: string;
  former: boolean;
  code: string;
  roles: Role[];
  id: string;
  name: string;
  how: string;
}

/**
 * Composed identities per head agent word and nationality (null for none), a few variants
 * each (sector, suffix, former). Mentions of generic agents are most of a document's mentions
 * and live as long as the document: sharing their roles and strings, like a named actor's,
 * spares each mention five objects that the young-generation collector would otherwise copy
 * (and, once V8 puts mentions straight into the old generation, keep alive until a full
 * collection). Weak, so a knowledge base's entries go with it; roles are never changed.
 */
const composedByHead = new WeakMap<AgentEntry, Map<Nation | null, Composed[]>>();

function composed(head: AgentEntry, nation: Nation | null, sector: string | null, suffix: string, former: boolean): Composed {
  let byNation = composedByHead.get(head);
  if (byNation === undefined) composedByHead.set(head, (byNation = new Map()));
  let variants = byNation.get(nation);
  if (variants === undefined) byNation.set(nation, (variants = []));
  for (const v of variants) if (v.sector === sector && v.suffix === suffix && v.former === former) return v;
  const code = (nation?.code ?? "") + (sector ?? "") + suffix || "UNK";
  const agentName = `${former ? "former " : ""}${head.name ?? head.words[0]}`;
  const v: Composed = {
    sector,
    suffix,
    former,
    code,
    roles: [{ code, country: nation?.country ?? null, sector }],
    id: `agent:${code}`,
    name: nation ? `${nation.name} ${agentName}` : agentName,
    how: nation ? `${nation.how}+agent` : "agent",
  };
  variants.push(v);
  return v;
}

/** Nationality + agent words (+ an unknown person's name after a title). */
function composeAgent(keys: readonly Key[], ph: Phrase): ChainActor {
  const { sector: headSector, suffix } = sectorOf(ph.agents, ph.nAgents);
  const head = ph.agents[ph.nAgents - 1];
  const nation = ph.nation;
  const c = composed(head, nation, ph.former ? "ELI" : headSector, ph.former ? "" : suffix, ph.former);
  if (ph.personName) {
    const name = keys
      .slice(ph.personName[0], ph.personName[1])
      .map((k) => k.k)
      .join(" ");
    return actorOver(ph, `unknown:${name}`, name, "person", c.roles, "title+name", { unknown: true, agent: head });
  }
  const kind: Kind = head.kind === "person" && !ph.plural ? "person" : head.kind === "organization" ? "organization" : "group";
  return actorOver(ph, c.id, c.name, kind, c.roles, c.how, {
    agent: head,
    plural: ph.plural,
    definite: ph.sawThe && !nation,
  });
}
