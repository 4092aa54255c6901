export * from "./record.js";
export * from "./doc.js";
export * from "./word-memo.js";
