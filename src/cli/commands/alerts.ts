/** `faultline alerts`: detect escalations in the store and list or acknowledge alerts. */
import { UsageError, type CliIO, type Command } from "../command.js";
import { DB_OPTION, parseOptions, storeUrl } from "../store-options.js";

const usage = `usage: faultline alerts run [--db URL] [--from D] [--to D] [--days N] [--measure M] [--scope dyad|country|both]
                        [--window N] [--z N] [--cusum-h N] [--min-events N] [--json]
       faultline alerts list [--db URL] [--open] [--limit N] [--json]
       faultline alerts ack ID [--db URL] [--by NAME]

run   detects escalation episodes (robust z-score and CUSUM over a trailing window) per
      dyad and per country, and stores new alerts (deduplicated by key).
      --measure material_conflict | negative_goldstein (default)
list  prints stored alerts, newest first (--open: unacknowledged only).
ack   marks an alert acknowledged.
`;

function num(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}`);
  return n;
}

function day(name: string, v: string | undefined): string | undefined {
  if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`--${name} must be YYYY-MM-DD`);
  return v;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseOptions(rest, {
    ...DB_OPTION, from: { type: "string" }, to: { type: "string" }, days: { type: "string" }, measure: { type: "string" },
    scope: { type: "string" }, window: { type: "string" }, z: { type: "string" }, "cusum-h": { type: "string" },
    "min-events": { type: "string" }, json: { type: "boolean" }, open: { type: "boolean" }, limit: { type: "string" }, by: { type: "string" },
  });
  if (sub !== "run" && sub !== "list" && sub !== "ack") throw new UsageError("give a subcommand: run, list or ack");
  if (sub !== "ack" && positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const { openStore } = await import("../../store/index.js");
  const store = await openStore(storeUrl(values.db));
  try {
    if (sub === "ack") {
      if (positionals.length !== 1) throw new UsageError("ack needs one alert ID");
      const ok = await store.ackAlert(positionals[0], values.by ?? process.env.USER ?? "cli");
      if (!ok) {
        io.stderr.write(`faultline alerts: no alert ${positionals[0]}\n`);
        return 1;
      }
      io.stdout.write(`acknowledged ${positionals[0]}\n`);
      return 0;
    }
    if (sub === "list") {
      const alerts = await store.listAlerts({ acked: values.open ? false : undefined, limit: num("limit", values.limit, 1, 1000) ?? 50 });
      for (const a of alerts) {
        io.stdout.write(values.json ? JSON.stringify(a) + "\n" : `${a.id}\t${a.severity}\t${a.acked_at ? "acked" : "open"}\t${a.title}\n`);
      }
      return 0;
    }
    const { runAlerts } = await import("../../app/alerts.js");
    const { INTENSITY_MEASURES } = await import("../../analytics/index.js");
    const measure = values.measure as (typeof INTENSITY_MEASURES)[number] | undefined;
    if (measure !== undefined && !INTENSITY_MEASURES.includes(measure)) throw new UsageError(`--measure must be one of ${INTENSITY_MEASURES.join(", ")}`);
    const scope = values.scope ?? "both";
    if (!["dyad", "country", "both"].includes(scope)) throw new UsageError("--scope must be dyad, country or both");
    const result = await runAlerts(store, {
      from: day("from", values.from), to: day("to", values.to), days: num("days", values.days, 7, 3660), measure,
      scopes: scope === "both" ? undefined : [scope as "dyad" | "country"], window: num("window", values.window, 7, 365),
      zThreshold: num("z", values.z, 1, 100), cusumH: num("cusum-h", values["cusum-h"], 1, 1000), minEvents: num("min-events", values["min-events"], 0, 1e6),
    });
    if (values.json) io.stdout.write(JSON.stringify(result) + "\n");
    else {
      for (const a of result.alerts) io.stdout.write(`${a.inserted ? "new " : "seen"}\t${a.window.from}..${a.window.to}\t${a.method}\t${a.score}\t${a.label}\n`);
      io.stderr.write(`faultline alerts: ${result.period.from}..${result.period.to}: ${result.detected} alerts, ${result.inserted} new\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

export default { summary: "detect escalations, list and acknowledge alerts", usage, run } satisfies Command;
