/**
 * The event store: `openStore(url)` picks the backend from the URL.
 * - `postgres://…` / `postgresql://…` → PostgreSQL (optional `?schema=name`);
 * - `sqlite:path`, a plain path, or `:memory:` → SQLite (default `./faultline.sqlite`).
 */
import type { EventStore } from "./types.js";

export type * from "./types.js";
export { contentHash, defaultDocumentId, packRecords } from "./sql-store.js";
export { urlHost } from "./merge.js";

/** The store URL used when none is given. */
export const DEFAULT_STORE = "./faultline.sqlite";

/** Open (and migrate) the store at `url`. */
export async function openStore(url: string = DEFAULT_STORE): Promise<EventStore> {
  const u = url.trim() || DEFAULT_STORE;
  if (/^postgres(ql)?:\/\//i.test(u)) {
    const { openPostgres } = await import("./postgres/index.js");
    return openPostgres(u);
  }
  const path = u.startsWith("sqlite:") ? u.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "") : u;
  if (!path) throw new Error(`no SQLite path in store URL "${url}"`);
  const { openSqlite } = await import("./sqlite/index.js");
  return openSqlite(path);
}
