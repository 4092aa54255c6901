declare module "virtual:codebook" {
  /** Built from ontology/ by vite.config.ts. */
  const book: {
    /** CAMEO code → [name, Goldstein weight]. */
    cameo: Record<string, [string, number | null]>;
    /** PLOVER type → definition. */
    plover: Record<string, string>;
    /** ACLED event type → definition. */
    acled: Record<string, string>;
    /** ISO3 → country name. */
    countries: Record<string, string>;
  };
  export default book;
}
