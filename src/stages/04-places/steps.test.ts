import { describe, it, expect } from "vitest";
import { EMPTY, KNOWN, NAME, PREFIX, StepMemo } from "./steps.js";

describe("memo of longer names' steps", () => {
  it("links each step and token code to one step, as a map of pairs would", () => {
    const memo = new StepMemo(1000);
    const links = new Map<string, number>();
    const roots = [memo.root(), memo.root(), memo.root()];
    let froms = [...roots];
    // Three levels of steps from three roots, every link asked twice: the second time finds the first's step.
    for (let level = 0; level < 3; level++) {
      const made: number[] = [];
      for (const from of froms) {
        for (const code of [0, 1, 2, 7, 1 << 29, (1 << 30) + 1]) {
          const step = memo.next(from, code);
          expect(step).toBeGreaterThan(0);
          const seen = links.get(`${from}|${code}`);
          if (seen === undefined) links.set(`${from}|${code}`, step);
          else expect(step).toBe(seen);
          expect(memo.next(from, code)).toBe(step);
          made.push(step);
        }
      }
      froms = made.slice(0, 4);
    }
    expect(new Set(links.values()).size).toBe(links.size);
    expect(memo.generation).toBe(0);
  });

  it("keeps a step's answers, and its key only when it is a name", () => {
    const memo = new StepMemo(10);
    const [a, b, c] = [memo.root(), memo.root(), memo.root()];
    expect(memo.answers(a)).toBe(0);
    memo.keep(a, "dera ismail khan", true, false);
    memo.keep(b, "dera ismail", false, true);
    memo.keep(c, "", false, false);
    expect(memo.answers(a)).toBe(KNOWN | NAME);
    expect(memo.key(a)).toBe("dera ismail khan");
    expect(memo.answers(b)).toBe(KNOWN | PREFIX);
    expect(memo.answers(c)).toBe(KNOWN | EMPTY);
  });

  it("starts again empty, in a new generation, when full", () => {
    const memo = new StepMemo(4);
    const root = memo.root();
    const steps = [memo.next(root, 1), memo.next(root, 2), memo.next(root, 3)];
    memo.keep(steps[0], "x", true, false);
    expect(steps.every((s) => s > 0)).toBe(true);
    // The fifth step does not fit: the memo is emptied and the caller gets none.
    expect(memo.next(root, 4)).toBe(0);
    expect(memo.generation).toBe(1);
    const again = memo.root();
    expect(again).toBe(1);
    expect(memo.answers(again)).toBe(0);
    const step = memo.next(again, 1);
    expect(memo.answers(step)).toBe(0);
    memo.clear();
    expect(memo.generation).toBe(2);
    expect(memo.root()).toBe(1);
  });
});
