/** `faultline serve`: the HTTP API and the dashboard over a store. */
import { join } from "node:path";
import { UsageError, type CliIO, type Command } from "../command.js";
import { DB_OPTION, parseOptions, storeUrl } from "../store-options.js";

const usage = `usage: faultline serve [--db URL] [--port 8080] [--host 127.0.0.1] [--token T]

Serves the JSON API (/api/..., described at /api/openapi.json) and, when built, the
dashboard (src/web/dist) at /.

  --db URL      store (sqlite:PATH, PATH, :memory:, postgres://...); default FAULTLINE_DB or ./faultline.sqlite
  --port N      port to listen on (0: any free port); default 8080
  --host H      interface to bind; default 127.0.0.1 (loopback only)
  --token T     bearer token for write endpoints (ingest, alerts, reviews); default FAULTLINE_API_TOKEN.
                Without a token the server is read-only.
`;

/** Parsed options of the command (exported for tests). */
export interface ServeArgs {
  db: string;
  port: number;
  host: string;
  token: string | null;
}

export function parseServeArgs(args: string[], env: NodeJS.ProcessEnv = process.env): ServeArgs {
  const { values, positionals } = parseOptions(args, {
    ...DB_OPTION, port: { type: "string" }, host: { type: "string" }, token: { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port must be an integer from 0 to 65535");
  const host = values.host ?? "127.0.0.1";
  if (!/^[\w.:-]{1,255}$/.test(host)) throw new UsageError(`bad --host "${host}"`);
  const token = values.token ?? (env.FAULTLINE_API_TOKEN || null);
  if (token !== null && !/^[\x21-\x7e]{16,512}$/.test(token)) throw new UsageError("the token must be 16 to 512 printable characters without spaces");
  return { db: storeUrl(values.db), port, host, token };
}

async function run(args: string[], io: CliIO): Promise<number> {
  const opts = parseServeArgs(args);
  const [{ openStore }, { startServer }, { ActorDirectory }, { apiIngest }, { loadKnowledge }, { readActorEntries }, { Coder }] = await Promise.all([
    import("../../store/index.js"),
    import("../../api/server.js"),
    import("../../api/actors.js"),
    import("../../api/ingest.js"),
    import("../../ontology/index.js"),
    import("../../ontology/actors/index.js"),
    import("../../app/coder.js"),
  ]);
  const store = await openStore(opts.db);
  const knowledge = loadKnowledge();
  const kb = readActorEntries(join(knowledge.ontologyDir, "actors"));
  const actors = new ActorDirectory([...(kb.states ?? []), ...(kb.actors ?? [])]);
  const ploverScores = new Map(knowledge.events.ploverTypes().map((t) => [t.type, t.score]));
  const server = await startServer({
    store, port: opts.port, host: opts.host, token: opts.token, actors, ploverScores,
    ingest: opts.token ? apiIngest(store, () => new Coder({ knowledge })) : null,
  });
  io.stderr.write(`faultline serve: listening on ${server.url} (store ${store.backend}, ${actors.size} actors, ${opts.token ? "writes enabled" : "read-only: no token"})\n`);
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
