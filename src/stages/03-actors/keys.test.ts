import { describe, it, expect } from "vitest";
import { ActorKB, SentenceMatches, scanKeys, type Key } from "../../ontology/actors/index.js";
import { tokenizeText } from "../01-tokenize/index.js";
import { inCapitals, tokenKeys } from "./keys.js";

const kb = ActorKB.fromEntries({
  actors: [
    { id: "group:test-red-hand", name: "Red Hand Front", kind: "group", aliases: ["Red Hand Front", "RHF"], country: null, roles: [] },
  ],
});

describe("actor keys and their word ids", () => {
  it("gives a key its token's word id only when it is the token's one key", () => {
    const { tokens } = tokenizeText("The Red Hand Front and pro-government fighters met the RHF.");
    const keys = tokenKeys(tokens, 0, tokens.length, []);
    for (const k of keys) {
      const own = keys.filter((x) => x.tok === k.tok).length;
      expect(k.word).toBe(own === 1 ? tokens[k.tok].word : -1);
    }
    expect(keys.filter((k) => k.k === "government")[0].word).toBe(-1);
  });

  it("reads a word that is no plain key as scanKeys reads it, from the first time and from the kept reading", () => {
    const text = "\"Café owners\" said the U.S.'s envoy, Jean-Luc O'Neil, met pro-government al-Shabaab men ... at 5.30 in the ’90s -- or not.";
    const { tokens } = tokenizeText(text);
    // Each token scanned on its own: the keys before word readings were kept.
    const expected: Key[] = [];
    tokens.forEach((t, i) => {
      if (t.pos === "SPACE") return;
      const at = expected.length;
      scanKeys(t.text, expected, t.start, i);
      if (expected.length > at && !t.spaceBefore && i > 0 && tokens[i - 1].text === "-" && !tokens[i - 1].spaceBefore) expected[at].joined = true;
      for (let k = at; k < expected.length; k++) expected[k].pos = t.pos;
      if (expected.length === at + 1) expected[at].word = t.word;
    });
    for (let pass = 0; pass < 2; pass++) {
      const keys = tokenKeys(tokens, 0, tokens.length, []);
      expect(keys.map((k) => ({ ...k }))).toEqual(expected);
    }
    expect(expected.map((k) => k.k)).toContain("us");
    expect(expected.map((k) => k.k)).toContain("'s");
  });

  it("answers per word id as it answers per key string", () => {
    // Twice over: the second pass reads the memoised answers.
    for (let pass = 0; pass < 2; pass++) {
      const { tokens } = tokenizeText("Red Hand Front fighters said red hand signs and the Front were seen.");
      const keys = tokenKeys(tokens, 0, tokens.length, []);
      for (let p = 0; p < keys.length; p++) {
        expect(kb.startsKey(keys[p])).toBe(kb.starts(keys[p].k));
        const plain = keys.map((k) => ({ ...k, word: -1 }));
        expect(kb.match(keys, p)).toEqual(kb.match(plain, p));
      }
      expect(kb.match(keys, 0)?.end).toBe(3);
    }
  });

  it("reads a sentence as set in capitals from its words' letters", () => {
    const caps = tokenizeText("GUNMEN ATTACKED A POLICE POST IN THE NORTH").tokens;
    const mixed = tokenizeText("Gunmen attacked a police post in the north").tokens;
    expect(inCapitals(caps, 0, caps.length)).toBe(true);
    expect(inCapitals(mixed, 0, mixed.length)).toBe(false);
    // The same words again, now memoised.
    expect(inCapitals(caps, 0, caps.length)).toBe(true);
    expect(inCapitals(mixed, 0, mixed.length)).toBe(false);
  });

  it("counts the letters of a word too long for a kept shape", () => {
    // 40,000 capitals, past the 15 bits a kept shape holds: a clipped count would read 7,232 capitals beside 1,000 small letters (12 %).
    const big = "A".repeat(40_000);
    for (let pass = 0; pass < 2; pass++) {
      const { tokens } = tokenizeText(`${big} ${"b".repeat(1_000)}`);
      expect(inCapitals(tokens, 0, tokens.length)).toBe(true);
      expect(tokenKeys(tokens, 0, tokens.length, []).map((k) => k.raw.length)).toEqual([40_000, 1_000]);
    }
  });
});

describe("actor keys' capitals", () => {
  it("marks a key capitalised when its word starts with A-Z, the first time and from the word's kept shape", () => {
    const { tokens } = tokenizeText("Police in Kabul and the FMLN met pro-Taliban men, Élodie said; 3rd Brigade, iPhone.");
    for (let pass = 0; pass < 2; pass++) {
      for (const k of tokenKeys(tokens, 0, tokens.length, [])) {
        // Plain keys (a-z, 0-9 lower-cased); other words take scanKeys' reading, which knows non-ASCII capitals.
        if (/^[a-z0-9]+$/.test(tokens[k.tok].lower)) expect(k.cap).toBe(/^[A-Z]/.test(k.raw));
      }
    }
  });
});

