/**
 * Unknown organisation names: a run of capitalised words (small connectors such as
 * "of", "e", "ul" allowed inside) that opens with a prefix cue (Lashkar-, Jaish-) or ends
 * with a head cue after its first word (Front, Army, Movement), with at least one word the knowledge base
 * does not know ("Free Syrian Army" when it is not listed). Reported as new actors.
 * `readClaimantName` reads the other strong sign of an organisation: a capitalised name the
 * knowledge base does not know, right before a follower cue ("Students For Insurrection
 * claimed responsibility").
 */
import type { Hit, KeyReader } from "./kb.js";
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
export function readUnknownName(kb: KeyReader, keys: readonly Key[], p: number, limit: number): UnknownName | null {
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

function followerAt(kb: KeyReader, keys: readonly Key[], i: number, limit: number): boolean {
  return i < limit && cue(kb.match(keys, i, limit)?.hits, "follower");
}

/** Longest preceder cue phrase, in words. */
const MAX_PRECEDER = 5;

/** Whether a preceder cue ("members of", "attributed the attack to") ends right before key `p`, a determiner allowed in between. */
function precededAt(kb: KeyReader, keys: readonly Key[], p: number): boolean {
  let end = p;
  if (end > 0 && kb.match(keys, end - 1, end)?.hits.some((h) => h.t === "det")) end--;
  for (let len = 1; len <= MAX_PRECEDER && end - len >= 0; len++) {
    const m = kb.match(keys, end - len, end);
    if (m && m.end === end && cue(m.hits, "preceder")) return true;
  }
  return false;
}

/**
 * A capitalised name of up to eight words (connectors allowed inside) with at least one word
 * the knowledge base does not know, followed right away by a follower cue ("Anarchists claimed
 * responsibility") or preceded by a preceder cue ("members of the Black Hebrew Israelites"),
 * starting at key `p`; or null. A determiner does not open it.
 */
export function readClaimantName(kb: KeyReader, keys: readonly Key[], p: number, limit: number): UnknownName | null {
  if (!keys[p].cap || followerAt(kb, keys, p, limit)) return null;
  if (kb.match(keys, p, p + 1)?.hits.some((h) => h.t === "det" || h.t === "pron")) return null;
  let end = p;
  let novel = false;
  let i = p;
  while (i < limit && i - p < 8 && !followerAt(kb, keys, i, limit)) {
    const hits = kb.match(keys, i, i + 1)?.hits;
    if (keys[i].cap) {
      if (!hits) novel = true;
      i++;
      end = i;
      continue;
    }
    if (keys[i].joined && end === i) {
      if (!hits) novel = true;
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
  if (!novel || end === p) return null;
  // The preceder cue is looked for last: most names have neither cue, and a follower is the cheaper test.
  if ((end !== i || !followerAt(kb, keys, end, limit)) && !precededAt(kb, keys, p)) return null;
  return { start: p, end, country: null };
}
