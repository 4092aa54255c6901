/**
 * The options of `faultline ingest` (util.parseArgs), in a module of their own so that the
 * launcher (respawn.ts) can tell the input paths from option values without loading the store.
 */
export const INGEST_OPTIONS = {
  db: { type: "string" }, date: { type: "string" }, "allow-private": { type: "boolean" }, queue: { type: "boolean" },
  "no-follow": { type: "boolean" }, batch: { type: "string" }, commit: { type: "string" }, progress: { type: "boolean" },
  "kb-additions": { type: "string" },
} as const;
