/**
 * Stage 06 — patterns: event candidates from trigger patterns and clause structure.
 *
 * Per sentence, only tokens whose lemma is a trigger key start work. For each
 * trigger the best pattern gives the CAMEO code and the argument slots; the
 * arguments are actor mentions read from the clause (see clause.ts): the
 * subject (the by-agent in the passive), the object, a prepositional phrase, or
 * for a noun its possessor / the subject of a support verb ("carried out an
 * attack"). Then:
 *
 * - Compound actors: "Pakistan and China agreed" gives one candidate per actor
 *   (the product of source and target conjuncts); for a symmetric pattern with
 *   several sources and no target ("Afghan and Pakistani troops clashed", "India
 *   and China met"), the first acts on the others.
 * - Modality: verb-group cues ("did not", "would", "will"), clause cues ("if",
 *   "plans to", "accused of"), and embedding patterns ("accused X of", "denied",
 *   "threatened to", "claimed responsibility for") whose complement events take
 *   their modality and, lacking a source, the embedder's subject or object.
 * - Accidents: in a sentence naming a disaster or accident (ontology/patterns/
 *   accidents.json), violent readings without a source actor are dropped.
 * - Fatalities: counts next to casualty words attach to the nearest violent
 *   event of the sentence; a bare killing verb ("murdered") is folded into
 *   another violent event of its sentence ("the massacre ..., when the TTP
 *   murdered more than 130 children").
 * - Date: the dates stage's governing date of the trigger (one event per date
 *   for a plural noun with an enumeration of dated items); location: the
 *   nearest place of the sentence after a locative word that is not an actor;
 *   a region or country is narrowed to the most precise place the document
 *   names inside it.
 * - Confidence = specificity × completeness × modality weight (see `confidence`).
 */
import type { ActorMention, Doc, EventCandidate, EventDate, EventLocation, Fatalities, Modality, PlaceMention, Sentence, Span } from "../../doc/index.js";
import type { Pattern, PatternKnowledge, Slot } from "../../ontology/patterns.js";
import type { Stage } from "../../pipeline/index.js";
import { locativeCue } from "../04-places/index.js";
import { eventDateFor } from "../05-dates/index.js";
import { ClauseScratch, ClauseView } from "./clause.js";
import { casualties, cueAt, CueKinds, MODALITY_BIT, modalityCues, modalityHits, type CasualtyCue, type CueHit } from "./cues.js";
import { inflections, TriggerMatcher, type TriggerMatch } from "./match.js";

const VERB_SOURCE: Slot[] = ["subject"];
const VERB_TARGET: Slot[] = ["object"];
const NOUN_SOURCE: Slot[] = ["poss", "pp:by", "subject"];
const NOUN_TARGET: Slot[] = ["pp:on", "pp:against"];
/** Roots whose events can carry fatalities (assault, fight, mass violence; riots and repression). */
const VIOLENT = new Set(["18", "19", "20"]);
const VIOLENT_CODES = new Set(["145", "175"]);
const ENUMERATION = new CueKinds(["enumeration"]);
const ACCIDENT = new CueKinds(["accident"]);
/** Token distance added to a country name that modifies a noun, so that any other place of the sentence is preferred. */
const MODIFIER_PENALTY = 1000;
/** Geographic precision, finest first. */
const PRECISION_RANK: Readonly<Record<EventLocation["precision"], number>> = { point: 0, city: 0, admin2: 1, admin1: 2, country: 3 };

/** Whether a place lies inside a region or country (same country, and the region's admin1 when the outer place is one). */
function inside(p: EventLocation, outer: EventLocation): boolean {
  if (!p.country || p.country !== outer.country) return false;
  if (outer.precision === "country") return true;
  return outer.precision === "admin1" && p.admin1 !== null && p.admin1 === outer.admin1;
}
/**
 * Whether a place mention is an actor rather than a location: an actor (not a metonym) starts
 * with it ("Pakistan said"). A place mention that runs past the actor's end is the longer name
 * and stays a place: in "in Donga Local Government Area" the words "Donga Local Government"
 * may read as a council, but the designator "Area" makes the whole a place.
 */
function isActorPlace(view: ClauseView, pl: PlaceMention): boolean {
  const actor = view.actorAt(pl.tokenStart);
  return actor !== null && actor.how !== "metonym" && actor.tokenStart === pl.tokenStart && actor.tokenEnd >= pl.tokenEnd;
}

