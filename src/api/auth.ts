/** Bearer-token check for write endpoints (constant-time comparison). */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./errors.js";

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/**
 * Middleware refusing requests without `Authorization: Bearer <token>`. With no
 * token configured, every write is refused (403): writes need a token to exist.
 */
export function requireToken(token: string | null | undefined): MiddlewareHandler {
  const want = token ? digest(token) : null;
  return async (c, next) => {
    if (!want) throw new ApiError(403, "writes_disabled", "write endpoints are disabled: start the server with --token or FAULTLINE_API_TOKEN");
    const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(c.req.header("authorization") ?? "");
    if (!m) throw new ApiError(401, "unauthorized", "missing bearer token (Authorization: Bearer <token>)");
    if (!timingSafeEqual(digest(m[1]), want)) throw new ApiError(401, "unauthorized", "wrong token");
    await next();
  };
}
