/**
 * Cross-article dedup through the real coder: twenty differently worded reports
 * of one attack (written for this test) merge into one event; a second attack the
 * same day in another town stays separate. Assertions are lenient about what the
 * coder extracts (codes, actors) but strict about merging what it does extract.
 */
import { describe, expect, it } from "vitest";
import { Coder } from "../../src/app/coder.js";
import { ingestItems, type Item } from "../../src/app/ingest.js";
import { openSqlite } from "../../src/store/sqlite/index.js";

const REPORTS = [
  "Gunmen attacked a market in Maiduguri on Friday, killing 12 people, police said.",
  "Suspected Boko Haram fighters opened fire on traders at a market in Maiduguri on Friday, killing 12.",
  "At least 12 people were killed when militants attacked a crowded market in Maiduguri on Friday.",
  "Militants stormed a market in Maiduguri on Friday and killed 12 civilians, witnesses said.",
  "Boko Haram insurgents attacked a busy market in Maiduguri on Friday, killing at least 12 people.",
  "Twelve people died after gunmen attacked a market in Maiduguri on Friday, residents said.",
  "Insurgents killed 12 people in an attack on a market in Maiduguri on Friday.",
  "Police in Borno said militants attacked a market in Maiduguri on Friday, killing 12 traders.",
  "Gunmen on motorcycles attacked a market in Maiduguri on Friday, leaving 12 people dead.",
  "Jihadists attacked a market in Maiduguri on Friday, killing 13 people, a local official said.",
  "Armed men attacked a market in Maiduguri on Friday afternoon and killed 12 shoppers.",
  "A market in Maiduguri was attacked by gunmen on Friday; 12 people were killed.",
  "Boko Haram fighters attacked a market in Maiduguri on Friday, killing 12 people and wounding 20.",
  "Militants attacked a livestock market in Maiduguri on Friday, killing 12 people, officials said.",
  "Suspected insurgents attacked a market in Maiduguri on Friday, killing 11 people.",
  "Gunmen killed 12 people in a market attack in Maiduguri on Friday, the army said.",
  "Insurgents raided a market in Maiduguri on Friday, killing 12 and burning stalls.",
  "Residents said militants attacked the main market in Maiduguri on Friday, killing 12.",
  "Fighters attacked a market in Maiduguri on Friday and shot dead 12 people.",
  "Boko Haram militants attacked a market in Maiduguri on Friday, killing 12, according to police.",
];

const OTHER_TOWN = "Gunmen attacked a market in Kano on Friday, killing 12 people, police said.";

async function* items(): AsyncGenerator<Item> {
  for (let i = 0; i < REPORTS.length; i++) {
    yield { doc: { id: `r${i}`, text: REPORTS[i], date: "2025-03-15", url: `https://outlet${i}.test/news/${i}` } };
  }
  yield { doc: { id: "kano", text: OTHER_TOWN, date: "2025-03-15", url: "https://outlet99.test/kano" } };
}

describe("cross-article dedup with the real coder", () => {
  it("merges the reports of one attack and keeps another town's attack apart", async () => {
    const store = openSqlite(":memory:");
    const sum = await ingestItems(items(), { store, coder: new Coder() });
    expect(sum.new).toBe(21);
    const violent = (await store.queryEvents({ root: ["18", "19", "20"] }, { limit: 1000 })).items;
    const maiduguri = violent.filter((e) => e.mentions === undefined && e.location?.name !== "Kano" && e.n_articles > 0);
    const reported = new Set<string>();
    for (const e of maiduguri) {
      const full = await store.getEvent(e.id);
      for (const m of full?.mentions ?? []) if (m.doc_id !== "kano") reported.add(m.doc_id);
    }
    // Every document in which the coder found the attack contributes to ONE event.
    const biggest = maiduguri.reduce((a, b) => (b.n_articles > a.n_articles ? b : a), maiduguri[0]);
    expect(reported.size).toBeGreaterThanOrEqual(15);
    expect(biggest.n_articles).toBe(reported.size);
    expect(biggest.n_sources).toBe(reported.size);
    const kano = (await store.queryEvents({ doc_id: "kano", root: ["18", "19", "20"] })).items;
    for (const e of kano) expect(e.id).not.toBe(biggest.id);
    await store.close();
  });
});
