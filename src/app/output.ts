/**
 * Event record writers for `faultline code`: JSON Lines (one record a line, the
 * default), one JSON array, or CSV (flattened columns, RFC 4180 quoting, CRLF line
 * ends, and a guard against spreadsheet formula injection). Writes are batched and
 * respect the stream's backpressure.
 */
import { WriteStream } from "node:fs";
import { Socket } from "node:net";
import type { EventRecord } from "../doc/index.js";
import { recordJson } from "../stages/07-code/json.js";

export type OutputFormat = "jsonl" | "json" | "csv";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["jsonl", "json", "csv"];

/** Writes records to a stream; `end` flushes (it does not close the stream). */
export interface RecordWriter {
  write(record: EventRecord): Promise<void>;
  /**
   * `write` without a promise per record: buffers the record and returns null, or,
   * when a batch is due, the promise of its flush (to be awaited before the next record).
   */
  add(record: EventRecord): Promise<void> | null;
  end(): Promise<void>;
  /** Records written so far. */
  readonly count: number;
}

type Cell = string | number | boolean | null | undefined;

/** The CSV columns, in order, and how each is read from a record. */
const COLUMNS: readonly [string, (r: EventRecord) => Cell][] = [
  ["id", (r) => r.id],
  ["doc_id", (r) => r.doc_id],
  ["date", (r) => r.date.value],
  ["cameo", (r) => r.cameo],
  ["cameo_root", (r) => r.cameo_root],
  ["quad_class", (r) => r.quad_class],
  ["goldstein", (r) => r.goldstein],
  ["plover_type", (r) => r.plover.type],
  ["plover_mode", (r) => r.plover.mode],
  ["acled_event_type", (r) => r.acled?.event_type],
  ["acled_sub_event_type", (r) => r.acled?.sub_event_type],
  ["source_name", (r) => r.source?.name],
  ["source_code", (r) => r.source?.code],
  ["source_country", (r) => r.source?.country],
  ["target_name", (r) => r.target?.name],
  ["target_code", (r) => r.target?.code],
  ["target_country", (r) => r.target?.country],
  ["location_name", (r) => r.location?.name],
  ["country", (r) => r.location?.country],
  ["admin1", (r) => r.location?.admin1],
  ["lat", (r) => r.location?.lat],
  ["lon", (r) => r.location?.lon],
  ["geo_precision", (r) => r.location?.precision],
  ["killed", (r) => r.fatalities?.killed],
  ["injured", (r) => r.fatalities?.injured],
  ["modality", (r) => r.modality],
  ["historical", (r) => r.historical],
  ["confidence", (r) => r.confidence],
  ["rule", (r) => r.rule],
  ["sentence", (r) => r.evidence.sentence],
];

/** The CSV header names. */
export const CSV_COLUMNS: readonly string[] = COLUMNS.map(([name]) => name);

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/**
 * One CSV cell: numbers and booleans as they are, null as empty; a text starting with
 * = + - @ (or a tab or CR) gets a leading apostrophe so spreadsheets do not run it as a
 * formula; quoted when it holds a comma, quote or line break.
 */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return "";
  if (typeof v !== "string") return String(v);
  let s = v;
  const c = s.charAt(0);
  if (c === "=" || c === "+" || c === "-" || c === "@" || c === "\t" || c === "\r") s = "'" + s;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(QUOTE, '""')}"` : s;
}

/** A record as one CSV line (with CRLF). */
export function csvLine(r: EventRecord): string {
  let line = "";
  for (let k = 0; k < COLUMNS.length; k++) line += (k > 0 ? "," : "") + csvCell(COLUMNS[k][1](r));
  return line + "\r\n";
}

/** Resolves when `out` drains; rejects when it fails or closes first (a closed pipe must not hang the writer). */
function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      out.removeListener("drain", onDrain);
      out.removeListener("error", onError);
      out.removeListener("close", onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onClose = () => {
      cleanup();
      reject(Object.assign(new Error("output closed"), { code: "EPIPE" }));
    };
    out.once("drain", onDrain);
    out.once("error", onError);
    out.once("close", onClose);
  });
}

/**
 * Bytes buffered before a write: each write to a file stream costs a round through the
 * event loop and the thread pool, and 256 KB batches took less CPU than 64 KB ones.
 */
const BATCH_CHARS = 256 * 1024;
/** A batch older than this is written even when small, so a slow stream of documents still shows its events. */
const BATCH_MS = 250;
/**
 * Records are encoded straight into UTF-8 in an arena of this many bytes; each batch
 * written is a slice of it, and a new arena is taken when the current one is full. This
 * spares flattening and re-encoding one concatenated string per batch.
 *
 * Tried and dropped (issue #2's CPU target; writer-only A/B of the records of 1,500 bench
 * documents, each build's records written 12-16 times, alternating; the build loaded second
 * there runs ~5 % faster, and the tried one was loaded second unless said): encoding each
 * remembered part of a record (sentence, codes, actors, date...) to UTF-8 once and copying
 * the bytes into the arena instead of writing one string per record: 1.32 times the writer's
 * CPU with a `Buffer.from` per part, 1.04 with the parts in one reused slab copied byte by
 * byte, 1.20 copied with `set(subarray)` (the per-part copies and the encoding of each new
 * part cost more than flattening the record's string); one `join` of a reused array of the
 * parts instead of the template: 1.03 to 1.21; holding 16 records to encode them with one
 * `Buffer.write`: 0.95-0.97 loaded second, 1.09-1.11 loaded first (no gain).
 */
