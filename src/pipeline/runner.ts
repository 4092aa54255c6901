import type { Doc } from "../doc/index.js";
import type { DocField, Stage } from "./stage.js";

export class PipelineError extends Error {}

/** Per-stage wall time, accumulated over every document a pipeline ran. */
export interface StageTiming {
  name: string;
  ms: number;
  docs: number;
}

export class Pipeline {
  readonly stages: readonly Stage[];
  private readonly timing: StageTiming[];
  private readonly timed: boolean;

  constructor(stages: readonly Stage[], opts: { timed?: boolean } = {}) {
    const have = new Set<DocField>();
    const names = new Set<string>();
    for (const s of stages) {
      if (names.has(s.name)) throw new PipelineError(`duplicate stage name "${s.name}"`);
      names.add(s.name);
      for (const r of s.requires) {
        if (!have.has(r)) {
          throw new PipelineError(`stage "${s.name}" requires "${r}", which no earlier stage assigns`);
        }
      }
      for (const a of s.assigns) have.add(a);
    }
    this.stages = stages;
    this.timed = opts.timed ?? false;
    this.timing = stages.map((s) => ({ name: s.name, ms: 0, docs: 0 }));
  }

  run(doc: Doc): Doc {
    if (!this.timed) {
      for (const s of this.stages) s.run(doc);
      return doc;
    }
    for (let k = 0; k < this.stages.length; k++) {
      const t0 = performance.now();
      this.stages[k].run(doc);
      const t = this.timing[k];
      t.ms += performance.now() - t0;
      t.docs++;
    }
    return doc;
  }

  timings(): readonly StageTiming[] {
    return this.timing;
  }
}
