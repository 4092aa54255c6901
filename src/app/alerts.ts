/**
 * The alerts use case: detect escalation episodes on the store's daily dyad rollup,
 * name the events and sources behind each (fetched from the store for the
 * episode's window), and file them as deduplicated alerts.
 */
import {
  detectAlerts, rankContributors, tallyFromRow, type AlertOptions, type EscalationAlert,
} from "../analytics/index.js";
import type { AlertSeverity, EventFilter, EventStore } from "../store/types.js";
import { resolvePeriod } from "./query.js";

export interface RunAlertsOptions extends AlertOptions {
  /** Days of history analysed when `from` is not given (default 365). */
  days?: number;
  /** Events fetched per alert to rank contributors (default 500). */
  scanEvents?: number;
}

export interface RunAlertsResult {
  period: { from: string; to: string };
  /** Alerts detected in this run, and how many of them were new to the store. */
  detected: number;
  inserted: number;
  alerts: (EscalationAlert & { id: string; inserted: boolean })[];
}

function severityOf(a: EscalationAlert, o: AlertOptions): AlertSeverity {
  const threshold = a.method === "zscore" ? (o.zThreshold ?? 4) : (o.cusumH ?? 6);
  return a.score >= 2 * threshold ? "critical" : "warning";
}

/** The store filter selecting an alert's events in its window. */
export function alertFilter(a: EscalationAlert, dyadKeyField: AlertOptions["dyadKey"] = "id"): EventFilter {
  const base: EventFilter = { from: a.window.from, to: a.window.to, historical: false };
  if (a.scope === "country") return { ...base, country: a.subject };
  const [x, y] = a.subject.split("|");
  const side = (v: string) => ({ [dyadKeyField]: v });
  return { ...base, dyad: { a: side(x), b: side(y), directed: false } };
}

/** Detect escalations over a period and store them as alerts (existing keys are kept as they are). */
export async function runAlerts(store: EventStore, opts: RunAlertsOptions = {}): Promise<RunAlertsResult> {
  const period = await resolvePeriod(store, opts, opts.days ?? 365);
  const rows = await store.dyadDaily(period);
  const found = detectAlerts(rows.map((r) => tallyFromRow(r)), { ...opts, ...period });
  const measure = opts.measure ?? "negative_goldstein";
  const alerts: RunAlertsResult["alerts"] = [];
  for (const a of found) {
    const page = await store.queryEvents(alertFilter(a, opts.dyadKey), { limit: opts.scanEvents ?? 500 });
    const contributors = rankContributors(page.items, measure, opts.topContributors);
    const alert = { ...a, contributors };
    const saved = await store.putAlert({
      key: a.key,
      kind: `escalation:${a.scope}`,
      severity: severityOf(a, opts),
      title: `${a.scope === "dyad" ? "Escalation between" : "Escalation in"} ${a.label}, ${a.window.from} to ${a.window.to} (${a.method})`,
      detail: alert,
      event_ids: contributors.events.map((e) => e.id),
    });
    alerts.push({ ...alert, ...saved });
  }
  return { period, detected: alerts.length, inserted: alerts.filter((a) => a.inserted).length, alerts };
}
