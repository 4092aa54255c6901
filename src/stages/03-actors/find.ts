/**
 * Finding actor mentions in a document: longest match over the actor trie at keys that
 * can start an entry, composed into phrases by `readChain`; capitals and states after a
 * locative preposition are places, not actors; pronouns and definite descriptions take
 * the last fitting actor of the previous sentences; unknown organisation names are kept
 * as `unknown` mentions.
 */
import { roleAt, type ActorMention, type Doc, type Role } from "../../doc/index.js";
import {
  hasCue,
  hasHit,
  readChain,
  readPronoun,
  readClaimantName,
  readUnknownName,
  SentenceMatches,
  type ActorKB,
  type ChainActor,
  type ChainOptions,
  type ContextKeys,
  type Key,
  type PronounHit,
  type UnknownName,
} from "../../ontology/actors/index.js";
import { descriptionAntecedent, pronounAntecedent } from "./coref.js";
import { tokenKeys } from "./keys.js";

/** Context words count within this many keys of a shared alias (only ambiguous aliases ask). */
const CONTEXT_WINDOW = 3;

/** The keys around an alias in the sentence (`keys`: the sentence's keys, an array refilled for each sentence). */
class NearKeys implements ContextKeys {
  constructor(private readonly keys: readonly Key[]) {}
  has(k: string, start: number, end: number): boolean {
    const from = Math.max(0, start - CONTEXT_WINDOW);
    const to = Math.min(this.keys.length, end + CONTEXT_WINDOW);
    for (let i = from; i < to; i++) if ((i < start || i >= end) && this.keys[i].k === k) return true;
    return false;
  }
}

/** The state of one document's search. */
export interface Finder {
  kb: ActorKB;
  /** The knowledge base's matches over the sentence being read. */
  km: SentenceMatches;
  doc: Doc;
  mentions: ActorMention[];
  /**
   * Per mention (same index): whether it names several, for pronoun agreement. An array beside
   * `mentions` rather than a set of them: no hash entry per mention, most of which are plural.
   */
  plural: boolean[];
  knownPeople: Set<string>;
  /** What the phrase readers are told, one object for the document (its context reads the sentence's keys). */
  opts: ChainOptions;
}

function isLocativeBefore(f: Finder, keys: readonly Key[], p: number, from: number): boolean {
  let j = p - 1;
  if (j >= from && keys[j].k === "the") j--;
  if (j < from) return false;
  const m = f.km.match(keys, j, j + 1);
  return hasHit(m, "loc");
}

function isDeterminer(f: Finder, keys: readonly Key[], p: number): boolean {
  const m = f.km.match(keys, p, p + 1);
  return hasHit(m, "det");
}

/**
 * Whether the key at p continues a name that a capital city's name opens ("Douglas Reed",
 * "Victoria Lane"): a capitalised word in mixed-case text that starts no known entry. The
 * capital is then a given name or part of a proper name, not its state.
 */
function givenName(f: Finder, keys: readonly Key[], p: number): boolean {
  if (p >= keys.length) return false;
  const k = keys[p];
  return k.cap && !k.joined && k.pos === "PROPN" && k.raw !== k.raw.toUpperCase() && !f.km.startsKey(k);
}

/** What a mention says about its actor (the rest comes from its keys and the document date). */
interface MentionFields {
  id: string;
  name: string;
  kind: ActorMention["kind"];
  roles: Role[];
  how: string;
  coref?: boolean;
}

function mentionOf(f: Finder, keys: readonly Key[], c: { start: number; end: number }, x: MentionFields): ActorMention {
  const a = keys[c.start];
  const b = keys[c.end - 1];
  const r: Role | null = roleAt(x.roles, f.doc.date);
  const m: ActorMention = {
    tokenStart: a.tok,
    tokenEnd: b.tok + 1,
    start: a.start,
    end: b.end,
    text: f.doc.text.slice(a.start, b.end),
    id: x.id,
    name: x.name,
    kind: x.kind,
    roles: x.roles,
    country: r ? r.country : null,
    sector: r ? r.sector : null,
    code: r ? r.code : "UNK",
    how: x.how,
    // On every mention, undefined when not so, rather than added to some: one shape for all the
    // mentions made here, so the later stages reading them (patterns, code) do not deoptimize on
    // a second and a third shape and compile again.
    coref: x.coref === true ? true : undefined,
    unknown: undefined,
  };
  return m;
}


function push(f: Finder, m: ActorMention, plural: boolean): void {
  f.mentions.push(m);
  f.plural.push(plural);
}

