/**
 * The actor knowledge base in memory: a token-sequence trie over every alias, state
 * name, demonym, metonym, city and agent word (keys normalised by `scanKeys`), plus the
 * implicit-surname index for people. Built once at load time; look-ups are Map walks.
 */
import { WordBytes, WordMemo, type Kind, type Role } from "../../doc/index.js";
import { scanKeys, type Key } from "./normalize.js";
import type { ActorKBEntries, AgentEntry, NamedActorEntry, SectorEntry, StateEntry } from "./types.js";

/** A resolvable actor: a named entry or a state, with all its dated roles. */
export interface ActorRef {
  id: string;
  name: string;
  kind: Kind;
  country: string | null;
  roles: Role[];
  /** Keys that prefer this entry when an alias is shared (from the entry's `context`). */
  context: Set<string> | null;
  /** The entry knowingly shares an alias; another entry is the default reading. */
  ambiguous: boolean;
}

/** What a matched key sequence can be. */
export type Hit =
  | { t: "actor"; ref: ActorRef }
  | { t: "nation"; ref: ActorRef | null; country: string | null; code: string | null; name: string; plural: boolean }
  | { t: "metonym"; ref: ActorRef; sector: string; place: boolean }
  | { t: "city"; ref: ActorRef }
  | { t: "agent"; agent: AgentEntry; plural: boolean }
  | { t: "mod"; agent: AgentEntry }
  | { t: "det" }
  | { t: "pron"; agent: AgentEntry }
  | { t: "loc" }
  | { t: "cue"; position: "head" | "prefix" | "connector" | "follower" | "preceder" | "opposer" };

/**
 * A hit with every field of every kind of hit, the ones of other kinds at a fixed default (never
 * read: readers go by `t`). The readers test `h.t` of hits at most keys; with an object shape per
 * kind (seven) those reads were megamorphic property look-ups, with one shape they are plain loads.
 */
function oneShape(h: Hit): Hit {
  const all = { t: h.t, ref: null, agent: null, country: null, code: null, name: "", plural: false, sector: "", place: false, position: "head" };
  return Object.assign(all, h) as Hit;
}

interface Node {
  next: Map<string, Node> | null;
  hits: Hit[] | null;
  /** Hits of case-sensitive one-word aliases (acronyms such as LeT, IS, US), by exact spelling. */
  exact: Map<string, Hit[]> | null;
}

/** The form an alias is indexed under: its exact spelling for a case-sensitive acronym, else its keys joined by spaces. */
export function aliasKey(alias: string): string {
  const keys = scanKeys(alias, []);
  return exactForm(keys) ?? keys.map((k) => k.k).join(" ");
}

/** A one-word alias with two or more capitals and at most six characters is matched case-sensitively. */
function exactForm(keys: readonly Key[]): string | null {
  if (keys.length !== 1) return null;
  const raw = keys[0].raw;
  if (raw.length > 6) return null;
  let caps = 0;
  for (const ch of raw) if (ch >= "A" && ch <= "Z") caps++;
  return caps >= 2 ? raw : null;
}

/** Bits of `ActorKB.cueEdges` (and `known` in its per-word memo). */
const CUE_EDGE = { known: 1, followerStart: 2, precederEnd: 4 } as const;

/** A longest match: the keys [start, end) and what they can be. */
export interface Match {
  start: number;
  end: number;
  hits: Hit[];
}

/**
 * Whether a match (if any) has a hit of type `t`, or of `or` too when given. A loop rather
 * than `hits.some(h => ...)`: the readers ask this at most keys, and each arrow is an object.
 */
export function hasHit(m: Match | null | undefined, t: Hit["t"], or?: Hit["t"]): boolean {
  if (!m) return false;
  for (const h of m.hits) if (h.t === t || h.t === or) return true;
  return false;
}

