import { describe, it, expect } from "vitest";
import { WordMemo } from "./word-memo.js";

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
