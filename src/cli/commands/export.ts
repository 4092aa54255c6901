/** `faultline export`: stored events out as JSONL, CSV, GDELT-style TSV, ACLED-style CSV or PLOVER JSON. */
import type { CliIO, Command } from "../command.js";
import { UsageError } from "../command.js";
import { DB_OPTION, FILTER_OPTIONS, FILTER_USAGE, filterFromOptions, parseOptions, storeUrl } from "../store-options.js";

const FORMATS = ["jsonl", "csv", "gdelt", "acled", "plover", "reviews"] as const;

const USAGE = `usage: faultline export [--format jsonl|csv|gdelt|acled|plover|reviews] [--db URL] [--exclude-rejected] [filters]

Writes the merged events of the store to stdout (newest day first).
  jsonl   event records (contract), plus n_sources, n_articles, first_reported, day, and
          review (latest verdict, corrected and original values) for reviewed events
  csv     the same columns as \`faultline code --format csv\`
  gdelt   GDELT 2.0 event-table layout (61 tab-separated columns)
  acled   ACLED-style CSV (events with an ACLED type)
  plover  a JSON array of PLOVER-style events
  reviews every review as JSON Lines, oldest first (event id, verdict, corrections, note, by);
          event filters do not apply

Events carry the corrections of their latest review (code, actors). Events whose latest
verdict is "wrong" are kept (flagged in jsonl) unless --exclude-rejected.

${FILTER_USAGE}
`;

const command = {
  summary: "export stored events (jsonl, csv, gdelt, acled, plover) or reviews",
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseOptions(args, { ...DB_OPTION, ...FILTER_OPTIONS, format: { type: "string" }, "exclude-rejected": { type: "boolean" } });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const format = values.format ?? "jsonl";
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
    const filter = filterFromOptions(values);
    if (format === "reviews" && (Object.keys(filter).length > 0 || values["exclude-rejected"])) throw new UsageError("event filters and --exclude-rejected do not apply to --format reviews");
    const [{ openStore }, { exportEvents }] = await Promise.all([import("../../store/index.js"), import("../../app/export.js")]);
    const store = await openStore(storeUrl(values.db));
    try {
      await exportEvents(store, format as (typeof FORMATS)[number], io.stdout, filter, { excludeRejected: values["exclude-rejected"] === true });
      return 0;
    } catch (err) {
      io.stderr.write(`faultline export: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    } finally {
      await store.close();
    }
  },
} satisfies Command;

export default command;
