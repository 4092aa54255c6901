/**
 * A larger young generation (and no allocation-site pretenuring, see NO_PRETENURING) for
 * big `faultline code` and `faultline ingest` jobs. The coder allocates many short-lived objects per token; with
 * V8's default semi-space (16 MB) they are scavenged often and some live long enough to be
 * promoted; an ingest also keeps every mention's records until its transaction commits.
 * `--max-semi-space-size` can only be
 * given when the process starts (v8.setFlagsFromString comes too late), so bin/faultline.js
 * (`launch`) starts itself again with it when `code` is given files of at least BIG_INPUT_BYTES in all,
 * or `ingest` local files and folders of at least BIG_INGEST_BYTES.
 * Small runs (one sentence: the first-event latency) never pay the second start-up.
 * The restarted process ends itself when its launcher dies (see `launch`): it never goes on
 * alone beside an ingest restarted by a supervisor (two writers).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { INGEST_OPTIONS } from "./ingest-options.js";

/** Input size from which a `code` run restarts with a larger young generation. */
export const BIG_INPUT_BYTES = 8 * 1024 * 1024;
/**
 * Semi-space size (MB) for big runs: ~3-5 % less CPU on the 50 MB benchmark corpus than the
 * default. 64 was tried with pretenuring off: alternating pairs of 50 MB runs first favoured it by
 * ~2 %, but only while it always ran second; in the reverse order it was within 1 % (17.5-18.0 s
 * against 17.8-17.9 s CPU), for ~50 MB more peak RSS. The second run of a pair is ~1-2 % quicker
 * here: alternate the order when comparing flags.
 */
export const SEMI_SPACE_MB = 32;
/** Set in the restarted process's environment to the launcher's pid (it must not restart again; see `launch`). */
export const RESPAWNED_ENV = "FAULTLINE_RESPAWNED";

/**
 * V8's allocation-site pretenuring, off for big runs: it decides that objects wink-nlp makes
 * for every document are long-lived and allocates them in the old generation, where they pile
 * up as garbage until a full collection (old space grew by ~70 MB per 6,000 bench documents,
 * the live heap staying flat), and every scavenge then also walks their pointers into the
 * young generation. Off, on 50 MB of bench input: main-thread scavenge time 1.59 -> 0.93 s,
 * peak RSS ~400 -> ~245 MB, process CPU 0.77 to 1.04 times the default (median 0.91, five
 * pairs of runs on a shared machine).
 */
export const NO_PRETENURING = "--no-allocation-site-pretenuring";

/** The V8 flags `faultline code` runs with for `bytes` of input files. */
export function codeHeapFlags(bytes: number): string[] {
  return bytes >= BIG_INPUT_BYTES ? [`--max-semi-space-size=${SEMI_SPACE_MB}`, NO_PRETENURING] : [];
}

/**
 * Local input (files and folders) from which `ingest` restarts with INGEST_HEAP_FLAGS: as for
 * `code`. Below it the flags did not pay: `bench/store-only.mjs` with and without them, four
 * pairs each, 3,000 documents (~1 MB as JSON Lines): 3.14 against 3.17 s storage CPU on average;
 * 10,000 (3.2 MB): 7.69 against 7.33 s; a restart costs a Node start-up.
 */
export const BIG_INGEST_BYTES = BIG_INPUT_BYTES;
/**
 * Semi-space size (MB) for big ingests, with pretenuring off (src/store/README.md, "Session 9:
 * heap"): `bench/store-only.mjs --docs 30000`, 12 rounds, storage CPU 0.89 of V8's defaults
 * (median ratio within a round; 32 and 128 MB 0.90 and 0.88, the same within the noise; the larger
 * semi-space with pretenuring on 1.02–1.03), and the lowest peak RSS of the three (742 MB against
 * 892 at 32 MB and 932 with the defaults).
 */
export const INGEST_SEMI_SPACE_MB = 64;
/** The V8 flags a big `faultline ingest` runs with. */
export const INGEST_HEAP_FLAGS: readonly string[] = [`--max-semi-space-size=${INGEST_SEMI_SPACE_MB}`, NO_PRETENURING];

/** The V8 flags `faultline ingest` runs with for `bytes` of local input. */
export function ingestHeapFlags(bytes: number): string[] {
  return bytes >= BIG_INGEST_BYTES ? [...INGEST_HEAP_FLAGS] : [];
}

function fileBytes(path: string): number {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : 0;
  } catch {
    return 0;
  }
}

/**
 * Bytes of the files under `path` (a file, or a folder walked as ingest walks it: names
 * starting with "." skipped), counted up to `enough`.
 */
function treeBytes(path: string, enough: number): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (st.isFile()) return st.size;
  if (!st.isDirectory()) return 0;
  let names: string[];
  try {
    names = readdirSync(path).filter((n) => !n.startsWith("."));
  } catch {
    return 0;
  }
  let bytes = 0;
  for (const n of names) {
    if (bytes >= enough) break;
    bytes += treeBytes(join(path, n), enough - bytes);
  }
  return bytes;
}

