/**
 * The `faultline` command line: a thin dispatcher. Each command lives in
 * src/cli/commands/<name>.ts and is loaded only when invoked, so start-up stays
 * fast for every command.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { UsageError, type CliIO, type Command } from "./command.js";

const here = dirname(fileURLToPath(import.meta.url));

function commandNames(): string[] {
  try {
    return readdirSync(join(here, "commands"))
      .filter((f) => /\.(js|ts)$/.test(f) && !/\.(test|d)\.(js|ts)$/.test(f))
      .map((f) => f.replace(/\.(js|ts)$/, ""))
      .sort();
  } catch {
    return [];
  }
}

async function load(name: string): Promise<Command | null> {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !commandNames().includes(name)) return null;
  const mod = (await import(`./commands/${name}.js`)) as { default: Command };
  return mod.default;
}

async function help(io: CliIO, name?: string): Promise<number> {
  if (name) {
    const cmd = await load(name);
    if (!cmd) {
      io.stderr.write(`faultline: unknown command "${name}"\n`);
      return 2;
    }
    io.stdout.write(cmd.usage.endsWith("\n") ? cmd.usage : cmd.usage + "\n");
    return 0;
  }
  const lines = ["usage: faultline <command> [options]", "", "commands:"];
  for (const n of commandNames()) {
    const cmd = await load(n);
    if (cmd) lines.push(`  ${n.padEnd(12)} ${cmd.summary}`);
  }
  lines.push("", "faultline help <command> shows a command's options.");
  io.stdout.write(lines.join("\n") + "\n");
  return 0;
}

export async function main(argv: string[], io: CliIO = process): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") return help(io, rest[0]);
  if (name === "--version" || name === "-v") {
    io.stdout.write("faultline 0.1.0\n");
    return 0;
  }
  const cmd = await load(name);
  if (!cmd) {
    io.stderr.write(`faultline: unknown command "${name}" (try: faultline help)\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) return help(io, name);
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`faultline ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
