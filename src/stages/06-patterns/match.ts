/**
 * Trigger matching: a token starts work only when its lemma (or lower-cased
 * form) is a trigger key, one Map look-up per token. Among the patterns indexed
 * under that key, the most specific one whose constraints hold wins.
 */
import { WordBytes, WordMemo, type Sentence, type Token } from "../../doc/index.js";
import type { Pattern, PatternContext, PatternKnowledge } from "../../ontology/patterns.js";

/**
 * A pattern with its context word lists numbered (built once): a token's membership in every
 * list is read from its word's bits (`Keyed.ctx`), not looked up list by list.
 */
interface Compiled {
  pattern: Pattern;
  /** Rank among a key's patterns: specificity first; on a tie, the longer (more specific) CAMEO code. */
  rank: number;
  /** The trigger's tag (`pattern.trigger.pos`, kept here: read for every pattern tried, two loads fewer). */
  want: Pattern["trigger"]["pos"];
  /** Number of the particle list, or -1. */
  next: number;
  with: Window | null;
  without: Window | null;
}

/** A context window: the number of its word list and its reach. */
interface Window {
  list: number;
  before: number;
  after: number;
}

/** A trigger token and the pattern chosen for it. */
export interface TriggerMatch {
  pattern: Pattern;
  /** Token index of the trigger. */
  i: number;
  /** Last token index of the trigger phrase (the particle, when the pattern has one). */
  last: number;
}

function compileContext(c: PatternContext | undefined, lists: Set<string>[]): Window | null {
  if (!c) return null;
  const noWindow = c.before === undefined && c.after === undefined;
  lists.push(new Set(c.lemmas));
  return { list: lists.length - 1, before: noWindow ? 4 : (c.before ?? 0), after: noWindow ? 4 : (c.after ?? 0) };
}

/** Words that may follow a verb the tagger mistook for an adjective or noun ("armed the militia"). */
const AFTER_VERB = new Set(["DET", "PROPN", "PRON", "NUM", "ADP", "SCONJ"]);
const BEFORE_NOUN = new Set(["DET", "ADJ", "NUM"]);

/**
 * Part-of-speech check of token i for a pattern whose trigger is tagged `want`, tolerant
 * of the lite tagger's common slips: a verb
 * pattern accepts an adjective/noun tag on an -ed form that is not inside a
 * noun phrase and is followed by a verb's complement; a noun pattern accepts a verb/adjective
 * tag after a determiner, adjective, possessive or verb ("the heavy shelling",
 * "expressed hope").
 */
function posOk(want: Pattern["trigger"]["pos"], tokens: Token[], i: number, s: Sentence): boolean {
  const t = tokens[i];
  const prev = i > s.tokenStart ? tokens[i - 1] : null;
  const next = i + 1 < s.tokenEnd ? tokens[i + 1] : null;
  if (want === "NOUN") {
    if (t.pos === "NOUN" || t.pos === "PROPN") return true;
    if (t.pos !== "VERB" && t.pos !== "ADJ") return false;
    if (!prev) return !!next && next.pos === "ADP";
    return BEFORE_NOUN.has(prev.pos) || prev.pos === "VERB" || prev.lower === "'s" || prev.lower === "’s";
  }
  if (want === "VERB" && (!prev ? next?.pos === "ADP" : prev.pos === "DET" || prev.lower === "'s" || prev.lower === "’s")) return false;
  if (t.pos === want) return true;
  if (want !== "VERB" || !(t.pos === "ADJ" || t.pos === "NOUN" || t.pos === "PROPN")) return false;
  return t.lower.endsWith("ed") && !!next && AFTER_VERB.has(next.pos) && !(prev && (BEFORE_NOUN.has(prev.pos) || prev.pos === "ADP"));
}

/** The token tags `posOk` may accept for a pattern whose trigger is tagged `want`. */
function acceptedTags(want: string): string[] {
  return want === "NOUN" || want === "VERB" ? ["NOUN", "PROPN", "VERB", "ADJ"] : [want];
}

/**
 * A key's patterns, highest rank first (a stable sort: equal ranks keep the knowledge's order).
 * The best pattern for a token is the first that fits among those of the highest rank that
 * fit, so `matchAt` can stop at the first pattern that fits.
 */
function byRank(list: Compiled[]): Compiled[] {
  return list.sort((a, b) => b.rank - a.rank);
}

/**
 * Inflected forms of a trigger lemma, indexed at load time so that a token whose
 * lemma the lite model leaves inflected ("unbanned", "de-escalated", "raped" →
 * "rap") is still found with one look-up of its lower-cased form.
 */
