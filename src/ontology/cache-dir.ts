/**
 * The folder where loaders keep what they derive from the ontology and its data packages
 * (the gazetteer index, markers of pattern files found valid), so that later starts skip the work.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The default cache folder: `<package root>/node_modules/.cache/faultline`. */
export function defaultCacheDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "node_modules", ".cache", "faultline");
}
