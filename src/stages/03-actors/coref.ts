/**
 * Coreference for pronouns and definite descriptions: the last fitting actor mention in
 * the current sentence (before the word) or the two sentences before it.
 */
import type { ActorMention, Doc } from "../../doc/index.js";
import type { AgentEntry } from "../../ontology/actors/index.js";

const WINDOW = 2;

/** Whether `m` can be what the pronoun `p` refers to. */
function fitsPronoun(m: ActorMention, p: AgentEntry, plural: boolean): boolean {
  const refers = p.refers ?? [];
  if (!refers.includes(m.kind === "organization" ? "organization" : m.kind)) return false;
  if (p.number === "singular" && m.kind !== "person" && plural) return false;
  if (p.number === "plural" && m.kind === "person") return plural;
  return true;
}

/**
 * Index in `mentions` (found so far, in text order; `plural` says which name several) of the
 * antecedent of a pronoun at sentence `sent`: the first fitting mention of the nearest sentence
 * that has one; -1 for none.
 */
export function pronounAntecedent(f: { doc: Doc }, mentions: readonly ActorMention[], plural: readonly boolean[], pronoun: AgentEntry, sent: number): number {
  // Sentence by sentence backwards; within a sentence the first fitting mention (the subject, in news prose).
  let k = mentions.length - 1;
  for (let s = sent; s >= sent - WINDOW && k >= 0; s--) {
    let found = -1;
    for (; k >= 0; k--) {
      const m = mentions[k];
      const ms = f.doc.tokens[m.tokenStart].sent;
      if (ms < s) break;
      if (fitsPronoun(m, pronoun, plural[k])) found = k;
    }
    if (found >= 0) return found;
  }
  return -1;
}

/**
 * Antecedent of a definite description ("the militants", "the government", "the group"):
 * the last mention with the same sector that names or places its actor (a named actor,
 * or an agent with a country), or for a sectorless noun (group, outfit) the last named
 * group or organisation. "The government" with no such mention takes the country of the
 * last mention that has one (a state, or "Nigerian troops"): the returned mention is then
 * that one, and the caller composes country + sector. Returns its index in `mentions`, -1 for none.
 */
export function descriptionAntecedent(f: { doc: Doc }, mentions: readonly ActorMention[], sector: string | null, sent: number): number {
  let placed = -1;
  for (let k = mentions.length - 1; k >= 0; k--) {
    const m = mentions[k];
    if (f.doc.tokens[m.tokenStart].sent < sent - WINDOW) break;
    const generic = m.id.startsWith("agent:");
    if (sector === null) {
      if ((m.kind === "group" || m.kind === "organization") && !generic) return k;
      continue;
    }
    if (m.roles.some((r) => r.sector === sector) && (!generic || m.country)) return k;
    if (sector === "GOV" && placed < 0 && m.country) placed = k;
  }
  return placed;
}
