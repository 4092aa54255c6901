/**
 * PETRARCH / TABARI verb dictionaries:
 *
 *     &SYNSET                      a synset: the `+member` lines below (members may be
 *     +MEMBER PHRASE               phrases or other `&SYNSET`s)
 *     --- VERB [code] ---          a verb block; [---] codes nothing, [032:033] also codes
 *     VERB {FORM FORM}             the reverse event; member lines give the verb (regular
 *     +BREAK_DOWN {+BROKE_DOWN}    inflections are added to `{...}` forms) and may carry their
 *     WIRE_+TAP [1711]             own code; `+` marks the verb word of a multi-word verb
 *     - WORDS * WORDS [code]       patterns: `*` the verb, `$` source, `+` target,
 *                                  `%` compound actor, `^` skip, `&SYN` a synset member,
 *                                  `_` joins words that must be adjacent
 *
 * Codes kept: 3–4 digits optionally followed by one letter (CAMEO's 3/4-digit codes and the
 * suffixed variants unit tests use, e.g. 174K); a pattern with any other code (`+++`, `###`,
 * `abc`, `025?`) is skipped with a note. Patterns are tried longest first.
 */
import { contentLines, phraseWords, ProblemLog } from "./lines.js";
import type { DictProblem, PatternElement, VerbCode, VerbEntry, VerbForm, VerbPattern } from "./types.js";

const HEADER_RE = /^---\s*([^[]+?)\s*\[([^\]]*)\]/;
const PATTERN_RE = /^-\s+(.*?)\s*\[([^\]]*)\]\s*$/;
const FORM_RE = /^([^{[]+?)\s*(?:\{([^}]*)\})?\s*(?:\[([^\]]*)\])?$/;
const CODE_OK = /^\d{3,4}[A-Za-z]?$/;

/** Parse a code block's inside: null for `---`, a string for an unsupported code. */
export function parseVerbCode(inner: string): VerbCode | null | string {
  const s = inner.replace(/\s+/g, "");
  if (s === "---") return null;
  const [code, paired, extra] = s.split(":");
  if (extra !== undefined || !CODE_OK.test(code) || (paired !== undefined && paired !== "---" && !CODE_OK.test(paired))) return `unsupported code "[${inner}]"`;
  return { code, paired: paired && paired !== "---" ? paired : null };
}

/** Regular inflections of an upper-case verb (base, -S, -ED, -ING, with doubled final consonant variants). */
export function inflections(base: string): string[] {
  const out = new Set([base]);
  const stem = base.endsWith("E") ? base.slice(0, -1) : base;
  if (/[^AEIOU]Y$/.test(base)) {
    out.add(base.slice(0, -1) + "IES");
    out.add(base.slice(0, -1) + "IED");
  } else {
    out.add(/(?:S|SH|CH|X|Z|O)$/.test(base) ? base + "ES" : base + "S");
    out.add(stem + "ED");
  }
  out.add(stem + "ING");
  if (/[^AEIOU][AEIOU][^AEIOUWXY]$/.test(base)) {
    const last = base[base.length - 1];
    out.add(base + last + "ED");
    out.add(base + last + "ING");
  }
  return [...out];
}

/** A form spec (`WIRE_+TAP`, `+BREAK_DOWN`, `LASH OUT`) as words and the verb's index. */
function formOf(spec: string): VerbForm {
  const words = phraseWords(spec.replace(/^\+/, ""));
  const marked = words.findIndex((w) => w.startsWith("+"));
  return { words: words.map((w) => w.replace(/^\+/, "")), verbIndex: marked < 0 ? 0 : marked };
}

/** The forms of a member line: its regular inflections plus any explicit `{...}` forms. */
function formsOf(spec: string, explicit: string | undefined): VerbForm[] {
  const base = formOf(spec);
  const out = inflections(base.words[base.verbIndex]).map((v) => ({ words: base.words.map((w, i) => (i === base.verbIndex ? v : w)), verbIndex: base.verbIndex }));
  for (const f of (explicit ?? "").trim().split(/\s+/).filter(Boolean)) out.push(formOf(f));
  return out;
}

/** Pattern body (`SAID_+ * DEMAND_&GENINT [111]` without the code) → elements around the verb. */
export function parsePatternBody(body: string): { before: PatternElement[]; after: PatternElement[] } | string {
  const seq: Array<{ el: PatternElement | "verb"; joined: boolean }> = [];
  for (const chunk of body.split(/\s+/).filter(Boolean)) {
    let first = true;
    for (const piece of chunk.split("_")) {
      if (!piece) continue;
      const joined = !first;
      first = false;
      if (piece === "*") seq.push({ el: "verb", joined });
      else if (piece === "$") seq.push({ el: { t: "source", adjacent: false }, joined });
      else if (piece === "+") seq.push({ el: { t: "target", adjacent: false }, joined });
      else if (piece === "^") seq.push({ el: { t: "skip", adjacent: false }, joined });
      else if (piece === "%") seq.push({ el: { t: "compound", adjacent: false }, joined });
      else if (piece.startsWith("&")) seq.push({ el: { t: "synset", name: piece.slice(1).toUpperCase(), adjacent: false }, joined });
      else if (/[*$%&]/.test(piece)) return `bad pattern word "${piece}"`;
      else seq.push({ el: { t: "word", word: piece.toUpperCase(), adjacent: false }, joined });
    }
  }
  const star = seq.findIndex((s) => s.el === "verb");
  if (star < 0 || seq.findIndex((s, i) => i > star && s.el === "verb") >= 0) return `a pattern needs exactly one "*"`;
  const before: PatternElement[] = [];
  for (let i = star - 1; i >= 0; i--) before.push({ ...(seq[i].el as PatternElement), adjacent: seq[i + 1].joined });
  const after: PatternElement[] = [];
  for (let i = star + 1; i < seq.length; i++) after.push({ ...(seq[i].el as PatternElement), adjacent: seq[i].joined });
  return { before, after };
}

