/**
 * Document readers for `faultline code` and the benchmark: plain text (one document
 * per file), HTML (main text extracted) and JSON Lines (`{"id","text","date"?,"url"?,"title"?}`
 * a line), from files or stdin (`-`).
 *
 * - Format: from the extension (.txt/.text, .html/.htm/.xhtml, .jsonl/.ndjson); for stdin and
 *   other extensions from the content (a first non-blank line that parses as a JSON object
 *   means JSONL; a first non-blank character "<" followed by HTML markup means HTML; else text).
 *   `format` overrides both.
 * - Ids: a text or HTML file's document id is its file name without the extension; stdin
 *   text and JSONL lines without an "id" get a content hash (from the coder).
 * - JSONL is streamed line by line over the raw bytes with a line-length guard: a line
 *   longer than `maxLineBytes` is skipped with a warning, without ever being held whole.
 * - Bad JSONL lines (not JSON, not an object, no text, a text over `maxDocChars`, a bad
 *   id) are reported as warnings with their line number and skipped, never silently dropped.
 * - A source whose first bytes contain NUL bytes or are mostly invalid UTF-8 "looks binary":
 *   an `InputError`. An empty source gives a warning and no documents.
 */
import { createReadStream, statSync } from "node:fs";
import { basename, extname } from "node:path";
import type { InputDocument } from "../doc/index.js";
import { extractHtml } from "./html.js";

export { extractHtml, type ExtractedHtml } from "./html.js";

export type InputFormat = "text" | "html" | "jsonl";
export const INPUT_FORMATS: readonly InputFormat[] = ["text", "html", "jsonl"];

/** A problem with one part of the input that does not stop the run. */
export interface InputWarning {
  /** File name, or "-" for stdin. */
  source: string;
  /** 1-based line number in a JSONL source. */
  line?: number;
  message: string;
}

/** A source that cannot be read at all (missing, a directory, binary). */
export class InputError extends Error {}

export interface ReadOptions {
  /** Override format detection. */
  format?: InputFormat | null;
  /** Called for every skipped line or document. */
  onWarning?: (w: InputWarning) => void;
  /** The stream `-` reads (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Longest JSONL line kept (bytes); default 16 MB. */
  maxLineBytes?: number;
  /** Largest document text (characters); default 4,000,000. Larger documents are skipped. */
  maxDocChars?: number;
}

const MB = 1024 * 1024;
const DEFAULT_MAX_LINE = 16 * MB;
const DEFAULT_MAX_DOC = 4_000_000;
/** Bytes of the start of a source used to sniff the format and spot binary data. */
const SNIFF_BYTES = 64 * 1024;
/** Bytes read for a text document per allowed character (a character takes at most 4 bytes in UTF-8). */
const TEXT_BYTE_FACTOR = 4;
/** Bytes read for an HTML page per allowed character of its text (markup weighs more than text). */
const HTML_BYTE_FACTOR = 4;

const EXTENSIONS: Record<string, InputFormat> = {
  ".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html", ".jsonl": "jsonl", ".ndjson": "jsonl",
};

/** The format an extension names, or null. */
export function formatFromName(name: string): InputFormat | null {
  return EXTENSIONS[extname(name).toLowerCase()] ?? null;
}

const HTML_START = /^<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|!--)[\s>/]/i;

/** The format of content whose name says nothing (see the module comment). */
export function sniffFormat(head: string): InputFormat {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  let k = 0;
  while (k < text.length && (text[k] === " " || text[k] === "\t" || text[k] === "\r" || text[k] === "\n")) k++;
  if (text[k] === "{") {
    const nl = text.indexOf("\n", k);
    const line = nl < 0 ? text.slice(k) : text.slice(k, nl);
    // A first line longer than the sniffed bytes cannot be parsed here: "{" decides.
    if (nl < 0 && text.length >= SNIFF_BYTES - 4) return "jsonl";
    try {
      const v: unknown = JSON.parse(line);
      if (v !== null && typeof v === "object" && !Array.isArray(v)) return "jsonl";
    } catch {
      // not JSON: fall through
    }
  }
  if (text[k] === "<" && HTML_START.test(text.slice(k, k + 64))) return "html";
  return "text";
}