/** How far (tokens) an embedding trigger reaches into its complement. */
const EMBED_REACH = 24;

const MODALITY_WEIGHT: Record<Modality, number> = {
  asserted: 1,
  claimed: 0.9,
  future: 0.85,
  alleged: 0.8,
  denied: 0.8,
  negated: 0.8,
  hypothetical: 0.7,
};

/**
 * Confidence in [0, 1]: pattern specificity (0.6 for a bare trigger lemma, up
 * to 1.0 with particle / context constraints) × argument completeness (0.6 with
 * neither source nor target, 0.8 with one, 1.0 with both) × a modality weight
 * (asserted 1, claimed 0.9, future 0.85, alleged/denied/negated 0.8, hypothetical 0.7).
 */
export function confidenceOf(p: Pattern, hasSource: boolean, hasTarget: boolean, modality: Modality): number {
  const spec = Math.min(1, 0.5 + 0.1 * (p.specificity ?? 1));
  const comp = 0.6 + (hasSource ? 0.2 : 0) + (hasTarget ? 0.2 : 0);
  return Math.round(spec * comp * MODALITY_WEIGHT[modality] * 100) / 100;
}

/** `isViolent`'s answers by code (the stage asks it of the same few codes for every reading and candidate). */
const violentByCode = new Map<string, boolean>();

/** Whether events of this code can carry fatalities (roots 18-20, riots, violent repression). */
export function isViolent(cameo: string): boolean {
  let v = violentByCode.get(cameo);
  if (v === undefined) {
    v = VIOLENT.has(cameo.slice(0, 2)) || VIOLENT_CODES.has(cameo.slice(0, 3));
    // Codes come from the loaded knowledge, but a caller may pass any string: keep the memo small.
    if (violentByCode.size >= 10_000) violentByCode.clear();
    violentByCode.set(cameo, v);
  }
  return v;
}

const NONE: ActorMention[] = [];
/** What a sentence without places or candidates gets (never changed). */
const NO_PLACES: readonly PlaceMention[] = [];
const NO_CANDIDATES: EventCandidate[] = [];
const NO_FATALITIES: ReadonlyMap<Reading, Fatalities> = new Map();
/** The one "actor" of an empty side of a pair. */
const NO_ACTOR: readonly null[] = [null];

/** The preposition of each "pp:" slot seen ("pp:by" → "by"): cut once, not per look-up (a new string is hashed anew). */
const slotPreps = new Map<Slot, string>();
function prepOf(sl: Slot): string {
  let p = slotPreps.get(sl);
  if (p === undefined) {
    p = sl.slice(3);
    // Slots come from the loaded patterns: few; kept small should a caller pass others.
    if (slotPreps.size >= 1000) slotPreps.clear();
    slotPreps.set(sl, p);
  }
  return p;
}

/** What slot look-ups of one trigger share. */
interface TriggerContext {
  view: ClauseView;
  s: Sentence;
  match: TriggerMatch;
  isVerb: boolean;
  passive: boolean;
  /** First token of the verb group (or two tokens before a noun trigger). */
  g: number;
}

/** The actors right of the trigger governed by preposition `key` ("": none), or NONE. */
function right(c: TriggerContext, key: string): ActorMention[] {
  return c.view.rightArgument(c.match.last + 1, c.s, key) ?? NONE;
}

/** A bare killing at token i folded into the reading `host` (see foldCasualties). */
interface Fold {
  i: number;
  host: Reading;
}

/** One trigger's reading before it is split per actor. */
interface Reading {
  match: TriggerMatch;
  sources: ActorMention[];
  targets: ActorMention[];
  modality: Modality;
  /** `isViolent` of the pattern's code (asked of a reading several times). */
  violent: boolean;
}

function span(doc: Doc, i: number): Span {
  const t = doc.tokens[i];
  return { tokenStart: i, tokenEnd: i + 1, start: t.start, end: t.end, text: t.text };
}

/** Finds the event candidates of a document with the loaded patterns. */
export class PatternCoder {
  private readonly matcher: TriggerMatcher;
  /** Support verbs and their inflected forms. */
  private readonly support: Set<string>;