/** Handle a chain: filter place readings and lone titles, resolve definite descriptions. Returns the keys consumed. */
function takeChain(f: Finder, keys: readonly Key[], c: ChainActor, from: number, sent: number): void {
  if (c.bareNation) {
    if (isLocativeBefore(f, keys, c.start, from)) return;
    // A dateline ("ISLAMABAD: ...") names a place.
    if (c.end < keys.length && keys[c.end].k === ":" && c.start === 0) return;
    if (c.how === "demonym" && !c.plural) return;
  }
  if (c.how === "metonym" && givenName(f, keys, c.end)) return;
  if (c.how === "agent" && c.kind === "person" && c.end - c.start === 1 && !isDeterminer(f, keys, c.start)) return;
  if (c.agent && (c.definite || c.agent.anaphor) && c.how === "agent") {
    const sector = c.agent.anaphor ? null : (c.roles[0]?.sector ?? null);
    const k = descriptionAntecedent(f, f.mentions, sector, sent);
    if (k >= 0) {
      const ante = f.mentions[k];
      // The antecedent itself when it has the sector, else its country with the description's sector.
      const same = sector === null || ante.roles.some((r) => r.sector === sector);
      const roles: Role[] = same ? ante.roles : [{ code: `${ante.country}${sector}`, country: ante.country, sector }];
      const id = same ? ante.id : `agent:${ante.country}${sector}`;
      const name = same ? ante.name : `${ante.country} ${c.name}`;
      push(f, mentionOf(f, keys, c, { id, name, kind: same ? ante.kind : c.kind, roles, how: "pronoun", coref: true }), f.plural[k]);
      return;
    }
    if (c.agent.anaphor) return;
  }
  if (c.kind === "person" && !c.unknown && c.how !== "agent" && !c.id.startsWith("agent:") && c.end - c.start > 1) f.knownPeople.add(c.id);
  const m = mentionOf(f, keys, c, { id: c.id, name: c.name, kind: c.kind, roles: c.roles, how: c.how });
  if (c.unknown) m.unknown = true;
  push(f, m, c.plural);
}

function takeUnknown(f: Finder, keys: readonly Key[], u: UnknownName): void {
  const text = keys
    .slice(u.start, u.end)
    .map((k) => k.k)
    .join(" ");
  const role: Role = { code: u.country ? `${u.country}UNK` : "UNK", country: u.country, sector: null };
  const name = f.doc.text.slice(keys[u.start].start, keys[u.end - 1].end);
  const m = mentionOf(f, keys, u, { id: `unknown:${text}`, name, kind: "group", roles: [role], how: "unknown" });
  m.unknown = true;
  push(f, m, true);
}

function takePronoun(f: Finder, keys: readonly Key[], pr: PronounHit, sent: number): void {
  const next = f.doc.tokens[keys[pr.start].tok + 1];
  const expletive = pr.agent.number === "singular" && pr.agent.refers?.includes("state") && next?.lemma === "be";
  if (expletive) return;
  const k = pronounAntecedent(f, f.mentions, f.plural, pr.agent, sent);
  if (k < 0) return;
  const ante = f.mentions[k];
  const m = mentionOf(f, keys, pr, { id: ante.id, name: ante.name, kind: ante.kind, roles: ante.roles, how: "pronoun", coref: true });
  push(f, m, f.plural[k]);
}

/**
 * The first key inside an unknown name's span [p + 1, end) where a known actor phrase starts
 * that runs past the span's end, or -1: "URBAN COMMANDOS OF THE FMLN" is a description of the
 * FMLN's members ("commandos of the FMLN"), not a name "Urban Commandos" followed by the FMLN.
 */
function knownPhraseAcross(f: Finder, keys: readonly Key[], p: number, end: number, n: number, opts: ChainOptions): number {
  for (let q = p + 1; q < end; q++) {
    if (!f.km.startsKey(keys[q])) continue;
    const c = readChain(f.km, keys, q, n, opts, f.km.match(keys, q, n));
    if (c && c.end > end && !c.unknown) return q;
  }
  return -1;
}

/**
 * A capitalised unit phrase right after a named group, ending in a plural agent word ("FMLN
 * URBAN COMMANDOS", "the Front (FMLN) Urban Guerrilla Commandos"), is the group's own members,
 * not an unknown organisation: the phrase keeps its words and takes the group's identity
 * (how "group+unit"). Returns whether it was taken.
 */
function takeGroupUnit(f: Finder, keys: readonly Key[], u: UnknownName, p: number, n: number, opts: ChainOptions): boolean {
  const prev = f.mentions[f.mentions.length - 1];
  if (!prev || prev.unknown || prev.coref || prev.id.startsWith("agent:") || prev.id.startsWith("unknown:")) return false;
  if (prev.kind !== "group" && prev.kind !== "organization") return false;
  // Adjacent to the group's name, or to its bracketed acronym.
  const gap = p > 0 && keys[p - 1].k === ")" ? keys[p - 1].tok : keys[p].tok;
  if (prev.tokenEnd !== gap) return false;
  const last = u.end - 1;
  if (last <= u.start || !f.km.startsKey(keys[last])) return false;
  const head = readChain(f.km, keys, last, n, opts, f.km.match(keys, last, n));
  if (!head || !head.agent || head.how !== "agent" || head.end !== u.end || !head.plural) return false;
  push(f, mentionOf(f, keys, u, { id: prev.id, name: prev.name, kind: prev.kind, roles: prev.roles, how: "group+unit" }), true);
  return true;
}

