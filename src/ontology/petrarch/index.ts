/**
 * PETRARCH / TABARI dictionary import: parse a folder of actor, agent, verb and
 * discard dictionaries and index them for the dictionary-driven coder
 * (`src/stages/06-dictionary/`). Files are recognised by name: a `.txt`, `.dic`, `.dict`
 * or extension-less file whose name contains "actor", "agent", "verb" or "discard"
 * (case-insensitive) is read as that kind.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseActors } from "./actors.js";
import { parseAgents } from "./agents.js";
import { parseDiscards } from "./discards.js";
import { PetrarchDictionaryError } from "./lines.js";
import { PhraseTrie } from "./trie.js";
import type { DictProblem, PetrActor, PetrAgent, PetrarchDictionaries, PetrDiscard, VerbEntry, VerbForm } from "./types.js";
import { parseVerbs } from "./verbs.js";

export { parseActors, parseDatedCode, dictDate } from "./actors.js";
export { parseAgents, pluralOf } from "./agents.js";
export { parseDiscards } from "./discards.js";
export { parseVerbs, parsePatternBody, parseVerbCode, inflections } from "./verbs.js";
export { PetrarchDictionaryError } from "./lines.js";
export { PhraseTrie } from "./trie.js";
export type * from "./types.js";

/** What a name in the text can be. */
export type NameHit = { t: "actor"; actor: PetrActor } | { t: "agent"; agent: PetrAgent };

/** A verb form found under one of its words. */
export interface VerbHit {
  entry: VerbEntry;
  form: VerbForm;
}

/** Parsed dictionaries plus the look-up indexes the coder uses. */
export interface PetrarchKnowledge extends PetrarchDictionaries {
  /** Folder the dictionaries were read from. */
  dir: string;
  /** Actor names and agent words. */
  names: PhraseTrie<NameHit>;
  /** Verb forms by their verb word (upper-case). */
  verbsByWord: Map<string, VerbHit[]>;
  /** Discard phrases. */
  discardTrie: PhraseTrie<PetrDiscard>;
}

type Kind = "actors" | "agents" | "verbs" | "discards";

const DICT_EXT = /(?:^[^.]*|\.txt|\.dic|\.dict)$/i;

function kindOf(name: string): Kind | null {
  const n = name.toLowerCase();
  if (!DICT_EXT.test(n)) return null;
  if (n.includes("actor")) return "actors";
  if (n.includes("agent")) return "agents";
  if (n.includes("verb")) return "verbs";
  if (n.includes("discard")) return "discards";
  return null;
}

/** Per kind: parse one file into `out`, returning its problems. */
const PARSERS: Record<Kind, (text: string, name: string, out: PetrarchDictionaries) => DictProblem[]> = {
  actors(text, name, out) {
    const r = parseActors(text, name);
    out.actors.push(...r.actors);
    return r.problems;
  },
  agents(text, name, out) {
    const r = parseAgents(text, name);
    out.agents.push(...r.agents);
    return r.problems;
  },
  verbs(text, name, out) {
    const r = parseVerbs(text, name);
    out.verbs.push(...r.verbs);
    for (const [k, v] of r.synsets) out.synsets.set(k, v);
    out.notes.push(...r.notes);
    return r.problems;
  },
  discards(text, name, out) {
    const r = parseDiscards(text, name);
    out.discards.push(...r.discards);
    return r.problems;
  },
};

/** Parse dictionary texts (file name → text); file names decide the kind. Throws PetrarchDictionaryError on malformed lines. */
export function parseDictionaries(files: ReadonlyArray<{ name: string; text: string }>): PetrarchDictionaries {
  const out: PetrarchDictionaries = { actors: [], agents: [], verbs: [], synsets: new Map(), discards: [], notes: [] };
  const problems: DictProblem[] = [];
  for (const f of files) {
    const kind = kindOf(f.name);
    if (kind) problems.push(...PARSERS[kind](f.text, f.name, out));
  }
  if (problems.length > 0) throw new PetrarchDictionaryError(problems);
  return out;
}

/** Build the look-up indexes over parsed dictionaries. */
export function indexDictionaries(d: PetrarchDictionaries, dir = ""): PetrarchKnowledge {
  const names = new PhraseTrie<NameHit>();
  for (const actor of d.actors) for (const n of actor.names) names.add(n, { t: "actor", actor });
  for (const agent of d.agents) for (const w of agent.words) names.add(w, { t: "agent", agent });
  const verbsByWord = new Map<string, VerbHit[]>();
  for (const entry of d.verbs) {
    for (const form of entry.forms) {
      const w = form.words[form.verbIndex];
      const list = verbsByWord.get(w) ?? [];
      list.push({ entry, form });
      verbsByWord.set(w, list);
    }
  }
  // Longer (multi-word) forms first, so "BREAK DOWN" wins over "BREAK".
  for (const list of verbsByWord.values()) list.sort((a, b) => b.form.words.length - a.form.words.length);
  const discardTrie = new PhraseTrie<PetrDiscard>();
  for (const x of d.discards) discardTrie.add(x.words, x);
  return { ...d, dir, names, verbsByWord, discardTrie };
}

/** Read and index every dictionary file in `dir`. Throws a clear error when the folder or a line is unusable. */
export function loadDictionaries(dir: string): PetrarchKnowledge {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    names = readdirSync(dir).sort();
  } catch (err) {
    throw new Error(`cannot read dictionary folder "${dir}": ${err instanceof Error ? err.message : String(err)}`);
  }
  const files = names.filter((n) => kindOf(n) !== null && statSync(join(dir, n)).isFile()).map((n) => ({ name: n, text: readFileSync(join(dir, n), "utf8") }));
  if (!files.some((f) => kindOf(f.name) === "verbs")) throw new Error(`no verb dictionary (a file whose name contains "verb") in "${dir}"`);
  return indexDictionaries(parseDictionaries(files), dir);
}
