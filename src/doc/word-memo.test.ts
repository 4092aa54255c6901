import { describe, it, expect } from "vitest";
import { grownSlots, WordMemo } from "./word-memo.js";

describe("WordMemo", () => {
  it("keeps a value per word id and nothing for a token without one", () => {
    const m = new WordMemo<string>();
    expect(m.get(3)).toBeUndefined();
    m.set(3, "three");
    m.set(0, "zero");
    m.set(-1, "none");
    expect(m.get(3)).toBe("three");
    expect(m.get(0)).toBe("zero");
    expect(m.get(1)).toBeUndefined();
    expect(m.get(-1)).toBeUndefined();
    expect(m.get(1000)).toBeUndefined();
    m.set(3, "again");
    expect(m.get(3)).toBe("again");
  });
});

describe("grownSlots", () => {
  it("returns the array itself when it is long enough, else a longer one holding its values", () => {
    const a = ["x", undefined, "z"];
    expect(grownSlots(a, 2)).toBe(a);
    const b = grownSlots(a, 4);
    expect(b).not.toBe(a);
    expect(b.length).toBeGreaterThanOrEqual(4);
    expect(b.slice(0, 3)).toEqual(["x", undefined, "z"]);
    expect(b[3]).toBeUndefined();
    // Half again at least: a one-slot overflow does not grow one slot at a time.
    expect(grownSlots(new Array<string | undefined>(100), 101).length).toBe(150);
    expect(grownSlots([], 90_000).length).toBe(90_000);
  });
});
