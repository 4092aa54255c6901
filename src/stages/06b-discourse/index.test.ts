import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, expect } from "vitest";
import { Coder } from "../../app/coder.js";
import { ONTOLOGY_DIR } from "../../ontology/index.js";
import { DiscourseDataError, indexDiscourse, loadDiscourse, type DiscourseEntry } from "../../ontology/discourse.js";
import type { Doc, EventCandidate } from "../../doc/index.js";
import { findAttributions, findDateline } from "./index.js";
import { isViolentCode } from "./incident.js";
import { mayStartCue } from "./attribution.js";

const coder = new Coder({});
const kb = loadDiscourse(ONTOLOGY_DIR);
const entries = (JSON.parse(readFileSync(join(ONTOLOGY_DIR, "patterns", "discourse.json"), "utf8")) as { entries: DiscourseEntry[] }).entries;

function analyze(text: string, date = "2024-03-05"): Doc {
  return coder.analyze({ id: "t", text, date });
}

function violent(doc: Doc): EventCandidate[] {
  return doc.candidates.filter((c) => isViolentCode(kb, c.cameo));
}

describe("discourse: claims and attributions", () => {
  it("gives a claimed perpetrator to the incident's events with no named source", () => {
    const doc = analyze("A roadside bomb struck a police van near Bannu on Monday. Two constables were wounded. The TTP claimed responsibility for the incident.");
    const v = violent(doc);
    expect(v.length).toBeGreaterThan(0);
    for (const c of v) {
      expect(c.source?.id).toBe("group:ttp");
      expect(c.attribution).toBe("claimed");
      expect(c.modality).toBe("asserted");
    }
    // The claim itself stays an event of its own.
    expect(doc.candidates.some((c) => c.cameo === "015" && c.source?.id === "group:ttp")).toBe(true);
  });

  it("replaces generic attackers and marks a perpetrator named by officials as alleged", () => {
    const doc = analyze("Gunmen opened fire on a wedding party in Kohat on Friday. Provincial officials blamed the TTP for the shooting.");
    const fire = doc.candidates.find((c) => c.trigger.text === "fire");
    expect(fire?.source?.id).toBe("group:ttp");
    expect(fire?.attribution).toBe("alleged");
    expect(fire?.confidence).toBeLessThan(1);
  });

  it("leaves an incident in another town on another day alone", () => {
    const doc = analyze("Gunmen attacked a checkpoint in Gilgit on Tuesday. A bomb exploded at a market in Quetta on Monday. The TTP claimed responsibility for the incident.");
    const gilgit = doc.candidates.find((c) => c.trigger.text === "attacked");
    const quetta = doc.candidates.find((c) => c.trigger.text === "exploded");
    expect(gilgit?.location?.name).toBe("Gilgit");
    expect(gilgit?.source?.id).not.toBe("group:ttp");
    expect(gilgit?.attribution).toBeUndefined();
    expect(quetta?.source?.id).toBe("group:ttp");
  });

  it("reads no attribution from a negated claim", () => {
    const doc = analyze("A mine killed two herders near the border on Sunday. The TTP has not claimed responsibility.");
    expect(findAttributions(kb, doc)).toEqual([]);
    expect(violent(doc).every((c) => c.attribution === undefined)).toBe(true);
    expect(findAttributions(kb, analyze("A mine killed two herders near the border on Sunday. The TTP denied it was behind the blast."))).toEqual([]);
  });

  it("gives each of two claimants its own copy of the event", () => {
    const doc = analyze("A car bomb exploded outside a court in Mardan on Monday. The TTP and the Baloch Liberation Army both claimed responsibility for the blast.");
    const sources = violent(doc).filter((c) => c.sentence === 0).map((c) => c.source?.id);
    expect(sources.sort()).toEqual(["group:bla", "group:ttp"]);
  });

  it("finds the actor before or after the cue", () => {
    const doc = analyze("Police said the TTP was behind the raid. Officials blamed the Baloch Liberation Army for the blast.");
    expect(findAttributions(kb, doc).map((a) => [a.actors.map((m) => m.id).join("+"), a.kind])).toEqual([
      ["group:ttp", "alleged"],
      ["group:bla", "alleged"],
    ]);
  });

  it("takes an army or police force as the accused of an incident, not an unnamed gunman", () => {
    const doc = analyze("A VILLAGE COUNCIL SAYS THAT THE ARMED FORCES WERE INVOLVED IN THE MURDER OF FOUR FARMHANDS NEAR THE RIVER.", "");
    const murder = violent(doc).find((c) => c.trigger.text === "MURDER");
    expect(murder?.source?.sector).toBe("MIL");
    expect(murder?.attribution).toBe("alleged");
    const police = analyze("A shopkeeper was shot dead in the market on Monday. His family said the police were responsible for the killing.");
    expect(violent(police).find((c) => c.trigger.text === "shot")?.source?.sector).toBe("COP");
    // not when negated, and the institution rule is no licence for bare gunmen
    expect(findAttributions(kb, analyze("A shopkeeper was shot dead on Monday. His family said the police were not responsible for the killing."))).toEqual([]);
    expect(findAttributions(kb, analyze("A shopkeeper was shot dead on Monday. Neighbours said gunmen were behind the killing."))).toEqual([]);
  });
});

