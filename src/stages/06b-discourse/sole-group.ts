/**
 * The only named armed group of a story → its unnamed armed agents.
 *
 * A report that names one rebel or insurgent group and elsewhere says "the guerrillas"
 * or "rebels attacked" means that group (one referent per discourse). A violent
 * candidate that took place and whose source is an unnamed agent ("agent:…") of a
 * `sole-group` sector takes the document's named group of those sectors as its source
 * (the mention keeps the agent's words, like a resolved pronoun)
 * when there is exactly one such group, and the agent's country (if any) is the
 * group's. Two or more named groups, or none, leave the candidate alone. Named groups
 * are knowledge-base actors of kind group or organisation with a role in those sectors
 * at the document date (unknown names and agents do not count). The attribution stays
 * unset (the text does not claim or allege it); the confidence drops by `SOLE_GROUP_FACTOR`.
 */
import { roleAt, type ActorMention, type Doc } from "../../doc/index.js";
import type { DiscourseKnowledge } from "../../ontology/discourse.js";
import { happened, isViolentCode } from "./incident.js";

/** Confidence factor of a candidate whose source was resolved to the story's only armed group. */
export const SOLE_GROUP_FACTOR = 0.9;

/**
 * Whether the mention is of an armed group of the sole-group sectors at the document date. An
 * undated story cannot tell which of a group's roles holds (the FMLN was a rebel army before it
 * became a party), so any role in those sectors counts.
 */
function armedSector(kb: DiscourseKnowledge, m: ActorMention, date: string | null): boolean {
  if (!date) return m.roles.some((x) => x.sector !== null && kb.soleGroupSectors.has(x.sector));
  const r = roleAt(m.roles, date);
  return !!r && r.sector !== null && kb.soleGroupSectors.has(r.sector);
}

/** The first mention of the document's only named armed group, or null. */
export function soleGroup(kb: DiscourseKnowledge, doc: Doc): ActorMention | null {
  let found: ActorMention | null = null;
  for (const m of doc.actors) {
    if (m.unknown || m.id.startsWith("agent:") || m.id.startsWith("unknown:")) continue;
    if (m.kind !== "group" && m.kind !== "organization") continue;
    if (!armedSector(kb, m, doc.date)) continue;
    if (found && found.id !== m.id) return null;
    found ??= m;
  }
  return found;
}

/** Give the story's only named armed group to violent candidates whose source is an unnamed armed agent. */
export function applySoleGroup(kb: DiscourseKnowledge, doc: Doc): void {
  if (kb.soleGroupSectors.size === 0) return;
  let group: ActorMention | null | undefined;
  for (const c of doc.candidates) {
    const s = c.source;
    if (!s || !s.id.startsWith("agent:") || s.sector === null || !kb.soleGroupSectors.has(s.sector)) continue;
    if (!isViolentCode(kb, c.cameo) || !happened(c)) continue;
    group ??= soleGroup(kb, doc);
    if (!group) return;
    if (s.country !== null && s.country !== group.country) continue;
    if (c.target?.id === group.id) continue;
    // The agent's own words stay the mention (as for a pronoun); who it is comes from the group.
    c.source = { ...s, id: group.id, name: group.name, kind: group.kind, roles: group.roles, country: group.country, sector: group.sector, code: group.code, how: "pronoun", coref: true };
    c.confidence = Math.round(c.confidence * SOLE_GROUP_FACTOR * 100) / 100;
  }
}
