import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ONTOLOGY_DIR } from "./index.js";
import { EVENT_FILES, EventOntologyError, loadEventOntology, readEventData } from "./events.js";

/** A private copy of the event-ontology files, to break without touching the repository. */
function copyEventFiles(): string {
  const dir = mkdtempSync(join(tmpdir(), "faultline-events-"));
  for (const sub of ["cameo", "plover", "acled", "quad"]) cpSync(join(ONTOLOGY_DIR, sub), join(dir, sub), { recursive: true });
  return dir;
}

function editEntries(dir: string, file: string, edit: (entries: Record<string, unknown>[]) => void): void {
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, "utf8"));
  edit(json.entries);
  writeFileSync(path, JSON.stringify(json));
}

describe("loadEventOntology on the built-in ontology", () => {
  const onto = loadEventOntology(ONTOLOGY_DIR);

  it("holds every CAMEO 1.1b3 code, as strings, with parents and roots", () => {
    expect(onto.all()).toHaveLength(316);
    expect(onto.roots().map((c) => c.code)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1).padStart(2, "0")));
    for (const c of onto.all()) {
      expect(typeof c.code).toBe("string");
      expect(c.root).toBe(c.code.slice(0, 2));
      if (c.parent !== null) expect(onto.isValidCode(c.parent)).toBe(true);
      expect(c.goldstein).toBeGreaterThanOrEqual(-10);
      expect(c.goldstein).toBeLessThanOrEqual(10);
      expect(c.description.length).toBeGreaterThan(10);
    }
    for (const code of ["0256", "108", "1385", "1454", "155", "176", "1834", "1951", "1952", "2042"]) expect(onto.isValidCode(code)).toBe(true);
  });

  it("resolves a code with Goldstein, quad, PLOVER and ACLED", () => {
    expect(onto.get("0871")).toMatchObject({
      code: "0871", parent: "087", root: "08", goldstein: 9, quad: 2,
      plover: { type: "RETREAT", mode: "ceasefire" },
      acled: { event_type: "Strategic developments", sub_event_type: "Agreement" },
    });
    expect(onto.get("1831")).toMatchObject({ goldstein: -10, quad: 4, plover: { type: "ASSAULT", mode: "suicide-bomb" }, acled: { sub_event_type: "Suicide bomb" } });
    expect(onto.get("195")?.acled).toEqual({ event_type: "Explosions/Remote violence", sub_event_type: "Air/drone strike" });
    expect(onto.get("139")).toMatchObject({ goldstein: -7, quad: 3, plover: { type: "THREATEN", mode: "violence" } });
    expect(onto.get("042")).toMatchObject({ goldstein: 1.9, quad: 1, plover: { type: "CONSULT", mode: "visit" }, acled: null });
    expect(onto.get("1951")?.goldstein).toBe(onto.get("195")?.goldstein);
  });

  it("gives every code a PLOVER type and a mode of that type", () => {
    const types = new Set(onto.ploverTypes().map((t) => t.type));
    expect(types.size).toBe(16);
    for (const c of onto.all()) {
      expect(types.has(c.plover.type)).toBe(true);
      if (c.plover.mode !== null) expect(onto.isPloverMode(c.plover.type, c.plover.mode)).toBe(true);
      if (c.acled) expect(onto.isAcledType(c.acled.event_type, c.acled.sub_event_type)).toBe(true);
    }
  });

  it("lists the 6 ACLED event types and 25 sub-event types", () => {
    const types = onto.acledTypes();
    expect(types).toHaveLength(6);
    expect(types.flatMap((t) => t.sub_event_types)).toHaveLength(25);
    expect(onto.isAcledType("Battles", "Armed clash")).toBe(true);
    expect(onto.isAcledType("Battles", "Grenade")).toBe(false);
  });

  it("computes quad classes under several conventions", () => {
    expect(onto.quadConvention).toBe("gdelt");
    expect(["01", "05", "06", "08", "09", "13", "14", "20"].map((r) => onto.quadOf(r))).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(onto.quadOf("1623")).toBe(4);
    expect(onto.quadOf("1623", "plover")).toBe(3);
    expect(onto.quadOf("092", "plover")).toBe(2);
    expect(onto.quadOf("abc")).toBeUndefined();
    expect(onto.isNeutral("012", "phoenix")).toBe(true);
    expect(onto.isNeutral("025", "icews")).toBe(false);
    expect(onto.isNeutral("012")).toBe(false);
    expect(() => onto.quadOf("19", "nope")).toThrow(/unknown quad convention "nope"/);
    const plover = loadEventOntology(ONTOLOGY_DIR, { quadConvention: "plover" });
    expect(plover.get("161")?.quad).toBe(3);
    expect(onto.get("161")?.quad).toBe(4);
  });

  it("falls back from 4 to 3 digits to the root", () => {
    expect(onto.nearest("0871")?.code).toBe("0871");
    expect(onto.nearest("0879")?.code).toBe("087");
    expect(onto.nearest("1999")?.code).toBe("19");
    expect(onto.nearest("99")).toBeUndefined();
    expect(onto.isValidCode("871")).toBe(false);
    expect(onto.get(871 as unknown as string)).toBeUndefined();
  });

  it("caches per folder and convention", () => {
    expect(loadEventOntology(ONTOLOGY_DIR)).toBe(onto);
    expect(() => loadEventOntology(ONTOLOGY_DIR, { quadConvention: "none" })).toThrow(EventOntologyError);
  });
});

