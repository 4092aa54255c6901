/**
 * The event ontology: the CAMEO codebook with Goldstein weights, its PLOVER and ACLED
 * equivalents, and the quad-class conventions, read from
 *
 * - `cameo/codes.json`        every CAMEO code (root, 3- and 4-digit)
 * - `plover/types.json`       the PLOVER types and their modes
 * - `plover/cameo-map.json`   CAMEO code -> PLOVER type + mode (every code)
 * - `acled/types.json`        ACLED event types and sub-event types
 * - `acled/cameo-map.json`    CAMEO code -> default ACLED type, or null (every code)
 * - `quad/conventions.json`   CAMEO root -> quad class, per named convention
 *
 * under an ontology folder. The files are read and cross-checked once per folder
 * (`readEventData`, also used by `faultline validate`) and every code is resolved
 * once, so look-ups are single Map reads.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { QuadClass } from "../doc/index.js";
import type { ValidationIssue } from "./validate.js";

/** A PLOVER type and mode, as in the event record's `plover` field. */
export interface PloverCode {
  type: string;
  mode: string | null;
}

/** An ACLED event type and sub-event type, as in the event record's `acled` field. */
export interface AcledCode {
  event_type: string;
  sub_event_type: string;
}

/** One CAMEO event code, fully resolved. */
export interface CameoCode {
  /** Always a string with its leading zero ("0871"). */
  code: string;
  name: string;
  /** The code one level up ("087" for "0871", "08" for "087"); null for a root. */
  parent: string | null;
  /** The 2-digit root ("08"). */
  root: string;
  goldstein: number;
  /** Quad class under the ontology's convention. */
  quad: QuadClass;
  plover: PloverCode;
  /** Default ACLED type, or null where ACLED records no such event. */
  acled: AcledCode | null;
  description: string;
}

export interface PloverMode {
  id: string;
  definition: string;
}

export interface PloverType {
  type: string;
  /** The quad class PLOVER's own table gives the type. */
  quad: QuadClass;
  /** Conflict-cooperation score of the type (PLOVER manual). */
  score: number;
  definition: string;
  modes: PloverMode[];
}

export interface AcledSubEventType {
  id: string;
  name: string;
  definition: string;
}

export interface AcledEventType {
  id: string;
  event_type: string;
  disorder_type: string;
  definition: string;
  sub_event_types: AcledSubEventType[];
}

/** A named mapping from CAMEO root to quad class. */
export interface QuadConvention {
  id: string;
  name: string;
  default: boolean;
  roots: Record<string, QuadClass>;
  /** Roots the source convention counts as neutral, outside the four classes. */
  neutral_roots: string[];
  source: string;
  note: string;
}

export interface EventOntology {
  /** The ontology folder it was read from. */
  readonly dir: string;
  /** The quad convention `get` and `quadOf` use by default. */
  readonly quadConvention: string;
  /** The code exactly as given, or undefined when it is not a CAMEO code. */
  get(code: string): CameoCode | undefined;
  /** The 20 root codes, in order. */
  roots(): readonly CameoCode[];
  /** Every code, in codebook order. */
  all(): readonly CameoCode[];
  /** Quad class of a code (known or not, by its root) under a convention (default: the ontology's). */
  quadOf(code: string, convention?: string): QuadClass | undefined;
  /** True when the convention counts the code's root as neutral. */
  isNeutral(code: string, convention?: string): boolean;
  quadConventions(): readonly QuadConvention[];
  ploverTypes(): readonly PloverType[];
  acledTypes(): readonly AcledEventType[];
  isValidCode(code: string): boolean;
  /** True when `mode` is one of `type`'s modes. */
  isPloverMode(type: string, mode: string): boolean;
  /** True when the pair names an ACLED event type and one of its sub-event types. */
  isAcledType(eventType: string, subEventType: string): boolean;
  /** The code, else its 3-digit parent, else its root; undefined when none is known. */
  nearest(code: string): CameoCode | undefined;
}

/** A missing, unreadable or inconsistent event-ontology file. */
export class EventOntologyError extends Error {}

/** The files of the event ontology, relative to the ontology folder. */
export const EVENT_FILES = {
  codes: "cameo/codes.json",
  ploverTypes: "plover/types.json",
  ploverMap: "plover/cameo-map.json",
  acledTypes: "acled/types.json",
  acledMap: "acled/cameo-map.json",
  quad: "quad/conventions.json",
} as const;

type FileKey = keyof typeof EVENT_FILES;
type Entry = Record<string, unknown>;

