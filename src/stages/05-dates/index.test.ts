import { describe, it, expect } from "vitest";
import { newDoc, type Doc } from "../../doc/index.js";
import { ONTOLOGY_DIR } from "../../ontology/index.js";
import { loadLexicon } from "../../ontology/lexicon.js";
import { tokenizeStage } from "../01-tokenize/index.js";
import { tagStage } from "../02-tag/index.js";
import { datesStage, dateForSentence, eventDateFor, indexDates, isHistorical, wordFlags, type DateMentionInfo } from "./index.js";

/** Only the lexicon: these tests do not depend on the rest of the knowledge base. */
const kb = { lexicon: loadLexicon(ONTOLOGY_DIR) };
const stages = [tokenizeStage, tagStage(kb), datesStage(kb)];

function run(text: string, date: string | null = "2025-12-12"): Doc {
  const doc = newDoc({ id: "t", text, date });
  for (const s of stages) s.run(doc);
  return doc;
}

/** [text, value, precision, basis] of every mention. */
function dates(text: string, date: string | null = "2025-12-12"): string[][] {
  return run(text, date).dates.map((d) => [d.text, d.date.value, d.date.precision, d.date.basis]);
}

describe("dates stage: stated dates", () => {
  it("reads full days in several orders", () => {
    expect(dates("Troops moved in on 10 December 2025.")).toEqual([["10 December 2025", "2025-12-10", "day", "stated"]]);
    expect(dates("The talks ended on December 3, 2024 in Doha.")).toEqual([["December 3, 2024", "2024-12-03", "day", "stated"]]);
    expect(dates("The vote was held on the 4th of July 2019.")).toEqual([["4th of July 2019", "2019-07-04", "day", "stated"]]);
    expect(dates("Filed on 2025-11-30 by the court.")).toEqual([["2025-11-30", "2025-11-30", "day", "stated"]]);
  });

  it("gives a day without a year the year nearest the publication date, looking back", () => {
    expect(dates("Guards fired on Dec. 10 at the crossing.")[0]).toEqual(["Dec. 10", "2025-12-10", "day", "stated"]);
    expect(dates("The convoy was hit on December 28.", "2026-01-04")[0][1]).toBe("2025-12-28");
    expect(dates("Four people died on 5th of March.")[0][1]).toBe("2025-03-05");
    expect(dates("Talks are set for January 9.")[0][1]).toBe("2026-01-09");
  });

  it("rejects impossible days and reads months and years only in context", () => {
    expect(dates("It happened on February 30, 2025.")).toEqual([]);
    expect(dates("They may return.")).toEqual([]);
    expect(dates("Some 2014 people marched.")).toEqual([]);
    expect(dates("The ceasefire of August 2021 held.")).toEqual([["August 2021", "2021-08", "month", "stated"]]);
    expect(dates("Fighting resumed in August.")).toEqual([["August", "2025-08", "month", "stated"]]);
    expect(dates("The group has fought since 2021.")).toEqual([["2021", "2021", "year", "stated"]]);
    expect(dates("A court ruling (2017) stands.")).toEqual([["2017", "2017", "year", "stated"]]);
    expect(dates("Survivors of the 2014 attack gathered.")).toEqual([["2014", "2014", "year", "stated"]]);
    expect(dates("Violence spread in the 1990s.")).toEqual([["1990s", "1990", "decade", "stated"]]);
    expect(dates("Prices rose sharply in mid-2020.")).toEqual([["mid-2020", "2020", "year", "stated"]]);
  });

  it("resolves numeric days, ambiguous ones against the publication date", () => {
    expect(dates("Seen on 14/3/2025 near the dam.")[0][1]).toBe("2025-03-14");
    expect(dates("Seen on 3/14/2025 near the dam.")[0][1]).toBe("2025-03-14");
    // 10/12/2025: 10 December is before the publication day, 12 October too; the nearer wins.
    expect(dates("Seen on 10/12/2025 near the dam.")[0][1]).toBe("2025-12-10");
    expect(dates("Seen on 11/12/2025 near the dam.", "2025-11-20")[0][1]).toBe("2025-11-12");
    expect(dates("Seen on 10/12/2025 near the dam.", null)[0].slice(1)).toEqual(["2025-10-12", "day", "stated"]);
  });
});

describe("dates stage: relative dates", () => {
  it("resolves relative days and weekdays (publication day 2025-12-12 is a Friday)", () => {
    expect(dates("Rockets fell yesterday.")[0].slice(1)).toEqual(["2025-12-11", "day", "relative"]);
    expect(dates("Rockets fell today.")[0][1]).toBe("2025-12-12");
    expect(dates("Rockets fell on Tuesday.")[0][1]).toBe("2025-12-09");
    expect(dates("Rockets fell on Friday.")[0][1]).toBe("2025-12-12");
    expect(dates("Rockets fell last Friday.")[0][1]).toBe("2025-12-05");
    expect(dates("Talks open next Monday.")[0][1]).toBe("2025-12-15");
    expect(dates("Rockets fell on Tuesday night.")[0][0]).toBe("Tuesday night");
    expect(dates("Rockets fell on Tuesday, December 9, 2025.")).toEqual([["Tuesday, December 9, 2025", "2025-12-09", "day", "stated"]]);
  });

  it("resolves periods and 'ago'", () => {
    expect(dates("Rockets fell last week.")[0].slice(1)).toEqual(["2025-12", "month", "relative"]);
    expect(dates("Rockets fell last month.")[0].slice(1)).toEqual(["2025-11", "month", "relative"]);
    expect(dates("Rockets fell last month.", "2026-01-03")[0][1]).toBe("2025-12");
    expect(dates("Rockets fell earlier this year.")[0].slice(1)).toEqual(["2025", "year", "relative"]);
    expect(dates("The town fell two years ago.")[0].slice(0, 3)).toEqual(["two years ago", "2023", "year"]);
    expect(dates("The town fell three days ago.")[0][1]).toBe("2025-12-09");
    expect(dates("The town fell a decade ago.")[0].slice(1, 3)).toEqual(["2010", "decade"]);
    expect(dates("The town fell last March.")[0].slice(0, 2)).toEqual(["last March", "2025-03"]);
  });

  it("drops 'ago' dates that leave the four-digit years", () => {
    expect(dates("It began 1659 years ago, or 99999999 days ago.")).toEqual([]);
  });

  it("keeps relative dates unresolved without a publication date", () => {
    expect(dates("Rockets fell yesterday and in 2014.", null)).toEqual([
      ["yesterday", "", "unknown", "relative"],
      ["2014", "2014", "year", "stated"],
    ]);
  });
});

