/**
 * Child process of crash.test.ts: the CLI's launcher (`launch`, src/cli/respawn.ts) given
 * `ingest CORPUS --db DB`, with an ingest into SQLite with the fake coder as the command.
 * It restarts with the flags of a big ingest whatever the corpus's size (the test's corpus
 * is smaller than BIG_INGEST_BYTES; respawn.test.ts tests that decision). The process that
 * ingests (the restarted one) names itself on stderr.
 */
import { ingest } from "../../src/app/ingest.js";
import { BIG_INGEST_BYTES, ingestHeapFlags, launch, RESPAWNED_ENV } from "../../src/cli/respawn.js";
import { openSqlite } from "../../src/store/sqlite/index.js";
import { fakeCoder } from "./fake-coder.js";

launch(process.argv.slice(2), async ([, corpus, , db]) => {
  process.stderr.write(`ingesting: pid ${process.pid}, flags ${process.execArgv.filter((a) => a.startsWith("--max-semi-space-size")).join(" ")}\n`);
  const store = openSqlite(db);
  // Commits of 1,000 documents (10 batches), as in crash-child.ts.
  const sum = await ingest([corpus], { store, coder: fakeCoder, batchSize: 100, commitDocs: 1000 });
  await store.close();
  process.stdout.write(JSON.stringify(sum) + "\n");
  return 0;
}, (_args, _execArgv, env) => (env[RESPAWNED_ENV] ? null : ingestHeapFlags(BIG_INGEST_BYTES)));
