/**
 * Actors from PETRARCH actor and agent dictionaries. Within a noun phrase, agents
 * combine with the phrase's first actor (`ISRAELI TROOPS` → ISR+MIL, `MSF Arnor` →
 * NGO+ARN); an agent phrase followed by of/in/from and a list of actors combines with
 * each of them; an agent phrase joined by "and" to an actor phrase takes its actor
 * ("Danish media and government"); an agent alone is `---` + its code. Dated actor
 * codes become dated `Role`s; `A/B` codes give one mention per code.
 */
import type { ActorMention, Doc, Role } from "../../doc/index.js";
import { roleAt } from "../../doc/index.js";
import type { DatedCode, PetrActor, PetrAgent, PetrarchKnowledge } from "../../ontology/petrarch/index.js";
import { documentWords, texts, type Word } from "./words.js";

/** A noun phrase holding dictionary actors and/or agents, over words [start, end). */
interface Phrase {
  start: number;
  end: number;
  actors: PetrActor[];
  agents: PetrAgent[];
}

const NP_INSIDE = new Set(["NOUN", "PROPN", "ADJ", "DET", "NUM", "PART"]);
const LINKS = new Set(["OF", "IN", "FROM"]);
const JOINERS = new Set([",", "AND", "NOR", "OR"]);
const MAX_GAP = 4;

/** Whether words (a, b) may sit inside one noun phrase. */
function npGap(words: readonly Word[], a: number, b: number): boolean {
  if (b - a > MAX_GAP) return false;
  for (let i = a; i < b; i++) {
    const w = words[i];
    // "awful and evil minister": a conjunction between adjectives stays inside the phrase.
    const adjectiveAnd = w.text === "AND" && i > a && i + 1 < b && words[i - 1].pos === "ADJ" && words[i + 1].pos === "ADJ";
    if (!adjectiveAnd && (!NP_INSIDE.has(w.pos) || JOINERS.has(w.text))) return false;
  }
  return true;
}

/** Whether words (a, b) join two list members: a comma or conjunction plus determiners/adjectives. */
export function listGap(words: readonly Word[], a: number, b: number): boolean {
  let joiner = false;
  for (let i = a; i < b; i++) {
    if (JOINERS.has(words[i].text)) joiner = true;
    else if (words[i].pos !== "DET" && words[i].pos !== "ADJ" && words[i].pos !== "ADV") return false;
  }
  return joiner;
}

/** Dictionary phrases of one sentence, longest match first, grouped into noun phrases. */
function phrases(words: readonly Word[], pk: PetrarchKnowledge): Phrase[] {
  const keys = texts(words);
  const out: Phrase[] = [];
  for (let i = 0; i < words.length; ) {
    const m = pk.names.longest(keys, i);
    if (!m) {
      i++;
      continue;
    }
    const hit = m.values.find((v) => v.t === "actor") ?? m.values[0];
    const last = out[out.length - 1];
    const into = last && npGap(words, last.end, i) ? last : null;
    const p: Phrase = into ?? { start: i, end: m.end, actors: [], agents: [] };
    p.end = m.end;
    if (hit.t === "actor") p.actors.push(hit.actor);
    else p.agents.push(hit.agent);
    if (!into) out.push(p);
    i = m.end;
  }
  return out;
}

/** `code` with the agents' codes added (prefix agents before, others after; a suffix already there is not repeated). */
export function compose(code: string, agents: readonly PetrAgent[]): string {
  let out = code;
  for (const a of agents) {
    if (a.prefix) out = a.code + out;
    else if (!out.endsWith(a.code)) out += a.code;
  }
  return out;
}

function roleOf(code: string, start: string | null, end: string | null): Role {
  const letters = /^[A-Z]{3}/.test(code) && code !== "---";
  return { code, country: letters ? code.slice(0, 3) : null, sector: code.length > 3 ? code.slice(3) : null, start, end };
}

/** The codes of an actor split at `/`, each with its dated roles composed with `agents`. */
function rolesByCode(codes: readonly DatedCode[], agents: readonly PetrAgent[]): Role[][] {
  const width = Math.max(...codes.map((c) => c.code.split("/").length));
  const out: Role[][] = [];
  for (let k = 0; k < width; k++) {
    out.push(codes.map((c) => {
      const parts = c.code.split("/");
      const base = parts[Math.min(k, parts.length - 1)];
      return roleOf(base === "---" ? base : compose(base, agents), c.start, c.end);
    }));
  }
  return out;
}

