/**
 * The stage contract (after spaCy's pipeline components): a stage declares the
 * `Doc` fields it reads (`requires`) and the ones it writes (`assigns`), and the
 * runner checks the order once, when the pipeline is built, not per document.
 * Stages are synchronous, pure over the Doc and their knowledge, and never do I/O.
 */
import type { Doc } from "../doc/index.js";

export type DocField = Exclude<keyof Doc, "id" | "text" | "date" | "url" | "title">;

export interface Stage {
  readonly name: string;
  readonly requires: readonly DocField[];
  readonly assigns: readonly DocField[];
  run(doc: Doc): void;
}
