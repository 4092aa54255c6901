/** `faultline db stats|migrate|event ID|events [filters]`: inspect the event store. */
import type { CliIO, Command } from "../command.js";
import { UsageError } from "../command.js";
import { DB_OPTION, FILTER_OPTIONS, FILTER_USAGE, filterFromOptions, parseOptions, storeUrl } from "../store-options.js";

const USAGE = `usage: faultline db <stats|migrate|event ID|events> [--db URL] [options]

  stats         counts of documents, mentions, events, alerts, reviews, jobs (JSON)
  migrate       create or upgrade the store's tables (opening does it too)
  event ID      one merged event with all its mentions (JSON); ID may be a mention's record id
  events        one page of events (JSON: items and next cursor); --limit N, --cursor C

${FILTER_USAGE}
`;

const command = {
  summary: "inspect the event store (stats, migrate, event, events)",
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseOptions(args, {
      ...DB_OPTION, ...FILTER_OPTIONS, limit: { type: "string" }, cursor: { type: "string" },
    });
    const [sub, arg] = positionals;
    if (!sub || !["stats", "migrate", "event", "events"].includes(sub)) throw new UsageError("expected stats, migrate, event ID or events");
    if (sub === "event" && !arg) throw new UsageError("db event needs an event id");
    const { openStore } = await import("../../store/index.js");
    const store = await openStore(storeUrl(values.db));
    const out = (v: unknown) => io.stdout.write(JSON.stringify(v, null, 2) + "\n");
    try {
      if (sub === "stats" || sub === "migrate") out(await store.stats());
      else if (sub === "event") {
        const ev = await store.getEvent(arg!);
        if (!ev) {
          io.stderr.write(`faultline db: no event "${arg}"\n`);
          return 1;
        }
        out(ev);
      } else out(await store.queryEvents(filterFromOptions(values), { limit: Number(values.limit ?? 20), cursor: values.cursor ?? null }));
      return 0;
    } catch (err) {
      io.stderr.write(`faultline db: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    } finally {
      await store.close();
    }
  },
} satisfies Command;

export default command;
