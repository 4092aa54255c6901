/**
 * Shared shapes of the evaluation: gold records as the dev files carry them, the
 * coder's output reduced to what scorers read, and the scores they return.
 */
import type { Actor, EventLocation, EventRecord } from "../doc/index.js";

/** One line of a gold JSONL file (`{id, text, date, gold, split?}`). */
export interface GoldRecord {
  id: string;
  text: string;
  date: string | null;
  gold: Record<string, unknown>;
  split?: string;
}

/** The part of an analysed document the scorers read. */
export interface Prediction {
  events: EventRecord[];
  /**
   * Actor mentions of the document (text, name, sector); `id`, `kind` and `coref` (a pronoun or
   * description resolved to an earlier mention) tell which mentions the coder took for one entity.
   */
  actors: { text: string; name: string; sector: string | null; country: string | null; id?: string; kind?: string; coref?: boolean }[];
  places: { text: string; location: EventLocation }[];
}

/** A gold record and what the coder made of it. */
export interface Pair {
  record: GoldRecord;
  predicted: Prediction;
}

/** A gold actor phrase and what the resolver made of it (ngec). */
export interface ResolutionPair {
  record: GoldRecord;
  actor: Actor | null;
}

/** A headline figure. Rates are in [0, 1]; `n` is how many records it was computed over. */
export interface Metric {
  name: string;
  value: number | null;
  n: number;
  /** False for distances (median km): smaller is better. */
  higherIsBetter: boolean;
}

/** Per-class precision / recall / F1. */
export interface ClassRow {
  label: string;
  tp: number;
  fp: number;
  fn: number;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ClassTable {
  title: string;
  rows: ClassRow[];
  micro: { precision: number; recall: number; f1: number };
  macro: { precision: number; recall: number; f1: number };
}

/** A confusion table: `counts[gold][predicted]`. */
export interface Confusion {
  title: string;
  labels: string[];
  counts: Record<string, Record<string, number>>;
}

/** One wrong answer, shown to the engineer (never committed: it quotes gold text). */
export interface Example {
  id: string;
  gold: string;
  predicted: string;
  evidence: string | null;
  rule: string | null;
  /** Larger = worse; examples are shown worst first. */
  severity: number;
}

/** Error kinds and their counts for one metric (why the misses happen). */
export interface ErrorCounts {
  metric: string;
  counts: Record<string, number>;
}

/** A figure broken down by a grouping (e.g. exact rate per PETRARCH test category). */
export interface Breakdown {
  title: string;
  rows: { label: string; n: number; value: number }[];
}

/** What a scorer returns for one set. */
export interface SetScore {
  metrics: Metric[];
  tables: ClassTable[];
  confusions: Confusion[];
  breakdowns: Breakdown[];
  /** Worst examples per metric name. */
  worst: Record<string, Example[]>;
  errors: ErrorCounts[];
  notes: string[];
}

/** A scored set as the runner reports it. */
export interface SetResult extends SetScore {
  set: string;
  kind: string;
  file: string;
  records: number;
  bytes: number;
  seconds: number;
  status: "ok" | "unavailable";
  /** Why the set could not be scored (status "unavailable"). */
  message?: string;
}
