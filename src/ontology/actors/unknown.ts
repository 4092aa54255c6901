/**
 * Unknown organisation names: a run of capitalised words (small connectors such as
 * "of", "e", "ul" allowed inside) that opens with a prefix cue (Lashkar-, Jaish-) or ends
 * with a head cue after its first word (Front, Army, Movement), with at least one word the knowledge base
 * does not know ("Free Syrian Army" when it is not listed). Reported as new actors.
 */
import type { ActorKB, Hit } from "./kb.js";
import type { Key } from "./normalize.js";

export interface UnknownName {
  start: number;
  end: number;
  /** Country named inside the name (a state or demonym), or null. */
  country: string | null;
}

function cue(hits: readonly Hit[] | undefined, position: string): boolean {
  return !!hits && hits.some((h) => h.t === "cue" && h.position === position);
}
function onlyCues(hits: readonly Hit[] | undefined): boolean {
  return !hits || hits.every((h) => h.t === "cue");
}

/** An unknown organisation name starting at key `p`, or null. */
export function readUnknownName(kb: ActorKB, keys: readonly Key[], p: number, limit: number): UnknownName | null {
  if (!keys[p].cap) return null;
  if (kb.match(keys, p, p + 1)?.hits.some((h) => h.t === "det")) return null;
  let end = p;
  let novel = false;
  let country: string | null = null;
  let i = p;
  while (i < limit && i - p < 8) {
    const m = kb.match(keys, i, i + 1);
    const hits = m?.hits;
    if (keys[i].cap) {
      if (onlyCues(hits) && !cue(hits, "head")) novel = true;
      for (const h of kb.match(keys, i, limit)?.hits ?? []) {
        if (h.t === "actor" && h.ref.kind === "state") country ??= h.ref.country;
        if (h.t === "nation" || h.t === "city" || h.t === "metonym") country ??= h.t === "nation" ? h.country : h.ref.country;
      }
      i++;
      end = i;
      continue;
    }
    if (cue(hits, "connector") && i + 1 < limit && keys[i + 1].cap) {
      i++;
      continue;
    }
    break;
  }
  if (end - p < 2 || !novel) return null;
  const first = kb.match(keys, p, p + 1)?.hits;
  let headCue = false;
  for (let j = p + 1; j < end && !headCue; j++) headCue = cue(kb.match(keys, j, j + 1)?.hits, "head");
  if (!cue(first, "prefix") && !headCue) return null;
  return { start: p, end, country };
}
