/**
 * What ingest writes for each document and mention (sql-store.ts `prepareRecords`, writer.ts
 * `insertMentions`): SQLite gets each record's JSON as UTF-8 bytes (`Dialect.textBytes`),
 * which must still be stored as TEXT, the exact JSON, non-ASCII included; the content hash
 * and the coded signature must be the SHA-256 hex digests earlier versions stored (one-shot
 * `hash` instead of a Hash object), or re-coding a stored document would not be recognised
 * as unchanged. Records given packed (`packRecords`, as ingest does) must store and sign exactly
 * as the same records given as objects, also when the document's id is changed on insert,
 * and carry for merging the fields of the records their JSON holds (merging does not parse it).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { EventRecord } from "../../src/doc/index.js";
import { record, ARMY } from "../../src/store/fixtures.js";
import { mergeRecord } from "../../src/store/merge.js";
import { packRecords } from "../../src/store/sql-store.js";
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

  it("stores packed records exactly as records given as objects", async () => {
    const path = join(dir, "p.sqlite");
    const store = openSqlite(path);
    const recs = (doc: string) => [
      record("p1", { doc_id: doc, location: { name: "Ḥamāh 𝔸 «x»", country: "SYR", lat: 35.13, lon: 36.75 } }),
      record("p2", { doc_id: doc, target: ARMY, cameo: "193" }),
      record("p1", { doc_id: doc, cameo: "190" }), // a repeated record id: one mention
    ];
    const packed = packRecords(recs("a"));
    expect(Buffer.from(packed.bytes).toString("utf8")).toBe(JSON.stringify(recs("a")));
    expect(packed).toMatchObject({ docId: "a", distinct: 2 });
    await store.putDocument({ id: "b", text: "another text" });
    const saved = await store.saveBatch([
      { doc: { id: "a", text: "text a ✓", date: "2025-03-14" }, records: packed },
      // Coded as "b", whose id is taken: stored under another id, every record's doc_id rewritten.
      { doc: { id: "b", text: "text b", date: "2025-03-14" }, records: packRecords(recs("b")) },
    ]);
    expect(saved.map((r) => r.mentions)).toEqual([2, 2]);
    const renamed = saved[1].docId;
    expect(renamed).not.toBe("b");
    expect(await store.saveCoded("a", recs("a"))).toEqual({ mentions: 0, created: 0, merged: 0 });
    await store.close();

    const db = new Database(path, { readonly: true });
    const stored = (doc: string) => (db.prepare("SELECT record FROM mentions WHERE doc_id = ? ORDER BY rid").all(doc) as Array<{ record: string }>).map((r) => r.record);
    expect(stored("a")).toEqual([JSON.stringify(recs("a")[0]), JSON.stringify(recs("a")[1])]);
    expect(stored(renamed)).toEqual([JSON.stringify(recs(renamed)[0]), JSON.stringify(recs(renamed)[1])]);
    const sig = (id: string) => (db.prepare("SELECT coded_sig FROM documents WHERE id = ?").get(id) as { coded_sig: string }).coded_sig;
    expect(sig("a")).toBe(sha256(JSON.stringify(recs("a"))));
    expect(sig(renamed)).toBe(sha256(JSON.stringify(recs(renamed))));
    db.close();
  });

  it("packs with each record the fields merging reads, as its JSON holds them", () => {
    const recs = [
      record("v1", { doc_id: "d", location: { name: "Ḥamāh 𝔸", country: "SYR", lat: 35.13, lon: 36.75 }, evidence: undefined }),
      record("v2", { doc_id: "d", target: null, acled: null, fatalities: { killed: null, injured: 3 }, date: { value: "2025-03", precision: "month" } }),
      record("v3", { doc_id: "d", source: ARMY, location: null, fatalities: null, historical: true }),
    ];
    const packed = packRecords(recs);
    const parsed = JSON.parse(Buffer.from(packed.bytes).toString("utf8")) as EventRecord[];
    expect(packed.views).toEqual(parsed.map(mergeRecord));
    expect(packed.views[0]).toMatchObject({
      id: "v1", docId: "d", sentence: "Gunmen attacked a market (v1).", sourceId: "group:river-front", targetCode: "NGACVL",
      placePrecision: "city", lat: 35.13, lon: 36.75, country: "SYR", admin1: null, killed: 12, injured: null, cameoRoot: "19",
      dateValue: "2025-03-14", datePrecision: "day", dateBasis: "stated", acledType: "Violence against civilians",
    });
    expect(packed.views[1]).toMatchObject({ targetId: null, targetCountry: null, acledType: null, killed: null, injured: 3, datePrecision: "month" });
    expect(packed.views[2]).toMatchObject({ sourceId: "state:NGA:MIL", placePrecision: null, lat: null, country: null, killed: null, historical: true });
  });
});
