import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { newDoc, type ActorMention, type Doc } from "../../doc/index.js";
import { ONTOLOGY_DIR } from "../../ontology/index.js";
import { loadGazetteer } from "../../ontology/places/index.js";
import { tokenizeStage } from "../01-tokenize/index.js";
import { findPlaces, locativeCue, placesStage } from "./index.js";

const gaz = loadGazetteer(join(ONTOLOGY_DIR, "places"));

function read(text: string, actors: (doc: Doc) => ActorMention[] = () => []): Doc {
  const doc = newDoc({ id: "t", text });
  tokenizeStage.run(doc);
  doc.actors = actors(doc);
  placesStage(gaz).run(doc);
  return doc;
}

function places(text: string): string[] {
  return read(text).places.map((p) => `${p.text}=${p.location.name}/${p.location.country}/${p.location.precision}`);
}

/** An actor mention over the first occurrence of `words`. */
function actorOver(doc: Doc, words: string, how: string, country: string): ActorMention {
  const start = doc.text.indexOf(words);
  const end = start + words.length;
  const toks = doc.tokens.filter((t) => t.start >= start && t.end <= end);
  return {
    tokenStart: toks[0].i, tokenEnd: toks[toks.length - 1].i + 1, start, end, text: words,
    id: `state:${country}`, name: words, kind: "state", roles: [], country, sector: "GOV", code: `${country}GOV`, how,
  };
}

