/**
 * Actor selectors: which actors a dyad side stands for. A selector is one or more
 * `field=value` terms joined by `,` (all must hold): `id=state:PAK`, `code=PAKMIL`
 * (a code prefix, as CAMEO codes compose: `PAK` matches `PAKMIL`), `country=PAK`,
 * `sector=MIL`. A bare value is read as a country when it is three capital letters,
 * a knowledge-base id when it holds a colon, and a code prefix otherwise.
 */
import type { ActorKey } from "./types.js";

export type SelectorField = "id" | "code" | "country" | "sector";
const FIELDS: readonly SelectorField[] = ["id", "code", "country", "sector"];

/** A parsed selector: every listed field must match. */
export type ActorSelector = Partial<Record<SelectorField, string>>;

/** A selector string that cannot be parsed. */
export class SelectorError extends Error {}

const VALUE_RE = /^[A-Za-z0-9:_.-]{1,80}$/;

function bareField(v: string): SelectorField {
  if (/^[A-Z]{3}$/.test(v)) return "country";
  if (v.includes(":")) return "id";
  return "code";
}

/** Parse `country=PAK,sector=MIL` (or a bare value); throws {@link SelectorError}. */
export function parseSelector(text: string): ActorSelector {
  const sel: ActorSelector = {};
  const terms = text.split(",").map((t) => t.trim());
  if (terms.length > FIELDS.length || terms.some((t) => t === "")) {
    throw new SelectorError(`bad actor selector "${text}"`);
  }
  for (const term of terms) {
    const eq = term.indexOf("=");
    const field = eq < 0 ? bareField(term) : (term.slice(0, eq) as SelectorField);
    const value = eq < 0 ? term : term.slice(eq + 1);
    if (!FIELDS.includes(field)) throw new SelectorError(`unknown selector field "${field}" (use ${FIELDS.join(", ")})`);
    if (!VALUE_RE.test(value)) throw new SelectorError(`bad selector value "${value}"`);
    if (sel[field] !== undefined) throw new SelectorError(`selector field "${field}" given twice`);
    sel[field] = field === "id" ? value : value.toUpperCase();
  }
  return sel;
}

/** True when the actor satisfies every term of the selector (an empty selector matches any actor). */
export function matches(sel: ActorSelector, actor: ActorKey | null): boolean {
  if (!actor) return false;
  if (sel.id !== undefined && actor.id !== sel.id) return false;
  if (sel.code !== undefined && !(actor.code ?? "").startsWith(sel.code)) return false;
  if (sel.country !== undefined && actor.country !== sel.country) return false;
  if (sel.sector !== undefined && actor.sector !== sel.sector) return false;
  return true;
}

/** Canonical text of a selector (stable field order), for keys and labels. */
export function formatSelector(sel: ActorSelector): string {
  return FIELDS.filter((f) => sel[f] !== undefined)
    .map((f) => `${f}=${sel[f]}`)
    .join(",");
}

/** Which way round a tally matches a dyad: "ab" (a acted on b), "ba", or null. */
export function dyadDirection(
  a: ActorSelector,
  b: ActorSelector | null,
  source: ActorKey | null,
  target: ActorKey | null,
  directed: boolean,
): "ab" | "ba" | null {
  const bAny = b ?? {};
  if (matches(a, source) && (b === null || matches(bAny, target))) return "ab";
  if (!directed && matches(a, target) && (b === null || matches(bAny, source))) return "ba";
  return null;
}
