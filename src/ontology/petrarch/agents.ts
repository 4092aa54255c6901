/**
 * PETRARCH / TABARI agent dictionaries:
 *
 *     !PERSON! = MAN, MEN, WOMAN          substitution marker, expanded inside phrases
 *                                         (such phrases get no made-up plural)
 *     WORD_OR_PHRASE {PLURALS} [~SUFFIX]  `{}`: no plural; no braces: a regular plural is made
 *     HUMAN_RIGHTS_BODY [NGO~]            `CODE~`: the code goes before the actor's
 */
import { contentLines, phraseWords, ProblemLog } from "./lines.js";
import type { DictProblem, PetrAgent } from "./types.js";

const SUBST_RE = /^(![A-Za-z0-9_]+!)\s*=\s*(.+)$/;
const AGENT_RE = /^([^{[]+?)\s*(?:\{([^}]*)\})?\s*\[\s*([^\]]*?)\s*\]$/;
const MARKER_RE = /![A-Za-z0-9_]+!/;

/** A regular English plural of an upper-case word. */
export function pluralOf(word: string): string {
  if (/[^AEIOU]Y$/.test(word)) return word.slice(0, -1) + "IES";
  if (/(?:S|SH|CH|X|Z)$/.test(word)) return word + "ES";
  if (word.endsWith("MAN")) return word.slice(0, -3) + "MEN";
  return word + "S";
}

/** Expand `!MARKER!`s of a phrase with every listed value (one marker per phrase level, recursively). */
function expand(phrase: string, subst: Map<string, string[]>): string[] | string {
  const m = MARKER_RE.exec(phrase);
  if (!m) return [phrase];
  const values = subst.get(m[0].toUpperCase());
  if (!values) return `unknown substitution marker ${m[0]}`;
  const out: string[] = [];
  for (const v of values) {
    const r = expand(phrase.slice(0, m.index) + v + phrase.slice(m.index + m[0].length), subst);
    if (typeof r === "string") return r;
    out.push(...r);
  }
  return out;
}

/** Parse an agent dictionary; problems name `file` and the line. */
export function parseAgents(source: string, file: string): { agents: PetrAgent[]; problems: DictProblem[] } {
  const log = new ProblemLog(file);
  const subst = new Map<string, string[]>();
  const agents: PetrAgent[] = [];
  for (const l of contentLines(source)) {
    const s = SUBST_RE.exec(l.text);
    if (s) {
      subst.set(s[1].toUpperCase(), s[2].split(",").map((v) => v.trim()).filter(Boolean));
      continue;
    }
    const m = AGENT_RE.exec(l.text);
    if (!m) {
      log.add(l.no, `expected "PHRASE {PLURALS} [~CODE]" or "!MARKER! = A, B", got "${l.text}"`);
      continue;
    }
    const rawCode = m[3].replace(/\s+/g, "").toUpperCase();
    const prefix = rawCode.endsWith("~");
    const code = rawCode.replace(/~/g, "");
    if (!/^[A-Z0-9]+$/.test(code) || (!prefix && !rawCode.startsWith("~"))) {
      log.add(l.no, `bad agent code "[${m[3]}]" (expected [~CODE] or [CODE~])`);
      continue;
    }
    const singulars = expand(m[1], subst);
    if (typeof singulars === "string") {
      log.add(l.no, singulars);
      continue;
    }
    const words: string[][] = [];
    // A phrase with a marker lists its own forms (MAN, MEN): no plural is made for it.
    const makePlural = m[2] === undefined && !MARKER_RE.test(m[1]);
    for (const sg of singulars) {
      const w = phraseWords(sg);
      words.push(w);
      if (makePlural) words.push([...w.slice(0, -1), pluralOf(w[w.length - 1])]);
    }
    for (const pl of (m[2] ?? "").split(/\s+/).filter(Boolean)) {
      const e = expand(pl, subst);
      if (typeof e === "string") log.add(l.no, e);
      else for (const p of e) words.push(phraseWords(p));
    }
    agents.push({ id: words[0].join("_"), words, code, prefix, line: l.no });
  }
  return { agents, problems: log.problems };
}
