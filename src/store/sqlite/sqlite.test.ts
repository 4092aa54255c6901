import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runStoreContract } from "../contract.js";
import { openStore } from "../index.js";
import { openSqlite } from "./index.js";

runStoreContract("sqlite :memory:", async () => openSqlite(":memory:"));

describe("SQLite file store", () => {
  const dir = mkdtempSync(join(tmpdir(), "faultline-sqlite-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("persists across reopen and migrates once", async () => {
    const url = "sqlite:" + join(dir, "a.sqlite");
    const s1 = await openStore(url);
    expect(s1.backend).toBe("sqlite");
    await s1.putDocument({ text: "kept" });
    await s1.close();
    const s2 = await openStore(url);
    expect((await s2.stats()).documents).toBe(1);
    await s2.close();
  });
});
