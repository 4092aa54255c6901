import { describe, expect, it } from "vitest";
import type { Actor, EventRecord } from "../doc/index.js";
import { Mappings } from "./mappings.js";
import { scorePentaclass } from "./scorers/pentaclass.js";
import { scoreCase2021 } from "./scorers/case2021.js";
import { scoreSatp } from "./scorers/satp.js";
import { scoreGtd } from "./scorers/gtd.js";
import { scoreAcled } from "./scorers/acled.js";
import { scoreIndiaPolice } from "./scorers/indiapolice.js";
import { namesMention, scoreMuc4 } from "./scorers/muc4.js";
import { scorePetrarch } from "./scorers/petrarch.js";
import { scoreNgec } from "./scorers/ngec.js";
import { setByShape } from "./sets.js";
import { join } from "node:path";
import { ONTOLOGY_DIR } from "../ontology/index.js";
import { loadActorKB, resolveActor } from "../ontology/actors/index.js";
import type { GoldRecord, Pair, Prediction, SetScore } from "./types.js";

const ctx = { mappings: new Mappings(), worst: 3 };

function actor(text: string, over: Partial<Actor> = {}): Actor {
  return { text, start: 0, end: text.length, name: text, id: `x:${text}`, code: "XXX", country: null, sector: null, kind: "group", ...over };
}

function ev(cameo: string, sentence: string, over: Partial<EventRecord> = {}): EventRecord {
  const root = cameo.slice(0, 2);
  const quad = (Number(root) <= 5 ? 1 : Number(root) <= 8 ? 2 : Number(root) <= 13 ? 3 : 4) as EventRecord["quad_class"];
  return {
    id: `ev:${cameo}`,
    doc_id: "d",
    evidence: { sentence, sentence_index: 0, start: 0, end: sentence.length, trigger: { text: "x", start: 0, end: 1 } },
    cameo,
    cameo_root: root,
    goldstein: 0,
    quad_class: quad,
    plover: { type: "OTHER", mode: null },
    acled: null,
    source: null,
    target: null,
    date: { value: "2020-05-01", precision: "day", basis: "stated", text: null },
    historical: false,
    location: null,
    fatalities: null,
    modality: "asserted",
    confidence: 0.5,
    rule: `rule.${cameo}`,
    ...over,
  };
}

function trig(sentence: string, at: number): EventRecord["evidence"] {
  return { sentence, sentence_index: 0, start: 0, end: sentence.length, trigger: { text: "x", start: at, end: at + 1 } };
}

function pair(id: string, gold: Record<string, unknown>, events: EventRecord[], extra: Partial<Prediction> = {}, text = ""): Pair {
  return { record: { id, text, date: null, gold }, predicted: { events, actors: [], places: [], ...extra } };
}

const metric = (s: SetScore, name: string) => s.metrics.find((m) => m.name === name)?.value;

describe("label mappings", () => {
  it("loads every scheme and picks the highest-priority entry", () => {
    const gtd = ctx.mappings.labelMap("gtd-attacktype");
    const events = [ev("190", "Gunmen attacked the convoy."), ev("1833", "A roadside bomb hit the convoy.")];
    expect(gtd.dominant(events)?.label).toBe("Bombing/Explosion");
    expect(gtd.dominant([ev("193", "Rebels opened fire and a grenade went off.")])?.label).toBe("Bombing/Explosion");
    expect(gtd.dominant([ev("193", "Rebels opened fire on the bus.")])?.label).toBe("Armed Assault");
    expect(gtd.dominant([ev("193", "Rebels opened fire.", { modality: "negated" })])).toBeNull();
    expect(ctx.mappings.lexicon("weapons").length).toBeGreaterThan(2);
    expect(() => ctx.mappings.labelMap("nope")).toThrow(/no mapping file/);
  });

  it("honours source constraints", () => {
    const ipe = ctx.mappings.labelMap("indiapolice");
    const police = actor("the police", { sector: "COP" });
    expect([...ipe.labelSet([ev("1823", "The police killed two men.", { source: police })]).keys()]).toEqual(expect.arrayContaining(["KILL", "ANY_ACTION"]));
    expect(ipe.labelSet([ev("1823", "A mob killed two men.", { source: actor("a mob") })]).has("KILL")).toBe(false);
    expect(ipe.labelSet([ev("173", "Ten men were arrested.")]).has("ARREST")).toBe(true);
  });
});

