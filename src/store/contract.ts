/**
 * The EventStore contract suite, run against every adapter
 * (`sqlite/sqlite.test.ts`, `postgres/postgres.test.ts`). Uses hand-built records
 * so it does not depend on the coder's patterns.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { EventRecord } from "../doc/index.js";
import { ARMY, INSURGENTS, VILLAGERS, record } from "./fixtures.js";
import type { EventFilter, EventStore, StoredEvent } from "./types.js";

async function allPages(store: EventStore, filter = {}, limit = 3): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<EventStore["queryEvents"]>> = await store.queryEvents(filter, { limit, cursor });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

/** Store one document per record list: returns the doc ids. */
async function seed(store: EventStore, docs: Array<{ text: string; url?: string; date?: string; records: EventRecord[] }>): Promise<string[]> {
  const ids: string[] = [];
  for (const d of docs) {
    const { docId } = await store.putDocument({ text: d.text, url: d.url ?? null, date: d.date ?? "2025-03-15" });
    await store.saveCoded(docId, d.records);
    ids.push(docId);
  }
  return ids;
}

/** Run the whole contract against stores made by `factory` (a fresh, empty store per call). */
export function runStoreContract(name: string, factory: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    const open = async () => (store = await factory());
    afterEach(async () => {
      await store?.close();
    });

    it("deduplicates documents by content and pages through them", async () => {
      await open();
      const a = await store.putDocument({ id: "a1", text: "Text one.", url: "https://x.test/1", date: "2025-03-15T10:00:00Z" });
      const b = await store.putDocument({ id: "a2", text: "Text one." });
      const c = await store.putDocument({ id: "a1", text: "Another text." });
      expect(a).toEqual({ docId: "a1", inserted: true });
      expect(b).toEqual({ docId: "a1", inserted: false });
      expect(c.inserted).toBe(true);
      expect(c.docId).not.toBe("a1");
      const doc = await store.getDocument("a1");
      expect(doc?.date).toBe("2025-03-15");
      expect(doc?.text).toBe("Text one.");
      expect(await store.getDocument("nope")).toBeNull();
      const p1 = await store.listDocuments({}, { limit: 1 });
      expect(p1.items).toHaveLength(1);
      const p2 = await store.listDocuments({}, { limit: 1, cursor: p1.next });
      expect(p2.items[0].id).not.toBe(p1.items[0].id);
      expect(p2.next).toBeNull();
      expect((await store.listDocuments({ uncoded: true })).items).toHaveLength(2);
      const known = await store.knownHashes([doc!.content_hash, "0".repeat(64)]);
      expect([...known]).toEqual([doc!.content_hash]);
    });

    it("saves coded records idempotently and replaces a changed set", async () => {
      await open();
      const { docId } = await store.putDocument({ text: "Doc A", url: "https://a.test/x", date: "2025-03-15" });
      const recs = [record("r1"), record("r2", { cameo: "051", cameo_root: "05", goldstein: 3.5, quad_class: 1, plover: { type: "COOPERATE", mode: null }, acled: null })];
      const first = await store.saveCoded(docId, recs);
      expect(first).toEqual({ mentions: 2, created: 2, merged: 0 });
      const before = await store.stats();
      expect(await store.saveCoded(docId, recs)).toEqual({ mentions: 0, created: 0, merged: 0 });
      expect(await store.stats()).toEqual(before);
      const rollupBefore = await store.dyadDaily();
      await store.saveCoded(docId, [recs[0]]);
      expect((await store.stats()).events).toBe(1);
      expect((await store.dyadDaily()).reduce((s, r) => s + r.events, 0)).toBe(1);
      await store.saveCoded(docId, recs);
      expect(await store.dyadDaily()).toEqual(rollupBefore);
      expect((await store.getDocument(docId))?.n_mentions).toBe(2);
      await expect(store.saveCoded("missing", recs)).rejects.toThrow(/no document/);
    });

    it("fails a whole batch on a violated constraint, leaving the store as it was", async () => {
      // The write path's INSERTs and UPDATEs run with `Dialect.orRollback` (SQLite: OR ROLLBACK, no
      // statement journal): a violation must still be an error that undoes the whole transaction.
      await open();
      const docs = (tag: string) => [1, 2, 3].map((n) => ({
        doc: { text: `Doc ${tag} ${n}`, url: `https://${tag}.test/${n}`, date: "2025-03-15" },
        records: [record(`${tag}${n}`, { location: { name: "Maiduguri", country: "NGA", lat: 11.85 + n / 100, lon: 13.16 } })],
      }));
      await store.saveBatch(docs("a"));
      const state = async () => ({ stats: await store.stats(), rollup: await store.dyadDaily(), events: await allPages(store, {}, 50), docs: await store.listDocuments() });
      const before = await state();
      const bad = docs("b");
      // An event's modality is NOT NULL: the events INSERT fails after the documents, sentences and mentions were written.
      bad[2].records[0].modality = null as unknown as EventRecord["modality"];
      await expect(store.saveBatch(bad)).rejects.toThrow(/not.null/i);
      expect(await state()).toEqual(before);
      // The store goes on (its event copy, if any, still exact): the good documents merge into the stored events.
      const saved = await store.saveBatch(bad.slice(0, 2));
      expect(saved.map((s) => [s.inserted, s.merged])).toEqual([[true, 1], [true, 1]]);
      expect((await store.stats()).events).toBe(before.stats.events);
    });

    it("searches sentences shared by several mentions and forgets a re-coded document's sentences", async () => {
      await open();
      const ev = (sentence: string) => ({ sentence, sentence_index: 0, start: 0, end: sentence.length, trigger: { text: "x", start: 0, end: 1 } });
      const shared = ev("Gunmen torched the granary and the clinic near the river.");
      const protest = { cameo: "141", cameo_root: "14", goldstein: -6.5, quad_class: 3, plover: { type: "PROTEST", mode: null }, acled: null } as const;
      const [a] = await seed(store, [
        { text: "Doc shared", url: "https://a.test/1", records: [record("sh1", { evidence: shared }), record("sh2", { evidence: shared, ...protest })] },
        { text: "Doc other", url: "https://b.test/1", records: [record("ot1", { evidence: ev("Soldiers guarded the granary."), date: { value: "2025-02-01" } })] },
      ]);
      const ids = async (q: string) => (await allPages(store, { q })).map((e) => e.id).sort();
      expect(await ids("granary")).toEqual(["ev:ot1", "ev:sh1", "ev:sh2"]);
      expect(await ids("torched clinic")).toEqual(["ev:sh1", "ev:sh2"]);
      const got = await store.getEvent("ev:sh2");
      expect(got?.evidence.sentence).toBe(shared.sentence);
      expect((got?.mentions ?? []).map((m) => m.evidence.sentence)).toEqual([shared.sentence]);
      // Re-coding the document replaces its mentions and their sentences.
      await store.saveCoded(a, [record("sh3", { evidence: ev("Rain flooded the market road.") })]);
      expect(await ids("torched")).toEqual([]);
      expect(await ids("granary")).toEqual(["ev:ot1"]);
      expect(await ids("flooded")).toEqual(["ev:sh3"]);
      expect((await store.getEvent("sh3"))?.evidence.sentence).toBe("Rain flooded the market road.");
    });

    it("merges 20 reports of one attack and keeps two same-day attacks in different towns apart", async () => {
      await open();
      const docs = Array.from({ length: 20 }, (_, i) => ({
        text: `Report ${i} of the market attack.`,
        url: `https://paper${i}.test/story`,
        date: i < 10 ? "2025-03-15" : "2025-03-16",
        records: [record(`m${i}`, {
          date: i % 3 === 0 ? { value: i < 10 ? "2025-03-15" : "2025-03-16", basis: "publication" } : { value: "2025-03-14" },
          location: i % 4 === 0 ? null : { name: "Maiduguri", country: "NGA", lat: 11.84 + i * 0.002, lon: 13.15 },
          fatalities: { killed: 10 + (i % 5), injured: null },
          source: i % 5 === 0 ? null : INSURGENTS,
          modality: i % 7 === 0 ? "alleged" : "asserted",
        })],
      }));
      docs.push({
        text: "Another attack far away.", url: "https://other.test/a", date: "2025-03-15",
        records: [record("far", { location: { name: "Kano", country: "NGA", lat: 12.0, lon: 8.52 } })],
      });
      const ids = await seed(store, docs);
      const evs = await allPages(store, {}, 10);
      expect(evs).toHaveLength(2);
      const big = evs.find((e) => e.n_articles > 1)!;
      expect(big.n_sources).toBe(20);
      expect(big.n_articles).toBe(20);
      expect(big.first_reported).toBe("2025-03-15");
      expect(big.day).toBe("2025-03-14");
      const full = await store.getEvent(big.id);
      expect(full?.mentions).toHaveLength(20);
      expect(full?.mentions?.[0].url).toMatch(/^https:\/\/paper/);
      expect(full?.mentions?.every((m) => m.evidence.sentence.length > 0)).toBe(true);
      expect((await store.getEvent("m7"))?.id).toBe(big.id);
      expect(await store.getEvent("ev:none")).toBeNull();
      const rows = await store.dyadDaily();
      expect(rows.reduce((s, r) => s + r.events, 0)).toBe(2);
      expect(rows.reduce((s, r) => s + r.sources, 0)).toBe(21);
      expect((await store.queryEvents({ doc_id: ids[5] })).items.map((e) => e.id)).toEqual([big.id]);
    });

    it("does not merge different dyads, families, far dates or very different tolls", async () => {
      await open();
      await seed(store, [
        { text: "d1", url: "https://a.test/1", records: [record("base")] },
        { text: "d2", url: "https://b.test/2", records: [record("army", { source: ARMY })] },
        { text: "d3", url: "https://c.test/3", records: [record("talk", { cameo: "040", cameo_root: "04", quad_class: 1, goldstein: 1 })] },
        { text: "d4", url: "https://d.test/4", records: [record("later", { date: { value: "2025-03-24" } })] },
        { text: "d5", url: "https://e.test/5", records: [record("toll", { fatalities: { killed: 90, injured: null } })] },
        { text: "d6", url: "https://f.test/6", records: [record("denied", { modality: "denied" })] },
        { text: "d7", url: "https://g.test/7", records: [record("same", { cameo: "183", cameo_root: "18" })] },
      ]);
      expect((await store.stats()).events).toBe(6);
    });

    it("finds the matching event among more same-day candidates than the scan keeps", async () => {
      await open();
      const town = (k: number) => ({ name: `Town ${k}`, country: "NGA", lat: 8 + k, lon: 5 + k });
      const docs = Array.from({ length: 12 }, (_, k) => ({
        text: `Attack in town ${k}.`, url: `https://w${k}.test/a`, records: [record(`t${String(k).padStart(2, "0")}`, { location: town(k) })],
      }));
      docs.push({ text: "Second report from town 11.", url: "https://late.test/a", records: [record("again", { location: town(11) })] });
      await seed(store, docs);
      expect((await store.stats()).events).toBe(12);
      expect((await store.getEvent("again"))?.id).toBe("ev:t11");
    });

    it("keeps a vague death toll's word where no report states a number", async () => {
      await open();
      await seed(store, [
        { text: "v1", url: "https://v.test/1", records: [record("vague", { fatalities: { killed: null, injured: null, killed_vague: "dozens" } })] },
      ]);
      const e = await store.getEvent("vague");
      expect(e?.fatalities).toEqual({ killed: null, injured: null, killed_vague: "dozens" });
    });

    it("keeps events apart when two documents reuse a record id", async () => {
      await open();
      const far = { name: "Kano", country: "NGA", lat: 12.0, lon: 8.52 };
      const out = await store.saveBatch([
        { doc: { text: "x1", url: "https://a.test/1" }, records: [record("same")] },
        { doc: { text: "x2", url: "https://b.test/2" }, records: [record("same", { location: far })] },
      ]);
      expect(out.map((o) => o.created)).toEqual([1, 1]);
      const { docId } = await store.putDocument({ text: "x3", url: "https://c.test/3" });
      await store.saveCoded(docId, [record("same", { location: { name: "Gao", country: "MLI", lat: 16.27, lon: -0.04 } })]);
      const s = await store.stats();
      expect([s.mentions, s.events]).toEqual([3, 3]);
    });

    it("filters events and pages with a stable cursor", async () => {
      await open();
      const recs: EventRecord[] = [];
      for (let i = 0; i < 9; i++) {
        recs.push(record(`f${i}`, {
          date: { value: `2025-04-${String(1 + 3 * i).padStart(2, "0")}` },
          location: i % 2 ? { name: "Kano", country: "NGA", lat: 12.0, lon: 8.52 } : { name: "Niamey", country: "NER", lat: 13.51, lon: 2.11 },
          source: i === 0 ? ARMY : INSURGENTS,
          target: i === 8 ? ARMY : VILLAGERS,
          cameo: i === 3 ? "112" : "190", cameo_root: i === 3 ? "11" : "19", quad_class: i === 3 ? 3 : 4,
          plover: { type: i === 3 ? "ACCUSE" : "ATTACK", mode: null },
          modality: i === 4 ? "claimed" : "asserted",
          historical: i === 5,
          evidence: { sentence: i === 6 ? "Fighters torched the granary." : `Event number ${i}.`, sentence_index: 0, start: 0, end: 10, trigger: { text: "x", start: 0, end: 1 } },
        }));
      }
      await seed(store, recs.map((r, i) => ({ text: `doc ${i}`, url: `https://s${i}.test/`, records: [r] })));
      const all = await allPages(store, {}, 2);
      expect(all.map((e) => e.id)).toEqual([...new Set(all.map((e) => e.id))]);
      expect(all).toHaveLength(9);
      expect(all[0].day >= all[8].day).toBe(true);
      const ids = async (f: Parameters<EventStore["queryEvents"]>[0]) => (await allPages(store, f, 4)).length;
      expect(await ids({ from: "2025-04-07", to: "2025-04-13" })).toBe(3);
      expect(await ids({ actor: { id: "state:NGA:MIL" } })).toBe(2);
      expect(await ids({ actor: { id: "state:NGA:MIL", role: "source" } })).toBe(1);
      expect(await ids({ actor: { code: "NGAM*", role: "target" } })).toBe(1);
      expect(await ids({ dyad: { a: { sector: "CVL" }, b: { sector: "INS" }, directed: true } })).toBe(0);
      expect(await ids({ dyad: { a: { sector: "CVL" }, b: { sector: "INS" } } })).toBe(7);
      expect(await ids({ country: "NER" })).toBe(5);
      expect(await ids({ near: { lat: 12.0, lon: 8.5, km: 30 } })).toBe(4);
      expect(await ids({ cameo: "11" })).toBe(1);
      expect(await ids({ root: ["19", "11"] })).toBe(9);
      expect(await ids({ quad: 3 })).toBe(1);
      expect(await ids({ plover: "ACCUSE" })).toBe(1);
      expect(await ids({ acled_type: "Violence against civilians" })).toBe(9);
      expect(await ids({ modality: "claimed" })).toBe(1);
      expect(await ids({ historical: true })).toBe(1);
      expect(await ids({ q: "granary" })).toBe(1);
      expect(await ids({ q: "torched granary" })).toBe(1);
      expect(await ids({ q: "' OR zzz=1 --" })).toBe(0);
      await expect(store.queryEvents({}, { cursor: "garbage" })).rejects.toThrow(/cursor/);
      await expect(store.queryEvents({ from: "April" })).rejects.toThrow(/YYYY-MM-DD/);
      let n = 0;
      for await (const e of store.exportEvents({ country: "NGA" })) n += e.id ? 1 : 0;
      expect(n).toBe(4);
      const rows = await store.dyadDaily({ from: "2025-04-01", to: "2025-04-10", root: "19" });
      expect(rows.reduce((s, r) => s + r.events, 0)).toBe(3);
      expect(rows[0]).toMatchObject({ day: "2025-04-01", source_id: "state:NGA:MIL", source_country: "NGA", cameo_root: "19", quad_class: 4, events: 1, goldstein_sum: -10, killed: 12, sources: 1, historical: false });
    });

    it("sums the rollup per week or month and direction in the database (dyadBuckets)", async () => {
      await open();
      if (!store.dyadBuckets) throw new Error("this adapter does not implement dyadBuckets");
      const kano = { name: "Kano", country: "NGA", lat: 12.0, lon: 8.52 };
      const yola = { name: "Yola", country: "NGA", lat: 9.2, lon: 12.48 };
      await seed(store, [
        { text: "b1", url: "https://b.test/1", records: [record("b1", { date: { value: "2025-01-06" } })] },
        { text: "b2", url: "https://b.test/2", records: [record("b2", { date: { value: "2025-01-08" }, location: kano, fatalities: { killed: 3, injured: null } })] },
        { text: "b3", url: "https://b.test/3", records: [record("b3", { date: { value: "2025-02-20" }, location: yola, source: VILLAGERS, target: INSURGENTS })] },
      ]);
      const dyad = { dyad: { a: { id: INSURGENTS.id }, b: { id: VILLAGERS.id }, directed: false } };
      const pick = (rows: { bucket: string; forward: boolean; events: number; killed: number }[]) =>
        rows.map((r) => [r.bucket, r.forward, r.events, r.killed]);
      expect(pick(await store.dyadBuckets(dyad, "week"))).toEqual([["2025-01-06", true, 2, 15], ["2025-02-17", false, 1, 12]]);
      expect(pick(await store.dyadBuckets(dyad, "month"))).toEqual([["2025-01-01", true, 2, 15], ["2025-02-01", false, 1, 12]]);
      const days = await store.dyadBuckets(dyad, "day");
      expect(days.map((r) => r.bucket)).toEqual(["2025-01-06", "2025-01-08", "2025-02-20"]);
      expect(days.reduce((n, r) => n + r.events, 0)).toBe((await store.dyadDaily(dyad)).reduce((n, r) => n + r.events, 0));
      const directed = { dyad: { ...dyad.dyad, directed: true } };
      expect(pick(await store.dyadBuckets(directed, "month"))).toEqual([["2025-01-01", true, 2, 15]]);
      const actor = { actor: { id: VILLAGERS.id, role: "either" as const } };
      expect(pick(await store.dyadBuckets(actor, "month"))).toEqual([["2025-01-01", false, 2, 15], ["2025-02-01", true, 1, 12]]);
      await expect(store.dyadBuckets(dyad, "year" as "day")).rejects.toThrow(/interval/);
    });

    it("sums series from the summaries exactly as straight from the events (dyadBuckets)", async () => {
      await open();
      if (!store.dyadBuckets) throw new Error("this adapter does not implement dyadBuckets");
      // Events three days apart (none merge) across six months, in every direction,
      // with a self-dyad, mixed roots, modalities, history flags and tolls.
      const actors = [INSURGENTS, VILLAGERS, ARMY];
      const kinds = [
        { cameo: "190", goldstein: -10, quad_class: 4 as const, plover: { type: "ATTACK", mode: null } },
        { cameo: "040", goldstein: 1, quad_class: 1 as const, plover: { type: "CONSULT", mode: null } },
        { cameo: "112", goldstein: -2, quad_class: 3 as const, plover: { type: "ACCUSE", mode: null } },
        { cameo: "057", goldstein: 3.5, quad_class: 1 as const, plover: { type: "AGREE", mode: null } },
      ];
      const modalities = ["asserted", "alleged", "asserted", "negated", "asserted"] as const;
      const docs = Array.from({ length: 60 }, (_, i) => {
        const day = new Date(Date.UTC(2024, 11, 20) + i * 3 * 86_400_000).toISOString().slice(0, 10);
        const k = kinds[i % kinds.length];
        const source = actors[i % 3];
        const target = i % 11 === 0 ? source : actors[(i + 1 + (i % 2)) % 3];
        return {
          text: `s${i}`, url: `https://s.test/${i}`,
          records: [record(`s${i}`, {
            ...k, cameo_root: k.cameo.slice(0, 2), source, target, date: { value: day }, modality: modalities[i % modalities.length],
            historical: i % 7 === 0, fatalities: i % 4 === 0 ? { killed: i % 5, injured: i % 3 } : null,
          })],
        };
      });
      const ids = await seed(store, docs);
      // Replace one document's events and drop another's: the summaries follow.
      await store.saveCoded(ids[5], [record("s5b", { source: ARMY, target: VILLAGERS, date: { value: "2025-01-31" }, cameo: "040", cameo_root: "04", goldstein: 1, quad_class: 1 })]);
      await store.saveCoded(ids[6], []);
      expect((await store.stats()).events).toBe(59);

      const bucketOf = (day: string, interval: string): string => {
        if (interval === "day") return day;
        if (interval === "month") return `${day.slice(0, 7)}-01`;
        const t = Date.parse(`${day}T00:00:00Z`);
        return new Date(t - ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
      };
      const all = async (f: EventFilter) => {
        const out: StoredEvent[] = [];
        for await (const e of store.exportEvents(f)) out.push(e);
        return out;
      };
      /** The buckets computed the plain way: every matching event, in JavaScript. */
      const reference = async (f: EventFilter, forwardFilter: EventFilter | null, interval: string) => {
        const forward = forwardFilter ? new Set((await all(forwardFilter)).map((e) => e.id)) : null;
        const acc = new Map<string, Record<string, unknown> & { events: number; goldstein_sum: number; killed: number; injured: number; sources: number }>();
        for (const e of await all(f)) {
          const row = {
            bucket: bucketOf(e.day, interval), forward: forward ? forward.has(e.id) : true, cameo_root: e.cameo_root, quad_class: e.quad_class,
            plover_type: e.plover?.type ?? "", modality: e.modality, historical: e.historical,
          };
          const key = JSON.stringify(row);
          const a = acc.get(key) ?? { ...row, events: 0, goldstein_sum: 0, killed: 0, injured: 0, sources: 0 };
          a.events++;
          a.goldstein_sum += e.goldstein;
          a.killed += e.fatalities?.killed ?? 0;
          a.injured += e.fatalities?.injured ?? 0;
          a.sources += e.n_sources;
          acc.set(key, a);
        }
        return [...acc.values()].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
      };
      const a = { id: INSURGENTS.id };
      const b = { id: VILLAGERS.id };
      const cases: Array<[EventFilter, EventFilter | null]> = [
        [{ dyad: { a, b, directed: false } }, { dyad: { a, b, directed: true } }],
        [{ dyad: { a, b, directed: true } }, null],
        [{ actor: { id: ARMY.id, role: "either" } }, { actor: { id: ARMY.id, role: "source" } }],
        [{ actor: { id: ARMY.id, role: "source" } }, null],
        [{ dyad: { a: { country: "NGA" }, b: { code: "NGAM*" }, directed: false } }, { dyad: { a: { country: "NGA" }, b: { code: "NGAM*" }, directed: true } }],
        [{ actor: { code: "NGAC*", role: "either" } }, { actor: { code: "NGAC*", role: "source" } }],
      ];
      const ranges = [{}, { from: "2025-01-15", to: "2025-04-10" }, { from: "2025-01-01", to: "2025-03-31" }, { from: "2025-02-03", to: "2025-02-20" }, { to: "2025-02-14" }];
      for (const [f, fwd] of cases) {
        for (const r of ranges) {
          for (const interval of ["day", "week", "month"] as const) {
            const got = (await store.dyadBuckets({ ...f, ...r }, interval)).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
            const want = await reference({ ...f, ...r }, fwd && { ...fwd, ...r }, interval);
            expect(got.length, JSON.stringify({ f, r, interval })).toBeGreaterThan(0);
            expect(got, JSON.stringify({ f, r, interval })).toEqual(want);
          }
        }
      }
    });

    it("sums a period per directed pair in the database exactly as from the daily rollup (pairTotals)", async () => {
      await open();
      if (!store.pairTotals) throw new Error("this adapter does not implement pairTotals");
      // Events in every direction over two months, with a self-dyad, mixed quad classes, modalities, history flags and tolls.
      const actors = [INSURGENTS, VILLAGERS, ARMY];
      const kinds = [
        { cameo: "190", goldstein: -10, quad_class: 4 as const },
        { cameo: "040", goldstein: 1, quad_class: 1 as const },
        { cameo: "112", goldstein: -2, quad_class: 3 as const },
      ];
      const modalities = ["asserted", "alleged", "hypothetical", "asserted", "denied"] as const;
      const docs = Array.from({ length: 40 }, (_, i) => {
        const k = kinds[i % kinds.length];
        const source = actors[i % 3];
        // No target, a self-dyad, or an actor known by code and country only (no id).
        const target = i % 13 === 0 ? null : i % 11 === 0 ? source : i % 9 === 0 ? { ...ARMY, id: "", country: "CMR" } : actors[(i + 1 + (i % 2)) % 3];
        return {
          text: `p${i}`, url: `https://p.test/${i}`,
          records: [record(`p${i}`, {
            ...k, cameo_root: k.cameo.slice(0, 2), source, target,
            date: { value: new Date(Date.UTC(2025, 0, 1) + i * 1.5 * 86_400_000).toISOString().slice(0, 10) },
            modality: modalities[i % modalities.length], historical: i % 7 === 0, fatalities: i % 4 === 0 ? { killed: i % 5, injured: i % 3 } : null,
          })],
        };
      });
      await seed(store, docs);
      const period = { from: "2025-01-10", to: "2025-02-20" };
      const excluded = [["hypothetical"], ["hypothetical", "alleged", "denied"], []];
      for (const field of ["id", "code", "country"] as const) {
        for (const excludeHistorical of [true, false]) {
          for (const excludeModalities of excluded) {
            const q = { ...period, field, excludeHistorical, excludeModalities };
            // The plain way: every daily rollup row of the period, summed in JavaScript.
            const acc = new Map<string, { source: string | null; target: string | null; quad_class: number; events: number; goldstein_sum: number; negative_goldstein: number; killed: number; injured: number }>();
            for (const r of await store.dyadDaily(period)) {
              if ((excludeHistorical && r.historical) || excludeModalities.includes(r.modality)) continue;
              const side = (id: string | null, v: string | null) => (id === null ? null : v);
              const row = {
                source: side(r.source_id, r[`source_${field}`]), target: side(r.target_id, r[`target_${field}`]), quad_class: r.quad_class,
              };
              const key = JSON.stringify(row);
              const a = acc.get(key) ?? { ...row, events: 0, goldstein_sum: 0, negative_goldstein: 0, killed: 0, injured: 0 };
              a.events += r.events;
              a.goldstein_sum += r.goldstein_sum;
              a.negative_goldstein += Math.max(0, -r.goldstein_sum);
              a.killed += r.killed;
              a.injured += r.injured;
              acc.set(key, a);
            }
            const order = (x: object, y: object) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1);
            const want = [...acc.values()].sort(order);
            const got = (await store.pairTotals(q)).sort(order);
            expect(want.length, JSON.stringify(q)).toBeGreaterThan(1);
            expect(got, JSON.stringify(q)).toEqual(want);
          }
        }
      }
      expect((await store.pairTotals({ ...period, field: "country", excludeHistorical: false, excludeModalities: [] })).some((r) => r.target === null)).toBe(true);
      await expect(store.pairTotals({ ...period, field: "name" as "id", excludeHistorical: false, excludeModalities: [] })).rejects.toThrow(/field/);
    });

    it("stores alerts with dedup and acknowledgement, and reviews", async () => {
      await open();
      const a = await store.putAlert({ key: "spike:NGA:2025-04-01", kind: "spike", severity: "warning", title: "Spike", detail: { z: 3.2 } });
      const b = await store.putAlert({ key: "spike:NGA:2025-04-01", kind: "spike", title: "Spike again" });
      expect(a.inserted).toBe(true);
      expect(b).toEqual({ id: a.id, inserted: false });
      expect(await store.listAlerts({ acked: false })).toMatchObject([{ id: a.id, title: "Spike", detail: { z: 3.2 }, severity: "warning" }]);
      expect(await store.ackAlert(a.id, "ana")).toBe(true);
      expect(await store.ackAlert("999", "ana")).toBe(false);
      expect(await store.listAlerts({ acked: false })).toEqual([]);
      expect((await store.listAlerts({ acked: true }))[0].acked_by).toBe("ana");
      const r = await store.putReview({ event_id: "ev:x", verdict: "wrong", corrections: { cameo: "193" }, by: "ana" });
      expect(r.id).toBeTruthy();
      expect(await store.listReviews()).toMatchObject([{ event_id: "ev:x", verdict: "wrong", corrections: { cameo: "193" }, by: "ana" }]);
      expect(() => store.putReview({ event_id: "ev:x", verdict: "maybe" as "right", by: "ana" })).toThrow(/verdict/);
      const r2 = await store.putReview({ event_id: "ev:y", verdict: "right", by: "bo" });
      const r3 = await store.putReview({ event_id: "ev:x", verdict: "right", by: "bo" });
      expect((await store.listReviews({ event_ids: ["ev:x", "ev:z"] })).map((x) => x.id)).toEqual([r3.id, r.id]);
      expect(await store.listReviews({ event_ids: [] })).toEqual([]);
      expect((await store.listReviews({ before: r3.id, limit: 1 })).map((x) => x.id)).toEqual([r2.id]);
      expect((await store.listReviews({ event_id: "ev:y" })).map((x) => x.id)).toEqual([r2.id]);
    });

    it("runs a job queue with leases that expire", async () => {
      await open();
      expect(await store.enqueue([{ kind: "code", payload: { doc: 1 }, key: "d1" }, { kind: "code", payload: { doc: 2 }, key: "d2" }])).toBe(2);
      expect(await store.enqueue([{ kind: "code", payload: { doc: 1 }, key: "d1" }, { kind: "code", payload: { doc: 3 } }])).toBe(1);
      const w1 = await store.claim("w1", 2, { leaseMs: 50 });
      expect(w1.map((j) => j.payload)).toEqual([{ doc: 1 }, { doc: 2 }]);
      expect(w1[0]).toMatchObject({ state: "running", worker: "w1", attempts: 1 });
      const w2 = await store.claim("w2", 5, { leaseMs: 10_000 });
      expect(w2.map((j) => j.payload)).toEqual([{ doc: 3 }]);
      await store.complete([w1[0].id]);
      await store.complete([]);
      await new Promise((r) => setTimeout(r, 80));
      const again = await store.claim("w2", 5, { leaseMs: 10_000 });
      expect(again.map((j) => j.id)).toEqual([w1[1].id]);
      expect(again[0].attempts).toBe(2);
      await store.fail(again[0].id, "boom", { maxAttempts: 3 });
      const third = await store.claim("w3", 5);
      expect(third).toHaveLength(1);
      await store.fail(third[0].id, "boom again", { maxAttempts: 3 });
      expect((await store.stats()).jobs).toEqual({ queued: 0, running: 1, done: 1, failed: 1 });
    });
  });
}