/** Bytes of `ingest`'s local sources (URLs count nothing), counted up to BIG_INGEST_BYTES; -1 for `--queue` (nothing is coded). */
function ingestBytes(args: readonly string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: INGEST_OPTIONS, allowPositionals: true, strict: false });
  } catch {
    return 0;
  }
  if (parsed.values.queue) return -1;
  let bytes = 0;
  for (const p of parsed.positionals) {
    if (bytes >= BIG_INGEST_BYTES) break;
    if (!/^https?:\/\//i.test(p)) bytes += treeBytes(p, BIG_INGEST_BYTES - bytes);
  }
  return bytes;
}

/**
 * The Node flags to start the CLI again with, or null to run here: only for `code` with
 * input files of BIG_INPUT_BYTES or more (stdin counts only when it is a redirected file)
 * and for `ingest` (not `--queue`) of local files and folders of BIG_INGEST_BYTES or more,
 * never twice, and never when the young generation is already sized by the caller.
 * `worker` is not restarted: one worker draining 10,000 queued generated documents (PostgreSQL,
 * batches of 20 jobs), four alternating pairs, took 1.18, 1.10, 1.06 and 0.89 times the CPU
 * with INGEST_HEAP_FLAGS as without (22.3–26.8 s without), and 70 MB more peak RSS (343 MB
 * against 272): its batches are too small for a larger young generation to pay.
 */
export function respawnFlags(args: readonly string[], execArgv: readonly string[], env: NodeJS.ProcessEnv): string[] | null {
  if ((args[0] !== "code" && args[0] !== "ingest") || env[RESPAWNED_ENV]) return null;
  const given = (s: string | undefined) => !!s && /--max-semi-space-size|--semi-space-growth-factor|--min-semi-space-size/.test(s);
  if (execArgv.some(given) || given(env.NODE_OPTIONS)) return null;
  if (args[0] === "ingest") {
    const flags = ingestHeapFlags(ingestBytes(args.slice(1)));
    return flags.length > 0 ? flags : null;
  }
  let bytes = 0;
  for (const a of args.slice(1)) {
    if (a === "-") bytes += fileBytes("/dev/stdin");
    else if (!a.startsWith("-")) bytes += fileBytes(a);
  }
  const flags = codeHeapFlags(bytes);
  return flags.length > 0 ? flags : null;
}

/** How often (ms) a restarted process checks that its launcher is still its parent. */
export const WATCH_MS = 100;

/**
 * A thread that kills its process with SIGKILL once the process's parent is no longer the
 * launcher (workerData): an orphan is adopted by another process. It runs beside the main
 * thread, so a long synchronous stretch there (coding a batch, a commit) does not delay it.
 */
const WATCHER = `const { workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
setInterval(() => {
  if (process.ppid === workerData) return;
  try { writeSync(2, "faultline: the launching process is gone; stopping\\n"); } catch {}
  process.kill(process.pid, "SIGKILL");
}, ${WATCH_MS});`;

/** Exit status of a restarted process that ended with `signal`. */
function signalStatus(signal: NodeJS.Signals | null): number {
  return signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 1;
}

/**
 * The CLI's entry (bin/faultline.js): run `run(args)` here and set the exit status, or, when
 * `flagsFor` (respawnFlags; a test gives its own) asks for it, start this script again with the flags and wait for it. The
 * launcher forwards SIGINT, SIGTERM and SIGHUP to the restarted process and exits with its
 * status. The restarted process is told the launcher's pid (RESPAWNED_ENV) and watches it
 * (WATCHER): if the launcher dies first (killed with SIGKILL, which it cannot forward), the
 * restarted process ends within ~WATCH_MS with SIGKILL too, its uncommitted work lost as in a
 * crash, instead of going on alone beside whatever restarts the command.
 */
export function launch(args: string[], run: (args: string[]) => Promise<number>, flagsFor = respawnFlags): void {
  const flags = flagsFor(args, process.execArgv, process.env);
  if (flags) {
    void restart(flags, args);
    return;
  }
  const launcher = Number(process.env[RESPAWNED_ENV]);
  if (Number.isInteger(launcher) && launcher > 1) {
    // Not inherited by anything this process starts (it would watch the wrong parent).
    delete process.env[RESPAWNED_ENV];
    void watchLauncher(launcher);
  }
  run(args).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`faultline: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

async function watchLauncher(pid: number): Promise<void> {
  const { Worker } = await import("node:worker_threads");
  // Unreferenced: the process ends when its work does.
  new Worker(WATCHER, { eval: true, workerData: pid }).unref();
}

async function restart(flags: string[], args: string[]): Promise<void> {
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, [...flags, ...process.execArgv, process.argv[1], ...args], {
    stdio: "inherit",
    env: { ...process.env, [RESPAWNED_ENV]: String(process.pid) },
  });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, forward);
  child.on("error", (err) => {
    process.stderr.write(`faultline: ${err.message}\n`);
    process.exitCode = 1;
  });
  child.on("exit", (code, signal) => {
    process.exitCode = code ?? signalStatus(signal);
  });
}
