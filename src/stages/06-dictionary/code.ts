/**
 * The PETRARCH-style coder for one sentence: find dictionary verbs, try each verb's
 * patterns longest first (else its default code), fill source and target from the
 * pattern's `$`/`+`/`%` or by default from the clause (the subject before the verb, the
 * first actor after it that is not the subject of a later verb; a passive "was V-ed by X"
 * swaps them), and emit one candidate per (source, target) pair of codes. Without both a
 * source and a target nothing is coded (PETRARCH's require_dyad).
 *
 * Clause heuristics stand in for PETRARCH's parse tree: a verb after "and", after another
 * verb or with a pronoun subject shares the previous verb's subject; an infinitive governed
 * by a coded verb, a gerund after a preposition and a modal before a verb are not coded on
 * their own. Negation is what the dictionary says it is (patterns such as `- NOT * [---]`),
 * as in PETRARCH; there is no built-in negation rule.
 */
import type { ActorMention, Doc, EventCandidate, Span } from "../../doc/index.js";
import type { PetrarchKnowledge, VerbCode, VerbEntry, VerbHit } from "../../ontology/petrarch/index.js";
import type { ActorGroup, Item } from "./items.js";
import { isWord, matchElements, MAX_REACH, type Slots } from "./match.js";

const VERB_POS = new Set(["VERB", "AUX"]);
/** Words a subject search passes over on its way left. */
const SUBJECT_SKIP = new Set(["NOUN", "PROPN", "ADJ", "DET", "NUM", "PART", "AUX", "ADV", "ADP"]);
/** How many verbs back a shared subject is followed (bounds the recursion on run-on sentences). */
const MAX_CHAIN = 8;
const BE = new Set(["BE", "IS", "ARE", "WAS", "WERE", "BEEN", "BEING"]);

/** A dictionary verb found at items [start, end). */
interface VerbAt {
  /** Every dictionary entry with this form (a verb may head several blocks), file order. */
  hits: VerbHit[];
  start: number;
  end: number;
  /** Item index of the verb word itself. */
  at: number;
}

/** Whether the form's other words sit around item `i`. */
function formFits(items: readonly Item[], i: number, hit: VerbHit): { start: number; end: number } | null {
  const { words, verbIndex } = hit.form;
  const start = i - verbIndex;
  if (start < 0 || start + words.length > items.length) return null;
  for (let k = 0; k < words.length; k++) if (k !== verbIndex && !isWord(items[start + k], words[k])) return null;
  return { start, end: start + words.length };
}

/** Whether a verb follows from item `k` on, past auxiliaries, adverbs and particles. */
function nextIsVerb(items: readonly Item[], k: number): boolean {
  for (; k < items.length; k++) {
    const it = items[k];
    if (it.t !== "word") return false;
    if (it.word.pos === "VERB") return true;
    if (it.word.pos !== "AUX" && it.word.pos !== "ADV" && it.word.pos !== "PART") return false;
  }
  return false;
}

/** Whether the verb starting at item `start` is an infinitive: "to", then only auxiliaries ("to be allowed"). */
function isInfinitive(items: readonly Item[], start: number): boolean {
  for (let j = start - 1; j >= 0; j--) {
    if (isWord(items[j], "TO")) return true;
    const it = items[j];
    if (it.t !== "word" || it.word.pos !== "AUX") return false;
  }
  return false;
}

