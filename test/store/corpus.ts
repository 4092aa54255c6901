/**
 * Generated wire-style documents for the store's crash test, worker test and
 * `bench/ingest.mjs`: headlines and sentences filled from the templates of
 * `bench/corpus-templates.json` (the coder benchmark's data) with a seeded
 * generator, each document with an id, a publication date and a URL on one of
 * 25 hosts.
 *
 * Two shapes:
 * - `short` (the default): a headline and 1–3 event sentences, about 240 characters and
 *   six events a document, so that a few thousand documents exercise many merges;
 * - `wire`: news-length reports shaped as the coder benchmark's corpus (bench/coder.mjs):
 *   a headline and 4–13 paragraphs of one or two sentences, about a third of them reporting
 *   an event and the rest background, about 1.4 KB a document.
 */
import { createWriteStream, readFileSync } from "node:fs";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { seededRandom as rng } from "../../src/analytics/synthetic.js";

interface Templates {
  headlines: string[];
  sentences: string[];
  background: string[];
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

export type CorpusShape = "short" | "wire";

/** `n` documents, deterministic for a seed, published over `days` days from 2024-01-01. */
export function* generateDocs(n: number, seed = 1, days = 120, shape: CorpusShape = "short"): Generator<GeneratedDoc> {
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
    let text: string;
    if (shape === "wire") {
      const paras = [fill(pick(spec.headlines))];
      const sentence = () => fill(r() < 0.35 ? pick(spec.sentences) : pick(spec.background));
      const k = 4 + Math.floor(r() * 10);
      for (let j = 0; j < k; j++) paras.push(sentence() + (r() < 0.6 ? " " + sentence() : ""));
      text = paras.join("\n\n");
    } else {
      const sentences = [fill(pick(spec.headlines)) + "."];
      const k = 1 + Math.floor(r() * 3);
      for (let j = 0; j < k; j++) sentences.push(fill(pick(spec.sentences)));
      text = sentences.join(" ");
    }
    const date = new Date(base + Math.floor(r() * days) * 86_400_000).toISOString().slice(0, 10);
    yield { id: `gen-${seed}-${i}`, text, date, url: `https://wire${Math.floor(r() * 25)}.test/${i}` };
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
