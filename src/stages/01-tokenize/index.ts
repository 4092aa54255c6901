/**
 * Stage 01 — tokenize: sentences and tokens with exact character offsets and
 * universal POS tags, from wink-nlp's English lite model (lossless: every
 * character of the text is either inside a token or in a token's preceding
 * whitespace, so offsets are exact).
 */
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { grownSlots, type Doc, type Token, type Sentence } from "../../doc/index.js";
import type { Stage } from "../../pipeline/index.js";

type Nlp = ReturnType<typeof winkNLP>;
let shared: Nlp | null = null;

/** One wink-nlp instance per process (loading the model costs ~100 ms). */
export function wink(): Nlp {
  if (!shared) shared = winkNLP(model, ["sbd", "pos"]);
  return shared;
}

/** Words memoised at most (the memo is cleared when full). */
const WORD_MEMO_MAX = 100_000;
/** What is memoised of one word as wink-nlp gives it: its text, lower-cased form and its lemma per POS tag. */
interface WordInfo {
  word: string;
  lower: string;
  /** The first POS tag the word was seen with and its lemma (most words only ever get one: no Map look-up for them). */
  pos1: string;
  lemma1: string;
  /** Other POS tags → lemma, made on the second tag. */
  lemmas: Map<string, string> | null;
  /** The word's id for the later stages (`Token.word`): see `nextWordId` and `wordIdOf`. */
  id: number;
}
/**
 * wink-nlp's lexeme id (`its.uniqueId`: one id per distinct word, stable for the life of
 * the one wink instance) → the word's memoised forms. Asking wink for every token's lemma
 * costs about a third of its whole sentence+POS pass, and reading the ids (numbers) in
 * bulk spares asking for every token's text and hashing it for a look-up; sharing one
 * lower-case string per word also spares later stages re-hashing a fresh string for every
 * dictionary look-up.
 */
let wordMemo: (WordInfo | undefined)[] = [];
let wordMemoSize = 0;
/**
 * The next `Token.word` id: words are numbered 0, 1, 2... in the order this process first
 * reads them, rather than given wink-nlp's lexeme id. Wink numbers its whole lexicon first
 * (~90k ids), so the words of a text were scattered over tables of ~90k slots that every
 * stage keeps per word (shapes, trie nodes, cue and place memos): frequent words read early
 * now share a few cache lines.
 */
let nextWordId = 0;
/**
 * wink-nlp's lexeme id → 1 + the word's `Token.word` id (0: none yet). Never cleared (wink's
 * lexicon is not either): a word keeps its id when the word memo is cleared, so that the
 * stages' tables do not grow with ids given again to words already numbered.
 */
let wordIds = new Int32Array(0);

/** The `Token.word` id of wink-nlp's lexeme `lexeme`, given on first sight. */
function wordIdOf(lexeme: number): number {
  if (lexeme >= wordIds.length) {
    const grown = new Int32Array(Math.max(lexeme + 1, wordIds.length + (wordIds.length >> 1)));
    grown.set(wordIds);
    wordIds = grown;
  }
  if (wordIds[lexeme] === 0) wordIds[lexeme] = ++nextWordId;
  return wordIds[lexeme] - 1;
}

/** Non-whitespace runs longer than this are not given to wink-nlp, whose tokenizer is quadratic on them. */
export const MAX_RUN = 64;
/** The character a masked run is replaced with (followed by spaces: same length, so offsets hold). */
const MASK = "Q";
/** Whether a UTF-16 code unit separates runs as `maskLongRuns` counts them. */
function isRunBreak(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 0xfeff;
}

/**
 * Whether `text` holds a run of more than MAX_RUN characters that are not run breaks.
 * Any MAX_RUN + 1 consecutive positions hold exactly one of the positions MAX_RUN,
 * 2 * MAX_RUN + 1, 3 * MAX_RUN + 2, ...: only the runs through those positions are
 * measured, so most characters of a text are never read (a linear scan read them all,
 * about 5 ms a MB; a regex of MAX_RUN + 1 repetitions retries from every position).
 */
