/**
 * Child process of worker.test.ts: a queue worker with the fake coder, slowed down
 * by DELAY_MS per document so that a kill lands mid-batch.
 */
import { runWorker } from "../../src/app/worker.js";
import { openStore } from "../../src/store/index.js";
import { fakeCoder } from "./fake-coder.js";

const [url, id] = process.argv.slice(2);
const delay = Number(process.env.DELAY_MS ?? 0);
const slowCoder = {
  code(doc: Parameters<typeof fakeCoder.code>[0]) {
    const until = Date.now() + delay;
    while (Date.now() < until);
    return fakeCoder.code(doc);
  },
};
const store = await openStore(url);
const sum = await runWorker({ store, coder: slowCoder, workerId: id, batch: 5, leaseMs: 1500, pollMs: 100, exitWhenEmpty: true });
await store.close();
process.stdout.write(JSON.stringify(sum) + "\n");
