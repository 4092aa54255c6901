/**
 * Place-name keys: lower case, diacritics folded, apostrophes dropped, every other run of
 * non-letters/digits turned into one space ("Mazar-e-Sharif" → "mazar e sharif",
 * "Sant Julià" → "sant julia", "Ta‘izz" → "taizz"). Index and look-up use the same key.
 */

const COMBINING = /[\u0300-\u036f]/g;
const APOSTROPHES = /['’‘`ʻʼ´]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/** Whether `s` is plain ASCII words separated by single spaces (the common case, keyed by lower-casing alone). */
function plainWords(s: string): boolean {
  let prevSpace = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return false;
      prevSpace = true;
      continue;
    }
    prevSpace = false;
    const letterOrDigit = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
    if (!letterOrDigit) return false;
  }
  return !prevSpace;
}

/** The look-up key of a place name. */
export function placeKey(name: string): string {
  if (plainWords(name)) return name.toLowerCase();
  return name
    .normalize("NFD")
    .replace(COMBINING, "")
    .toLowerCase()
    .replace(APOSTROPHES, "")
    .replace(SEPARATORS, " ")
    .trim();
}
