import { describe, it, expect, beforeAll } from "vitest";
import { join } from "node:path";
import { newDoc, actorAt, type Doc } from "../../doc/index.js";
import { ONTOLOGY_DIR } from "../../ontology/index.js";
import { hasCue, loadActorKB, type ActorKB, type Key } from "../../ontology/actors/index.js";
import { tokenizeStage, tokenizeText } from "../01-tokenize/index.js";
import { tokenKeys } from "./keys.js";
import { actorsStage, newActorsReport } from "./index.js";

let kb: ActorKB;
beforeAll(() => {
  kb = loadActorKB(join(ONTOLOGY_DIR, "actors"), {
    extra: {
      actors: [
        {
          id: "person:test-bahram-qasimzai",
          name: "Bahram Qasimzai",
          kind: "person",
          aliases: ["Bahram Qasimzai", "Field Marshal Bahram Qasimzai"],
          country: "PAK",
          roles: [{ code: "PAKMIL", country: "PAK", sector: "MIL", title: "Chief of Army Staff", start: "2021-01-01", end: null }],
        },
      ],
    },
  });
});

function analyse(text: string, date = "2024-06-01"): Doc {
  const doc = newDoc({ id: "t", text, date });
  tokenizeStage.run(doc);
  actorsStage(kb).run(doc);
  return doc;
}
const brief = (d: Doc) => d.actors.map((m) => [m.text, m.code]);