/** Whether a match (if any) has a cue hit at `position`. */
export function hasCue(m: Match | null | undefined, position: string): boolean {
  if (!m) return false;
  for (const h of m.hits) if (h.t === "cue" && h.position === position) return true;
  return false;
}

/** Title of the role added for people whose every post has ended. */
export const FORMER_ROLE_TITLE = "former office holder";

const NAME_SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv"]);

function pluralOf(word: string): string | null {
  if (/(?:s|sh|ch|x|z|ese)$/.test(word)) return null;
  return word + "s";
}

/** Roles of a person whose every post has ended get an ELI role from the day after (CAMEO: former officials are elites). */
function withFormerRole(e: NamedActorEntry): Role[] {
  if (e.kind !== "person" || e.roles.length === 0 || !e.country) return e.roles;
  let last = "";
  for (const r of e.roles) {
    if (!r.end) return e.roles;
    if (r.end > last) last = r.end;
  }
  const next = new Date(Date.parse(last.length === 4 ? `${last}-12-31` : last.length === 7 ? `${last}-28` : last) + 86_400_000);
  const start = Number.isNaN(next.getTime()) ? last : next.toISOString().slice(0, 10);
  return [...e.roles, { code: `${e.country}ELI`, country: e.country, sector: "ELI", title: FORMER_ROLE_TITLE, start, end: null }];
}

export class ActorKB {
  private readonly root = new Map<string, Node>();
  /** Per word id: the root's node for that word's key, null for none (the trie is fixed once built). */
  private readonly firstByWord = new WordMemo<Node | null>();
  /** Per word id: 1 when the word starts no phrase, most words of a text; read first, a byte instead of a `firstByWord` slot. */
  private readonly startsNothing = new WordBytes();
  /** Per key: CUE_EDGE bits for the first key of a follower cue phrase and the last key of a preceder cue phrase. */
  private readonly cueEdges = new Map<string, number>();
  /** `cueEdges` per word id, with CUE_EDGE.known set once asked. */
  private readonly cueEdgesByWord = new WordBytes();
  private readonly surnames = new Map<string, ActorRef[]>();
  private readonly byId = new Map<string, ActorRef>();
  private readonly statesByIso3 = new Map<string, ActorRef>();
  private readonly sectorList: SectorEntry[];
  /**
   * Common English words (lower case): in a sentence set in capitals none of them is read as a
   * case-sensitive acronym or as part of a person's name (ontology/actors/common-words.json).
   */
  readonly commonWords: ReadonlySet<string>;

  private constructor(entries: ActorKBEntries) {
    this.sectorList = entries.sectors ?? [];
    this.commonWords = new Set((entries.common ?? []).flatMap((c) => c.words));
    for (const s of entries.states ?? []) this.addState(s);
    for (const a of entries.agents ?? []) this.addAgent(a);
    for (const g of entries.ethnic ?? []) {
      const hit = (plural: boolean): Hit => ({
        t: "nation",
        ref: g.country ? (this.statesByIso3.get(g.country) ?? null) : null,
        country: g.country,
        code: g.code ?? null,
        name: g.name,
        plural,
      });
      for (const w of g.words) this.add(w, hit(false));
      for (const w of g.plural ?? []) this.add(w, hit(true));
    }
    for (const e of entries.actors ?? []) this.addActor(e);
  }

  /** Build a knowledge base from in-memory entries (tests, dictionary importers). */
  static fromEntries(entries: ActorKBEntries): ActorKB {
    return new ActorKB(entries);
  }

