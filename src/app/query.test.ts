import { afterEach, describe, expect, it } from "vitest";
import { ARMY, INSURGENTS, VILLAGERS, record } from "../store/fixtures.js";
import { openSqlite } from "../store/sqlite/index.js";
import type { EventStore } from "../store/types.js";
import { seriesOfDyad, type SeriesQuery } from "./query.js";

describe("seriesOfDyad", () => {
  let store: EventStore;
  afterEach(async () => store?.close());

  it("gives the same series from the store's bucket sums as from the daily rollup, PLOVER sums included", async () => {
    store = openSqlite(":memory:");
    const kinds = [
      { cameo: "190", cameo_root: "19", goldstein: -10, quad_class: 4 as const, plover: { type: "ATTACK", mode: null } },
      { cameo: "040", cameo_root: "04", goldstein: 1, quad_class: 1 as const, plover: { type: "CONSULT", mode: null } },
      { cameo: "112", cameo_root: "11", goldstein: -2, quad_class: 3 as const, plover: { type: "ACCUSE", mode: null } },
    ];
    const sides = [[INSURGENTS, VILLAGERS], [VILLAGERS, INSURGENTS], [ARMY, INSURGENTS], [INSURGENTS, ARMY]] as const;
    for (let i = 0; i < 40; i++) {
      const day = new Date(Date.UTC(2025, 0, 3) + i * 4 * 86_400_000).toISOString().slice(0, 10);
      const [source, target] = sides[i % sides.length];
      const { docId } = await store.putDocument({ text: `q${i}`, url: `https://q.test/${i}`, date: day });
      await store.saveCoded(docId, [record(`q${i}`, { ...kinds[i % 3], source, target, date: { value: day }, modality: i % 5 === 0 ? "alleged" : "asserted", historical: i % 9 === 0 })]);
    }
    // The same store without the bucket extension: the application sums the daily rollup itself.
    const plain: EventStore = Object.create(store, { dyadBuckets: { value: undefined } });
    const ploverScores = new Map([["ATTACK", -9], ["CONSULT", 1], ["ACCUSE", -3]]);
    const queries: SeriesQuery[] = [
      { a: INSURGENTS.id, b: VILLAGERS.id, interval: "week", from: "2025-01-10", to: "2025-05-20", ploverScores },
      { a: INSURGENTS.id, b: null, interval: "month", from: "2025-01-15", to: "2025-06-10", ploverScores },
      { a: INSURGENTS.id, b: ARMY.id, directed: true, interval: "day", from: "2025-02-01", to: "2025-03-01", ploverScores, includeAlleged: false },
      { a: "NGA", b: VILLAGERS.id, interval: "month", ploverScores, includeHistorical: true },
    ];
    for (const q of queries) {
      const fast = await seriesOfDyad(store, q);
      const slow = await seriesOfDyad(plain, q);
      expect(fast.totals.events, JSON.stringify(q)).toBeGreaterThan(0);
      expect(fast.totals.plover_mean, JSON.stringify(q)).not.toBeNull();
      if (q.from && q.to) expect(fast, JSON.stringify(q)).toEqual(slow);
      // Without bounds the series reports the first and last bucket starts rather than
      // the first and last event days; the buckets and totals are the same.
      else expect({ ...fast, from: null, to: null }, JSON.stringify(q)).toEqual({ ...slow, from: null, to: null });
    }
  });
});
