/**
 * Cue look-ups over tokens: modality cues (negation, hedges, future markers)
 * and fatality counts, from the cue lexicons in ontology/patterns/.
 */
import { WordMemo, type Modality, type Sentence, type Token } from "../../doc/index.js";
import type { CueKind, CuePhrase, PatternKnowledge } from "../../ontology/patterns.js";

function wordIs(t: Token | undefined, w: string): boolean {
  return !!t && (t.lower === w || t.lemma === w);
}

/** A bit per cue kind, given on first sight (kinds past the 31st share the last bit: `CueKinds.has` then decides). */
const kindBits = new Map<string, number>();
function kindBit(kind: string): number {
  let b = kindBits.get(kind);
  if (b === undefined) {
    b = 1 << Math.min(kindBits.size, 30);
    kindBits.set(kind, b);
  }
  return b;
}

/**
 * A set of cue kinds to look for, with the bits of its kinds: the cue look-ups test a phrase's
 * kind bit against `mask` (an integer test) before asking the set, and skip a word at once when
 * no phrase it starts has a kind of the set.
 */
export class CueKinds {
  private readonly set: ReadonlySet<CueKind>;
  readonly mask: number;

  constructor(kinds: Iterable<CueKind>) {
    this.set = new Set(kinds);
    let mask = 0;
    for (const k of this.set) mask |= kindBit(k);
    this.mask = mask;
  }

  has(kind: CueKind): boolean {
    return this.set.has(kind);
  }
}

/** A list of cue phrases under one first word, with each phrase's kind bit and their union. */
class CueList {
  readonly bits: Int32Array;
  readonly mask: number;

  constructor(readonly phrases: readonly CuePhrase[]) {
    this.bits = Int32Array.from(phrases, (c) => kindBit(c.cue.kind));
    let mask = 0;
    for (const b of this.bits) mask |= b;
    this.mask = mask;
  }
}

/** The cue phrases whose first word is a word's lower-cased form, and those under the lemma it was last seen with. */
class FirstWordCues {
  constructor(
    readonly byLower: CueList | null,
    public lemma: string,
    public byLemma: CueList | null,
  ) {}
}

/** Per word id, for the knowledge `memoPk`: the cue lists a token of that word starts (cueAt is asked of most tokens many times). */
let memoPk: PatternKnowledge | null = null;
let cueMemo = new WordMemo<FirstWordCues>();
/** Each first word's CueList, made once per knowledge (the lists come from `memoPk.cuesByFirst`). */
let cueLists = new Map<string, CueList>();

/** The cue list of `memoPk` under first word w, or null. */
function cueList(pk: PatternKnowledge, w: string): CueList | null {
  let l = cueLists.get(w);
  if (l === undefined) {
    const phrases = pk.cuesByFirst.get(w);
    if (phrases === undefined) return null;
    l = new CueList(phrases);
    cueLists.set(w, l);
  }
  return l;
}

/** The cue lists under token t's lower-cased form and (when it differs) its lemma. */
function firstWordCues(pk: PatternKnowledge, t: Token): FirstWordCues {
  if (memoPk !== pk) {
    memoPk = pk;
    cueMemo = new WordMemo<FirstWordCues>();
    cueLists = new Map<string, CueList>();
  }
  let m = cueMemo.get(t.word);
  if (m === undefined) {
    m = new FirstWordCues(cueList(pk, t.lower), t.lemma, t.lemma !== t.lower ? cueList(pk, t.lemma) : null);
    cueMemo.set(t.word, m);
  } else if (m.lemma !== t.lemma) {
    // Another tag, another lemma: the lower-cased form's list holds, the lemma's is looked up again.
    m.lemma = t.lemma;
    m.byLemma = t.lemma !== t.lower ? cueList(pk, t.lemma) : null;
  }
  return m;
}

/** The cue phrase starting at token i, of one of `kinds`, or null. */
export function cueAt(pk: PatternKnowledge, tokens: Token[], i: number, end: number, kinds: CueKinds): CuePhrase | null {
  const t = tokens[i];
  if (!t || i >= end) return null;
  const m = firstWordCues(pk, t);
  const mask = kinds.mask;
  const lower = m.byLower !== null && (m.byLower.mask & mask) !== 0 ? firstCue(m.byLower, tokens, i, end, kinds) : null;
  if (lower !== null) return lower;
  return m.byLemma !== null && (m.byLemma.mask & mask) !== 0 ? firstCue(m.byLemma, tokens, i, end, kinds) : null;
}