describe("places stage", () => {
  it("geocodes Peshawar to a city in Khyber Pakhtunkhwa", () => {
    const doc = read("A suicide bomber struck a crowded market in Peshawar on Friday, police said.");
    expect(doc.places).toHaveLength(1);
    const p = doc.places[0];
    expect(p.text).toBe("Peshawar");
    expect(doc.text.slice(p.start, p.end)).toBe("Peshawar");
    expect(p.location).toMatchObject({ name: "Peshawar", country: "PAK", admin1: "Khyber Pakhtunkhwa", precision: "city", geonames_id: 1168197 });
    expect(p.location.lat).toBeCloseTo(34.008, 1);
    expect(locativeCue(doc, p)).toBe(true);
  });

  it("reads multiword names and designators", () => {
    expect(places("Security forces raided a hideout in North Waziristan overnight.")).toEqual(["North Waziristan=North Waziristan/PAK/admin2"]);
    expect(places("Militants attacked a checkpost in Dera Ismail Khan.")).toEqual(["Dera Ismail Khan=Dera Ismail Khan/PAK/city"]);
    expect(places("Two schools were torched in Bannu district on Monday.")).toEqual(["Bannu district=Bannu/PAK/admin2"]);
    expect(places("Clashes spread across Khyber Pakhtunkhwa.")).toEqual(["Khyber Pakhtunkhwa=Khyber Pakhtunkhwa/PAK/admin1"]);
  });

  it("resolves Hyderabad by a qualifier and by the story's other places", () => {
    expect(places("Police in Hyderabad, Sindh, detained four men.")).toEqual(["Hyderabad=Hyderabad/PAK/city"]);
    const pk = read("Gunmen shot a trader in Hyderabad. Later, officials in Karachi and Sukkur ordered raids.");
    expect(pk.places[0].location.country).toBe("PAK");
    const ind = read("A rally was held in Hyderabad. Police in Warangal and Karimnagar stayed on alert.");
    expect(ind.places[0].location.country).toBe("IND");
  });

  it("resolves Punjab by the story's country", () => {
    expect(read("Floods hit Punjab this week, officials in Lahore and Multan said.").places[0].location.country).toBe("PAK");
    expect(read("Farmers blocked roads in Punjab, and traffic into Amritsar and Ludhiana stopped.").places[0].location.country).toBe("IND");
  });

  it("uses a place's country given by the actors", () => {
    const doc = read("Supporters marched through Hyderabad after Pakistan's election.", (d) => [actorOver(d, "Pakistan", "alias", "PAK")]);
    expect(doc.places.map((p) => p.location.country)).toEqual(["PAK"]);
  });

  it("takes historical names", () => {
    expect(places("Riots broke out in Bombay in 1993.")).toEqual(["Bombay=Mumbai/IND/city"]);
    expect(places("The textile mills of Lyallpur were shut.")).toEqual(["Lyallpur=Faisalabad/PAK/city"]);
  });

  it("keeps stop-names only when they are used as places", () => {
    expect(places("Police said the gunmen fled.")).toEqual([]);
    expect(places("Reading the statement, the minister paused.")).toEqual([]);
    expect(places("A man was arrested in Reading, Pennsylvania, last week.")).toEqual(["Reading=Reading/USA/city"]);
  });

  it("takes a country, as a place only where it is used locatively when it is also an actor", () => {
    expect(places("Fighting continued in Afghanistan on Sunday.")).toEqual(["Afghanistan=Afghanistan/AFG/country"]);
    const actor = read("Pakistan condemned the attack.", (d) => [actorOver(d, "Pakistan", "alias", "PAK")]);
    expect(actor.places).toEqual([]);
    const loc = read("Talks were held in Pakistan.", (d) => [actorOver(d, "Pakistan", "alias", "PAK")]);
    expect(loc.places.map((p) => p.location.country)).toEqual(["PAK"]);
  });

  it("marks metonyms", () => {
    const doc = read("Kabul rejected the claim.", (d) => [actorOver(d, "Kabul", "metonym", "AFG")]);
    expect(doc.places).toHaveLength(1);
    expect(doc.places[0].metonym).toBe(true);
    expect(locativeCue(doc, doc.places[0])).toBe(false);
  });

  it("finds border crossings", () => {
    expect(places("Trade resumed at the Torkham crossing after talks.")).toEqual(["Torkham crossing=Torkham/PAK/point"]);
    expect(places("Shelling was reported near Spin Boldak.")).toEqual(["Spin Boldak=Spīn Bōldak/AFG/city"]);
  });

  it("does not take demonyms or people's names", () => {
    expect(places("Pakistani troops and Afghan forces exchanged fire.")).toEqual([]);
    expect(places("Canadian and Thai officials met.")).toEqual([]);
    expect(places("The report was written by Michael Jackson and Imran Khan.")).toEqual([]);
  });

  it("finds places in a lower-cased document", () => {
    const doc = read("police in ahmedabad arrested twelve people after the riots. the curfew in vadodara was lifted on friday and schools reopened across the city.");
    expect(doc.places.map((p) => p.location.name)).toEqual(["Ahmedabad", "Vadodara"]);
  });

  it("tells locative mentions apart", () => {
    const doc = read("Officials from Quetta said the convoy left the outskirts of Turbat. Karachi remained calm.");
    expect(doc.places.map((p) => [p.text, locativeCue(doc, p)])).toEqual([["Quetta", true], ["Turbat", true], ["Karachi", false]]);
  });

  it("shares a locative cue across coordinated places", () => {
    const doc = read("Insurgents raided Gwoza, Bama and Konduga.");
    expect(doc.places.map((p) => [p.location.name, locativeCue(doc, p)])).toEqual([["Gwoza", true], ["Bama", true], ["Konduga", true]]);
  });

  it("takes months and weekdays as places only when qualified", () => {
    expect(places("The offensive began in March and ended in May.")).toEqual([]);
    expect(places("A depot burned in March, England, overnight.")).toEqual(["March=March/GBR/city"]);
  });

  it("reads a regional capital named like its region as the town", () => {
    expect(places("Taliban fighters entered Kunduz at dawn.")).toEqual(["Kunduz=Kunduz/AFG/city"]);
    expect(places("Taliban fighters overran districts of Kunduz province.")).toEqual(["Kunduz province=Kunduz Province/AFG/admin1"]);
    // a region's main town named like it, though not its seat (Lagos State's seat is Ikeja)
    expect(places("Dock workers went on strike in Lagos.")).toEqual(["Lagos=Lagos/NGA/city"]);
    expect(places("Dock workers went on strike across Lagos State.")).toEqual(["Lagos State=Lagos/NGA/admin1"]);
  });

  it("does not take the first part of an unknown hyphenated or longer name abroad", () => {
    const doc = read("Police in Kabul said gunmen attacked Qala-i Mirak village in Logar.");
    expect(doc.places.map((p) => p.location.name)).toEqual(["Kabul", "Logar"]);
  });

  it("places an unlisted village by the known place that qualifies it", () => {
    expect(places("Gunmen raided a checkpoint in Qala Zard, Ghazni, Afghanistan.")).toEqual(["Qala Zard=Qala Zard/AFG/admin2", "Ghazni=Ghazni/AFG/city"]);
    // a district designator stays with the name; a chain of unlisted names all take the known place
    expect(places("A mine went off near Dahan Kalay, Sheghal district, Kunar, Afghanistan.").slice(0, 2)).toEqual(["Dahan Kalay=Dahan Kalay/AFG/admin1", "Sheghal district=Sheghal district/AFG/admin1"]);
    // a town as qualifier stands for its surroundings
    expect(places("Two men were shot in Sikandarpur Kalan, Multan.")[0]).toBe("Sikandarpur Kalan=Sikandarpur Kalan/PAK/admin2");
  });

  it("takes no unlisted name without a locative cue, from a date word, or in a caseless text", () => {
    expect(places("On Monday, Kabul police said two men were held.").map((p) => p.split("=")[0])).not.toContain("Monday");
    expect(places("Ahmad Shirzad, Kandahar's deputy governor, said the road was open.").map((p) => p.split("=")[0])).not.toContain("Ahmad Shirzad");
    expect(places("GUNMEN RAIDED A CHECKPOINT IN QALA ZARD, GHAZNI, AFGHANISTAN. THE POLICE SAID SO. NOBODY WAS HURT IN THE RAID.").map((p) => p.split("=")[0])).not.toContain("QALA ZARD");
  });

  it("reads Nigerian local government areas, with or without a town of the same name", () => {
    // an area named like no town inside it is a place of its own, at area precision
    expect(places("Thugs looted shops in Ethiope East LGA overnight.")).toEqual(["Ethiope East LGA=Ethiope East/NGA/admin2"]);
    expect(places("Fighting broke out in Ona Ara Local Government Area.")).toEqual(["Ona Ara Local Government Area=Ona Ara/NGA/admin2"]);
    // an area named like its seat is the town at area precision
    expect(places("Troops moved into Marte LGA.")).toEqual(["Marte LGA=Marte/NGA/admin2"]);
    // a name written with a slash
    expect(places("Rival villages clashed in Ohaji/Egbema Local Government Area.")).toEqual(["Ohaji/Egbema Local Government Area=Ohaji/Egbema/NGA/admin2"]);
    // plural and council forms of the designator
    expect(places("Youths marched in Patani Local Council.")).toEqual(["Patani Local Council=Patani/NGA/admin2"]);
    expect(places("Herders and farmers clashed in Lafia and Doma LGAs.").map((p) => p.split("/")[2])).toEqual(["city", "admin2"]);
    // an area whose bare name is a town abroad is only read with its designator
    expect(places("Floods cut the roads around Gaya in Bihar.")[0]).toBe("Gaya=Gaya/IND/city");
  });

  it("does not let a name's own reading as a region outweigh its designator", () => {
    // "Donga" alone is Benin's Donga Department, but "Donga LGA" is in Taraba, Nigeria
    const doc = read("Gunmen attacked Donga LGA at dawn.");
    expect(doc.places.map((p) => `${p.location.name}/${p.location.country}/${p.location.admin1}`)).toEqual(["Donga/NGA/Taraba"]);
  });

  it("keeps a Nigeria-only designator's place when the story points elsewhere", () => {
    const doc = read("Fighters raided a settlement in Marte LGA before crossing into Cameroon.", (d) => [actorOver(d, "Cameroon", "state", "CMR")]);
    expect(doc.places.map((p) => p.location.country)).toContain("NGA");
  });

  it("keeps a town that qualifies a longer actor phrase as a non-locative place, but not an actor that is the place itself", () => {
    const residents = read("Katsina residents marched to demand the release of the hostages.", (d) => [{ ...actorOver(d, "Katsina residents", "city+agent", "NGA"), kind: "group" as const }]);
    expect(residents.places.map((p) => [p.text, locativeCue(residents, p)])).toEqual([["Katsina", false]]);
    const lawmakers = read("Kano State lawmakers walked out of the chamber.", (d) => [{ ...actorOver(d, "Kano State lawmakers", "city+agent", "NGA"), kind: "group" as const }]);
    expect(lawmakers.places.map((p) => `${p.location.name}/${p.location.precision}`)).toEqual(["Kano/admin1"]);
    const army = read("Pakistan army troops crossed the river.", (d) => [{ ...actorOver(d, "Pakistan army troops", "state+agent", "PAK"), kind: "group" as const }]);
    expect(army.places).toEqual([]);
    const state = read("Nigeria said the talks would resume.", (d) => [actorOver(d, "Nigeria", "state", "NGA")]);
    expect(state.places).toEqual([]);
  });

  it("does not let the nationality of the people in a story move a town named as the place", () => {
    const doc = read("Kidnappers seized two Indian engineers in Lokoja on Friday.", (d) => [{ ...actorOver(d, "Indian engineers", "demonym+agent", "IND"), kind: "group" as const }]);
    expect(doc.places.map((p) => `${p.location.name}/${p.location.country}`)).toEqual(["Lokoja/NGA"]);
  });

  it("handles empty and odd input", () => {
    expect(places("")).toEqual([]);
    expect(places("!!! ??? ---")).toEqual([]);
    expect(places("A".repeat(5000))).toEqual([]);
  });

  it("runs fast", () => {
    const para = "Militants attacked a police post in Bannu district of Khyber Pakhtunkhwa on Tuesday, killing three officers, while a second group struck near Miranshah in North Waziristan. Officials in Peshawar said reinforcements were sent from Kohat. ";
    const text = para.repeat(200);
    const doc = newDoc({ id: "bench", text });
    tokenizeStage.run(doc);
    findPlaces(doc, gaz);
    const t0 = performance.now();
    for (let k = 0; k < 5; k++) findPlaces(doc, gaz);
    const ms = (performance.now() - t0) / 5;
    console.log(`places stage: ${((text.length / 1e6) / (ms / 1000)).toFixed(1)} MB/s (${ms.toFixed(1)} ms for ${(text.length / 1e3).toFixed(0)} kB)`);
    expect(ms).toBeLessThan(2_000);
  });
});
