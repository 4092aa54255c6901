#!/usr/bin/env node
import { launch } from "../dist/cli/respawn.js";

// Runs the command here, or starts this script again with a larger young generation for a big
// `code` or `ingest` job and waits for it (see src/cli/respawn.ts).
launch(process.argv.slice(2), async (args) => (await import("../dist/cli/main.js")).main(args));
