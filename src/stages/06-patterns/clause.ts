/**
 * Light clause analysis over POS tags, for one document: verb groups and voice,
 * clause boundaries, and the actor mentions that fill the subject, object and
 * prepositional slots of a trigger. No parser: a left scan for the subject
 * (skipping prepositional phrases, appositions and relative clauses, and
 * inheriting the subject of a governing or coordinated verb when a clause has
 * none), a right scan for objects and prepositional phrases.
 */
import { WordBytes, type ActorMention, type Doc, type Sentence, type Token } from "../../doc/index.js";

/** Relative pronouns that open a relative clause. */
const RELATIVE = new Set(["who", "which", "whom", "whose"]);
/** Punctuation that closes a clause. */
const HARD_PUNCT = new Set([";", ":", "—", "–", "(", ")", "?", "!", "\"", "“", "”"]);
/** Determiners, adjectives and numbers that may sit between a preposition and its noun. */
const NP_FILLER = new Set(["DET", "ADJ", "NUM"]);
const COORD = new Set(["and", "or", "&"]);
/** Tags that open a direct object right after a verb. */
const OBJECT_START = new Set(["DET", "NUM", "PROPN", "NOUN", "PRON"]);
/** The most tokens a bracketed gloss after a noun phrase may hold ("(Secret Police)", "(FMLN)"). */
const MAX_GLOSS = 12;

/** Whether a token closes or opens a clause (punctuation, subordinator, relative pronoun). */
export function boundaryAt(t: Token): boolean {
  if (t.pos === "PUNCT") return HARD_PUNCT.has(t.text);
  if (t.pos === "SCONJ") return true;
  return RELATIVE.has(t.lower);
}

/**
 * `wordKinds` bits: the word is known; its text is a clause-closing punctuation mark; its
 * lower-cased form a relative pronoun; a coordinating word.
 */
const KNOWN = 1;
const HARD = 2;
const REL = 4;
const CO = 8;
/**
 * Per word id, what `boundaryAt` and the scans ask of a token's text and lower-cased form (both
 * fixed by the word id): every token of every document is asked, and a byte read spares a
 * string look-up. The tag is still read from the token.
 */
const wordKinds = new WordBytes();

function kindsOf(t: Token): number {
  let k = wordKinds.get(t.word);
  if (k === 0) {
    k = KNOWN | (HARD_PUNCT.has(t.text) ? HARD : 0) | (RELATIVE.has(t.lower) ? REL : 0) | (COORD.has(t.lower) ? CO : 0);
    wordKinds.set(t.word, k);
  }
  return k;
}

/** Whether a token is a relative pronoun (RELATIVE). */
function isRel(t: Token): boolean {
  return (kindsOf(t) & REL) !== 0;
}

/** Whether a token (if any) is a coordinating word (COORD). */
function isCoord(t: Token | undefined): boolean {
  return t !== undefined && (kindsOf(t) & CO) !== 0;
}

/** `boundaryAt` with the word's look-ups read from `wordKinds`. */
function boundaryOf(t: Token): boolean {
  const k = kindsOf(t);
  if (t.pos === "PUNCT") return (k & HARD) !== 0;
  if (t.pos === "SCONJ") return true;
  return (k & REL) !== 0;
}

/**
 * Per-token arrays a view may take over from the previous document's view instead of
 * allocating its own (typed arrays of a document's length are allocated outside the heap,
 * which costs more than filling them): a view built on a scratch is valid only until the
 * next view is built on the same scratch.
 */
export class ClauseScratch {
  owner = new Int32Array(0);
  clauseFrom = new Int32Array(0);
  boundary = new Uint8Array(0);

  /** Makes the arrays at least n long (their contents are then undefined). */
  reserve(n: number): void {
    if (this.owner.length >= n) return;
    const cap = Math.max(n, this.owner.length + (this.owner.length >> 1));
    this.owner = new Int32Array(cap);
    this.clauseFrom = new Int32Array(cap);
    this.boundary = new Uint8Array(cap);
  }
}

/** Index over one document's tokens and actor mentions. */
export class ClauseView {
  readonly doc: Doc;
  readonly tokens: Token[];
  /** Number of tokens (the arrays below may be longer when taken from a scratch). */
  private readonly n: number;
  /** Actor index per token, -1 where no actor mention covers it. */
  private readonly owner: Int32Array;
  /** Per token: the first token of its clause (after the nearest boundary to its left). */
  private readonly clauseFrom: Int32Array;
  /** Per token: 1 when it closes or opens a clause (see `boundaryAt`); the scans ask this of the same tokens many times. */
  private readonly boundary: Uint8Array;