  private add(phrase: string, given: Hit): void {
    const hit = oneShape(given);
    const keys = scanKeys(phrase, []);
    if (keys.length === 0) return;
    let map = this.root;
    let node: Node | undefined;
    for (let i = 0; i < keys.length; i++) {
      node = map.get(keys[i].k);
      if (!node) {
        node = { next: null, hits: null, exact: null };
        map.set(keys[i].k, node);
      }
      if (i < keys.length - 1) map = node.next ??= new Map();
    }
    const n = node as Node;
    if (hit.t === "cue" && hit.position === "follower") this.markCueEdge(keys[0].k, CUE_EDGE.followerStart);
    if (hit.t === "cue" && hit.position === "preceder") this.markCueEdge(keys[keys.length - 1].k, CUE_EDGE.precederEnd);
    const exact = exactForm(keys);
    if (exact) {
      n.exact ??= new Map();
      const list = n.exact.get(exact) ?? [];
      list.push(hit);
      n.exact.set(exact, list);
      return;
    }
    (n.hits ??= []).push(hit);
  }

  private addState(s: StateEntry): void {
    const ref: ActorRef = {
      id: s.id,
      name: s.name,
      kind: "state",
      country: s.iso3,
      roles: [{ code: s.iso3, country: s.iso3, sector: null }],
      context: null,
      ambiguous: false,
    };
    this.byId.set(ref.id, ref);
    this.statesByIso3.set(s.iso3, ref);
    for (const a of new Set([s.name, ...s.aliases])) this.add(a, { t: "actor", ref });
    for (const d of s.demonyms) {
      this.add(d, { t: "nation", ref, country: s.iso3, code: s.iso3, name: s.name, plural: false });
      const p = pluralOf(d.toLowerCase());
      if (p) this.add(p, { t: "nation", ref, country: s.iso3, code: s.iso3, name: s.name, plural: true });
    }
    for (const m of s.metonyms) this.add(m.word, { t: "metonym", ref, sector: m.sector, place: m.place !== false });
    for (const c of s.cities ?? []) this.add(c, { t: "city", ref });
    for (const r of s.regions ?? []) this.add(r, { t: "city", ref });
  }

  private addAgent(a: AgentEntry): void {
    const closed = (): Hit => {
      switch (a.kind) {
        case "modifier":
          return { t: "mod", agent: a };
        case "determiner":
          return { t: "det" };
        case "pronoun":
          return { t: "pron", agent: a };
        case "locative":
          return { t: "loc" };
        case "cue":
          return { t: "cue", position: a.position ?? "head" };
        default:
          return { t: "agent", agent: a, plural: a.kind !== "person" };
      }
    };
    for (const w of a.words) this.add(w, closed());
    for (const w of a.plural ?? []) this.add(w, { t: "agent", agent: a, plural: true });
  }

  private addActor(e: NamedActorEntry): void {
    const ref: ActorRef = {
      id: e.id,
      name: e.name,
      kind: e.kind,
      country: e.country,
      roles: withFormerRole(e),
      context: e.context ? new Set(e.context.flatMap((w) => scanKeys(w, []).map((k) => k.k))) : null,
      ambiguous: e.ambiguous === true,
    };
    this.byId.set(ref.id, ref);
    for (const a of new Set([e.name, ...e.aliases])) this.add(a, { t: "actor", ref });
    if (e.kind === "person") {
      const keys = scanKeys(e.name, []).filter((k) => k.k.length > 1 && !NAME_SUFFIXES.has(k.k));
      const n = keys.length;
      // The last word is a surname unless it is hyphen-joined to the one before (Ri Yong-ho).
      if (n >= 2 && !keys[n - 1].joined) {
        const last = keys[keys.length - 1].k;
        const list = this.surnames.get(last) ?? [];
        if (!list.includes(ref)) list.push(ref);
        this.surnames.set(last, list);
      }
    }
  }

  private markCueEdge(k: string, bit: number): void {
    this.cueEdges.set(k, (this.cueEdges.get(k) ?? 0) | bit);
  }

  /** The CUE_EDGE bits of a key (without `known`), memoised per word id. */
  private cueEdgeBits(key: Key): number {
    const w = key.word;
    if (w < 0) return this.cueEdges.get(key.k) ?? 0;
    let bits = this.cueEdgesByWord.get(w);
    if (bits === 0) this.cueEdgesByWord.set(w, (bits = (this.cueEdges.get(key.k) ?? 0) | CUE_EDGE.known));
    return bits & ~CUE_EDGE.known;
  }

