/**
 * `faultline code FILE...`: news documents in, event records out (see the event
 * record contract). Heavy modules (the coder, wink-nlp) load only when the command runs;
 * the light input and output modules give the format lists.
 */
import { statSync } from "node:fs";
import { UsageError, type CliIO, type Command } from "../command.js";
import { checkReadable, InputError, INPUT_FORMATS, type InputFormat } from "../../app/input.js";
import { createWriter, OUTPUT_FORMATS, type OutputFormat } from "../../app/output.js";
import { kbAdditionsPath } from "../store-options.js";

const USAGE = `usage: faultline code FILE... [options]

Codes news documents into event records, one JSON object per line on stdout.
FILE is a .txt, .html/.htm or .jsonl/.ndjson file ({"id","text","date"?,"url"?,"title"?} a line);
- reads stdin. Other extensions and stdin are recognised by their content.

options:
  --date YYYY-MM-DD       publication date for documents that carry none (reference for "on Tuesday")
  --format jsonl|json|csv output format (default jsonl)
  --input-format text|html|jsonl
                          read every FILE in this format
  --dictionaries DIR      code with the PETRARCH/TABARI dictionaries in DIR
  --kb-additions FILE     also know the named actors of this knowledge-base additions file
                          (written by \`faultline serve\` from the review desk; see ontology/actors/README.md)
  --stats                 print counts and speed to stderr at the end

Bad JSONL lines are reported on stderr with their line number and skipped.
Exit status: 0 done, 1 some input could not be read or coded, 2 bad usage.
`;

interface CodeArgs {
  files: string[];
  date: string | null;
  format: OutputFormat;
  inputFormat: InputFormat | null;
  dictionaries: string | null;
  kbAdditions: string | null;
  stats: boolean;
}

const VALUE_FLAGS = new Set(["--date", "--format", "--input-format", "--dictionaries", "--kb-additions"]);

function oneOf<T extends string>(flag: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got "${v}")`);
  return v as T;
}

/** A real calendar day YYYY-MM-DD, or a UsageError. */
function checkDate(v: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const t = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !t || t.getUTCMonth() + 1 !== Number(m[2]) || t.getUTCDate() !== Number(m[3])) {
    throw new UsageError(`--date must be a date YYYY-MM-DD (got "${v}")`);
  }
  return v;
}

/** Parse the command's arguments (exported for tests). */
export function parseCodeArgs(args: readonly string[]): CodeArgs {
  const out: CodeArgs = { files: [], date: null, format: "jsonl", inputFormat: null, dictionaries: null, kbAdditions: null, stats: false };
  for (let k = 0; k < args.length; k++) {
    let a = args[k];
    let value: string | undefined;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    if (eq > 0) {
      value = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    if (VALUE_FLAGS.has(a) && value === undefined) {
      if (k + 1 >= args.length) throw new UsageError(`${a} needs a value`);
      value = args[++k];
    }
    switch (a) {
      case "--date": out.date = checkDate(value!); break;
      case "--format": out.format = oneOf(a, value!, OUTPUT_FORMATS); break;
      case "--input-format": out.inputFormat = oneOf(a, value!, INPUT_FORMATS); break;
      case "--dictionaries": out.dictionaries = value!; break;
      case "--kb-additions": out.kbAdditions = value!; break;
      case "--stats":
        if (value !== undefined) throw new UsageError("--stats takes no value");
        out.stats = true;
        break;
      default:
        if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option "${a}" (try: faultline help code)`);
        out.files.push(a);
    }
  }
  if (out.files.length === 0) throw new UsageError("no input: give one or more FILEs, or - for stdin");
  if (out.files.filter((f) => f === "-").length > 1) throw new UsageError("stdin (-) can be read only once");
  return out;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const opts = parseCodeArgs(args);
  if (opts.dictionaries) checkDictionaries(opts.dictionaries);
  const kbAdditions = opts.kbAdditions === null ? null : kbAdditionsPath(opts.kbAdditions);
  const { codeSources } = await import("../../app/code-stream.js");
  const fail = (msg: string) => io.stderr.write(`faultline code: error: ${msg}\n`);
  try {
    for (const f of opts.files) if (f !== "-") checkReadable(f);
  } catch (err) {
    if (err instanceof InputError) {
      fail(err.message);
      return 1;
    }
    throw err;
  }
  const { Coder } = await import("../../app/coder.js");
  const coder = new Coder({ defaultDate: opts.date, dictionaries: opts.dictionaries, kbAdditions });
  // A closed stdout (`faultline code x | head`) ends the run quietly.
  let closed = false;
  io.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") closed = true;
  });
  const writer = createWriter(opts.format, io.stdout);
  let stats;
  try {
    stats = await codeSources(opts.files, {
      coder,
      writer,
      format: opts.inputFormat,
      stdin: io.stdin,
      onWarning: (w) => io.stderr.write(`faultline code: warning: ${w.source}${w.line ? `:${w.line}` : ""}: ${w.message}\n`),
      onError: fail,
    });
    await writer.end();
  } catch (err) {
    if (closed || (err as NodeJS.ErrnoException).code === "EPIPE") return 0;
    throw err;
  }
  if (opts.stats) {
    const s = stats.ms / 1000;
    io.stderr.write(
      `faultline code: ${stats.documents} documents, ${stats.sentences} sentences, ${stats.events} events, ` +
        `${stats.warnings} warnings, ${stats.errors} errors in ${s.toFixed(2)} s ` +
        `(${(stats.chars / 1e6 / Math.max(s, 1e-9)).toFixed(2)} M chars/s)\n`,
    );
  }
  return stats.errors > 0 ? 1 : 0;
}

/** Throw a UsageError unless `dir` is a directory. */
function checkDictionaries(dir: string): void {
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError(`--dictionaries: "${dir}" is not a directory`);
}

export default { summary: "code news documents into event records (JSONL, JSON or CSV)", usage: USAGE, run } satisfies Command;