export function hasLongRun(text: string): boolean {
  const n = text.length;
  for (let p = MAX_RUN; p < n; p += MAX_RUN + 1) {
    if (isRunBreak(text.charCodeAt(p))) continue;
    // The run through p: back to its start, then forward until it is too long or ends.
    let a = p;
    while (a > 0 && !isRunBreak(text.charCodeAt(a - 1))) a--;
    let b = p + 1;
    while (b < n && !isRunBreak(text.charCodeAt(b))) {
      b++;
      if (b - a > MAX_RUN) return true;
    }
    if (b - a > MAX_RUN) return true;
  }
  return false;
}

/**
 * `text` with each run of `runs` (start → length, in increasing order of start) replaced by
 * `fill(length)`, a string of the same length, so that every offset holds.
 */
function replaceRuns(text: string, runs: Map<number, number>, fill: (length: number) => string): string {
  if (runs.size === 0) return text;
  const out: string[] = [];
  let last = 0;
  for (const [start, length] of runs) {
    out.push(text.slice(last, start), fill(length));
    last = start + length;
  }
  out.push(text.slice(last));
  return out.join("");
}

/**
 * Replace every non-whitespace run longer than MAX_RUN with "Q" and spaces of the
 * same total length; returns the masked text and the runs' start offsets.
 */
function maskLongRuns(text: string): { masked: string; runs: Map<number, number> } {
  const runs = new Map<number, number>();
  // Almost every text has no such run: one scan says so.
  if (!hasLongRun(text)) return { masked: text, runs };
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (isRunBreak(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && !isRunBreak(text.charCodeAt(j))) j++;
    if (j - i > MAX_RUN) runs.set(i, j - i);
    i = j;
  }
  return { masked: replaceRuns(text, runs, (length) => MASK + " ".repeat(length - 1)), runs };
}

/** Texts at least this long are checked for long runs of white space (`calmSpaceRuns`); in shorter ones wink-nlp's slowdown stays small. */
const CALM_MIN_LENGTH = 8192;
/** White-space runs longer than this that hold a line break are handed to wink-nlp as line breaks only. */
const MAX_SPACE_RUN = 64;
/** A run of more than MAX_SPACE_RUN white-space characters (bounded retries: linear). */
const LONG_SPACE_RUN = new RegExp(`\\s{${MAX_SPACE_RUN + 1},}`, "g");

/**
 * wink-nlp's tokenizer takes time quadratic in the number of one-line-break tokens separated
 * by other white space (" \n" 40,000 times: ~1 s; 100,000 times: ~6 s; "\u00a0\n" and
 * "\u3000\n" alike), as blank lines padded with spaces give. A run of line breaks alone is one
 * token to it. So, in long texts, every white-space run longer than MAX_SPACE_RUN that holds a
 * line break is given to wink as that many "\n" (same length: offsets hold); `runs` maps each
 * such run's start to its length, so that its token gets the run's own text back (exported for tests).
 * The same kind of guard as `maskLongRuns`, for white space.
 */
export function calmSpaceRuns(text: string): { calm: string; runs: Map<number, number> } {
  const runs = new Map<number, number>();
  if (text.length < CALM_MIN_LENGTH) return { calm: text, runs };
  LONG_SPACE_RUN.lastIndex = 0;
  for (let m = LONG_SPACE_RUN.exec(text); m !== null; m = LONG_SPACE_RUN.exec(text)) {
    const run = m[0];
    if (run.indexOf("\n") >= 0 || run.indexOf("\r") >= 0) runs.set(m.index, run.length);
  }
  return { calm: replaceRuns(text, runs, (length) => "\n".repeat(length)), runs };
}

/** Whether a UTF-16 code unit is white space as RegExp `\s` defines it (without a regex per token). */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Whether a UTF-16 code unit is one of the space characters wink-nlp's tokenizer splits on and
 * counts as a token's preceding spaces (its splitter's first group: space, no-break and
 * typographic spaces); line breaks and tabs are tokens of their own.
 */
