import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { UsageError } from "../command.js";
import validate from "./validate.js";

/** Run `faultline validate` in-process; a UsageError becomes exit code 2, as in main(). */
async function runValidate(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => (out += d));
  stderr.on("data", (d) => (err += d));
  try {
    const code = await validate.run(args, { stdin: new PassThrough(), stdout, stderr });
    return { code, out, err };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { code: 2, out, err: e.message };
  }
}

function badDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "faultline-cli-validate-"));
  writeFileSync(join(dir, "bad.json"), "[1, 2");
  writeFileSync(join(dir, "plain.json"), JSON.stringify({ entries: [] }));
  return dir;
}

describe("faultline validate", () => {
  it("exits 0 with a one-line summary on the built-in ontology", async () => {
    const r = await runValidate([]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ontology OK: \d+ files, \d+ entries\n$/);
  });

  it("exits 1 and prints one line per issue", async () => {
    const dir = badDir();
    try {
      const r = await runValidate(["--dir", dir]);
      expect(r.code).toBe(1);
      const lines = r.out.trim().split("\n");
      expect(lines.filter((l) => /^(bad|plain)\.json/.test(l))).toEqual([
        expect.stringMatching(/^bad\.json: not valid JSON/),
        expect.stringMatching(/^plain\.json \/\$schema: missing \$schema/),
      ]);
      expect(r.err).toContain(`${lines.length} issue(s)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects a bad flag or a missing folder", async () => {
    expect((await runValidate(["--bogus"])).code).toBe(2);
    const r = await runValidate(["--dir", join(tmpdir(), "no-such-faultline-dir")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a folder/);
  });

  it("gives the process exit codes from the command line", () => {
    const cli = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "src/cli/run.ts", "validate", ...args], { encoding: "utf8" });
    expect(cli([]).status).toBe(0);
    const dir = badDir();
    try {
      const bad = cli(["--dir", dir]);
      expect(bad.status).toBe(1);
      expect(bad.stdout).toMatch(/^bad\.json: /m);
      expect(cli(["--dir", join(dir, "missing")]).status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
