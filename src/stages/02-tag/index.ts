/**
 * Stage 02 — tag: corrects the part-of-speech tags and lemmas the light English
 * model gets wrong in news text ("army chief" is a noun, "Dec." a month, "shelled"
 * a verb, "slew" the past of "slay"), from `ontology/lexicon/tag-fixes.json`.
 *
 * Every fix is indexed by word once, when the stage is built; per token the stage
 * does one Map look-up and checks the token's immediate neighbours, so the work is
 * constant per token. Fixes are applied left to right, so a condition on the
 * previous token's tag sees that token's corrected tag.
 */
import { WordBytes, type Doc, type Token } from "../../doc/index.js";
import type { Knowledge } from "../../ontology/index.js";
import type { TagFix } from "../../ontology/lexicon.js";
import type { Stage } from "../../pipeline/index.js";

/** A tag fix with its conditions turned into sets. */
interface CompiledFix {
  id: string;
  pos: string | null;
  lemma: string | null;
  lemmas: Map<string, string> | null;
  fromPos: Set<string> | null;
  prevWords: Set<string> | null;
  nextWords: Set<string> | null;
  prevPos: Set<string> | null;
  notPrevPos: Set<string> | null;
  nextPos: Set<string> | null;
  capitalized: boolean | null;
  sentenceInitial: boolean | null;
}

const setOf = (xs: readonly string[] | undefined): Set<string> | null => (xs && xs.length > 0 ? new Set(xs) : null);

function compile(f: TagFix): CompiledFix {
  return {
    id: f.id,
    pos: f.pos ?? null,
    lemma: f.lemma ?? null,
    lemmas: f.lemmas ? new Map(Object.entries(f.lemmas)) : null,
    fromPos: setOf(f.fromPos),
    prevWords: setOf(f.prevWords),
    nextWords: setOf(f.nextWords),
    prevPos: setOf(f.prevPos),
    notPrevPos: setOf(f.notPrevPos),
    nextPos: setOf(f.nextPos),
    capitalized: f.capitalized ?? null,
    sentenceInitial: f.sentenceInitial ?? null,
  };
}

/** Word → the fixes for it, in file order. */
export type TagFixIndex = ReadonlyMap<string, readonly CompiledFix[]>;

/** Index the fixes by word (done once per process). */
export function indexTagFixes(fixes: readonly TagFix[]): TagFixIndex {
  const index = new Map<string, CompiledFix[]>();
  for (const f of fixes) {
    const c = compile(f);
    for (const w of f.words) {
      const list = index.get(w);
      if (list) list.push(c);
      else index.set(w, [c]);
    }
  }
  return index;
}

/** The nearest non-space token before/after `i` in the same sentence, or null. */
function neighbour(tokens: readonly Token[], i: number, step: -1 | 1): Token | null {
  const sent = tokens[i].sent;
  for (let k = i + step; k >= 0 && k < tokens.length; k += step) {
    const t = tokens[k];
    if (t.sent !== sent) return null;
    if (t.pos !== "SPACE") return t;
  }
  return null;
}

function startsUpper(text: string): boolean {
  const c = text.charAt(0);
  return c !== c.toLowerCase();
}

function matches(f: CompiledFix, t: Token, prev: Token | null, next: Token | null): boolean {
  if (f.fromPos && !f.fromPos.has(t.pos)) return false;
  if (f.capitalized !== null && startsUpper(t.text) !== f.capitalized) return false;
  if (f.sentenceInitial !== null && (prev === null) !== f.sentenceInitial) return false;
  if (f.prevWords && !(prev && f.prevWords.has(prev.lower))) return false;
  if (f.prevPos && !(prev && f.prevPos.has(prev.pos))) return false;
  if (f.notPrevPos && prev && f.notPrevPos.has(prev.pos)) return false;
  if (f.nextWords && !(next && f.nextWords.has(next.lower))) return false;
  if (f.nextPos && !(next && f.nextPos.has(next.pos))) return false;
  return true;
}

/** `WordBytes` answers of `applyTagFixes`'s memo: the word has no fixes, or has some. */
const NO_FIXES = 1;
const HAS_FIXES = 2;

/**
 * Apply the fixes to `tokens` in place. Returns the number of tokens changed.
 * Only `pos` and `lemma` change; offsets and text never do. `known` (one per `index`)
 * remembers by word id whether a word has fixes: almost no word has, and reading a byte
 * costs less than hashing the word for the index at every token.
 */
export function applyTagFixes(tokens: Token[], index: TagFixIndex, known?: WordBytes): number {
  let changed = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const seen = known ? known.get(t.word) : 0;
    if (seen === NO_FIXES) continue;
    const fixes = index.get(t.lower);
    if (seen === 0 && known) known.set(t.word, fixes === undefined ? NO_FIXES : HAS_FIXES);
    if (fixes === undefined) continue;
    const prev = neighbour(tokens, i, -1);
    const next = neighbour(tokens, i, 1);
    for (const f of fixes) {
      if (!matches(f, t, prev, next)) continue;
      if (f.pos) t.pos = f.pos;
      const lemma = f.lemmas?.get(t.lower) ?? f.lemma;
      if (lemma) t.lemma = lemma;
      changed++;
      break;
    }
  }
  return changed;
}

/** Build the tag stage from the loaded knowledge (only its lexicon is read). */
export function tagStage(kb: Pick<Knowledge, "lexicon">): Stage {
  const index = indexTagFixes(kb.lexicon.tagFixes);
  const known = new WordBytes();
  return {
    name: "tag",
    requires: ["tokens"],
    assigns: ["tokens"],
    run(doc: Doc) {
      applyTagFixes(doc.tokens, index, known);
    },
  };
}
