/**
 * Bad input through the whole read → code → write path: empty files, binary junk,
 * a 50 MB single line, malformed JSONL, HTML with scripts. The coder here echoes
 * every sentence it reads as a record, so anything the readers let through shows.
 */
import { describe, it, expect } from "vitest";
import { PassThrough } from "node:stream";
import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codeSources, type CodeStreamStats } from "../src/app/code-stream.js";
import type { Coder } from "../src/app/coder.js";
import { createWriter } from "../src/app/output.js";
import type { InputWarning } from "../src/app/input.js";
import { newDoc, type Doc, type EventRecord, type InputDocument } from "../src/doc/index.js";
import { tokenizeStage } from "../src/stages/01-tokenize/index.js";

const dir = mkdtempSync(join(tmpdir(), "faultline-bad-input-"));

/** A stand-in coder: one record per sentence, carrying the sentence as evidence. */
const echoCoder = {
  analyze(input: InputDocument): Doc {
    const doc = newDoc({ id: input.id ?? "doc", text: input.text, date: input.date ?? null });
    tokenizeStage.run(doc);
    doc.events = doc.sentences.map((s): EventRecord => ({
      id: `${doc.id}:${s.index}`, doc_id: doc.id,
      evidence: { sentence: doc.text.slice(s.start, s.end), sentence_index: s.index, start: s.start, end: s.end, trigger: { text: "", start: s.start, end: s.start } },
      cameo: "010", cameo_root: "01", goldstein: 0, quad_class: 1, plover: { type: "OTHER", mode: null }, acled: null,
      source: null, target: null, date: { value: "", precision: "unknown", basis: "publication", text: null }, historical: false,
      location: null, fatalities: null, modality: "asserted", confidence: 0.5, rule: "echo",
    }));
    return doc;
  },
} as unknown as Coder;

async function run(paths: string[], opts: { maxLineBytes?: number } = {}): Promise<{ stats: CodeStreamStats; out: string; warnings: InputWarning[]; errors: string[] }> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  const writer = createWriter("jsonl", stream);
  const warnings: InputWarning[] = [];
  const errors: string[] = [];
  const stats = await codeSources(paths, { coder: echoCoder, writer, onWarning: (w) => warnings.push(w), onError: (e) => errors.push(e), ...opts });
  await writer.end();
  return { stats, out: Buffer.concat(chunks).toString(), warnings, errors };
}

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe("bad input", () => {
  it("an empty file: a warning, no events, no error", async () => {
    const r = await run([file("empty.jsonl", ""), file("blank.txt", "\n\n  \n")]);
    expect(r.out).toBe("");
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toEqual(["empty input, no documents", "no text in the input"]);
  });

  it("binary junk: a clear error, and the next file is still read", async () => {
    const junk = Buffer.alloc(4096);
    for (let k = 0; k < junk.length; k++) junk[k] = (k * 7919) % 256;
    const r = await run([file("junk.txt", junk), file("ok.txt", "Troops withdrew.")]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/junk\.txt: looks binary/);
    expect(r.stats.documents).toBe(1);
    const noNul = Buffer.from(Array.from({ length: 2000 }, (_, k) => 0x80 + (k % 64)));
    expect((await run([file("latin.bin", noNul)])).errors[0]).toMatch(/not valid UTF-8/);
  });

  it("a 50 MB single line is skipped with a message, without holding it in memory", async () => {
    const p = join(dir, "huge.jsonl");
    const fd = openSync(p, "w");
    writeSync(fd, '{"id":"small","text":"Before the big line."}\n{"id":"huge","text":"');
    const block = Buffer.alloc(1024 * 1024, "word ");
    for (let k = 0; k < 50; k++) writeSync(fd, block);
    writeSync(fd, '"}\n{"id":"after","text":"After the big line."}\n');
    closeSync(fd);
    const before = process.memoryUsage().rss;
    const r = await run([p]);
    const grown = (process.memoryUsage().rss - before) / 1024 / 1024;
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ line: 2, message: expect.stringMatching(/over the limit/) });
    expect(r.out.split("\n").filter(Boolean).map((l) => JSON.parse(l).doc_id)).toEqual(["small", "after"]);
    expect(grown).toBeLessThan(100);

    const t = join(dir, "huge.txt");
    const fd2 = openSync(t, "w");
    for (let k = 0; k < 50; k++) writeSync(fd2, block);
    closeSync(fd2);
    const r2 = await run([t]);
    expect(r2.warnings[0].message).toMatch(/over \d+ bytes; skipped/);
    expect(r2.out).toBe("");
  }, 30_000);

  it("malformed JSONL lines are reported by line number, never dropped silently", async () => {
    const lines = [
      '{"id":"1","text":"Fine."}', "", "{", "42", '"just a string"', '{"text":null}', '{"text":"   "}', '{"id":[1],"text":"x"}',
      '{"id":"9","text":"Also fine."}', '{"id":"10","text":"Trailing"} junk',
    ];
    const r = await run([file("bad.jsonl", lines.join("\n"))]);
    expect(r.warnings.map((w) => w.line)).toEqual([3, 4, 5, 6, 7, 8, 10]);
    expect(r.stats.documents).toBe(2);
  });

  it("HTML script and style text never reaches the output", async () => {
    const html = `<html><head><title>T</title><script>alert("SCRIPTTEXT")</script><style>.x{}</style></head>
      <body><p>Rebels attacked a convoy.</p><script type="text/javascript">var hidden = "SCRIPTTEXT";</script>
      <noscript>NOSCRIPTTEXT</noscript><p>Officials condemned it.</p></body></html>`;
    const r = await run([file("page.html", html)]);
    expect(r.out).not.toMatch(/SCRIPTTEXT|NOSCRIPTTEXT|\.x\{\}/);
    expect(r.out).toContain("Rebels attacked a convoy.");
    expect(r.stats.documents).toBe(1);
  });

  it("invalid UTF-8 inside an otherwise valid line is coded, not fatal", async () => {
    const line = Buffer.concat([Buffer.from('{"text":"Police fired '), Buffer.from([0xff, 0xfe]), Buffer.from(' at protesters."}\n')]);
    const r = await run([file("mixed.jsonl", line)]);
    expect(r.errors).toEqual([]);
    expect(r.stats.documents).toBe(1);
  });
});
