/**
 * Label mappings (ontology/mappings/*.json): how outside label schemes are read off
 * the coder's events, and the word lists scorers use. Loaded once; matching is
 * Set look-ups per event.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EventRecord } from "../doc/index.js";
import { ONTOLOGY_DIR } from "../ontology/index.js";
import { loadAcledFatalityConventions, loadAcledRowFatalities, type AcledFatalityConventions, type AcledRowFatalities } from "../ontology/acled-fatalities.js";
import { norm, phraseSet } from "./text.js";

interface MappingEntryFile {
  id: string;
  label: string;
  cameo?: string[];
  acled?: string[];
  acled_event_types?: string[];
  plover?: string[];
  cues?: string[];
  source_sectors?: string[];
  source_cues?: string[];
  target_sectors?: string[];
  target_cues?: string[];
}

interface LexiconEntryFile {
  id: string;
  words: string[];
  sectors?: string[];
  role_sub_event_types?: string[];
  unnamed_event_types?: string[];
  leads_battles?: boolean;
}

/** One compiled mapping entry. */
export interface MappingEntry {
  id: string;
  label: string;
  /** Position in the file: lower wins when one label must be chosen. */
  rank: number;
  cameo: string[];
  acled: Set<string>;
  acledEventTypes: Set<string>;
  plover: Set<string>;
  cues: string[];
  source: ActorConstraint | null;
  target: ActorConstraint | null;
}

/** A sector or word constraint on an event's source or target actor. */
interface ActorConstraint {
  sectors: Set<string>;
  cues: string[];
}

/** Modalities under which an event counts as having happened. */
const FACTUAL = new Set(["asserted", "claimed", "alleged"]);

/** An event together with the mapping entry it matched. */
export interface LabelledEvent {
  label: string;
  entry: MappingEntry;
  event: EventRecord;
}

/** A label scheme read off events: priority-ordered entries. */
export class LabelMap {
  constructor(
    readonly scheme: string,
    /** The gold labels scored (others, such as GTD "Unknown", are left out). */
    readonly labels: string[],
    readonly entries: MappingEntry[],
    /** Multi-label use: each event yields only its first entry's label ("first") or every label it matches ("all"). */
    readonly perEvent: "first" | "all" = "all",
  ) {}

  /** The first entry `ev` matches (`phrases`: the evidence sentence's phrase set). */
  entryFor(ev: EventRecord, phrases: () => Set<string>): MappingEntry | null {
    for (const e of this.entries) if (entryMatches(e, ev, phrases)) return e;
    return null;
  }

  /** Every factual event with the first entry it matches, in text order. */
  labelled(events: readonly EventRecord[]): LabelledEvent[] {
    const phrases = sentencePhrases();
    const out: LabelledEvent[] = [];
    for (const ev of events) {
      if (!FACTUAL.has(ev.modality)) continue;
      const entry = this.entryFor(ev, () => phrases(ev));
      if (entry) out.push({ label: entry.label, entry, event: ev });
    }
    return out;
  }

  /** The document's one label: the matched entry of highest priority (ties: earliest event), or null. */
  dominant(events: readonly EventRecord[]): LabelledEvent | null {
    let best: LabelledEvent | null = null;
    for (const l of this.labelled(events)) if (!best || l.entry.rank < best.entry.rank) best = l;
    return best;
  }

  /** Every label some factual event matches (multi-label schemes), with the first event that did. */
  labelSet(events: readonly EventRecord[]): Map<string, LabelledEvent> {
    const phrases = sentencePhrases();
    const out = new Map<string, LabelledEvent>();
    for (const ev of events) {
      if (!FACTUAL.has(ev.modality)) continue;
      for (const e of this.entries) {
        if (!entryMatches(e, ev, () => phrases(ev))) continue;
        if (!out.has(e.label)) out.set(e.label, { label: e.label, entry: e, event: ev });
        if (this.perEvent === "first") break;
      }
    }
    return out;
  }
}

/** Phrase sets of evidence sentences, computed once per sentence. */
function sentencePhrases(): (ev: EventRecord) => Set<string> {
  const cache = new Map<string, Set<string>>();
  return (ev) => {
    const s = ev.evidence.sentence;
    let p = cache.get(s);
    if (!p) cache.set(s, (p = phraseSet(s)));
    return p;
  };
}

function hasAny(cues: readonly string[], phrases: Set<string>): boolean {
  for (const c of cues) if (phrases.has(c)) return true;
  return false;
}

function entryMatches(e: MappingEntry, ev: EventRecord, phrases: () => Set<string>): boolean {
  const typed = e.cameo.length > 0 || e.acled.size > 0 || e.acledEventTypes.size > 0 || e.plover.size > 0;
  if (typed) {
    const ok =
      e.cameo.some((p) => ev.cameo.startsWith(p)) ||
      (ev.acled !== null && (e.acled.has(ev.acled.sub_event_type) || e.acledEventTypes.has(ev.acled.event_type))) ||
      e.plover.has(ev.plover.type);
    if (!ok) return false;
  }
  if (e.source && !actorFits(e.source, ev.source)) return false;
  if (e.target && !actorFits(e.target, ev.target)) return false;
  return e.cues.length === 0 || hasAny(e.cues, phrases());
}

