import { describe, it, expect } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serialize } from "node:v8";
import { ONTOLOGY_DIR } from "../index.js";
import { validateOntologyReport } from "../validate.js";
import { loadGazetteer, placeKey, distanceKm, PlacesDataError } from "./index.js";
import { oneByte } from "./gazetteer.js";
import { placesIssues } from "./check.js";

const DIR = join(ONTOLOGY_DIR, "places");
const gaz = loadGazetteer(DIR);

describe("candidates without context", () => {
  it("are the ranked candidates of the name, kept and shared", () => {
    for (const name of ["Hyderabad", "Springfield", "Punjab", "Peshawar", "San Jose", "Nowhere At All"]) {
      const key = placeKey(name);
      const plain = gaz.plainCandidatesByKey(key);
      expect(plain).toEqual(gaz.candidatesByKey(key));
      expect(plain).toEqual(gaz.lookup(name, {}));
      expect(gaz.plainCandidatesByKey(key)).toBe(plain);
    }
    expect(gaz.plainCandidatesByKey("springfield").length).toBeGreaterThan(1);
  });
});

describe("place keys", () => {
  it("fold case, diacritics, apostrophes and separators", () => {
    expect(placeKey("Mazar-e-Sharif")).toBe("mazar e sharif");
    expect(placeKey("Mazār-e Sharīf")).toBe("mazar e sharif");
    expect(placeKey("Ta‘izz")).toBe("taizz");
    expect(placeKey("D.I. Khan")).toBe("d i khan");
    expect(placeKey("North  Waziristan")).toBe("north waziristan");
  });
});

describe("gazetteer data", () => {
  it("validates against its JSON Schemas", () => {
    const report = validateOntologyReport(ONTOLOGY_DIR);
    const mine = report.issues.filter((i) => i.file.startsWith("places/"));
    expect(mine).toEqual([]);
  });

  it("refers only to places that exist", () => {
    expect(placesIssues(ONTOLOGY_DIR)).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), "onto-"));
    const places = join(dir, "places");
    mkdirSync(places);
    for (const f of ["countries.json", "admin1.json", "stopnames.json", "cues.json"]) copyFileSync(join(DIR, f), join(places, f));
    writeFileSync(join(places, "additions.json"), JSON.stringify({ entries: [{ id: "alias:x", same_as: "admin1:PK-ZZ", aliases: ["Zed"] }] }));
    expect(placesIssues(dir).map((i) => i.message)).toEqual(['unknown place "admin1:PK-ZZ"']);
  });

  it("loads fast enough and stays compact", () => {
    const stats = loadGazetteer(DIR).load().stats();
    console.log(`gazetteer: ${stats.places} places, ${stats.keys} names, loaded in ${stats.loadMs} ms`);
    expect(stats.places).toBeGreaterThan(130_000);
    expect(stats.loadMs).toBeLessThan(5_000);
  });

  it("reports bad data with the file and entry", () => {
    const dir = mkdtempSync(join(tmpdir(), "places-"));
    for (const f of ["countries.json", "admin1.json", "stopnames.json", "cues.json"]) copyFileSync(join(DIR, f), join(dir, f));
    writeFileSync(join(dir, "additions.json"), JSON.stringify({ entries: [{ id: "x:a", same_as: "country:XXX", aliases: ["Nowhere"] }] }));
    expect(() => loadGazetteer(dir, { cities: false }).load()).toThrow(PlacesDataError);
    writeFileSync(join(dir, "additions.json"), "{ not json");
    expect(() => loadGazetteer(dir, { cities: false }).load()).toThrow(/additions\.json/);
  });

  it("adds the actors' state names, but never a capital, and knows their demonyms", () => {
    const states = join(mkdtempSync(join(tmpdir(), "states-")), "states.json");
    writeFileSync(states, JSON.stringify({ entries: [
      { id: "state:PAK", iso3: "PAK", name: "Pakistan", aliases: ["Paakistan", "Islamabad"], capital: "Islamabad", demonyms: ["Pakistani"] },
      { id: "state:CAN", iso3: "CAN", name: "Canada", demonyms: ["Canadian"] },
      { id: "state:DJI", iso3: "DJI", name: "Djibouti", demonyms: ["Djibouti"] },
    ] }));
    const g = loadGazetteer(DIR, { statesFile: states });
    expect(g.lookup("Paakistan")[0].place.id).toBe("country:PAK");
    expect(g.lookup("Islamabad")[0].place.precision).toBe("city");
    expect(g.isDemonym(placeKey("Canadian"))).toBe(true);
    expect(g.isDemonym(placeKey("Djibouti"))).toBe(false);
  });
});

