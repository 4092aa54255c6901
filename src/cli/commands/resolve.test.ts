import { describe, it, expect } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { UsageError } from "../command.js";
import resolve, { parseResolveArgs } from "./resolve.js";

/** Run `faultline resolve` in-process with `input` on stdin; a UsageError becomes exit code 2. */
async function run(args: string[], input = ""): Promise<{ code: number; out: string; err: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => (out += d));
  stderr.on("data", (d) => (err += d));
  stdin.end(input);
  try {
    const code = await resolve.run(args, { stdin, stdout, stderr });
    return { code, out, err };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { code: 2, out, err: e.message };
  }
}

const lines = (s: string) =>
  s
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { id: unknown; actor: { code: string; id: string } | null });

describe("faultline resolve", () => {
  it("writes one line per phrase with the code valid on its date", async () => {
    const input = [
      { id: 1, text: "the Taliban", date: "2009-07-01" },
      { id: 2, text: "the Taliban", date: "2024-07-01" },
      { id: 3, text: "Afghan refugees" },
      { id: 4, text: "a quiet afternoon" },
    ]
      .map((o) => JSON.stringify(o))
      .join("\n");
    const r = await run(["-"], input);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(lines(r.out).map((l) => [l.id, l.actor?.code ?? null])).toEqual([
      [1, "AFGINS"],
      [2, "AFGGOV"],
      [3, "AFGREF"],
      [4, null],
    ]);
  });

  it("reports bad lines with their number, skips them and exits 1", async () => {
    const r = await run(["-"], '{"id":"a","text":"Indian police"}\n{oops\n{"id":"c"}\n');
    expect(r.code).toBe(1);
    expect(lines(r.out).map((l) => l.actor?.code)).toEqual(["INDCOP"]);
    expect(r.err).toMatch(/line 2: not valid JSON/);
    expect(r.err).toMatch(/line 3: missing string field "text"/);
  });

  it("reads a file and applies --date to phrases without one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-resolve-"));
    try {
      const f = join(dir, "phrases.jsonl");
      writeFileSync(f, '{"id":"x","text":"Taliban fighters"}\n');
      const r = await run([f, "--date", "2015-03-01"]);
      expect(lines(r.out)[0].actor?.code).toBe("AFGINS");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails cleanly on a missing file and on bad usage", async () => {
    const r = await run(["/nonexistent/phrases.jsonl"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read/);
    expect((await run([])).code).toBe(2);
    expect(() => parseResolveArgs(["a.jsonl", "--date", "May 5"])).toThrow(UsageError);
  });
});
