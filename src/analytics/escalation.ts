/**
 * Escalation detection on a daily intensity series, with no seasonal model: each
 * day is compared with a robust baseline of the trailing window before it.
 *
 * Values are first variance-stabilised with the Anscombe transform 2·√(x + 3/8)
 * (unit variance for Poisson counts), so a busy dyad's normal noise and a quiet
 * dyad's rare bursts are judged on the same scale; `transform: "none"` turns it off.
 *
 * - Robust z-score: z = (x − median) / scale, where scale is the larger of
 *   1.4826·MAD, 1.2533·(mean absolute deviation from the median) and `minScale`
 *   (the second term keeps sparse windows, whose MAD is 0, from calling every event
 *   a spike). Consecutive days with z ≥ `zThreshold` form one episode.
 * - One-sided CUSUM on the same standardised values (clipped at `zClip` so one
 *   huge day cannot carry it alone): S = max(0, S + z − k); an episode opens when S
 *   reaches `h` and closes when S returns to 0. It dates back to the change point:
 *   the day s, since S last left 0, that maximises Σ(z − k)/√n over the days from s
 *   to the alarm (a noisy day just before a jump is not taken as its start).
 *
 * Days also need `minEvents` events to count as high, so a single report never
 * raises an alert by itself.
 */

export interface EscalationOptions {
  /** Trailing baseline window, days (default 28). */
  window?: number;
  /** Days of history needed before a day is scored (default 14). */
  minHistory?: number;
  /** Robust z-score threshold (default 4). */
  zThreshold?: number;
  /** CUSUM allowance k and decision threshold h, in baseline scales (defaults 1.5 and 6). */
  cusumK?: number;
  cusumH?: number;
  /** Standardised values are clipped to this before entering the CUSUM (default 6). */
  zClip?: number;
  /** Smallest baseline scale (default 1). */
  minScale?: number;
  /** Smallest event count of a day that may be high (default 3). */
  minEvents?: number;
  /** Methods to run (default both). */
  methods?: readonly EscalationMethod[];
  /** Variance-stabilising transform applied before scoring (default "anscombe"). */
  transform?: "anscombe" | "none";
}

export type EscalationMethod = "zscore" | "cusum";
export const ESCALATION_METHODS: readonly EscalationMethod[] = ["zscore", "cusum"];

/** A run of days judged escalated, as indexes into the input series. */
export interface Episode {
  method: EscalationMethod;
  start: number;
  end: number;
  /** The index of the strongest day in the episode. */
  peak: number;
  /** Peak robust z (zscore) or peak CUSUM statistic (cusum). */
  score: number;
  /** The baseline at the episode's first day. */
  baseline: { median: number; scale: number };
  /** Sum of the intensity over the episode. */
  value: number;
}

/** A day of the series: its intensity and its event count. */
export interface DayPoint {
  value: number;
  events: number;
}

interface Resolved {
  window: number;
  minHistory: number;
  zThreshold: number;
  cusumK: number;
  cusumH: number;
  zClip: number;
  minScale: number;
  minEvents: number;
  methods: readonly EscalationMethod[];
  transform: "anscombe" | "none";
}

function resolve(o: EscalationOptions): Resolved {
  const r: Resolved = {
    window: o.window ?? 28,
    minHistory: o.minHistory ?? 14,
    zThreshold: o.zThreshold ?? 4,
    cusumK: o.cusumK ?? 1.5,
    cusumH: o.cusumH ?? 6,
    zClip: o.zClip ?? 6,
    minScale: o.minScale ?? 1,
    minEvents: o.minEvents ?? 3,
    methods: o.methods ?? ESCALATION_METHODS,
    transform: o.transform ?? "anscombe",
  };
  if (!(r.window >= 3 && r.window <= 3660) || !Number.isInteger(r.window)) throw new RangeError("window must be an integer from 3 to 3660 days");
  if (!(r.minHistory >= 3 && r.minHistory <= r.window)) throw new RangeError("minHistory must be from 3 to window");
  for (const k of ["zThreshold", "cusumK", "cusumH", "zClip", "minScale"] as const) {
    if (!(r[k] > 0 && Number.isFinite(r[k]))) throw new RangeError(`${k} must be a positive number`);
  }
  if (!(r.minEvents >= 0)) throw new RangeError("minEvents must be 0 or more");
  return r;
}

function median(sorted: number[]): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median and robust scale of a window of values. */
export function robustBaseline(values: readonly number[], minScale = 1): { median: number; scale: number } {
  const sorted = [...values].sort((x, y) => x - y);
  const m = median(sorted);
  const dev = sorted.map((v) => Math.abs(v - m)).sort((x, y) => x - y);
  const mad = median(dev);
  const meanAbs = dev.reduce((s, v) => s + v, 0) / dev.length;
  return { median: m, scale: Math.max(1.4826 * mad, 1.2533 * meanAbs, minScale) };
}