describe("actor keys of a sentence in capitals", () => {
  it("marks common words and lower-cases what is no proper noun, a dotted abbreviation kept", () => {
    const common = new Set(["in", "fact", "the"]);
    const { tokens } = tokenizeText("IN FACT THE U.S. AND THE FMLN GUERRILLAS MET IN SAN SALVADOR");
    const keys = tokenKeys(tokens, 0, tokens.length, [], common);
    const at = (k: string) => keys.find((x) => x.k === k)!;
    expect(at("fact").common).toBe(true);
    expect(at("fact").raw).toBe("fact");
    expect(at("in").common).toBe(true);
    expect(at("us").raw).toBe(tokens[at("us").tok].pos === "PROPN" ? "US" : "us");
    expect(at("us").common).toBe(false);
    for (const k of keys) {
      const t = tokens[k.tok];
      expect(k.cap).toBe(["PROPN", "NOUN", "ADJ", "NUM", "X"].includes(t.pos) && /^[A-Z]/.test(t.text));
      if (t.pos !== "PROPN") expect(k.raw).toBe(k.raw.toLowerCase());
    }
    // The same words with case: nothing amended.
    const mixed = tokenizeText("In fact the U.S. and the FMLN guerrillas met in San Salvador").tokens;
    const plain = tokenKeys(mixed, 0, mixed.length, [], common);
    expect(plain.filter((k) => k.common)).toEqual([]);
    expect(plain.find((k) => k.k === "in")!.raw).toBe("In");
  });

  it("answers from its per-word memo as it did the first time, and asks again for another common-word list", () => {
    const { tokens } = tokenizeText("IN FACT THE U.S. AND THE FMLN GUERRILLAS MET IN SAN SALVADOR AGAIN");
    const common = new Set(["in", "fact", "us"]);
    // Twice over the same tokens: the second time every answer comes from the memo.
    for (let pass = 0; pass < 2; pass++) {
      for (const k of tokenKeys(tokens, 0, tokens.length, [], common)) {
        const t = tokens[k.tok];
        expect(k.common).toBe(!t.text.includes(".") && common.has(k.k));
        if (t.pos !== "PROPN" || k.common) expect(k.raw).toBe(k.raw.toLowerCase());
      }
    }
    // Another list: "fact" is no longer common, "again" is.
    const other = tokenKeys(tokens, 0, tokens.length, [], new Set(["again"]));
    expect(other.find((k) => k.k === "fact")!.common).toBe(false);
    expect(other.find((k) => k.k === "again")!.common).toBe(true);
    expect(other.find((k) => k.k === "again")!.raw).toBe("again");
  });
});

describe("a sentence's matches asked once", () => {
  it("answers as the knowledge base does, sentence after sentence in one reused key array", () => {
    const km = new SentenceMatches(kb);
    const keys: ReturnType<typeof tokenKeys> = [];
    for (const text of ["The Red Hand Front and the RHF met.", "Red hand signs were seen near the Front.", "RHF Red Hand Front"]) {
      const { tokens } = tokenizeText(text);
      keys.length = 0;
      tokenKeys(tokens, 0, tokens.length, keys);
      km.reset(keys, keys.length);
      // Twice over: the second pass reads the kept matches.
      for (let pass = 0; pass < 2; pass++) {
        for (let p = 0; p < keys.length; p++) {
          expect(km.match(keys, p)).toEqual(kb.match(keys, p));
          expect(km.match(keys, p, p + 1)).toEqual(kb.match(keys, p, p + 1));
          expect(km.match(keys, p, Math.min(keys.length, p + 2))).toEqual(kb.match(keys, p, Math.min(keys.length, p + 2)));
          expect(km.startsKey(keys[p])).toBe(kb.startsKey(keys[p]));
        }
      }
    }
    // A longer sentence, then a shorter one in the same array: kept match objects are rewritten, none is stale.
    const long = tokenKeys(tokenizeText("RHF men and the Red Hand Front and the RHF and the Red Hand Front").tokens, 0, 15, []);
    km.reset(long, long.length);
    const held = long.map((_, p) => km.match(long, p));
    expect(held.filter((m) => m !== null).length).toBeGreaterThan(3);
    const short = tokenKeys(tokenizeText("men met Red Hand").tokens, 0, 4, []);
    km.reset(short, short.length);
    for (let p = 0; p < short.length; p++) {
      expect(km.match(short, p)).toEqual(kb.match(short, p));
      expect(km.match(short, p, p + 1)).toEqual(kb.match(short, p, p + 1));
    }
    expect(km.match(short, 2)).toBeNull();
    // A very long sentence: positions past those kept are asked of the knowledge base, with the same answers.
    const huge = scanKeys("the Red Hand Front met RHF men ".repeat(400), []);
    km.reset(huge, huge.length);
    for (let p = 2040; p < 2060; p++) {
      expect(km.match(huge, p)).toEqual(kb.match(huge, p));
      expect(km.match(huge, p, p + 1)).toEqual(kb.match(huge, p, p + 1));
    }
    // Other keys than the sentence's are asked of the knowledge base itself.
    const other = tokenKeys(tokenizeText("Red Hand Front").tokens, 0, 3, []);
    expect(km.match(other, 0)?.end).toBe(3);
  });
});
