/**
 * Seeded synthetic event streams for tests and benchmarks: Poisson daily counts per
 * dyad, with optional rate changes, so detectors can be checked against a known truth.
 */
import { fromEpochDay, toEpochDay } from "./dates.js";
import type { ActorKey, EventLike } from "./types.js";

/** A small, fast seeded PRNG (mulberry32): same seed, same stream. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson draw (Knuth's method below 30, a rounded normal approximation above). */
export function poisson(rand: () => number, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) {
    const z = Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

/** A test actor: a state ("AFG") or an armed group of a country. */
export function testActor(id: string, country: string, sector: string | null): ActorKey {
  return { id, code: country + (sector ?? ""), country, sector, name: id };
}

/** A kind of event the generator draws from. */
export interface EventKind {
  cameo: string;
  goldstein: number;
  quad_class: 1 | 2 | 3 | 4;
}

export interface StreamSpec {
  seed: number;
  source: ActorKey;
  target: ActorKey;
  /** First day (YYYY-MM-DD) and number of days. */
  start: string;
  days: number;
  /** Events per day; a function of the day index allows change points. */
  rate: number | ((day: number) => number);
  /** Kinds to draw from, uniformly (default: a material-conflict "fight"). */
  kinds?: readonly EventKind[];
  /** Distinct documents events are reported in (default 50). */
  docs?: number;
  /** Id prefix (default "ev"). */
  prefix?: string;
}

/** Generate the events of one dyad, day by day. */
export function generateStream(spec: StreamSpec): EventLike[] {
  const rand = seededRandom(spec.seed);
  const kinds = spec.kinds ?? [{ cameo: "190", goldstein: -10, quad_class: 4 }];
  const first = toEpochDay(spec.start);
  if (first === null) throw new RangeError(`bad start date ${spec.start}`);
  const out: EventLike[] = [];
  for (let d = 0; d < spec.days; d++) {
    const lambda = typeof spec.rate === "number" ? spec.rate : spec.rate(d);
    const n = poisson(rand, lambda);
    const date = fromEpochDay(first + d);
    for (let i = 0; i < n; i++) {
      const k = kinds[Math.floor(rand() * kinds.length)];
      const flip = rand() < 0.5;
      out.push({
        id: `${spec.prefix ?? "ev"}-${d}-${i}`,
        doc_id: `doc-${Math.floor(rand() * (spec.docs ?? 50))}`,
        cameo: k.cameo,
        cameo_root: k.cameo.slice(0, 2),
        goldstein: k.goldstein,
        quad_class: k.quad_class,
        modality: "asserted",
        historical: false,
        date: { value: date, precision: "day" },
        source: flip ? spec.target : spec.source,
        target: flip ? spec.source : spec.target,
        fatalities: null,
      });
    }
  }
  return out;
}
