/** `faultline export`: stored events out as JSONL, CSV, GDELT-style TSV, ACLED-style CSV or PLOVER JSON. */
import type { CliIO, Command } from "../command.js";
import { UsageError } from "../command.js";
import { DB_OPTION, FILTER_OPTIONS, FILTER_USAGE, filterFromOptions, parseOptions, storeUrl } from "../store-options.js";

const FORMATS = ["jsonl", "csv", "gdelt", "acled", "plover"] as const;

const USAGE = `usage: faultline export [--format jsonl|csv|gdelt|acled|plover] [--db URL] [filters]

Writes the merged events of the store to stdout (newest day first).
  jsonl   event records (contract), plus n_sources, n_articles, first_reported, day
  csv     the same columns as \`faultline code --format csv\`
  gdelt   GDELT 2.0 event-table layout (61 tab-separated columns)
  acled   ACLED-style CSV (events with an ACLED type)
  plover  a JSON array of PLOVER-style events

${FILTER_USAGE}
`;

const command = {
  summary: "export stored events (jsonl, csv, gdelt, acled, plover)",
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseOptions(args, { ...DB_OPTION, ...FILTER_OPTIONS, format: { type: "string" } });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const format = values.format ?? "jsonl";
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
    const filter = filterFromOptions(values);
    const [{ openStore }, { exportEvents }] = await Promise.all([import("../../store/index.js"), import("../../app/export.js")]);
    const store = await openStore(storeUrl(values.db));
    try {
      await exportEvents(store, format as (typeof FORMATS)[number], io.stdout, filter);
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
