/**
 * Cue look-ups over tokens: modality cues (negation, hedges, future markers)
 * and fatality counts, from the cue lexicons in ontology/patterns/.
 */
import type { Modality, Sentence, Token } from "../../doc/index.js";
import type { CueKind, CuePhrase, PatternKnowledge } from "../../ontology/patterns.js";

function wordIs(t: Token | undefined, w: string): boolean {
  return !!t && (t.lower === w || t.lemma === w);
}

/** The cue phrase starting at token i, of one of `kinds`, or null. */
export function cueAt(pk: PatternKnowledge, tokens: Token[], i: number, end: number, kinds: ReadonlySet<CueKind>): CuePhrase | null {
  const t = tokens[i];
  return (
    firstCue(pk.cuesByFirst.get(t.lower), tokens, i, end, kinds) ??
    (t.lemma !== t.lower ? firstCue(pk.cuesByFirst.get(t.lemma), tokens, i, end, kinds) : null)
  );
}

function firstCue(list: readonly CuePhrase[] | undefined, tokens: Token[], i: number, end: number, kinds: ReadonlySet<CueKind>): CuePhrase | null {
  if (!list) return null;
  for (const c of list) {
    if (!kinds.has(c.cue.kind) || i + c.words.length > end) continue;
    let ok = true;
    for (let k = 1; k < c.words.length && ok; k++) ok = wordIs(tokens[i + k], c.words[k]);
    if (ok) return c;
  }
  return null;
}

const MODAL_KINDS: ReadonlySet<CueKind> = new Set(["negated", "hypothetical", "future", "alleged"]);

/** Modality cues found in a token range, by kind, split into verb-group cues and clause cues. */
export interface ModalityCues {
  group: Set<Modality>;
  clause: Set<Modality>;
}

/** A modality cue found at token i. */
export interface CueHit {
  i: number;
  cue: CuePhrase;
}

/** Every modality cue of a sentence, in token order (found once per sentence). */
export function modalityHits(pk: PatternKnowledge, tokens: Token[], s: Sentence): CueHit[] {
  const out: CueHit[] = [];
  for (let i = s.tokenStart; i < s.tokenEnd; i++) {
    const cue = cueAt(pk, tokens, i, s.tokenEnd, MODAL_KINDS);
    if (cue) out.push({ i, cue });
  }
  return out;
}

/**
 * Cues in the verb group [groupFrom, trigger) (or the two words before a noun
 * trigger) and clause-scoped cues in [clauseFrom, groupFrom), from a sentence's hits.
 */
export function modalityCues(hits: readonly CueHit[], clauseFrom: number, groupFrom: number, trigger: number, into?: ModalityCues): ModalityCues {
  const out = into ?? { group: new Set<Modality>(), clause: new Set<Modality>() };
  for (const h of hits) {
    if (h.i < clauseFrom || h.i + h.cue.words.length > trigger) continue;
    const kind = h.cue.cue.kind as Modality;
    const scope = h.cue.cue.scope ?? "group";
    if (h.i >= groupFrom && scope === "group") out.group.add(kind);
    else if (scope === "clause") out.clause.add(kind);
  }
  return out;
}

const YEAR = /^(1[89]|20)\d\d$/;
const DIGITS = /^\d{1,3}(,\d{3})*$|^\d+$/;

/** The value of a number token ("18", "1,200", "twelve", "twenty-five"), or null. */
export function numberValue(pk: PatternKnowledge, t: Token): number | null {
  if (DIGITS.test(t.text)) {
    if (YEAR.test(t.text)) return null;
    return Number(t.text.replace(/,/g, ""));
  }
  const direct = pk.numbers.get(t.lower);
  if (direct !== undefined) return direct;
  const parts = t.lower.split("-");
  if (parts.length === 2) {
    const a = pk.numbers.get(parts[0]);
    const b = pk.numbers.get(parts[1]);
    if (a !== undefined && b !== undefined) return a + b;
  }
  return null;
}

const CASUALTY_KINDS: ReadonlySet<CueKind> = new Set(["killed", "injured"]);
/** Parts of speech that may open a victim's noun phrase after "a"/"an". */
const PHRASE_OPENERS: ReadonlySet<string> = new Set(["NOUN", "PROPN", "ADJ"]);
const VAGUE: ReadonlySet<CueKind> = new Set(["vague-number"]);

/** A count read next to a casualty word. */
export interface CasualtyCue {
  /** Token index of the casualty word. */
  i: number;
  kind: "killed" | "injured";
  count: number | null;
}

/** Words that open a breakdown of a casualty count ("including", "among them"). */
const BREAKDOWN = new Set(["including", "among"]);

