/**
 * Unknown organisation names: a run of capitalised words (small connectors such as
 * "of", "e", "ul" allowed inside) that opens with a prefix cue (Lashkar-, Jaish-) or ends
 * with a head cue after its first word (Front, Army, Movement), with at least one word the knowledge base
 * does not know ("Free Syrian Army" when it is not listed). Reported as new actors.
 * `readClaimantName` reads the other strong sign of an organisation: a capitalised name the
 * knowledge base does not know, right before a follower cue ("Students For Insurrection
 * claimed responsibility").
 */
import { hasCue, hasHit, type KeyReader, type Match } from "./kb.js";
import type { Key } from "./normalize.js";

export interface UnknownName {
  start: number;
  end: number;
  /** Country named inside the name (a state or demonym), or null. */
  country: string | null;
}

/** Whether a match (if any) is cues only (loops, not arrows: asked at every key of a capitalised run). */
function onlyCues(m: Match | null): boolean {
  if (!m) return true;
  for (const h of m.hits) if (h.t !== "cue") return false;
  return true;
}

/** The first country a match names (a state, a people, a city or a seat), or null. */
function countryOf(m: Match): string | null {
  for (const h of m.hits) {
    if (h.t === "actor" && h.ref.kind === "state" && h.ref.country !== null) return h.ref.country;
    if (h.t === "nation" && h.country !== null) return h.country;
    if ((h.t === "city" || h.t === "metonym") && h.ref.country !== null) return h.ref.country;
  }
  return null;
}

/** An unknown organisation name starting at key `p`, or null. */
export function readUnknownName(kb: KeyReader, keys: readonly Key[], p: number, limit: number): UnknownName | null {
  if (!keys[p].cap) return null;
  if (hasHit(kb.match(keys, p, p + 1), "det")) return null;
  let end = p;
  let novel = false;
  let i = p;
  while (i < limit && i - p < 8) {
    const m = kb.match(keys, i, i + 1);
    if (keys[i].cap) {
      if (onlyCues(m) && !hasCue(m, "head")) novel = true;
      i++;
      end = i;
      continue;
    }
    if (hasCue(m, "connector") && i + 1 < limit && keys[i + 1].cap) {
      i++;
      continue;
    }
    break;
  }
  if (end - p < 2 || !novel) return null;
  let headCue = false;
  for (let j = p + 1; j < end && !headCue; j++) headCue = hasCue(kb.match(keys, j, j + 1), "head");
  if (!hasCue(kb.match(keys, p, p + 1), "prefix") && !headCue) return null;
  // The country is read last: most capitalised runs are no name.
  let country: string | null = null;
  for (let j = p; j < end && country === null; j++) {
    const named = keys[j].cap ? kb.match(keys, j, limit) : null;
    if (named) country = countryOf(named);
  }
  return { start: p, end, country };
}

function followerAt(kb: KeyReader, keys: readonly Key[], i: number, limit: number): boolean {
  return i < limit && hasCue(kb.match(keys, i, limit), "follower");
}

/** Longest preceder cue phrase, in words. */
const MAX_PRECEDER = 5;

/** Whether a preceder cue ("members of", "attributed the attack to") ends right before key `p`, a determiner allowed in between. */
function precededAt(kb: KeyReader, keys: readonly Key[], p: number): boolean {
  let end = p;
  if (end > 0 && hasHit(kb.match(keys, end - 1, end), "det")) end--;
  for (let len = 1; len <= MAX_PRECEDER && end - len >= 0; len++) {
    // The one-key match is the sentence's kept one; a longer phrase is read into a scratch match (no object per read).
    const m = len === 1 ? kb.match(keys, end - 1, end) : kb.matchInto(keys, end - len, end, scratch) ? scratch : null;
    if (m && m.end === end && hasCue(m, "preceder")) return true;
  }
  return false;
}

/** The match `precededAt` reads a phrase into (read at once, never kept). */
const scratch: Match = { start: 0, end: 0, hits: [] };

/** Keys a claimant name spans at most, and so the last key after `p` where a follower cue may start. */
const MAX_CLAIMANT = 8;

/**
 * Whether a claimant name at `p` may have either of its cues, by a byte per key: a follower cue
 * starting within the keys a name could span and the one after (p + 1 .. p + MAX_CLAIMANT), or a
 * preceder cue ending right before `p` or before a determiner there. Most capitalised words have
 * neither, and reading the name first asked the sentence's matches some twenty times.
 */
function mayBeClaimant(kb: KeyReader, keys: readonly Key[], p: number, limit: number): boolean {
  if ((p > 0 && kb.endsPreceder(keys[p - 1])) || (p > 1 && kb.endsPreceder(keys[p - 2]))) return true;
  const last = Math.min(limit - 1, p + MAX_CLAIMANT);
  for (let q = p + 1; q <= last; q++) if (kb.startsFollower(keys[q])) return true;
  return false;
}

/**
 * A capitalised name of up to eight words (connectors allowed inside) with at least one word
 * the knowledge base does not know, followed right away by a follower cue ("Anarchists claimed
 * responsibility") or preceded by a preceder cue ("members of the Black Hebrew Israelites"),
 * starting at key `p`; or null. A determiner does not open it.
 */
export function readClaimantName(kb: KeyReader, keys: readonly Key[], p: number, limit: number): UnknownName | null {
  if (!keys[p].cap || !mayBeClaimant(kb, keys, p, limit) || followerAt(kb, keys, p, limit)) return null;
  if (hasHit(kb.match(keys, p, p + 1), "det", "pron")) return null;
  let end = p;
  let novel = false;
  let i = p;
  while (i < limit && i - p < MAX_CLAIMANT && !followerAt(kb, keys, i, limit)) {
    const m = kb.match(keys, i, i + 1);
    if (keys[i].cap) {
      if (!m) novel = true;
      i++;
      end = i;
      continue;
    }
    if (keys[i].joined && end === i) {
      if (!m) novel = true;
      i++;
      end = i;
      continue;
    }
    if (hasCue(m, "connector") && i + 1 < limit && keys[i + 1].cap) {
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
