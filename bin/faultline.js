#!/usr/bin/env node
import { respawnFlags, RESPAWNED_ENV } from "../dist/cli/respawn.js";

const args = process.argv.slice(2);
const flags = respawnFlags(args, process.execArgv, process.env);

if (flags) {
  // A big `code` job: run again with a larger young generation (see src/cli/respawn.ts).
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, [...flags, ...process.execArgv, process.argv[1], ...args], {
    stdio: "inherit",
    env: { ...process.env, [RESPAWNED_ENV]: "1" },
  });
  const forward = (sig) => child.kill(sig);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, forward);
  child.on("error", (err) => {
    process.stderr.write(`faultline: ${err.message}\n`);
    process.exitCode = 1;
  });
  child.on("exit", (code, signal) => {
    process.exitCode = code ?? (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 1);
  });
} else {
  const { main } = await import("../dist/cli/main.js");
  main(args).then(
    (code) => { process.exitCode = code; },
    (err) => {
      process.stderr.write(`faultline: ${err && err.message ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