  /** Ids of the patterns of bare killing verbs (`casualty`). */
  private readonly casualtyRules: Set<string>;
  /** The arrays of each document's ClauseView, reused (a view lives only during `candidates`). */
  private readonly scratch = new ClauseScratch();
  /** The current reading's source/target pairs (see `pairs`); reused. */
  private readonly pairBuf: (ActorMention | null)[] = [];

  constructor(private readonly pk: PatternKnowledge) {
    this.matcher = new TriggerMatcher(pk);
    this.casualtyRules = new Set(pk.patterns.filter((p) => p.casualty).map((p) => p.id));
    this.support = new Set([...pk.supportVerbs].flatMap((v) => [v, ...inflections(v)]));
  }

  /** All candidates of a document (tokens, sentences, actors, places and dates filled). */
  candidates(doc: Doc): EventCandidate[] {
    const view = new ClauseView(doc, this.scratch);
    const places = placesBySentence(doc);
    const out: EventCandidate[] = [];
    const incident = new IncidentFolder(this.casualtyRules);
    for (const s of doc.sentences) {
      // The tokens that start a cue, read with the triggers, for the sentence's cue scans.
      const starts: number[] = [];
      const matches = withoutFallbacks(this.matcher.matchSentence(doc.tokens, s, starts));
      let found = NO_CANDIDATES;
      if (matches.length > 0) {
        const readings: Reading[] = [];
        const hits = modalityHits(this.pk, doc.tokens, s, starts);
        for (const m of matches) readings.push(this.read(view, m, s, readings, hits));
        const kept = readings.some((r) => r.violent) && this.accidental(doc, s, starts) ? readings.filter((r) => r.sources.length > 0 || !r.violent) : readings;
        found = incident.fold(s.index, this.finish(doc, view, s, kept, places[s.index] ?? NO_PLACES, starts), () => this.tallyMode(doc, s, starts));
        for (const c of found) out.push(c);
      }
      // "Gunmen attacked the village. Six deaths were reported.": counts of a sentence with no violent event belong to the incident just told.
      if (incident.open(s.index) && !found.some((c) => isViolent(c.cameo))) {
        const counts: Fatalities = { killed: null, injured: null };
        for (const c of casualties(this.pk, doc.tokens, s, starts)) addCue(counts, c);
        if (counts.killed !== null || counts.injured !== null || counts.killed_vague) incident.addCounts(counts, this.tallyMode(doc, s, starts));
      }
    }
    return out;
  }

  /**
   * How a later sentence's counts combine with the counts of the incident told before
   * (ontology/patterns/fatalities.json, fat.tally.*): a revision ("the toll was later
   * revised to 40") replaces them, another source's figure ("some reports put the toll at
   * 30") keeps the lower one, as ACLED and GTD keep the conservative figure of conflicting
   * reports; otherwise each kind keeps the larger stated number (the same toll told twice).
   * (Adding a sentence's count on "also" / "other" was tried and lost more than it won on
   * GTD summaries, where such sentences mostly restate the toll.)
   */
  private tallyMode(doc: Doc, s: Sentence, starts: readonly number[]): TallyMode {
    let mode: TallyMode = "max";
    for (const i of starts) {
      const c = cueAt(this.pk, doc.tokens, i, s.tokenEnd, TALLY);
      if (!c) continue;
      const kind = TALLY_MODE[c.cue.kind];
      if (TALLY_RANK[kind] > TALLY_RANK[mode]) mode = kind;
    }
    return mode;
  }

  /** Whether the sentence names a disaster or accident (then violence without a source actor is no event). */
  private accidental(doc: Doc, s: Sentence, starts: readonly number[]): boolean {
    for (const i of starts) if (cueAt(this.pk, doc.tokens, i, s.tokenEnd, ACCIDENT)) return true;
    return false;
  }

  /** Arguments and modality of one trigger. */
  private read(view: ClauseView, match: TriggerMatch, s: Sentence, earlier: Reading[], hits: readonly CueHit[]): Reading {
    const p = match.pattern;
    const isVerb = p.trigger.pos === "VERB";
    const c: TriggerContext = {
      view,
      s,
      match,
      isVerb,
      passive: isVerb && view.isPassive(match.i, s),
      g: isVerb ? view.groupStart(match.i, s) : Math.max(s.tokenStart, match.i - 2),
    };
    let sources = this.fill(c, p.frame?.source ?? (isVerb ? VERB_SOURCE : NOUN_SOURCE));
    let targets = this.fill(c, p.frame?.target ?? (isVerb ? VERB_TARGET : NOUN_TARGET));
    const embedder = this.embedderOf(view, match.i, earlier);
    if (sources.length === 0 && embedder?.match.pattern.embeds?.source) {
      sources = embedder.match.pattern.embeds.source === "object" ? embedder.targets : embedder.sources;
    }
    if (sources.length > 0 && targets.length > 0) targets = targets.filter((t) => !sources.includes(t));
    const modality = this.modality(view, match.i, c.g, s, embedder, hits);
    return { match, sources, targets, modality, violent: isViolent(p.cameo) };
  }

