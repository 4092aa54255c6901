/**
 * Shapes of the actor knowledge files under ontology/actors/ (see the JSON Schemas in
 * ontology/schema/) and of the in-memory entries the knowledge base is built from.
 */
import type { Kind, Role } from "../../doc/index.js";

/** A named actor: a person, armed group, organisation or party (actors.schema.json). */
export interface NamedActorEntry {
  id: string;
  name: string;
  kind: Exclude<Kind, "state">;
  aliases: string[];
  country: string | null;
  roles: Role[];
  ambiguous?: boolean;
  disambiguation?: string;
  /** Words that, in the same sentence, prefer this entry over others sharing an alias. */
  context?: string[];
  parent?: string;
  historic?: boolean;
  wikipedia?: string;
  wikidata?: string;
  born?: string | null;
  died?: string | null;
  notes?: string;
}

export interface Metonym {
  word: string;
  sector: string;
  /** False for seats that are never a place of their own (the Kremlin, GHQ). */
  place?: boolean;
}

/** A country or territory (states.schema.json). */
export interface StateEntry {
  id: string;
  iso2: string;
  iso3: string;
  name: string;
  formal?: string;
  independent?: boolean;
  aliases: string[];
  demonyms: string[];
  capital: string | null;
  metonyms: Metonym[];
  cities?: string[];
  regions?: string[];
  parent?: string;
  notes?: string;
}

export type AgentKind = "person" | "group" | "organization" | "modifier" | "determiner" | "pronoun" | "locative" | "cue";

/** A generic actor word or a closed-class word (agents.schema.json). */
export interface AgentEntry {
  id: string;
  name?: string;
  words: string[];
  plural?: string[];
  kind: AgentKind;
  sector?: string | null;
  code_suffix?: string;
  anaphor?: boolean;
  /** Members, ranks or units of an armed force: after an agent word of another force, that force's sector holds ("rebel troops"). */
  member?: boolean;
  /** Only a head after another agent word, a name or a nationality ("commando units"), never an actor by itself ("housing units"). */
  bound?: boolean;
  refers?: Array<"person" | "group" | "organization" | "state">;
  number?: "singular" | "plural";
  position?: "head" | "prefix" | "connector" | "follower" | "preceder" | "opposer";
  notes?: string;
}

/** An ethnic or ethnoreligious people (actors-ethnic.schema.json): an adjective, not a state. */
export interface EthnicEntry {
  id: string;
  name: string;
  words: string[];
  plural?: string[];
  /** ISO3 where convention ties the people to one country (Rakhine: MMR), else null. */
  country: string | null;
  /** CAMEO ethnic code (KUR) when one exists. */
  code?: string | null;
  notes?: string;
}

/** A sector code with its PLOVER equivalents (actors-sectors.schema.json). */
export interface SectorEntry {
  id: string;
  code: string;
  name: string;
  /** PLOVER / POLECAT sector codes meaning the same thing. */
  plover?: string[];
  notes?: string;
}

/** Everything an ActorKB is built from. */
export interface ActorKBEntries {
  states?: StateEntry[];
  actors?: NamedActorEntry[];
  agents?: AgentEntry[];
  ethnic?: EthnicEntry[];
  sectors?: SectorEntry[];
  common?: CommonWordsEntry[];
}

/** A list of common English words (actors-common-words.schema.json). */
export interface CommonWordsEntry {
  id: string;
  source: string;
  rank_limit?: number;
  words: string[];
}

/** A knowledge file as read from disk. */
export interface KnowledgeFile<E> {
  $schema: string;
  version: string;
  description?: string;
  entries: E[];
}