/** Mentions for one phrase span with the given roles lists. */
function mentions(doc: Doc, words: readonly Word[], p: Phrase, name: string, id: string, roleLists: Role[][]): ActorMention[] {
  const tokenStart = words[p.start].tokenStart;
  const tokenEnd = words[p.end - 1].tokenEnd;
  const start = doc.tokens[tokenStart].start;
  const end = doc.tokens[tokenEnd - 1].end;
  return roleLists.map((roles) => {
    const r = roleAt(roles, doc.date) ?? roles[0];
    return { tokenStart, tokenEnd, start, end, text: doc.text.slice(start, end), id, name, kind: r.code.length === 3 ? "state" : "group", roles, country: r.country, sector: r.sector, code: r.code, how: "petrarch" };
  });
}

/** Indexes of the phrases listed after phrase `i` ("X, Y and Z"): i and the following list members. */
function listFrom(words: readonly Word[], ps: readonly Phrase[], i: number): number[] {
  const out = [i];
  for (let j = i + 1; j < ps.length && listGap(words, ps[j - 1].end, ps[j].start); j++) out.push(j);
  return out;
}

/** Actor mentions of a document from the dictionaries. */
export function findDictionaryActors(doc: Doc, pk: PetrarchKnowledge): ActorMention[] {
  const out: ActorMention[] = [];
  const allWords = documentWords(doc);
  for (let s = 0; s < doc.sentences.length; s++) {
    const words = allWords[s];
    const ps = phrases(words, pk);
    // Actor phrase index → agent phrases (index) that apply to it through of/in/from.
    const extra = new Map<number, number[]>();
    const absorbed = new Set<number>();
    for (let i = 0; i < ps.length; i++) {
      if (ps[i].actors.length > 0) continue;
      // A run of agent-only phrases ("lawmakers and officials") followed by of/in/from + actors.
      let j = i;
      while (j + 1 < ps.length && ps[j + 1].actors.length === 0 && listGap(words, ps[j].end, ps[j + 1].start)) j++;
      const next = ps[j + 1];
      if (next && next.actors.length > 0 && LINKS.has(words[ps[j].end]?.text ?? "") && determinersOnly(words, ps[j].end + 1, next.start)) {
        for (const k of listFrom(words, ps, j + 1)) {
          if (ps[k].actors.length === 0) break;
          const list = extra.get(k) ?? [];
          for (let a = i; a <= j; a++) list.push(a);
          extra.set(k, list);
        }
        for (let a = i; a <= j; a++) absorbed.add(a);
      }
      i = j;
    }
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i];
      if (absorbed.has(i)) continue;
      if (p.actors.length > 0) {
        const actor = p.actors[0];
        const outer = extra.get(i);
        if (!outer) out.push(...mentions(doc, words, p, actor.id, `petrarch:${actor.id}`, rolesByCode(actor.codes, p.agents)));
        // "the government of Gondor": one mention per agent phrase; the first actor of the list spans from the agent phrase.
        for (const a of outer ?? []) {
          const span: Phrase = { ...p, start: extraStart(ps, a, i) };
          out.push(...mentions(doc, words, span, actor.id, `petrarch:${actor.id}`, rolesByCode(actor.codes, [...p.agents, ...ps[a].agents])));
        }
        continue;
      }
      // Agent phrase after "X and": takes X's actor; else stands alone.
      const prev = i > 0 && listGap(words, ps[i - 1].end, p.start) ? ps[i - 1] : null;
      const base = prev && prev.actors.length > 0 ? prev.actors[0] : null;
      const codes: DatedCode[] = base ? base.codes : [{ code: "---", start: null, end: null }];
      const lists = base ? rolesByCode(codes, p.agents) : [[roleOf(compose("---", p.agents), null, null)]];
      out.push(...mentions(doc, words, p, p.agents.map((a) => a.id).join(" "), `petrarch-agent:${p.agents.map((a) => a.code).join("")}`, lists));
    }
  }
  return out;
}

/** Start of the mention agent phrase `a` makes with actor phrase `k`: the agent's start for the first actor after it, else the actor's. */
function extraStart(ps: readonly Phrase[], a: number, k: number): number {
  for (let b = a + 1; b < k; b++) if (ps[b].actors.length > 0) return ps[k].start;
  return ps[a].start;
}

/** Whether words [a, b) are all determiners or adjectives ("of the Philippines"). */
function determinersOnly(words: readonly Word[], a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (words[i].pos !== "DET" && words[i].pos !== "ADJ") return false;
  return true;
}
