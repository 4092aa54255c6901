/**
 * ACLED scorer: old (pre-2019) event type via the acled-old-event-type mapping,
 * actor 1 against the dominant event's source, fatalities, and distance from the
 * gold coordinates (records with geo_precision 1–2, i.e. town level).
 */
import type { Actor, EventRecord } from "../../doc/index.js";
import type { WordClass } from "../mappings.js";
import { ErrorTally, Rate, WorstList } from "../metrics.js";
import { phraseSet } from "../text.js";
import type { Pair, SetScore } from "../types.js";
import { actorNames, example, factual, goldNumber, goldString, type ScoreContext, setScore } from "./common.js";
import { scoreSingleLabel } from "./labels.js";
import { countExact, distance, goldPoint } from "./incident.js";
import { acledKilled } from "../../ontology/acled-fatalities.js";

/** Whether a coded actor and a gold ACLED actor name the same generic class (police, military, protesters ...). */
export function sameActorClass(actor: Actor, goldName: string, classes: readonly WordClass[]): boolean {
  const gold = phraseSet(goldName);
  let mine: Set<string> | null = null;
  for (const c of classes) {
    if (!c.words.some((w) => gold.has(w))) continue;
    if (actor.sector !== null && c.sectors.has(actor.sector)) return true;
    mine ??= phraseSet(`${actor.text} ${actor.name}`);
    if (c.words.some((w) => mine?.has(w))) return true;
  }
  return false;
}

/**
 * Whether an event's actor 1, in ACLED's own terms, is the gold generic class by
 * ACLED's coding conventions rather than by name: demonstrators are coded by role
 * ("Protesters (Nigeria)", "Rioters (Nigeria)", the group they belong to going to
 * the associated actor), so a peaceful protest's actor 1 is "Protesters" whoever
 * the coded source is; and an unnamed perpetrator is "Unidentified Armed Group".
 */
export function roleActorClass(ev: EventRecord, goldName: string, classes: readonly WordClass[]): boolean {
  if (!ev.acled) return false;
  const gold = phraseSet(goldName);
  for (const c of classes) {
    if (!c.words.some((w) => gold.has(w))) continue;
    if (c.roleSubEventTypes.has(ev.acled.sub_event_type)) return true;
    if (!ev.source && c.unnamedEventTypes.has(ev.acled.event_type)) return true;
  }
  return false;
}

/** Whether a coded actor is of a class ACLED lists first in battles (state forces). */
function leadsBattles(actor: Actor, classes: readonly WordClass[]): boolean {
  let mine: Set<string> | null = null;
  for (const c of classes) {
    if (!c.leadsBattles) continue;
    if (actor.sector !== null && c.sectors.has(actor.sector)) return true;
    mine ??= phraseSet(`${actor.text} ${actor.name}`);
    if (c.words.some((w) => mine?.has(w))) return true;
  }
  return false;
}

/**
 * The coded actor that plays ACLED's actor 1: the event's source, except in a battle,
 * where ACLED lists the actors by their interaction code, state forces first, whichever
 * side attacked ("militants attacked an army base": actor 1 is the military), also when
 * the state force is named by another battle event of the document (`others`).
 */
export function acledActor1(ev: EventRecord, classes: readonly WordClass[], others: readonly EventRecord[] = []): Actor | null {
  const src = ev.source;
  if (ev.acled?.event_type !== "Battles" || (src && leadsBattles(src, classes))) return src;
  if (ev.target && leadsBattles(ev.target, classes)) return ev.target;
  // The same battle told in another sentence ("... sparking a clash with military forces").
  for (const o of others) {
    if (o === ev || o.acled?.event_type !== "Battles") continue;
    for (const a of [o.source, o.target]) if (a && leadsBattles(a, classes)) return a;
  }
  return src;
}

export function scoreAcled(pairs: readonly Pair[], ctx: ScoreContext): SetScore {
  const map = ctx.mappings.labelMap("acled-old-event-type");
  const classes = ctx.mappings.lexicon("acled-actor-classes");
  const worst = new WorstList(ctx.worst);
  const errors = new ErrorTally();
  const scored = new Set(map.labels);
  const type = scoreSingleLabel(pairs, map, (p) => (scored.has(String(p.record.gold.event_type)) ? String(p.record.gold.event_type) : undefined), "event_type", worst, errors);
  const mainEvent = (p: Pair) => type.dominant.get(p.record.id)?.event ?? factual(p.predicted)[0] ?? null;

  const actor1 = new Rate();
  for (const pair of pairs) {
    const gold = goldString(pair.record.gold.actor1);
    if (!gold) continue;
    const ev = mainEvent(pair);
    const src = ev ? acledActor1(ev, classes, factual(pair.predicted)) : null;
    const hit = ev !== null && (roleActorClass(ev, gold, classes) || (src !== null && (actorNames(src, gold) || sameActorClass(src, gold, classes))));
    actor1.add(hit);
    if (!hit) {
      errors.add("actor1", !ev ? "no event" : !src ? "event without source" : "other source actor");
      worst.add("actor1", example(pair.record.id, gold, src ? `${src.name} [${src.code}]` : null, ev, 1));
    }
  }
  const vague = ctx.mappings.acledFatalityConventions();
  const rows = ctx.mappings.acledRowFatalities();
  /** The figure ACLED's definitions fix for the row we code (the dominant event's sub-event type), if any. */
  const rowFigure = (p: Pair) => {
    const ev = type.dominant.get(p.record.id)?.event ?? null;
    const v = ev?.acled ? rows.get(ev.acled.sub_event_type) : undefined;
    return ev && v !== undefined ? { value: v, event: ev } : null;
  };
  const townLevel = (p: Pair) => (goldNumber(p.record.gold.geo_precision) ?? 3) <= 2;
  return setScore(
    {
      metrics: [
        type.accuracy,
        { name: "event_type_macro_f1", value: type.accuracy.n ? type.table.macro.f1 : null, n: type.accuracy.n, higherIsBetter: true },
        actor1.metric("actor1"),
        countExact(pairs, "killed", (p) => goldNumber(p.record.gold.fatalities), "fatalities_exact", worst, errors, (e) => acledKilled(e.fatalities, vague), rowFigure),
        ...distance(pairs, (p) => (townLevel(p) ? goldPoint(p.record.gold) : null), mainEvent, worst, errors),
      ],
      tables: [type.table],
      confusions: [type.confusion],
      notes: [
        "event_type: old ACLED types via ontology/mappings/acled-old-types.json (dominant mapped event).",
        "actor1: the dominant event's source names the gold actor1 (name containment) or the same generic class (ontology/mappings/acled-actor-classes.json); by ACLED's conventions a protest's or riot's actor 1 is Protesters / Rioters whoever the source is, and a violent event with no source actor is an Unidentified Armed Group's.",
        "within_25km / median_km: only records with geo_precision 1–2 (town level); no located place counts as a miss.",
        "fatalities_exact: ACLED's terms: the largest killed count of the factual events; when none states one, a vague one (killed null, killed_vague \"several\") takes ACLED's conventional number; and a row whose sub-event type carries a fixed figure by ACLED's definitions (row_rules: a peaceful protest has no fatalities) takes that figure (ontology/acled/fatality-conventions.json).",
        "Dates are not scored: the notes rarely state one and the gold date is passed as the reference date.",
      ],
    },
    worst,
    errors,
  );
}
