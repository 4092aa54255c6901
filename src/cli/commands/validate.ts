/** `faultline validate`: check the ontology data files (schemas, ids, cross-file references). */
import { statSync } from "node:fs";
import { join } from "node:path";
import { UsageError, type Command } from "../command.js";
import { ONTOLOGY_DIR } from "../../ontology/index.js";
import { validateOntologyReport } from "../../ontology/validate.js";
import { KB_ADDITIONS_OPTION, kbAdditionsPath, parseOptions } from "../store-options.js";

const usage = `usage: faultline validate [--dir DIR] [--kb-additions FILE]

Checks every JSON file of the ontology folder against the JSON Schema its "$schema"
names, that every entry has an id unique among files of the same schema, that event
patterns carry an example sentence, and the cross-file rules (CAMEO parents and roots,
PLOVER and ACLED maps covering exactly the codebook, references to known types).
Prints one line per issue (file path: message) and exits 1 when there is any;
otherwise prints a one-line summary and exits 0.

  --dir DIR   ontology folder to check; default: the built-in ontology/
  --kb-additions FILE
              also check a knowledge-base additions file (named actors added from the review
              desk): the actors JSON Schema, unique ids, no id, name or alias already naming
              an actor of the ontology's knowledge base, known countries and sectors
`;

export default {
  summary: "check the ontology data files (schemas, ids, references)",
  usage,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { dir: { type: "string" }, ...KB_ADDITIONS_OPTION });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dir = values.dir ?? ONTOLOGY_DIR;
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw new UsageError(`"${dir}" is not a folder`);
    const additions = values["kb-additions"] === undefined ? null : kbAdditionsPath(values["kb-additions"]);
    const report = validateOntologyReport(dir);
    for (const i of report.issues) io.stdout.write(`${i.file}${i.path ? " " + i.path : ""}: ${i.message}\n`);
    let extra = 0;
    let added = 0;
    if (additions) {
      const { additionsIssues, AdditionsError, loadActorKB, readAdditionsFile } = await import("../../ontology/actors/index.js");
      try {
        const file = readAdditionsFile(additions);
        const issues = report.issues.length > 0 ? [] : additionsIssues(file, join(dir, "actors"), loadActorKB(join(dir, "actors")));
        for (const i of issues) io.stdout.write(`${additions}${i.path ? " " + i.path : ""}: ${i.message}\n`);
        extra = issues.length;
        added = Array.isArray(file.entries) ? file.entries.length : 0;
      } catch (err) {
        if (!(err instanceof AdditionsError)) throw err;
        io.stdout.write(`${err.message}\n`);
        extra = 1;
      }
    }
    if (report.issues.length + extra > 0) {
      io.stderr.write(`faultline validate: ${report.issues.length + extra} issue(s) in ${additions && extra ? additions : dir}\n`);
      return 1;
    }
    io.stdout.write(`ontology OK: ${report.files} files, ${report.entries} entries${additions ? `; knowledge-base additions OK: ${added} entries` : ""}\n`);
    return 0;
  },
} satisfies Command;