function isWinkSpace(c: number): boolean {
  if (c === 0x20) return true;
  if (c < 0xa0) return false;
  return c === 0xa0 || (c >= 0x2002 && c <= 0x2005) || c === 0x2009 || c === 0x200a || c === 0x202f || c === 0x205f;
}

/** The end of the run of wink-nlp's space characters at `from` (exported for tests). */
export function spacesEnd(text: string, from: number): number {
  let k = from;
  while (k < text.length && isWinkSpace(text.charCodeAt(k))) k++;
  return k;
}

/** How far past where a token should start `realign` looks for it when skipping whitespace did not find it. */
const REALIGN_WINDOW = 64;

/**
 * Where token text `t` starts when it is not at `start` (the end of the spaces at `cursor`):
 * wink-nlp drops a few whitespace-like characters (U+2028, U+FEFF, U+3000, \v, \f) from its
 * preceding-space strings. First skip the white space at the cursor up to t's first character
 * (linear however long the run, and the token then starts past it); else look for t in a
 * bounded window, so a pathological input cannot make this quadratic. Returns `start`
 * when neither finds t.
 */
function realign(text: string, cursor: number, start: number, t: string): number {
  const first = t.charCodeAt(0);
  let k = cursor;
  while (k < text.length && text.charCodeAt(k) !== first && isSpace(text.charCodeAt(k))) k++;
  if (text.startsWith(t, k)) return k;
  const w = text.slice(cursor, start + t.length + REALIGN_WINDOW).indexOf(t);
  return w >= 0 ? cursor + w : start;
}

type WinkTokens = ReturnType<ReturnType<Nlp["readDoc"]>["tokens"]>;

/**
 * Whether two strings are equal, compared without `===`: V8 compiles a `===` whose operands
 * were so far only internalized strings (wink-nlp's model strings, and lower-casing returns an
 * already lower-case string itself) to a pointer comparison, and the first lemma made by
 * lower-casing then deoptimized the whole of `tokenizeText` (the coder's most expensive function
 * to compile, wink-nlp's readDoc inlined in it) to compile it again. Asked only of new words and tags.
 */
function sameText(a: string, b: string): boolean {
  return a.length === b.length && a.startsWith(b);
}

/** wink-nlp's lemma of token i, lower-cased (the word itself when it has none). */
function lemmaOf(toks: WinkTokens, its: Nlp["its"], i: number, word: string): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return String(toks.itemAt(i).out(its.lemma as any) ?? word).toLowerCase();
}

/** The memo entry of word id `id` at token i, made (with the token's lemma for tag `p`) on first sight. */
function wordInfo(toks: WinkTokens, its: Nlp["its"], i: number, id: number, p: string): WordInfo {
  if (wordMemoSize >= WORD_MEMO_MAX) {
    wordMemo = [];
    wordMemoSize = 0;
  }
  const word = toks.itemAt(i).out() as string;
  const lw = word.toLowerCase();
  let lemma = lemmaOf(toks, its, i, word);
  // One string for both when they are equal: later comparisons of lemma and lower-case form are then identity checks.
  if (sameText(lemma, lw)) lemma = lw;
  const info: WordInfo = { word, lower: lw, pos1: p, lemma1: lemma, lemmas: null, id: wordIdOf(id) };
  // Grown by grownSlots, the array stays a dense list (a far index would make it a dictionary).
  if (wordMemo.length <= id) wordMemo = grownSlots(wordMemo, id + 1);
  wordMemo[id] = info;
  wordMemoSize++;
  return info;
}

/**
 * A token as `tokenizeText` makes it: a plain data object with the fields of `Token` in
 * their order, made by a constructor rather than an object literal. V8 watches the objects
 * an object literal makes, and when most of them outlive a young-generation collection (a
 * document's tokens live through every stage) it allocates that literal's objects straight
 * in the old generation from then on, which made building the tokens several times dearer
 * than in a bare tokenizing loop; objects made by `new` are not moved there that way.
 */
