/** Listen on a port with the API (Node HTTP via @hono/node-server). */
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { createApi, type ApiOptions } from "./app.js";

/** Where the built dashboard lives (the same path from `src/api` and `dist/api`). */
export const WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "src", "web", "dist");

export interface ServerOptions extends ApiOptions {
  /** Port (0: any free one). Default 8080. */
  port?: number;
  /** Interface to bind; default loopback. */
  host?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Start the API server; resolves once it listens. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const app = await createApi({ webDir: WEB_DIST, ...opts });
  const host = opts.host ?? "127.0.0.1";
  return new Promise((ok, fail) => {
    const server = serve({ fetch: app.fetch, port: opts.port ?? 8080, hostname: host }, (info: AddressInfo) => {
      const h = info.family === "IPv6" ? `[${info.address}]` : info.address;
      ok({
        url: `http://${h}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", fail);
    if ("headersTimeout" in server) {
      server.headersTimeout = 20_000;
      server.requestTimeout = 60_000;
    }
  });
}