/** The Anscombe variance-stabilising transform (intensities are never negative). */
function anscombe(x: number): number {
  return 2 * Math.sqrt(Math.max(0, x) + 0.375);
}

/**
 * Robust z of every day (null before `minHistory` days of history), with its
 * baseline reported back in the untransformed unit (median, and the scale as the
 * distance from the median to one transformed scale above it).
 */
function standardise(days: readonly DayPoint[], o: Resolved): ({ z: number; median: number; scale: number } | null)[] {
  const f = o.transform === "anscombe" ? anscombe : (x: number) => x;
  const inv = o.transform === "anscombe" ? (y: number) => Math.max(0, (y / 2) ** 2 - 0.375) : (y: number) => y;
  const ys = days.map((d) => f(d.value));
  return days.map((_, t) => {
    if (t < o.minHistory) return null;
    const b = robustBaseline(ys.slice(Math.max(0, t - o.window), t), o.minScale);
    const median = Math.round(inv(b.median) * 1000) / 1000;
    const scale = Math.round((inv(b.median + b.scale) - inv(b.median)) * 1000) / 1000;
    return { z: (ys[t] - b.median) / b.scale, median, scale };
  });
}

interface Open {
  start: number;
  peak: number;
  score: number;
  value: number;
  baseline: { median: number; scale: number };
}

function close(method: EscalationMethod, open: Open, end: number): Episode {
  return { method, start: open.start, end, peak: open.peak, score: Math.round(open.score * 1000) / 1000, baseline: open.baseline, value: open.value };
}

function zscoreEpisodes(days: readonly DayPoint[], zs: ReturnType<typeof standardise>, o: Resolved): Episode[] {
  const out: Episode[] = [];
  let open: Open | null = null;
  for (let t = 0; t < days.length; t++) {
    const s = zs[t];
    const high = s !== null && s.z >= o.zThreshold && days[t].events >= o.minEvents;
    if (high && s) {
      if (!open) open = { start: t, peak: t, score: s.z, value: 0, baseline: { median: s.median, scale: s.scale } };
      open.value += days[t].value;
      if (s.z > open.score) Object.assign(open, { peak: t, score: s.z });
    } else if (open) {
      out.push(close("zscore", open, t - 1));
      open = null;
    }
  }
  if (open) out.push(close("zscore", open, days.length - 1));
  return out;
}

/** The most likely first shifted day in [from, to] (see the module comment). */
function changePoint(zs: ReturnType<typeof standardise>, from: number, to: number, o: Resolved): number {
  let best = to;
  let bestStat = -Infinity;
  let sum = 0;
  for (let s = to; s >= from; s--) {
    sum += Math.min(zs[s]?.z ?? 0, o.zClip) - o.cusumK;
    const stat = sum / Math.sqrt(to - s + 1);
    if (stat >= bestStat) [best, bestStat] = [s, stat];
  }
  return best;
}

function cusumEpisodes(days: readonly DayPoint[], zs: ReturnType<typeof standardise>, o: Resolved): Episode[] {
  const out: Episode[] = [];
  let s = 0;
  let rise = -1; // the first day of the current positive run of S
  let open: Open | null = null;
  for (let t = 0; t < days.length; t++) {
    const st = zs[t];
    if (st === null) continue;
    const z = days[t].events >= o.minEvents || st.z < 0 ? Math.min(st.z, o.zClip) : Math.min(st.z, 0);
    const prev = s;
    s = Math.max(0, s + z - o.cusumK);
    if (prev === 0 && s > 0) rise = t;
    if (s === 0) {
      if (open) out.push(close("cusum", open, t - 1));
      open = null;
      continue;
    }
    if (!open && s >= o.cusumH) {
      rise = changePoint(zs, rise, t, o);
      const b = zs[rise] ?? st;
      open = { start: rise, peak: t, score: s, value: 0, baseline: { median: b.median, scale: b.scale } };
      for (let i = rise; i < t; i++) open.value += days[i].value;
    }
    if (open) {
      open.value += days[t].value;
      if (s > open.score) Object.assign(open, { peak: t, score: s });
    }
  }
  if (open) out.push(close("cusum", open, days.length - 1));
  return out;
}

/** Find escalation episodes in a contiguous daily series (index 0 = first day). */
export function detectEscalation(days: readonly DayPoint[], opts: EscalationOptions = {}): Episode[] {
  const o = resolve(opts);
  const zs = standardise(days, o);
  const out: Episode[] = [];
  if (o.methods.includes("zscore")) out.push(...zscoreEpisodes(days, zs, o));
  if (o.methods.includes("cusum")) out.push(...cusumEpisodes(days, zs, o));
  return out;
}
