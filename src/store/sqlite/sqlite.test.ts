import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
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

  it("creates new files with 8 KB pages and keeps an existing file's page size", async () => {
    const fresh = join(dir, "fresh.sqlite");
    await (await openStore("sqlite:" + fresh)).close();
    const old = join(dir, "old.sqlite");
    const made = new Database(old);
    made.pragma("page_size = 4096");
    made.exec("CREATE TABLE t (x)");
    made.close();
    await (await openStore("sqlite:" + old)).close();
    const pageSize = (file: string) => {
      const db = new Database(file, { readonly: true });
      const n = db.pragma("page_size", { simple: true });
      db.close();
      return n;
    };
    expect(pageSize(fresh)).toBe(8192);
    expect(pageSize(old)).toBe(4096);
  });
});