/** Why the start of a source looks binary, or null when it looks like text. */
export function binaryReason(head: Buffer): string | null {
  if (head.length === 0) return null;
  if (head.indexOf(0) >= 0) return "it contains NUL bytes";
  const s = head.toString("utf8");
  let bad = 0;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) === 0xfffd) bad++;
  // Allow a character cut at the end of the sniffed bytes.
  if (bad > 3 && bad / s.length > 0.05) return "much of it is not valid UTF-8";
  return null;
}

type Chunks = AsyncIterator<Buffer>;

function toBuffer(c: unknown): Buffer {
  return Buffer.isBuffer(c) ? c : Buffer.from(String(c));
}

/** Whether `b` holds a line break after some non-blank byte (a complete first line). */
function hasFirstLine(b: Buffer): boolean {
  for (let k = 0; k < b.length; k++) {
    const c = b[k];
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return b.indexOf(10, k) >= 0;
  }
  return false;
}

/**
 * Read the start of a stream: until a first non-blank line is complete, `want` bytes
 * are in, or the stream ends (so a slow stdin producer is not waited on for more).
 */
async function peek(it: Chunks, want: number): Promise<{ head: Buffer[]; size: number; done: boolean }> {
  const head: Buffer[] = [];
  let size = 0;
  while (size < want) {
    const r = await it.next();
    if (r.done) return { head, size, done: true };
    const b = toBuffer(r.value);
    head.push(b);
    size += b.length;
    if (hasFirstLine(head.length === 1 ? b : Buffer.concat(head, size))) break;
  }
  return { head, size, done: false };
}

/** The chunks of `head` followed by the rest of `it`. */
async function* chain(head: Buffer[], it: Chunks, done: boolean): AsyncGenerator<Buffer> {
  yield* head;
  if (done) return;
  for (;;) {
    const r = await it.next();
    if (r.done) return;
    yield toBuffer(r.value);
  }
}

/** A line of bytes, or a line that was too long (its bytes were dropped as they came). */
type Line = { n: number; text: string } | { n: number; tooLong: number };

/** Split a byte stream into lines (LF, with an optional CR before it) holding at most `max` bytes per line. */
export async function* splitLines(chunks: AsyncIterable<Buffer>, max: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let dropped = 0;
  let n = 0;
  const take = (b: Buffer) => {
    if (dropped > 0 || size + b.length > max) {
      dropped += size + b.length;
      parts = [];
      size = 0;
      return;
    }
    if (b.length > 0) {
      parts.push(b);
      size += b.length;
    }
  };
  const emit = (): Line => {
    n++;
    let line: Line;
    if (dropped > 0) line = { n, tooLong: dropped };
    else {
      let text = (parts.length === 1 ? parts[0] : Buffer.concat(parts, size)).toString("utf8");
      if (text.endsWith("\r")) text = text.slice(0, -1);
      if (n === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      line = { n, text };
    }
    parts = [];
    size = 0;
    dropped = 0;
    return line;
  };
  for await (const chunk of chunks) {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      if (nl < 0) {
        take(chunk.subarray(from));
        break;
      }
      take(chunk.subarray(from, nl));
      yield emit();
      from = nl + 1;
    }
  }
  if (size > 0 || dropped > 0) yield emit();
}

/** The whole source as a string, or null (and the rest drained) when it exceeds `maxBytes`. */
async function readAll(chunks: AsyncIterable<Buffer>, maxBytes: number): Promise<string | null> {
  const parts: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const c of chunks) {
    size += c.length;
    if (size > maxBytes) over = true;
    if (!over) parts.push(c);
  }
  if (over) return null;
  const s = Buffer.concat(parts, size).toString("utf8");
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);

