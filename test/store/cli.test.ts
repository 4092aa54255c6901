/** The store commands end to end through the CLI runner: ingest, db, export in every format. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

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
});
