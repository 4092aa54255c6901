/** The gazetteer: place names to places (GeoNames cities, countries, regions, curated additions). */
export { Gazetteer, loadGazetteer } from "./gazetteer.js";
export { distanceKm } from "./rank.js";
export type { Place, PlaceKind, Candidate, LookupContext, PlaceCues, Designator, StopLevel, GazetteerOptions, GazetteerStats } from "./types.js";
export { placeKey } from "./normalize.js";
export { PlacesDataError } from "./data.js";
export type { CuratedPlace, CuratedAlias, StopName, CueEntry } from "./data.js";