/** The dictionary verb at item `i`, if the word can be a verb there. */
function verbAt(items: readonly Item[], i: number, pk: PetrarchKnowledge): VerbAt | null {
  const it = items[i];
  if (it.t !== "word") return null;
  const w = it.word;
  const hits = pk.verbsByWord.get(w.text) ?? (VERB_POS.has(w.pos) ? pk.verbsByWord.get(w.lemma) : undefined);
  if (!hits) return null;
  const prev = items[i - 1];
  // A noun-tagged word counts as a verb after an actor, an auxiliary or "to"; after a determiner it is a noun ("the reopening").
  const nounAfterDet = !!prev && prev.t === "word" && (prev.word.pos === "DET" || prev.word.pos === "ADJ");
  const verbal = (VERB_POS.has(w.pos) && !nounAfterDet) || !prev || prev.t === "actors" || prev.word.pos === "AUX" || prev.word.text === "TO";
  // A modal or auxiliary before a verb ("should have acted") is not the event's verb.
  if (w.pos === "AUX" && nextIsVerb(items, i + 1)) return null;
  // A gerund after a preposition ("after leaving X") heads no clause of its own.
  if (w.text.endsWith("ING") && prev?.t === "word" && (prev.word.pos === "ADP" || prev.word.pos === "SCONJ")) return null;
  let found: VerbAt | null = null;
  for (const hit of hits) {
    const span = formFits(items, i, hit);
    if (!span || !(verbal || hit.form.words.length > 1)) continue;
    if (!found) found = { hits: [hit], at: i, ...span };
    else if (span.start === found.start && span.end === found.end) found.hits.push(hit);
  }
  return found;
}

/** The subject of the verb at item `i`: the nearest actor to the left in its clause; a verb after "and" or another verb shares that verb's subject. */
function subjectOf(items: readonly Item[], i: number, memo: Map<number, ActorGroup | null>, depth = 0): ActorGroup | null {
  if (memo.has(i)) return memo.get(i)!;
  if (depth > MAX_CHAIN) return null;
  memo.set(i, null);
  let found: ActorGroup | null = null;
  for (let j = i - 1; j >= 0 && j >= i - MAX_REACH; j--) {
    const it = items[j];
    if (it.t === "actors") {
      found = it.group;
      break;
    }
    const w = it.word;
    if (w.text === "THAT" || w.text === "WHO" || w.text === "WHICH") break;
    // A verb after "and", after another verb, or with a pronoun subject shares the previous verb's subject.
    if (w.pos === "VERB" || w.pos === "PRON" || w.text === "AND" || w.text === "," || w.pos === "CCONJ") {
      const k = previousVerb(items, w.pos === "VERB" ? j + 1 : j);
      if (k >= 0) found = subjectOf(items, k, memo, depth + 1);
      // No verb before: a comma or conjunction sits inside the subject ("X's minister, in remarks, urged",
      // "was heavily and unjustly criticized"); read on.
      if (k >= 0 || (w.pos !== "CCONJ" && w.text !== ",")) break;
      continue;
    }
    if (!SUBJECT_SKIP.has(w.pos)) break;
  }
  memo.set(i, found);
  return found;
}

function previousVerb(items: readonly Item[], before: number): number {
  for (let k = before - 1; k >= 0; k--) {
    const it = items[k];
    if (it.t === "word" && it.word.pos === "VERB") return k;
  }
  return -1;
}

/** Whether the verb at `v` is passive: a form of "be" (adverbs allowed between) right before a past participle. */
function isPassive(items: readonly Item[], v: VerbAt): boolean {
  const it = items[v.at];
  if (it.t !== "word" || it.word.text === it.word.lemma) return false;
  for (let j = v.start - 1; j >= 0; j--) {
    const p = items[j];
    if (p.t !== "word") return false;
    if (BE.has(p.word.text)) return true;
    if (p.word.pos !== "ADV" && p.word.pos !== "PART") return false;
  }
  return false;
}

/** Whether the actor item at `j` is the subject of a dictionary verb that follows it. */
function subjectOfLaterVerb(items: readonly Item[], j: number, pk: PetrarchKnowledge): boolean {
  for (let k = j + 1; k < items.length; k++) {
    const it = items[k];
    if (it.t !== "word") return false;
    if (it.word.pos === "VERB" && verbAt(items, k, pk)) return true;
    // "urged X to help": X before an infinitive is an object, not a subject.
    if (!SUBJECT_SKIP.has(it.word.pos) || it.word.pos === "ADP" || it.word.pos === "DET" || it.word.text === "TO") return false;
  }
  return false;
}

/** First actor item after `from`, skipping the subjects of later clauses (or only one right after the word "BY"). */
function actorAfter(items: readonly Item[], from: number, afterBy: boolean, pk: PetrarchKnowledge): ActorGroup | null {
  for (let j = from; j < items.length && j < from + MAX_REACH; j++) {
    const it = items[j];
    if (it.t !== "actors") continue;
    if (afterBy ? isWord(items[j - 1], "BY") : !subjectOfLaterVerb(items, j, pk)) return it.group;
  }
  return null;
}

