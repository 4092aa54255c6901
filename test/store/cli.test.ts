/** The store commands end to end through the CLI runner: ingest, db, export in every format, knowledge-base additions, reviews. */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { submitReview } from "../../src/app/reviews.js";
import { loadKnowledge } from "../../src/ontology/index.js";
import { openStore } from "../../src/store/index.js";

const ROOT = resolve(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "faultline-cli-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/run.ts", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, FAULTLINE_DB: "" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("store commands", () => {
  it("ingests, reports, and exports jsonl, csv, gdelt, acled and plover", () => {
    const input = join(dir, "in.jsonl");
    const db = `sqlite:${join(dir, "s.sqlite")}`;
    writeFileSync(input, [
      { id: "a", text: "Gunmen attacked a market in Maiduguri on Friday, killing 12 people, police said.", date: "2025-03-15", url: "https://one.test/a" },
      { id: "b", text: "Insurgents raided a market in Maiduguri on Friday, killing 12 and burning stalls.", date: "2025-03-15", url: "https://two.test/b" },
    ].map((d) => JSON.stringify(d)).join("\n") + "\n{bad\n");
    const ing = cli("ingest", input, "--db", db);
    expect(ing.code, ing.err).toBe(0);
    expect(ing.out).toMatch(/2 seen, 2 new, 0 duplicate, 1 failed/);
    expect(ing.err).toMatch(/line 3/);
    expect(cli("ingest", input, "--db", db).out).toMatch(/0 new, 2 duplicate/);
    const stats = JSON.parse(cli("db", "stats", "--db", db).out);
    expect(stats.documents).toBe(2);

    const jsonl = cli("export", "--db", db).out.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(jsonl.length).toBe(stats.events);
    for (const e of jsonl) expect(e).toHaveProperty("n_sources");
    const csv = cli("export", "--db", db, "--format", "csv").out.trim().split("\r\n");
    expect(csv[0]).toMatch(/^id,doc_id,date,cameo/);
    expect(csv.length).toBe(stats.events + 1);
    const gdelt = cli("export", "--db", db, "--format", "gdelt").out.trim().split("\n").filter(Boolean);
    expect(gdelt.length).toBe(stats.events);
    for (const row of gdelt) expect(row.split("\t")).toHaveLength(61);
    const acled = cli("export", "--db", db, "--format", "acled").out.split("\r\n");
    expect(acled[0]).toMatch(/^event_id_cnty,event_date,year/);
    const plover = JSON.parse(cli("export", "--db", db, "--format", "plover").out);
    expect(plover.length).toBe(stats.events);
    if (jsonl.length) {
      const ev = JSON.parse(cli("db", "event", jsonl[0].id, "--db", db).out);
      expect(ev.mentions.length).toBe(ev.n_articles);
    }
    expect(cli("export", "--db", db, "--format", "xml").code).toBe(2);
    expect(cli("export", "--db", db, "--from", "March").code).toBe(1);
    expect(cli("ingest", "--db", db).code).toBe(2);
  }, 120_000);

  it("codes and ingests with a knowledge-base additions file; validates it; exports corrections and reviews", async () => {
    const entry = {
      id: "group:red-valley-brigade", name: "Red Valley Brigade", kind: "group", aliases: ["RVB"], country: "PAK",
      roles: [{ code: "PAKREB", country: "PAK", sector: "REB" }],
    };
    const file = (entries: unknown[]) => JSON.stringify({ $schema: "https://faultline.dev/schema/actors.schema.json", version: "1", entries });
    const kb = join(dir, "add.json");
    writeFileSync(kb, file([entry]));
    const text = join(dir, "brigade.txt");
    writeFileSync(text, "The Red Valley Brigade attacked a police post in Quetta on Monday, officials said.\n");
    const sources = (out: string) => out.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l).source?.id);
    expect(sources(cli("code", "--date", "2025-03-05", text).out)).toEqual(["unknown:red valley brigade"]);
    expect(sources(cli("code", "--date", "2025-03-05", "--kb-additions", kb, text).out)).toEqual(["group:red-valley-brigade"]);
    expect(cli("code", "--kb-additions", join(dir, "missing.json"), text).code).toBe(2);

    const ok = cli("validate", "--kb-additions", kb);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/knowledge-base additions OK: 1 entries/);
    const bad = join(dir, "bad-add.json");
    writeFileSync(bad, file([entry, { ...entry, id: "group:pakistan-again", name: "Pakistan", aliases: [] }, { ...entry, id: "group:red-valley-brigade", name: "Blue Valley" }]));
    const v = cli("validate", "--kb-additions", bad);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/\/entries\/1\/name: "Pakistan" already names a state \(state:PAK\)/);
    expect(v.out).toMatch(/\/entries\/2\/id: duplicate id "group:red-valley-brigade"/);
    const badSchema = join(dir, "bad-schema.json");
    writeFileSync(badSchema, file([{ ...entry, id: "Bad Id" }]));
    const vs = cli("validate", "--kb-additions", badSchema);
    expect(vs.code).toBe(1);
    expect(vs.out).toMatch(/\/entries\/0\/id: must match pattern/);
    // An invalid file stops coding with its issues, never silently ignored.
    const refused = cli("code", "--kb-additions", bad, text);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/already names|must match/);

    // ingest: the file beside a SQLite store is used by default.
    const path = join(dir, "kb.sqlite");
    copyFileSync(kb, `${path}.kb-additions.json`);
    expect(cli("ingest", text, "--db", path, "--date", "2025-03-05").code).toBe(0);
    const events = cli("export", "--db", path).out.trim().split("\n").map((l) => JSON.parse(l));
    expect(events.map((e) => e.source?.id)).toEqual(["group:red-valley-brigade"]);
    expect(events[0].review).toBeUndefined();

    // A review marking it wrong with a code correction: exports carry it; --exclude-rejected leaves it out.
    const store = await openStore(path);
    try {
      await submitReview(store, { event_id: events[0].id, verdict: "wrong", corrections: { cameo: "1823" }, by: "cli-test" }, { events: loadKnowledge().events });
    } finally {
      await store.close();
    }
    const after = JSON.parse(cli("export", "--db", path).out.trim());
    expect(after).toMatchObject({ cameo: "1823", cameo_root: "18", review: { verdict: "wrong", by: "cli-test", original: { cameo: events[0].cameo } } });
    expect(cli("export", "--db", path, "--exclude-rejected").out).toBe("");
    expect(cli("export", "--db", path, "--format", "csv").out).toMatch(/,1823,/);
    const reviews = cli("export", "--db", path, "--format", "reviews").out.trim().split("\n").map((l) => JSON.parse(l));
    expect(reviews).toMatchObject([{ event_id: events[0].id, verdict: "wrong", corrections: { cameo: "1823" }, by: "cli-test" }]);
    expect(cli("export", "--db", path, "--format", "reviews", "--from", "2025-01-01").code).toBe(2);
  }, 180_000);
});