describe("actors stage", () => {
  it("declares what it needs and assigns", () => {
    const s = actorsStage(kb);
    expect([s.name, s.requires, s.assigns]).toEqual(["actors", ["tokens", "sentences"], ["actors"]]);
  });

  it("codes the same sentence by the date of the document (dated roles)", () => {
    const text = "The Taliban seized the district centre overnight.";
    expect(analyse(text, "2012-04-02").actors[0].code).toBe("AFGINS");
    expect(analyse(text, "2022-04-02").actors[0].code).toBe("AFGGOV");
    const m = analyse(text, "2012-04-02").actors[0];
    expect(actorAt(m, "2023-01-01").code).toBe("AFGGOV");
  });

  it("never reads the TTP as the Afghan Taliban", () => {
    const d = analyse("The Pakistani Taliban attacked a checkpoint, and the Afghan Taliban denied any role.");
    expect(d.actors.map((m) => m.id)).toEqual(["group:ttp", "group:afghan-taliban"]);
    expect(analyse("Bajaur elders said the TTP Taliban would keep fighting.").actors.map((m) => m.id)).toContain("group:ttp");
    // The TTP named elsewhere in the sentence does not turn the Taliban into the TTP.
    expect(analyse("The Taliban denied that they had sheltered TTP fighters.", "2024-05-01").actors[0].code).toBe("AFGGOV");
    // Nor does a Pakistani target.
    expect(analyse("The Taliban attacked Pakistani posts on the border.", "2024-05-01").actors.map((m) => m.code)).toEqual(["AFGGOV", "PAKMIL"]);
  });

  it("joins a nationality and an agent word into one mention", () => {
    expect(brief(analyse("Pakistani officials met Afghan refugees while Indian police watched."))).toEqual([
      ["Pakistani officials", "PAKGOV"],
      ["Afghan refugees", "AFGREF"],
      ["Indian police", "INDCOP"],
    ]);
  });

  it("reads a title chain and apposition as the person it names", () => {
    const d = analyse("Pakistan's army chief Field Marshal Bahram Qasimzai visited the troops.");
    expect(d.actors[0]).toMatchObject({ text: "Pakistan's army chief Field Marshal Bahram Qasimzai", id: "person:test-bahram-qasimzai", code: "PAKMIL" });
  });

  it("reads a capital as its government except after a locative preposition", () => {
    expect(brief(analyse("Kabul must choose between talks and war."))).toEqual([["Kabul", "AFGGOV"]]);
    expect(analyse("The envoy arrived in Kabul on Monday.").actors.some((m) => m.text === "Kabul")).toBe(false);
    expect(analyse("Traders from Islamabad complained.").actors.some((m) => m.text === "Islamabad")).toBe(false);
  });

  it("keeps generic agents without a country unless one is given", () => {
    const d = analyse("Unidentified gunmen shot a suicide bomber's handler, and security forces cordoned off the area.");
    expect(d.actors.map((m) => [m.code, m.country])).toEqual([
      ["UAF", null],
      ["INS", null],
      ["MIL", null],
    ]);
  });

  it("resolves pronouns and definite descriptions to earlier actors", () => {
    const d = analyse("The Baloch Liberation Army attacked a train. It said the operation was over. The group later released hostages.");
    const bla = d.actors.filter((m) => m.id === "group:bla");
    expect(bla.map((m) => [m.text, m.how, m.coref ?? false])).toEqual([
      ["The Baloch Liberation Army", "alias", false],
      ["It", "pronoun", true],
      ["The group", "pronoun", true],
    ]);
    const g = analyse("Pakistan closed the border. The government said trade would resume.");
    expect(g.actors.find((m) => m.text === "The government")).toMatchObject({ code: "PAKGOV", coref: true });
  });

  it("does not invent an antecedent for a bare 'it'", () => {
    expect(analyse("It rained all day in the valley.").actors).toEqual([]);
  });

  it("reports unknown organisation names and counts them across documents", () => {
    const a = analyse("The Shadow Valley Liberation Front claimed the blast.");
    const b = analyse("Police blamed the Shadow Valley Liberation Front for the raid.");
    const u = a.actors.find((m) => m.unknown);
    expect(u).toMatchObject({ text: "Shadow Valley Liberation Front", kind: "group" });
    const report = newActorsReport([a, b]);
    expect(report[0]).toEqual({
      text: "Shadow Valley Liberation Front",
      count: 2,
      examples: ["The Shadow Valley Liberation Front claimed the blast.", "Police blamed the Shadow Valley Liberation Front for the raid."],
    });
  });

  it("reads an unknown name right before 'claimed responsibility' as an organisation", () => {
    expect(analyse("Anarchists claimed responsibility for the fire.").actors.find((m) => m.unknown)).toMatchObject({ text: "Anarchists", kind: "group" });
    // a generic word opening the name does not cut it short
    expect(analyse("Police said Workers For Zarvan Freedom claimed responsibility.").actors.map((m) => m.text)).toContain("Workers For Zarvan Freedom");
    // known actors, determiners and names without the cue are read as before
    expect(analyse("The Taliban claimed responsibility for the attack.").actors.some((m) => m.unknown)).toBe(false);
    expect(analyse("Police said Workers For Zarvan Freedom held a rally.").actors.map((m) => m.text)).not.toContain("Workers For Zarvan Freedom");
  });

  it("marks every key a follower cue starts with and a preceder cue ends with (the claimant name's first test), from its memo too", () => {
    const texts = [
      "Anarchists claimed responsibility for the fire, police said.",
      "Officials attributed the attack to the Northern Dawn Kinship and members of Tarvo Solidarity.",
      "The raid was carried out by gunmen who claimed the attack.",
    ];
    let followers = 0;
    let preceders = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (const text of texts) {
        const { tokens } = tokenizeText(text);
        const keys: Key[] = tokenKeys(tokens, 0, tokens.length, [], kb.commonWords);
        for (let q = 0; q < keys.length; q++) {
          if (hasCue(kb.match(keys, q), "follower")) {
            followers++;
            expect(kb.startsFollower(keys[q])).toBe(true);
          }
          for (let len = 1; len <= 5 && q - len + 1 >= 0; len++) {
            const m = kb.match(keys, q - len + 1, q + 1);
            if (m && m.end === q + 1 && hasCue(m, "preceder")) {
              preceders++;
              expect(kb.endsPreceder(keys[q])).toBe(true);
            }
          }
        }
      }
    }
    expect(followers).toBeGreaterThan(0);
    expect(preceders).toBeGreaterThan(0);
  });

  it("reads an unknown name after 'members of' or 'attributed the attack to' as an organisation", () => {
    expect(analyse("Officials attributed the attack to the Northern Dawn Kinship.").actors.find((m) => m.unknown)).toMatchObject({ text: "Northern Dawn Kinship", kind: "group" });
    expect(analyse("The two men were members of Tarvo Solidarity.").actors.find((m) => m.unknown)).toMatchObject({ text: "Tarvo Solidarity" });
    // a known actor after the cue stays what it is
    expect(analyse("Police arrested two members of the Taliban.").actors.some((m) => m.unknown)).toBe(false);
  });

  it("gives members of a force the sector of the force named before them", () => {
    const sectors = (text: string) => analyse(text).actors.map((m) => [m.text, m.sector]);
    expect(sectors("Rebel troops and government troops fought for the bridge.")).toEqual([
      ["Rebel troops", "REB"],
      ["government troops", "MIL"],
    ]);
    expect(sectors("The guerrilla commander said police commandos raided the camp.")).toEqual([
      ["The guerrilla commander", "REB"],
      ["police commandos", "COP"],
    ]);
    // wire copy in capitals: the same reading
    expect(sectors("PATROL OFFICERS SAID THAT GUERRILLA COMMANDOS BLEW UP A PYLON.").at(-1)).toEqual(["THAT GUERRILLA COMMANDOS", "REB"]);
    expect(sectors("URBAN COMMANDOS SET FIRE TO TWO BUSES IN THE CAPITAL.")).toEqual([["URBAN COMMANDOS", "REB"]]);
  });

  it("reads a unit word as an actor only after a force, a name or a nationality", () => {
    const texts = (text: string) => analyse(text).actors.map((m) => m.text);
    expect(texts("Army units and rebel columns clashed near the river.")).toEqual(["Army units", "rebel columns"]);
    expect(texts("Hundreds of housing units were flooded.")).toEqual([]);
    expect(analyse("THE REPORT SAYS THAT URBAN COMMANDO UNITS STAGED TWO RAIDS.").actors.map((m) => [m.text, m.id])).toEqual([["THAT URBAN COMMANDO UNITS", "agent:REB"]]);
  });

  it("reads no common English word of a sentence in capitals as an acronym or a name", () => {
    const ids = (text: string) => analyse(text).actors.map((m) => m.id);
    // "FACT" is also the acronym of a Chadian rebel front: in capitals the word is the word
    expect(ids("THE MINISTER SPOKE OF THE FACT THAT THE ROAD WAS CLOSED FOR A WEEK.").some((id) => id.includes("fact"))).toBe(false);
    // in mixed case the acronym is read as before
    expect(analyse("FACT rebels attacked a garrison in northern Chad.").actors[0].name).toMatch(/Change and Concord/);
    // a dotted abbreviation is no word: the U.S. stays the United States
    expect(analyse("THE U.S. EMBASSY CONDEMNED THE BOMBING OF THE BRIDGE.").actors[0]).toMatchObject({ country: "USA" });
    // acronyms that are no common word keep their reading
    expect(ids("THE FMLN AND THE ELN SAID THEY WOULD KEEP FIGHTING.").slice(0, 2)).toEqual(["group:fmln", "group:eln"]);
    // a common word after a title is not a person's name
    expect(analyse("THE COMMANDO UNITS WITHDREW AT DAWN.").actors.some((m) => m.kind === "person")).toBe(false);
  });

  it("reads a one-word group name beside a longer one as describing it", () => {
    const named = (text: string) => analyse(text).actors.map((m) => [m.text, m.name]);
    // "Maoist" alone names the Indian CPI (Maoist); beside the Shining Path it only describes it
    expect(named("THE MAOIST SHINING PATH BLEW UP A BRIDGE NEAR AYACUCHO.")[0]).toEqual(["THE MAOIST SHINING PATH", "Shining Path"]);
    expect(named("A PATROL WAS AMBUSHED BY SHINING PATH MAOIST GUERRILLAS ON MONDAY.").at(-1)).toEqual(["SHINING PATH MAOIST GUERRILLAS", "Shining Path"]);
    expect(named("Police said militants of the Maoist Shining Path were active in the valley.").at(-1)).toEqual(["militants of the Maoist Shining Path", "Shining Path"]);
    expect(named("Maoist rebels torched a bus in Chhattisgarh.")[0]).toEqual(["Maoist rebels", "Communist Party of India (Maoist)"]);
  });

  it("gives exact offsets into the document", () => {
    const text = "On Sunday, Nigerian soldiers repelled Boko Haram fighters.";
    const d = analyse(text);
    for (const m of d.actors) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(brief(d)).toEqual([
      ["Nigerian soldiers", "NGAMIL"],
      ["Boko Haram fighters", "NGAINS"],
    ]);
  });

  it("leaves to the phrase readers what a lone determiner or an unmatched word can still start", () => {
    // a determiner, a modifier (with or without an entry of its own), then an agent word
    expect(brief(analyse("The unidentified gunmen fled."))).toEqual([["The unidentified gunmen", "UAF"]]);
    expect(brief(analyse("The hungry shoppers left."))).toEqual([["The hungry shoppers", "CVL"]]);
    // a surname with no entry of its own, alone or after a determiner, once the person was named in full
    const later = analyse("Bahram Qasimzai visited a school. Qasimzai said pupils cheered the Qasimzai they knew.");
    const people = (d: Doc) => d.actors.filter((m) => m.kind === "person").map((m) => [m.text, m.id]);
    expect(people(later)).toEqual([
      ["Bahram Qasimzai", "person:test-bahram-qasimzai"],
      ["Qasimzai", "person:test-bahram-qasimzai"],
      ["the Qasimzai", "person:test-bahram-qasimzai"],
    ]);
    // but not before
    expect(people(analyse("Qasimzai said pupils cheered the Qasimzai they knew."))).toEqual([]);
  });

  it("composes each nationality, agent word and former post apart, sharing the composed roles", () => {
    const d = analyse("Former Pakistani officials, Pakistani officials and Indian officials met former officials. Pakistani officials left.");
    expect(d.actors.map((m) => [m.text, m.id, m.name, m.code, m.how])).toEqual([
      ["Former Pakistani officials", "agent:PAKELI", "Pakistan former government", "PAKELI", "demonym+agent"],
      ["Pakistani officials", "agent:PAKGOV", "Pakistan government", "PAKGOV", "demonym+agent"],
      ["Indian officials", "agent:INDGOV", "India government", "INDGOV", "demonym+agent"],
      ["former officials", "agent:ELI", "elite", "ELI", "agent"],
      ["Pakistani officials", "agent:PAKGOV", "Pakistan government", "PAKGOV", "demonym+agent"],
    ]);
    expect(d.actors[1].roles).toEqual([{ code: "PAKGOV", country: "PAK", sector: "GOV" }]);
    expect(d.actors[4].roles).toBe(d.actors[1].roles);
    expect(d.actors[2].roles).toEqual([{ code: "INDGOV", country: "IND", sector: "GOV" }]);
  });
});