  /** The actors of the first slot that has any. */
  private fill(c: TriggerContext, slots: readonly Slot[]): ActorMention[] {
    for (const sl of slots) {
      const found = this.slot(c, sl);
      if (found.length > 0) return found;
    }
    return NONE;
  }

  private slot(c: TriggerContext, sl: Slot): ActorMention[] {
    const { view, s, match, isVerb, passive, g } = c;
    const i = match.i;
    if (sl === "subject") {
      if (isVerb) return passive ? right(c, "by") : view.subject(g, s);
      // Only a support verb's object takes its subject ("launched an operation", not "imposed a curfew after the riots").
      const prep = view.nounPrep(i, s);
      if (prep && prep !== "of") return NONE;
      const v = view.governingVerb(i, s);
      if (v < 0 || !(this.support.has(view.tokens[v].lemma) || this.support.has(view.tokens[v].lower))) return NONE;
      return view.isPassive(v, s) ? (view.rightArgument(v + 1, s, "by") ?? NONE) : view.subject(view.groupStart(v, s), s);
    }
    if (sl === "object") {
      if (isVerb) return passive ? view.subject(g, s) : right(c, "");
      const v = view.governingVerb(i, s);
      return v < 0 ? NONE : (view.rightArgument(v + 1, s, "") ?? NONE).filter((m) => m.tokenEnd <= i);
    }
    if (sl === "poss") return isVerb ? NONE : view.possessor(i, s);
    if (sl === "comp") return view.complementSubject(match.last + 1, s);
    return right(c, prepOf(sl));
  }

  /** The nearest earlier trigger in the sentence whose pattern embeds a complement reaching token i. */
  private embedderOf(view: ClauseView, i: number, earlier: Reading[]): Reading | null {
    for (let k = earlier.length - 1; k >= 0; k--) {
      const r = earlier[k];
      if (!r.match.pattern.embeds) continue;
      if (i - r.match.last > EMBED_REACH) return null;
      for (let j = r.match.last + 1; j < i; j++) {
        const t = view.tokens[j];
        if (t.text === ";" || (t.pos === "SCONJ" && t.lower !== "that")) return null;
      }
      return r;
    }
    return null;
  }

  /** Precedence: negated, hypothetical (verb group) > embedding > clause negation > alleged > future > clause hypothetical. */
  private modality(view: ClauseView, i: number, g: number, s: Sentence, embedder: Reading | null, hits: readonly CueHit[]): Modality {
    // Most sentences have no modality cue: the embedder alone decides.
    if (hits.length === 0) return embedder?.match.pattern.embeds ? embedder.match.pattern.embeds.modality : "asserted";
    const cs = view.clauseStart(g, s);
    const cues = modalityCues(hits, cs, g, i);
    // A clause opened by "if"/"unless" starts after that word: look one token further left.
    if (cs > s.tokenStart) cues.clause |= modalityCues(hits, cs - 1, cs, cs).clause;
    const group = cues.group;
    const clause = cues.clause;
    if (group & MODALITY_BIT.negated) return "negated";
    if (group & MODALITY_BIT.hypothetical) return "hypothetical";
    if (embedder?.match.pattern.embeds) return embedder.match.pattern.embeds.modality;
    if (clause & MODALITY_BIT.negated) return "negated";
    if ((group | clause) & MODALITY_BIT.alleged) return "alleged";
    if ((group | clause) & MODALITY_BIT.future) return "future";
    if (clause & MODALITY_BIT.hypothetical) return "hypothetical";
    return "asserted";
  }