  /** Whether some follower cue phrase ("claimed responsibility") starts with this key: no follower cue is read at a key that does not. */
  startsFollower(key: Key): boolean {
    return (this.cueEdgeBits(key) & CUE_EDGE.followerStart) !== 0;
  }

  /** Whether some preceder cue phrase ("members of") ends with this key: no preceder cue ends at a key that does not. */
  endsPreceder(key: Key): boolean {
    return (this.cueEdgeBits(key) & CUE_EDGE.precederEnd) !== 0;
  }

  /** True when some entry's phrase starts with this key (the first-key set). */
  starts(key: string): boolean {
    return this.root.has(key);
  }

  /** `starts(key.k)`, memoised per word id. */
  startsKey(key: Key): boolean {
    return this.first(key) !== undefined;
  }

  /** The trie node of the first key of a phrase, memoised per word id when the key has one (most document words start nothing). */
  private first(key: Key): Node | undefined {
    const w = key.word;
    if (w < 0) return this.root.get(key.k);
    if (this.startsNothing.get(w) === 1) return undefined;
    const m = this.firstByWord.get(w);
    if (m !== undefined) return m === null ? undefined : m;
    const node = this.root.get(key.k);
    if (node === undefined) this.startsNothing.set(w, 1);
    else this.firstByWord.set(w, node);
    return node;
  }

  /** The longest phrase in the trie starting at `keys[p]` (within [p, limit)), or null. */
  match(keys: readonly Key[], p: number, limit = keys.length): Match | null {
    const hits = this.walk(keys, p, limit);
    return hits ? { start: p, end: this.walkEnd, hits } : null;
  }

  /** `match`, written into `into` (whose fields are all set) rather than a new object: returns whether there is one. */
  matchInto(keys: readonly Key[], p: number, limit: number, into: Match): boolean {
    const hits = this.walk(keys, p, limit);
    if (!hits) return false;
    into.start = p;
    into.end = this.walkEnd;
    into.hits = hits;
    return true;
  }

  /** The end of the longest phrase the last `walk` found (a field rather than a returned pair: no object per walk). */
  private walkEnd = -1;

  /** The hits of the longest phrase from `keys[p]` (within [p, limit)), its end left in `walkEnd`; null for none. */
  private walk(keys: readonly Key[], p: number, limit: number): Hit[] | null {
    let map: Map<string, Node> | null = this.root;
    let bestEnd = -1;
    let bestHits: Hit[] | null = null;
    for (let i = p; i < limit && map; i++) {
      const node: Node | undefined = i === p ? this.first(keys[i]) : map.get(keys[i].k);
      if (!node) break;
      const exact = i === p && node.exact ? node.exact.get(keys[i].raw) : undefined;
      if (exact) {
        bestHits = node.hits ? [...exact, ...node.hits] : exact;
        bestEnd = i + 1;
      } else if (node.hits) {
        bestHits = node.hits;
        bestEnd = i + 1;
      }
      map = node.next;
    }
    this.walkEnd = bestEnd;
    return bestHits;
  }

  /** People whose surname (last word of the full name) is `key`. */
  surnameOwners(key: string): readonly ActorRef[] {
    return this.surnames.get(key) ?? [];
  }

  /** An actor or state by knowledge-base id. */
  get(id: string): ActorRef | undefined {
    return this.byId.get(id);
  }

  /** A state by ISO 3166-1 alpha-3 code. */
  state(iso3: string): ActorRef | undefined {
    return this.statesByIso3.get(iso3);
  }

  /** The sector table (code, name, PLOVER equivalents). */
  sectors(): readonly SectorEntry[] {
    return this.sectorList;
  }

  /** Number of named actors and states. */
  get size(): number {
    return this.byId.size;
  }
}

