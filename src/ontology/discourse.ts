/**
 * Discourse cues (`ontology/patterns/discourse.json`, schema `discourse.schema.json`) for
 * stage 06b-discourse: claims and attributions of responsibility, anaphoric event nouns,
 * dateline formats, and which event codes and generic agents those rules touch.
 * The file's JSON Schema is checked by `faultline validate`; loading checks what the
 * stage relies on (kinds, phrases, anchored regexes with a `date` group).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type AttributionKind = "claimed" | "alleged";

/** A claim / accusation cue: a word sequence and where its actor stands. */
export interface AttributionCue {
  id: string;
  kind: AttributionKind;
  /** Lower-cased tokens of the phrase. */
  words: string[];
  actor: "before" | "after";
  /** "attacker": the one the cue speaks of, before it, is the attacker (self-identification): void when that one is a victim; only a group is taken. */
  holder?: "attacker";
  /** Sectors of unnamed agents that may be the accused too ("the armed forces were involved in"). */
  agentSectors?: ReadonlySet<string>;
}

/** A dateline format: an anchored, linear regex with named groups `date` and optionally `place`. */
export interface DatelineFormat {
  id: string;
  regex: RegExp;
}

/** The discourse knowledge, indexed for O(1) per-token look-ups. */
export interface DiscourseKnowledge {
  /** Claim / accusation cues by their first word, longest first. */
  attributionByFirst: ReadonlyMap<string, readonly AttributionCue[]>;
  /** Anaphoric event phrases (lower-cased tokens) by their last word (the event noun). */
  anaphorsByLast: ReadonlyMap<string, readonly string[][]>;
  /** Words that void a claim / accusation cue next to it ("has not claimed"). */
  negations: ReadonlySet<string>;
  datelines: readonly DatelineFormat[];
  /** CAMEO code prefixes (2-4 digits) of violent events. */
  violentCodes: ReadonlySet<string>;
  /** Sectors of generic agents a named perpetrator may replace. */
  genericSectors: ReadonlySet<string>;
  /** Sectors of armed non-state groups: a generic agent of one of them is the document's only named group of one of them. */
  soleGroupSectors: ReadonlySet<string>;
}

export class DiscourseDataError extends Error {}

/** One entry of discourse.json as the file holds it. */
export interface DiscourseEntry {
  id: string;
  kind: "claim" | "accuse" | "anaphor" | "negation" | "dateline" | "violent" | "generic" | "sole-group";
  words?: string[];
  actor?: "before" | "after";
  holder?: "attacker";
  agent_sectors?: string[];
  regex?: string;
  codes?: string[];
  sectors?: string[];
  example: string;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function required<T>(e: DiscourseEntry, field: keyof DiscourseEntry, v: T | undefined): T {
  if (v === undefined) throw new DiscourseDataError(`discourse.json: entry "${e.id}" (${e.kind}) needs "${field}"`);
  return v;
}

function compileDateline(e: DiscourseEntry): DatelineFormat {
  const src = required(e, "regex", e.regex);
  let regex: RegExp;
  try {
    regex = new RegExp(src, "d");
  } catch (err) {
    throw new DiscourseDataError(`discourse.json: entry "${e.id}": bad regex (${(err as Error).message})`);
  }
  if (!src.startsWith("^") || !src.includes("(?<date>")) {
    throw new DiscourseDataError(`discourse.json: entry "${e.id}": a dateline regex starts with ^ and has a (?<date>...) group`);
  }
  return { id: e.id, regex };
}

/** Index parsed discourse entries (the file's `entries`). Throws DiscourseDataError on unusable data. */
export function indexDiscourse(entries: readonly DiscourseEntry[]): DiscourseKnowledge {
  const attributionByFirst = new Map<string, AttributionCue[]>();
  const anaphorsByLast = new Map<string, string[][]>();
  const negations = new Set<string>();
  const datelines: DatelineFormat[] = [];
  const violentCodes = new Set<string>();
  const genericSectors = new Set<string>();
  const soleGroupSectors = new Set<string>();
  for (const e of entries) {
    if (e.kind === "claim" || e.kind === "accuse") {
      const actor = required(e, "actor", e.actor);
      const kind: AttributionKind = e.kind === "claim" ? "claimed" : "alleged";
      for (const w of required(e, "words", e.words)) {
        const words = w.split(" ");
        const cue: AttributionCue = { id: e.id, kind, words, actor };
        if (e.holder) cue.holder = e.holder;
        if (e.agent_sectors) cue.agentSectors = new Set(e.agent_sectors);
        push(attributionByFirst, words[0], cue);
      }
    } else if (e.kind === "anaphor") {
      for (const w of required(e, "words", e.words)) {
        const words = w.split(" ");
        push(anaphorsByLast, words[words.length - 1], words);
      }
    } else if (e.kind === "negation") for (const w of required(e, "words", e.words)) negations.add(w);
    else if (e.kind === "dateline") datelines.push(compileDateline(e));
    else if (e.kind === "violent") for (const c of required(e, "codes", e.codes)) violentCodes.add(c);
    else if (e.kind === "generic") for (const s of required(e, "sectors", e.sectors)) genericSectors.add(s);
    else if (e.kind === "sole-group") for (const s of required(e, "sectors", e.sectors)) soleGroupSectors.add(s);
    else throw new DiscourseDataError(`discourse.json: entry "${(e as DiscourseEntry).id}": unknown kind`);
  }
  for (const list of attributionByFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { attributionByFirst, anaphorsByLast, negations, datelines, violentCodes, genericSectors, soleGroupSectors };
}

const cache = new Map<string, DiscourseKnowledge>();

/** Load `<ontologyDir>/patterns/discourse.json` (once per folder). Throws DiscourseDataError on bad data. */
export function loadDiscourse(ontologyDir: string): DiscourseKnowledge {
  const hit = cache.get(ontologyDir);
  if (hit) return hit;
  const file = join(ontologyDir, "patterns", "discourse.json");
  let data: { entries?: DiscourseEntry[] };
  try {
    data = JSON.parse(readFileSync(file, "utf8")) as { entries?: DiscourseEntry[] };
  } catch (err) {
    throw new DiscourseDataError(`ontology/patterns/discourse.json: ${(err as Error).message}`);
  }
  if (!Array.isArray(data.entries)) throw new DiscourseDataError("ontology/patterns/discourse.json: no entries");
  const kb = indexDiscourse(data.entries);
  cache.set(ontologyDir, kb);
  return kb;
}
