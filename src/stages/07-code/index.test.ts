import { describe, it, expect } from "vitest";
import { newDoc, type EventCandidate, type EventDate } from "../../doc/index.js";
import { indexPatterns } from "../../ontology/patterns.js";
import { codeStage, eventId, isHistorical, quadOfRoot, type EventCatalog } from "./index.js";

const day = (value: string, precision: EventDate["precision"] = "day"): EventDate => ({ value, precision, basis: "stated", text: value });

describe("code stage", () => {
  it("calls an event historical when it ended more than 60 days before publication", () => {
    expect(isHistorical(day("2025-12-10"), "2025-12-12")).toBe(false);
    expect(isHistorical(day("2025-09-01"), "2025-12-12")).toBe(true);
    expect(isHistorical(day("2025-10", "month"), "2025-12-12")).toBe(false);
    expect(isHistorical(day("2024", "year"), "2025-12-12")).toBe(true);
    expect(isHistorical(day("2025", "year"), "2025-12-12")).toBe(false);
    expect(isHistorical({ value: "2020-01-01", precision: "day", basis: "publication", text: null }, "2025-12-12")).toBe(false);
  });

  it("answers isHistorical from its memos as a fresh computation does, whatever the order of the questions", () => {
    const lastDayRef = (v: string): number => {
      if (/^\d{4}$/.test(v)) return Date.parse(`${v}-12-31`);
      if (/^\d{4}-\d{2}$/.test(v)) return Date.UTC(Number(v.slice(0, 4)), Number(v.slice(5, 7)), 0);
      return Date.parse(v.slice(0, 10));
    };
    const reference = (d: EventDate, pub: string): boolean => {
      const end = lastDayRef(d.value);
      const p = Date.parse(pub);
      if (Number.isNaN(end) || Number.isNaN(p)) return false;
      if (d.precision === "year" || d.precision === "decade") return end < Date.parse(`${pub.slice(0, 4)}-01-01`);
      return end < p - 60 * 86_400_000;
    };
    const values = ["2025-12-10", "2025-09-01", "2025-10", "2024", "2025", "2020-01-01", "2025-10-13", "2025-10-14", "bad", "2019", "2025-02"];
    const precisions: EventDate["precision"][] = ["day", "month", "year", "decade"];
    const pubs = ["2025-12-12", "2026-01-05", "2025-03-01", "not a date"];
    let historical = 0;
    for (let round = 0; round < 3; round++) {
      for (let k = 0; k < values.length * precisions.length * pubs.length; k++) {
        // A different order each round, so memo hits and misses mix.
        const i = (k * (round * 2 + 1) + round) % (values.length * precisions.length * pubs.length);
        const d = day(values[i % values.length], precisions[Math.floor(i / values.length) % precisions.length]);
        const pub = pubs[Math.floor(i / (values.length * precisions.length))];
        expect(isHistorical(d, pub)).toBe(reference(d, pub));
        if (reference(d, pub)) historical++;
      }
    }
    expect(historical).toBeGreaterThan(20);
  });

  it("falls back to the usual quad convention by root", () => {
    expect([quadOfRoot("01"), quadOfRoot("07"), quadOfRoot("13"), quadOfRoot("19")]).toEqual([1, 2, 3, 4]);
  });

  it("builds contract records with ontology fields, pattern overrides and stable ids", () => {
    const text = "Militants attacked the post.";
    const doc = newDoc({ id: "d1", text, date: "2025-12-12" });
    doc.sentences = [{ index: 0, start: 0, end: text.length, tokenStart: 0, tokenEnd: 5 }];
    const trigger = { tokenStart: 1, tokenEnd: 2, start: 10, end: 18, text: "attacked" };
    const cand: EventCandidate = { rule: "p.190.test", cameo: "190", sentence: 0, trigger, source: null, target: null, modality: "asserted", confidence: 0.5 };
    doc.candidates = [cand, { ...cand }];
    const pk = indexPatterns(
      [{ id: "p.190.test", cameo: "190", trigger: { lemmas: ["attack"], pos: "VERB" }, acled: { event_type: "Battles", sub_event_type: "Armed clash" }, example: "Militants attacked the post." }],
      [],
    );
    const events: EventCatalog = { get: (c) => (c === "190" ? { goldstein: -10, quad: 4, plover: { type: "ASSAULT", mode: null }, acled: null } : undefined) };
    codeStage(events, pk).run(doc);
    expect(doc.events).toHaveLength(1);
    const e = doc.events[0];
    expect(e).toMatchObject({
      doc_id: "d1",
      cameo: "190",
      cameo_root: "19",
      goldstein: -10,
      quad_class: 4,
      plover: { type: "ASSAULT", mode: null },
      acled: { event_type: "Battles", sub_event_type: "Armed clash" },
      date: { value: "2025-12-12", basis: "publication" },
      historical: false,
      evidence: { sentence: text, sentence_index: 0, start: 0, end: text.length, trigger: { text: "attacked", start: 10, end: 18 } },
      rule: "p.190.test",
    });
    expect(e.id).toBe(eventId(doc, cand));
  });

  it("turns a clash with an unarmed target into violence against civilians", () => {
    const text = "Gunmen attacked villagers.";
    const doc = newDoc({ id: "d2", text, date: "2025-12-12" });
    doc.sentences = [{ index: 0, start: 0, end: text.length, tokenStart: 0, tokenEnd: 4 }];
    const villagers = { tokenStart: 2, tokenEnd: 3, start: 15, end: 24, text: "villagers", id: "agent:CVL", name: "civilians", kind: "group" as const, roles: [], country: null, sector: "CVL", code: "CVL", how: "agent" };
    doc.candidates = [{ rule: "p.190.test", cameo: "190", sentence: 0, trigger: { tokenStart: 1, tokenEnd: 2, start: 7, end: 15, text: "attacked" }, source: null, target: villagers, modality: "asserted", confidence: 0.5 }];
    const pk = indexPatterns([{ id: "p.190.test", cameo: "190", trigger: { lemmas: ["attack"], pos: "VERB" }, acled: { event_type: "Battles", sub_event_type: "Armed clash" }, example: "Gunmen attacked villagers." }], [{ id: "tgt.civilian", kind: "civilian-sector", words: ["cvl"] }]);
    codeStage(null, pk).run(doc);
    expect(doc.events[0].acled).toEqual({ event_type: "Violence against civilians", sub_event_type: "Attack" });
  });

  it("turns a fight between unarmed crowds into mob violence, unless the crowd is armed", () => {
    const cues = [
      { id: "tgt.civilian", kind: "civilian-sector" as const, words: ["cvl"] },
      { id: "tgt.crowd", kind: "crowd-sector" as const, words: ["cvl", "pty"] },
      { id: "tgt.armed", kind: "armed-modifier" as const, words: ["armed"] },
    ];
    const pk = indexPatterns([{ id: "p.190.test", cameo: "190", trigger: { lemmas: ["clash"], pos: "VERB" }, acled: { event_type: "Battles", sub_event_type: "Armed clash" }, example: "Rival supporters clashed." }], cues);
    const code = (text: string, words: string[], headAt: number) => {
      const doc = newDoc({ id: "d-crowd", text, date: "2025-12-12" });
      let at = 0;
      doc.tokens = words.map((w, i) => {
        const start = text.indexOf(w, at);
        at = start + w.length;
        return { index: i, text: w, start, end: at, lemma: w.toLowerCase(), pos: "X", sentence: 0 } as unknown as (typeof doc.tokens)[number];
      });
      doc.sentences = [{ index: 0, start: 0, end: text.length, tokenStart: 0, tokenEnd: words.length }];
      const head = doc.tokens[headAt];
      const youths = { tokenStart: headAt, tokenEnd: headAt + 1, start: head.start, end: head.end, text: head.text, id: "agent:CVL", name: "civilians", kind: "group" as const, roles: [], country: null, sector: "CVL", code: "CVL", how: "agent" };
      const verb = doc.tokens[headAt + 1];
      doc.candidates = [{ rule: "p.190.test", cameo: "190", sentence: 0, trigger: { tokenStart: headAt + 1, tokenEnd: headAt + 2, start: verb.start, end: verb.end, text: verb.text }, source: youths, target: null, modality: "asserted", confidence: 0.5 }];
      codeStage(null, pk).run(doc);
      return doc.events[0].acled;
    };
    expect(code("Youths clashed.", ["Youths", "clashed", "."], 0)).toEqual({ event_type: "Riots", sub_event_type: "Mob violence" });
    expect(code("Armed youths clashed.", ["Armed", "youths", "clashed", "."], 1)).toEqual({ event_type: "Battles", sub_event_type: "Armed clash" });
  });

  it("turns territory taken by state forces into territory the government regains", () => {
    const text = "Troops captured the town.";
    const doc = newDoc({ id: "d3", text, date: "2025-12-12" });
    doc.sentences = [{ index: 0, start: 0, end: text.length, tokenStart: 0, tokenEnd: 5 }];
    const troops = { tokenStart: 0, tokenEnd: 1, start: 0, end: 6, text: "Troops", id: "agent:MIL", name: "military", kind: "group" as const, roles: [], country: null, sector: "MIL", code: "MIL", how: "agent" };
    const capture = { rule: "p.192.test", cameo: "192", sentence: 0, trigger: { tokenStart: 1, tokenEnd: 2, start: 7, end: 15, text: "captured" }, source: troops, target: null, modality: "asserted" as const, confidence: 0.5 };
    doc.candidates = [capture, { ...capture, source: { ...troops, sector: "REB", code: "REB", id: "agent:REB" } }];
    const overtakes = { event_type: "Battles", sub_event_type: "Non-state actor overtakes territory" };
    const pk = indexPatterns([{ id: "p.192.test", cameo: "192", trigger: { lemmas: ["capture"], pos: "VERB" }, acled: overtakes, example: "Troops captured the town." }], [{ id: "tgt.state", kind: "state-sector", words: ["mil"] }]);
    codeStage(null, pk).run(doc);
    expect(doc.events.map((e) => e.acled)).toEqual([{ event_type: "Battles", sub_event_type: "Government regains territory" }, overtakes]);
  });

  it("turns territory retaken by a non-state armed group into territory it overtakes", () => {
    const text = "Rebels recaptured the town.";
    const doc = newDoc({ id: "d4", text, date: "2025-12-12" });
    doc.sentences = [{ index: 0, start: 0, end: text.length, tokenStart: 0, tokenEnd: 5 }];
    const rebels = { tokenStart: 0, tokenEnd: 1, start: 0, end: 6, text: "Rebels", id: "agent:REB", name: "rebels", kind: "group" as const, roles: [], country: null, sector: "REB", code: "REB", how: "agent" };
    const retake = { rule: "p.192.test", cameo: "192", sentence: 0, trigger: { tokenStart: 1, tokenEnd: 2, start: 7, end: 17, text: "recaptured" }, source: rebels, target: null, modality: "asserted" as const, confidence: 0.5 };
    // an unknown source and a state force keep the pattern's type
    doc.candidates = [retake, { ...retake, source: null }, { ...retake, source: { ...rebels, sector: "MIL", code: "MIL", id: "agent:MIL" } }];
    const regains = { event_type: "Battles", sub_event_type: "Government regains territory" };
    const pk = indexPatterns(
      [{ id: "p.192.test", cameo: "192", trigger: { lemmas: ["recapture"], pos: "VERB" }, acled: regains, example: "Rebels recaptured the town." }],
      [{ id: "tgt.state", kind: "state-sector", words: ["mil"] }, { id: "tgt.civilian", kind: "civilian-sector", words: ["cvl"] }],
    );
    codeStage(null, pk).run(doc);
    expect(doc.events.map((e) => e.acled)).toEqual([{ event_type: "Battles", sub_event_type: "Non-state actor overtakes territory" }, regains, regains]);
  });
});
