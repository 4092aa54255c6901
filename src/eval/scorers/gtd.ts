/**
 * GTD scorer: attack type (via the gtd-attacktype mapping), perpetrator group,
 * killed / injured counts, city and province found, distance from gold coordinates
 * (when the file has them) and the date read from the dateline.
 */
import { ErrorTally, Rate, WorstList } from "../metrics.js";
import type { Pair, SetScore } from "../types.js";
import { containsWords, nameVariants, norm } from "../text.js";
import { example, factual, goldNumber, goldString, placeFound, placeNames, type ScoreContext, setScore } from "./common.js";
import { scoreSingleLabel } from "./labels.js";
import { countExact, distance, goldPoint, sourceNames } from "./incident.js";

/** Whether the text names the group (one of its name variants occurs as whole words). */
function namedInText(text: string, name: string): boolean {
  const t = norm(text);
  return nameVariants(name).some((v) => containsWords(t, v));
}

export function scoreGtd(pairs: readonly Pair[], ctx: ScoreContext): SetScore {
  const map = ctx.mappings.labelMap("gtd-attacktype");
  const worst = new WorstList(ctx.worst);
  const errors = new ErrorTally();
  const scored = new Set(map.labels);
  const type = scoreSingleLabel(pairs, map, (p) => (scored.has(String(p.record.gold.attacktype)) ? String(p.record.gold.attacktype) : undefined), "attack_type", worst, errors);
  const dominantEvent = (p: Pair) => type.dominant.get(p.record.id)?.event ?? null;

  const perp = new Rate();
  const city = new Rate();
  const prov = new Rate();
  const date = new Rate();
  for (const pair of pairs) {
    const g = pair.record.gold;
    const events = factual(pair.predicted);
    const gname = goldString(g.gname);
    if (gname && namedInText(pair.record.text, gname)) {
      const hit = sourceNames(events, gname);
      perp.add(hit);
      if (!hit) {
        const sources = events.filter((e) => e.source);
        errors.add("perpetrator", sources.length ? "other source actor" : "no source actor");
        worst.add("perpetrator", example(pair.record.id, gname, sources.map((e) => e.source?.name).join(" | ") || null, sources[0] ?? events[0], 1));
      }
    }
    const found = placeNames(pair.predicted);
    const gcity = goldString(g.city);
    if (gcity) {
      const hit = placeFound(gcity, found);
      city.add(hit);
      if (!hit) {
        errors.add("city_found", found.size ? "other places found" : "no place found");
        worst.add("city_found", example(pair.record.id, gcity, [...found].join(" | ") || null, events[0], 1));
      }
    }
    const gprov = goldString(g.provstate);
    if (gprov) prov.add(placeFound(gprov, found));
    const gdate = goldString(g.event_date);
    if (gdate) {
      const ev = dominantEvent(pair) ?? events[0] ?? null;
      const hit = ev?.date.value === gdate;
      date.add(hit);
      if (!hit) {
        errors.add("date_exact", !ev ? "no event" : ev.date.basis === "publication" ? "no date read" : "other date");
        worst.add("date_exact", example(pair.record.id, gdate, ev?.date.value || null, ev, 1));
      }
    }
  }
  const metrics = [
    type.accuracy,
    perp.metric("perpetrator"),
    countExact(pairs, "killed", (p) => goldNumber(p.record.gold.nkill), "killed_exact", worst, errors),
    countExact(pairs, "injured", (p) => goldNumber(p.record.gold.nwound), "injured_exact", worst, errors),
    city.metric("city_found"),
    prov.metric("province_found"),
    date.metric("date_exact"),
  ];
  if (pairs.some((p) => goldPoint(p.record.gold))) metrics.push(...distance(pairs, (p) => goldPoint(p.record.gold), dominantEvent, worst, errors));
  return setScore(
    {
      metrics,
      tables: [type.table],
      confusions: [type.confusion],
      notes: [
        "attack_type: the dominant mapped event's label (ontology/mappings/gtd-attack-types.json); GTD 'Unknown' is not scored.",
        "perpetrator: where the text names the gname (or its bracketed short form), the gname against the source actors of all factual events: name or words equal to, containing or contained in the gname or its bracketed short form.",
        "killed_exact / injured_exact: the largest stated count of any factual event (0 when none) against nkill / nwound (GTD counts include perpetrators).",
        "city_found / province_found: the gold name among the place mentions and event locations found (whole-word match).",
      ],
    },
    worst,
    errors,
  );
}
