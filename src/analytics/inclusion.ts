/**
 * Which events count. By default analytics count what the text reports as happening
 * now: background history and negated, hypothetical and future events are left out;
 * alleged, claimed and denied ("contested") events count but are tallied apart, and
 * can be excluded.
 */
import type { Tally } from "./types.js";

export interface InclusionOptions {
  /** Count historical (background) events too. Default false. */
  includeHistorical?: boolean;
  /** Count alleged / claimed / denied events. Default true. */
  includeAlleged?: boolean;
  /** Count negated, hypothetical and future events too. Default false. */
  includeUnreal?: boolean;
}

const CONTESTED = new Set(["alleged", "claimed", "denied"]);
const UNREAL = new Set(["negated", "hypothetical", "future"]);

/** True for alleged, claimed and denied modalities. */
export function isContested(modality: string): boolean {
  return CONTESTED.has(modality);
}

/** The modalities `exclusionReason` leaves out under `opts` (for a store to filter on). */
export function excludedModalities(opts: InclusionOptions): string[] {
  return [...(opts.includeUnreal ? [] : UNREAL), ...(opts.includeAlleged === false ? CONTESTED : [])];
}

/** Why a tally is left out, or null when it counts. */
export function exclusionReason(t: Tally, opts: InclusionOptions): "historical" | "modality" | null {
  if (t.historical && !opts.includeHistorical) return "historical";
  if (UNREAL.has(t.modality) && !opts.includeUnreal) return "modality";
  if (CONTESTED.has(t.modality) && opts.includeAlleged === false) return "modality";
  return null;
}
