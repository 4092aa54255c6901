/**
 * The options of `faultline ingest` (util.parseArgs), in a module of their own so that the
 * launcher (respawn.ts) can tell the input paths from option values without loading the store.
 */
import { DB_OPTION, KB_ADDITIONS_OPTION } from "./option-specs.js";

export const INGEST_OPTIONS = {
  ...DB_OPTION, date: { type: "string" }, "allow-private": { type: "boolean" }, queue: { type: "boolean" },
  "no-follow": { type: "boolean" }, batch: { type: "string" }, commit: { type: "string" }, progress: { type: "boolean" },
  ...KB_ADDITIONS_OPTION,
} as const;
