import { describe, it, expect } from "vitest";
import { loadKnowledge } from "../../ontology/index.js";
import { newDoc, type ActorMention, type Doc, type Role } from "../../doc/index.js";
import { tokenizeStage } from "../01-tokenize/index.js";
import { tagStage } from "../02-tag/index.js";
import { datesStage } from "../05-dates/index.js";
import { codeStage } from "../07-code/index.js";
import { patternsStage } from "./index.js";

const kb = loadKnowledge();
const stages = [tokenizeStage, tagStage(kb), datesStage(kb)];
const patterns = patternsStage(kb.patterns);
const code = codeStage(null, kb.patterns);

/** Hand-made actor dictionary for these tests (the actors stage is tested on its own). */
const ACTORS: Record<string, { code: string; roles?: Role[] }> = {
  Pakistan: { code: "PAK" },
  Islamabad: { code: "PAKGOV" },
  Kabul: { code: "AFGGOV" },
  India: { code: "IND" },
  China: { code: "CHN" },
  Militants: { code: "REB" },
  militants: { code: "REB" },
  gunmen: { code: "UAF" },
  "the TTP": { code: "PAKINS" },
  "The TTP": { code: "PAKINS" },
  "the army": { code: "PAKMIL" },
  "The army": { code: "PAKMIL" },
  "the police": { code: "PAKCOP" },
  "The Taliban": {
    code: "AFGGOV",
    roles: [
      { code: "AFGINS", country: "AFG", sector: "INS", start: null, end: "2021-08-14" },
      { code: "AFGGOV", country: "AFG", sector: "GOV", start: "2021-08-15", end: null },
    ],
  },
};

function mentions(doc: Doc): ActorMention[] {
  const out: ActorMention[] = [];
  for (const [phrase, a] of Object.entries(ACTORS)) {
    let from = 0;
    for (;;) {
      const at = doc.text.indexOf(phrase, from);
      if (at < 0) break;
      from = at + phrase.length;
      const toks = doc.tokens.filter((t) => t.start >= at && t.end <= at + phrase.length);
      if (toks.length === 0 || toks[0].start !== at || toks[toks.length - 1].end !== at + phrase.length) continue;
      out.push({
        tokenStart: toks[0].i,
        tokenEnd: toks[toks.length - 1].i + 1,
        start: at,
        end: at + phrase.length,
        text: phrase,
        id: "test:" + phrase.toLowerCase(),
        name: phrase,
        kind: "group",
        roles: a.roles ?? [{ code: a.code, country: a.code.slice(0, 3), sector: a.code.slice(3) || null }],
        country: a.code.slice(0, 3),
        sector: a.code.slice(3) || null,
        code: a.code,
        how: "alias",
      });
    }
  }
  return out.sort((x, y) => x.start - y.start);
}

/** A document with tokens, dates and the test actors, ready for the patterns stage. */
function prepare(text: string, date = "2025-12-12"): Doc {
  const doc = newDoc({ id: "t", text, date });
  for (const s of stages) s.run(doc);
  doc.actors = mentions(doc);
  return doc;
}

function run(text: string, date = "2025-12-12"): Doc {
  const doc = prepare(text, date);
  patterns.run(doc);
  code.run(doc);
  return doc;
}

function brief(doc: Doc) {
  return doc.events.map((e) => ({ cameo: e.cameo, src: e.source?.code ?? null, tgt: e.target?.code ?? null, mod: e.modality, fat: e.fatalities, hist: e.historical, date: e.date.value }));
}

