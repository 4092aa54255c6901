import { describe, expect, it } from "vitest";
import { eventHref, href, parseHash } from "./router";

describe("hash routes", () => {
  it("parses a view, its argument and its parameters", () => {
    const r = parseHash("#/event/ev%3Aabc%2F1?x=1");
    expect(r.parts).toEqual(["event", "ev:abc/1"]);
    expect(r.params.get("x")).toBe("1");
  });

  it("falls back to the overview and survives bad escapes", () => {
    expect(parseHash("").parts).toEqual(["overview"]);
    expect(parseHash("#/").parts).toEqual(["overview"]);
    expect(parseHash("#/search/%E0%A4%A").parts).toEqual(["search", "%E0%A4%A"]);
  });

  it("builds links that parse back, leaving out empty parameters", () => {
    const link = href("dyad", { a: "id=state:PAK", b: "AFG", from: "", to: null });
    expect(link).toBe("#/dyad?a=id%3Dstate%3APAK&b=AFG");
    const r = parseHash(link);
    expect([r.parts, r.params.get("a"), r.params.get("b"), r.params.has("from")]).toEqual([["dyad"], "id=state:PAK", "AFG", false]);
    expect(parseHash(eventHref("ev:x/y")).parts).toEqual(["event", "ev:x/y"]);
  });
});
