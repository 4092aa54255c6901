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
