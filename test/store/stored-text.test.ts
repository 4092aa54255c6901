/**
 * What ingest writes for each document and mention (sql-store.ts `prepareRecords`, writer.ts
 * `insertMentions`): SQLite gets each record's JSON as UTF-8 bytes (`Dialect.textBytes`),
 * which must still be stored as TEXT, the exact JSON, non-ASCII included; the content hash
 * and the coded signature must be the SHA-256 hex digests earlier versions stored (one-shot
 * `hash` instead of a Hash object), or re-coding a stored document would not be recognised
 * as unchanged.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { record, ARMY } from "../../src/store/fixtures.js";
import { openSqlite } from "../../src/store/sqlite/index.js";

const dir = mkdtempSync(join(tmpdir(), "faultline-stored-text-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe("stored document and mention text (SQLite)", () => {
  it("stores record JSON as text, exactly, with the hashes of earlier versions", async () => {
    const path = join(dir, "s.sqlite");
    const store = openSqlite(path);
    const text = "Soldiers clashed with gunmen near Ḥamāh and in Maiduguri.";
    const recs = [
      record("r1", { doc_id: "d1", location: { name: "Ḥamāh 𝔸", country: "SYR", lat: 35.13, lon: 36.75 } }),
      record("r2", { doc_id: "d1", target: ARMY, cameo: "193" }),
    ];
    const saved = await store.saveBatch([{ doc: { id: "d1", text, date: "2025-03-14" }, records: recs }]);
    expect(saved[0]).toMatchObject({ inserted: true, mentions: 2 });
    // Saving the same records again is recognised by the signature: nothing changes.
    expect(await store.saveCoded("d1", recs)).toEqual({ mentions: 0, created: 0, merged: 0 });
    await store.close();

    const db = new Database(path, { readonly: true });
    const rows = db.prepare("SELECT rid, typeof(record) AS t, record FROM mentions ORDER BY rid").all() as Array<{ rid: string; t: string; record: string }>;
    expect(rows.map((r) => [r.rid, r.t])).toEqual([["r1", "text"], ["r2", "text"]]);
    expect(rows.map((r) => r.record)).toEqual(recs.map((r) => JSON.stringify(r)));
    const doc = db.prepare("SELECT content_hash, coded_sig FROM documents WHERE id = 'd1'").get() as { content_hash: string; coded_sig: string };
    expect(doc.content_hash).toBe(sha256(text));
    expect(doc.coded_sig).toBe(sha256(JSON.stringify(recs)));
    db.close();

    // Read back through the store: the stored event carries the record as coded.
    const again = openSqlite(path);
    const ev = await again.getEvent("r1");
    expect(ev?.location?.name).toBe("Ḥamāh 𝔸");
    await again.close();
  });
});
