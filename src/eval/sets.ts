/**
 * The gold sets the evaluation knows: which dev file each names (by prefix), how
 * its records are fed to the coder, and which scorer reads the result. A JSONL file
 * a user brings is matched to a scorer by the keys of its first record's `gold`.
 */
import type { GoldRecord, Pair, ResolutionPair, SetScore } from "./types.js";
import type { ScoreContext } from "./scorers/common.js";
import { scorePentaclass } from "./scorers/pentaclass.js";
import { scoreCase2021 } from "./scorers/case2021.js";
import { scoreSatp } from "./scorers/satp.js";
import { scoreGtd } from "./scorers/gtd.js";
import { scoreAcled } from "./scorers/acled.js";
import { scoreIndiaPolice } from "./scorers/indiapolice.js";
import { scoreMuc4 } from "./scorers/muc4.js";
import { scorePetrarch } from "./scorers/petrarch.js";
import { resolutionDate, scoreNgec } from "./scorers/ngec.js";
import type { ActorKB } from "../ontology/actors/index.js";

interface BaseSet {
  /** Short name used on the command line and in the scorecard. */
  name: string;
  /** Dev file name prefix. */
  prefix: string;
  /** The gold key whose presence identifies this shape in a user's file. */
  shapeKey: string;
  /** Split scored unless `--split` says otherwise (records without a split are all kept). */
  defaultSplit?: string;
}

/** A set run through the coder (with the built-in knowledge, or with the set's own dictionaries). */
export interface CoderSet extends BaseSet {
  input: "coder" | "dictionaries";
  /** Sub-folder of the dev folder holding the dictionaries (input "dictionaries"). */
  dictionaries?: string;
  /** Reference date passed with each record. */
  referenceDate(r: GoldRecord): string | null;
  score(pairs: readonly Pair[], ctx: ScoreContext): SetScore;
}

/** A set of actor phrases run through the actor resolver. */
export interface ResolverSet extends BaseSet {
  input: "resolver";
  referenceDate(r: GoldRecord): string | null;
  score(pairs: readonly ResolutionPair[], ctx: ScoreContext, kb: ActorKB): SetScore;
}

export type SetDef = CoderSet | ResolverSet;

const ownDate = (r: GoldRecord) => r.date;
const str = (v: unknown) => (typeof v === "string" && v ? v : null);

/** The known sets, in report order. */
export const SETS: readonly SetDef[] = [
  { name: "conflibert", prefix: "conflibert", shapeKey: "pentaclass", defaultSplit: "test", input: "coder", referenceDate: ownDate, score: scorePentaclass },
  { name: "case2021", prefix: "case2021", shapeKey: "case_subtype", input: "coder", referenceDate: ownDate, score: scoreCase2021 },
  { name: "satp", prefix: "satp", shapeKey: "armed_assault", defaultSplit: "test", input: "coder", referenceDate: ownDate, score: scoreSatp },
  { name: "gtd_2016", prefix: "gtd_2016", shapeKey: "attacktype", input: "coder", referenceDate: ownDate, score: scoreGtd },
  { name: "gtd_usa", prefix: "gtd_usa", shapeKey: "attacktype", input: "coder", referenceDate: ownDate, score: scoreGtd },
  { name: "acled", prefix: "acled", shapeKey: "interaction", input: "coder", referenceDate: (r) => r.date ?? str(r.gold.event_date), score: scoreAcled },
  { name: "indiapolice", prefix: "indiapolice", shapeKey: "doc_labels", input: "coder", referenceDate: ownDate, score: scoreIndiaPolice },
  { name: "muc4", prefix: "muc4", shapeKey: "perpetrator_organizations", input: "coder", referenceDate: ownDate, score: scoreMuc4 },
  { name: "petrarch", prefix: "petrarch", shapeKey: "no_events_expected", input: "dictionaries", dictionaries: "petrarch_validate_dicts", referenceDate: ownDate, score: scorePetrarch },
  { name: "ngec", prefix: "ngec", shapeKey: "method", input: "resolver", referenceDate: resolutionDate, score: scoreNgec },
];

/** The set named `name`, or undefined. */
export function setByName(name: string): SetDef | undefined {
  return SETS.find((s) => s.name === name);
}

/** The set whose shape a record has (first set whose shape key is in `gold`), or undefined. */
export function setByShape(record: GoldRecord): SetDef | undefined {
  return SETS.find((s) => Object.hasOwn(record.gold, s.shapeKey));
}