describe("lookup", () => {
  it("places Peshawar in Khyber Pakhtunkhwa with its coordinates", () => {
    const [best] = gaz.lookup("Peshawar");
    expect(best.place).toMatchObject({ country: "PAK", admin1: "Khyber Pakhtunkhwa", precision: "city", geonamesId: 1168197 });
    expect(distanceKm(best.place, { lat: 34.008, lon: 71.578 })).toBeLessThan(5);
  });

  it("knows the tribal districts as admin2", () => {
    expect(gaz.lookup("North Waziristan")[0].place).toMatchObject({ country: "PAK", precision: "admin2" });
    expect(gaz.lookup("Bajaur Agency")[0].place.id).toBe("pk:bajaur");
  });

  it("resolves Hyderabad by the story's country", () => {
    expect(gaz.lookup("Hyderabad", { countries: ["PAK"] })[0].place.admin1).toBe("Sindh");
    expect(gaz.lookup("Hyderabad", { countries: ["IND"] })[0].place.admin1).toBe("Telangana");
    const sindh = gaz.byId("admin1:PK-SD");
    expect(sindh).not.toBeNull();
    expect(gaz.lookup("Hyderabad", { within: [sindh!] })[0].place.country).toBe("PAK");
  });

  it("resolves Punjab by the story's country", () => {
    expect(gaz.lookup("Punjab", { countries: ["PAK"] })[0].place.id).toBe("admin1:PK-PB");
    expect(gaz.lookup("Punjab", { countries: ["IND"] })[0].place.id).toBe("admin1:IN-PB");
  });

  it("prefers a country or a state to a same-named town, and the US state in a US story", () => {
    expect(gaz.lookup("Jordan")[0].place.id).toBe("country:JOR");
    expect(gaz.lookup("Chad")[0].place.id).toBe("country:TCD");
    expect(gaz.lookup("Georgia")[0].place.id).toBe("country:GEO");
    expect(gaz.lookup("Georgia", { countries: ["USA"] })[0].place.id).toBe("admin1:US-GA");
  });

  it("knows historical names and spellings", () => {
    expect(gaz.lookup("Bombay")[0].place.name).toBe("Mumbai");
    expect(gaz.lookup("Lyallpur")[0].place.name).toBe("Faisalabad");
    expect(gaz.lookup("NWFP")[0].place.id).toBe("admin1:PK-KP");
    expect(gaz.lookup("Kiev")[0].place.country).toBe("UKR");
    expect(gaz.lookup("Mazar-i-Sharif")[0].place.country).toBe("AFG");
    expect(gaz.lookup("Qandahar")[0].place.country).toBe("AFG");
  });

  it("has border crossings as points", () => {
    expect(gaz.lookup("Torkham")[0].place).toMatchObject({ precision: "point", country: "PAK" });
    expect(gaz.lookup("Spin Boldak")[0].place.country).toBe("AFG");
  });

  it("ranks a nearby town first", () => {
    expect(gaz.lookup("Paris")[0].place.country).toBe("FRA");
    const inTexas = gaz.lookup("Paris", { countries: ["USA"], near: [{ lat: 32.78, lon: -96.8 }] })[0].place;
    expect(inTexas.admin1).toBe("Texas");
    const inTennessee = gaz.lookup("Paris", { countries: ["USA"], near: [{ lat: 36.16, lon: -86.78 }] })[0].place;
    expect(inTennessee.admin1).toBe("Tennessee");
  });

  it("flags common words that are also town names", () => {
    expect(gaz.isStopName(placeKey("Reading"))).toBe(true);
    expect(gaz.isStopName(placeKey("Police"))).toBe(true);
    expect(gaz.isStopName(placeKey("Peshawar"))).toBe(false);
  });

  it("returns nothing for unknown names", () => {
    expect(gaz.lookup("Xyzzyville")).toEqual([]);
    expect(gaz.lookup("")).toEqual([]);
  });
});

describe("oneByte", () => {
  /** Whether V8 stores `s` one byte a character: its serialization's string tag says ('"' one-byte, 'c' two-byte). */
  const storedOneByte = (s: string): boolean => serialize(s)[2] === 0x22;
  it("stores a string one byte a character unless it needs two", () => {
    // A piece of a two-byte string is two-byte, all ASCII as it is.
    const piece = "x\u2019Kabul".slice(2);
    expect(storedOneByte(piece)).toBe(false);
    expect(oneByte(piece)).toBe("Kabul");
    expect(storedOneByte(oneByte(piece))).toBe(true);
    expect(storedOneByte(oneByte("x\u2019Z\u00fcrich".slice(2)))).toBe(true);
    expect(oneByte("Norabats\u2019")).toBe("Norabats\u2019");
    expect(storedOneByte(oneByte("Norabats\u2019"))).toBe(false);
  });
});
