/**
 * Place-name keys: lower case, diacritics folded, apostrophes dropped, every other run of
 * non-letters/digits turned into one space ("Mazar-e-Sharif" → "mazar e sharif",
 * "Sant Julià" → "sant julia", "Ta‘izz" → "taizz"). Index and look-up use the same key.
 */

const COMBINING = /[\u0300-\u036f]/g;
const APOSTROPHES = /['’‘`ʻʼ´]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/** The look-up key of a place name. */
export function placeKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(COMBINING, "")
    .toLowerCase()
    .replace(APOSTROPHES, "")
    .replace(SEPARATORS, " ")
    .trim();
}

/** Number of words in a key ("dera ismail khan" → 3). */
export function keyWords(key: string): number {
  let n = key.length > 0 ? 1 : 0;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 32) n++;
  return n;
}
