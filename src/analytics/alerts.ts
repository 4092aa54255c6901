/**
 * Escalation alerts per dyad and per country: group tallies, build a daily
 * conflict-intensity series per group, detect episodes, and name the events and
 * sources that drove each one.
 */
import { fromEpochDay, toEpochDay } from "./dates.js";
import { detectEscalation, type DayPoint, type EscalationMethod, type EscalationOptions } from "./escalation.js";
import { exclusionReason, type InclusionOptions } from "./inclusion.js";
import type { ActorKey, EventLike, Tally } from "./types.js";

/** What a day's intensity measures. */
export type IntensityMeasure = "material_conflict" | "negative_goldstein";
export const INTENSITY_MEASURES: readonly IntensityMeasure[] = ["material_conflict", "negative_goldstein"];

/**
 * The intensity a tally adds to its day: material-conflict events count 1 each;
 * under "negative_goldstein" each event weighs −goldstein/10 (1 for the most
 * violent acts, 0 for cooperation), so both measures are in event units and
 * the detector's Poisson noise floor holds for either.
 */
export function intensityOf(t: Pick<Tally, "quad_class" | "events" | "goldstein_sum">, measure: IntensityMeasure): number {
  if (measure === "material_conflict") return t.quad_class === 4 ? t.events : 0;
  return Math.max(0, -t.goldstein_sum) / 10;
}

export type AlertScope = "dyad" | "country";

/** How dyads are keyed: by knowledge-base id, actor code, or country (undirected). */
export type DyadKeyField = "id" | "code" | "country";

export interface AlertOptions extends EscalationOptions, InclusionOptions {
  scopes?: readonly AlertScope[];
  measure?: IntensityMeasure;
  dyadKey?: DyadKeyField;
  /** Inclusive analysis range (YYYY-MM-DD); default: the range of the data. */
  from?: string;
  to?: string;
  /** Groups with fewer counted events than this are skipped (default 10). */
  minGroupEvents?: number;
  /** How many contributing events and sources to name (default 10). */
  topContributors?: number;
}

export interface ContributingEvent {
  id: string;
  date: string;
  weight: number;
  cameo: string | null;
  cameo_root: string;
  goldstein: number;
  doc_id: string;
  source: string | null;
  target: string | null;
}

export interface ContributingSource {
  doc_id: string;
  weight: number;
  events: number;
}

/** One escalation alert, deduplicated across re-runs by `key`. */
export interface EscalationAlert {
  /** Stable: scope, subject, method and first day of the episode. */
  key: string;
  scope: AlertScope;
  /** The dyad ("state:AFG|state:PAK", sides sorted) or the country code. */
  subject: string;
  label: string;
  method: EscalationMethod;
  measure: IntensityMeasure;
  window: { from: string; to: string };
  peak_day: string;
  score: number;
  baseline: { median: number; scale: number; window_days: number };
  value: number;
  events: number;
  contributors: { events: ContributingEvent[]; sources: ContributingSource[] };
}

/** The dyad key of a tally (sides sorted: undirected), or null when a side is unknown. */
export function dyadKey(source: ActorKey | null, target: ActorKey | null, field: DyadKeyField): string | null {
  return pairKey(source?.[field], target?.[field]);
}

/** The undirected key "a|b" of two values of one actor field (null when one is missing or both are equal). */
export function pairKey(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a || !b || a === b) return null;
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** The country an event is counted in: where it happened, else the target's, else the source's. */
export function countryOf(t: Tally): string | null {
  return t.event?.location?.country ?? t.target?.country ?? t.source?.country ?? null;
}

interface Group {
  label: string;
  byDay: Map<number, { value: number; events: number; tallies: Tally[] }>;
  events: number;
}

function groupsOf(tallies: Iterable<Tally>, scope: AlertScope, o: AlertOptions, lo: number | null, hi: number | null): Map<string, Group> {
  const measure = o.measure ?? "negative_goldstein";
  const groups = new Map<string, Group>();
  for (const t of tallies) {
    if (exclusionReason(t, o) !== null) continue;
    const day = t.date.length === 10 ? toEpochDay(t.date) : null;
    if (day === null || (lo !== null && day < lo) || (hi !== null && day > hi)) continue;
    const key = scope === "dyad" ? dyadKey(t.source, t.target, o.dyadKey ?? "id") : countryOf(t);
    if (key === null) continue;
    let g = groups.get(key);
    if (!g) {
      const label = scope === "dyad" ? labelOfDyad(t, o.dyadKey ?? "id") : key;
      groups.set(key, (g = { label, byDay: new Map(), events: 0 }));
    }
    let d = g.byDay.get(day);
    if (!d) g.byDay.set(day, (d = { value: 0, events: 0, tallies: [] }));
    d.value += intensityOf(t, measure);
    d.events += t.events;
    if (t.event) d.tallies.push(t);
    g.events += t.events;
  }
  return groups;
}

