import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIG_INGEST_BYTES, BIG_INPUT_BYTES, codeHeapFlags, ingestHeapFlags, respawnFlags, RESPAWNED_ENV } from "./respawn.js";

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

  it("restarts `ingest` with a larger young generation for big local files and folders", () => {
    const flags = ingestHeapFlags(BIG_INGEST_BYTES);
    expect(flags[0]).toMatch(/^--max-semi-space-size=\d+$/);
    expect(ingestHeapFlags(BIG_INGEST_BYTES - 1)).toEqual([]);
    expect(respawnFlags(["ingest", big], [], {})).toEqual(flags);
    expect(respawnFlags(["ingest", "--db", join(dir, "s.sqlite"), big, "--batch", "100"], [], {})).toEqual(flags);
    expect(respawnFlags(["ingest", small], [], {})).toBeNull();
    // A folder counts the files ingest would read (names starting with "." are skipped).
    const folder = join(dir, "folder");
    mkdirSync(join(folder, "sub"), { recursive: true });
    writeFileSync(join(folder, "a.txt"), Buffer.alloc(BIG_INGEST_BYTES / 2, 0x20));
    writeFileSync(join(folder, "sub", "b.txt"), Buffer.alloc(BIG_INGEST_BYTES / 2, 0x20));
    writeFileSync(join(folder, ".hidden.txt"), Buffer.alloc(BIG_INGEST_BYTES, 0x20));
    expect(respawnFlags(["ingest", folder], [], {})).toEqual(flags);
    rmSync(join(folder, "sub"), { recursive: true });
    expect(respawnFlags(["ingest", folder], [], {})).toBeNull();
    // Several sources add up.
    expect(respawnFlags(["ingest", folder, join(dir, "missing"), folder], [], {})).toEqual(flags);
  });

  it("does not restart `ingest` for option values, URLs, --queue, twice, or a sized young generation", () => {
    expect(respawnFlags(["ingest", small, "--db", big], [], {})).toBeNull();
    expect(respawnFlags(["ingest", small, "--kb-additions", big], [], {})).toBeNull();
    expect(respawnFlags(["ingest", "https://example.org/feed.xml"], [], {})).toBeNull();
    expect(respawnFlags(["ingest", big, "--queue"], [], {})).toBeNull();
    expect(respawnFlags(["ingest", big], [], { [RESPAWNED_ENV]: "1234" })).toBeNull();
    expect(respawnFlags(["ingest", big], ["--max-semi-space-size=16"], {})).toBeNull();
    expect(respawnFlags(["ingest", big], [], { NODE_OPTIONS: "--max-semi-space-size=16" })).toBeNull();
    expect(respawnFlags(["watch", "--feeds", big], [], {})).toBeNull();
  });
});