class WinkToken implements Token {
  // Declared only: the constructor sets every field, in `Token`'s order.
  declare i: number;
  declare text: string;
  declare lower: string;
  declare start: number;
  declare end: number;
  declare pos: string;
  declare lemma: string;
  declare sent: number;
  declare spaceBefore: boolean;
  declare word: number;
  constructor(i: number, text: string, lower: string, start: number, end: number, pos: string, lemma: string, spaceBefore: boolean, word: number) {
    this.i = i;
    this.text = text;
    this.lower = lower;
    this.start = start;
    this.end = end;
    this.pos = pos;
    this.lemma = lemma;
    this.sent = 0;
    this.spaceBefore = spaceBefore;
    this.word = word;
  }
}

export function tokenizeText(original: string): { tokens: Token[]; sentences: Sentence[] } {
  const nlp = wink();
  const its = nlp.its;
  const { masked, runs } = maskLongRuns(original);
  const { calm: text, runs: spaceRuns } = calmSpaceRuns(masked);
  const wdoc = nlp.readDoc(text);
  const toks = wdoc.tokens();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ids = toks.out(its.uniqueId as any) as unknown as number[];
  const pos = toks.out(its.pos) as string[];
  const tokens: Token[] = new Array(ids.length);
  let cursor = 0;
  for (let i = 0; i < ids.length; i++) {
    const p = pos[i];
    let info = wordMemo[ids[i]];
    let lemma: string | undefined;
    if (info === undefined) {
      info = wordInfo(toks, its, i, ids[i], p);
      lemma = info.lemma1;
    } else if (info.pos1 === p) {
      lemma = info.lemma1;
    } else {
      lemma = info.lemmas?.get(p);
      if (lemma === undefined) {
        lemma = lemmaOf(toks, its, i, info.word);
        if (sameText(lemma, info.lower)) lemma = info.lower;
        (info.lemmas ??= new Map()).set(p, lemma);
      }
    }
    const word = info.word;
    let t = word;
    // The token starts after the spaces wink-nlp splits on before it: the run of its space
    // characters at the cursor, read from the text (asking wink for every token's
    // preceding-space string cost a string and a call per token; and wink caps a run's
    // count of plain spaces at 65,534, so its count is wrong after a longer run).
    let start = spacesEnd(text, cursor);
    let lower = info.lower;
    if (!text.startsWith(t, start)) {
      start = realign(text, cursor, start, t);
      t = text.slice(start, start + t.length);
      lower = t.toLowerCase();
    }
    let end = start + t.length;
    cursor = end;
    const run = runs.size > 0 && t === MASK ? runs.get(start) : undefined;
    if (run !== undefined) {
      end = start + run;
      t = original.slice(start, end);
      lower = t.toLowerCase();
    } else if (spaceRuns.size > 0 && spaceRuns.get(start) === t.length) {
      // A white-space run given to wink as line breaks: its token is the run's own text.
      t = original.slice(start, end);
      lower = t;
    }
    // The token has its word's id while its text is the lexeme's (not realigned, not a masked run).
    const id = t === word && run === undefined ? info.id : -1;
    tokens[i] = new WinkToken(i, t, lower, start, end, run !== undefined ? "X" : p, run === undefined && lemma ? lemma : lower, start > 0 && isSpace(original.charCodeAt(start - 1)), id);
  }
  const sentences: Sentence[] = [];
  // Token index spans [first, last] of wink's sentences, in one bulk call.
  const spans = wdoc.sentences().out(its.span) as unknown as [number, number][];
  for (const [first, last] of spans) {
    let a = first;
    let b = last + 1; // exclusive
    if (b <= a) continue;
    // Trim leading/trailing whitespace tokens (wink emits SPACE tokens for line breaks).
    while (a < b && tokens[a].pos === "SPACE") a++;
    while (b > a && tokens[b - 1].pos === "SPACE") b--;
    if (a >= b) continue;
    const index = sentences.length;
    for (let k = a; k < b; k++) tokens[k].sent = index;
    sentences.push({ index, start: tokens[a].start, end: tokens[b - 1].end, tokenStart: a, tokenEnd: b });
  }
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