describe("event ontology checks", () => {
  let dir = "";
  beforeAll(() => {
    dir = copyEventFiles();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loads a fresh copy quickly (about 5 ms; bound kept loose for loaded CI machines)", () => {
    const t = performance.now();
    loadEventOntology(dir);
    expect(performance.now() - t).toBeLessThan(200);
  });

  it("reports missing parents, unknown map codes, bad modes and ACLED pairs, default conventions", () => {
    editEntries(dir, EVENT_FILES.codes, (e) => {
      const i = e.findIndex((x) => x.code === "087");
      e.splice(i, 1);
      e.push({ id: "cameo:17x", code: "1799", name: "x", parent: "17", root: "17", goldstein: 12, description: "x" });
    });
    editEntries(dir, EVENT_FILES.ploverMap, (e) => {
      e.find((x) => x.cameo === "193")!.mode = "kites";
    });
    editEntries(dir, EVENT_FILES.acledMap, (e) => {
      e.find((x) => x.cameo === "193")!.acled = { event_type: "Battles", sub_event_type: "Picnic" };
    });
    editEntries(dir, EVENT_FILES.quad, (e) => {
      e[1].default = true;
    });
    const messages = readEventData(dir).issues.map((i) => `${i.file}: ${i.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      "cameo/codes.json: parent 087 of 0871 is not in the codebook",
      "cameo/codes.json: parent of 1799 must be \"179\"",
      "cameo/codes.json: goldstein of 1799 must be a number in [-10, 10]",
      "plover/cameo-map.json: \"087\" is not a code of the codebook",
      "plover/cameo-map.json: \"kites\" is not a mode of ASSAULT",
      "plover/cameo-map.json: code 1799 is not mapped",
      "acled/cameo-map.json: \"Battles / Picnic\" is not an ACLED event type and sub-event type",
      "quad/conventions.json: exactly one convention must be the default (found 2)",
    ]));
    const fresh = mkdtempSync(join(tmpdir(), "faultline-events-"));
    cpSync(dir, fresh, { recursive: true });
    expect(() => loadEventOntology(fresh)).toThrow(/parent 087 of 0871/);
    rmSync(fresh, { recursive: true, force: true });
  });

  it("reports a missing file instead of throwing", () => {
    const empty = mkdtempSync(join(tmpdir(), "faultline-events-"));
    const issues = readEventData(empty).issues;
    expect(issues.map((i) => i.file)).toEqual(Object.values(EVENT_FILES));
    expect(issues[0].message).toBe("file is missing");
    rmSync(empty, { recursive: true, force: true });
  });
});