describe("historical and relations", () => {
  it("marks dates well before the publication date", () => {
    const d = run("Militants struck on Tuesday, recalling the 2014 attack and a raid in October.").dates as DateMentionInfo[];
    expect(d.map((m) => [m.text, m.historical, m.attributive])).toEqual([
      ["Tuesday", false, false],
      ["2014", true, true],
      ["October", false, false],
    ]);
    expect(isHistorical("2025-09", "month", { y: 2025, m: 12, d: 12 })).toBe(true);
    expect(isHistorical("2025", "year", { y: 2025, m: 12, d: 12 })).toBe(false);
    expect(isHistorical("2024", "year", { y: 2025, m: 1, d: 2 })).toBe(true);
  });

  it("records 'since' as the relation", () => {
    const d = run("The party has been banned since 2019.").dates as DateMentionInfo[];
    expect(d[0].relation).toBe("since");
  });
});

describe("dateForSentence", () => {
  it("prefers the date in the trigger's clause, then the nearest", () => {
    const doc = run("On Tuesday, gunmen attacked a school, which had been bombed in 2014.");
    const t = (w: string) => doc.tokens.find((x) => x.text === w)!.i;
    expect(dateForSentence(doc, 0, t("attacked"))?.text).toBe("Tuesday");
    expect(dateForSentence(doc, 0, t("bombed"))?.text).toBe("2014");
    expect(dateForSentence(doc, 0)?.text).toBe("Tuesday");
  });

  it("passes over a date that modifies a noun", () => {
    const doc = run("Survivors of the 2014 attack marched on Friday.");
    const marched = doc.tokens.find((x) => x.text === "marched")!.i;
    expect(dateForSentence(doc, 0, marched)?.text).toBe("Friday");
  });

  it("uses only the same sentence and falls back to the publication date", () => {
    const doc = run("Troops arrived on Monday. They opened fire.");
    const fire = doc.tokens.find((x) => x.text === "opened")!.i;
    expect(dateForSentence(doc, 1, fire)).toBeNull();
    expect(eventDateFor(doc, 1, fire)).toEqual({ date: { value: "2025-12-12", precision: "day", basis: "publication", text: null }, historical: false });
    expect(eventDateFor(run("They opened fire.", null), 0).date).toEqual({ value: "", precision: "unknown", basis: "publication", text: null });
    expect(dateForSentence(doc, 7)).toBeNull();
  });

  it("shares the date objects: the mention's own, and one publication date per document and date", () => {
    const doc = run("Troops arrived on Monday. They opened fire.");
    const arrived = doc.tokens.find((x) => x.text === "arrived")!.i;
    const fire = doc.tokens.find((x) => x.text === "opened")!.i;
    expect(eventDateFor(doc, 0, arrived).date).toBe(dateForSentence(doc, 0, arrived)!.date);
    const pub = eventDateFor(doc, 1, fire).date;
    expect(eventDateFor(doc, 1).date).toBe(pub);
    // Another document, or the same one with another date, gets its own publication date.
    const other = run("They opened fire.", "2024-03-01");
    expect(eventDateFor(other, 0).date).toEqual({ value: "2024-03-01", precision: "day", basis: "publication", text: null });
    doc.date = "2025-01-02";
    expect(eventDateFor(doc, 1, fire).date).toEqual({ value: "2025-01-02", precision: "day", basis: "publication", text: null });
    expect(pub.value).toBe("2025-12-12");
  });
});

describe("dates stage: word flags", () => {
  it("keeps per word id what the word's own text gives (a token without an id is read afresh)", () => {
    const ix = indexDates(kb.lexicon);
    const texts = [
      "On Tuesday, 10 December 2025, three days ago, in mid-2020 and the 1990s, 2025-12-10 and 10/12/2025.",
      "Last March, yesterday, next week, two years ago; the well-known anti-government protests (2017) in Dec. 10th.",
      "tuesday TUESDAY December december 10th 10TH mid-2020 Mid-2020 co-op x-ray",
    ];
    let flagged = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (const text of texts) {
        for (const t of run(text).tokens) {
          const memo = wordFlags(ix, t);
          expect(memo, t.text).toBe(wordFlags(ix, { ...t, word: -1 }));
          if (memo !== wordFlags(indexDates(kb.lexicon), { ...t, word: -1 })) throw new Error(t.text);
          if (t.word >= 0 && memo > 128) flagged++;
        }
      }
    }
    expect(flagged).toBeGreaterThan(20);
  });
});