/** The code and slots for a verb: the first (longest) matching pattern of its entries, else the first entry's default. */
function codeVerb(items: readonly Item[], v: VerbAt, pk: PetrarchKnowledge): { code: VerbCode | null; rule: string; slots: Slots } {
  for (const { entry } of v.hits) {
    for (const p of entry.patterns) {
      const slots: Slots = {};
      if (matchElements(p.before, items, v.start - 1, -1, pk, slots) && matchElements(p.after, items, v.end, 1, pk, slots)) return { code: p.code, rule: p.id, slots };
    }
  }
  const entry: VerbEntry = (v.hits.find((h) => h.entry.code) ?? v.hits[0]).entry;
  return { code: entry.code, rule: `petrarch:${entry.name}:${entry.line}`, slots: {} };
}

function spanOf(doc: Doc, items: readonly Item[], v: VerbAt): Span {
  const first = items[v.start];
  const last = items[v.end - 1];
  const ts = first.t === "word" ? first.word.tokenStart : first.first.tokenStart;
  const te = last.t === "word" ? last.word.tokenEnd : last.last.tokenEnd;
  const start = doc.tokens[ts].start;
  const end = doc.tokens[te - 1].end;
  return { tokenStart: ts, tokenEnd: te, start, end, text: doc.text.slice(start, end) };
}

/** Source/target pairs of codes, each once, never an actor with itself. */
function pairs(sources: readonly ActorMention[], targets: readonly ActorMention[]): Array<[ActorMention, ActorMention]> {
  const out: Array<[ActorMention, ActorMention]> = [];
  for (const s of sources) for (const t of targets) if (s.code !== t.code && s !== t) out.push([s, t]);
  return out;
}

/** Event candidates of one sentence. */
export function codeSentence(doc: Doc, s: number, items: readonly Item[], pk: PetrarchKnowledge): EventCandidate[] {
  const out: EventCandidate[] = [];
  const seen = new Set<string>();
  const memo = new Map<number, ActorGroup | null>();
  const emit = (rule: string, cameo: string, trigger: Span, src: ActorMention, tgt: ActorMention) => {
    const key = `${src.code}|${tgt.code}|${cameo}|${trigger.start}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ rule, cameo, sentence: s, trigger, source: src, target: tgt, modality: "asserted", confidence: 0.6 });
  };
  const coded = new Set<number>();
  for (let i = 0; i < items.length; i++) {
    const v = verbAt(items, i, pk);
    if (!v) continue;
    i = v.end - 1;
    // "urged X to help", "called on X to be allowed to": the infinitive belongs to the event of the verb that governs it.
    if (isInfinitive(items, v.start) && coded.has(previousVerb(items, v.start))) continue;
    const { code, rule, slots } = codeVerb(items, v, pk);
    if (!code) continue;
    coded.add(v.at);
    const trigger = spanOf(doc, items, v);
    let list: Array<[ActorMention, ActorMention]>;
    if (slots.compound) list = pairs(slots.compound.mentions, slots.compound.mentions);
    else {
      // Passive with an agent ("X was attacked by Y"): Y acts on X; without "by", PETRARCH keeps the active reading.
      const agent = isPassive(items, v) ? actorAfter(items, v.end, true, pk) : null;
      let subject = subjectOf(items, v.start, memo);
      // "A noted that B regretted" with "NOTED + *": B is the target, the source is the subject of "noted".
      if (slots.target && slots.target === subject) {
        const k = previousVerb(items, items.findIndex((it) => it.t === "actors" && it.group === subject));
        subject = k >= 0 ? subjectOf(items, k, memo) : null;
      }
      const source = slots.source ?? agent ?? subject;
      const target = slots.target ?? (agent ? subject : actorAfter(items, v.end, false, pk));
      list = source && target ? pairs(source.mentions, target.mentions) : [];
    }
    for (const [src, tgt] of list) {
      emit(rule, code.code, trigger, src, tgt);
      if (code.paired) emit(rule, code.paired, trigger, tgt, src);
    }
  }
  return out;
}