  /** With `scratch`, the view uses its arrays (see ClauseScratch). */
  constructor(doc: Doc, scratch?: ClauseScratch) {
    this.doc = doc;
    this.tokens = doc.tokens;
    const n = doc.tokens.length;
    this.n = n;
    if (scratch) {
      scratch.reserve(n);
      this.owner = scratch.owner;
      this.clauseFrom = scratch.clauseFrom.fill(0, 0, n);
      this.boundary = scratch.boundary.fill(0, 0, n);
    } else {
      this.owner = new Int32Array(n);
      this.clauseFrom = new Int32Array(n);
      this.boundary = new Uint8Array(n);
    }
    this.owner.fill(-1, 0, n);
    const actors = doc.actors;
    for (let k = 0; k < actors.length; k++) {
      const m = actors[k];
      for (let i = m.tokenStart; i < m.tokenEnd && i < n; i++) this.owner[i] = k;
    }
    for (const s of doc.sentences) {
      let from = s.tokenStart;
      for (let i = s.tokenStart; i < s.tokenEnd; i++) {
        this.clauseFrom[i] = from;
        if (boundaryOf(this.tokens[i])) {
          this.boundary[i] = 1;
          from = i + 1;
        }
      }
    }
  }

  /** The actor mention covering token i, or null. */
  actorAt(i: number): ActorMention | null {
    const k = i >= 0 && i < this.n ? this.owner[i] : -1;
    return k >= 0 ? this.doc.actors[k] : null;
  }

  /** Whether token i closes or opens a clause (punctuation, subordinator, relative pronoun). */
  isBoundary(i: number): boolean {
    // Kept for the tokens of the document's sentences; the others are the whitespace between sentences, no boundary.
    return this.boundary[i] === 1;
  }

  /** Whether token i opens a relative clause ("who", "which", or "that" between a noun and a verb). */
  isRelative(i: number): boolean {
    const t = this.tokens[i];
    if (isRel(t)) return true;
    // "that" right after a noun and before a verb group: a relative clause.
    return t.lower === "that" && t.pos !== "SCONJ" && i + 1 < this.tokens.length && (this.tokens[i + 1].pos === "AUX" || this.tokens[i + 1].pos === "VERB");
  }

  /** First token of the verb group ending at trigger i (auxiliaries, negation, adverbs). */
  groupStart(i: number, sent: Sentence): number {
    let g = i;
    while (g - 1 >= sent.tokenStart) {
      const t = this.tokens[g - 1];
      if (t.pos === "AUX" || t.pos === "ADV" || (t.pos === "PART" && t.lower !== "to" && t.lower !== "'s" && t.lower !== "’s")) g--;
      else break;
    }
    return g;
  }

  /** Passive voice: a form of be/get in the verb group, or a participle followed by "by". */
  isPassive(i: number, sent: Sentence): boolean {
    const t = this.tokens[i];
    if (t.pos !== "VERB" || t.lower.endsWith("ing")) return false;
    for (let k = this.groupStart(i, sent); k < i; k++) {
      const a = this.tokens[k];
      if (a.pos === "AUX" && (a.lemma === "be" || a.lemma === "get")) return true;
    }
    const n = this.tokens[i + 1];
    return !!n && n.lower === "by" && i + 1 < sent.tokenEnd && t.lower !== t.lemma;
  }

  /** The preposition governing a mention ("against the Afghan Taliban" → "against"), or null. */
  governingPrep(m: ActorMention, sent: Sentence): string | null {
    let j = m.tokenStart - 1;
    for (; j >= sent.tokenStart; j--) {
      const t = this.tokens[j];
      if (t.pos === "ADJ") continue;
      // A determiner opens the noun phrase: only the word before it can govern it.
      if (t.pos === "DET") {
        j--;
        break;
      }
      // A preposition right before a number is a quantifier ("more than 2,000 refugees").
      if (t.pos === "NUM" || (t.pos === "ADP" && this.tokens[j + 1]?.pos === "NUM")) continue;
      break;
    }
    if (j < sent.tokenStart) return null;
    const t = this.tokens[j];
    return t.pos === "ADP" && t.lower !== "'s" && t.lower !== "’s" ? t.lower : null;
  }