/**
 * For a comma at `k` closing an appositive breakdown ("..., including four
 * assailants, ..."), the index of the comma that opens it; else -1.
 */
function breakdownStart(tokens: Token[], k: number, s: Sentence): number {
  for (let j = k - 1; j >= Math.max(s.tokenStart, k - 10); j--) {
    if (tokens[j].text !== ",") continue;
    return BREAKDOWN.has(tokens[j + 1]?.lower ?? "") ? j : -1;
  }
  return -1;
}

/** Look for a count within a few tokens of a casualty word (left, then right, or the reverse for active verbs). */
function countNear(pk: PatternKnowledge, tokens: Token[], i: number, s: Sentence): number | null {
  const t = tokens[i];
  const prev = tokens[i - 1];
  const active = t.lower.endsWith("ing") || (t.pos === "VERB" && !(prev && prev.pos === "AUX"));
  /** The count closest left of token `from` within the noun phrase run, and where it stands. */
  const countLeft = (from: number): { v: number | null; k: number } | undefined => {
    let lo = Math.max(s.tokenStart, from - 6);
    for (let k = from - 1; k >= lo; k--) {
      const u = tokens[k];
      if (u.text === ",") {
        // Step over an appositive breakdown: "47 people, including four assailants, were killed".
        const open = breakdownStart(tokens, k, s);
        if (open >= 0) {
          lo = Math.max(s.tokenStart, lo - (k - open));
          k = open;
          continue;
        }
      }
      if (u.pos === "PUNCT" || u.pos === "VERB") return undefined;
      // "22 dead and seventeen injured": another casualty word ends the noun phrase run.
      if (cueAt(pk, tokens, k, s.tokenEnd, CASUALTY_KINDS)) return undefined;
      if (cueAt(pk, tokens, k, s.tokenEnd, VAGUE)) return { v: null, k };
      if (u.lower === "a" || u.lower === "an") {
        // "A former chairman was murdered": a singular subject opened by the article is one victim.
        const before = tokens[k - 1];
        if (!active && (k === s.tokenStart || before.pos === "PUNCT" || before.pos === "SCONJ" || before.pos === "CCONJ")) return { v: 1, k };
        continue;
      }
      const v = numberValue(pk, u);
      if (v !== null) return { v, k };
      if (u.pos === "CCONJ") return undefined;
    }
    return undefined;
  };
  // Conjoined counts add up: "one civilian and six assailants were killed" is seven.
  const left = (): number | null | undefined => {
    const first = countLeft(i);
    if (!first || first.v === null) return first?.v;
    let total = first.v;
    for (let at = first.k; at - 1 > s.tokenStart && (tokens[at - 1].lower === "and" || tokens[at - 1].text === ","); ) {
      const more = countLeft(at - 1);
      if (!more || more.v === null) break;
      total += more.v;
      at = more.k;
    }
    return total;
  };
  const right = (): number | null | undefined => {
    for (let k = i + 1; k <= Math.min(s.tokenEnd - 1, i + 5); k++) {
      const u = tokens[k];
      // After a noun cue a verb may intervene ("the death toll rose to 30"); after a verb cue it ends the search.
      if (u.pos === "PUNCT" || (u.pos === "VERB" && t.pos === "VERB")) return undefined;
      // "were killed and 10 were injured": a passive or noun cue's count does not lie past "and".
      if (u.pos === "CCONJ" && !active) return undefined;
      if (cueAt(pk, tokens, k, s.tokenEnd, VAGUE)) return null;
      // "killing a soldier" counts one; "killed at a checkpoint" does not.
      if (u.lower === "a" || u.lower === "an") {
        const head = tokens[k + 1];
        // ... and so does "killing an oil company manager" (a name or adjective may open the phrase), but not "a total of".
        if (k !== i + 1 || !head || !PHRASE_OPENERS.has(head.pos) || head.lower === "total" || numberValue(pk, head) !== null) continue;
      }
      const v = numberValue(pk, u);
      if (v !== null) return v;
    }
    return undefined;
  };
  const order = active ? [right, left] : [left, right];
  for (const f of order) {
    const v = f();
    if (v !== undefined) return v;
  }
  return null;
}

/** Casualty words in a sentence with the counts next to them. */
export function casualties(pk: PatternKnowledge, tokens: Token[], s: Sentence): CasualtyCue[] {
  const out: CasualtyCue[] = [];
  for (let i = s.tokenStart; i < s.tokenEnd; i++) {
    const c = cueAt(pk, tokens, i, s.tokenEnd, CASUALTY_KINDS);
    if (!c) continue;
    out.push({ i, kind: c.cue.kind as "killed" | "injured", count: countNear(pk, tokens, i, s) });
  }
  return out;
}