function firstCue(list: CueList, tokens: Token[], i: number, end: number, kinds: CueKinds): CuePhrase | null {
  const phrases = list.phrases;
  for (let p = 0; p < phrases.length; p++) {
    const c = phrases[p];
    if ((list.bits[p] & kinds.mask) === 0 || i + c.words.length > end || !kinds.has(c.cue.kind)) continue;
    let ok = true;
    for (let k = 1; k < c.words.length && ok; k++) ok = wordIs(tokens[i + k], c.words[k]);
    if (ok) return c;
  }
  return null;
}

const MODAL_KINDS = new CueKinds(["negated", "hypothetical", "future", "alleged"]);

/** Modality cues found in a token range, by kind (bits of `MODALITY_BIT`), split into verb-group cues and clause cues. */
export interface ModalityCues {
  group: number;
  clause: number;
}

/** A bit per modality a cue can mark (a reading asks for them per trigger: bits, not sets). */
export const MODALITY_BIT: Readonly<Record<Modality, number>> = { asserted: 0, negated: 1, hypothetical: 2, future: 4, alleged: 8, claimed: 16, denied: 32 };

/** A modality cue found at token i. */
export interface CueHit {
  i: number;
  cue: CuePhrase;
}

/**
 * The tokens of sentence s whose word starts some cue phrase, in order: the stage scans a
 * sentence for cues of several kinds (modality, tallies, accidents, casualties), and most
 * words start none, so the sentence is read once and each scan visits these tokens only.
 */
export function cueStarts(pk: PatternKnowledge, tokens: Token[], s: Sentence): number[] {
  const out: number[] = [];
  for (let i = s.tokenStart; i < s.tokenEnd; i++) {
    const m = firstWordCues(pk, tokens[i]);
    if (m.byLower !== null || m.byLemma !== null) out.push(i);
  }
  return out;
}

/** Every modality cue of a sentence, in token order (found once per sentence; `starts` as cueStarts gives). */
export function modalityHits(pk: PatternKnowledge, tokens: Token[], s: Sentence, starts: readonly number[] = cueStarts(pk, tokens, s)): CueHit[] {
  const out: CueHit[] = [];
  for (const i of starts) {
    const cue = cueAt(pk, tokens, i, s.tokenEnd, MODAL_KINDS);
    if (cue) out.push({ i, cue });
  }
  return out;
}

/**
 * Cues in the verb group [groupFrom, trigger) (or the two words before a noun
 * trigger) and clause-scoped cues in [clauseFrom, groupFrom), from a sentence's hits.
 */