  /** Fold killings, attach fatalities, dates and places, and split readings per actor. */
  private finish(doc: Doc, view: ClauseView, s: Sentence, all: Reading[], places: readonly PlaceMention[], starts: readonly number[]): EventCandidate[] {
    const folded: Fold[] = [];
    const kept = foldCasualties(foldEventSubjects(view, s, dropAnnouncements(view, s, all)), folded);
    const fatal = this.fatalities(view, s, kept, folded, starts);
    const out: EventCandidate[] = [];
    for (const r of kept) {
      const p = r.match.pattern;
      const trigger = span(doc, r.match.i);
      const location = this.location(doc, view, places, r.match.i);
      const fatalities = fatal.get(r) ?? null;
      for (const { date, historical } of this.dates(doc, view, s, r)) {
        const n = pairs(r.sources, r.targets, p.symmetric === true, this.pairBuf);
        for (let k = 0; k < n; k++) {
          const source = this.pairBuf[2 * k];
          const target = this.pairBuf[2 * k + 1];
          const confidence = confidenceOf(p, !!source, !!target, r.modality);
          out.push({ rule: p.id, cameo: p.cameo, sentence: s.index, trigger, source, target, modality: r.modality, date, historical, location, fatalities, confidence });
        }
      }
    }
    return out;
  }

  /**
   * Counts next to casualty words, given to the nearest violent reading of the
   * sentence, or, when a killing folded into an event is nearer, to that event.
   */
  private fatalities(view: ClauseView, s: Sentence, readings: Reading[], folded: readonly Fold[], starts: readonly number[]): ReadonlyMap<Reading, Fatalities> {
    const hosts = readings.filter((r) => r.violent);
    if (hosts.length === 0) return NO_FATALITIES;
    const out = new Map<Reading, Fatalities>();
    for (const c of casualties(this.pk, view.tokens, s, starts)) {
      if (c.count === null && !(c.kind === "killed" && c.vague)) continue;
      let host = nearest(hosts, c.i);
      for (const f of folded) if (Math.abs(f.i - c.i) < Math.abs(host.match.i - c.i) && hosts.includes(f.host)) host = f.host;
      const f = out.get(host) ?? { killed: null, injured: null };
      addCue(f, c);
      out.set(host, f);
    }
    return out;
  }

  /**
   * The date(s) of a reading: the governing date of its trigger, or — for a
   * plural noun followed by an enumeration of dated items ("operations such as
   * A (2014), B (2017) and C (2024)") — one date per item.
   */
  private dates(doc: Doc, view: ClauseView, s: Sentence, r: Reading): { date: EventDate; historical: boolean }[] {
    const i = r.match.i;
    const t = view.tokens[i];
    if (r.match.pattern.trigger.pos === "NOUN" && t.lower !== t.lemma && datesAfter(doc, i, s.tokenEnd) > 1) {
      const after = doc.dates.filter((d) => d.tokenStart > i && d.tokenStart < s.tokenEnd);
      if (this.enumerationBetween(view, i + 1, after[0].tokenStart)) {
        return after.map((d) => ({ date: { ...d.date }, historical: d.historical }));
      }
    }
    return [eventDateFor(doc, s.index, i)];
  }

  private enumerationBetween(view: ClauseView, a: number, b: number): boolean {
    for (let k = a; k < b; k++) if (cueAt(this.pk, view.tokens, k, b, ENUMERATION)) return true;
    return false;
  }

  /** The place of the trigger's sentence nearest the trigger that follows a locative word and is no actor. */
  private location(doc: Doc, view: ClauseView, places: readonly PlaceMention[], i: number): EventCandidate["location"] {
    let best: EventCandidate["location"] = null;
    let bestDist = Infinity;
    for (const pl of places) {
      // A place that is itself an actor ("Pakistan said") is no location; one inside a larger
      // mention ("suspects in Lahore") or a capital after a locative word ("in Islamabad") is.
      if (pl.metonym || isActorPlace(view, pl)) continue;
      if (!locativeCue(doc, pl)) continue;
      let d = pl.tokenStart > i ? pl.tokenStart - i : i - pl.tokenEnd + 1.5;
      // A country name modifying a following noun ("the United States Embassy in Lagos") yields to another place of the sentence.
      const next = view.tokens[pl.tokenEnd];
      if (pl.location.precision === "country" && next && (next.pos === "NOUN" || next.pos === "PROPN")) d += MODIFIER_PENALTY;
      if (d < bestDist) {
        bestDist = d;
        best = pl.location;
      }
    }
    best ??= this.groupPlace(view, places, i);
    return best && best.precision !== "city" && best.precision !== "point" ? (this.finer(doc, view, best, i) ?? best) : best;
  }

