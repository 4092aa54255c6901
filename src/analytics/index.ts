/** Pure analytics over event records and daily dyad rollups: series, escalation alerts, networks. */
export * from "./types.js";
export * from "./dates.js";
export * from "./selectors.js";
export * from "./inclusion.js";
export * from "./series.js";
export * from "./escalation.js";
export * from "./alerts.js";
export * from "./network.js";