/** Raw, cross-checked event-ontology data. */
export interface EventData {
  codes: Omit<CameoCode, "quad" | "plover" | "acled">[];
  ploverTypes: PloverType[];
  ploverMap: Map<string, PloverCode>;
  acledTypes: AcledEventType[];
  acledMap: Map<string, AcledCode | null>;
  conventions: QuadConvention[];
}

const CODE_RE = /^(0[1-9]|1[0-9]|20)[0-9]{0,2}$/;
const QUADS = new Set([1, 2, 3, 4]);
const ROOTS = Array.from({ length: 20 }, (_, i) => String(i + 1).padStart(2, "0"));

const isString = (v: unknown): v is string => typeof v === "string" && v.length > 0;

function expectedParent(code: string): string | null {
  return code.length === 2 ? null : code.length === 3 ? code.slice(0, 2) : code.slice(0, 3);
}

/** Collects the issues of one file (paths are JSON pointers into it). */
class FileIssues {
  constructor(
    private readonly issues: ValidationIssue[],
    readonly file: string,
  ) {}
  /** Records an issue; returns undefined so map checks can `return out.add(...)`. */
  add(path: string, message: string): undefined {
    this.issues.push({ file: this.file, path, message });
    return undefined;
  }
}

function readEntries(dir: string, key: FileKey, issues: ValidationIssue[]): Entry[] | null {
  const file = EVENT_FILES[key];
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(join(dir, file), "utf8"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file is missing" : err instanceof Error ? err.message : String(err);
    issues.push({ file, path: "", message: why });
    return null;
  }
  const entries = (data as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries) || !entries.every((e) => e !== null && typeof e === "object")) {
    issues.push({ file, path: "/entries", message: "expected an object with an \"entries\" array of objects" });
    return null;
  }
  return entries as Entry[];
}

function checkCodes(entries: Entry[], out: FileIssues): EventData["codes"] {
  const codes: EventData["codes"] = [];
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const at = `/entries/${i}`;
    const code = e.code;
    if (typeof code !== "string" || !CODE_RE.test(code)) return out.add(`${at}/code`, `"${String(code)}" is not a CAMEO code string`);
    if (seen.has(code)) return out.add(`${at}/code`, `code ${code} appears twice`);
    seen.add(code);
    if (e.parent !== expectedParent(code)) out.add(`${at}/parent`, `parent of ${code} must be ${JSON.stringify(expectedParent(code))}`);
    if (e.root !== code.slice(0, 2)) out.add(`${at}/root`, `root of ${code} must be "${code.slice(0, 2)}"`);
    const g = e.goldstein;
    if (typeof g !== "number" || !(g >= -10 && g <= 10)) out.add(`${at}/goldstein`, `goldstein of ${code} must be a number in [-10, 10]`);
    if (!isString(e.name)) out.add(`${at}/name`, `code ${code} has no name`);
    codes.push({
      code,
      name: String(e.name ?? ""),
      parent: expectedParent(code),
      root: code.slice(0, 2),
      goldstein: typeof g === "number" ? g : 0,
      description: String(e.description ?? ""),
    });
  });
  codes.forEach((c, i) => {
    if (c.parent !== null && !seen.has(c.parent)) out.add(`/entries/${i}/parent`, `parent ${c.parent} of ${c.code} is not in the codebook`);
  });
  for (const r of ROOTS) if (!seen.has(r)) out.add("/entries", `root ${r} is missing`);
  return codes;
}

function checkPloverTypes(entries: Entry[], out: FileIssues): PloverType[] {
  const types: PloverType[] = [];
  entries.forEach((e, i) => {
    const at = `/entries/${i}`;
    if (!isString(e.type)) return out.add(`${at}/type`, "entry has no type");
    if (!QUADS.has(e.quad as number)) out.add(`${at}/quad`, `quad of ${e.type} must be 1..4`);
    const modes = Array.isArray(e.modes) ? (e.modes as PloverMode[]) : [];
    const ids = new Set<string>();
    modes.forEach((m, k) => {
      if (!isString(m?.id)) out.add(`${at}/modes/${k}`, "mode has no id");
      else if (ids.has(m.id)) out.add(`${at}/modes/${k}/id`, `mode ${m.id} appears twice in ${e.type}`);
      else ids.add(m.id);
    });
    types.push({ type: e.type, quad: e.quad as QuadClass, score: Number(e.score), definition: String(e.definition ?? ""), modes });
  });
  return types;
}

