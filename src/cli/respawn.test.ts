import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIG_INPUT_BYTES, codeHeapFlags, respawnFlags, RESPAWNED_ENV } from "./respawn.js";

describe("respawnFlags", () => {
  const dir = mkdtempSync(join(tmpdir(), "faultline-respawn-"));
  const small = join(dir, "small.txt");
  const big = join(dir, "big.jsonl");
  writeFileSync(small, "Militants attacked a checkpoint.\n");
  writeFileSync(big, Buffer.alloc(BIG_INPUT_BYTES, 0x20));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("restarts `code` with a larger young generation only for big input files", () => {
    expect(respawnFlags(["code", small, "--date", "2025-12-12"], [], {})).toBeNull();
    expect(respawnFlags(["code", big, "--date", "2025-12-12"], [], {})).toEqual(codeHeapFlags(BIG_INPUT_BYTES));
    expect(codeHeapFlags(BIG_INPUT_BYTES)[0]).toMatch(/^--max-semi-space-size=\d+$/);
    expect(codeHeapFlags(BIG_INPUT_BYTES)).toContain("--no-allocation-site-pretenuring");
    expect(codeHeapFlags(BIG_INPUT_BYTES - 1)).toEqual([]);
  });

  it("never restarts twice, for other commands, or when the caller sized the young generation", () => {
    expect(respawnFlags(["code", big], [], { [RESPAWNED_ENV]: "1" })).toBeNull();
    expect(respawnFlags(["eval", big], [], {})).toBeNull();
    expect(respawnFlags(["code", big], ["--max-semi-space-size=8"], {})).toBeNull();
    expect(respawnFlags(["code", big], [], { NODE_OPTIONS: "--max-semi-space-size=8" })).toBeNull();
    expect(respawnFlags(["code", join(dir, "missing.jsonl")], [], {})).toBeNull();
  });
});
