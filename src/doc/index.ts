export * from "./record.js";
export * from "./doc.js";
