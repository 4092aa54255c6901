/**
 * Dictionary words over the tokenizer's tokens: upper-case, with hyphenated tokens
 * joined ("Al-Qaeda" is one word, as in the dictionaries) and underscores treated as
 * word separators ("Dol_Amroth" is two words).
 */
import type { Doc, Token } from "../../doc/index.js";

/** One word as the dictionaries see it. */
export interface Word {
  /** Upper-case text. */
  text: string;
  /** Upper-case lemma of the (last) token. */
  lemma: string;
  pos: string;
  tokenStart: number;
  tokenEnd: number;
}

function wordOf(t: Token): Word {
  return { text: t.text.toUpperCase(), lemma: t.lemma.toUpperCase(), pos: t.pos, tokenStart: t.i, tokenEnd: t.i + 1 };
}

/** The words of sentence `s` of `doc`. */
function sentenceWords(doc: Doc, s: number): Word[] {
  const sent = doc.sentences[s];
  const out: Word[] = [];
  for (let i = sent.tokenStart; i < sent.tokenEnd; i++) {
    const t = doc.tokens[i];
    if (t.pos === "SPACE" || t.text === "_") continue;
    const prev = out[out.length - 1];
    const next = i + 1 < sent.tokenEnd ? doc.tokens[i + 1] : null;
    if (t.text === "-" && prev && prev.tokenEnd === i && !t.spaceBefore && next && !next.spaceBefore && next.pos !== "PUNCT") {
      prev.text += "-" + next.text.toUpperCase();
      prev.lemma = prev.text;
      prev.tokenEnd = i + 2;
      i++;
      continue;
    }
    out.push(wordOf(t));
  }
  return out;
}

const wordsByDoc = new WeakMap<Doc, readonly (readonly Word[])[]>();

/**
 * The words of every sentence of `doc`, by sentence index: built once per document,
 * since both dictionary stages read them (the tokens do not change between them).
 */
export function documentWords(doc: Doc): readonly (readonly Word[])[] {
  let words = wordsByDoc.get(doc);
  if (!words) {
    words = doc.sentences.map((_, s) => sentenceWords(doc, s));
    wordsByDoc.set(doc, words);
  }
  return words;
}

/** Upper-case texts of words (for trie look-ups). */
export function texts(words: readonly Word[]): string[] {
  return words.map((w) => w.text);
}
