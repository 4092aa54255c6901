/**
 * Stage 01 — tokenize: sentences and tokens with exact character offsets and
 * universal POS tags, from wink-nlp's English lite model (lossless: every
 * character of the text is either inside a token or in a token's preceding
 * whitespace, so offsets are exact).
 */
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { Doc, Token, Sentence } from "../../doc/index.js";
import type { Stage } from "../../pipeline/index.js";

type Nlp = ReturnType<typeof winkNLP>;
let shared: Nlp | null = null;

/** One wink-nlp instance per process (loading the model costs ~100 ms). */
export function wink(): Nlp {
  if (!shared) shared = winkNLP(model, ["sbd", "pos"]);
  return shared;
}

export function tokenizeText(text: string): { tokens: Token[]; sentences: Sentence[] } {
  const nlp = wink();
  const its = nlp.its;
  const wdoc = nlp.readDoc(text);
  const toks = wdoc.tokens();
  const texts = toks.out() as string[];
  const spaces = toks.out(its.precedingSpaces) as string[];
  const pos = toks.out(its.pos) as string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const lemmas = toks.out(its.lemma as any) as string[];
  const tokens: Token[] = new Array(texts.length);
  let cursor = 0;
  for (let i = 0; i < texts.length; i++) {
    const sp = spaces[i];
    cursor += sp.length;
    const t = texts[i];
    const start = cursor;
    cursor += t.length;
    tokens[i] = {
      i,
      text: t,
      lower: t.toLowerCase(),
      start,
      end: cursor,
      pos: pos[i],
      lemma: lemmas[i] ? String(lemmas[i]).toLowerCase() : t.toLowerCase(),
      sent: 0,
      spaceBefore: sp.length > 0,
    };
  }
  const sentences: Sentence[] = [];
  wdoc.sentences().each((s: ReturnType<ReturnType<Nlp["readDoc"]>["sentences"]> extends { itemAt(k: number): infer I } ? I : never) => {
    const ts = s.tokens();
    const n = ts.length();
    if (n === 0) return;
    let a = ts.itemAt(0).index();
    let b = a + n; // exclusive
    // Trim leading/trailing whitespace tokens (wink emits SPACE tokens for line breaks).
    while (a < b && tokens[a].pos === "SPACE") a++;
    while (b > a && tokens[b - 1].pos === "SPACE") b--;
    if (a >= b) return;
    const index = sentences.length;
    for (let k = a; k < b; k++) tokens[k].sent = index;
    sentences.push({ index, start: tokens[a].start, end: tokens[b - 1].end, tokenStart: a, tokenEnd: b });
  });
  // Whitespace tokens between sentences belong to the preceding sentence index.
  let last = 0;
  for (const t of tokens) {
    if (t.pos === "SPACE") t.sent = last;
    else last = t.sent;
  }
  return { tokens, sentences };
}

export const tokenizeStage: Stage = {
  name: "tokenize",
  requires: [],
  assigns: ["tokens", "sentences"],
  run(doc: Doc) {
    const { tokens, sentences } = tokenizeText(doc.text);
    doc.tokens = tokens;
    doc.sentences = sentences;
  },
};
