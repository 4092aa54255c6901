/** `faultline worker`: code queued documents (PostgreSQL queue shared by several workers). */
import { hostname } from "node:os";
import type { CliIO, Command } from "../command.js";
import { UsageError } from "../command.js";
import { DB_OPTION, KB_ADDITIONS_OPTION, kbAdditionsPath, parseOptions, storeUrl, untilStopped } from "../store-options.js";

const USAGE = `usage: faultline worker --db postgres://... [options]

Claims "code" jobs (documents enqueued by \`faultline ingest --queue\`), codes them and
stores their events. Several workers can share one queue; a job whose worker dies is
claimed again when its lease expires.

options:
  --db URL            the store (PostgreSQL for several processes; SQLite works for one)
  --batch N           jobs claimed at a time (default 20)
  --lease DURATION    lease per claim, e.g. 60s, 5m (default 60s)
  --exit-when-empty   stop when no job is queued or running (default: run until SIGTERM/SIGINT)
  --id NAME           worker id (default host:pid)
  --kb-additions FILE knowledge-base additions to code with (read at start: restart to pick up new ones);
                      default <db file>.kb-additions.json beside a SQLite store when it exists
`;

const command = {
  summary: "code queued documents from the store's job queue",
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseOptions(args, {
      ...DB_OPTION, batch: { type: "string" }, lease: { type: "string" }, "exit-when-empty": { type: "boolean" }, id: { type: "string" }, ...KB_ADDITIONS_OPTION,
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const batch = Number(values.batch ?? 20);
    if (!Number.isInteger(batch) || batch < 1) throw new UsageError("--batch must be a positive integer");
    const [{ openStore }, { runWorker }, { parseDuration }, { Coder }] = await Promise.all([
      import("../../store/index.js"), import("../../app/worker.js"), import("../../app/watch.js"), import("../../app/coder.js"),
    ]);
    let leaseMs: number;
    try {
      leaseMs = parseDuration(values.lease ?? "60s");
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const db = storeUrl(values.db);
    const kbAdditions = kbAdditionsPath(values["kb-additions"], db);
    const coder = new Coder({ kbAdditions });
    const store = await openStore(db);
    return untilStopped(store, async (signal) => {
      const sum = await runWorker({
        store, coder, workerId: values.id ?? `${hostname()}:${process.pid}`, batch, leaseMs,
        exitWhenEmpty: values["exit-when-empty"], signal,
      });
      io.stdout.write(`worker: ${sum.jobs} documents coded, ${sum.mentions} mentions, ${sum.failed} failed\n`);
      return 0;
    });
  },
} satisfies Command;

export default command;