function isOpposer(f: Finder, keys: readonly Key[], p: number): boolean {
  const m = f.km.match(keys, p, p + 1);
  return !!m && m.end === p + 1 && hasCue(m, "opposer");
}

/**
 * An opposer prefix at p joined to the rest of its word ("anti-Muslim", "anti-Taliban",
 * "anti-abortion") says what the actor opposes, not who it is: the agent phrase that follows
 * the word ("extremists", "militias") is the actor, its mention running from the prefix
 * ("anti-Muslim extremists", how "opposed+agent"); with no agent after it nothing is taken.
 * Returns the key to read on from.
 */
function takeOpposed(f: Finder, keys: readonly Key[], p: number, n: number, opts: ChainOptions): number {
  let q = p + 1;
  while (q < n && keys[q].tok === keys[p].tok) q++;
  const r = q < n && f.km.startsKey(keys[q]) ? readChain(f.km, keys, q, n, opts, f.km.match(keys, q, n)) : null;
  if (!r || !r.agent || r.unknown || r.how !== "agent") return q;
  const m = mentionOf(f, keys, { start: p, end: r.end }, { id: r.id, name: r.name, kind: r.kind, roles: r.roles, how: `opposed+${r.how}` });
  push(f, m, r.plural);
  return r.end;
}

/** The keys of the sentence being read (reused: the stage is synchronous and mentions copy what they keep). */
const sentenceKeys: Key[] = [];
/**
 * Empty an array but keep its store for the next fill: `length = 0` drops the store, so each
 * sentence's keys grew a new one, reallocated two or three times (a tenth of the stage's garbage).
 */
function emptyKeepingStore(a: unknown[]): void {
  while (a.length > 0) a.pop();
}

/** Context words near an alias: always among the keys of the sentence being read. */
const nearKeys = new NearKeys(sentenceKeys);

function findInSentence(f: Finder, from: number, to: number, sent: number): void {
  emptyKeepingStore(sentenceKeys);
  const keys = tokenKeys(f.doc.tokens, from, to, sentenceKeys, f.kb.commonWords);
  f.km.reset(keys, keys.length);
  const opts = f.opts;
  const n = keys.length;
  for (let p = 0; p < n; ) {
    const key = keys[p];
    const known = f.km.startsKey(key);
    if (!known && !key.cap) {
      p++;
      continue;
    }
    const m = known ? f.km.match(keys, p, n) : null;
    const pr = m ? readPronoun(f.km, keys, p, n, m) : null;
    if (pr) {
      takePronoun(f, keys, pr, sent);
      p++;
      continue;
    }
    if (p + 1 < n && keys[p + 1].joined && keys[p + 1].tok === key.tok && isOpposer(f, keys, p)) {
      p = takeOpposed(f, keys, p, n, opts);
      continue;
    }
    const c = readChain(f.km, keys, p, n, opts, m);
    // "Students For Insurrection claimed responsibility": a claimant's unknown name beats a shorter generic reading.
    const claimant = key.cap ? readClaimantName(f.km, keys, p, n) : null;
    const claimantAcross = claimant && (!c || c.end < claimant.end) ? knownPhraseAcross(f, keys, p, claimant.end, n, opts) : -1;
    if (claimantAcross > 0) {
      p = claimantAcross;
      continue;
    }
    if (claimant && (!c || c.end < claimant.end)) {
      takeUnknown(f, keys, claimant);
      p = claimant.end;
      continue;
    }
    if (c) {
      takeChain(f, keys, c, 0, sent);
      p = c.end;
      continue;
    }
    const u = key.cap ? readUnknownName(f.km, keys, p, n) : null;
    const across = u ? knownPhraseAcross(f, keys, p, u.end, n, opts) : -1;
    if (across > 0) {
      p = across;
      continue;
    }
    if (u && takeGroupUnit(f, keys, u, p, n, opts)) {
      p = u.end;
      continue;
    }
    if (u) {
      takeUnknown(f, keys, u);
      p = u.end;
      continue;
    }
    p++;
  }
}

/** The sentence matches of the knowledge base last read (reused: the stage is synchronous and reads one sentence at a time). */
let lastMatches: SentenceMatches | null = null;

function sentenceMatches(kb: ActorKB): SentenceMatches {
  if (lastMatches === null || lastMatches.kb !== kb) lastMatches = new SentenceMatches(kb);
  return lastMatches;
}

/** All actor mentions of a tokenised document, in text order. */
export function findActors(doc: Doc, kb: ActorKB): ActorMention[] {
  const knownPeople = new Set<string>();
  const opts: ChainOptions = { phrase: false, context: nearKeys, knownPeople };
  const f: Finder = { kb, km: sentenceMatches(kb), doc, mentions: [], plural: [], knownPeople, opts };
  for (const s of doc.sentences) findInSentence(f, s.tokenStart, s.tokenEnd, s.index);
  return f.mentions;
}
