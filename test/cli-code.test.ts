import { describe, it, expect } from "vitest";
import { PassThrough, Readable } from "node:stream";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import code, { parseCodeArgs } from "../src/cli/commands/code.js";
import { UsageError } from "../src/cli/command.js";

const dir = mkdtempSync(join(tmpdir(), "faultline-cli-code-"));

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Run `faultline code` in-process; returns exit code, stdout and stderr. */
export async function runCode(args: string[], stdinText = ""): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (c: Buffer) => out.push(c));
  stderr.on("data", (c: Buffer) => err.push(c));
  let rc: number;
  try {
    rc = await code.run(args, { stdin: Readable.from([Buffer.from(stdinText)]), stdout, stderr });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { code: 2, out: "", err: e.message };
  }
  return { code: rc, out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString() };
}

describe("faultline code: arguments", () => {
  it("parses flags in both spellings", () => {
    expect(parseCodeArgs(["a.txt", "--date", "2025-12-10", "--format=csv", "--input-format", "html", "--stats", "-"])).toEqual({
      files: ["a.txt", "-"], date: "2025-12-10", format: "csv", inputFormat: "html", dictionaries: null, kbAdditions: null, stats: true,
    });
    expect(parseCodeArgs(["--kb-additions=kb.json", "a.txt"]).kbAdditions).toBe("kb.json");
    expect(parseCodeArgs(["a.txt", "--kb-additions", "kb.json"]).kbAdditions).toBe("kb.json");
  });

  it("rejects bad usage with a clear message", () => {
    expect(() => parseCodeArgs([])).toThrow(/no input/);
    expect(() => parseCodeArgs(["a", "--date", "2025-02-30"])).toThrow(/--date must be a date/);
    expect(() => parseCodeArgs(["a", "--date", "yesterday"])).toThrow(UsageError);
    expect(() => parseCodeArgs(["a", "--format", "xml"])).toThrow(/jsonl, json, csv/);
    expect(() => parseCodeArgs(["a", "--frobnicate"])).toThrow(/unknown option/);
    expect(() => parseCodeArgs(["a", "--date"])).toThrow(/needs a value/);
    expect(() => parseCodeArgs(["-", "-"])).toThrow(/only once/);
  });
});

describe("faultline code: runs", () => {
  it("reports a missing file and exits non-zero", async () => {
    const r = await runCode([join(dir, "nope.txt")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nope\.txt: no such file/);
    expect(r.out).toBe("");
  });

  it("reports bad JSONL lines with their numbers and goes on", async () => {
    const p = file("mixed.jsonl", ['{"id":"a","text":"Troops withdrew."}', "{broken", '{"id":"c"}', '{"id":"d","text":"Police left."}'].join("\n"));
    const r = await runCode([p, "--stats"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/mixed\.jsonl:2: not valid JSON/);
    expect(r.err).toMatch(/mixed\.jsonl:3: no "text" string/);
    expect(r.err).toMatch(/2 documents/);
  });

  it("reads stdin and writes valid JSON / CSV even with no events", async () => {
    const j = await runCode(["-", "--format", "json"], '{"text":"Nothing happened."}\n');
    expect(j.code).toBe(0);
    expect(Array.isArray(JSON.parse(j.out))).toBe(true);
    const c = await runCode(["-", "--format", "csv"], "Nothing happened.\n");
    expect(c.out.split("\r\n")[0].startsWith("id,doc_id,date,cameo,")).toBe(true);
  });

  it("writes every event record as one JSON line with the contract's fields", async () => {
    const p = file("one.txt", "On Tuesday, militants shelled a police checkpoint in Peshawar, killing three officers.\n");
    const r = await runCode([p, "--date", "2025-12-12"]);
    expect(r.code).toBe(0);
    for (const line of r.out.split("\n").filter(Boolean)) {
      const e = JSON.parse(line);
      expect(e.doc_id).toBe("one");
      expect(typeof e.cameo).toBe("string");
      expect(e.evidence.sentence).toBe(
        "On Tuesday, militants shelled a police checkpoint in Peshawar, killing three officers.".slice(e.evidence.start, e.evidence.end),
      );
    }
  });

  it("rejects a --dictionaries folder that does not exist", async () => {
    const r = await runCode(["-", "--dictionaries", join(dir, "missing")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a directory/);
  });

  it("exits 2 on bad usage from the real command line", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/run.ts", "code", "x.txt", "--date", "2025-13-01"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/faultline code: --date must be a date/);
  }, 20_000);
});
