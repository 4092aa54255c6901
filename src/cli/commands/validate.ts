/** `faultline validate`: check the ontology data files (schemas, ids, cross-file references). */
import { statSync } from "node:fs";
import { UsageError, type Command } from "../command.js";
import { ONTOLOGY_DIR } from "../../ontology/index.js";
import { validateOntologyReport } from "../../ontology/validate.js";
import { parseOptions } from "../store-options.js";

const usage = `usage: faultline validate [--dir DIR]

Checks every JSON file of the ontology folder against the JSON Schema its "$schema"
names, that every entry has an id unique among files of the same schema, that event
patterns carry an example sentence, and the cross-file rules (CAMEO parents and roots,
PLOVER and ACLED maps covering exactly the codebook, references to known types).
Prints one line per issue (file path: message) and exits 1 when there is any;
otherwise prints a one-line summary and exits 0.

  --dir DIR   ontology folder to check; default: the built-in ontology/
`;

export default {
  summary: "check the ontology data files (schemas, ids, references)",
  usage,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { dir: { type: "string" } });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dir = values.dir ?? ONTOLOGY_DIR;
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw new UsageError(`"${dir}" is not a folder`);
    const report = validateOntologyReport(dir);
    for (const i of report.issues) io.stdout.write(`${i.file}${i.path ? " " + i.path : ""}: ${i.message}\n`);
    if (report.issues.length > 0) {
      io.stderr.write(`faultline validate: ${report.issues.length} issue(s) in ${dir}\n`);
      return 1;
    }
    io.stdout.write(`ontology OK: ${report.files} files, ${report.entries} entries\n`);
    return 0;
  },
} satisfies Command;
