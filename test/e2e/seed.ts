/**
 * The e2e store: the example articles of fixtures/articles.json, each with the events
 * a careful human coder would read from it (hand-coded here, so the dashboard test
 * does not depend on the state of the automatic coder), plus one escalation alert.
 * The article with the script tag is left out: the test ingests it through the API.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Actor, EventRecord } from "../../src/doc/index.js";
import { actor, record } from "../../src/store/fixtures.js";
import type { CodedDocument, EventStore } from "../../src/store/types.js";

export interface Article {
  title: string;
  date: string;
  text: string;
}

/** The example articles (written for these tests). */
export const ARTICLES: Article[] = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/articles.json", import.meta.url)), "utf8"));

/** An actor whose usual words in the articles are `text` (offsets are set per sentence). */
const named = (a: Actor, name: string, text: string): Actor => ({ ...a, name, text });
export const PAKISTAN = named(actor("state:PAK", "PAKMIL", "PAK", "MIL"), "Pakistan", "Pakistan");
export const TALIBAN = named(actor("state:AFG", "AFGGOV", "AFG", "GOV"), "Taliban (Islamic Emirate of Afghanistan)", "Taliban");
export const TTP = named(actor("group:ttp", "PAKINS", "PAK", "INS"), "Tehrik-i-Taliban Pakistan", "Tehrik-i-Taliban Pakistan");
export const POLICE = named(actor("state:PAK:COP", "PAKCOP", "PAK", "COP"), "Pakistani police", "police station");
/** An actor the knowledge base lacks (listed by /api/new-actors). */
export const TRADERS = { ...named(actor("unknown:torkham-traders-union", "", null, null), "Torkham traders union", "refugees"), kind: "group" as const };

/** Other words the articles use for an actor. */
const OTHER_WORDS: Record<string, string[]> = { "state:AFG": ["Afghanistan"] };

/** The actor with the first of its words found in the sentence, and their offsets. */
function mentioned(a: Actor, text: string, sentenceStart: number, sentenceEnd: number): Actor {
  for (const words of [a.text, ...(OTHER_WORDS[a.id] ?? [])]) {
    const at = text.indexOf(words, sentenceStart);
    if (at >= 0 && at < sentenceEnd) return { ...a, text: words, start: at, end: at + words.length };
  }
  return { ...a, start: sentenceStart, end: sentenceStart };
}

interface Coded {
  sentence: string;
  trigger: string;
  cameo: string;
  goldstein: number;
  quad: 1 | 2 | 3 | 4;
  plover: string;
  source: Actor;
  target: Actor;
  place?: { name: string; admin1: string; lat: number; lon: number; precision?: "city" | "admin1" };
  killed?: number;
  modality?: EventRecord["modality"];
}

/** Hand-coded events per article title. */
const CODED: Record<string, Coded[]> = {
  "Border clash at Chaman crossing": [
    { sentence: "Pakistani troops and Afghan Taliban forces exchanged heavy fire along the border near Chaman on Saturday, officials said.", trigger: "exchanged heavy fire",
      cameo: "190", goldstein: -10, quad: 4, plover: "ASSAULT", source: PAKISTAN, target: TALIBAN, place: { name: "Chaman", admin1: "Balochistan", lat: 30.92, lon: 66.45 }, killed: 23 },
    { sentence: "The Taliban government accused Pakistan of carrying out air strikes in Kabul earlier in the week.", trigger: "accused",
      cameo: "112", goldstein: -2, quad: 3, plover: "ACCUSE", source: TALIBAN, target: PAKISTAN, place: { name: "Kabul", admin1: "Kabul", lat: 34.53, lon: 69.17 } },
  ],
  "Ceasefire talks in Doha": [
    { sentence: "DOHA, Oct. 19 - Pakistan and the Afghan Taliban agreed to an immediate ceasefire after talks mediated by Qatar and Turkey on Sunday.", trigger: "agreed",
      cameo: "0861", goldstein: 6, quad: 2, plover: "AGREE", source: PAKISTAN, target: TALIBAN, place: { name: "Doha", admin1: "Doha", lat: 25.29, lon: 51.53 } },
    { sentence: "The Pakistani defence minister met Taliban officials in Doha.", trigger: "met",
      cameo: "040", goldstein: 1, quad: 1, plover: "CONSULT", source: PAKISTAN, target: TALIBAN, place: { name: "Doha", admin1: "Doha", lat: 25.29, lon: 51.53 } },
  ],
  "Militants attack police post in Khyber Pakhtunkhwa": [
    { sentence: "PESHAWAR, Nov. 3 - Fighters of the Tehrik-i-Taliban Pakistan attacked a police station in Bannu on Monday, killing four policemen, police said.", trigger: "attacked",
      cameo: "190", goldstein: -10, quad: 4, plover: "ASSAULT", source: TTP, target: POLICE, place: { name: "Bannu", admin1: "Khyber Pakhtunkhwa", lat: 32.99, lon: 70.6 }, killed: 4 },
    { sentence: "Pakistan accused the Afghan Taliban of sheltering TTP militants.", trigger: "accused",
      cameo: "112", goldstein: -2, quad: 3, plover: "ACCUSE", source: PAKISTAN, target: TALIBAN, modality: "alleged" },
  ],
  "Trade resumes through Torkham": [
    { sentence: "KABUL, Nov. 10 - Afghanistan and Pakistan reopened the Torkham border crossing to trade on Monday.", trigger: "reopened",
      cameo: "0871", goldstein: 9, quad: 2, plover: "RETREAT", source: PAKISTAN, target: TALIBAN, place: { name: "Khyber", admin1: "Khyber Pakhtunkhwa", lat: 34.1, lon: 71.1, precision: "admin1" } },
    { sentence: "The Taliban government praised the decision.", trigger: "praised",
      cameo: "051", goldstein: 3.4, quad: 1, plover: "SUPPORT", source: TALIBAN, target: PAKISTAN },
    { sentence: "Pakistan said it would provide aid to refugees returning to Afghanistan.", trigger: "provide aid",
      cameo: "070", goldstein: 7, quad: 2, plover: "AID", source: PAKISTAN, target: TRADERS, modality: "future" },
  ],
};

