/**
 * Trigger matching: a token starts work only when its lemma (or lower-cased
 * form) is a trigger key, one Map look-up per token. Among the patterns indexed
 * under that key, the most specific one whose constraints hold wins.
 */
import type { Sentence, Token } from "../../doc/index.js";
import type { Pattern, PatternContext, PatternKnowledge } from "../../ontology/patterns.js";

/** A pattern with its context word lists turned into sets (built once). */
interface Compiled {
  pattern: Pattern;
  next: Set<string> | null;
  with: { set: Set<string>; before: number; after: number } | null;
  without: { set: Set<string>; before: number; after: number } | null;
}

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

function posOk(p: Pattern, t: Token): boolean {
  const want = p.trigger.pos;
  if (want === "NOUN") return t.pos === "NOUN" || t.pos === "PROPN";
  return t.pos === want;
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

export class TriggerMatcher {
  private readonly byKey = new Map<string, Compiled[]>();

  constructor(pk: PatternKnowledge) {
    const compiled = new Map<Pattern, Compiled>();
    for (const p of pk.patterns) {
      compiled.set(p, {
        pattern: p,
        next: p.trigger.next ? new Set(p.trigger.next) : null,
        with: compileContext(p.trigger.with),
        without: compileContext(p.trigger.without),
      });
    }
    for (const [key, list] of pk.byLemma) this.byKey.set(key, list.map((p) => compiled.get(p)!));
  }

  /** The best pattern for token i, or null. */
  matchToken(tokens: Token[], i: number, s: Sentence): TriggerMatch | null {
    const t = tokens[i];
    const a = this.byKey.get(t.lemma);
    const b = t.lower !== t.lemma ? this.byKey.get(t.lower) : undefined;
    if (!a && !b) return null;
    let best: TriggerMatch | null = null;
    let bestSpec = -1;
    for (const list of [a, b]) {
      if (!list) continue;
      for (const c of list) {
        const spec = c.pattern.specificity ?? 1;
        if (spec <= bestSpec || !posOk(c.pattern, t)) continue;
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