function checkAcledTypes(entries: Entry[], out: FileIssues): AcledEventType[] {
  const subNames = new Set<string>();
  return entries.map((e, i) => {
    const subs = Array.isArray(e.sub_event_types) ? (e.sub_event_types as AcledSubEventType[]) : [];
    if (!isString(e.event_type)) out.add(`/entries/${i}/event_type`, "entry has no event_type");
    if (subs.length === 0) out.add(`/entries/${i}/sub_event_types`, "event type has no sub-event types");
    subs.forEach((s, k) => {
      if (!isString(s?.name)) out.add(`/entries/${i}/sub_event_types/${k}`, "sub-event type has no name");
      else if (subNames.has(s.name)) out.add(`/entries/${i}/sub_event_types/${k}/name`, `sub-event type "${s.name}" appears twice`);
      else subNames.add(s.name);
    });
    return e as unknown as AcledEventType;
  });
}

/** Checks a CAMEO-keyed map: known code, no duplicate, every code covered; `value` checks and converts one entry. */
function checkMap<T>(
  entries: Entry[],
  out: FileIssues,
  known: ReadonlySet<string> | null,
  value: (e: Entry, at: string) => T | undefined,
): Map<string, T> {
  const map = new Map<string, T>();
  const mapped = new Set<string>();
  entries.forEach((e, i) => {
    const at = `/entries/${i}`;
    const code = e.cameo;
    if (typeof code !== "string" || (known && !known.has(code))) return out.add(`${at}/cameo`, `"${String(code)}" is not a code of the codebook`);
    if (mapped.has(code)) return out.add(`${at}/cameo`, `code ${code} is mapped twice`);
    mapped.add(code);
    const v = value(e, at);
    if (v !== undefined) map.set(code, v);
  });
  if (known) for (const c of known) if (!mapped.has(c)) out.add("/entries", `code ${c} is not mapped`);
  return map;
}

function checkConventions(entries: Entry[], out: FileIssues): QuadConvention[] {
  const defaults = entries.filter((e) => e.default === true).length;
  if (defaults !== 1) out.add("/entries", `exactly one convention must be the default (found ${defaults})`);
  const ids = new Set<string>();
  return entries.flatMap((e, i) => {
    const at = `/entries/${i}`;
    if (!isString(e.id)) return (out.add(`${at}/id`, "convention has no id"), []);
    if (ids.has(e.id)) return (out.add(`${at}/id`, `convention ${e.id} appears twice`), []);
    ids.add(e.id);
    const roots = (e.roots ?? {}) as Record<string, unknown>;
    for (const r of ROOTS) if (!QUADS.has(roots[r] as number)) out.add(`${at}/roots/${r}`, `convention ${e.id}: root ${r} needs a quad class 1..4`);
    const neutral = Array.isArray(e.neutral_roots) ? (e.neutral_roots as string[]) : [];
    neutral.forEach((r, k) => {
      if (!ROOTS.includes(r)) out.add(`${at}/neutral_roots/${k}`, `"${r}" is not a CAMEO root`);
    });
    return [{ ...(e as unknown as QuadConvention), neutral_roots: neutral }];
  });
}

/**
 * Read the six event-ontology files under `dir` and cross-check them: codebook
 * structure (parents, roots, Goldstein range), full and known-only coverage of both
 * maps, PLOVER types and modes, ACLED pairs, quad conventions. Never throws: every
 * problem is an issue (file paths relative to `dir`).
 */
export function readEventData(dir: string): { data: EventData; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const out = (key: FileKey) => new FileIssues(issues, EVENT_FILES[key]);
  /** Runs `check` on a file's entries; a missing or unreadable file is one issue and yields `empty`. */
  const read = <T>(key: FileKey, empty: T, check: (entries: Entry[], out: FileIssues) => T): T => {
    const entries = readEntries(dir, key, issues);
    return entries ? check(entries, out(key)) : empty;
  };

  const codes = read("codes", [], checkCodes);
  const known = codes.length > 0 ? new Set(codes.map((c) => c.code)) : null;
  const ploverTypes = read("ploverTypes", [], checkPloverTypes);
  const modesOf = new Map(ploverTypes.map((t) => [t.type, new Set(t.modes.map((m) => m.id))]));
  const ploverMap = read("ploverMap", new Map(), (entries, pOut) => checkMap<PloverCode>(entries, pOut, known, (e, at) => {
    const type = String(e.type);
    const mode = e.mode === undefined ? null : e.mode;
    const modes = modesOf.get(type);
    if (!modes) return pOut.add(`${at}/type`, `unknown PLOVER type "${type}"`);
    if (mode !== null && (typeof mode !== "string" || !modes.has(mode))) return pOut.add(`${at}/mode`, `"${String(mode)}" is not a mode of ${type}`);
    return { type, mode: mode as string | null };
  }));
  const acledTypes = read("acledTypes", [], checkAcledTypes);
  const subsOf = new Map(acledTypes.map((t) => [t.event_type, new Set((t.sub_event_types ?? []).map((s) => s.name))]));
  const acledMap = read("acledMap", new Map(), (entries, aOut) => checkMap<AcledCode | null>(entries, aOut, known, (e, at) => {
    const a = e.acled as AcledCode | null | undefined;
    if (a === null) return null;
    if (!a || !subsOf.get(a.event_type)?.has(a.sub_event_type)) {
      return aOut.add(`${at}/acled`, `"${a?.event_type} / ${a?.sub_event_type}" is not an ACLED event type and sub-event type`);
    }
    return { event_type: a.event_type, sub_event_type: a.sub_event_type };
  }));
  const conventions = read("quad", [], checkConventions);
  return { data: { codes, ploverTypes, ploverMap, acledTypes, acledMap, conventions }, issues };
}