const ARENA_BYTES = 1 << 20;
/** Written-out arenas kept for reuse at most (a batch or two is in flight at a time). */
const SPARE_ARENAS = 4;

/**
 * Whether `out` is done with a chunk once the chunk's write callback has run: files,
 * sockets, pipes and terminals have then handed the bytes to the system. Other streams
 * may keep the chunk after that (a PassThrough queues it for its reader), so their
 * arenas are never overwritten.
 */
function releasesChunks(out: NodeJS.WritableStream): boolean {
  return out instanceof WriteStream || out instanceof Socket || out === process.stdout || out === process.stderr;
}

/** An arena and how many of its slices are queued or being written. */
interface Arena {
  buf: Buffer;
  pending: number;
}

/** A writer in `format` over `out`. */
export function createWriter(format: OutputFormat, out: NodeJS.WritableStream): RecordWriter {
  /**
   * Written-out arenas, filled again: each fresh arena costs a page fault per 4 KB the first
   * time it is written (5–7 % of the coder's CPU went to page faults). Null when `out` may
   * keep its chunks (nothing is then tracked), or after a write failed.
   */
  let spare: Buffer[] | null = releasesChunks(out) ? [] : null;
  let current: Arena = { buf: Buffer.allocUnsafe(ARENA_BYTES), pending: 0 };
  let arena = current.buf;
  /** Start of the bytes of `arena` not yet written, and its end. */
  let from = 0;
  let pos = 0;
  /** Unwritten slices of earlier arenas, in order, and their arenas. */
  let parts: Buffer[] = [];
  let partArenas: Arena[] = [];
  /** The arenas of the slices given to `out` whose write callbacks have not run yet, in order. */
  const inFlight: Arena[] = [];
  /** Bytes buffered and not yet written. */
  let pending = 0;
  let count = 0;
  let flushedAt = performance.now();
  /** The arena `a` is full and all of its slices have been written: keep it for reuse. */
  const retire = (a: Arena) => {
    if (spare !== null && spare.length < SPARE_ARENAS && a.buf.length === ARENA_BYTES) spare.push(a.buf);
  };
  /** Queue the unwritten bytes of the current arena as a slice to be written. */
  const queue = () => {
    parts.push(arena.subarray(from, pos));
    partArenas.push(current);
    current.pending++;
  };
  /** Start a new arena of at least `need` bytes (a spare one when it is big enough), the full one's rest queued to be written. */
  const nextArena = (need: number) => {
    if (pos > from) queue();
    if (current.pending === 0) retire(current);
    const buf = need <= ARENA_BYTES && spare !== null && spare.length > 0 ? spare.pop()! : Buffer.allocUnsafe(Math.max(ARENA_BYTES, need));
    current = { buf, pending: 0 };
    arena = buf;
    from = pos = 0;
  };
  /** Append `text`, and a line feed when `nl` (written as a byte: a second `Buffer.write` per record costs more). */
  const append = (text: string, nl = false) => {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8 (a surrogate pair, 4 for 2 units).
    const need = text.length * 3 + 1;
    if (arena.length - pos < need) nextArena(need);
    let n = arena.write(text, pos, "utf8");
    if (nl) arena[pos + n++] = 0x0a;
    pos += n;
    pending += n;
  };
  /**
   * The write callback of every slice: a stream runs them in the order of the writes. One
   * function for all (a closure per slice, holding its arena, made the arenas outlive their
   * use: twice the page faults when they were not reused).
   */
  const written = (err?: Error | null) => {
    const a = inFlight.shift()!;
    if (err) spare = null;
    if (--a.pending === 0 && a !== current) retire(a);
  };
  const flush = async () => {
    flushedAt = performance.now();
    if (pending === 0) return;
    if (pos > from) queue();
    from = pos;
    const chunks = parts;
    const arenas = partArenas;
    parts = [];
    partArenas = [];
    pending = 0;
    // A batch spanning two arenas is written as its two slices (no copy to join them).
    let ok = true;
    for (let k = 0; k < chunks.length; k++) {
      if (spare === null) ok = out.write(chunks[k]);
      else {
        inFlight.push(arenas[k]);
        ok = out.write(chunks[k], written);
      }
    }
    if (!ok) await drained(out);
  };
  // Separators are appended on their own: joining them to a record's JSON would copy that text once more.
  const put: (r: EventRecord, first: boolean) => void =
    format === "csv"
      ? (r) => append(csvLine(r))
      : format === "json"
        ? (r, first) => {
            append(first ? "\n" : ",\n");
            append(recordJson(r));
          }
        : (r) => append(recordJson(r), true);
  const add = (r: EventRecord): Promise<void> | null => {
    put(r, count === 0);
    count++;
    return pending >= BATCH_CHARS || performance.now() - flushedAt > BATCH_MS ? flush() : null;
  };
  append(format === "csv" ? CSV_COLUMNS.join(",") + "\r\n" : format === "json" ? "[" : "");
  return {
    get count() {
      return count;
    },
    add,
    async write(r) {
      const due = add(r);
      if (due) await due;
    },
    async end() {
      if (format === "json") append(count === 0 ? "]\n" : "\n]\n");
      await flush();
    },
  };
}