export function modalityCues(hits: readonly CueHit[], clauseFrom: number, groupFrom: number, trigger: number): ModalityCues {
  const out = { group: 0, clause: 0 };
  for (const h of hits) {
    if (h.i < clauseFrom || h.i + h.cue.words.length > trigger) continue;
    const bit = MODALITY_BIT[h.cue.cue.kind as Modality];
    const scope = h.cue.cue.scope ?? "group";
    if (h.i >= groupFrom && scope === "group") out.group |= bit;
    else if (scope === "clause") out.clause |= bit;
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

const CASUALTY_KINDS = new CueKinds(["killed", "injured"]);
/** Parts of speech that may open a victim's noun phrase after "a"/"an". */
const PHRASE_OPENERS: ReadonlySet<string> = new Set(["NOUN", "PROPN", "ADJ"]);
const VAGUE = new CueKinds(["vague-number"]);

/** A count read next to a casualty word. */
export interface CasualtyCue {
  /** Token index of the casualty word. */
  i: number;
  kind: "killed" | "injured";
  count: number | null;
  /** The vague quantity word standing for the count ("several", "dozens"), when no number is stated; else null. */
  vague: string | null;
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
    // ... and a participle clause set off by commas: "Nineteen travellers, returning from market, were killed".
    const opener = tokens[j + 1];
    const participle = !!opener && opener.pos === "VERB" && /(ing|ed)$/.test(opener.lower);
    return BREAKDOWN.has(opener?.lower ?? "") || participle ? j : -1;
  }
  return -1;
}

/** Quotation marks, which a count's phrase may wrap ('"Several" soldiers were killed'): transparent to the count scans. */
const QUOTE = /^["'\u2018\u2019\u201c\u201d`]+$/;
function isQuote(t: Token | undefined): boolean {
  return !!t && t.pos === "PUNCT" && QUOTE.test(t.text);
}

/** Whether token k is a reporting or hedging participle ("reported", "feared") of ontology fat.report. */
function isReport(pk: PatternKnowledge, tokens: Token[], k: number): boolean {
  return k >= 0 && !!cueAt(pk, tokens, k, k + 1, REPORT);
}

/**
 * Whether a noun token is plural: the tagger's lemma differs and the word ends like an English
 * plural ("guards", "gunmen", "children", "people"); a lemma that only respells the word
 * ("councillor" -> "councilor") is no plural.
 */
function isPlural(t: Token): boolean {
  return t.lemma !== t.lower && /(s|men|ren|ple)$/.test(t.lower);
}

function isCollective(pk: PatternKnowledge, tokens: Token[], k: number): boolean {
  return !!cueAt(pk, tokens, k, k + 1, COLLECTIVE);
}

/**
 * The number at token k and the index after it, joining a hyphenated compound the tokenizer
 * split ("thirty - five" is 35); null when token k is no number.
 */
function numberAt(pk: PatternKnowledge, tokens: Token[], k: number, end: number): { v: number; end: number } | null {
  const t = tokens[k];
  if (!t || k >= end) return null;
  const v = numberValue(pk, t);
  if (v === null) return null;
  const unit = k + 2 < end && tokens[k + 1].text === "-" ? numberValue(pk, tokens[k + 2]) : null;
  if (unit !== null && v >= 20 && v < 100 && v % 10 === 0 && unit > 0 && unit < 10) return { v: v + unit, end: k + 3 };
  // "a 72-year-old trader", "a two-day siege": a number inside a hyphenated modifier counts nothing.
  if (compoundModifier(tokens, k, end)) return null;
  return { v, end: k + 1 };
}

/** Whether the number at k opens a hyphenated modifier with a word ("72 - year - old"), not a compound number. */
function compoundModifier(tokens: Token[], k: number, end: number): boolean {
  return k + 2 < end && tokens[k + 1].text === "-" && !tokens[k + 1].spaceBefore && /^\p{L}/u.test(tokens[k + 2].text) && tokens[k + 2].pos !== "NUM";
}

/** The tens of a hyphenated compound ending at number token k ("thirty - five": 30 for the token "five"), else 0. */
function tensBefore(pk: PatternKnowledge, tokens: Token[], k: number, floor: number): number {
  if (k - 2 < floor || tokens[k - 1].text !== "-") return 0;
  const v = numberValue(pk, tokens[k - 2]);
  const unit = numberValue(pk, tokens[k]);
  return v !== null && unit !== null && v >= 20 && v < 100 && v % 10 === 0 && unit > 0 && unit < 10 ? v : 0;
}

/**
 * The verb group of a casualty word: where it starts, whether it is passive (a form of
 * "be", a reporting participle: "three were reported killed", "13 reported dead", or a
 * resultative: "shot dead", "hacked to death"), and whether its auxiliary is singular
 * ("is", "was", "has been").
 */
function verbGroup(pk: PatternKnowledge, tokens: Token[], i: number, s: Sentence): { start: number; passive: boolean; singular: boolean } {
  const t = tokens[i];
  let k = i;
  let passive = false;
  let singular = false;
  // "were shot dead", "was hacked to death": the resultative's verb belongs to the group.
  if (t.pos !== "VERB") {
    if (k - 1 > s.tokenStart && tokens[k - 1].pos === "VERB" && !tokens[k - 1].lower.endsWith("ing")) {
      k -= 1;
      passive = true;
    } else if (k - 2 > s.tokenStart && tokens[k - 1].lower === "to" && tokens[k - 2].pos === "VERB" && !tokens[k - 2].lower.endsWith("ing")) {
      k -= 2;
      passive = true;
    }
  }
  for (let steps = 0; k - 1 >= s.tokenStart && steps < 8; steps++) {
    const u = tokens[k - 1];
    if (isQuote(u) || u.pos === "ADV") k--;
    else if (u.pos === "AUX") {
      if (u.lemma === "be") passive = true;
      if (u.lower === "is" || u.lower === "was" || u.lower === "has") singular = true;
      k--;
    } else if (u.pos === "VERB" && isReport(pk, tokens, k - 1)) {
      passive = true;
      k--;
    } else if (u.pos === "CCONJ" && k - 2 >= s.tokenStart && tokens[k - 2].pos === "VERB" && !tokens[k - 2].lower.endsWith("ing")) {
      // "is shot and killed", "were attacked and killed": a coordinated participle shares the group.
      k -= 2;
    } else break;
  }
  return { start: k, passive, singular };
}

/** A phrase's count from the right, with the index after it: "uncountable" for a singular group noun ("killing a family"). */
type Conjunct = { v: number; end: number } | "uncountable" | null;

/**
 * One victim phrase from token k0: a number (after a quantifier: "at least 18 people"),
 * "a"/"an", a pronoun ("him"), or a determiner with a singular noun ("the local chief");
 * with `bare`, also a singular noun without a determiner ("plus bomber", "his nephew and
 * police orderly"). "uncountable" for a group noun ("killing a family").
 */
function conjunct(pk: PatternKnowledge, tokens: Token[], k0: number, s: Sentence, bare = false): Conjunct {
  let k = k0;
  while (k < s.tokenEnd && isQuote(tokens[k])) k++;
  // "at least one soldier", "about 20 people": a quantifier before the number.
  // (It opens with a preposition or adverb: "burnt down 20 houses" is no quantified victim phrase.)
  const quantifier = k < s.tokenEnd && ["ADP", "ADV"].includes(tokens[k].pos);
  for (let q = k; quantifier && q < Math.min(s.tokenEnd, k + 3) && ["ADP", "ADV", "ADJ"].includes(tokens[q].pos) && !cueAt(pk, tokens, q, s.tokenEnd, VAGUE); q++) {
    if (q + 1 < s.tokenEnd && tokens[q + 1].pos !== "DET" && numberValue(pk, tokens[q + 1]) !== null) {
      k = q + 1;
      break;
    }
  }
  const u = tokens[k];
  if (!u || k >= s.tokenEnd) return null;
  if (cueAt(pk, tokens, k, k + 1, VICTIM_PRONOUN)) return { v: 1, end: k + 1 };
  if (cueAt(pk, tokens, k, s.tokenEnd, VAGUE)) return null;
  let v: number | null = null;
  let j: number;
  const num = numberAt(pk, tokens, k, s.tokenEnd);
  const after = u.lower === "a" || u.lower === "an" ? numberAt(pk, tokens, k + 1, s.tokenEnd) : null;
  if (after) {
    // "a dozen soldiers", "a couple": the number word after the article.
    v = after.v;
    j = after.end;
  } else if (u.lower === "a" || u.lower === "an") {
    const head = tokens[k + 1];
    if (!head || k + 1 >= s.tokenEnd || !(PHRASE_OPENERS.has(head.pos) || compoundModifier(tokens, k + 1, s.tokenEnd))) return null;
    // "an additional 151", "a further 20": the number after the adjective.
    const later = head.pos === "ADJ" ? numberAt(pk, tokens, k + 2, s.tokenEnd) : null;
    if (later) return { v: later.v, end: later.end };
    v = 1;
    j = k + 1;
  } else if (num) {
    v = num.v;
    j = num.end;
  } else if ((u.pos === "DET" || u.pos === "PRON") && !cueAt(pk, tokens, k, s.tokenEnd, NO_CASUALTY)) {
    j = k + 1;
  } else if (bare && u.pos === "NOUN") {
    j = k;
  } else return null;
  // The noun phrase: modifiers and head.
  let head = -1;
  while (j < s.tokenEnd && j - k < 7 && (tokens[j].pos === "NOUN" || tokens[j].pos === "PROPN" || tokens[j].pos === "ADJ" || (tokens[j].pos === "VERB" && isReport(pk, tokens, j)))) {
    if (tokens[j].pos === "NOUN" || tokens[j].pos === "PROPN") head = j;
    j++;
  }
  // A group noun anywhere in the phrase ("a total", tagged as an adjective, "the entire village").
  let collective = false;
  for (let m = k + 1; m < j && !collective; m++) collective = isCollective(pk, tokens, m);
  // "a family of seven", "a total of 30": the number after "of" counts the group.
  if (tokens[j]?.lower === "of" && j + 1 < s.tokenEnd) {
    const inner = numberAt(pk, tokens, j + 1, s.tokenEnd);
    if (collective && inner) return { v: inner.v, end: inner.end };
    // Step over the "of" phrase: "ten members of his congregation".
    let m = j + 1;
    if (m < s.tokenEnd && (tokens[m].pos === "DET" || tokens[m].pos === "PRON")) m++;
    while (m < s.tokenEnd && m - j < 6 && (tokens[m].pos === "NOUN" || tokens[m].pos === "PROPN" || tokens[m].pos === "ADJ")) m++;
    if (m > j + 1) j = m;
  }
  if (collective && (v === null || v === 1) && !num) return "uncountable";
  if (v === null) {
    // A determiner or possessive counts one only before a singular common noun ("the chief", not "the villagers" or "the Fulani").
    const h = head >= 0 ? tokens[head] : null;
    if (!h || h.pos !== "NOUN" || isPlural(h)) return null;
    v = 1;
  }
  return { v, end: j };
}

/** Look for a count within a few tokens of a casualty word (left, then right, or the reverse for active verbs). */
function countNear(pk: PatternKnowledge, tokens: Token[], i: number, s: Sentence, floor = s.tokenStart, seen: { vague: string | null } = { vague: null }): number | null {
  const t = tokens[i];
  const group = verbGroup(pk, tokens, i, s);
  // "killing five" is active, the noun "the killing of a man" is not.
  const active = (t.lower.endsWith("ing") && t.pos !== "NOUN") || (t.pos === "VERB" && !group.passive);
  /** A vague quantity phrase at k ("several", "a number"), recorded by its whole phrase. */
  const vagueAt = (k: number): boolean => {
    const c = cueAt(pk, tokens, k, s.tokenEnd, VAGUE);
    if (c) seen.vague = c.words.join(" ");
    return !!c;
  };
  /**
   * "the village head and 11 others": a conjunct ending at `from` (exclusive) that is a
   * determiner or possessive and a singular common noun naming no group counts one.
   */
  const singularLeft = (from: number): { v: number; k: number } | undefined => {
    const head = tokens[from - 1];
    if (!head || from - 1 < floor || head.pos !== "NOUN" || isPlural(head) || isCollective(pk, tokens, from - 1)) return undefined;
    for (let k = from - 2; k >= Math.max(floor, from - 5); k--) {
      const u = tokens[k];
      if (u.pos === "NOUN" || u.pos === "PROPN" || u.pos === "ADJ") continue;
      if ((u.pos === "DET" || u.pos === "PRON") && numberValue(pk, u) === null && !cueAt(pk, tokens, k, s.tokenEnd, VAGUE) && !cueAt(pk, tokens, k, k + 1, NO_CASUALTY)) return { v: 1, k };
      return undefined;
    }
    return undefined;
  };
  /** The count closest left of token `from` within the noun phrase run, and where it stands. */
  const countLeft = (from: number): { v: number | null; k: number } | undefined => {
    let lo = Math.max(floor, from - 6);
    // "a police officer was killed": an indefinite article opening the noun phrase counts one when no number is nearer.
    let article: { v: number; k: number } | undefined;
    for (let k = from - 1; k >= lo; k--) {
      const u = tokens[k];
      // '"Several" soldiers killed': quotation marks do not end the phrase.
      if (isQuote(u)) {
        lo = Math.max(floor, lo - 1);
        continue;
      }
      if (u.text === ")") {
        // Step over a parenthesis inside the phrase: "Six members of the VGN (a vigilante group) were killed".
        let open = -1;
        for (let m = k - 1; m >= Math.max(floor, k - 10) && open < 0; m--) if (tokens[m].text === "(") open = m;
        if (open >= 0) {
          lo = Math.max(floor, lo - (k - open));
          k = open;
          continue;
        }
      }
      if (u.text === ",") {
        // Step over an appositive breakdown: "47 people, including four assailants, were killed".
        const open = breakdownStart(tokens, k, s);
        if (open >= 0) {
          lo = Math.max(floor, lo - (k - open));
          k = open;
          continue;
        }
      }
      // "Eleven suspected members of the group were killed": a hedging participle inside the phrase does not end it.
      if (u.pos === "VERB" && isReport(pk, tokens, k)) continue;
      if (u.pos === "PUNCT" || u.pos === "VERB") return article;
      // "22 dead and seventeen injured": another casualty word ends the noun phrase run.
      if (cueAt(pk, tokens, k, s.tokenEnd, CASUALTY_KINDS)) return article;
      if (vagueAt(k)) return { v: null, k };
      if (u.lower === "a" || u.lower === "an") {
        // "A former chairman was murdered": a singular subject opened by the article is one victim
        // (not the agent of an active verb: "a gunman killed people").
        // Not for a plural casualty noun or a group between ("a spate of killings").
        if (!article && !active && k < from - 1 && !(t.pos === "NOUN" && isPlural(t)) && !tokens.slice(k + 1, from).some((_, m) => isCollective(pk, tokens, k + 1 + m))) article = { v: 1, k };
        continue;
      }
      if (article) return article;
      const v = numberValue(pk, u);
      // "no one was killed" states none.
      if (v !== null && k > s.tokenStart && cueAt(pk, tokens, k - 1, k + 1, NO_CASUALTY)) return { v: 0, k };
      if (v !== null && compoundModifier(tokens, k, s.tokenEnd)) continue;
      if (v !== null) {
        // "Thirty-five were killed": the tokenizer splits the compound.
        const tens = tensBefore(pk, tokens, k, floor);
        const at = tens ? { v: v + tens, k: k - 2 } : { v, k };
        // "forty to sixty were killed": a range counts its lower bound, the conservative figure.
        const low = at.k - 2 >= floor && tokens[at.k - 1].lower === "to" ? numberValue(pk, tokens[at.k - 2]) : null;
        return low !== null && low < at.v ? { v: low, k: at.k - 2 } : at;
      }
      if (u.pos === "CCONJ") return undefined;
    }
    return article;
  };
  // Conjoined counts add up: "one civilian and six assailants were killed" is seven, "the village head and 11 others" twelve.
  const left = (): number | null | undefined => {
    const first = countLeft(group.start);
    if (!first || first.v === null) return first?.v;
    let total = first.v;
    for (let at = first.k; at - 1 > floor && (tokens[at - 1].lower === "and" || tokens[at - 1].text === ","); ) {
      const more = countLeft(at - 1) ?? (!active ? singularLeft(at - 1) : undefined);
      if (!more || more.v === null) break;
      // "between two and four were killed": a range counts its lower bound.
      if (tokens[at - 1].lower === "and" && more.k > s.tokenStart && cueAt(pk, tokens, more.k - 1, more.k, RANGE)) return Math.min(more.v, total);
      total += more.v;
      at = more.k;
    }
    return total;
  };
  /** The objects of an active killing verb, added up: "killing a pastor and three members of his family" is four. */
  const objects = (): number | null | undefined => {
    let total = 0;
    let n = 0;
    let k = i + 1;
    // "killing between 50 and 100": a range counts its lower bound.
    if (k < s.tokenEnd && cueAt(pk, tokens, k, k + 1, RANGE)) {
      const low = conjunct(pk, tokens, k + 1, s);
      if (low && low !== "uncountable" && tokens[low.end]?.lower === "and") return low.v;
    }
    while (k < s.tokenEnd && n < 8) {
      const c = conjunct(pk, tokens, k, s, n > 0);
      if (c === "uncountable") return n === 0 ? null : total;
      if (!c) break;
      total += c.v;
      n++;
      k = c.end;
      const sep = tokens[k];
      if (!sep || k >= s.tokenEnd) break;
      if (sep.lower === "and") k++;
      else if (sep.text === ",") {
        // A comma list counts only when it goes on to "and": "herself, a pastor and four worshippers".
        const next = conjunct(pk, tokens, k + 1, s, true);
        if (!next || next === "uncountable" || !(tokens[next.end]?.lower === "and" || tokens[next.end]?.text === ",")) break;
        k++;
      } else break;
    }
    return n > 0 ? total : undefined;
  };
  const right = (): number | null | undefined => {
    // "shot and killed Hazrat Gul, a religious scholar": a person's name as the object is one victim.
    if (active && t.pos === "VERB" && namedObject(tokens, i + 1, s)) return 1;
    if (active && t.pos === "VERB") {
      // "shooting sporadically but killing no one": a negative object states none.
      const none = cueAt(pk, tokens, i + 1, s.tokenEnd, NO_CASUALTY);
      if (none && !["ADJ", "ADV", "NUM"].includes(tokens[i + 1 + none.words.length]?.pos ?? "")) return 0;
      // "killing only themselves": the plural reflexive counts the clause's subject, the nearest number before the verb.
      const refl = tokens[i + 1]?.pos === "ADV" ? i + 2 : i + 1;
      if (refl < s.tokenEnd && cueAt(pk, tokens, refl, refl + 1, REFLEXIVE)) {
        for (let k = group.start - 1; k >= floor; k--) {
          if (cueAt(pk, tokens, k, s.tokenEnd, CASUALTY_KINDS)) break;
          const n = tokens[k].pos === "DET" ? null : numberValue(pk, tokens[k]);
          if (n !== null) return n + tensBefore(pk, tokens, k, floor);
        }
        return undefined;
      }
      const o = objects();
      if (o !== undefined) return o;
    }
    for (let k = i + 1; k <= Math.min(s.tokenEnd - 1, i + 5); k++) {
      const u = tokens[k];
      if (isQuote(u)) continue;
      // "killing a reported 60": a hedging participle does not end the search.
      if (u.pos === "VERB" && isReport(pk, tokens, k)) continue;
      // After a noun cue a verb may intervene ("the death toll rose to 30"); after a verb cue it ends the search.
      if (u.pos === "PUNCT" || (u.pos === "VERB" && t.pos === "VERB")) return undefined;
      // "were killed and 10 were injured": a passive or noun cue's count does not lie past "and".
      if (u.pos === "CCONJ" && !active) return undefined;
      // "were shot dead while several houses burned": nor past a subordinating conjunction opening another clause.
      if (u.pos === "SCONJ") return undefined;
      if (vagueAt(k)) return null;
      // "killing a soldier", "killed a former village chief" count one; "killed at a checkpoint" does not.
      if (u.lower === "a" || u.lower === "an") {
        const head = tokens[k + 1];
        // ... and so does "killing an oil company manager" (a name or adjective may open the phrase), but not "a total of".
        if (k !== i + 1 || !head || !PHRASE_OPENERS.has(head.pos) || head.lower === "total" || numberValue(pk, head) !== null) continue;
      }
      const n = numberAt(pk, tokens, k, s.tokenEnd);
      if (n) return n.v;
    }
    return undefined;
  };
  /** "was killed" with no count: a singular subject ("Qadir, the district chief, was killed", "a chief is shot and killed") is one, "no one was killed" none. */
  const singular = (): number | undefined => {
    if (active || !group.singular) return undefined;
    for (let j = group.start - 1; j >= s.tokenStart && j >= group.start - 4; j--) {
      const u = tokens[j];
      if (u.pos === "VERB" || u.pos === "CCONJ" || u.text === ";") break;
      if (cueAt(pk, tokens, j, group.start, NO_CASUALTY)) return 0;
    }
    return 1;
  };
  const order = active ? [right, left] : [left, right, singular];
  for (const f of order) {
    const v = f();
    if (v !== undefined) return v;
  }
  return null;
}

const NO_CASUALTY = new CueKinds(["no-casualty"]);
const REPORT = new CueKinds(["casualty-report"]);
const VICTIM_PRONOUN = new CueKinds(["victim-pronoun"]);
const REFLEXIVE = new CueKinds(["victim-reflexive"]);
const RANGE = new CueKinds(["count-range"]);
const COLLECTIVE = new CueKinds(["collective-noun"]);
const ADDITION = new CueKinds(["casualty-addition"]);

/** Whether a run of one to four capitalised proper nouns starts at `k` and is closed by a comma or a preposition ("killed Hazrat Gul, a cleric"). */
function namedObject(tokens: Token[], k: number, s: Sentence): boolean {
  let j = k;
  while (j < s.tokenEnd && j - k < 5 && tokens[j].pos === "PROPN" && /^\p{Lu}/u.test(tokens[j].text)) j++;
  const n = j - k;
  // "I kill Muslims", "killed Americans": a one-word plural is a group, not one person.
  if (n === 0 || n > 4 || (n === 1 && /s$/i.test(tokens[k].text))) return false;
  const after = tokens[j];
  return j < s.tokenEnd && !!after && (after.text === "," || after.pos === "ADP");
}

/**
 * "In addition to the assailant, six people were killed": the count the sentence-opening
 * phrase adds to the first killed count after its comma (a stated number, or one for a
 * singular noun phrase), with the index of that comma; null when there is none.
 */
function addedDead(pk: PatternKnowledge, tokens: Token[], s: Sentence): { extra: number; from: number } | null {
  const c = cueAt(pk, tokens, s.tokenStart, s.tokenEnd, ADDITION);
  if (!c) return null;
  let extra: number | null = null;
  let last: Token | null = null;
  for (let k = s.tokenStart + c.words.length; k < s.tokenEnd && k < s.tokenStart + c.words.length + 8; k++) {
    const u = tokens[k];
    if (u.text === ",") {
      if (extra === null && last && last.pos === "NOUN" && last.lower === last.lemma) extra = 1;
      return extra === null ? null : { extra, from: k };
    }
    if (u.pos === "VERB" || u.pos === "PUNCT") return null;
    const v = numberValue(pk, u);
    if (v !== null && extra === null) extra = v;
    last = u;
  }
  return null;
}

const AVERTED = new CueKinds(["casualty-averted"]);

/** Whether a cue of a death that did not happen ends right before the casualty word at i (auxiliaries aside). */
function averted(pk: PatternKnowledge, tokens: Token[], i: number, s: Sentence): boolean {
  for (let k = i - 1; k >= Math.max(s.tokenStart, i - 3); k--) {
    if (tokens[k].pos === "PUNCT" && !isQuote(tokens[k])) return false;
    const c = cueAt(pk, tokens, k, i, AVERTED);
    // Only auxiliaries may stand between ("was nearly killed"); "almost 30 were killed" is a count.
    if (c && tokens.slice(k + c.words.length, i).every((u) => u.pos === "AUX" || u.pos === "PART")) return true;
  }
  return false;
}

/** Casualty words in a sentence with the counts next to them (`starts` as cueStarts gives). */
export function casualties(pk: PatternKnowledge, tokens: Token[], s: Sentence, starts: readonly number[] = cueStarts(pk, tokens, s)): CasualtyCue[] {
  const out: CasualtyCue[] = [];
  let added = addedDead(pk, tokens, s);
  for (const i of starts) {
    const c = cueAt(pk, tokens, i, s.tokenEnd, CASUALTY_KINDS);
    if (!c) continue;
    // "narrowly escaped death", "nearly lynched", "tried to kill": no one died.
    if (averted(pk, tokens, i, s)) continue;
    // Counts before the comma closing "In addition to the bomber," are the added ones, not this cue's.
    const seen = { vague: null as string | null };
    let count = countNear(pk, tokens, i, s, added && i > added.from ? added.from + 1 : s.tokenStart, seen);
    if (added && c.cue.kind === "killed" && i > added.from) {
      if (count !== null) count += added.extra;
      added = null;
    }
    if (count !== null) count = countTail(pk, tokens, i, s, count);
    out.push({ i, kind: c.cue.kind as "killed" | "injured", count, vague: count === null ? seen.vague : null });
  }
  return out;
}

const TALLY_ADDITION = new CueKinds(["tally-addition"]);
const TALLY_REVISION = new CueKinds(["tally-revision"]);

/**
 * What follows a count in its clause: victims added by a connector ("killed four, plus
 * himself" is five; "killed five soldiers, as well as four civilians" nine) and a revised
 * figure ("killing 71 (later, 76)", "at least seven, a number later raised to 15").
 * The scan stops at the next casualty word, a verb other than a reporting participle,
 * or a subordinating conjunction.
 */
function countTail(pk: PatternKnowledge, tokens: Token[], i: number, s: Sentence, count: number): number {
  let total = count;
  for (let k = i + 1; k < Math.min(s.tokenEnd, i + 12); k++) {
    const u = tokens[k];
    if (cueAt(pk, tokens, k, s.tokenEnd, CASUALTY_KINDS) || u.pos === "SCONJ") break;
    const add = cueAt(pk, tokens, k, s.tokenEnd, TALLY_ADDITION);
    if (add) {
      const c = conjunct(pk, tokens, k + add.words.length, s, true);
      if (c && c !== "uncountable") {
        total += c.v;
        k = c.end - 1;
        continue;
      }
      break;
    }
    const rev = cueAt(pk, tokens, k, s.tokenEnd, TALLY_REVISION);
    if (rev) {
      for (let m = k + rev.words.length; m < Math.min(s.tokenEnd, k + rev.words.length + 4); m++) {
        const n = numberAt(pk, tokens, m, s.tokenEnd);
        if (n) return n.v;
        if (tokens[m].pos === "VERB" && !isReport(pk, tokens, m) && !cueAt(pk, tokens, m, s.tokenEnd, TALLY_REVISION)) break;
      }
      k += rev.words.length - 1;
      continue;
    }
    if (u.pos === "VERB" && !isReport(pk, tokens, k)) break;
  }
  return total;
}
