/**
 * Runs gold sets through the coder (or the actor resolver) and scores them:
 * file discovery by prefix, seeded sampling, timing, progress on a callback.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Doc } from "../doc/index.js";
import { resolveActor } from "../ontology/actors/index.js";
import { Coder } from "../app/coder.js";
import { ONTOLOGY_DIR, type Knowledge } from "../ontology/index.js";
import { seededRandom } from "../analytics/synthetic.js";
import { Mappings } from "./mappings.js";
import { setByName, setByShape, SETS, type SetDef } from "./sets.js";
import type { GoldRecord, Pair, Prediction, ResolutionPair, SetResult } from "./types.js";

/** Where the dev sets live: `../shared/dev` from the repository root. */
export const DEFAULT_DEV_DIR = resolve(ONTOLOGY_DIR, "..", "..", "shared", "dev");

export interface RunOptions {
  devDir: string;
  /** Records per set (seeded sample); undefined = every record. */
  sample?: number;
  seed?: number;
  /** Keep only records of this split (sets whose records carry one); undefined = each set's default. */
  split?: string;
  /** Worst examples kept per metric. */
  worst?: number;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
  /** Reuse loaded knowledge for the built-in coder. */
  knowledge?: Knowledge;
}

/** A set resolved to a file. */
export interface Target {
  def: SetDef;
  file: string;
  /** Name shown in reports: the set name, or the user's file name. */
  label: string;
}

/** The report of one run. */
export interface EvalReport {
  generated: string;
  devDir: string;
  sample: number | null;
  seed: number;
  sets: SetResult[];
}

/** Records of a JSONL file; bad lines are reported through `warn` with their number and skipped. */
export function readGold(file: string, warn: (msg: string) => void = () => {}): GoldRecord[] {
  const out: GoldRecord[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const r = JSON.parse(line) as Partial<GoldRecord>;
        if (typeof r.text !== "string" || typeof r.gold !== "object" || r.gold === null) throw new Error("needs \"text\" and a \"gold\" object");
        out.push({ id: String(r.id ?? `line-${i + 1}`), text: r.text, date: typeof r.date === "string" ? r.date : null, gold: r.gold, split: typeof r.split === "string" ? r.split : undefined });
      } catch (err) {
        warn(`${basename(file)}:${i + 1}: skipped: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  return out;
}

/** `n` records drawn without replacement with a seeded shuffle, kept in file order. */
export function sampleRecords<T>(records: readonly T[], n: number, seed: number): T[] {
  if (n >= records.length) return [...records];
  const rnd = seededRandom(seed);
  const idx = records.map((_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rnd() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => records[i]);
}

/**
 * Resolves command-line set names to files: a known set name (its dev file by
 * prefix) or a path to a JSONL file in one of the known shapes.
 */
export function resolveTargets(specs: readonly string[], devDir: string): Target[] {
  const files = existsSync(devDir) ? readdirSync(devDir).filter((f) => f.endsWith(".jsonl")) : [];
  const wanted = specs.length ? specs : SETS.map((s) => s.name);
  return wanted.map((spec) => {
    const def = setByName(spec);
    if (def) {
      const f = files.find((x) => x.startsWith(def.prefix));
      if (!f) throw new Error(`no file starting with "${def.prefix}" in ${devDir}`);
      return { def, file: join(devDir, f), label: def.name };
    }
    if (existsSync(spec) && statSync(spec).isFile()) {
      const first = readGold(spec)[0];
      const shaped = first ? setByShape(first) : undefined;
      if (!shaped) throw new Error(`${spec}: its records have none of the known gold shapes`);
      return { def: shaped, file: spec, label: basename(spec) };
    }
    throw new Error(`unknown set "${spec}" (known: ${SETS.map((s) => s.name).join(", ")}; or a path to a JSONL file)`);
  });
}

/** What scorers read of an analysed document. */
export function toPrediction(doc: Doc): Prediction {
  return {
    events: doc.events,
    actors: doc.actors.map((a) => ({ text: a.text, name: a.name, sector: a.sector, country: a.country, id: a.id, kind: a.kind, coref: a.coref === true })),
    places: doc.places.map((p) => ({ text: p.text, location: p.location })),
  };
}

/** Runs and scores sets one after another. */
export class EvalRunner {
  private readonly mappings = new Mappings();
  private coder: Coder | null = null;

  constructor(private readonly opts: RunOptions) {}

  private builtin(): Coder {
    return (this.coder ??= new Coder({ knowledge: this.opts.knowledge }));
  }

  /** Runs every target. */
  run(targets: readonly Target[]): EvalReport {
    return {
      generated: new Date().toISOString(),
      devDir: this.opts.devDir,
      sample: this.opts.sample ?? null,
      seed: this.opts.seed ?? 0,
      sets: targets.map((t) => this.runOne(t)),
    };
  }

  /** Reads, samples, runs and scores one set. */
  runOne(t: Target): SetResult {
    const progress = this.opts.progress ?? (() => {});
    let records = readGold(t.file, progress);
    const split = this.opts.split ?? t.def.defaultSplit;
    if (split && records.some((r) => r.split)) records = records.filter((r) => r.split === split);
    if (this.opts.sample !== undefined) records = sampleRecords(records, this.opts.sample, this.opts.seed ?? 0);
    const base: SetBase = { set: t.label, kind: t.def.name, file: t.file, records: records.length, bytes: records.reduce((s, r) => s + Buffer.byteLength(r.text), 0) };
    const ctx = { mappings: this.mappings, worst: this.opts.worst ?? 5 };
    const started = performance.now();
    const tick = ticker(t.label, records.length, progress);
    const done = (score: ReturnType<SetDef["score"]>): SetResult => ({ ...base, ...score, seconds: (performance.now() - started) / 1000, status: "ok" });
    try {
      if (t.def.input === "resolver") {
        const kb = this.builtin().knowledge.actors;
        const def = t.def;
        const pairs: ResolutionPair[] = records.map((record, i) => {
          tick(i);
          const context = typeof record.gold.context_sentence === "string" ? record.gold.context_sentence : null;
          return { record, actor: resolveActor(kb, record.text, def.referenceDate(record), context) };
        });
        return done(def.score(pairs, ctx, kb));
      }
      let coder: Coder;
      if (t.def.input === "dictionaries") {
        const dir = join(this.opts.devDir, t.def.dictionaries ?? "");
        try {
          coder = new Coder({ dictionaries: dir });
        } catch (err) {
          return unavailable(base, `the coder cannot load the dictionaries in ${dir}: ${err instanceof Error ? err.message : String(err)}`);
        }
      } else coder = this.builtin();
      const def = t.def;
      const pairs: Pair[] = records.map((record, i) => {
        tick(i);
        return { record, predicted: toPrediction(coder.analyze({ id: record.id, text: record.text, date: def.referenceDate(record) })) };
      });
      return done(def.score(pairs, ctx));
    } finally {
      tick(records.length);
    }
  }
}

/** What is known of a set before it is scored. */
type SetBase = Pick<SetResult, "set" | "kind" | "file" | "records" | "bytes">;

function unavailable(base: SetBase, message: string): SetResult {
  return { ...base, seconds: 0, status: "unavailable", message, metrics: [], tables: [], confusions: [], breakdowns: [], worst: {}, errors: [], notes: [] };
}

/** Progress every two seconds and at the end. */
function ticker(label: string, total: number, out: (line: string) => void): (i: number) => void {
  let last = performance.now();
  return (i) => {
    const now = performance.now();
    if (i === total || now - last > 2000) {
      last = now;
      out(`[${label}] ${i}/${total}`);
    }
  };
}
