/** Small text formatters shared by the views. */
import type { Actor, StoredEvent } from "./api";
import { countryName } from "./codebook";

/** "Pakistan (PAKMIL)" — an actor's canonical name and code, or "unknown". */
export function actorLabel(a: Actor | null | undefined): string {
  if (!a) return "unknown";
  return a.code ? `${a.name} (${a.code})` : a.name;
}

/**
 * An actor key or selector in readable words: "state:PAK" and "PAK" → "Pakistan",
 * "state:PAK:COP" → "Pakistan COP", "group:ttp" → "ttp", "country=AFG" → "Afghanistan".
 */
export function keyLabel(key: string): string {
  const bare = key.replace(/^(id|code|country|sector)=/, "");
  if (/^[A-Z]{3}$/.test(bare)) return countryName(bare);
  const m = /^state:([A-Z]{3})(?::([A-Z]{3}))?$/.exec(bare);
  if (m) return m[2] ? `${countryName(m[1])} ${m[2]}` : countryName(m[1]);
  return bare.replace(/^[a-z]+:/, "").replace(/[-_]/g, " ");
}

/** The place of an event in words ("Quetta, Balochistan, Pakistan"). */
export function placeLabel(e: StoredEvent): string {
  const l = e.location;
  if (!l) return "—";
  return [l.name, l.admin1, l.country ? countryName(l.country) : null].filter(Boolean).join(", ");
}

/** A number with thousands separators. */
export const num = (n: number | null | undefined): string => (n === null || n === undefined ? "—" : n.toLocaleString("en-US"));

/** "1 event", "7 events": a count with its noun. */
export const plural = (n: number, noun: string): string => `${num(n)} ${noun}${n === 1 ? "" : "s"}`;

/** A signed one-decimal number ("+3.4", "−7.0"). */
export function signed(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "—";
  return (n > 0 ? "+" : n < 0 ? "−" : "") + Math.abs(n).toFixed(1);
}

/** An ISO date-time as "2025-11-15 18:10 UTC". */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return iso.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC");
}