describe("patterns + code stages", () => {
  it("reads subject and object of an active verb", () => {
    expect(brief(run("Militants attacked the army on Monday."))).toMatchObject([{ cameo: "190", src: "REB", tgt: "PAKMIL", mod: "asserted", date: "2025-12-08" }]);
  });

  it("reads the by-agent of a passive verb as the source", () => {
    expect(brief(run("The army was attacked by militants."))).toMatchObject([{ cameo: "190", src: "REB", tgt: "PAKMIL" }]);
  });

  it("marks negation", () => {
    expect(brief(run("Pakistan did not attack Kabul."))).toMatchObject([{ cameo: "190", src: "PAK", tgt: "AFGGOV", mod: "negated" }]);
  });

  it("codes an accusation and the alleged act it embeds", () => {
    const ev = brief(run("Pakistan accused Kabul of sheltering the TTP."));
    expect(ev).toContainEqual(expect.objectContaining({ cameo: "1123", src: "PAK", tgt: "AFGGOV", mod: "asserted" }));
    expect(ev).toContainEqual(expect.objectContaining({ cameo: "075", src: "AFGGOV", tgt: "PAKINS", mod: "alleged" }));
  });

  it("gives the claimant of a claimed attack as its source", () => {
    const ev = brief(run("The TTP claimed responsibility for the attack on the police."));
    expect(ev).toContainEqual(expect.objectContaining({ cameo: "015", src: "PAKINS" }));
    expect(ev).toContainEqual(expect.objectContaining({ cameo: "190", src: "PAKINS", tgt: "PAKCOP", mod: "claimed" }));
  });

  it("marks a denied act", () => {
    const ev = brief(run("The Taliban denied that militants attacked Pakistan."));
    expect(ev).toContainEqual(expect.objectContaining({ cameo: "190", src: "REB", tgt: "PAK", mod: "denied" }));
  });

  it("makes the threatened act future and the threat asserted", () => {
    const ev = brief(run("Islamabad threatened to attack Kabul."));
    expect(ev).toContainEqual(expect.objectContaining({ cameo: "1384", src: "PAKGOV", mod: "asserted" }));
    expect(ev).toContainEqual(expect.objectContaining({ cameo: "190", src: "PAKGOV", tgt: "AFGGOV", mod: "future" }));
  });

  it("marks hypothetical events", () => {
    expect(brief(run("Pakistan would attack Kabul."))[0]).toMatchObject({ mod: "hypothetical" });
  });

  it("splits compound actors into one event per actor", () => {
    const ev = brief(run("Pakistan and China condemned India."));
    expect(ev).toEqual([
      expect.objectContaining({ cameo: "111", src: "PAK", tgt: "IND" }),
      expect.objectContaining({ cameo: "111", src: "CHN", tgt: "IND" }),
    ]);
  });

  it("pairs the first of several sources of a symmetric pattern with the others, and every source with every target", () => {
    expect(brief(run("Pakistan, India and China met.")).map((e) => `${e.src}>${e.tgt}`)).toEqual(["PAK>IND", "PAK>CHN"]);
    expect(brief(run("Pakistan and China condemned India and Kabul.")).map((e) => `${e.src}>${e.tgt}`)).toEqual(["PAK>IND", "PAK>AFGGOV", "CHN>IND", "CHN>AFGGOV"]);
  });

  it("splits a comma list but not an apposition", () => {
    expect(brief(run("Pakistan, India and China condemned Kabul.")).map((e) => e.src)).toEqual(["PAK", "IND", "CHN"]);
    // The head before an apposition is the subject.
    expect(brief(run("The army, the police, attacked militants.")).map((e) => e.src)).toEqual(["PAKMIL"]);
  });

  it("folds a killing into the bombing and reads fatalities", () => {
    const ev = brief(run("A suicide bombing in Peshawar killed twelve people and injured 25."));
    expect(ev).toEqual([expect.objectContaining({ cameo: "1831", fat: { killed: 12, injured: 25 } })]);
  });

  it("reads fatalities from a passive count", () => {
    const ev = brief(run("Militants stormed a school, and more than 130 children were killed."));
    expect(ev[0]).toMatchObject({ cameo: "190", src: "REB", fat: { killed: 130, injured: null } });
  });

  it("marks a vague killed count without inventing a number, and only for the dead", () => {
    expect(brief(run("Bandits raided a market town, killing several traders."))[0].fat).toEqual({ killed: null, injured: null, killed_vague: "several" });
    expect(brief(run("Bandits raided a market town. Dozens were killed."))[0].fat).toEqual({ killed: null, injured: null, killed_vague: "dozens" });
    // A stated count wins over a vague one; a vague injured count is not a killed one.
    expect(brief(run("Bandits raided a market town, killing four traders; many were injured."))[0].fat).toEqual({ killed: 4, injured: null });
    // Past a subordinating conjunction the vague word quantifies another clause.
    const other = brief(run("Bandits raided a market town. Traders were killed while several stalls burned."));
    expect(other.some((e) => e.fat?.killed_vague)).toBe(false);
  });

  it("reads written numbers", () => {
    expect(brief(run("Militants attacked the army, killing a dozen soldiers."))[0].fat).toEqual({ killed: 12, injured: null });
    expect(brief(run("Militants attacked the police, killing a policeman."))[0].fat).toEqual({ killed: 1, injured: null });
  });

  it("counts one victim for a singular noun phrase or a named person, none for 'no one'", () => {
    expect(brief(run("Militants attacked a checkpoint. A police commander was killed in the clash."))[1].fat).toEqual({ killed: 1, injured: null });
    expect(brief(run("Militants attacked a checkpoint. Qadir, the deputy police chief, was killed in the clash."))[1].fat).toEqual({ killed: 1, injured: null });
    expect(brief(run("Gunmen shot and killed Hazrat Gul, a local cleric, in Jalalabad."))[0].fat).toEqual({ killed: 1, injured: null });
    expect(brief(run("Gunmen shot and killed a former village chief in Ghazni."))[0].fat).toEqual({ killed: 1, injured: null });
    expect(brief(run("A bomb exploded in Kabul, and a soldier and two civilians were killed."))[0].fat).toEqual({ killed: 3, injured: null });
    expect(brief(run("A bomb exploded in Kabul, but no one was killed."))[0].fat).toEqual({ killed: 0, injured: null });
    // plural subjects and plural objects state no count
    expect(brief(run("A bomb exploded in Kabul, and the guards were killed."))[0].fat ?? { killed: null }).toMatchObject({ killed: null });
    expect(brief(run("Troops killed Taliban fighters in Helmand."))[0].fat ?? { killed: null }).toMatchObject({ killed: null });
    expect(brief(run("Gunmen killed Americans in the raid."))[0].fat ?? { killed: null }).toMatchObject({ killed: null });
  });

  it("adds the dead named by a sentence-opening 'in addition to'", () => {
    expect(brief(run("In addition to the bomber, six people were killed and 20 were injured in the blast."))[0].fat).toEqual({ killed: 7, injured: 20 });
    expect(brief(run("Apart from 12 assailants, three soldiers were killed in the attack."))[0].fat).toEqual({ killed: 15, injured: null });
    // the phrase adds nothing to a vague count
    expect(brief(run("In addition to the bomber, dozens of people were killed in the blast."))[0].fat ?? { killed: null }).toMatchObject({ killed: null });
  });

  it("adds up conjoined counts and steps over a breakdown", () => {
    expect(brief(run("Militants attacked the army. One civilian and six soldiers were killed in the clash."))[1].fat).toEqual({ killed: 7, injured: null });
    const ev = brief(run("Militants attacked the army. At least 30 people, including four soldiers, were killed and 12 people were injured in the attack."));
    expect(ev[1].fat).toEqual({ killed: 30, injured: 12 });
  });

  /** The killed count of the first event of a text that states one (null when none does). */
  const killed = (text: string): number | null => {
    for (const e of brief(run(text))) if (e.fat && e.fat.killed !== null) return e.fat.killed;
    return null;
  };

  it("reads a count through hedging participles, resultatives and coordinated passives", () => {
    expect(killed("Bandits raided a farming village. Eight were feared dead.")).toBe(8);
    expect(killed("Bandits raided a farming village, and nine people were reported killed.")).toBe(9);
    expect(killed("Bandits raided a farming village. 14 reported dead, many homes burnt.")).toBe(14);
    expect(killed("Bandits raided a farming village. The headman and 6 others were shot dead.")).toBe(7);
    expect(killed("Bandits raided a farming village. Four herders were hacked to death.")).toBe(4);
    expect(killed("Bandits raided a farming village, and a teacher is shot and killed.")).toBe(1);
    expect(killed("Bandits raided a farming village. Forty-two are killed.")).toBe(42);
    // a parenthesis inside the victims' phrase does not end it
    expect(killed("Bandits raided a farming village. Six members of the guard (a local militia) were killed.")).toBe(6);
    expect(killed("Bandits raided a farming village. Nine traders, returning from the market, were killed.")).toBe(9);
    // "the toll reported" is no count of its own, and "almost" is a quantity, not an averted death
    expect(killed("Bandits raided a farming village. Almost 30 killed.")).toBe(30);
  });

  it("adds up the objects of an active killing verb", () => {
    expect(killed("Bandits raided a farming village, killing him.")).toBe(1);
    expect(killed("Bandits raided a farming village, killing the headman and his son.")).toBe(2);
    expect(killed("Bandits raided a farming village, killing a herder and nine members of his clan.")).toBe(10);
    expect(killed("A suicide bomber attacked a mosque, killing herself, an imam and three worshippers.")).toBe(5);
    expect(killed("Bandits raided a farming village, killing a family of six.")).toBe(6);
    expect(killed("Bandits raided a farming village, killing a total of 31.")).toBe(31);
    expect(killed("Bandits raided a farming village, killing a reported 40.")).toBe(40);
    expect(killed("Bandits raided a farming village, firing into the air but killing no one.")).toBe(0);
    // the plural reflexive counts the clause's subject; a cattle herd is no victim
    expect(killed("Four suicide bombers struck a checkpoint near the market, killing only themselves.")).toBe(4);
    expect(killed("Bandits raided a farming village, killing their cattle.")).toBeNull();
    // a singular group noun and a plural noun phrase state no number
    expect(killed("Bandits raided a farming village, killing the family.")).toBeNull();
    expect(killed("Bandits raided a farming village, killing the herders.")).toBeNull();
  });

  it("adds victims a connector joins to a count, and takes a revision that follows it", () => {
    expect(killed("A suicide bomber struck a bus stop and killed four, plus himself.")).toBe(5);
    expect(killed("Bandits raided a farming village and killed three guards at the gate, as well as two herders.")).toBe(5);
    expect(killed("Bandits raided a farming village, killing at least one guard and a herder.")).toBe(2);
    expect(killed("Bandits raided a farming village, killing 23 (later revised to 27).")).toBe(27);
    // a range counts its lower bound; a number inside a hyphenated modifier counts nothing
    expect(killed("Bandits raided a farming village. Between three and five herders were killed.")).toBe(3);
    expect(killed("Bandits raided a farming village, killing between 40 and 70.")).toBe(40);
    expect(killed("Bandits raided a farming village, killing a 64-year-old herder.")).toBe(1);
    expect(killed("A blast hit the market, killing nine people and injuring an additional 40.")).toBe(9);
    expect(brief(run("A blast hit the market, killing nine people and injuring an additional 40."))[0].fat?.injured).toBe(40);
  });

  it("keeps a vague count in quotation marks and a vague 'a number of'", () => {
    const fat = (text: string) => brief(run(text)).find((e) => e.fat?.killed_vague)?.fat?.killed_vague ?? null;
    expect(fat('Troops raided a camp in the forest, killing "many" fighters.')).toBe("many");
    expect(fat("Troops raided a camp in the forest, killing a number of fighters.")).toBe("a number");
  });

  it("counts no death that was averted", () => {
    expect(killed("Bandits attacked the chief's car, but he narrowly escaped death.")).toBeNull();
    expect(killed("A crowd beat a suspected thief and nearly lynched him.")).toBeNull();
  });

  it("counts the dead found", () => {
    expect(killed("Bandits raided a farming village. The bodies of five herders were found in a stream.")).toBe(5);
  });

  it("combines a later sentence's toll with the incident's: revisions replace it, other sources' figures keep the lower", () => {
    expect(killed("Bandits raided a farming village, killing 12. Some reports put the toll at 20.")).toBe(12);
    expect(killed("Bandits raided a farming village, killing 12. The toll later rose to 20.")).toBe(20);
    // the same toll told twice keeps the larger stated number, as before
    expect(killed("Bandits raided a farming village, killing 12. At least 15 died.")).toBe(15);
  });

  it("folds a bare killing into the incident of the sentence before", () => {
    expect(brief(run("Militants attacked the army in Bannu. Two soldiers were killed."))).toEqual([expect.objectContaining({ cameo: "190", src: "REB", fat: { killed: 2, injured: null } })]);
    expect(brief(run("Militants attacked the army in Bannu. The TTP killed two soldiers in Swat.")).map((e) => e.cameo)).toEqual(["190", "1823"]);
  });

  it("codes an announced event, not the announcement", () => {
    const codes = brief(run("Pakistan announced a ceasefire with the TTP.")).map((e) => e.cameo);
    expect(codes).toContain("0871");
    expect(codes).not.toContain("010");
    expect(brief(run("Pakistan announced a new security plan.")).map((e) => e.cameo)).toEqual(["010"]);
  });

  it("codes a bare saying only when nothing else is said", () => {
    expect(brief(run("Pakistan said the border must stay open.")).map((e) => e.cameo)).toEqual(["010"]);
    expect(brief(run("Pakistan said militants attacked the army.")).map((e) => e.cameo)).toEqual(["190"]);
  });

  it("does not code a disaster as violence", () => {
    expect(brief(run("A gas cylinder exploded in a market, killing two people."))).toEqual([]);
    expect(brief(run("The earthquake killed eight people in the valley."))).toEqual([]);
    expect(brief(run("A bomb exploded in a market, killing two people.")).map((e) => e.cameo)).toEqual(["183"]);
  });

  it("gives an attributed attack to the actor it is attributed to", () => {
    const ev = brief(run("Officials attributed the attack on the army to the TTP."));
    expect(ev).toContainEqual(expect.objectContaining({ cameo: "190", src: "PAKINS", mod: "alleged" }));
  });

  it("negates a claim that no group made", () => {
    expect(brief(run("No group claimed responsibility for the attack."))).toContainEqual(expect.objectContaining({ cameo: "015", mod: "negated" }));
  });

  it("leaves vague counts null", () => {
    const ev = brief(run("Militants attacked the army, killing dozens of soldiers."));
    expect(ev[0].fat ?? { killed: null }).toMatchObject({ killed: null });
  });

  it("dates background events and codes actors by the event's date", () => {
    const old = brief(run("In 2019, The Taliban attacked Kabul."));
    expect(old[0]).toMatchObject({ src: "AFGINS", hist: true, date: "2019" });
    const now = brief(run("On Monday, The Taliban attacked Pakistan."));
    expect(now[0]).toMatchObject({ src: "AFGGOV", hist: false });
  });

  it("gives stable ids and no duplicates", () => {
    const a = run("Militants attacked the army.").events;
    const b = run("Militants attacked the army.").events;
    expect(a.map((e) => e.id)).toEqual(b.map((e) => e.id));
    expect(new Set(a.map((e) => e.id)).size).toBe(a.length);
  });
});

describe("bad input", () => {
  it("codes nothing in an empty document", () => {
    expect(run("").events).toEqual([]);
  });

  it("stays fast on a pathological sentence", () => {
    const doc = prepare("Militants, and the army, attacked ".repeat(1000) + "the police.");
    const t0 = performance.now();
    patterns.run(doc);
    code.run(doc);
    expect(doc.events.length).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
