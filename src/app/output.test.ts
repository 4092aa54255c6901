import { describe, it, expect } from "vitest";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import type { EventRecord } from "../doc/index.js";
import { createWriter, csvCell, csvLine, CSV_COLUMNS } from "./output.js";

function record(over: Partial<EventRecord> = {}): EventRecord {
  return {
    id: "ev1", doc_id: "d1",
    evidence: { sentence: 'Troops said "no", then fired.', sentence_index: 0, start: 0, end: 29, trigger: { text: "fired", start: 23, end: 28 } },
    cameo: "190", cameo_root: "19", goldstein: -10, quad_class: 4,
    plover: { type: "ASSAULT", mode: null }, acled: null,
    source: { text: "Troops", start: 0, end: 6, name: "=cmd|calc", id: "agent:MIL", code: "MIL", country: null, sector: "MIL", kind: "group" },
    target: null,
    date: { value: "2025-12-10", precision: "day", basis: "stated", text: "December 10" },
    historical: false, location: null, fatalities: { killed: 3, injured: null },
    modality: "asserted", confidence: 0.8, rule: "test.rule",
    ...over,
  };
}

async function written(format: "jsonl" | "json" | "csv", records: EventRecord[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const w = createWriter(format, out);
  for (const r of records) await w.write(r);
  await w.end();
  expect(w.count).toBe(records.length);
  return Buffer.concat(chunks).toString("utf8");
}

describe("output writers", () => {
  it("writes JSON Lines, one record a line", async () => {
    const s = await written("jsonl", [record(), record({ id: "ev2" })]);
    const lines = s.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]).id).toBe("ev2");
    expect(await written("jsonl", [])).toBe("");
  });

  it("writes one JSON array", async () => {
    expect(JSON.parse(await written("json", [record(), record()]))).toHaveLength(2);
    expect(JSON.parse(await written("json", []))).toEqual([]);
  });

  it("writes CSV with a header, quoting and a formula guard", async () => {
    const s = await written("csv", [record()]);
    const [header, row] = s.split("\r\n");
    expect(header.split(",")).toEqual([...CSV_COLUMNS]);
    expect(CSV_COLUMNS).toContain("sentence");
    expect(row).toContain(`"Troops said ""no"", then fired."`);
    expect(row).toContain(",'=cmd|calc,");
    expect(row).toContain(",-10,"); // numbers are not guarded
    expect(csvLine(record()).endsWith("\r\n")).toBe(true);
  });

  it("guards and quotes cells", () => {
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(-3.5)).toBe("-3.5");
    expect(csvCell(true)).toBe("true");
  });

  it("add buffers records without a promise until a batch is due, writing the same bytes as write", async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const w = createWriter("jsonl", out);
    expect(w.add(record())).toBeNull();
    // A record of over 256 KB makes a batch due: its flush is returned.
    const big = record({ id: "ev2", evidence: { ...record().evidence, sentence: "ü".repeat(150_000) } });
    const due = w.add(big);
    expect(due).toBeInstanceOf(Promise);
    await due;
    await w.end();
    expect(w.count).toBe(2);
    const s = Buffer.concat(chunks).toString("utf8");
    expect(s).toBe(await written("jsonl", [record(), big]));
    expect(s).toBe(JSON.stringify(record()) + "\n" + JSON.stringify(big) + "\n");
  });

  it("waits for drain under backpressure", async () => {
    const out = new PassThrough({ highWaterMark: 16 });
    const w = createWriter("jsonl", out);
    const big = record({ evidence: { ...record().evidence, sentence: "x".repeat(300_000) } });
    let resolved = false;
    const p = w.write(big).then(() => {
      resolved = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(resolved).toBe(false); // nobody reads yet: the writer waits
    out.resume();
    await p;
    await w.end();
    expect(resolved).toBe(true);
  });

  // Several arenas' worth of records (1 MB each), each record different, so that a reused
  // arena overwritten too early would show as wrong or repeated lines.
  const many = Array.from({ length: 6000 }, (_, k) =>
    record({ id: `ev${k}`, evidence: { ...record().evidence, sentence: `Line ${k}: ` + "é".repeat(k % 500) } }),
  );
  const expected = many.map((r) => JSON.stringify(r) + "\n").join("");

  it("reuses written-out arenas for a file without losing or repeating bytes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-out-"));
    try {
      const path = join(dir, "events.jsonl");
      const out = createWriteStream(path);
      const w = createWriter("jsonl", out);
      for (const r of many) await w.write(r);
      await w.end();
      await new Promise((res) => out.end(res));
      expect(Buffer.byteLength(expected)).toBeGreaterThan(4 << 20);
      expect(readFileSync(path, "utf8")).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never overwrites the chunks of a stream that may keep them", async () => {
    // A stream that keeps every chunk after calling back (a collector; a PassThrough's reader
    // may too), and calls back a turn later, as a file does.
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        setImmediate(cb);
      },
    });
    const w = createWriter("jsonl", out);
    for (const r of many) await w.write(r);
    await w.end();
    expect(Buffer.concat(chunks).toString("utf8")).toBe(expected);
  });

  it("fails instead of hanging when the output closes while it waits", async () => {
    const out = new PassThrough({ highWaterMark: 16 });
    const w = createWriter("jsonl", out);
    const big = record({ evidence: { ...record().evidence, sentence: "x".repeat(300_000) } });
    const p = w.write(big);
    setTimeout(() => out.destroy(), 10);
    await expect(p).rejects.toThrow();
  });
});
