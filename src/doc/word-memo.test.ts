import { describe, it, expect } from "vitest";
import { grownSlots, WordBytes, WordInts, WordMemo } from "./word-memo.js";

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

  it("starts again empty once it keeps its maximum of values (replacing one does not count)", () => {
    const m = new WordMemo<string>(2);
    m.set(5, "five");
    m.set(5, "five again");
    m.set(7, "seven");
    expect(m.get(5)).toBe("five again");
    m.set(9, "nine");
    expect(m.get(5)).toBeUndefined();
    expect(m.get(7)).toBeUndefined();
    expect(m.get(9)).toBe("nine");
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

describe("WordBytes", () => {
  it("keeps a byte per word id, 0 for none and for a token without an id", () => {
    const m = new WordBytes();
    expect(m.get(3)).toBe(0);
    m.set(3, 2);
    m.set(0, 1);
    m.set(-1, 1);
    m.set(150_000, 255);
    expect(m.get(3)).toBe(2);
    expect(m.get(0)).toBe(1);
    expect(m.get(1)).toBe(0);
    expect(m.get(-1)).toBe(0);
    expect(m.get(150_000)).toBe(255);
    expect(m.get(150_001)).toBe(0);
    m.set(3, 1);
    expect(m.get(3)).toBe(1);
  });

  it("starts again empty once it keeps its maximum of values", () => {
    const m = new WordBytes(2);
    m.set(5, 1);
    m.set(5, 2);
    m.set(7, 1);
    m.set(9, 1);
    expect(m.get(5)).toBe(0);
    expect(m.get(7)).toBe(0);
    expect(m.get(9)).toBe(1);
  });
});

describe("WordInts", () => {
  it("keeps a 32-bit integer per word id, 0 for none and for a token without an id", () => {
    const m = new WordInts();
    expect(m.get(3)).toBe(0);
    m.set(3, 70_000);
    m.set(0, -5);
    m.set(-1, 1);
    m.set(150_000, (0x7fff << 17) | 1);
    expect(m.get(3)).toBe(70_000);
    expect(m.get(0)).toBe(-5);
    expect(m.get(1)).toBe(0);
    expect(m.get(-1)).toBe(0);
    expect(m.get(150_000) >>> 17).toBe(0x7fff);
    expect(m.get(150_001)).toBe(0);
  });

  it("starts again empty once it keeps its maximum of values", () => {
    const m = new WordInts(2);
    m.set(5, 1);
    m.set(5, 2);
    m.set(7, 1);
    expect(m.get(5)).toBe(2);
    m.set(9, 1);
    expect(m.get(5)).toBe(0);
    expect(m.get(7)).toBe(0);
    expect(m.get(9)).toBe(1);
  });
});
