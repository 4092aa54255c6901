/**
 * Option parsing shared by the store commands (ingest, watch, worker, export, db):
 * strict `util.parseArgs` with usage errors, the `--db` store URL, and event filters.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { defaultAdditionsPath } from "../app/kb-additions-path.js";
import type { QuadClass } from "../doc/index.js";
import { DEFAULT_STORE, type EventFilter } from "../store/index.js";
import { UsageError } from "./command.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parse `args` strictly; unknown or malformed options become a UsageError. */
export function parseOptions<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export { DB_OPTION, KB_ADDITIONS_OPTION } from "./option-specs.js";

export function storeUrl(db: string | undefined): string {
  return db ?? process.env.FAULTLINE_DB ?? DEFAULT_STORE;
}

/** Event filter options (export, db events). */
export const FILTER_OPTIONS = {
  from: { type: "string" }, to: { type: "string" }, actor: { type: "string" }, source: { type: "string" },
  target: { type: "string" }, country: { type: "string" }, near: { type: "string" }, cameo: { type: "string" },
  root: { type: "string" }, quad: { type: "string" }, plover: { type: "string" }, modality: { type: "string" },
  historical: { type: "boolean" }, current: { type: "boolean" }, q: { type: "string" }, "min-sources": { type: "string" },
} as const;

export const FILTER_USAGE = `filters:
  --from/--to YYYY-MM-DD  event day range          --country ISO3        --q WORDS (evidence text)
  --actor ID|CODE*        either side              --source / --target   same, one side
  --near LAT,LON,KM       within KM of a point     --cameo PREFIX        --root 18,19,20
  --quad 1,2,3,4          --plover TYPE,...        --modality M,...      --historical / --current
  --min-sources N`;

function actorMatch(v: string) {
  return /^[A-Z0-9]{3,}\*?$/.test(v) ? { code: v } : { id: v };
}

const csv = (v: string) => v.split(",").map((s) => s.trim()).filter(Boolean);

/** Build an EventFilter from parsed FILTER_OPTIONS values. */
export function filterFromOptions(v: Record<string, string | boolean | undefined>): EventFilter {
  const f: EventFilter = {};
  const s = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : undefined);
  if (s("from")) f.from = s("from");
  if (s("to")) f.to = s("to");
  const [actor, source, target] = [s("actor"), s("source"), s("target")];
  if (source && target) f.dyad = { a: actorMatch(source), b: actorMatch(target), directed: true };
  else if (source) f.actor = { ...actorMatch(source), role: "source" };
  else if (target) f.actor = { ...actorMatch(target), role: "target" };
  if (actor) f.actor = { ...actorMatch(actor), role: "either" };
  if (s("country")) f.country = s("country");
  if (s("near")) {
    const [lat, lon, km] = csv(s("near")!).map(Number);
    if (![lat, lon, km].every(Number.isFinite)) throw new UsageError("--near needs LAT,LON,KM");
    f.near = { lat, lon, km };
  }
  if (s("cameo")) f.cameo = s("cameo");
  if (s("root")) f.root = csv(s("root")!);
  if (s("quad")) f.quad = csv(s("quad")!).map(Number) as QuadClass[];
  if (s("plover")) f.plover = csv(s("plover")!);
  if (s("modality")) f.modality = csv(s("modality")!) as EventFilter["modality"];
  if (v.historical) f.historical = true;
  if (v.current) f.historical = false;
  if (s("q")) f.q = s("q");
  if (s("min-sources")) f.min_sources = Number(s("min-sources"));
  return f;
}

/**
 * Run `work` with a signal that aborts on SIGTERM or SIGINT, then close `store`
 * whatever happens (long-running commands: watch, worker).
 */
export async function untilStopped<T>(store: { close(): Promise<void> }, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  const stop = () => ctl.abort();
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  try {
    return await work(ctl.signal);
  } finally {
    process.off("SIGTERM", stop);
    process.off("SIGINT", stop);
    await store.close();
  }
}


/**
 * The knowledge-base additions file to code with: `--kb-additions FILE` (which must
 * exist), else, given a store URL, `<db file>.kb-additions.json` when that file exists.
 */
export function kbAdditionsPath(option: string | undefined, db?: string): string | null {
  if (option !== undefined) {
    if (!option.trim() || !existsSync(option)) throw new UsageError(`--kb-additions: no such file "${option}"`);
    return resolve(option);
  }
  const beside = db ? defaultAdditionsPath(db) : null;
  return beside && existsSync(beside) ? beside : null;
}