describe("scorers", () => {
  it("pentaclass: salient event, statement frame, spans", () => {
    const s = scorePentaclass(
      [
        pair("a", { pentaclass: 4, source_spans: ["the rebels"], target_spans: ["the garrison"] }, [
          ev("010", "The rebels shelled the garrison, officials said.", { evidence: trig("The rebels shelled the garrison, officials said.", 42) }),
          ev("194", "The rebels shelled the garrison, officials said.", { source: actor("rebels"), target: actor("the garrison"), evidence: trig("The rebels shelled the garrison, officials said.", 11) }),
        ]),
        pair("b", { pentaclass: 0 }, [ev("010", "The minister said the talks went well.")]),
        pair("c", { pentaclass: 1 }, []),
      ],
      ctx,
    );
    expect(metric(s, "accuracy")).toBeCloseTo(2 / 3);
    expect(metric(s, "source_span_recall")).toBe(1);
    expect(metric(s, "target_span_recall")).toBe(1);
    expect(s.errors[0].counts["no event"]).toBe(1);
  });

  it("case2021: sub-types, negatives and macro F1", () => {
    const s = scoreCase2021(
      [
        pair("a", { case_subtype: "AIR_STRIKE", in_acled_taxonomy: true }, [ev("190", "Warplanes struck the village.")]),
        pair("b", { case_subtype: "PEACE_PROTEST", in_acled_taxonomy: true }, [ev("141", "Teachers marched in the capital.")]),
        pair("c", { case_subtype: "NATURAL_DISASTER", in_acled_taxonomy: false }, []),
        pair("d", { case_subtype: "DIPLO", in_acled_taxonomy: false }, [ev("193", "Guards exchanged fire.")]),
      ],
      ctx,
    );
    expect(metric(s, "accuracy")).toBe(0.75);
    expect(metric(s, "negative_restraint")).toBe(0.5);
    const rows = s.tables[0].rows;
    expect(rows.find((r) => r.label === "AIR_STRIKE")?.f1).toBe(1);
    expect(rows.find((r) => r.label === "ARMED_CLASH")?.fp).toBe(1);
    expect(metric(s, "macro_f1")).toBeCloseTo(2 / 25);
  });

  it("satp: multi-label micro F1", () => {
    const s = scoreSatp(
      [pair("a", { armed_assault: 1, bombing_explosion: 1, kidnapping: 0, other: 0 }, [ev("193", "Militants fired on troops."), ev("183", "An IED exploded.")]), pair("b", { armed_assault: 0, bombing_explosion: 0, kidnapping: 1, other: 0 }, [])],
      ctx,
    );
    expect(metric(s, "micro_f1")).toBeCloseTo(0.8);
  });

  it("gtd: type, perpetrator, counts, city, date, distance", () => {
    const taliban = actor("Taliban", { name: "Taliban", kind: "organization" });
    const loc = { text: "Kunduz", name: "Kunduz", country: "AFG", admin1: "Kunduz", lat: 36.73, lon: 68.86, precision: "city" as const, geonames_id: null };
    const s = scoreGtd(
      [
        pair("a", { attacktype: "Armed Assault", gname: "Taliban", nkill: 3, nwound: 0, city: "Kunduz", provstate: "Kunduz", event_date: "2020-05-01", latitude: 36.7, longitude: 68.9 }, [
          ev("190", "Militants attacked a checkpoint.", { source: taliban, fatalities: { killed: 3, injured: null }, location: loc }),
        ], {}, "Militants attacked a checkpoint. The Taliban claimed it."),
        pair("unnamed", { gname: "Taliban" }, [], {}, "Gunmen attacked a post."),
        pair("b", { attacktype: "Unknown", gname: "Unknown", nkill: 1, nwound: null, city: "Herat", provstate: null, event_date: "2020-05-02", latitude: 34.3, longitude: 62.2 }, []),
      ],
      ctx,
    );
    expect(metric(s, "attack_type")).toBe(1);
    expect(s.metrics.find((m) => m.name === "attack_type")?.n).toBe(1);
    expect(s.metrics.find((m) => m.name === "perpetrator")).toMatchObject({ value: 1, n: 1 });
    expect(metric(s, "killed_exact")).toBe(0.5);
    expect(metric(s, "injured_exact")).toBe(1);
    expect(metric(s, "city_found")).toBe(0.5);
    expect(metric(s, "date_exact")).toBe(0.5);
    expect(metric(s, "within_25km")).toBe(0.5);
    expect(metric(s, "median_km")).toBeLessThan(10);
  });

  it("acled: old types, actor classes, fatalities", () => {
    const s = scoreAcled(
      [
        pair("a", { event_type: "Riots/Protests", actor1: "Protesters (Ruritania)", fatalities: 0, geo_precision: 1, latitude: 1, longitude: 1 }, [ev("141", "Students protested.", { source: actor("students"), acled: { event_type: "Protests", sub_event_type: "Peaceful protest" } })]),
        pair("b", { event_type: "Battle-No change of territory", actor1: "Military Forces of Ruritania", fatalities: 4, geo_precision: 3 }, [ev("193", "Troops fought rebels.", { source: actor("troops", { sector: "MIL" }), fatalities: { killed: 4, injured: null } })]),
      ],
      ctx,
    );
    expect(metric(s, "event_type")).toBe(1);
    // the students' protest names ACLED's "Protesters" by role; "troops" name the military class
    expect(metric(s, "actor1")).toBe(1);
    expect(metric(s, "fatalities_exact")).toBe(1);
    expect(s.metrics.find((m) => m.name === "within_25km")?.n).toBe(1);
  });

  it("acled: a row coded as a peaceful protest carries no fatalities, whatever killing its note protests", () => {
    const protest = { event_type: "Protests", sub_event_type: "Peaceful protest" };
    const vac = { event_type: "Violence against civilians", sub_event_type: "Attack" };
    const g = (event_type: string, fatalities: number) => ({ event_type, actor1: "Protesters (Ruritania)", fatalities, geo_precision: 3 });
    const s = scoreAcled(
      [
        // traders protest the killing of three colleagues: ACLED's protest row has no fatalities
        pair("a", g("Riots/Protests", 0), [
          ev("141", "Traders protested the killing of three colleagues.", { source: actor("traders"), acled: protest }),
          ev("1823", "Traders protested the killing of three colleagues.", { fatalities: { killed: 3, injured: null }, acled: vac }),
        ]),
        // when the coded row is the killing, its count stands
        pair("b", g("Violence against civilians", 3), [ev("1823", "Gunmen killed three traders.", { fatalities: { killed: 3, injured: null }, acled: vac })]),
      ],
      ctx,
    );
    expect(metric(s, "fatalities_exact")).toBe(1);
  });

  it("acled: actor 1 by ACLED's role conventions (protesters, rioters, unnamed perpetrators)", () => {
    const protest = { event_type: "Protests", sub_event_type: "Peaceful protest" };
    const riot = { event_type: "Riots", sub_event_type: "Violent demonstration" };
    const vac = { event_type: "Violence against civilians", sub_event_type: "Attack" };
    const g = (actor1: string) => ({ event_type: "Riots/Protests", actor1, fatalities: 0, geo_precision: 3 });
    const s = scoreAcled(
      [
        // a nurses' protest: ACLED's actor 1 is "Protesters", the nurses its associated actor
        pair("a", g("Protesters (Ruritania)"), [ev("141", "Nurses protested.", { source: actor("nurses", { sector: "HLH" }), acled: protest })]),
        // a protest with no coded source is still the protesters'
        pair("b", g("Protesters (Ruritania)"), [ev("141", "A protest took place.", { acled: protest })]),
        // a riot is the rioters', not the protesters'
        pair("c", g("Protesters (Ruritania)"), [ev("145", "Traders rioted.", { source: actor("traders"), acled: riot })]),
        pair("d", g("Rioters (Ruritania)"), [ev("145", "Traders rioted.", { source: actor("traders"), acled: riot })]),
        // an attack with no named perpetrator is an unidentified armed group's ...
        pair("e", g("Unidentified Armed Group (Ruritania)"), [ev("1823", "Two farmers were killed.", { acled: vac })]),
        // ... but not when the coder named another perpetrator
        pair("f", g("Unidentified Armed Group (Ruritania)"), [ev("1823", "Soldiers killed two farmers.", { source: actor("soldiers", { sector: "MIL" }), acled: vac })]),
        // and a missing source never stands for a named group
        pair("h", g("Military Forces of Ruritania"), [ev("1823", "Two farmers were killed.", { acled: vac })]),
      ],
      ctx,
    );
    expect(metric(s, "actor1")).toBeCloseTo(4 / 7);
  });

  it("acled: battles list state forces as actor 1 whichever side attacked", () => {
    const battle = { event_type: "Battles", sub_event_type: "Armed clash" };
    const g = (actor1: string) => ({ event_type: "Battle-No change of territory", actor1, fatalities: 0, geo_precision: 3 });
    const s = scoreAcled(
      [
        pair("a", g("Military Forces of Ruritania"), [ev("190", "Rebels attacked an army base.", { source: actor("rebels", { sector: "REB" }), target: actor("an army base", { sector: "MIL" }), acled: battle })]),
        // not in one-sided violence: the attacker stays actor 1
        pair("b", g("Military Forces of Ruritania"), [ev("190", "Rebels attacked an army base.", { source: actor("rebels", { sector: "REB" }), target: actor("an army base", { sector: "MIL" }), acled: { event_type: "Explosions/Remote violence", sub_event_type: "Shelling/artillery/missile attack" } })]),
        // the state force named by another battle event of the document
        pair("c", g("Military Forces of Ruritania"), [
          ev("190", "Rebels attacked the town.", { source: actor("rebels", { sector: "REB" }), acled: battle }),
          ev("193", "Troops fought back.", { source: actor("troops", { sector: "MIL" }), acled: battle }),
        ]),
      ],
      ctx,
    );
    expect(metric(s, "actor1")).toBeCloseTo(2 / 3);
  });

  it("indiapolice: per-label F1", () => {
    const police = actor("police", { sector: "COP" });
    const s = scoreIndiaPolice([pair("a", { doc_labels: ["ARREST", "ANY_ACTION"] }, [ev("173", "Police arrested five men.", { source: police })]), pair("b", { doc_labels: ["KILL", "ANY_ACTION"] }, [])], ctx);
    expect(metric(s, "arrest_f1")).toBe(1);
    expect(metric(s, "kill_f1")).toBe(0);
    expect(metric(s, "any_action_f1")).toBeCloseTo(2 / 3);
  });

  it("muc4: perpetrators, weapons, restraint", () => {
    const s = scoreMuc4(
      [
        pair("a", { perpetrator_organizations: [["THE PEOPLE'S ARMY", "PEOPLE'S ARMY"]], perpetrator_individuals: [], physical_targets: [], human_targets: [], weapons: [["DYNAMITE"], ["SPEAR"]] }, [
          ev("183", "THE PEOPLE'S ARMY PLANTED DYNAMITE AT THE BRIDGE.", { source: actor("PEOPLE'S ARMY") }),
        ]),
        pair("b", { perpetrator_organizations: [], perpetrator_individuals: [], physical_targets: [], human_targets: [], weapons: [] }, [ev("193", "TROOPS FIRED.")]),
      ],
      ctx,
    );
    expect(metric(s, "perpetrator_org_recall")).toBe(1);
    expect(metric(s, "weapon_recall")).toBe(0.5);
    expect(metric(s, "empty_doc_restraint")).toBe(0);
  });

  it("muc4: a source name containing the mention may be at most three words longer", () => {
    expect(namesMention("the urban commandos of the fmln", "fmln")).toBe(false);
    expect(namesMention("urban commandos of the fmln", "fmln")).toBe(false);
    expect(namesMention("commandos of the fmln", "fmln")).toBe(true);
    expect(namesMention("fmln", "fmln general command")).toBe(true);
    expect(namesMention("said the fmln and its front groups are", "fmln")).toBe(false);
    const s = scoreMuc4(
      [
        pair("a", { perpetrator_organizations: [["THE RED FRONT"]], perpetrator_individuals: [], physical_targets: [], human_targets: [], weapons: [] }, [
          ev("183", "OFFICIALS SAID THE RED FRONT AND ITS ALLIES PLANTED A BOMB.", { source: actor("OFFICIALS SAID THE RED FRONT AND ITS ALLIES") }),
        ]),
      ],
      ctx,
    );
    expect(metric(s, "perpetrator_org_recall")).toBe(0);
  });

  it("muc4: a source resolved to a named entity matches through the document's other mentions of it", () => {
    const gold = { perpetrator_organizations: [["PRF"]], perpetrator_individuals: [], physical_targets: [], human_targets: [], weapons: [] };
    const prf = { id: "group:prf", kind: "group" as const, name: "Popular Revolutionary Front" };
    const source = actor("THE REBELS", prf);
    const mentions = (coref: boolean) => ({
      actors: [
        { text: "THE PRF", name: prf.name, sector: "REB", country: null, id: prf.id, kind: "group", coref },
        { text: "THE REBELS", name: prf.name, sector: "REB", country: null, id: prf.id, kind: "group", coref: true },
      ],
    });
    const run = (p: Pair) => metric(scoreMuc4([p], ctx), "perpetrator_org_recall");
    // "THE PRF SAID ... THE REBELS BLEW UP A PYLON": the rebels are the PRF, which the text calls "PRF".
    expect(run(pair("a", gold, [ev("183", "THE REBELS BLEW UP A PYLON.", { source })], mentions(false)))).toBe(1);
    // A pronoun or description pointing back is no name of its own.
    expect(run(pair("b", gold, [ev("183", "THE REBELS BLEW UP A PYLON.", { source })], mentions(true)))).toBe(0);
    // Generic agents and states are not one entity across their mentions.
    const agent = actor("THE REBELS", { id: "agent:REB", kind: "group" });
    expect(run(pair("c", gold, [ev("183", "THE REBELS BLEW UP A PYLON.", { source: agent })], { actors: [{ text: "PRF", name: "rebels", sector: "REB", country: null, id: "agent:REB", kind: "group" }] }))).toBe(0);
    const state = actor("THE COUNTRY", { id: "state:PRF", kind: "state" });
    expect(run(pair("d", gold, [ev("183", "THE COUNTRY BLEW UP A PYLON.", { source: state })], { actors: [{ text: "PRF", name: "x", sector: null, country: "PRF", id: "state:PRF", kind: "state" }] }))).toBe(0);
  });

  it("petrarch: exact records and event F1", () => {
    const a = (code: string) => actor(code, { code });
    const s = scorePetrarch(
      [
        pair("a", { events: [{ source: "AAA", target: "BBB", cameo: "064" }], no_events_expected: false, category: "DEMO" }, [ev("064", "s", { source: a("AAA"), target: a("BBB") })]),
        pair("b", { events: [{ source: "AAA", target: "BBB", cameo: "064" }], no_events_expected: false, category: "DEMO" }, [ev("061", "s", { source: a("AAA"), target: a("BBB") })]),
        pair("c", { events: [], no_events_expected: true, category: "ERROR" }, []),
      ],
      ctx,
    );
    expect(metric(s, "exact_rate")).toBeCloseTo(2 / 3);
    expect(metric(s, "event_f1_full")).toBe(0.5);
    expect(metric(s, "event_f1_root")).toBe(1);
    expect(s.breakdowns[0].rows).toEqual([{ label: "DEMO", n: 2, value: 0.5 }, { label: "ERROR", n: 1, value: 1 }]);
  });

  it("ngec: country, sector and __not keys", () => {
    const kb = loadActorKB(join(ONTOLOGY_DIR, "actors"));
    const rec = (text: string, gold: Record<string, unknown>): GoldRecord => ({ id: text, text, date: null, gold });
    const army = rec("the Pakistani army", { expected: { country: "PAK", code_1: "MIL", country__not: "IND" } });
    const nobody = rec("zzqx", { expected: { country: "PAK", code_1: "GOV" } });
    const s = scoreNgec(
      [
        { record: army, actor: resolveActor(kb, army.text) },
        { record: nobody, actor: null },
      ],
      ctx,
      kb,
    );
    expect(metric(s, "country_accuracy")).toBe(0.5);
    expect(metric(s, "sector_accuracy")).toBe(0.5);
    expect(metric(s, "not_respected")).toBe(1);
    expect(s.worst.country_accuracy[0].id).toBe("zzqx");
  });

  it("recognises a user file's shape", () => {
    expect(setByShape({ id: "x", text: "", date: null, gold: { doc_labels: [] } })?.name).toBe("indiapolice");
    expect(setByShape({ id: "x", text: "", date: null, gold: { nothing: 1 } })).toBeUndefined();
  });
});
