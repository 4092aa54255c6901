import type { Doc } from "../doc/index.js";
import type { DocField, Stage } from "./stage.js";

export class PipelineError extends Error {}

/**
 * Per-stage wall time, accumulated over every document a pipeline ran, and with the
 * `cpu` option the process's CPU time (user + system) spent in the stage: on a shared
 * machine wall time counts other processes' work too.
 */
export interface StageTiming {
  name: string;
  ms: number;
  /** CPU milliseconds (0 unless the pipeline was built with `cpu: true`). */
  cpuMs: number;
  docs: number;
}

export interface PipelineOptions {
  /** Record each stage's wall time. */
  timed?: boolean;
  /** Also record each stage's CPU time (process.cpuUsage around every stage call, about 1 µs each). */
  cpu?: boolean;
}

export class Pipeline {
  readonly stages: readonly Stage[];
  private readonly timing: StageTiming[];
  private readonly timed: boolean;
  private readonly cpu: boolean;

  constructor(stages: readonly Stage[], opts: PipelineOptions = {}) {
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
    this.cpu = opts.cpu ?? false;
    this.timed = (opts.timed ?? false) || this.cpu;
    this.timing = stages.map((s) => ({ name: s.name, ms: 0, cpuMs: 0, docs: 0 }));
  }

  run(doc: Doc): Doc {
    if (!this.timed) {
      for (const s of this.stages) s.run(doc);
      return doc;
    }
    for (let k = 0; k < this.stages.length; k++) {
      const c0 = this.cpu ? process.cpuUsage() : null;
      const t0 = performance.now();
      this.stages[k].run(doc);
      const t = this.timing[k];
      t.ms += performance.now() - t0;
      if (c0) {
        const c = process.cpuUsage(c0);
        t.cpuMs += (c.user + c.system) / 1000;
      }
      t.docs++;
    }
    return doc;
  }

  timings(): readonly StageTiming[] {
    return this.timing;
  }
}
