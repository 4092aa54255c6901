import { describe, expect, it } from "vitest";
import { acledFatalities } from "./export.js";

describe("ACLED-style export fatalities", () => {
  it("writes the stated count, ACLED's number for a vague one, else 0", () => {
    expect(acledFatalities({ fatalities: { killed: 7, injured: null } })).toBe(7);
    expect(acledFatalities({ fatalities: { killed: null, injured: null, killed_vague: "dozens" } })).toBe(12);
    expect(acledFatalities({ fatalities: { killed: null, injured: 2 } })).toBe(0);
    expect(acledFatalities({ fatalities: null })).toBe(0);
  });
});
