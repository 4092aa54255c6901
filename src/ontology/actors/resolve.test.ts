import { describe, it, expect, beforeAll } from "vitest";
import { join } from "node:path";
import { ONTOLOGY_DIR } from "../index.js";
import { loadActorKB } from "./load.js";
import { resolveActor } from "./resolve.js";
import { ActorKB } from "./kb.js";
import type { NamedActorEntry } from "./types.js";

/** A made-up office holder, so the tests do not depend on the people files. */
const OFFICER: NamedActorEntry = {
  id: "person:test-zarak-vantaqor",
  name: "Zarak Vantaqor",
  kind: "person",
  aliases: ["Zarak Vantaqor", "General Zarak Vantaqor"],
  country: "PAK",
  roles: [
    { code: "PAKMIL", country: "PAK", sector: "MIL", title: "Corps Commander", start: "2015-01-01", end: "2019-12-31" },
    { code: "PAKGOV", country: "PAK", sector: "GOV", title: "Interior Minister", start: "2020-01-01", end: "2022-06-30" },
  ],
};

let kb: ActorKB;
beforeAll(() => {
  kb = loadActorKB(join(ONTOLOGY_DIR, "actors"), { extra: { actors: [OFFICER] } });
});

const code = (text: string, date?: string, context?: string) => resolveActor(kb, text, date, context)?.code ?? null;

describe("resolveActor", () => {
  it("gives the Afghan Taliban the role valid on the date", () => {
    expect(code("the Taliban", "1998-03-01")).toBe("AFGGOV");
    expect(code("the Taliban", "2010-03-01")).toBe("AFGINS");
    expect(code("the Taliban", "2023-03-01")).toBe("AFGGOV");
    expect(code("the Afghan Taliban government", "2023-03-01")).toBe("AFGGOV");
  });

  it("keeps the Pakistani Taliban (TTP) apart from the Afghan Taliban", () => {
    expect(resolveActor(kb, "Pakistani Taliban", "2023-03-01")?.id).toBe("group:ttp");
    expect(resolveActor(kb, "Tehreek-e-Taliban Pakistan", "2023-03-01")?.id).toBe("group:ttp");
    expect(resolveActor(kb, "Tehrik i Taliban Pakistan")?.code).toBe("PAKINS");
    expect(resolveActor(kb, "Taliban", "2023-03-01", "A TTP commander said the Taliban would fight on.")?.id).toBe("group:ttp");
    expect(resolveActor(kb, "Taliban", "2023-03-01", "Officials in Kabul said the Taliban would talk.")?.id).toBe("group:afghan-taliban");
  });

  it("composes nationality, possessive and agent words", () => {
    expect(code("Afghan refugees")).toBe("AFGREF");
    expect(code("Indian police")).toBe("INDCOP");
    expect(code("Pakistan's foreign minister")).toBe("PAKGOV");
    expect(code("a retired Nigerian colonel")).toBe("NGAELI");
    expect(code("three Kenyan soldiers")).toBe("KENMIL");
    expect(code("the prime minister of Nepal")).toBe("NPLGOV");
    expect(code("Balochistan government")).toBe("PAKGOV");
  });

  it("reads capitals and seats of power as their institutions", () => {
    expect(code("Kabul")).toBe("AFGGOV");
    expect(code("the Kremlin")).toBe("RUSGOV");
    expect(code("Rawalpindi")).toBe("PAKMIL");
  });

  it("resolves international organisations", () => {
    expect(code("UN Security Council")).toBe("IGOUNO");
    expect(resolveActor(kb, "the U.N.")?.id).toBe("org:un");
  });

  it("follows an office holder's posts and marks former ones as elites", () => {
    expect(code("General Zarak Vantaqor", "2017-05-01")).toBe("PAKMIL");
    expect(code("Zarak Vantaqor", "2021-05-01")).toBe("PAKGOV");
    expect(code("Zarak Vantaqor", "2024-05-01")).toBe("PAKELI");
    expect(code("Zarak Vantaqor")).toBe("PAKGOV");
    expect(code("Minister Vantaqor", "2021-05-01")).toBe("PAKGOV");
  });

  it("matches short acronyms only in their own spelling", () => {
    expect(resolveActor(kb, "LeT")?.id).toBe("group:let");
    expect(resolveActor(kb, "let")).toBeNull();
    expect(resolveActor(kb, "IS")?.id).toBe("group:islamic-state");
    expect(resolveActor(kb, "is")).toBeNull();
  });

  it("returns null for phrases naming no actor", () => {
    expect(resolveActor(kb, "yesterday afternoon")).toBeNull();
    expect(resolveActor(kb, "")).toBeNull();
  });

  it("gives the offsets of the phrase it read", () => {
    const a = resolveActor(kb, "  Pakistani troops  ");
    expect(a && [a.text, a.start, a.end]).toEqual(["Pakistani troops", 2, 18]);
  });
});

describe("scoreResolution", () => {
  it("counts country and sector where the gold gives one, through PLOVER equivalents", async () => {
    const { scoreResolution, queryDate } = await import("./score.js");
    const s = scoreResolution(kb, [
      { text: "Afghan refugees", gold: { expected: { country: "AFG", code_1: "REF" } } },
      { text: "Pakistani journalists", gold: { expected: { country: "PAK", code_1: "JRN" } } },
      { text: "Indian police", gold: { expected: { country: "BGD", code_1: "" } } },
      { text: "UN Security Council", gold: { expected: { country: "UNO" } } },
    ]);
    expect(s.country).toEqual({ right: 3, total: 4 });
    expect(s.sector).toEqual({ right: 2, total: 2 });
    expect(s.misses).toEqual([{ id: undefined, text: "Indian police", field: "country", expected: "BGD", got: "INDCOP" }]);
    expect(queryDate("10 May 2015")).toBe("2015-05-10");
    expect(queryDate("Today", new Date("2024-02-03T10:00:00Z"))).toBe("2024-02-03");
    expect(queryDate("")).toBeNull();
  });
});
