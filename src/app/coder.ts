/**
 * The "code" use case: documents in, event records out. The only place where the
 * knowledge base and the pipeline are wired together (store wiring is in ingest).
 */
import { createHash } from "node:crypto";
import { newDoc, type Doc, type EventRecord, type InputDocument } from "../doc/index.js";
import { loadKnowledge, type Knowledge, type KnowledgeOptions } from "../ontology/index.js";
import { Pipeline } from "../pipeline/index.js";
import { buildStages } from "../stages/index.js";

export interface CoderOptions extends KnowledgeOptions {
  /** Publication date used when a document carries none (YYYY-MM-DD). */
  defaultDate?: string | null;
  /** Record per-stage timings (bench). */
  timed?: boolean;
  /** Record per-stage CPU time as well (bench --stage-cpu). */
  stageCpu?: boolean;
  /** Reuse already loaded knowledge. */
  knowledge?: Knowledge;
}

/** A document's id when it has none: a content hash, so re-runs give the same id. */
export function contentId(text: string): string {
  return "sha1:" + createHash("sha1").update(text).digest("hex").slice(0, 16);
}

/** Normalise a date-time or date string to YYYY-MM-DD, or null when it is not a date. */
export function normalizeDate(d: string | null | undefined): string | null {
  if (!d) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d.trim());
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  const t = Date.parse(d);
  if (Number.isNaN(t)) return null;
  return new Date(t).toISOString().slice(0, 10);
}

export class Coder {
  readonly knowledge: Knowledge;
  readonly pipeline: Pipeline;
  private readonly defaultDate: string | null;

  constructor(opts: CoderOptions = {}) {
    this.knowledge = opts.knowledge ?? loadKnowledge(opts);
    this.pipeline = new Pipeline(buildStages(this.knowledge), { timed: opts.timed, cpu: opts.stageCpu });
    this.defaultDate = normalizeDate(opts.defaultDate ?? null);
  }

  /** Run the whole pipeline over one document and return it (events in `doc.events`). */
  analyze(input: InputDocument): Doc {
    const text = input.text ?? "";
    const doc = newDoc({
      id: input.id && String(input.id).length > 0 ? String(input.id) : contentId(text),
      text,
      date: normalizeDate(input.date ?? null) ?? this.defaultDate,
      url: input.url ?? null,
      title: input.title ?? null,
    });
    return this.pipeline.run(doc);
  }

  code(input: InputDocument): EventRecord[] {
    return this.analyze(input).events;
  }
}