/**
 * Sentence positions whose matches are kept: the kept objects live as long as the process, so a
 * huge run of text read as one sentence is asked of the trie past this point rather than kept.
 */
const MAX_KEPT_POSITIONS = 2048;

/** The hits of a pooled match object not yet written. */
const NO_HITS: Hit[] = [];

/** What the phrase readers (`readChain`, `readUnknownName`, ...) ask of a knowledge base: an `ActorKB`, or its answers for one sentence. */
export type KeyReader = Pick<ActorKB, "match" | "matchInto" | "startsKey" | "startsFollower" | "endsPreceder" | "surnameOwners" | "state">;

/**
 * A knowledge base's matches over one run of keys (a sentence), each asked of the trie once.
 * The readers ask the same positions again and again: every capitalised key starts a
 * claimant-name read that asks each key after it for a follower cue, and every known key a
 * phrase read, about 1.3 trie walks per token uncached. The longest match up to the run's end
 * and the one-key match are kept per position; a match is shared by its askers, who only read it.
 */
export class SentenceMatches implements KeyReader {
  private keys: readonly Key[] = [];
  private limit = 0;
  /**
   * Per key position: whether the match up to `limit` (and the one-key match) was asked, and
   * its answer: 0 not yet, 1 none, 2 the position's match object. The match objects are kept
   * from sentence to sentence and rewritten (a sentence's matches are read only while it is
   * read): two objects per match and a new array per sentence were most of the stage's garbage.
   */
  private longestState = new Uint8Array(0);
  private singleState = new Uint8Array(0);
  private readonly longest: Match[] = [];
  private readonly single: Match[] = [];

  constructor(readonly kb: ActorKB) {}

  /** Start a new run: `keys` (not changed until the next reset) read up to `limit`. */
  reset(keys: readonly Key[], limit: number): void {
    this.keys = keys;
    this.limit = limit;
    const kept = Math.min(limit, MAX_KEPT_POSITIONS);
    if (this.longestState.length < kept) {
      this.longestState = new Uint8Array(Math.min(kept * 2, MAX_KEPT_POSITIONS));
      this.singleState = new Uint8Array(this.longestState.length);
    } else {
      this.longestState.fill(0, 0, kept);
      this.singleState.fill(0, 0, kept);
    }
  }

  match(keys: readonly Key[], p: number, limit = keys.length): Match | null {
    if (keys === this.keys && p >= 0 && p < this.limit && p < MAX_KEPT_POSITIONS) {
      if (limit === this.limit) return this.kept(this.longestState, this.longest, p, limit);
      if (limit === p + 1) return this.kept(this.singleState, this.single, p, limit);
    }
    return this.kb.match(keys, p, limit);
  }

  /** The match at `p` up to `limit` from one of the two kinds (`state`, `matches`), asked of the trie the first time. */
  private kept(state: Uint8Array, matches: Match[], p: number, limit: number): Match | null {
    const s = state[p];
    if (s === 2) return matches[p];
    if (s === 1) return null;
    while (matches.length <= p) matches.push({ start: 0, end: 0, hits: NO_HITS });
    const found = this.kb.matchInto(this.keys, p, limit, matches[p]);
    state[p] = found ? 2 : 1;
    return found ? matches[p] : null;
  }

  matchInto(keys: readonly Key[], p: number, limit: number, into: Match): boolean {
    return this.kb.matchInto(keys, p, limit, into);
  }

  startsKey(key: Key): boolean {
    return this.kb.startsKey(key);
  }

  startsFollower(key: Key): boolean {
    return this.kb.startsFollower(key);
  }

  endsPreceder(key: Key): boolean {
    return this.kb.endsPreceder(key);
  }

  surnameOwners(key: string): readonly ActorRef[] {
    return this.kb.surnameOwners(key);
  }

  state(iso3: string): ActorRef | undefined {
    return this.kb.state(iso3);
  }
}
