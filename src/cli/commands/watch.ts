/** `faultline watch --feeds FILE`: poll RSS/Atom feeds and ingest new items, until stopped. */
import { readFileSync } from "node:fs";
import type { CliIO, Command } from "../command.js";
import { UsageError } from "../command.js";
import { DB_OPTION, KB_ADDITIONS_OPTION, kbAdditionsPath, parseOptions, storeUrl, untilStopped } from "../store-options.js";

const USAGE = `usage: faultline watch --feeds FILE [--interval 15m] [--db URL] [options]

Polls every feed in FILE (one URL a line, # comments) with conditional requests,
backs off exponentially (with jitter) after errors, spaces requests to one host,
obeys robots.txt, and ingests new items. Runs until SIGINT/SIGTERM.

options:
  --feeds FILE        the feed list (required)
  --interval DURATION poll interval per feed, e.g. 90s, 15m, 1h (default 15m)
  --db URL            the store (default $FAULTLINE_DB or ./faultline.sqlite)
  --date YYYY-MM-DD   publication date for items that carry none
  --no-follow         use the items' own text instead of fetching their pages
  --allow-private     allow private/loopback addresses
  --queue             enqueue documents for \`faultline worker\` instead of coding
  --kb-additions FILE knowledge-base additions to code with (read at start: restart to pick up new ones);
                      default <db file>.kb-additions.json beside a SQLite store when it exists
`;

const command = {
  summary: "poll RSS/Atom feeds and ingest new items",
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseOptions(args, {
      ...DB_OPTION, feeds: { type: "string" }, interval: { type: "string" }, date: { type: "string" },
      "no-follow": { type: "boolean" }, "allow-private": { type: "boolean" }, queue: { type: "boolean" }, ...KB_ADDITIONS_OPTION,
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.feeds) throw new UsageError("--feeds FILE is required");
    const { watch, parseDuration, parseFeedList } = await import("../../app/watch.js");
    let feeds: string[];
    let intervalMs: number;
    try {
      feeds = parseFeedList(readFileSync(values.feeds, "utf8"));
      intervalMs = parseDuration(values.interval ?? "15m");
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    if (feeds.length === 0) throw new UsageError(`no feed URLs in ${values.feeds}`);
    const [{ openStore }, { Coder }, { formatSummary }] = await Promise.all([
      import("../../store/index.js"), import("../../app/coder.js"), import("../../app/ingest.js"),
    ]);
    const db = storeUrl(values.db);
    const kbAdditions = kbAdditionsPath(values["kb-additions"], db);
    const coder = values.queue ? undefined : new Coder({ defaultDate: values.date, kbAdditions });
    const store = await openStore(db);
    return untilStopped(store, async (signal) => {
      await watch({
        store, coder, feeds, intervalMs,
        defaultDate: values.date ?? null, follow: !values["no-follow"], allowPrivate: values["allow-private"],
        queue: values.queue, signal,
        onError: (source, msg) => io.stderr.write(`faultline watch: ${source}: ${msg}\n`),
        onPoll: (feed, r) => io.stderr.write(`${new Date().toISOString()} ${feed}: ${r.status}${r.summary ? " — " + formatSummary(r.summary) : ""}${r.error ? " — " + r.error : ""}\n`),
      });
      return 0;
    });
  },
} satisfies Command;

export default command;
