/**
 * The "code" use case over a stream of sources: read documents (input.ts), code
 * each with a Coder, write the records (output.ts). `faultline code` and the
 * benchmark both run through here.
 */
import type { Coder } from "./coder.js";
import { InputError, readSource, type InputWarning, type ReadOptions } from "./input.js";
import type { RecordWriter } from "./output.js";

export interface CodeStreamOptions extends Omit<ReadOptions, "onWarning"> {
  coder: Coder;
  writer: RecordWriter;
  /** A skipped line or document. */
  onWarning?: (w: InputWarning) => void;
  /** A source that could not be read, or a document the coder failed on; the run goes on. */
  onError?: (message: string) => void;
}

/** What a run did. */
export interface CodeStreamStats {
  documents: number;
  events: number;
  sentences: number;
  /** Characters of document text coded. */
  chars: number;
  warnings: number;
  errors: number;
  ms: number;
}

/** Code every document of `paths` ("-" = stdin) in order and write the records. */
export async function codeSources(paths: readonly string[], opts: CodeStreamOptions): Promise<CodeStreamStats> {
  const t0 = performance.now();
  const stats: CodeStreamStats = { documents: 0, events: 0, sentences: 0, chars: 0, warnings: 0, errors: 0, ms: 0 };
  const readOpts: ReadOptions = {
    ...opts,
    onWarning: (w) => {
      stats.warnings++;
      opts.onWarning?.(w);
    },
  };
  const error = (message: string) => {
    stats.errors++;
    opts.onError?.(message);
  };
  for (const path of paths) {
    try {
      for await (const input of readSource(path, readOpts)) {
        let doc;
        try {
          doc = opts.coder.analyze(input);
        } catch (err) {
          error(`${path}: document ${input.id ?? "(no id)"}: coder failed: ${err instanceof Error ? err.message : String(err)}`);
          continue;
        }
        stats.documents++;
        stats.chars += doc.text.length;
        stats.sentences += doc.sentences.length;
        for (const e of doc.events) {
          // No promise per record: only a due batch is awaited.
          const due = opts.writer.add(e);
          if (due) await due;
          stats.events++;
        }
      }
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      error(err.message);
    }
  }
  stats.ms = performance.now() - t0;
  return stats;
}
