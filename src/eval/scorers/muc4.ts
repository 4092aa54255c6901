/**
 * MUC-4 scorer (document-level role filling): a gold perpetrator entity is found
 * when one of its coreferent mentions and a coded source actor's words contain one
 * another (a source name containing the mention at most three words longer). A source
 * resolved to a named knowledge-base group, organisation or person stands for that entity,
 * so its words include the document's other mentions of the same entity (as a gold
 * entity is the list of its coreferent mentions). A gold weapon is found when a weapon word (ontology/mappings/weapons.json)
 * in one of its mentions also occurs in an event's evidence sentence. Documents
 * without a template should get no violent event.
 */
import type { EventRecord } from "../../doc/index.js";
import { ErrorTally, Rate, WorstList } from "../metrics.js";
import { containsWords, norm, phraseSet } from "../text.js";
import type { Pair, Prediction, SetScore } from "../types.js";
import { example, factual, type ScoreContext, setScore } from "./common.js";

type Entity = string[];

function entities(v: unknown): Entity[] {
  if (!Array.isArray(v)) return [];
  return v.filter(Array.isArray).map((e: unknown[]) => e.filter((m): m is string => typeof m === "string").map(norm).filter(Boolean)).filter((e) => e.length > 0);
}

/**
 * A coded name that contains a gold mention may be at most this many words longer: "commandos
 * of the fmln" names the FMLN, a ten-word span that happens to include
 * "fmln" among other words does not.
 */
export const MAX_EXTRA_WORDS = 3;

const wordCount = (s: string): number => (s ? s.split(" ").length : 0);

/** Whether a coded source name `s` names the gold mention `m`: equal, within it, or containing it with at most MAX_EXTRA_WORDS more words. */
export function namesMention(s: string, m: string): boolean {
  if (s === m || containsWords(m, s)) return true;
  return containsWords(s, m) && wordCount(s) - wordCount(m) <= MAX_EXTRA_WORDS;
}

/** Ids of generic agents and unknown names: mentions sharing one are not one entity. */
const GENERIC_ID = /^(agent|unknown):/;

/**
 * The words a coded source stands for: its own text and name, and, when it resolved to a named
 * group, organisation or person of the knowledge base, the text of every mention of the document
 * the coder resolved to that entity by name (not pronouns or descriptions, which only point back).
 * States are left out: the mentions of a state ("the U.S.") do not name its government or army.
 */
export function sourceWords(events: readonly EventRecord[], actors: Prediction["actors"]): string[] {
  const out = events.flatMap((e) => (e.source ? [norm(e.source.text), norm(e.source.name)] : []));
  const ids = new Set(events.flatMap((e) => (e.source && e.source.kind !== "state" && !GENERIC_ID.test(e.source.id) ? [e.source.id] : [])));
  for (const a of actors) if (a.id !== undefined && ids.has(a.id) && a.kind !== "state" && !a.coref) out.push(norm(a.text));
  return [...new Set(out)].filter((s) => s.length >= 3);
}

const ROLES = ["perpetrator_individuals", "perpetrator_organizations", "physical_targets", "human_targets", "weapons"];
const VIOLENT_ROOTS = new Set(["18", "19", "20"]);

export function scoreMuc4(pairs: readonly Pair[], ctx: ScoreContext): SetScore {
  const weaponWords = ctx.mappings.lexicon("weapons").flatMap((c) => c.words);
  const worst = new WorstList(ctx.worst);
  const errors = new ErrorTally();
  const org = new Rate();
  const ind = new Rate();
  const weapon = new Rate();
  const restraint = new Rate();

  const perpetrators = (pair: Pair, role: string, rate: Rate, events: EventRecord[], sources: string[]) => {
    for (const ent of entities(pair.record.gold[role])) {
      const hit = ent.some((m) => sources.some((s) => namesMention(s, m)));
      rate.add(hit);
      if (!hit) {
        errors.add(role, events.length === 0 ? "no factual event" : sources.length === 0 ? "no source actor" : "other source actors");
        worst.add(role, example(pair.record.id, ent[0], sources.join(" | ") || null, events[0], 1));
      }
    }
  };

  for (const pair of pairs) {
    const events = factual(pair.predicted);
    if (ROLES.every((r) => entities(pair.record.gold[r]).length === 0)) {
      const violent = events.find((e) => VIOLENT_ROOTS.has(e.cameo_root));
      restraint.add(!violent);
      if (violent) worst.add("empty_doc_restraint", example(pair.record.id, "no incident", violent.cameo, violent, violent.confidence));
      continue;
    }
    const sources = sourceWords(events, pair.predicted.actors);
    perpetrators(pair, "perpetrator_organizations", org, events, sources);
    perpetrators(pair, "perpetrator_individuals", ind, events, sources);
    const evidence = events.map((e) => phraseSet(e.evidence.sentence));
    for (const ent of entities(pair.record.gold.weapons)) {
      const named = weaponWords.filter((w) => ent.some((m) => containsWords(m, w)));
      const hit = named.some((w) => evidence.some((p) => p.has(w)));
      weapon.add(hit);
      if (!hit) {
        errors.add("weapons", named.length === 0 ? "mention has no lexicon word" : events.length === 0 ? "no factual event" : "word not in any evidence");
        worst.add("weapons", example(pair.record.id, ent[0], null, events[0], 1));
      }
    }
  }
  return setScore(
    {
      metrics: [org.metric("perpetrator_org_recall"), ind.metric("perpetrator_ind_recall"), weapon.metric("weapon_recall"), restraint.metric("empty_doc_restraint")],
      tables: [],
      notes: [`Recall per gold entity; a coded source actor matches a mention when one contains the other as whole words, the source name at most ${MAX_EXTRA_WORDS} words longer than the mention; a source resolved to a named group, organisation or person also matches through the document's other mentions of that entity. empty_doc_restraint: share of template-less documents without a factual CAMEO 18–20 event.`],
    },
    worst,
    errors,
  );
}