  /**
   * The preposition governing the noun phrase a noun trigger heads ("after the
   * riots" → "after"), or null; a particle right after a verb ("carried out
   * strikes") governs nothing.
   */
  nounPrep(i: number, sent: Sentence): string | null {
    let j = i - 1;
    while (j >= sent.tokenStart && (this.tokens[j].pos === "ADJ" || this.tokens[j].pos === "NOUN" || this.tokens[j].pos === "NUM" || this.tokens[j].text === "-")) j--;
    if (j >= sent.tokenStart && this.tokens[j].pos === "DET") j--;
    if (j < sent.tokenStart || this.tokens[j].pos !== "ADP") return null;
    return j - 1 >= sent.tokenStart && this.tokens[j - 1].pos === "VERB" && this.tokens[j].lower !== "of" ? null : this.tokens[j].lower;
  }

  /** The subject of a complement clause right after token `from` ("demanded that Kabul act"): its first actor before a verb. */
  complementSubject(from: number, sent: Sentence): ActorMention[] {
    let k = from;
    if (k < sent.tokenEnd && (this.tokens[k].lower === "that" || this.tokens[k].pos === "SCONJ")) k++;
    for (; k < sent.tokenEnd; k++) {
      const m = this.actorAt(k);
      if (m) return this.governingPrep(m, sent) ? [] : this.conjuncts(m, sent);
      const t = this.tokens[k];
      if (t.pos === "VERB" || t.pos === "AUX" || this.isBoundary(k)) return [];
    }
    return [];
  }

  /** A mention and the mentions coordinated with it ("Pakistan and China", "A, B and C"). */
  conjuncts(m: ActorMention, sent: Sentence): ActorMention[] {
    const out = [m];
    let cur = m;
    for (;;) {
      const next = this.coordinatedAfter(cur.tokenEnd, sent);
      if (!next || out.includes(next)) break;
      out.push(next);
      cur = next;
    }
    cur = m;
    for (;;) {
      const prev = this.coordinatedBefore(cur.tokenStart, sent);
      if (!prev || out.includes(prev)) break;
      out.unshift(prev);
      cur = prev;
    }
    return out;
  }

  private coordinatedAfter(end: number, sent: Sentence): ActorMention | null {
    const t = this.tokens[end];
    if (!t || end >= sent.tokenEnd) return null;
    const comma = t.text === ",";
    if (!isCoord(t) && !comma) return null;
    let j = end + 1;
    if (comma && j < sent.tokenEnd && isCoord(this.tokens[j])) j++;
    while (j < sent.tokenEnd && this.tokens[j].pos === "DET") j++;
    const m = j < sent.tokenEnd ? this.actorAt(j) : null;
    if (!m || m.tokenStart !== j) return null;
    // A comma joins actors only inside a list that ends with "and"/"or" ("A, B and C"), not an apposition ("X, Y, said").
    if (comma && !this.listGoesOn(m, sent, 0)) return null;
    return m;
  }

  /** Whether the actor list goes on after mention m up to a final "and"/"or". */
  private listGoesOn(m: ActorMention, sent: Sentence, depth: number): boolean {
    const after = this.tokens[m.tokenEnd];
    if (!after || m.tokenEnd >= sent.tokenEnd) return false;
    if (isCoord(after)) return true;
    if (after.text !== "," || depth > 8) return false;
    const next = this.tokens[m.tokenEnd + 1];
    if (isCoord(next)) return true;
    const m2 = this.actorAt(m.tokenEnd + 1);
    return !!m2 && m2.tokenStart === m.tokenEnd + 1 && this.listGoesOn(m2, sent, depth + 1);
  }

  private coordinatedBefore(start: number, sent: Sentence): ActorMention | null {
    let j = start - 1;
    while (j >= sent.tokenStart && this.tokens[j].pos === "DET") j--;
    if (j < sent.tokenStart) return null;
    const t = this.tokens[j];
    if (!isCoord(t) && t.text !== ",") return null;
    if (t.text === ",") {
      // A comma joins actors only inside a list that goes on ("A, B and C").
      const cur = this.actorAt(start);
      if (!cur || !this.listGoesOn(cur, sent, 0)) return null;
    }
    let k = j - 1;
    if (t.text === "," && isCoord(this.tokens[k])) k--;
    if (k >= sent.tokenStart && this.tokens[k].text === "," && isCoord(t)) k--;
    const m = k >= sent.tokenStart ? this.actorAt(k) : null;
    return m && m.tokenEnd === k + 1 ? m : null;
  }

