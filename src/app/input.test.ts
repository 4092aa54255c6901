import { describe, it, expect } from "vitest";
import { Readable } from "node:stream";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InputDocument } from "../doc/index.js";
import { binaryReason, extractHtml, formatFromName, parseJsonLine, readSource, sniffFormat, splitLines, type InputWarning, type ReadOptions } from "./input.js";

const dir = mkdtempSync(join(tmpdir(), "faultline-input-"));

async function read(name: string, content: string | Buffer, opts: ReadOptions = {}): Promise<{ docs: InputDocument[]; warnings: InputWarning[] }> {
  const path = join(dir, name);
  writeFileSync(path, content);
  const warnings: InputWarning[] = [];
  const docs: InputDocument[] = [];
  for await (const d of readSource(path, { ...opts, onWarning: (w) => warnings.push(w) })) docs.push(d);
  return { docs, warnings };
}

describe("format detection", () => {
  it("uses the extension, then the content", () => {
    expect(formatFromName("a/b.JSONL")).toBe("jsonl");
    expect(formatFromName("x.htm")).toBe("html");
    expect(formatFromName("x.txt")).toBe("text");
    expect(formatFromName("x.dat")).toBeNull();
    expect(sniffFormat('\n\n {"text":"a"}\n')).toBe("jsonl");
    expect(sniffFormat("{not json}\n")).toBe("text");
    expect(sniffFormat("[1,2]\n")).toBe("text");
    expect(sniffFormat("<!DOCTYPE html><html><p>x</p>")).toBe("html");
    expect(sniffFormat("Troops <b>withdrew</b>.")).toBe("text");
  });

  it("spots binary data", () => {
    expect(binaryReason(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toMatch(/NUL/);
    expect(binaryReason(Buffer.from(Array.from({ length: 400 }, (_, k) => 0x80 + (k % 60))))).toMatch(/UTF-8/);
    expect(binaryReason(Buffer.from("Plain words, café, Zürich.", "utf8"))).toBeNull();
  });
});

describe("JSONL", () => {
  it("parses good lines and explains bad ones", () => {
    expect(parseJsonLine('{"id":7,"text":"A b.","date":"2025-01-02"}', 100)).toEqual({ id: "7", text: "A b.", date: "2025-01-02", url: null, title: null });
    expect(parseJsonLine("   ", 100)).toBeNull();
    expect(parseJsonLine("{oops", 100)).toMatchObject({ skip: expect.stringMatching(/not valid JSON/) });
    expect(parseJsonLine("[1]", 100)).toEqual({ skip: "not a JSON object" });
    expect(parseJsonLine('{"text":""}', 100)).toEqual({ skip: 'empty "text"' });
    expect(parseJsonLine('{"body":"x"}', 100)).toEqual({ skip: 'no "text" string' });
    expect(parseJsonLine('{"text":"abcdef"}', 3)).toMatchObject({ skip: expect.stringMatching(/over the limit/) });
    expect(parseJsonLine('{"text":"a","id":{}}', 100)).toMatchObject({ skip: expect.stringMatching(/"id"/) });
  });

  it("streams a file, numbering lines and handling CRLF and a BOM", async () => {
    const { docs, warnings } = await read("a.jsonl", '\ufeff{"id":"a","text":"One."}\r\n\r\nnot json\n{"id":"b","text":"Two."}');
    expect(docs.map((d) => [d.id, d.text])).toEqual([["a", "One."], ["b", "Two."]]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].line).toBe(3);
  });

  it("drops an over-long line without holding it", async () => {
    const chunks = (async function* () {
      yield Buffer.from('{"text":"ok"}\n{"text":"');
      for (let k = 0; k < 20; k++) yield Buffer.alloc(1000, 0x61);
      yield Buffer.from('"}\n{"text":"after"}\n');
    })();
    const lines = [];
    for await (const l of splitLines(chunks, 5000)) lines.push(l);
    expect(lines).toEqual([{ n: 1, text: '{"text":"ok"}' }, { n: 2, tooLong: 20_011 }, { n: 3, text: '{"text":"after"}' }]);
  });
});

describe("text, HTML and stdin", () => {
  it("names a text file's document after the file", async () => {
    const { docs } = await read("report-17.txt", "Troops withdrew on Monday.\n");
    expect(docs).toEqual([{ id: "report-17", text: "Troops withdrew on Monday.\n" }]);
  });

  it("warns on empty input", async () => {
    const { docs, warnings } = await read("empty.txt", "");
    expect(docs).toEqual([]);
    expect(warnings[0].message).toMatch(/empty/);
  });

  it("sniffs stdin", async () => {
    const docs: InputDocument[] = [];
    const stdin = Readable.from([Buffer.from('{"text":"From stdin."}\n')]);
    for await (const d of readSource("-", { stdin })) docs.push(d);
    expect(docs).toEqual([{ id: undefined, text: "From stdin.", date: null, url: null, title: null }]);
  });

  it("honours a forced format", async () => {
    const { docs } = await read("x.jsonl", '{"text":"raw"}\n', { format: "text" });
    expect(docs[0].text).toBe('{"text":"raw"}\n');
  });
});

describe("extractHtml", () => {
  it("keeps the article text and metadata, drops the rest", () => {
    const page = extractHtml(`<!doctype html><html lang="en"><head><title>Ignored &amp; title</title>
      <meta property="og:title" content="Clashes near the border">
      <meta property="article:published_time" content="2025-12-10T08:00:00Z">
      <style>p { color: red }</style><script>var secret = "do not show";</script></head>
      <body><header>Site menu</header><nav><a href="/">Home</a></nav>
      <article><h1>Clashes near the border</h1><p>Guards exchanged fire &mdash; officials said.</p>
      <p>Two   people<br>were hurt.</p><div hidden>hidden text</div></article>
      <aside>Related stories</aside><footer>Copyright</footer><noscript>enable js</noscript></body></html>`);
    expect(page.title).toBe("Clashes near the border");
    expect(page.date).toBe("2025-12-10T08:00:00Z");
    expect(page.lang).toBe("en");
    expect(page.text).toBe("Clashes near the border\n\nGuards exchanged fire — officials said.\n\nTwo people were hurt.");
    for (const junk of ["secret", "color", "Site menu", "Home", "Related", "Copyright", "enable js", "hidden text"]) expect(page.text).not.toContain(junk);
  });

  it("finds dates in time elements and JSON-LD, and survives broken markup", () => {
    expect(extractHtml('<p>x</p><time datetime="2024-05-01">May 1</time>').date).toBe("2024-05-01");
    expect(extractHtml('<script type="application/ld+json">{"datePublished": "2023-02-03"}</script><p>x').date).toBe("2023-02-03");
    const broken = extractHtml("<p>Open <b>bold <i>italic</p></div></span>< <<>> text &unknown; &#99999999;");
    expect(broken.text).toContain("Open bold italic");
    expect(extractHtml("").text).toBe("");
    expect(extractHtml("<div>First part.<br><br>Second part.<br>same line</div>").text).toBe("First part.\n\nSecond part. same line");
  });
});
