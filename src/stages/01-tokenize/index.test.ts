import { describe, expect, it } from "vitest";
import { calmSpaceRuns, hasLongRun, MAX_RUN, spacesEnd, tokenizeText, wink } from "./index.js";

function checkOffsets(text: string) {
  const { tokens, sentences } = tokenizeText(text);
  for (const t of tokens) {
    expect(text.slice(t.start, t.end)).toBe(t.text);
  }
  for (let k = 1; k < tokens.length; k++) expect(tokens[k].start).toBeGreaterThanOrEqual(tokens[k - 1].end);
  for (const s of sentences) {
    expect(s.start).toBe(tokens[s.tokenStart].start);
    expect(s.end).toBe(tokens[s.tokenEnd - 1].end);
  }
  return { tokens, sentences };
}

describe("tokenize", () => {
  it("keeps exact offsets, POS and sentences", () => {
    const text = "Pakistan's army chief warned Kabul on Dec. 10.  The Taliban rejected it!\n\nA new paragraph follows.";
    const { tokens, sentences } = checkOffsets(text);
    expect(sentences.length).toBe(3);
    const warned = tokens.find((t) => t.text === "warned");
    expect(warned?.pos).toBe("VERB");
    expect(warned?.lemma).toBe("warn");
  });

  it("realigns on whitespace characters the tokenizer drops", () => {
    for (const ws of ["\u2028", "\ufeff", "\u3000", "\u000b", "\f", "\u00a0", "\r\n", "\t"]) {
      checkOffsets(`Troops${ws}shelled the village${ws}on Monday.`);
    }
  });

  it("keeps the words after a run of spaces longer than wink-nlp counts (its count is capped at 65,534)", () => {
    for (const n of [65_534, 65_535, 70_000, 200_000]) {
      const text = `x${" ".repeat(n)}y z`;
      const { tokens } = checkOffsets(text);
      expect(tokens.map((t) => [t.text, t.start])).toEqual([
        ["x", 0],
        ["y", n + 1],
        ["z", n + 3],
      ]);
    }
  });

  it("keeps the words after long runs of whitespace characters the tokenizer drops", () => {
    for (const run of ["\u3000".repeat(100), "\u2028".repeat(100), "\u000b".repeat(100), " \u3000".repeat(100), "\ufeff\u00a0".repeat(5000)]) {
      const text = `Troops${run}shelled the village.`;
      const { tokens } = checkOffsets(text);
      expect(tokens.map((t) => t.text)).toEqual(["Troops", "shelled", "the", "village", "."]);
      expect(tokens[1].start).toBe(6 + run.length);
    }
  });

  it("starts every token where wink-nlp's preceding-space counts put it, for each kind of space", () => {
    // Spaces wink counts (plain, no-break, typographic), runs of them, and line breaks and tabs (tokens of their own).
    const gaps = [" ", "   ", "\u00a0", "\u2002", "\u2003", "\u2004", "\u2005", "\u2009", "\u200a", "\u202f", "\u205f", " \u00a0 ", "\n", " \n\n ", "\t", "\r\n"];
    const nlp = wink();
    for (const a of gaps) {
      for (const b of gaps) {
        const text = `Troops${a}shelled${b}the "village"${a}on${b}Monday.${a}${b}Rebels${b}fled.`;
        const counts = nlp.readDoc(text).tokens().out(nlp.its.precedingSpaces) as string[];
        const { tokens } = checkOffsets(text);
        expect(tokens).toHaveLength(counts.length);
        let cursor = 0;
        for (let i = 0; i < tokens.length; i++) {
          // The run read from the text is wink's count (a miss would only be caught by the slower realignment).
          expect(spacesEnd(text, cursor)).toBe(cursor + counts[i].length);
          expect(tokens[i].start).toBe(cursor + counts[i].length);
          cursor = tokens[i].end;
        }
      }
    }
  });

  it("masks overlong runs so tokenizing stays fast, and keeps them as one token", () => {
    const run = "a-".repeat(10_000);
    const text = `Before ${run} after http://example.org/${"x".repeat(5000)} end.`;
    const t0 = performance.now();
    const { tokens } = checkOffsets(text);
    expect(performance.now() - t0).toBeLessThan(1000);
    const long = tokens.filter((t) => t.end - t.start > MAX_RUN);
    expect(long.length).toBe(2);
    expect(long[0].text).toBe(run);
    expect(long[0].pos).toBe("X");
    expect(tokens.some((t) => t.text === "after")).toBe(true);
  });

  it("gives a word seen again, in another case or with another tag, the forms it gives it alone", () => {
    // The word memo is keyed by wink's lexeme id: a repeated word must read as it does in a fresh text.
    const words = ["Attacked", "attacked", "attacks", "Attacks", "ATTACKED", "police", "Police"];
    const alone = new Map(words.map((w) => [w, tokenizeText(`The ${w} stopped.`).tokens[1]]));
    const { tokens } = tokenizeText(`The ${words.join(" and the ")} stopped.`);
    for (const w of words) {
      const t = tokens.find((x) => x.text === w);
      expect(t?.lower).toBe(w.toLowerCase());
      if (t?.pos === alone.get(w)?.pos) expect(t?.lemma).toBe(alone.get(w)?.lemma);
    }
  });

  it("gives tokens of the same text the same word id, and other texts other ids", () => {
    const a = tokenizeText("Rebels attacked the town. The town was quiet.").tokens;
    const b = tokenizeText("Rebels attacked the Town again.").tokens;
    const id = (ts: typeof a, text: string) => ts.filter((t) => t.text === text).map((t) => t.word);
    expect(id(a, "town")).toHaveLength(2);
    expect(new Set(id(a, "town")).size).toBe(1);
    expect(id(a, "town")[0]).toBeGreaterThanOrEqual(0);
    expect(id(b, "Rebels")).toEqual(id(a, "Rebels"));
    expect(id(b, "Town")[0]).not.toBe(id(a, "town")[0]);
    expect(id(a, "The")[0]).not.toBe(id(a, "the")[0]);
    const byId = new Map<number, string>();
    for (const t of [...a, ...b]) {
      if (t.word < 0) continue;
      expect(byId.get(t.word) ?? t.text).toBe(t.text);
      byId.set(t.word, t.text);
    }
  });

  it("gives a masked long run no word id (its text is not the word wink read)", () => {
    const run = "x".repeat(MAX_RUN + 10);
    const { tokens } = tokenizeText(`Before ${run} after.`);
    const long = tokens.find((t) => t.end - t.start > MAX_RUN);
    expect(long?.word).toBe(-1);
    expect(tokens.find((t) => t.text === "after")?.word).toBeGreaterThanOrEqual(0);
  });

  it("numbers words densely, in the order they are first read (not by wink-nlp's lexicon of ~90k words)", () => {
    // A word wink-nlp never saw gets a lexeme id past its whole lexicon; the stages' per-word
    // tables are indexed by Token.word, so it must stay below the number of words read so far.
    const { tokens } = tokenizeText("The Zorblaxian envoys quarrelled with Quuxville officials.");
    const ids = tokens.map((t) => t.word).filter((w) => w >= 0);
    expect(ids.length).toBe(tokens.length);
    expect(Math.max(...ids)).toBeLessThan(5_000);
    const again = tokenizeText("Quuxville and Zorblaxian, again.").tokens;
    expect(again.find((t) => t.text === "Quuxville")?.word).toBe(tokens.find((t) => t.text === "Quuxville")?.word);
  });

  it("keeps a word's id when its word memo is cleared (after 100,000 distinct words)", () => {
    const before = tokenizeText("Envoys of Zorblax met.").tokens.find((t) => t.text === "Zorblax")?.word;
    // Distinct made-up words, enough to fill the memo and start it again.
    const words: string[] = [];
    for (let k = 0; k < 101_000; k++) words.push(`qz${k.toString(36)}`);
    for (let k = 0; k < words.length; k += 20_000) tokenizeText(words.slice(k, k + 20_000).join(" ") + ".");
    const after = tokenizeText("Envoys of Zorblax met again.").tokens;
    expect(after.find((t) => t.text === "Zorblax")?.word).toBe(before);
    expect(Math.max(...after.map((t) => t.word))).toBeLessThan(110_000);
  });

  it("makes tokens with exactly the fields of Token, in their order", () => {
    const [t] = tokenizeText("Shelling resumed.").tokens;
    expect(Object.keys(t)).toEqual(["i", "text", "lower", "start", "end", "pos", "lemma", "sent", "spaceBefore", "word"]);
    expect(JSON.parse(JSON.stringify(t))).toEqual({ i: 0, text: "Shelling", lower: "shelling", start: 0, end: 8, pos: t.pos, lemma: t.lemma, sent: 0, spaceBefore: false, word: t.word });
  });

  it("finds a run longer than MAX_RUN wherever it lies, as a scan of every character does", () => {
    const isBreak = (c: number) => c <= 32 || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 0xfeff;
    const scan = (t: string) => {
      let run = 0;
      for (let i = 0; i < t.length; i++) {
        if (isBreak(t.charCodeAt(i))) run = 0;
        else if (++run > MAX_RUN) return true;
      }
      return false;
    };
    const breaks = [" ", "\n", "\u00a0", "\u2028", "\u3000", "\ufeff", "\t"];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let longOnes = 0;
    for (let k = 0; k < 3000; k++) {
      let t = "";
      const len = rand(400);
      while (t.length < len) t += rand(6) === 0 ? breaks[rand(breaks.length)] : "x".repeat(1 + rand(rand(4) === 0 ? 90 : 8));
      expect(hasLongRun(t)).toBe(scan(t));
      if (scan(t)) longOnes++;
    }
    expect(longOnes).toBeGreaterThan(100);
    for (let at = 0; at < 200; at++) {
      for (const len of [MAX_RUN, MAX_RUN + 1]) {
        const t = " ".repeat(at) + "y".repeat(len) + " ".repeat(at % 7);
        expect(hasLongRun(t)).toBe(len > MAX_RUN);
      }
    }
  });

  it("gives wink-nlp long white-space runs with a line break as line breaks, in long texts only, same length", () => {
    const pad = " \n".repeat(40) + "\u00a0\n\u3000\n";
    const unit = `Police left.${pad}The base ${" ".repeat(100)}fell.\n\nTroops came back.`;
    const long = unit.repeat(Math.ceil(9000 / unit.length));
    const { calm, runs } = calmSpaceRuns(long);
    expect(calm.length).toBe(long.length);
    expect(runs.size).toBe(long.split("Police").length - 1); // one run per unit: the padded blank lines
    for (const [at, n] of runs) {
      expect(long.slice(at, at + n)).toBe(pad);
      expect(calm.slice(at, at + n)).toBe("\n".repeat(n));
    }
    // Outside the runs nothing changed (the 100 spaces hold no line break; "\n\n" is short).
    let outside = "";
    let from = 0;
    for (const [at, n] of [...runs].sort((a, b) => a[0] - b[0])) {
      outside += long.slice(from, at);
      from = at + n;
    }
    expect(calm.split("\n".repeat(pad.length)).join("")).toBe(outside + long.slice(from));
    expect(calmSpaceRuns(unit).runs.size).toBe(0); // short texts are left alone
  });

  it("tokenizes a long text with long padded blank-line runs with exact offsets and the same words", () => {
    const text = ("Police left" + " \n".repeat(40) + "the base." + "\u3000\n".repeat(40)).repeat(300);
    const { tokens } = tokenizeText(text);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    const words = tokens.filter((t) => t.pos !== "SPACE").map((t) => t.text);
    expect(words.length).toBe(5 * 300);
    expect(words.slice(0, 5)).toEqual(["Police", "left", "the", "base", "."]);
    expect(new Set(words)).toEqual(new Set(["Police", "left", "the", "base", "."]));
  });
});
