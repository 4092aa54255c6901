/** `faultline ingest PATH|URL|FEED...`: documents into the event store, coded and merged. */
import type { CliIO, Command } from "../command.js";
import { UsageError } from "../command.js";
import { INGEST_OPTIONS } from "../ingest-options.js";
import { kbAdditionsPath, parseOptions, storeUrl } from "../store-options.js";

const USAGE = `usage: faultline ingest PATH|URL|FEED... [options]

Reads files and folders (.txt, .html/.htm, .jsonl/.ndjson, .xml/.rss/.atom feeds),
web pages and RSS/Atom feed URLs; stores each document once (same text = same
document), codes it and merges its events with other reports of the same event.

options:
  --db URL            store: a SQLite path, sqlite:PATH, :memory: or postgres://... (default $FAULTLINE_DB or ./faultline.sqlite)
  --date YYYY-MM-DD   publication date for documents that carry none
  --allow-private     allow fetching private/loopback addresses
  --queue             store documents and enqueue them for \`faultline worker\` instead of coding
  --no-follow         for feeds, use the items' own text instead of fetching their pages
  --batch N           documents coded and merged together (default 200)
  --commit N          documents per transaction (default 10000): batches are committed together
                      once N documents or 10 s of work wait, and at the end (merges are the same)
  --progress          progress on stderr even when it is not a terminal
  --kb-additions FILE knowledge-base additions (named actors) to code with; default <db file>.kb-additions.json
                      beside a SQLite store when it exists (what \`faultline serve\` writes from the review desk)

A summary goes to stdout at the end. Exit status: 0 done, 1 nothing could be ingested, 2 bad usage.
`;

const command = {
  summary: "ingest files, pages and feeds into the event store",
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseOptions(args, INGEST_OPTIONS);
    if (positionals.length === 0) throw new UsageError("nothing to ingest (give files, folders or URLs)");
    if (values.date && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new UsageError("--date must be YYYY-MM-DD");
    const batch = values.batch === undefined ? 200 : Number(values.batch);
    if (!Number.isInteger(batch) || batch < 1) throw new UsageError("--batch must be a positive integer");
    const commitDocs = values.commit === undefined ? undefined : Number(values.commit);
    if (commitDocs !== undefined && (!Number.isInteger(commitDocs) || commitDocs < 1)) throw new UsageError("--commit must be a positive integer");
    const [{ openStore }, { ingest, formatSummary }] = await Promise.all([import("../../store/index.js"), import("../../app/ingest.js")]);
    const db = storeUrl(values.db);
    const kbAdditions = kbAdditionsPath(values["kb-additions"], db);
    const coder = values.queue ? undefined : new (await import("../../app/coder.js")).Coder({ defaultDate: values.date, kbAdditions });
    const store = await openStore(db);
    const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
    const showProgress = values.progress || tty;
    const start = Date.now();
    try {
      const sum = await ingest(positionals, {
        store, coder, defaultDate: values.date ?? null, allowPrivate: values["allow-private"], batchSize: batch, commitDocs,
        queue: values.queue, follow: !values["no-follow"],
        onError: (source, msg) => io.stderr.write(`faultline ingest: ${source}: ${msg}\n`),
        onProgress: showProgress
          ? (s) => io.stderr.write(`${tty ? "\r" : ""}${s.seen} documents, ${s.new} new, ${s.events + s.merged} events (${((Date.now() - start) / 1000).toFixed(1)} s)${tty ? "" : "\n"}`)
          : undefined,
      });
      if (showProgress && tty) io.stderr.write("\n");
      io.stdout.write(formatSummary(sum) + "\n");
      return sum.failed > 0 && sum.new + sum.duplicate === 0 ? 1 : 0;
    } finally {
      await store.close();
    }
  },
} satisfies Command;

export default command;
