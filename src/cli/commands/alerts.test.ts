import { describe, it, expect } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { UsageError } from "../command.js";
import alerts from "./alerts.js";

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c));
  stderr.on("data", (c: Buffer) => (err += c));
  let code: number;
  try {
    code = await alerts.run(args, { stdin: new PassThrough(), stdout, stderr });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    code = 2;
  }
  return { code, out, err };
}

describe("faultline alerts", () => {
  it("runs, lists and refuses bad input on an empty store", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-alerts-cli-"));
    const db = join(dir, "a.sqlite");
    try {
      const run = await cli(["run", "--db", db, "--to", "2025-01-31"]);
      expect(run.code).toBe(0);
      expect(run.err).toContain("2024-02-02..2025-01-31: 0 alerts, 0 new");
      const json = await cli(["run", "--db", db, "--json", "--measure", "material_conflict"]);
      expect(JSON.parse(json.out)).toMatchObject({ detected: 0, inserted: 0, alerts: [] });
      expect((await cli(["list", "--db", db])).out).toBe("");
      expect((await cli(["ack", "7", "--db", db])).code).toBe(1);
      expect((await cli(["run", "--db", db, "--measure", "noise"])).code).toBe(2);
      expect((await cli(["run", "--db", db, "--from", "May 1"])).code).toBe(2);
      expect((await cli(["explode", "--db", db])).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
