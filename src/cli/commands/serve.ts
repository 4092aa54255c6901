/** `faultline serve`: the HTTP API and the dashboard over a store. */
import { join, resolve as resolvePath } from "node:path";
import { defaultAdditionsPath } from "../../app/kb-additions-path.js";
import { UsageError, type CliIO, type Command } from "../command.js";
import { DB_OPTION, parseOptions, storeUrl } from "../store-options.js";

const usage = `usage: faultline serve [--db URL] [--port 8080] [--host 127.0.0.1] [--token T] [--kb-additions FILE]

Serves the JSON API (/api/..., described at /api/openapi.json) and, when built, the
dashboard (src/web/dist) at /.

  --db URL      store (sqlite:PATH, PATH, :memory:, postgres://...); default FAULTLINE_DB or ./faultline.sqlite
  --port N      port to listen on (0: any free port); default 8080
  --host H      interface to bind; default 127.0.0.1 (loopback only)
  --token T     bearer token for write endpoints (ingest, alerts, reviews); default FAULTLINE_API_TOKEN.
                Without a token the server is read-only.
  --kb-additions FILE
                local knowledge-base additions (named actors added from the review desk; JSON,
                ontology/schema/actors.schema.json), merged over the bundled knowledge base and
                written atomically; default <db file>.kb-additions.json beside a SQLite store
                (a PostgreSQL or in-memory store has none: adding actors is then unavailable).
`;

/** Parsed options of the command (exported for tests). */
export interface ServeArgs {
  db: string;
  port: number;
  host: string;
  token: string | null;
  /** The knowledge-base additions file, or null (adding actors unavailable). */
  kbAdditions: string | null;
}

export function parseServeArgs(args: string[], env: NodeJS.ProcessEnv = process.env): ServeArgs {
  const { values, positionals } = parseOptions(args, {
    ...DB_OPTION, port: { type: "string" }, host: { type: "string" }, token: { type: "string" }, "kb-additions": { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port must be an integer from 0 to 65535");
  const host = values.host ?? "127.0.0.1";
  if (!/^[\w.:-]{1,255}$/.test(host)) throw new UsageError(`bad --host "${host}"`);
  const token = values.token ?? (env.FAULTLINE_API_TOKEN || null);
  if (token !== null && !/^[\x21-\x7e]{16,512}$/.test(token)) throw new UsageError("the token must be 16 to 512 printable characters without spaces");
  const db = storeUrl(values.db);
  const kb = values["kb-additions"];
  if (kb !== undefined && !kb.trim()) throw new UsageError("--kb-additions needs a file path");
  return { db, port, host, token, kbAdditions: kb ? resolvePath(kb) : defaultAdditionsPath(db) };
}

async function run(args: string[], io: CliIO): Promise<number> {
  const opts = parseServeArgs(args);
  const [{ openStore }, { startServer }, { ActorDirectory }, { apiIngest }, { loadKnowledge }, { readActorEntries }, { KbAdditions, LiveKnowledge }] = await Promise.all([
    import("../../store/index.js"),
    import("../../api/server.js"),
    import("../../api/actors.js"),
    import("../../api/ingest.js"),
    import("../../ontology/index.js"),
    import("../../ontology/actors/index.js"),
    import("../../app/kb-additions.js"),
  ]);
  const knowledge = loadKnowledge();
  const additions = opts.kbAdditions ? new KbAdditions(opts.kbAdditions, knowledge.ontologyDir) : null;
  const live = new LiveKnowledge(knowledge, additions);
  live.kb(); // an invalid additions file stops the server here, with its issues
  const store = await openStore(opts.db);
  const kb = readActorEntries(join(knowledge.ontologyDir, "actors"));
  let directory: { version: number; dir: InstanceType<typeof ActorDirectory> } | null = null;
  const actors = () => {
    const version = additions?.version ?? 0;
    if (!directory || directory.version !== version) {
      directory = { version, dir: new ActorDirectory([...(kb.states ?? []), ...(kb.actors ?? []), ...(additions?.entries() ?? [])]) };
    }
    return directory.dir;
  };
  const ploverScores = new Map(knowledge.events.ploverTypes().map((t) => [t.type, t.score]));
  const server = await startServer({
    store, port: opts.port, host: opts.host, token: opts.token, actors, ploverScores,
    ingest: opts.token ? apiIngest(store, () => live.coder()) : null,
    review: { events: knowledge.events, kb: () => live.kb(), additions },
    isKnownActor: (id) => live.isKnownUnknown(id),
  });
  const where = additions ? `knowledge-base additions ${additions.path}` : "no knowledge-base additions file";
  io.stderr.write(`faultline serve: listening on ${server.url} (store ${store.backend}, ${actors().size} actors, ${where}, ${opts.token ? "writes enabled" : "read-only: no token"})\n`);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  await store.close();
  return 0;
}

export default { summary: "serve the HTTP API and the dashboard", usage, run } satisfies Command;