interface Block {
  name: string;
  line: number;
  code: VerbCode | null;
  patterns: VerbPattern[];
  entries: VerbEntry[];
}

/** Parse a verb dictionary; `problems` are malformed lines, `notes` skipped unsupported codes. */
export function parseVerbs(source: string, file: string): { verbs: VerbEntry[]; synsets: Map<string, string[][]>; problems: DictProblem[]; notes: DictProblem[] } {
  const log = new ProblemLog(file);
  const notes = new ProblemLog(file);
  const rawSynsets = new Map<string, string[]>();
  const blocks: Block[] = [];
  let synset: string[] | null = null;
  let block: Block | null = null;
  for (const l of contentLines(source)) {
    if (synset && l.text.startsWith("+")) {
      synset.push(l.text.slice(1).trim());
      continue;
    }
    synset = null;
    if (l.text.startsWith("&")) {
      const name = l.text.slice(1).replace(/_+$/, "").trim().toUpperCase();
      if (!/^[A-Z0-9_]+$/.test(name)) log.add(l.no, `bad synset name "${l.text}"`);
      synset = [];
      rawSynsets.set(name, synset);
      block = null;
      continue;
    }
    if (l.text.startsWith("---")) {
      const h = HEADER_RE.exec(l.text);
      if (!h) {
        log.add(l.no, `bad verb block header "${l.text}" (expected "--- VERB [code] ---")`);
        block = null;
        continue;
      }
      let code = parseVerbCode(h[2]);
      if (typeof code === "string") {
        notes.add(l.no, `${code}: the verb codes nothing unless a pattern matches`);
        code = null;
      }
      block = { name: phraseWords(h[1]).join("_"), line: l.no, code, patterns: [], entries: [] };
      blocks.push(block);
      continue;
    }
    if (!block) {
      log.add(l.no, `line outside a verb block or synset: "${l.text}"`);
      continue;
    }
    if (l.text.startsWith("-")) {
      const p = PATTERN_RE.exec(l.text);
      if (!p) {
        log.add(l.no, `bad pattern "${l.text}" (expected "- WORDS * WORDS [code]")`);
        continue;
      }
      const body = parsePatternBody(p[1]);
      if (typeof body === "string") {
        log.add(l.no, body);
        continue;
      }
      const code = parseVerbCode(p[2]);
      if (typeof code === "string") {
        notes.add(l.no, `${code}: pattern skipped`);
        continue;
      }
      block.patterns.push({ id: `petrarch:${block.name}:${l.no}`, line: l.no, ...body, code });
      continue;
    }
    const f = FORM_RE.exec(l.text);
    if (!f) {
      log.add(l.no, `bad verb form line "${l.text}"`);
      continue;
    }
    let code = block.code;
    if (f[3] !== undefined) {
      const c = parseVerbCode(f[3]);
      if (typeof c === "string") notes.add(l.no, `${c}: the block's code is used`);
      else code = c;
    }
    block.entries.push({ name: block.name, line: l.no, code, forms: formsOf(f[1], f[2]), patterns: block.patterns });
  }
  for (const b of blocks) {
    b.patterns.sort((x, y) => y.before.length + y.after.length - (x.before.length + x.after.length));
    if (b.entries.length === 0) log.add(b.line, `verb block "${b.name}" lists no verb`);
  }
  return { verbs: blocks.flatMap((b) => b.entries), synsets: expandSynsets(rawSynsets, log), problems: log.problems, notes: notes.problems };
}

/** Member phrases with embedded `&SYNSET`s replaced by their members (cycles reported, not followed). */
function expandSynsets(raw: Map<string, string[]>, log: ProblemLog): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  const visit = (name: string, stack: Set<string>): string[][] => {
    const done = out.get(name);
    if (done) return done;
    const members = raw.get(name);
    if (!members || stack.has(name)) {
      log.add(0, members ? `synset &${name} includes itself` : `unknown synset &${name}`);
      return [];
    }
    stack.add(name);
    const phrases: string[][] = [];
    for (const m of members) {
      if (m.startsWith("&")) phrases.push(...visit(m.slice(1).replace(/_+$/, "").toUpperCase(), stack));
      else phrases.push(phraseWords(m));
    }
    stack.delete(name);
    out.set(name, phrases);
    return phrases;
  };
  for (const name of raw.keys()) visit(name, new Set());
  return out;
}