function recordOf(a: Article, docId: string, c: Coded, i: number): EventRecord {
  const start = a.text.indexOf(c.sentence);
  if (start < 0) throw new Error(`seed: sentence not in "${a.title}": ${c.sentence}`);
  const t = a.text.indexOf(c.trigger, start);
  return record(`e2e:${docId}:${i}`, {
    doc_id: docId,
    evidence: { sentence: c.sentence, sentence_index: i, start, end: start + c.sentence.length, trigger: { text: c.trigger, start: t, end: t + c.trigger.length } },
    cameo: c.cameo, cameo_root: c.cameo.slice(0, 2), goldstein: c.goldstein, quad_class: c.quad,
    plover: { type: c.plover, mode: null }, acled: c.quad === 4 ? { event_type: "Battles", sub_event_type: "Armed clash" } : null,
    source: mentioned(c.source, a.text, start, start + c.sentence.length), target: mentioned(c.target, a.text, start, start + c.sentence.length),
    date: { value: a.date, precision: "day", basis: "stated", text: a.date },
    location: c.place ? { text: c.place.name, name: c.place.name, country: c.place.name === "Doha" ? "QAT" : c.place.name === "Kabul" ? "AFG" : "PAK", admin1: c.place.admin1, lat: c.place.lat, lon: c.place.lon, precision: c.place.precision ?? "city", geonames_id: null } : null,
    fatalities: c.killed ? { killed: c.killed, injured: null } : null,
    modality: c.modality ?? "asserted", confidence: 0.9, rule: `e2e.hand.${c.plover.toLowerCase()}`,
  });
}

/** Fill the store: the hand-coded articles in one batch, and an alert on the Pakistan–Afghanistan pair. */
export async function seedStore(store: EventStore): Promise<void> {
  const items: CodedDocument[] = ARTICLES.filter((a) => CODED[a.title]).map((a, n) => {
    const id = `e2e-doc-${n + 1}`;
    return { doc: { id, title: a.title, date: a.date, text: a.text, url: `https://news.example/${id}` }, records: CODED[a.title].map((c, i) => recordOf(a, id, c, i)) };
  });
  await store.saveBatch(items);
  const clash = await store.queryEvents({ doc_id: "e2e-doc-1", root: "19" }, { limit: 1 });
  await store.putAlert({
    key: "dyad:state:AFG|state:PAK:zscore:2025-10-12", kind: "escalation:dyad", severity: "warning",
    title: "Escalation between Afghanistan and Pakistan", event_ids: clash.items.map((e) => e.id),
    detail: { subject: "state:AFG|state:PAK", label: "Afghanistan – Pakistan", window: { from: "2025-10-12", to: "2025-10-12" }, peak_day: "2025-10-12", score: 5.1 },
  });
}
