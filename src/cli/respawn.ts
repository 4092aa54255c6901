/**
 * A larger young generation (and no allocation-site pretenuring, see NO_PRETENURING) for
 * big `faultline code` jobs. The coder allocates many short-lived objects per token; with
 * V8's default semi-space (16 MB) they are scavenged often and some live long enough to be
 * promoted. `--max-semi-space-size` can only be
 * given when the process starts (v8.setFlagsFromString comes too late), so bin/faultline.js
 * starts itself again with it when `code` is given files of at least BIG_INPUT_BYTES in all.
 * Small runs (one sentence: the first-event latency) never pay the second start-up.
 */
import { statSync } from "node:fs";

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
/** Set in the restarted process's environment (it must not restart again). */
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

function fileBytes(path: string): number {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : 0;
  } catch {
    return 0;
  }
}

/**
 * The Node flags to start the CLI again with, or null to run here: only for `code` with
 * input files of BIG_INPUT_BYTES or more (stdin counts only when it is a redirected file),
 * never twice, and never when the young generation is already sized by the caller.
 */
export function respawnFlags(args: readonly string[], execArgv: readonly string[], env: NodeJS.ProcessEnv): string[] | null {
  if (args[0] !== "code" || env[RESPAWNED_ENV]) return null;
  const given = (s: string | undefined) => !!s && /--max-semi-space-size|--semi-space-growth-factor|--min-semi-space-size/.test(s);
  if (execArgv.some(given) || given(env.NODE_OPTIONS)) return null;
  let bytes = 0;
  for (const a of args.slice(1)) {
    if (a === "-") bytes += fileBytes("/dev/stdin");
    else if (!a.startsWith("-")) bytes += fileBytes(a);
  }
  const flags = codeHeapFlags(bytes);
  return flags.length > 0 ? flags : null;
}
