/**
 * Text normalisation for matching gold strings against coded output: lower-case
 * words (letters and digits, inner hyphens and apostrophes kept), and n-gram sets
 * so a cue phrase of up to three words is found with one Set look-up.
 */

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** The lower-case words of a text. */
export function words(text: string): string[] {
  return (text.toLowerCase().replace(/’/g, "'").match(WORD) ?? []) as string[];
}

/** A text reduced to its lower-case words joined by single spaces. */
export function norm(text: string): string {
  return words(text).join(" ");
}

/** Longest cue phrase, in words, that `phraseSet` can find. */
export const MAX_CUE_WORDS = 3;

/** Every 1- to 3-word phrase of a text (normalised), for O(1) cue look-ups. */
export function phraseSet(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i < w.length; i++) {
    let p = w[i];
    out.add(p);
    for (let n = 1; n < MAX_CUE_WORDS && i + n < w.length; n++) {
      p += " " + w[i + n];
      out.add(p);
    }
  }
  return out;
}

/** True when the normalised phrase `needle` occurs in the normalised `hay` as whole words. */
export function containsWords(hay: string, needle: string): boolean {
  if (!needle || !hay) return false;
  return ` ${hay} `.includes(` ${needle} `);
}

/**
 * Names a gold label gives for one entity: the name without any bracketed part,
 * and each bracketed part ("Islamic State (IS)" → "islamic state", "is"), and both halves of
 * ACLED's "ABBR: Full Name" ("PDP: People's Democratic Party" → "pdp", "people's democratic party"), normalised.
 */
export function nameVariants(name: string): string[] {
  const out = new Set<string>();
  const outer = norm(name.replace(/\([^()]*\)/g, " "));
  if (outer) out.add(outer);
  // ACLED writes parties and unions as "ABBR: Full Name" ("PDP: People's Democratic Party").
  const abbr = /^\s*([\p{Lu}\p{N}&-]{2,12}):\s+(\S.*)$/u.exec(name);
  if (abbr) for (const part of [abbr[1], abbr[2].replace(/\([^()]*\)/g, " ")]) if (norm(part)) out.add(norm(part));
  for (const m of name.matchAll(/\(([^()]*)\)/g)) {
    const inner = norm(m[1]);
    if (inner && !/^[\d\s-]+$/.test(inner)) out.add(inner);
  }
  return [...out];
}
