/**
 * Option specs (util.parseArgs) shared by several commands, in a module that loads nothing,
 * so that the launcher (respawn.ts, through ingest-options.ts) can read them without the store.
 */

/** The `--db` option; FAULTLINE_DB in the environment is the default, then ./faultline.sqlite (store-options.ts, `storeUrl`). */
export const DB_OPTION = { db: { type: "string" } } as const;

/** The `--kb-additions FILE` option (code, ingest, validate; serve has its own default). */
export const KB_ADDITIONS_OPTION = { "kb-additions": { type: "string" } } as const;