  /**
   * The grammatical subject of the verb group starting at g: the nearest actor to
   * the left in the clause that no preposition governs. Appositions and relative
   * clauses between commas are skipped; a relative clause takes its antecedent;
   * a clause without a subject (infinitive, gerund, coordinated verb phrase,
   * participle) inherits the subject of the verb it hangs on.
   */
  subject(g: number, sent: Sentence, depth = 0): ActorMention[] {
    const infinitive = g - 1 >= sent.tokenStart && this.tokens[g - 1].lower === "to";
    // A gerund after a preposition ("accused Kabul of sheltering") has no subject of its own.
    if (g - 1 >= sent.tokenStart && this.tokens[g - 1].pos === "ADP" && this.tokens[g].lower.endsWith("ing")) return [];
    // Coordinated verb phrases ("visited Kabul and met the minister") share the first verb's subject.
    if (depth < 3 && g - 1 >= sent.tokenStart && isCoord(this.tokens[g - 1])) {
      for (let k = g - 2; k >= sent.tokenStart && !this.isBoundary(k); k--) {
        if (this.tokens[k].pos === "VERB" && !this.actorAt(k)) return this.subject(this.groupStart(k, sent), sent, depth + 1);
      }
    }
    // A free adjunct after the main clause (", killing 40 fighters") has the main clause's subject as its agent, not its object.
    if (depth < 3) {
      const main = this.adjunctHost(g, sent);
      if (main >= 0) return this.subject(this.groupStart(main, sent), sent, depth + 1);
    }
    let k = g - 1;
    while (k >= sent.tokenStart) {
      const m = this.actorAt(k);
      if (m) {
        const prep = this.governingPrep(m, sent);
        if (!prep) return this.conjuncts(m, sent);
        // "called on Pakistan to release": a particle verb's object controls the infinitive.
        if (infinitive && (prep === "on" || prep === "upon") && this.tokens[m.tokenStart - 1]) {
          const pv = this.prevContent(m.tokenStart - 1, sent);
          if (pv >= 0 && this.tokens[pv - 1]?.pos === "VERB") return this.conjuncts(m, sent);
        }
        k = m.tokenStart - 1;
        continue;
      }
      const t = this.tokens[k];
      if (this.isRelative(k)) {
        let j = k - 1;
        if (j >= sent.tokenStart && this.tokens[j].text === ",") j--;
        const ante = j >= sent.tokenStart ? this.actorAt(j) : null;
        return ante ? this.conjuncts(ante, sent) : [];
      }
      if (t.text === ",") {
        const p = this.parentheticalStart(k, sent);
        if (p >= 0) {
          k = p - 1;
          continue;
        }
      }
      if (t.text === ")") {
        const p = this.glossStart(k, sent);
        if (p >= 0) {
          k = p - 1;
          continue;
        }
      }
      if (this.isBoundary(k)) return [];
      if (t.pos === "VERB" && !t.lower.endsWith("ing")) {
        if (depth >= 3) return [];
        const g2 = this.groupStart(k, sent);
        if (this.isPassive(k, sent)) return [];
        return this.subject(g2, sent, depth + 1);
      }
      k--;
    }
    return [];
  }

  /**
   * When the verb group at g is a present participle opening a free adjunct after a
   * comma ("cleared a camp near Bama, killing 40"), the finite active verb of the clause
   * it follows (the nearest one to the left, not a gerund or participle); else -1. A
   * passive host has no agent in subject position, so it gives none. A present-tense
   * verb right after the comma is the next verb phrase of an asyndetic list ("clear
   * the camps, kill five, free the hostages") and shares the subject the same way; so
   * does a past form with an object after it ("stormed the den, arrested the leader"),
   * but not one followed by a preposition or punctuation or read as passive, which
   * may open a reduced relative ("a camp, abandoned by the rebels, ...").
   */
  private adjunctHost(g: number, sent: Sentence): number {
    const t = this.tokens[g];
    if (t.pos !== "VERB" || g - 1 <= sent.tokenStart || this.tokens[g - 1].text !== ",") return -1;
    const present = t.lower === t.lemma || t.lower === `${t.lemma}s` || t.lower === `${t.lemma}es`;
    const next = this.tokens[g + 1];
    const past = !!next && next.i < sent.tokenEnd && OBJECT_START.has(next.pos) && !this.isPassive(g, sent);
    if (!t.lower.endsWith("ing") && !present && !past) return -1;
    for (let k = g - 2; k >= sent.tokenStart && !this.isBoundary(k); k--) {
      const v = this.tokens[k];
      if (v.pos !== "VERB" || this.actorAt(k) || v.lower.endsWith("ing")) continue;
      return this.isPassive(k, sent) ? -1 : k;
    }
    return -1;
  }

