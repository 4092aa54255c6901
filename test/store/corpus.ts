/**
 * Generated wire-style documents for the store's crash test, worker test and
 * `bench/ingest.mjs`: headlines and sentences filled from the templates of
 * `bench/corpus-templates.json` (the coder benchmark's data) with a seeded
 * generator, each document with an id, a publication date and a URL on one of
 * 25 hosts. Short reports: 2–4 sentences.
 */
import { createWriteStream, readFileSync } from "node:fs";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { seededRandom as rng } from "../../src/analytics/synthetic.js";

interface Templates {
  headlines: string[];
  sentences: string[];
  vocab: Record<string, string[]>;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SLOT = /\{([A-Za-z_0-9]+)\}/g;


export interface GeneratedDoc {
  id: string;
  text: string;
  date: string;
  url: string;
}

/** `n` documents, deterministic for a seed, published over `days` days from 2024-01-01. */
export function* generateDocs(n: number, seed = 1, days = 120): Generator<GeneratedDoc> {
  const spec = JSON.parse(readFileSync(join(ROOT, "bench", "corpus-templates.json"), "utf8")) as Templates;
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const fill = (tpl: string) =>
    tpl.replace(SLOT, (_, name: string) => {
      const w = pick(spec.vocab[name.toLowerCase()] ?? [name]);
      return name[0] === name[0].toUpperCase() ? w[0].toUpperCase() + w.slice(1) : w;
    });
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    const sentences = [fill(pick(spec.headlines)) + "."];
    const k = 1 + Math.floor(r() * 3);
    for (let j = 0; j < k; j++) sentences.push(fill(pick(spec.sentences)));
    const date = new Date(base + Math.floor(r() * days) * 86_400_000).toISOString().slice(0, 10);
    yield { id: `gen-${seed}-${i}`, text: sentences.join(" "), date, url: `https://wire${Math.floor(r() * 25)}.test/${i}` };
  }
}

/** Write `n` generated documents as JSONL; returns the bytes of text written. */
export async function writeCorpus(file: string, n: number, seed = 1): Promise<number> {
  const out = createWriteStream(file);
  let chars = 0;
  for (const d of generateDocs(n, seed)) {
    chars += d.text.length;
    if (!out.write(JSON.stringify(d) + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return chars;
}