  /**
   * "Jos residents marched to the governor's office", "Imo State lawmakers protested": with no
   * place after a locative word, the event happens where the sentence's actors are said to be
   * from: the place inside an actor phrase nearest the trigger (not a country: "Pakistan army").
   */
  private groupPlace(view: ClauseView, places: readonly PlaceMention[], i: number): EventLocation | null {
    let best: EventLocation | null = null;
    let bestDist = Infinity;
    for (const pl of places) {
      if (pl.metonym || pl.location.precision === "country") continue;
      const actor = view.actorAt(pl.tokenStart);
      if (!actor || actor.how === "metonym" || actor.tokenEnd - actor.tokenStart <= pl.tokenEnd - pl.tokenStart) continue;
      const d = pl.tokenStart > i ? pl.tokenStart - i : i - pl.tokenEnd;
      if (d < bestDist) {
        bestDist = d;
        best = pl.location;
      }
    }
    return best;
  }

  /**
   * "Herders attacked villages in Benue State. Most of the dead were in Agatu.": an event placed
   * at a region or country is placed at the most precise place the document names inside it
   * (the nearest to the trigger among equally precise ones), as event coders geocode the most
   * specific location reported. Places that are actors or metonyms do not count, nor places of
   * other sentences that follow no locative word.
   */
  private finer(doc: Doc, view: ClauseView, coarse: EventLocation, i: number): EventLocation | null {
    let best: EventLocation | null = null;
    let bestKey = Infinity;
    for (const pl of doc.places) {
      const loc = pl.location;
      if (PRECISION_RANK[loc.precision] >= PRECISION_RANK[coarse.precision] || !inside(loc, coarse)) continue;
      // A place of the trigger's own sentence need not follow a locative word ("stormed the headquarters of Geidam LGA of Yobe State").
      if (pl.metonym || isActorPlace(view, pl) || !(locativeCue(doc, pl) || doc.tokens[pl.tokenStart].sent === doc.tokens[i].sent)) continue;
      const key = PRECISION_RANK[loc.precision] * 1e6 + Math.abs(pl.tokenStart - i);
      if (key < bestKey) {
        bestKey = key;
        best = loc;
      }
    }
    return best;
  }
}

/**
 * A violent verb whose subject is a violent event noun ("air strikes hit the
 * district", "a bomb struck the convoy") describes that event: it is folded into
 * the noun's reading (which takes its target when it has none).
 */
function foldEventSubjects(view: ClauseView, s: Sentence, rs: Reading[]): Reading[] {
  // The readings kept, made at the first fold (until then they are rs's first k; most sentences fold none).
  let out: Reading[] | null = null;
  for (let k = 0; k < rs.length; k++) {
    const r = rs[k];
    const prev = out === null ? rs[k - 1] : out[out.length - 1];
    const p = r.match.pattern;
    if (prev && p.trigger.pos === "VERB" && r.violent && prev.match.pattern.trigger.pos === "NOUN" && prev.violent) {
      const g = view.groupStart(r.match.i, s);
      let adjacent = g - prev.match.i <= 3;
      for (let k = prev.match.i + 1; k < g && adjacent; k++) adjacent = !view.actorAt(k) && !view.isBoundary(k) && view.tokens[k].text !== ",";
      if (adjacent) {
        if (prev.sources.length === 0) prev.sources = r.sources;
        if (prev.targets.length === 0) prev.targets = r.targets.filter((t) => !prev.sources.includes(t));
        out ??= rs.slice(0, k);
        continue;
      }
    }
    if (out !== null) out.push(r);
  }
  return out ?? rs;
}

/**
 * A statement verb whose direct object is an event noun announces that event
 * ("declared a ceasefire", "announced new sanctions", "announced the release of"):
 * the noun's reading is the event, so the statement reading is dropped.
 */