function labelOfDyad(t: Tally, field: DyadKeyField): string {
  const side = (a: ActorKey | null): string => a?.name ?? a?.[field] ?? "?";
  const [x, y] = [side(t.source), side(t.target)].sort();
  return `${x} – ${y}`;
}

/**
 * The events and sources that drove an episode: events ranked by their intensity
 * weight (then date, id), sources (documents) by the summed weight of their events.
 */
export function rankContributors(events: Iterable<EventLike>, measure: IntensityMeasure, top = 10): EscalationAlert["contributors"] {
  const ranked: ContributingEvent[] = [];
  const sources = new Map<string, ContributingSource>();
  for (const e of events) {
    const weight = Math.round(intensityOf({ quad_class: e.quad_class, events: 1, goldstein_sum: e.goldstein }, measure) * 1000) / 1000;
    if (weight <= 0) continue;
    ranked.push({
      id: e.id, date: e.date.value, weight, cameo: e.cameo ?? null, cameo_root: e.cameo_root,
      goldstein: e.goldstein, doc_id: e.doc_id, source: e.source?.id ?? null, target: e.target?.id ?? null,
    });
    const s = sources.get(e.doc_id) ?? { doc_id: e.doc_id, weight: 0, events: 0 };
    s.weight = Math.round((s.weight + weight) * 1000) / 1000;
    s.events += 1;
    sources.set(e.doc_id, s);
  }
  const byWeight = <T extends { weight: number }>(x: T, y: T, tie: (x: T, y: T) => number): number => y.weight - x.weight || tie(x, y);
  ranked.sort((x, y) => byWeight(x, y, (p, q) => (p.date < q.date ? -1 : p.date > q.date ? 1 : p.id < q.id ? -1 : 1)));
  const srcs = [...sources.values()].sort((x, y) => byWeight(x, y, (p, q) => (p.doc_id < q.doc_id ? -1 : 1)));
  return { events: ranked.slice(0, top), sources: srcs.slice(0, top) };
}

function* eventsIn(g: Group, from: number, to: number): Generator<EventLike> {
  for (let day = from; day <= to; day++) {
    for (const t of g.byDay.get(day)?.tallies ?? []) if (t.event) yield t.event;
  }
}

/** Stable dedup key of an alert. */
export function alertKey(scope: AlertScope, subject: string, method: EscalationMethod, firstDay: string): string {
  return `${scope}:${subject}:${method}:${firstDay}`;
}

/**
 * Escalation alerts over tallies (events give contributors; rollup rows give the
 * episodes only, and the caller fetches the contributing events of each window).
 * Alerts come sorted by first day, then key.
 */
export function detectAlerts(tallies: readonly Tally[], opts: AlertOptions = {}): EscalationAlert[] {
  const lo = opts.from ? toEpochDay(opts.from) : null;
  const hi = opts.to ? toEpochDay(opts.to) : null;
  if ((opts.from && lo === null) || (opts.to && hi === null)) throw new RangeError("from and to must be dates YYYY-MM-DD");
  const measure = opts.measure ?? "negative_goldstein";
  const window = opts.window ?? 28;
  const alerts: EscalationAlert[] = [];
  for (const scope of opts.scopes ?? (["dyad", "country"] as const)) {
    for (const [subject, g] of groupsOf(tallies, scope, opts, lo, hi)) {
      if (g.events < (opts.minGroupEvents ?? 10)) continue;
      let first = Infinity;
      let last = -Infinity;
      for (const d of g.byDay.keys()) [first, last] = [Math.min(first, d), Math.max(last, d)];
      first = lo ?? first;
      last = hi ?? last;
      const points: DayPoint[] = [];
      for (let d = first; d <= last; d++) points.push(g.byDay.get(d) ?? { value: 0, events: 0 });
      for (const ep of detectEscalation(points, opts)) {
        const from = first + ep.start;
        const to = first + ep.end;
        let events = 0;
        for (let d = from; d <= to; d++) events += points[d - first].events;
        alerts.push({
          key: alertKey(scope, subject, ep.method, fromEpochDay(from)),
          scope, subject, label: g.label, method: ep.method, measure,
          window: { from: fromEpochDay(from), to: fromEpochDay(to) },
          peak_day: fromEpochDay(first + ep.peak),
          score: ep.score,
          baseline: { ...ep.baseline, window_days: window },
          value: Math.round(ep.value * 1000) / 1000,
          events,
          contributors: rankContributors(eventsIn(g, from, to), measure, opts.topContributors),
        });
      }
    }
  }
  return alerts.sort((x, y) => (x.window.from < y.window.from ? -1 : x.window.from > y.window.from ? 1 : x.key < y.key ? -1 : 1));
}
