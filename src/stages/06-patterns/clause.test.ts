import { describe, it, expect } from "vitest";
import { newDoc, type ActorMention, type Doc } from "../../doc/index.js";
import { tokenizeStage } from "../01-tokenize/index.js";
import { boundaryAt, ClauseScratch, ClauseView } from "./clause.js";

function doc(text: string, actorWords: string[] = []): Doc {
  const d = newDoc({ id: "t", text });
  tokenizeStage.run(d);
  d.actors = d.tokens
    .filter((t) => actorWords.includes(t.text))
    .map((t): ActorMention => ({ tokenStart: t.i, tokenEnd: t.i + 1, start: t.start, end: t.end, text: t.text, id: t.text, name: t.text, kind: "group", roles: [], country: null, sector: null, code: "REB", how: "alias" }));
  return d;
}

/** What a view answers per token: boundary, clause start, actor. */
function answers(v: ClauseView, d: Doc): string[] {
  return d.sentences.flatMap((s) => d.tokens.slice(s.tokenStart, s.tokenEnd).map((t) => `${t.i}:${v.isBoundary(t.i)}:${v.clauseStart(t.i, s)}:${v.actorAt(t.i)?.id ?? "-"}`));
}

describe("ClauseView", () => {
  const long = doc("Rebels, who attacked the town; said (again) that Police fled. If troops come, which they will, Rebels will fight!", ["Rebels", "Police", "troops"]);
  const short = doc("Police said that troops fled.", ["troops"]);

  it("marks as boundaries exactly the tokens boundaryAt names, the same words again with other tags", () => {
    const v = new ClauseView(long);
    for (const t of long.tokens) expect(v.isBoundary(t.i)).toBe(boundaryAt(t));
    // The per-word memo keeps what the text says; the tag is read from each token.
    const d = doc("Rebels, who attacked the town; said (again) that Police fled.");
    for (const t of d.tokens) t.pos = t.pos === "PUNCT" ? "X" : "PUNCT";
    const w = new ClauseView(d);
    for (const t of d.tokens) expect(w.isBoundary(t.i)).toBe(boundaryAt(t));
  });

  it("answers on a reused scratch as on arrays of its own, for a longer and then a shorter document", () => {
    const scratch = new ClauseScratch();
    expect(answers(new ClauseView(long, scratch), long)).toEqual(answers(new ClauseView(long), long));
    const reused = new ClauseView(short, scratch);
    expect(answers(reused, short)).toEqual(answers(new ClauseView(short), short));
    // Tokens past the document's end have no actor, whatever the longer document left there.
    expect(reused.actorAt(short.tokens.length)).toBeNull();
    const lastActor = long.actors[long.actors.length - 1].tokenStart;
    expect(lastActor).toBeGreaterThanOrEqual(short.tokens.length);
    expect(reused.actorAt(lastActor)).toBeNull();
  });

  it("finds one key's right arguments as the map of all keys holds them", () => {
    const d = doc("Rebels attacked Police in Kabul with troops and Militants, near Police by Rebels; then Militants met troops.", ["Rebels", "Police", "Kabul", "troops", "Militants"]);
    const v = new ClauseView(d);
    const s = d.sentences[0];
    let found = 0;
    for (let from = s.tokenStart; from <= s.tokenEnd; from++) {
      const all = v.rightArguments(from, s);
      for (const key of ["", "in", "with", "near", "by", "at"]) {
        expect(v.rightArgument(from, s, key)).toEqual(all.get(key));
        if (all.has(key)) found++;
      }
    }
    expect(found).toBeGreaterThan(10);
  });

  it("joins actors coordinated by and / or / & in a list, the same once the words are known", () => {
    const d = doc("Rebels, Police and Militants & troops attacked Kabul or Police.", ["Rebels", "Police", "Militants", "troops", "Kabul"]);
    const s = d.sentences[0];
    const ids = () => {
      const v = new ClauseView(d);
      return [v.conjuncts(d.actors[0], s).map((m) => m.id), v.conjuncts(d.actors[d.actors.length - 1], s).map((m) => m.id)];
    };
    const first = ids();
    expect(first).toEqual([
      ["Rebels", "Police", "Militants", "troops"],
      ["Kabul", "Police"],
    ]);
    expect(ids()).toEqual(first);
  });
});