function dropAnnouncements(view: ClauseView, s: Sentence, rs: Reading[]): Reading[] {
  // Made on the first announced noun (most sentences have none).
  let announcers: Set<number> | null = null;
  for (const r of rs) {
    if (r.match.pattern.trigger.pos !== "NOUN") continue;
    const prep = view.nounPrep(r.match.i, s);
    if (!prep || prep === "of") (announcers ??= new Set<number>()).add(view.governingVerb(r.match.i, s));
  }
  if (announcers === null) return rs;
  const announced: ReadonlySet<number> = announcers;
  const announces = (r: Reading) => {
    const p = r.match.pattern;
    return p.cameo.startsWith("01") && !p.embeds && p.trigger.pos === "VERB" && announced.has(r.match.i);
  };
  // A copy only when some reading goes.
  return rs.some(announces) ? rs.filter((r) => !announces(r)) : rs;
}

/** How many sentences back a bare killing may find the incident it belongs to. */
const INCIDENT_REACH = 2;

/**
 * Folds a bare killing without a source actor into the violent event of a
 * sentence or two before ("Militants attacked a post in Bannu. Two guards were
 * killed."): it reports that incident's toll, not a separate killing.
 */
class IncidentFolder {
  private host: EventCandidate[] = [];
  private hostSentence = -Infinity;

  constructor(private readonly casualtyRules: ReadonlySet<string>) {}

  /** A sentence's candidates, without the killings folded into an earlier incident. */
  fold(sentence: number, cands: EventCandidate[], modeOf: () => TallyMode = () => "max"): EventCandidate[] {
    // The trigger of the sentence's last violent candidate (not a bare killing), or -1.
    let last = -1;
    for (const c of cands) if (this.isHost(c)) last = c.trigger.start;
    if (last >= 0) {
      this.host = cands.filter((c) => c.trigger.start === last && this.isHost(c));
      this.hostSentence = sentence;
      return cands;
    }
    if (!this.open(sentence) || !cands.some((c) => this.folds(c))) return cands;
    // The sentence's tally mode, looked for only when a killing is folded (rarely).
    let mode: TallyMode | null = null;
    return cands.filter((c) => {
      if (!this.folds(c)) return true;
      mode ??= modeOf();
      for (const h of this.host) h.fatalities = mergeCounts(h.fatalities ?? null, c.fatalities ?? null, mode);
      return false;
    });
  }

  /** Whether a candidate is a bare killing (asserted, without a source) that an open incident takes in. */
  private folds(c: EventCandidate): boolean {
    return this.casualtyRules.has(c.rule) && !c.source && c.modality === "asserted";
  }

  /** Whether a candidate can host the counts of later sentences: violent, not a bare killing. */
  private isHost(c: EventCandidate): boolean {
    return isViolent(c.cameo) && !this.casualtyRules.has(c.rule);
  }

  /** Whether an incident told in an earlier sentence is still within reach of `sentence`. */
  open(sentence: number): boolean {
    return this.host.length > 0 && sentence - this.hostSentence <= INCIDENT_REACH;
  }

  /** Counts read in a later sentence with no violent event of its own, given to the open incident. */
  addCounts(counts: Counts, mode: TallyMode = "max"): void {
    for (const h of this.host) h.fatalities = mergeCounts(h.fatalities ?? null, counts, mode);
  }
}

type Counts = EventCandidate["fatalities"];

/** How a later statement of an incident's counts combines with the earlier one (see PatternCoder.tallyMode). */
type TallyMode = "max" | "lower" | "revise";
const TALLY = new CueKinds(["tally-conflict", "tally-revision"]);
const TALLY_MODE: Readonly<Record<string, TallyMode>> = { "tally-conflict": "lower", "tally-revision": "revise" };
/** Which cue decides when a sentence has several: a revision over a conflicting source. */
const TALLY_RANK: Readonly<Record<TallyMode, number>> = { max: 0, lower: 1, revise: 2 };

/** Counts of one incident read in two places (b after a): by default each kind keeps the larger stated number. */
function mergeCounts(a: Counts, b: Counts, mode: TallyMode = "max"): Counts {
  if (!a || !b) return a ?? b;
  const max = (x: number | null, y: number | null) => {
    if (x === null || y === null) return x ?? y;
    if (mode === "lower") return Math.min(x, y);
    if (mode === "revise") return y;
    return Math.max(x, y);
  };
  const out: Fatalities = { killed: max(a.killed, b.killed), injured: max(a.injured, b.injured) };
  const vague = a.killed_vague ?? b.killed_vague;
  if (out.killed === null && vague) out.killed_vague = vague;
  return out;
}