export function inflections(lemma: string): string[] {
  const out = [lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"];
  const last = lemma[lemma.length - 1];
  if (last === "e") out.push(lemma.slice(0, -1) + "ing");
  if (last === "y") out.push(lemma.slice(0, -1) + "ied", lemma.slice(0, -1) + "ies");
  if (/[^aeiou][aeiou][bdgmnprt]$/.test(lemma)) out.push(lemma + last + "ed", lemma + last + "ing");
  return out;
}

/** Whether word list `list` holds a word whose bits are `bits`. */
function inList(bits: Uint32Array | null, list: number): boolean {
  return bits !== null && (bits[list >>> 5] & (1 << (list & 31))) !== 0;
}

/**
 * What the matcher keeps per word id, for the lemma it was last seen with: the pattern lists
 * the word starts (`first` null: none), the bits of the context word lists that hold its
 * lemma or lower-cased form (null: none), and whether its lower-cased form or lemma is the
 * first word of some cue phrase (`PatternKnowledge.cuesByFirst`).
 */
class Keyed {
  /** What a token of a word that is nothing to the matcher gets (see `TriggerMatcher.plain`). */
  static readonly NOTHING = new Keyed("", null, null, null, false);

  constructor(
    readonly lemma: string,
    readonly first: Compiled[] | null,
    readonly second: Compiled[] | null,
    readonly ctx: Uint32Array | null,
    readonly cue: boolean,
  ) {}
}

/** `TriggerMatcher.plain` values. */
const PLAIN = 1;
const OTHER = 2;

/** Trigger look-up over the loaded patterns (indexes built once). */
export class TriggerMatcher {
  private readonly byKey = new Map<string, Compiled[]>();
  /** Token tags some pattern's `posOk` can accept: a token with another tag starts no look-up. */
  private readonly startTags = new Set<string>();
  /** The patterns' context word lists (particles, with/without windows), by number. */
  private readonly lists: Set<string>[] = [];
  /** The bits of the context lists holding each word of some list (words of no list have none). */
  private readonly listBits = new Map<string, Uint32Array>();
  /** Per word id: the pattern lists and context bits of `keyed`. */
  private readonly memo = new WordMemo<Keyed>();
  /**
   * Per word id: PLAIN when its lower-cased form is no trigger key, context-list word or cue's
   * first word, OTHER when it is. A token of a plain word whose lemma is its lower-cased form
   * (most tokens) needs no `Keyed` entry of its own: one byte read instead of an object's.
   */
  private readonly plain = new WordBytes();
  /** The current sentence's memo entries by token (index from the sentence's first token); reused. */
  private entries: Keyed[] = [];
  /** The current sentence's tokens whose word is a trigger key, in order (the first `keyCount`); reused. */
  private keys: number[] = [];
  private keyCount = 0;

  constructor(private readonly pk: PatternKnowledge) {
    const compiled = new Map<Pattern, Compiled>();
    for (const p of pk.patterns) {
      for (const tag of acceptedTags(p.trigger.pos)) this.startTags.add(tag);
      let next = -1;
      if (p.trigger.next) {
        this.lists.push(new Set(p.trigger.next));
        next = this.lists.length - 1;
      }
      compiled.set(p, {
        pattern: p,
        rank: (p.specificity ?? 1) + p.cameo.length / 100,
        want: p.trigger.pos,
        next,
        with: compileContext(p.trigger.with, this.lists),
        without: compileContext(p.trigger.without, this.lists),
      });
    }
    const words = (this.lists.length + 31) >>> 5;
    this.lists.forEach((list, l) => {
      for (const w of list) {
        let bits = this.listBits.get(w);
        if (bits === undefined) this.listBits.set(w, (bits = new Uint32Array(words)));
        bits[l >>> 5] |= 1 << (l & 31);
      }
    });
    for (const [key, list] of pk.byLemma) this.byKey.set(key, byRank(list.map((p) => compiled.get(p)!)));
    // Inflected forms point to their lemma's patterns, unless they are keys themselves.
    for (const key of pk.byLemma.keys()) {
      for (const form of inflections(key)) if (!this.byKey.has(form)) this.byKey.set(form, this.byKey.get(key)!);
    }
  }

  /** Whether a word's lower-cased form is no trigger key, no context-list word and no cue's first word. */
  private isPlain(lower: string): boolean {
    return !this.byKey.has(lower) && !this.listBits.has(lower) && !this.pk.cuesByFirst.has(lower);
  }

  /** The bits of the context lists that hold `lemma` or `lower`, or null when none does (not to be changed: may be shared). */
  private contextBits(lemma: string, lower: string): Uint32Array | null {
    const a = this.listBits.get(lemma) ?? null;
    const b = lower !== lemma ? (this.listBits.get(lower) ?? null) : null;
    if (a === null || b === null) return a ?? b;
    const bits = new Uint32Array(a.length);
    for (let k = 0; k < a.length; k++) bits[k] = a[k] | b[k];
    return bits;
  }

  /**
   * The patterns under token t's lemma, then under its lower-cased form when that is another
   * key, and its context bits; memoised per word id with the lemma they were found for (a
   * word's lower-cased form is fixed, its lemma may change with its tag).
   */
  private keyed(t: Token): Keyed {
    let m = this.memo.get(t.word);
    if (m !== undefined && m.lemma === t.lemma) return m;
    const byLemma = this.byKey.get(t.lemma);
    const byLower = t.lower !== t.lemma ? this.byKey.get(t.lower) : undefined;
    const first = byLemma ?? byLower ?? null;
    const second = byLemma !== undefined && byLower !== undefined && byLower !== byLemma ? byLower : null;
    // A new entry, not the old one changed: a sentence's `entries` may hold the old one for
    // another token of the same word with the other lemma. (A token without a word id is
    // looked up every time: the memo keeps nothing for -1.)
    const cue = this.pk.cuesByFirst.has(t.lower) || this.pk.cuesByFirst.has(t.lemma);
    m = new Keyed(t.lemma, first, second, this.contextBits(t.lemma, t.lower), cue);
    this.memo.set(t.word, m);
    if (this.plain.get(t.word) === 0) this.plain.set(t.word, this.isPlain(t.lower) ? PLAIN : OTHER);
    return m;
  }

  /**
   * Reads sentence s's tokens into `entries`, the trigger keys among them into `keys`, and
   * the tokens that start a cue phrase into `cueStarts` when given; returns whether any
   * token is a trigger key (a sentence without one needs no more work).
   */
  private prepare(tokens: Token[], s: Sentence, cueStarts: number[] | null): boolean {
    const entries = this.entries;
    const keys = this.keys;
    let n = 0;
    for (let i = s.tokenStart; i < s.tokenEnd; i++) {
      const t = tokens[i];
      const e = t.lemma === t.lower && this.plain.get(t.word) === PLAIN ? Keyed.NOTHING : this.keyed(t);
      entries[i - s.tokenStart] = e;
      if (e.first !== null) keys[n++] = i;
      if (e.cue && cueStarts !== null) cueStarts.push(i);
    }
    this.keyCount = n;
    return n > 0;
  }

  /** The context bits of token k (`entries` prepared for s). */
  private ctxAt(k: number, s: Sentence): Uint32Array | null {
    return this.entries[k - s.tokenStart].ctx;
  }

  /** Whether a token in the window of token i (not i itself) is in the window's word list (`entries` prepared for s). */
  private inWindow(w: Window, i: number, s: Sentence): boolean {
    const a = Math.max(s.tokenStart, i - w.before);
    const b = Math.min(s.tokenEnd - 1, i + w.after);
    for (let k = a; k <= b; k++) if (k !== i && inList(this.ctxAt(k, s), w.list)) return true;
    return false;
  }

  /** The best pattern for token i, or null. */
  matchToken(tokens: Token[], i: number, s: Sentence): TriggerMatch | null {
    this.prepare(tokens, s, null);
    return this.matchAt(tokens, i, s, this.entries[i - s.tokenStart]);
  }

  /** The best pattern for token i, whose memo entry is `keyed` (`entries` prepared for s), or null. */
  private matchAt(tokens: Token[], i: number, s: Sentence, keyed: Keyed): TriggerMatch | null {
    if (keyed.first === null) return null;
    const t = tokens[i];
    // The second half of a hyphenated modifier ("conflict-hit regions") is no trigger.
    if (!t.spaceBefore && i > s.tokenStart && tokens[i - 1].text === "-") return null;
    if (!this.startTags.has(t.pos)) return null;
    const first = keyed.first;
    const second = keyed.second;
    let best: TriggerMatch | null = null;
    let bestSpec = -1;
    // Each list is ranked (`byRank`): in a list, the first pattern that fits is its best; one of
    // the second list wins only with a higher rank than the first list's best.
    for (let l = 0; l < 2; l++) {
      const list = l === 0 ? first : second;
      if (list === null) break;
      for (const c of list) {
        const spec = c.rank;
        if (spec <= bestSpec) break;
        if (!posOk(c.want, tokens, i, s)) continue;
        let last = i;
        if (c.next >= 0) {
          let found = -1;
          for (let k = i + 1; k <= i + 2 && k < s.tokenEnd; k++) {
            if (inList(this.ctxAt(k, s), c.next)) {
              found = k;
              break;
            }
          }
          if (found < 0) continue;
          last = found;
        }
        if (c.with && !this.inWindow(c.with, i, s)) continue;
        if (c.without && this.inWindow(c.without, i, s)) continue;
        best = { pattern: c.pattern, i, last };
        bestSpec = spec;
      }
    }
    return best;
  }

  /**
   * Every trigger match in a sentence, in token order. With `cueStarts`, also pushes there
   * the sentence's tokens whose word starts a cue phrase, as `cueStarts` of cues.ts lists
   * them (read in the same pass over the sentence).
   */
  matchSentence(tokens: Token[], s: Sentence, cueStarts: number[] | null = null): TriggerMatch[] {
    if (!this.prepare(tokens, s, cueStarts)) return [];
    const out: TriggerMatch[] = [];
    for (let k = 0; k < this.keyCount; k++) {
      const i = this.keys[k];
      const m = this.matchAt(tokens, i, s, this.entries[i - s.tokenStart]);
      if (m) out.push(m);
    }
    return out;
  }
}