function actorFits(c: ActorConstraint, actor: EventRecord["source"]): boolean {
  if (!actor) return false;
  return (actor.sector !== null && c.sectors.has(actor.sector)) || hasAny(c.cues, phraseSet(`${actor.text} ${actor.name}`));
}

function constraint(sectors: string[] | undefined, cues: string[] | undefined): ActorConstraint | null {
  return sectors?.length || cues?.length ? { sectors: new Set(sectors ?? []), cues: normAll(cues) } : null;
}

/** A word list (weapon words, ACLED actor classes). */
export interface WordClass {
  id: string;
  /** Normalised words / phrases. */
  words: string[];
  sectors: Set<string>;
  /** ACLED sub-event types whose actor is this class by role, whatever the source is called. */
  roleSubEventTypes: Set<string>;
  /** ACLED event types in which an event without a source actor is this class. */
  unnamedEventTypes: Set<string>;
  /** ACLED lists this class first in a battle, whichever side attacked (state forces). */
  leadsBattles: boolean;
}

/** All mapping files of a folder, by scheme. */
export class Mappings {
  private readonly labelMaps = new Map<string, LabelMap>();
  private readonly lexicons = new Map<string, WordClass[]>();
  private acledFatalities: AcledFatalityConventions | null = null;
  private acledRows: AcledRowFatalities | null = null;

  /** Reads every `*.json` in `dir` (default: ontology/mappings). Throws with the file name on bad data. */
  constructor(
    dir: string = join(ONTOLOGY_DIR, "mappings"),
    private readonly ontologyDir: string = ONTOLOGY_DIR,
  ) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".json")).sort()) {
      const path = join(dir, f);
      let data: { scheme?: string; labels?: string[]; per_event?: "first" | "all"; entries?: unknown[]; $schema?: string };
      try {
        data = JSON.parse(readFileSync(path, "utf8")) as typeof data;
      } catch (err) {
        throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!data.scheme || !Array.isArray(data.entries)) throw new Error(`${path}: needs "scheme" and "entries"`);
      if (String(data.$schema).includes("mappings-lexicon")) this.lexicons.set(data.scheme, (data.entries as LexiconEntryFile[]).map(compileWordClass));
      else this.labelMaps.set(data.scheme, compileLabelMap(data.scheme, data.labels, data.entries as MappingEntryFile[], data.per_event));
    }
  }

  /** ACLED's numbers for vague fatality words (ontology/acled/fatality-conventions.json), read on first use. */
  acledFatalityConventions(): AcledFatalityConventions {
    return (this.acledFatalities ??= loadAcledFatalityConventions(this.ontologyDir));
  }

  /** ACLED sub-event types whose row carries a fixed fatality figure (a peaceful protest: 0). */
  acledRowFatalities(): AcledRowFatalities {
    return (this.acledRows ??= loadAcledRowFatalities(this.ontologyDir));
  }

  /** The label map of a scheme ("gtd-attacktype", "case2021-subtype", ...). */
  labelMap(scheme: string): LabelMap {
    const m = this.labelMaps.get(scheme);
    if (!m) throw new Error(`no mapping file with scheme "${scheme}" in ontology/mappings`);
    return m;
  }

  /** The word list of a scheme ("weapons", "acled-actor-classes"). */
  lexicon(scheme: string): WordClass[] {
    const l = this.lexicons.get(scheme);
    if (!l) throw new Error(`no word list with scheme "${scheme}" in ontology/mappings`);
    return l;
  }
}

const normAll = (xs: string[] | undefined): string[] => (xs ?? []).map(norm).filter(Boolean);

function compileLabelMap(scheme: string, labels: string[] | undefined, entries: MappingEntryFile[], perEvent?: "first" | "all"): LabelMap {
  const compiled = entries.map((e, rank) => ({
    id: e.id,
    label: e.label,
    rank,
    cameo: e.cameo ?? [],
    acled: new Set(e.acled ?? []),
    acledEventTypes: new Set(e.acled_event_types ?? []),
    plover: new Set(e.plover ?? []),
    cues: normAll(e.cues),
    source: constraint(e.source_sectors, e.source_cues),
    target: constraint(e.target_sectors, e.target_cues),
  }));
  return new LabelMap(scheme, labels ?? [...new Set(compiled.map((e) => e.label))], compiled, perEvent);
}

function compileWordClass(e: LexiconEntryFile): WordClass {
  return {
    id: e.id,
    words: normAll(e.words),
    sectors: new Set(e.sectors ?? []),
    roleSubEventTypes: new Set(e.role_sub_event_types ?? []),
    unnamedEventTypes: new Set(e.unnamed_event_types ?? []),
    leadsBattles: e.leads_battles === true,
  };
}