/** A casualty cue's count into a sentence's counts: the first stated count of each kind; a vague killed count only while no number is stated. */
function addCue(f: Fatalities, c: CasualtyCue): void {
  if (c.count !== null) {
    if (f[c.kind] === null) f[c.kind] = c.count;
    if (c.kind === "killed") delete f.killed_vague;
  } else if (c.kind === "killed" && c.vague && f.killed === null && !f.killed_vague) f.killed_vague = c.vague;
}

/** A sentence's matches without its fallback patterns' ones, unless those are all there is. */
function withoutFallbacks(ms: TriggerMatch[]): TriggerMatch[] {
  if (!ms.some((m) => m.pattern.fallback)) return ms;
  const firm = ms.filter((m) => !m.pattern.fallback);
  return firm.length > 0 ? firm : ms;
}

/** How many of the document's dates start in tokens (i, end) (counted, not listed: most plural nouns have none after them). */
function datesAfter(doc: Doc, i: number, end: number): number {
  let n = 0;
  for (const d of doc.dates) if (d.tokenStart > i && d.tokenStart < end) n++;
  return n;
}

/** A document's place mentions grouped by sentence index (undefined for a sentence without any). */
function placesBySentence(doc: Doc): (PlaceMention[] | undefined)[] {
  const out: (PlaceMention[] | undefined)[] = [];
  for (const pl of doc.places) {
    const t = doc.tokens[pl.tokenStart];
    if (!t) continue;
    // Filled up to the sentence first: an array written far past its end turns into a dictionary.
    while (out.length <= t.sent) out.push(undefined);
    (out[t.sent] ??= []).push(pl);
  }
  return out;
}

/**
 * A bare killing verb beside another violent event of its sentence is that event's
 * casualty count: fold it in, preferring the event of the killing's own agent
 * ("repelled a raid, killing 21": the repelling, not the raid). `folded` records
 * each folded trigger and its host, in order (a list, not a map: most sentences fold none).
 */
function foldCasualties(readings: Reading[], folded: Fold[]): Reading[] {
  if (!readings.some((r) => r.match.pattern.casualty)) return readings;
  const violent = readings.filter((r) => r.violent && !r.match.pattern.casualty);
  if (violent.length === 0) return readings;
  return readings.filter((r) => {
    if (!r.match.pattern.casualty) return true;
    const own = r.sources.length > 0 ? violent.filter((h) => h.sources.some((m) => r.sources.includes(m))) : [];
    const host = nearest(own.length > 0 ? own : violent, r.match.i);
    folded.push({ i: r.match.i, host });
    if (host.sources.length === 0) host.sources = r.sources;
    if (host.targets.length === 0) host.targets = r.targets.filter((t) => !host.sources.includes(t));
    return false;
  });
}

function nearest(rs: Reading[], i: number): Reading {
  let best = rs[0];
  for (const r of rs) if (Math.abs(r.match.i - i) < Math.abs(best.match.i - i)) best = r;
  return best;
}

/**
 * Source × target pairs; for a symmetric pattern with several sources and no target, the first
 * acts on the others. Written flat into `buf` from its start (source, target, source, target,
 * ...: a buffer the caller reuses, as most readings give one or two pairs); returns their number.
 */
function pairs(sources: ActorMention[], targets: ActorMention[], symmetric: boolean, buf: (ActorMention | null)[]): number {
  let n = 0;
  if (symmetric && sources.length > 1 && targets.length === 0) {
    for (let k = 1; k < sources.length; k++) {
      buf[n++] = sources[0];
      buf[n++] = sources[k];
    }
    return n >> 1;
  }
  const src = sources.length > 0 ? sources : NO_ACTOR;
  const tgt = targets.length > 0 ? targets : NO_ACTOR;
  for (const a of src) {
    for (const b of tgt) {
      if (a && b && a.id === b.id && a.start === b.start) continue;
      buf[n++] = a;
      buf[n++] = b;
    }
  }
  return n >> 1;
}

/** Build the patterns stage from the loaded patterns. */
export function patternsStage(pk: PatternKnowledge): Stage {
  const coder = new PatternCoder(pk);
  return {
    name: "patterns",
    requires: ["tokens", "sentences", "actors", "places", "dates"],
    assigns: ["candidates"],
    run(doc: Doc) {
      doc.candidates = coder.candidates(doc);
    },
  };
}
