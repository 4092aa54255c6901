/**
 * Helpers shared by the bench scripts (plain JavaScript, so scripts run by bare
 * `node` can use them too).
 */

/** The value after `--name` on the command line, or `fallback` when absent. */
export function arg(name, fallback) {
  const k = process.argv.indexOf(name);
  return k >= 0 && k + 1 < process.argv.length ? process.argv[k + 1] : fallback;
}

/** mulberry32: a small seeded generator of floats in [0, 1); same seed, same stream. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CPU milliseconds (user + system) this process has used. */
export function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Run `fn`, returning its result with wall and CPU milliseconds. */
export async function measure(fn) {
  const c0 = cpuMs();
  const t0 = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - t0, cpu: cpuMs() - c0 };
}

/**
 * What `faultline code` does with `docs`: code each and write every record as a JSON line
 * to `path` (`createWriter` of src/app/output.ts, given by the caller so that this file
 * stays plain JavaScript). Returns the number of records written.
 */
export async function codeToJsonl(coder, docs, path, createWriter) {
  const { createWriteStream } = await import("node:fs");
  const out = createWriteStream(path);
  const writer = createWriter("jsonl", out);
  for (const d of docs) {
    for (const r of coder.code(d)) {
      const flush = writer.add(r);
      if (flush) await flush;
    }
  }
  await writer.end();
  await new Promise((res, rej) => out.end((e) => (e ? rej(e) : res())));
  return writer.count;
}
