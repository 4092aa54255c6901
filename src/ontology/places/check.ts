/**
 * Semantic check of the places data for `faultline validate`: every `same_as` of
 * additions.json names a country, region or curated place that exists (GeoNames ids are
 * checked when the gazetteer loads, against the installed cities file).
 */
import { join } from "node:path";
import { readPlacesData } from "./data.js";
import type { ValidationIssue } from "../validate.js";

const FILE = "places/additions.json";

export function placesIssues(ontologyDir: string): ValidationIssue[] {
  let data;
  try {
    data = readPlacesData(join(ontologyDir, "places"));
  } catch (err) {
    return [{ file: "places", path: "", message: err instanceof Error ? err.message : String(err) }];
  }
  const known = new Set<string>();
  for (const e of [...data.countries, ...data.admin1]) known.add(e.id);
  for (const a of data.additions) if (!("same_as" in a)) known.add(a.id);
  const issues: ValidationIssue[] = [];
  data.additions.forEach((a, k) => {
    if (!("same_as" in a) || a.same_as.startsWith("geonames:")) return;
    if (!known.has(a.same_as)) issues.push({ file: FILE, path: `/entries/${k}/same_as`, message: `unknown place "${a.same_as}"` });
  });
  return issues;
}