describe("discourse: anaphoric event nouns", () => {
  it("merges 'the attack' of a later sentence into the earlier event", () => {
    const doc = analyze("Militants attacked a checkpoint near Bannu on Sunday. Four soldiers were killed in the attack.");
    const v = violent(doc);
    expect(v.filter((c) => c.sentence === 1 && c.trigger.text === "attack")).toEqual([]);
    const first = v.find((c) => c.sentence === 0);
    expect(first?.fatalities?.killed).toBe(4);
  });

  it("keeps a more specific later kind of act, filled from the generic one", () => {
    const doc = analyze("Militants attacked a police post in Bannu on Monday. Two constables died in the blast.");
    const blast = violent(doc).find((c) => c.trigger.text === "blast");
    expect(blast?.location?.name).toBe("Bannu");
    expect(blast?.date?.value).toBe("2024-03-04");
    expect(violent(doc).find((c) => c.trigger.text === "attacked")?.fatalities?.killed).toBe(2);
  });

  it("keeps two different specific kinds of act apart", () => {
    const doc = analyze("Gunmen shot dead a contractor in Bannu on Monday. Police said the kidnapping had been planned for weeks.");
    expect(violent(doc).map((c) => c.trigger.text)).toEqual(["shot", "kidnapping"]);
  });

  it("drops a negated reference to the earlier event", () => {
    const doc = analyze("Militants attacked a checkpoint near Bannu on Sunday. No one was hurt in the attack.");
    expect(violent(doc).map((c) => c.trigger.text)).toEqual(["attacked"]);
  });

  it("keeps a definite event noun with a different place of its own", () => {
    const doc = analyze("Militants attacked a checkpoint in Bannu on Sunday. In Quetta, the attack on a bus killed six people.");
    const later = violent(doc).find((c) => c.sentence === 1 && c.trigger.text === "attack");
    expect(later?.location?.name).toBe("Quetta");
    expect(later?.fatalities?.killed).toBe(6);
  });
});

describe("discourse: datelines", () => {
  it("gives a wire dateline's date and place to events that state none", () => {
    const doc = analyze("QUETTA, Mar 3 (Reuters) - Gunmen shot dead two shopkeepers. Earlier, militants torched a school in Turbat.");
    expect(findDateline(kb, doc)?.place?.location.name).toBe("Quetta");
    const shot = doc.candidates.find((c) => c.sentence === 0 && isViolentCode(kb, c.cameo));
    expect(shot?.date?.value).toBe("2024-03-03");
    expect(shot?.location?.name).toBe("Quetta");
    const torched = doc.candidates.find((c) => c.sentence === 1 && isViolentCode(kb, c.cameo));
    expect(torched?.date?.value).toBe("2024-03-03");
    expect(torched?.location?.name).toBe("Turbat");
  });

  it("reads a numeric incident-summary dateline", () => {
    const doc = analyze("07/04/2019: Gunmen fired on a bus near the bridge. Later that day, militants attacked a police post.", "2019-08-01");
    for (const c of violent(doc)) expect(c.date?.value).toBe("2019-07-04");
  });

  it("matches every dateline format on its own example", () => {
    const formats = entries.filter((e) => e.kind === "dateline");
    expect(formats.length).toBe(kb.datelines.length);
    for (const e of formats) expect(findDateline(kb, analyze(e.example))?.format, e.id).toBe(e.id);
  });
});

describe("discourse data", () => {
  it("reads every claim and accusation cue on its own example, and none on the negation example", () => {
    for (const e of entries.filter((x) => x.kind === "claim" || x.kind === "accuse")) {
      expect(findAttributions(kb, analyze(e.example)).map((a) => a.cue), e.id).toContain(e.id);
    }
    for (const e of entries.filter((x) => x.kind === "negation")) expect(findAttributions(kb, analyze(e.example)), e.id).toEqual([]);
  });


  it("rejects a dateline regex that is not anchored or has no date group", () => {
    const bad = (regex: string): DiscourseEntry => ({ id: "disc.dateline.bad", kind: "dateline", regex, example: "x" });
    expect(() => indexDiscourse([bad("(?<date>\\d{4}):")])).toThrow(DiscourseDataError);
    expect(() => indexDiscourse([bad("^(\\d{4}):")])).toThrow(DiscourseDataError);
    expect(() => indexDiscourse([{ id: "disc.claim.x", kind: "claim", words: ["claimed"], example: "x" }])).toThrow(/actor/);
  });
});

describe("discourse: memoised answers", () => {
  it("tells per word id whether an attribution cue begins with the word, for the cue table asked", () => {
    const doc = analyze("The TTP claimed responsibility. Officials blamed the TTP; Claimed, BLAMED and suspected gunmen were behind it.");
    const other = indexDiscourse(entries.filter((e) => e.kind !== "claim"));
    let starts = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (const t of doc.tokens) {
        expect(mayStartCue(kb, t), t.text).toBe(kb.attributionByFirst.has(t.lower));
        expect(mayStartCue(other, t), t.text).toBe(other.attributionByFirst.has(t.lower));
        if (mayStartCue(kb, t)) starts++;
      }
    }
    expect(starts).toBeGreaterThan(4);
    expect(doc.tokens.some((t) => mayStartCue(kb, t) !== mayStartCue(other, t))).toBe(true);
  });

  it("tells violent codes as their prefixes do, for the codes of the knowledge asked", () => {
    const other = indexDiscourse(entries.map((e) => (e.kind === "violent" ? { ...e, codes: ["14"] } : e)));
    const direct = (k: typeof kb, code: string) => [...k.violentCodes].some((p) => code.startsWith(p) && p.length >= 2);
    for (let pass = 0; pass < 2; pass++) {
      for (const code of ["190", "193", "1823", "180", "145", "14", "010", "20", "2", ""]) {
        expect(isViolentCode(kb, code), code).toBe(direct(kb, code));
        expect(isViolentCode(other, code), code).toBe(direct(other, code));
      }
    }
    expect(isViolentCode(kb, "190")).not.toBe(isViolentCode(other, "190"));
  });
});
