/** Run the CLI from TypeScript sources (`npx tsx src/cli/run.ts <command> ...`), used by tests. */
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`faultline: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
