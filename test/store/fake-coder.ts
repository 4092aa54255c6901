/**
 * A deterministic stand-in for the coder in store tests: one hand-built record per
 * sentence, with dyad, family, place and toll derived from a hash of the sentence,
 * so that generated corpora produce many events and many merges whatever state the
 * real coder's patterns are in.
 */
import { createHash } from "node:crypto";
import type { EventRecord, InputDocument } from "../../src/doc/index.js";
import { actor, record } from "../../src/store/fixtures.js";

const ACTORS = [
  actor("group:a", "NGAINS", "NGA", "INS"), actor("state:NGA:MIL", "NGAMIL", "NGA", "MIL"),
  actor("group:b", "PAKREB", "PAK", "REB"), actor("agent:CVL", "PAKCVL", "PAK", "CVL"), actor("state:MLI:GOV", "MLIGOV", "MLI", "GOV"),
];
const PLACES = [
  { name: "Maiduguri", country: "NGA", lat: 11.85, lon: 13.16 }, { name: "Kano", country: "NGA", lat: 12.0, lon: 8.52 },
  { name: "Quetta", country: "PAK", lat: 30.18, lon: 66.99 }, { name: "Bannu", country: "PAK", lat: 32.99, lon: 70.6 },
  { name: "Gao", country: "MLI", lat: 16.27, lon: -0.04 },
];
const FAMILIES = [["190", -10, 4], ["183", -10, 4], ["040", 1, 1], ["112", -2, 3]] as const;

export const fakeCoder = {
  code(doc: InputDocument): EventRecord[] {
    const out: EventRecord[] = [];
    let start = 0;
    doc.text.split(/(?<=\.)\s+/).forEach((sentence, i) => {
      const h = createHash("sha1").update(sentence).digest();
      const [cameo, goldstein, quad] = FAMILIES[h[0] % FAMILIES.length];
      const killed = /\b(\d{1,3})\b/.exec(sentence);
      out.push(record(`${doc.id}:${i}`, {
        doc_id: doc.id, cameo, cameo_root: cameo.slice(0, 2), goldstein, quad_class: quad,
        source: ACTORS[h[1] % ACTORS.length], target: ACTORS[h[2] % ACTORS.length],
        location: PLACES[h[3] % PLACES.length],
        date: { value: String(doc.date), precision: "day", basis: "publication", text: null },
        fatalities: killed ? { killed: Number(killed[1]), injured: null } : null,
        evidence: { sentence, sentence_index: i, start, end: start + sentence.length, trigger: { text: "x", start, end: start + 1 } },
      }));
      start += sentence.length + 1;
    });
    return out;
  },
};
