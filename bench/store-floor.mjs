#!/usr/bin/env node
/**
 * The floor of storage: `node --expose-gc --import tsx bench/store-floor.mjs [--docs 100000] [--shape short|wire]`.
 *
 * How much CPU the least that issue #5 asks a store to keep costs in SQLite, against
 * `faultline code` on the same documents in the same run: every document once (text,
 * URL, date and content hash), every coded mention once with its record (its evidence),
 * and, as a second step, a full-text index of the evidence sentences (the API's search).
 * No merging, no events table, no rollup, no statement building beyond one prepared
 * single-row INSERT per table: whatever a store design does, it writes at least this.
 * Same SQLite settings as the store (8 KB pages, WAL, synchronous=NORMAL, 64 MB cache)
 * and ingest's commit size (10,000 documents a transaction).
 *
 * Steps, each timed (CPU of this process):
 * 1. coding: `Coder.code` and every record written as a JSON line to a file, as
 *    `faultline code` does (bench/ingest.mjs measures it the same way), after a warm-up;
 * 2. content hashes (SHA-256 of each text);
 * 3. documents and mentions INSERTed: a rowid table with a unique hash index, and a
 *    WITHOUT ROWID table keyed by (document, record number);
 * 4. the same plus one FTS5 row per distinct evidence sentence of a document.
 * Storage shares are (2 + 3) and (2 + 4) over 1. The records' JSON is made (untimed) as
 * ingest makes it: `faultline code` makes the same text, so it is on both sides of the
 * ratio. With --expose-gc, the heap is collected before each timed store step.
 */
import { hash as digest } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Coder } from "../src/app/coder.ts";
import { createWriter } from "../src/app/output.ts";
import { recordJson } from "../src/stages/07-code/json.ts";
import { generateDocs } from "../test/store/corpus.ts";
import { arg, codeToJsonl, cpuMs, measure } from "./lib.mjs";


const DOCS = Number(arg("--docs", "100000"));
const SHAPE = arg("--shape", "short");
const COMMIT = 10_000;
const WARM_UP = 1000;



function openDb(path, fts) {
  const db = new Database(path);
  db.pragma("page_size = 8192");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("cache_size = -65536");
  db.pragma("temp_store = MEMORY");
  db.pragma("wal_autocheckpoint = 65536");
  db.exec(`CREATE TABLE documents (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT, published TEXT, text TEXT NOT NULL, content_hash TEXT NOT NULL UNIQUE);
    CREATE TABLE mentions (doc INTEGER NOT NULL, k INTEGER NOT NULL, record TEXT NOT NULL, PRIMARY KEY (doc, k)) WITHOUT ROWID;`);
  if (fts) db.exec("CREATE VIRTUAL TABLE sentences USING fts5(text, doc UNINDEXED)");
  return db;
}

/** Store `docs` (with their records' JSON and hashes) in a fresh file; returns its CPU. */
function store(dir, name, docs, records, hashes, fts) {
  const path = join(dir, `${name}.sqlite`);
  const db = openDb(path, fts);
  const insDoc = db.prepare("INSERT OR IGNORE INTO documents (n, id, url, published, text, content_hash) VALUES (?, ?, ?, ?, ?, ?)");
  const insMention = db.prepare("INSERT INTO mentions (doc, k, record) VALUES (?, ?, ?)");
  const insSentence = fts ? db.prepare("INSERT INTO sentences (text, doc) VALUES (?, ?)") : null;
  const c0 = cpuMs();
  for (let from = 0; from < docs.length; from += COMMIT) {
    db.transaction(() => {
      for (let i = from; i < Math.min(docs.length, from + COMMIT); i++) {
        const d = docs[i];
        // A text already stored (the generated corpus repeats a few) is stored once, as ingest does.
        if (insDoc.run(i, d.id, d.url, d.date, d.text, hashes[i]).changes === 0) continue;
        const recs = records[i];
        const seen = fts ? new Set() : null;
        for (let k = 0; k < recs.length; k++) {
          insMention.run(i, k, recs[k].json);
          if (seen && !seen.has(recs[k].sentence)) {
            seen.add(recs[k].sentence);
            insSentence.run(recs[k].sentence, i);
          }
        }
      }
    })();
  }
  const cpu = cpuMs() - c0;
  db.close();
  rmSync(path, { force: true });
  rmSync(path + "-wal", { force: true });
  rmSync(path + "-shm", { force: true });
  return cpu;
}

async function main() {
  const docs = [...generateDocs(DOCS, 42, 730, SHAPE)];
  const chars = docs.reduce((n, d) => n + d.text.length, 0);
  const dir = mkdtempSync(join(tmpdir(), "faultline-bench-floor-"));
  console.log(`${docs.length} documents (generated, shape ${SHAPE}), ${(chars / 1e6).toFixed(1)} MB of text`);
  const coder = new Coder();
  for (const d of docs.slice(0, WARM_UP)) coder.code(d);

  const code = await measure(async () => {
    return codeToJsonl(coder, docs, join(dir, "events.jsonl"), createWriter);
  });
  rmSync(join(dir, "events.jsonl"), { force: true });

  // The records' JSON, made as ingest makes it (`recordJson`, the text `faultline code` writes:
  // both sides of the ratio serialise the records, so it is not a storage cost), untimed;
  // only the JSON and the sentence are kept, so that no coded object is alive while storing.
  const records = docs.map((d) => coder.code(d).map((r) => ({ json: recordJson(r), sentence: r.evidence?.sentence ?? "" })));
  globalThis.gc?.();
  const hash = await measure(async () => docs.map((d) => digest("sha256", d.text)));
  const mentions = records.reduce((n, rs) => n + rs.length, 0);
  // Each store step twice, in turn, keeping the lower CPU: the first store step of a process
  // was measured at several times the next (1.3 s against 0.27 s at 10k documents), the
  // deferred work of the coding before it (background compilation and sweeping) being charged to it.
  let plain = Infinity;
  let withFts = Infinity;
  for (let round = 0; round < 2; round++) {
    globalThis.gc?.();
    plain = Math.min(plain, store(dir, "plain", docs, records, hash.result, false));
    globalThis.gc?.();
    withFts = Math.min(withFts, store(dir, "fts", docs, records, hash.result, true));
  }
  rmSync(dir, { recursive: true, force: true });

  const pct = (ms) => `${((ms / code.cpu) * 100).toFixed(1)} %`;
  const us = (ms) => `${((ms * 1000) / mentions).toFixed(1)} µs a mention`;
  console.log(`faultline code (JSONL out): ${(code.cpu / 1000).toFixed(1)} s CPU, ${code.result} records, ${us(code.cpu)}`);
  console.log(`content hash:  ${(hash.cpu / 1000).toFixed(2)} s CPU (${pct(hash.cpu)})`);
  console.log(`documents + mentions INSERT: ${(plain / 1000).toFixed(2)} s CPU (${pct(plain)}, ${us(plain)})`);
  console.log(`  + FTS5 of evidence sentences: ${(withFts / 1000).toFixed(2)} s CPU (${pct(withFts)}, ${us(withFts)})`);
  console.log(`floor (hash + rows): ${pct(hash.cpu + plain)} of faultline code; with full-text search ${pct(hash.cpu + withFts)}`);
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
}

await main();
