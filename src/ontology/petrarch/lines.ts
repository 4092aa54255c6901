/**
 * Line reading shared by the dictionary parsers: strips `#` comments and
 * `<!-- ... -->` blocks (which may span lines), keeps 1-based line numbers,
 * and splits dictionary phrases into upper-case words.
 */
import type { DictProblem } from "./types.js";

/** A non-blank line after comment removal. `indented`: it began with whitespace. */
export interface Line {
  no: number;
  text: string;
  indented: boolean;
}

/** The content lines of a dictionary file. */
export function contentLines(source: string): Line[] {
  const out: Line[] = [];
  const raw = source.split(/\r\n|\r|\n/);
  let inBlock = false;
  for (let i = 0; i < raw.length; i++) {
    let text = raw[i];
    if (inBlock) {
      const close = text.indexOf("-->");
      if (close < 0) continue;
      text = " ".repeat(close + 3) + text.slice(close + 3);
      inBlock = false;
    }
    const open = text.indexOf("<!");
    if (open >= 0) {
      const close = text.indexOf("-->", open);
      if (close < 0) {
        inBlock = true;
        text = text.slice(0, open);
      } else text = text.slice(0, open) + text.slice(close + 3);
    }
    const hash = commentStart(text);
    if (hash >= 0) text = text.slice(0, hash);
    const trimmed = text.trim();
    if (trimmed) out.push({ no: i + 1, text: trimmed, indented: /^\s/.test(text) });
  }
  return out;
}

/** Index of the `#` that starts a comment (one inside `[...]`, as in the code `[###]`, does not), or -1. */
function commentStart(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "[") depth++;
    else if (c === "]") depth = Math.max(0, depth - 1);
    else if (c === "#" && depth === 0) return i;
  }
  return -1;
}

/** Split a dictionary phrase (`MINAS_TIRITH`, `CARAS GALADHON`) into upper-case words. */
export function phraseWords(phrase: string): string[] {
  return phrase
    .toUpperCase()
    .split(/[\s_]+/)
    .filter((w) => w.length > 0);
}

/** Collects problems for one file. */
export class ProblemLog {
  readonly problems: DictProblem[] = [];
  constructor(readonly file: string) {}
  add(line: number, message: string): void {
    this.problems.push({ file: this.file, line, message });
  }
}

/** Error thrown when a dictionary folder has malformed lines; the message lists them as `file:line: message`. */
export class PetrarchDictionaryError extends Error {
  constructor(readonly problems: DictProblem[]) {
    super(
      `${problems.length} malformed dictionary line(s):\n` +
        problems
          .slice(0, 20)
          .map((p) => `${p.file}:${p.line}: ${p.message}`)
          .join("\n") +
        (problems.length > 20 ? `\n... and ${problems.length - 20} more` : ""),
    );
    this.name = "PetrarchDictionaryError";
  }
}
