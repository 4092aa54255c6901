/**
 * Trigger matching: a token starts work only when its lemma (or lower-cased
 * form) is a trigger key, one Map look-up per token. Among the patterns indexed
 * under that key, the most specific one whose constraints hold wins.
 */
import { WordMemo, type Sentence, type Token } from "../../doc/index.js";
import type { Pattern, PatternContext, PatternKnowledge } from "../../ontology/patterns.js";

/** A pattern with its context word lists turned into sets (built once). */
interface Compiled {
  pattern: Pattern;
  next: Set<string> | null;
  with: { set: Set<string>; before: number; after: number } | null;
  without: { set: Set<string>; before: number; after: number } | null;
}

/** A trigger token and the pattern chosen for it. */
export interface TriggerMatch {
  pattern: Pattern;
  /** Token index of the trigger. */
  i: number;
  /** Last token index of the trigger phrase (the particle, when the pattern has one). */
  last: number;
}

function compileContext(c: PatternContext | undefined): Compiled["with"] {
  if (!c) return null;
  const noWindow = c.before === undefined && c.after === undefined;
  return { set: new Set(c.lemmas), before: noWindow ? 4 : (c.before ?? 0), after: noWindow ? 4 : (c.after ?? 0) };
}

/** Words that may follow a verb the tagger mistook for an adjective or noun ("armed the militia"). */
const AFTER_VERB = new Set(["DET", "PROPN", "PRON", "NUM", "ADP", "SCONJ"]);
const BEFORE_NOUN = new Set(["DET", "ADJ", "NUM"]);

/**
 * Part-of-speech check, tolerant of the lite tagger's common slips: a verb
 * pattern accepts an adjective/noun tag on an -ed form that is not inside a
 * noun phrase and is followed by a verb's complement; a noun pattern accepts a verb/adjective
 * tag after a determiner, adjective, possessive or verb ("the heavy shelling",
 * "expressed hope").
 */
function posOk(p: Pattern, tokens: Token[], i: number, s: Sentence): boolean {
  const t = tokens[i];
  const want = p.trigger.pos;
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

function has(set: Set<string>, t: Token): boolean {
  return set.has(t.lemma) || set.has(t.lower);
}

function inWindow(ctx: NonNullable<Compiled["with"]>, tokens: Token[], i: number, s: Sentence): boolean {
  const a = Math.max(s.tokenStart, i - ctx.before);
  const b = Math.min(s.tokenEnd - 1, i + ctx.after);
  for (let k = a; k <= b; k++) if (k !== i && has(ctx.set, tokens[k])) return true;
  return false;
}

/** The pattern lists a word starts with a given lemma (`first` null: none). */
class Keyed {
  constructor(
    public lemma: string,
    public first: Compiled[] | null,
    public second: Compiled[] | null,
  ) {}
}

/** Trigger look-up over the loaded patterns (indexes built once). */
export class TriggerMatcher {
  private readonly byKey = new Map<string, Compiled[]>();
  /** Token tags some pattern's `posOk` can accept: a token with another tag starts no look-up. */
  private readonly startTags = new Set<string>();
  /** Per word id: the pattern lists of `keyed`. */
  private readonly memo = new WordMemo<Keyed>();

  constructor(pk: PatternKnowledge) {
    const compiled = new Map<Pattern, Compiled>();
    for (const p of pk.patterns) {
      for (const tag of acceptedTags(p.trigger.pos)) this.startTags.add(tag);
      compiled.set(p, {
        pattern: p,
        next: p.trigger.next ? new Set(p.trigger.next) : null,
        with: compileContext(p.trigger.with),
        without: compileContext(p.trigger.without),
      });
    }
    for (const [key, list] of pk.byLemma) this.byKey.set(key, list.map((p) => compiled.get(p)!));
    // Inflected forms point to their lemma's patterns, unless they are keys themselves.
    for (const key of pk.byLemma.keys()) {
      for (const form of inflections(key)) if (!this.byKey.has(form)) this.byKey.set(form, this.byKey.get(key)!);
    }
  }

  /**
   * The patterns under token t's lemma, then under its lower-cased form when that is another
   * key; memoised per word id with the lemma they were found for (a word's lower-cased form is
   * fixed, its lemma may change with its tag).
   */
  private keyed(t: Token): Keyed {
    let m = this.memo.get(t.word);
    if (m !== undefined && m.lemma === t.lemma) return m;
    const byLemma = this.byKey.get(t.lemma);
    const byLower = t.lower !== t.lemma ? this.byKey.get(t.lower) : undefined;
    const first = byLemma ?? byLower ?? null;
    const second = byLemma !== undefined && byLower !== undefined && byLower !== byLemma ? byLower : null;
    if (m === undefined) {
      m = new Keyed(t.lemma, first, second);
      this.memo.set(t.word, m);
    } else {
      m.lemma = t.lemma;
      m.first = first;
      m.second = second;
    }
    return m;
  }

  /** The best pattern for token i, or null. */
  matchToken(tokens: Token[], i: number, s: Sentence): TriggerMatch | null {
    const t = tokens[i];
    // The second half of a hyphenated modifier ("conflict-hit regions") is no trigger.
    if (!t.spaceBefore && i > s.tokenStart && tokens[i - 1].text === "-") return null;
    if (!this.startTags.has(t.pos)) return null;
    const keyed = this.keyed(t);
    if (keyed.first === null) return null;
    const first = keyed.first;
    const second = keyed.second;
    let best: TriggerMatch | null = null;
    let bestSpec = -1;
    for (let l = 0; l < 2; l++) {
      const list = l === 0 ? first : second;
      if (list === null) break;
      for (const c of list) {
        // Specificity first; on a tie, the longer (more specific) CAMEO code.
        const spec = (c.pattern.specificity ?? 1) + c.pattern.cameo.length / 100;
        if (spec <= bestSpec || !posOk(c.pattern, tokens, i, s)) continue;
        let last = i;
        if (c.next) {
          let found = -1;
          for (let k = i + 1; k <= i + 2 && k < s.tokenEnd; k++) {
            if (has(c.next, tokens[k])) {
              found = k;
              break;
            }
          }
          if (found < 0) continue;
          last = found;
        }
        if (c.with && !inWindow(c.with, tokens, i, s)) continue;
        if (c.without && inWindow(c.without, tokens, i, s)) continue;
        best = { pattern: c.pattern, i, last };
        bestSpec = spec;
      }
    }
    return best;
  }

  /** Every trigger match in a sentence, in token order. */
  matchSentence(tokens: Token[], s: Sentence): TriggerMatch[] {
    const out: TriggerMatch[] = [];
    for (let i = s.tokenStart; i < s.tokenEnd; i++) {
      const m = this.matchToken(tokens, i, s);
      if (m) out.push(m);
    }
    return out;
  }
}
