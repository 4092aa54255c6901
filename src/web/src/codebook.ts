/**
 * Plain-word names of codes, from the ontology (bundled at build time by the
 * `virtual:codebook` module of vite.config.ts).
 */
import book from "virtual:codebook";

/** The four quad classes of the event-record contract. */
export const QUAD_NAMES: Record<number, string> = {
  1: "Verbal cooperation",
  2: "Material cooperation",
  3: "Verbal conflict",
  4: "Material conflict",
};

/** Chart colours of the quad classes: cooperation in blues, conflict in reds. */
export const QUAD_COLORS: Record<number, string> = { 1: "#7fb3d5", 2: "#1f618d", 3: "#f0a35e", 4: "#c0392b" };

/** The CAMEO name of a code ("190" → "Use conventional military force"), or the code itself. */
export function cameoName(code: string | null | undefined): string {
  if (!code) return "—";
  return book.cameo[code]?.[0] ?? code;
}

/** Every CAMEO root ("01".."20") with its name. */
export function cameoRoots(): Array<[string, string]> {
  return Object.entries(book.cameo)
    .filter(([code]) => code.length === 2)
    .map(([code, [name]]) => [code, name] as [string, string])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** The definition of a PLOVER type, or "". */
export const ploverDefinition = (type: string): string => book.plover[type] ?? "";

/** The definition of an ACLED event type, or "". */
export const acledDefinition = (type: string): string => book.acled[type] ?? "";

/** A country's name from its ISO3 code (the code itself when unknown). */
export const countryName = (iso3: string | null | undefined): string => (iso3 ? (book.countries[iso3] ?? iso3) : "—");