/** The `faultline validate` check for the event ontology (skipped when `dir` has no CAMEO codebook). */
export function eventOntologyIssues(dir: string): ValidationIssue[] {
  return existsSync(join(dir, EVENT_FILES.codes)) ? readEventData(dir).issues : [];
}

/** The id of the data's default quad convention (`readEventData` checks there is exactly one). */
const defaultConvention = (data: EventData): string => data.conventions.find((c) => c.default)!.id;

/**
 * The event ontology over data `readEventData` found without issues (not cached;
 * `loadEventOntology` is the cached entry point). Convention default: the data's default.
 */
export function buildEventOntology(dir: string, data: EventData, convention: string = defaultConvention(data)): EventOntology {
  const conventions = new Map(data.conventions.map((c) => [c.id, c]));
  const conv = (id: string = convention): QuadConvention => {
    const c = conventions.get(id);
    if (!c) throw new EventOntologyError(`unknown quad convention "${id}" (known: ${[...conventions.keys()].join(", ")})`);
    return c;
  };
  const defaultRoots = conv().roots;
  const byCode = new Map<string, CameoCode>();
  for (const c of data.codes) {
    byCode.set(c.code, {
      ...c,
      quad: defaultRoots[c.root],
      plover: data.ploverMap.get(c.code) as PloverCode,
      acled: data.acledMap.get(c.code) ?? null,
    });
  }
  const all = [...byCode.values()];
  const roots = all.filter((c) => c.parent === null);
  const modes = new Map(data.ploverTypes.map((t) => [t.type, new Set(t.modes.map((m) => m.id))]));
  const acledPairs = new Set(data.acledTypes.flatMap((t) => t.sub_event_types.map((s) => `${t.event_type}\u0000${s.name}`)));
  return {
    dir,
    quadConvention: convention,
    get: (code) => byCode.get(code),
    roots: () => roots,
    all: () => all,
    quadOf: (code, id) => (typeof code === "string" && CODE_RE.test(code) ? conv(id).roots[code.slice(0, 2)] : undefined),
    isNeutral: (code, id) => typeof code === "string" && conv(id).neutral_roots.includes(code.slice(0, 2)),
    quadConventions: () => data.conventions,
    ploverTypes: () => data.ploverTypes,
    acledTypes: () => data.acledTypes,
    isValidCode: (code) => byCode.has(code),
    isPloverMode: (type, mode) => modes.get(type)?.has(mode) ?? false,
    isAcledType: (eventType, sub) => acledPairs.has(`${eventType}\u0000${sub}`),
    nearest: (code) => {
      if (typeof code !== "string") return undefined;
      return byCode.get(code) ?? byCode.get(code.slice(0, 3)) ?? byCode.get(code.slice(0, 2));
    },
  };
}

const dataCache = new Map<string, EventData>();
const ontologyCache = new Map<string, EventOntology>();

/**
 * Load the event ontology under the ontology folder `dir` (cached per folder and
 * convention). Throws `EventOntologyError` listing the first problems when a file
 * is missing or inconsistent, or when `quadConvention` is not defined.
 */
export function loadEventOntology(dir: string, opts: { quadConvention?: string } = {}): EventOntology {
  let data = dataCache.get(dir);
  if (!data) {
    const read = readEventData(dir);
    if (read.issues.length > 0) {
      const shown = read.issues.slice(0, 5).map((i) => `${i.file}${i.path ? " " + i.path : ""}: ${i.message}`);
      const more = read.issues.length > 5 ? `\n  ... and ${read.issues.length - 5} more (run faultline validate)` : "";
      throw new EventOntologyError(`bad event ontology in ${dir}:\n  ${shown.join("\n  ")}${more}`);
    }
    data = read.data;
    dataCache.set(dir, data);
  }
  const convention = opts.quadConvention ?? defaultConvention(data);
  const key = `${dir}\u0000${convention}`;
  let onto = ontologyCache.get(key);
  if (!onto) {
    onto = buildEventOntology(dir, data, convention);
    ontologyCache.set(key, onto);
  }
  return onto;
}
