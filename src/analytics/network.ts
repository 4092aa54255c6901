/**
 * The actor network of a period: actors as nodes, undirected weighted ties between
 * every pair that interacted, and the strongest cooperative and conflictual ties.
 */
import { toEpochDay } from "./dates.js";
import { exclusionReason, type InclusionOptions } from "./inclusion.js";
import type { DyadKeyField } from "./alerts.js";
import type { ActorKey, Tally } from "./types.js";

export interface NetworkNode {
  id: string;
  name: string | null;
  code: string | null;
  country: string | null;
  /** Events the actor took part in, and how many distinct partners it had. */
  events: number;
  degree: number;
}

export interface NetworkEdge {
  /** The two node ids, sorted. */
  a: string;
  b: string;
  events: number;
  goldstein_sum: number;
  goldstein_mean: number;
  /** (cooperative − conflictual events) / events: from −1 (all conflict) to 1. */
  tone: number;
  cooperative: number;
  conflictual: number;
  /** Sum of positive Goldstein scores, and of the magnitudes of negative ones. */
  cooperation_weight: number;
  conflict_weight: number;
}

export interface NetworkOptions extends InclusionOptions {
  /** Inclusive range, YYYY-MM-DD. */
  from?: string;
  to?: string;
  nodeKey?: DyadKeyField;
  /** Ties with fewer events are dropped (default 1). */
  minEvents?: number;
  /** How many strongest ties of each kind to list (default 10). */
  top?: number;
}

export interface Network {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  strongest_cooperative: NetworkEdge[];
  strongest_conflictual: NetworkEdge[];
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Build the network of the tallies in range. Edges come sorted by events, then ids. */
export function buildNetwork(tallies: Iterable<Tally>, opts: NetworkOptions = {}): Network {
  const field = opts.nodeKey ?? "id";
  const lo = opts.from ? toEpochDay(opts.from) : null;
  const hi = opts.to ? toEpochDay(opts.to) : null;
  if ((opts.from && lo === null) || (opts.to && hi === null)) throw new RangeError("from and to must be dates YYYY-MM-DD");
  const nodes = new Map<string, NetworkNode>();
  const partners = new Map<string, Set<string>>();
  const edges = new Map<string, NetworkEdge>();
  const node = (k: string, actor: ActorKey): NetworkNode => {
    let n = nodes.get(k);
    if (!n) {
      n = { id: k, name: actor.name ?? null, code: field === "country" ? null : actor.code, country: actor.country, events: 0, degree: 0 };
      nodes.set(k, n);
      partners.set(k, new Set());
    }
    return n;
  };
  for (const t of tallies) {
    const ka = t.source?.[field];
    const kb = t.target?.[field];
    if (!ka || !kb || ka === kb || !t.source || !t.target) continue;
    if (exclusionReason(t, opts) !== null) continue;
    if (lo !== null || hi !== null) {
      const day = toEpochDay(t.date.length === 10 ? t.date : t.date.length === 7 ? t.date + "-01" : t.date + "-01-01");
      if (day === null || (lo !== null && day < lo) || (hi !== null && day > hi)) continue;
    }
    node(ka, t.source).events += t.events;
    node(kb, t.target).events += t.events;
    partners.get(ka)?.add(kb);
    partners.get(kb)?.add(ka);
    const [a, b] = ka < kb ? [ka, kb] : [kb, ka];
    const key = `${a}\u0000${b}`;
    let e = edges.get(key);
    if (!e) {
      e = { a, b, events: 0, goldstein_sum: 0, goldstein_mean: 0, tone: 0, cooperative: 0, conflictual: 0, cooperation_weight: 0, conflict_weight: 0 };
      edges.set(key, e);
    }
    e.events += t.events;
    e.goldstein_sum += t.goldstein_sum;
    if (t.quad_class <= 2) e.cooperative += t.events;
    else e.conflictual += t.events;
    if (t.goldstein_sum > 0) e.cooperation_weight += t.goldstein_sum;
    else e.conflict_weight -= t.goldstein_sum;
  }
  const kept = [...edges.values()].filter((e) => e.events >= (opts.minEvents ?? 1));
  for (const e of kept) {
    e.goldstein_mean = round(e.goldstein_sum / e.events);
    e.goldstein_sum = round(e.goldstein_sum);
    e.tone = round((e.cooperative - e.conflictual) / e.events);
    e.cooperation_weight = round(e.cooperation_weight);
    e.conflict_weight = round(e.conflict_weight);
  }
  for (const [k, n] of nodes) n.degree = partners.get(k)?.size ?? 0;
  const byIds = (x: NetworkEdge, y: NetworkEdge): number => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0);
  const top = opts.top ?? 10;
  return {
    nodes: [...nodes.values()].sort((x, y) => y.events - x.events || (x.id < y.id ? -1 : 1)),
    edges: kept.sort((x, y) => y.events - x.events || byIds(x, y)),
    strongest_cooperative: kept.filter((e) => e.cooperation_weight > 0).sort((x, y) => y.cooperation_weight - x.cooperation_weight || byIds(x, y)).slice(0, top),
    strongest_conflictual: kept.filter((e) => e.conflict_weight > 0).sort((x, y) => y.conflict_weight - x.conflict_weight || byIds(x, y)).slice(0, top),
  };
}