/** One JSONL line as a document, or a reason to skip it. */
export function parseJsonLine(text: string, maxDocChars: number): InputDocument | { skip: string } | null {
  if (text.trim() === "") return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { skip: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) return { skip: "not a JSON object" };
  const o = v as Record<string, unknown>;
  if (typeof o.text !== "string") return { skip: `no "text" string` };
  if (o.text.trim() === "") return { skip: `empty "text"` };
  if (o.text.length > maxDocChars) return { skip: `"text" has ${o.text.length} characters, over the limit of ${maxDocChars}` };
  if (o.id !== undefined && o.id !== null && typeof o.id !== "string" && typeof o.id !== "number") return { skip: `"id" must be a string or a number` };
  const id = o.id === undefined || o.id === null ? undefined : String(o.id);
  return { id: id === "" ? undefined : id, text: o.text, date: str(o.date), url: str(o.url), title: str(o.title) };
}

/** The documents of one source (a path, or "-" for stdin). Throws `InputError` when it cannot be read. */
export async function* readSource(path: string, opts: ReadOptions = {}): AsyncGenerator<InputDocument> {
  const warn = (message: string, line?: number) => opts.onWarning?.({ source: path, line, message });
  const maxDoc = opts.maxDocChars ?? DEFAULT_MAX_DOC;
  let stream: NodeJS.ReadableStream;
  if (path === "-") stream = opts.stdin ?? process.stdin;
  else {
    checkReadable(path);
    stream = createReadStream(path, { highWaterMark: SNIFF_BYTES });
  }
  const it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  try {
    const { head, size, done } = await peek(it, SNIFF_BYTES);
    if (size === 0) {
      warn("empty input, no documents");
      return;
    }
    const first = Buffer.concat(head, size).subarray(0, SNIFF_BYTES);
    const why = binaryReason(first);
    if (why) throw new InputError(`${path}: looks binary (${why}); expected plain text, HTML or JSONL`);
    const format = opts.format ?? (path === "-" ? null : formatFromName(path)) ?? sniffFormat(first.toString("utf8"));
    const chunks = chain(head, it, done);
    if (format === "jsonl") {
      let any = false;
      const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE;
      for await (const line of splitLines(chunks, maxLine)) {
        if ("tooLong" in line) {
          warn(`line is ${line.tooLong} bytes, over the limit of ${maxLine}; skipped`, line.n);
          continue;
        }
        const doc = parseJsonLine(line.text, maxDoc);
        if (doc === null) continue;
        if ("skip" in doc) warn(`${doc.skip}; skipped`, line.n);
        else {
          any = true;
          yield doc;
        }
      }
      if (!any) warn("no documents in the input");
      return;
    }
    const maxBytes = maxDoc * (format === "html" ? HTML_BYTE_FACTOR : TEXT_BYTE_FACTOR);
    const content = await readAll(chunks, maxBytes);
    if (content === null) {
      warn(`document over ${maxBytes} bytes; skipped`);
      return;
    }
    const id = path === "-" ? undefined : basename(path, extname(path));
    const doc = format === "html" ? htmlDocument(content, id) : { id, text: content };
    if (doc.text.trim() === "") warn("no text in the input");
    else if (doc.text.length > maxDoc) warn(`document has ${doc.text.length} characters, over the limit of ${maxDoc}; skipped`);
    else yield doc;
  } finally {
    if (path !== "-") (stream as unknown as { destroy(): void }).destroy();
  }
}

function htmlDocument(html: string, id: string | undefined): InputDocument {
  const page = extractHtml(html);
  return { id, text: page.text, title: page.title, date: page.date };
}

/** Throw `InputError` unless `path` is a readable regular file. */
export function checkReadable(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(code ?? err)}`);
  }
  if (st.isDirectory()) throw new InputError(`${path}: is a directory`);
}

/** The documents of several sources in order. */
export async function* readSources(paths: readonly string[], opts: ReadOptions = {}): AsyncGenerator<InputDocument> {
  for (const p of paths) yield* readSource(p, opts);
}
