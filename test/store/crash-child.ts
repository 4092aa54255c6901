/** Child process of crash.test.ts: ingest a JSONL corpus into a SQLite store with the fake coder. */
import { ingest } from "../../src/app/ingest.js";
import { openSqlite } from "../../src/store/sqlite/index.js";
import { fakeCoder } from "./fake-coder.js";

const [corpus, db] = process.argv.slice(2);
const store = openSqlite(db);
// Commits of 1,000 documents (10 batches): the kills land between and inside transactions.
const sum = await ingest([corpus], { store, coder: fakeCoder, batchSize: 100, commitDocs: 1000 });
await store.close();
process.stdout.write(JSON.stringify(sum) + "\n");
