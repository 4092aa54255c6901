/**
 * `faultline resolve FILE`: actor phrases in (JSONL `{"id","text","date"?}`), one
 * `{"id","actor"}` line out per phrase, with the actor's code valid on the date.
 */
import { createReadStream } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { createInterface } from "node:readline";
import { UsageError, type CliIO, type Command } from "../command.js";

const USAGE = `usage: faultline resolve FILE [options]

Resolves actor phrases to knowledge-base actors. FILE is JSON Lines, one
{"id", "text", "date"?, "context"?} object a line ("date" YYYY[-MM[-DD]] picks the role
valid then; "context" is an optional sentence around the phrase); - reads stdin.
Writes {"id", "actor": Actor or null} a line on stdout.

options:
  --date YYYY-MM-DD   date for phrases that carry none (default: none, the current role)

Bad lines are reported on stderr with their line number and skipped.
Exit status: 0 done, 1 some lines were bad or the file could not be read, 2 bad usage.
`;

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

interface ResolveArgs {
  file: string;
  date: string | null;
}

/** Parse the command's arguments (exported for tests). */
export function parseResolveArgs(args: readonly string[]): ResolveArgs {
  let file: string | null = null;
  let date: string | null = null;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === "--date" || a.startsWith("--date=")) {
      const v = a === "--date" ? args[++k] : a.slice("--date=".length);
      if (!v || !DATE.test(v)) throw new UsageError(`--date must be YYYY[-MM[-DD]] (got "${v ?? ""}")`);
      date = v;
    } else if (a.startsWith("--")) throw new UsageError(`unknown option ${a}`);
    else if (file === null) file = a;
    else throw new UsageError("give one FILE (or - for stdin)");
  }
  if (file === null) throw new UsageError("missing FILE (or - for stdin)");
  return { file, date };
}

interface Phrase {
  id: unknown;
  text: string;
  date: string | null;
  context: string | null;
}

/** One input line as a phrase, or an error message. */
function parseLine(line: string, defaultDate: string | null): Phrase | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return "not valid JSON";
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return "expected a JSON object";
  const o = v as Record<string, unknown>;
  if (typeof o.text !== "string") return 'missing string field "text"';
  if (o.date != null && (typeof o.date !== "string" || !DATE.test(o.date.slice(0, 10).replace(/T.*$/, "")))) return '"date" must be YYYY[-MM[-DD]]';
  if (o.context != null && typeof o.context !== "string") return '"context" must be a string';
  return { id: o.id ?? null, text: o.text, date: typeof o.date === "string" ? o.date.slice(0, 10) : defaultDate, context: (o.context as string | undefined) ?? null };
}

const command: Command = {
  summary: "resolve actor phrases (JSONL) to knowledge-base actors and codes",
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const opts = parseResolveArgs(args);
    const { ONTOLOGY_DIR } = await import("../../ontology/index.js");
    const { loadActorKB, resolveActor } = await import("../../ontology/actors/index.js");
    const kb = loadActorKB(resolvePath(ONTOLOGY_DIR, "actors"));
    const input = opts.file === "-" ? io.stdin : createReadStream(opts.file);
    let bad = 0;
    try {
      const lines = createInterface({ input, crlfDelay: Infinity });
      let n = 0;
      for await (const line of lines) {
        n++;
        if (!line.trim()) continue;
        const p = parseLine(line, opts.date);
        if (typeof p === "string") {
          bad++;
          io.stderr.write(`faultline resolve: line ${n}: ${p}; skipped\n`);
          continue;
        }
        const actor = resolveActor(kb, p.text, p.date, p.context);
        io.stdout.write(JSON.stringify({ id: p.id, actor }) + "\n");
      }
    } catch (err) {
      io.stderr.write(`faultline resolve: cannot read ${opts.file}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    return bad > 0 ? 1 : 0;
  },
};

export default command;
