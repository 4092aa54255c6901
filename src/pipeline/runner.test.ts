import { describe, it, expect } from "vitest";
import { newDoc } from "../doc/index.js";
import { Pipeline, PipelineError } from "./runner.js";
import type { Stage } from "./stage.js";

/** A stage that burns about `ms` of CPU per document. */
function busy(name: string, ms: number, requires: Stage["requires"] = [], assigns: Stage["assigns"] = []): Stage {
  return {
    name, requires, assigns,
    run() {
      const end = performance.now() + ms;
      let x = 0;
      while (performance.now() < end) x++;
      if (x < 0) throw new Error("unreachable");
    },
  };
}

describe("pipeline runner", () => {
  it("rejects a stage that needs a field no earlier stage assigns", () => {
    expect(() => new Pipeline([busy("b", 0, ["tokens"])])).toThrow(PipelineError);
  });

  it("records no time unless asked", () => {
    const p = new Pipeline([busy("a", 1)]);
    p.run(newDoc({ id: "d", text: "x" }));
    expect(p.timings()[0]).toMatchObject({ ms: 0, cpuMs: 0, docs: 0 });
  });

  it("records wall time only with `timed`, and CPU time per stage with `cpu`", () => {
    const timed = new Pipeline([busy("a", 5)], { timed: true });
    timed.run(newDoc({ id: "d", text: "x" }));
    expect(timed.timings()[0].ms).toBeGreaterThanOrEqual(5);
    expect(timed.timings()[0].cpuMs).toBe(0);

    const cpu = new Pipeline([busy("a", 20), busy("b", 0)], { cpu: true });
    for (let k = 0; k < 2; k++) cpu.run(newDoc({ id: "d", text: "x" }));
    const [a, b] = cpu.timings();
    expect(a.docs).toBe(2);
    expect(a.ms).toBeGreaterThanOrEqual(40);
    // A busy loop is CPU time (some of it, on a loaded machine); the idle stage takes next to none.
    expect(a.cpuMs).toBeGreaterThan(1);
    expect(a.cpuMs).toBeGreaterThan(b.cpuMs);
  });
});
