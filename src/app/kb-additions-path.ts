/** Where the knowledge-base additions file of a store lives by default (light: no knowledge loaded). */
import { resolve } from "node:path";

/** `<path>.kb-additions.json` for a SQLite store URL (`sqlite:PATH` or a path), else null (PostgreSQL, in-memory). */
export function defaultAdditionsPath(storeUrl: string): string | null {
  if (/^postgres(ql)?:/i.test(storeUrl)) return null;
  const path = storeUrl.replace(/^sqlite:(\/\/)?/i, "");
  if (path === "" || path === ":memory:") return null;
  return resolve(`${path}.kb-additions.json`);
}