  /** Index of the previous non-filler token before j (skipping determiners etc.). */
  private prevContent(j: number, sent: Sentence): number {
    let k = j;
    while (k >= sent.tokenStart && NP_FILLER.has(this.tokens[k].pos)) k--;
    return k;
  }

  /**
   * When the ")" at k closes a gloss after a noun phrase (an acronym, a translation, an
   * apposition: "the Farabundo Marti National Liberation Front (FMLN) attacked"), the index
   * of its "(": a bracket with no verb and no other punctuation inside does not close the
   * clause, so the subject scan passes over it. Else -1.
   */
  private glossStart(k: number, sent: Sentence): number {
    for (let j = k - 1; j >= sent.tokenStart && k - j <= MAX_GLOSS + 1; j--) {
      const t = this.tokens[j];
      if (t.text === "(") return j > sent.tokenStart && j < k - 1 ? j : -1;
      if (t.pos === "VERB" || (t.pos === "PUNCT" && t.text !== "," && t.text !== "." && t.text !== "-")) return -1;
    }
    return -1;
  }

  /**
   * When the comma at k closes an apposition or relative clause (", the army chief,"
   * / ", which ... ,"), the index of the comma that opens it; else -1.
   */
  private parentheticalStart(k: number, sent: Sentence): number {
    let hasVerb = false;
    for (let j = k - 1; j >= sent.tokenStart; j--) {
      const t = this.tokens[j];
      if (t.text === ",") {
        const first = this.tokens[j + 1];
        const relative = first !== undefined && isRel(first);
        return relative || !hasVerb ? j : -1;
      }
      if (t.pos === "VERB") hasVerb = true;
      if (this.isBoundary(j) && !isRel(t)) return -1;
    }
    return -1;
  }

  /**
   * Actors to the right of token `from` within the clause, keyed by their governing
   * preposition ("" = none: a direct object). The first actor per key wins.
   */
  rightArguments(from: number, sent: Sentence): Map<string, ActorMention[]> {
    const out = new Map<string, ActorMention[]>();
    for (let m = this.nextRight(from, from, sent); m !== null; m = this.nextRight(m.tokenEnd, from, sent)) {
      const key = this.governingPrep(m, sent) ?? "";
      if (!out.has(key)) out.set(key, this.conjuncts(m, sent));
    }
    return out;
  }

  /**
   * `rightArguments(from, sent).get(key)`, found without the others: the scan stops at the
   * first actor governed by `key` (a trigger asks for one or two keys; a map of all of them
   * and their conjuncts cost more than the scans).
   */
  rightArgument(from: number, sent: Sentence, key: string): ActorMention[] | undefined {
    for (let m = this.nextRight(from, from, sent); m !== null; m = this.nextRight(m.tokenEnd, from, sent)) {
      if ((this.governingPrep(m, sent) ?? "") === key) return this.conjuncts(m, sent);
    }
    return undefined;
  }

  /** The next actor mention from token k on, in the clause of the right scan that started at `from`, or null. */
  private nextRight(k: number, from: number, sent: Sentence): ActorMention | null {
    for (; k < sent.tokenEnd; k++) {
      const m = this.actorAt(k);
      if (m) return m;
      const t = this.tokens[k];
      if (t.text === "," || this.isBoundary(k) || this.isRelative(k)) return null;
      if (t.pos === "VERB" && k > from) return null;
      if (isCoord(t) && this.tokens[k + 1]?.pos === "VERB") return null;
    }
    return null;
  }

  /** The actor right before a noun trigger, past adjectives, nouns and "'s" ("Pakistan's cross-border strikes"). */
  possessor(i: number, sent: Sentence): ActorMention[] {
    let j = i - 1;
    while (j >= sent.tokenStart) {
      const m = this.actorAt(j);
      if (m) return this.conjuncts(m, sent).filter((x) => x === m);
      const t = this.tokens[j];
      if (t.pos === "ADJ" || t.pos === "NOUN" || t.pos === "NUM" || t.lower === "'s" || t.lower === "’s" || t.text === "-") j--;
      else return [];
    }
    return [];
  }

  /** The nearest verb left of token i in its clause, or -1. */
  governingVerb(i: number, sent: Sentence): number {
    for (let k = i - 1; k >= sent.tokenStart; k--) {
      if (this.tokens[k].pos === "VERB") return k;
      if (this.isBoundary(k)) return -1;
    }
    return -1;
  }

  /** Start of the clause containing token i (after the nearest hard boundary to its left). */
  clauseStart(i: number, sent: Sentence): number {
    return i >= sent.tokenEnd ? sent.tokenStart : Math.max(sent.tokenStart, this.clauseFrom[i]);
  }
}
