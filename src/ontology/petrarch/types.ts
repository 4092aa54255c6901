/**
 * In-memory shapes of PETRARCH / TABARI dictionaries (actors, agents, verbs,
 * discards) after parsing. Words are upper-case; phrases are word arrays
 * (`_` and spaces in the source both separate words).
 */

/** A malformed line found while parsing: file, 1-based line number, what is wrong. */
export interface DictProblem {
  file: string;
  line: number;
  message: string;
}

/** An actor code valid over an optional date range (inclusive, YYYY-MM-DD). */
export interface DatedCode {
  /** Upper-case code; "---" means "no actor" over that range. */
  code: string;
  start: string | null;
  end: string | null;
}

/** One actor entry: its names (first is the main one) and its (dated) codes. */
export interface PetrActor {
  /** Stable id: the main name with underscores, e.g. "SAM_GAMGEE". */
  id: string;
  names: string[][];
  /** Dated codes first (in file order: the first covering a date wins), undated last. */
  codes: DatedCode[];
  line: number;
}

/** An agent word: combines with an actor (`ISRAELI TROOPS` → ISR + MIL) or stands alone (`---MIL`). */
export interface PetrAgent {
  id: string;
  /** Singular and plural forms. */
  words: string[][];
  code: string;
  /** `[NGO~]`: the code goes before the actor's code; `[~GOV]`: after. */
  prefix: boolean;
  line: number;
}

/** A verb dictionary code: `[032:033]` gives the event and the reverse-direction event. */
export interface VerbCode {
  code: string;
  /** Code of the event from target to source (the part after `:`), if any. */
  paired: string | null;
}

/** One element of a verb pattern. `adjacent`: joined by `_` to its neighbour nearer the verb. */
export type PatternElement =
  | { t: "word"; word: string; adjacent: boolean }
  | { t: "synset"; name: string; adjacent: boolean }
  | { t: "source" | "target" | "compound" | "skip"; adjacent: boolean };

/** A `- words * words [code]` line of a verb block. */
export interface VerbPattern {
  /** `petrarch:<VERB>:<line>`. */
  id: string;
  line: number;
  /** Elements before the verb, nearest first. */
  before: PatternElement[];
  /** Elements after the verb, nearest first. */
  after: PatternElement[];
  /** null for `[---]`: the pattern matches but codes nothing. */
  code: VerbCode | null;
}

/** A verb form: its words and which of them is the verb (`WIRE_+TAP`: index 1). */
export interface VerbForm {
  words: string[];
  verbIndex: number;
}

/** A `--- VERB [code] ---` block or one of its member lines with its own code. */
export interface VerbEntry {
  /** The block's name, e.g. "RESTORE". */
  name: string;
  line: number;
  /** Default code when no pattern matches (null: `[---]`). */
  code: VerbCode | null;
  forms: VerbForm[];
  /** Shared by every entry of the block, longest first. */
  patterns: VerbPattern[];
}

/** A discard phrase: a sentence (or, `story`, the whole text) containing it is not coded. */
export interface PetrDiscard {
  words: string[];
  story: boolean;
  line: number;
}

/** Everything read from a dictionary folder. */
export interface PetrarchDictionaries {
  actors: PetrActor[];
  agents: PetrAgent[];
  verbs: VerbEntry[];
  /** Synset name (without `&`) → member phrases (embedded synsets expanded). */
  synsets: Map<string, string[][]>;
  discards: PetrDiscard[];
  /** Lines skipped as unsupported (e.g. pattern codes CAMEO does not allow); not fatal. */
  notes: DictProblem[];
}
