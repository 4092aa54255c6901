/**
 * The built dashboard (`src/web/dist/`) served at `/`, with a Content-Security-Policy
 * allowing nothing but the server's own origin. Unknown paths without a file
 * extension fall back to `index.html` (client-side routes).
 */
import { readFile, stat } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import type { Context } from "hono";

/** The CSP of every dashboard response: same-origin only, no framing, no plugins. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
  ".jpg": "image/jpeg", ".ico": "image/x-icon", ".woff2": "font/woff2", ".txt": "text/plain; charset=utf-8",
  ".map": "application/json", ".webmanifest": "application/manifest+json",
};

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** A handler serving files under `dir`, or null when `dir` has no index.html. */
export async function staticHandler(dir: string): Promise<((c: Context) => Promise<Response>) | null> {
  const root = resolve(dir);
  if (!(await isFile(resolve(root, "index.html")))) return null;
  return async (c) => {
    let rel: string;
    try {
      rel = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.json({ error: { code: "bad_request", message: "bad path" } }, 400);
    }
    let file = resolve(root, "." + (rel.endsWith("/") ? rel + "index.html" : rel));
    if (file !== root && !file.startsWith(root + sep)) return c.json({ error: { code: "not_found", message: "not found" } }, 404);
    if (!(await isFile(file))) {
      if (extname(rel) !== "") return c.json({ error: { code: "not_found", message: "not found" } }, 404);
      file = resolve(root, "index.html");
    }
    const body = await readFile(file);
    const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
    return new Response(body, {
      headers: {
        "content-type": type,
        "content-security-policy": CSP,
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "cache-control": file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
      },
    });
  };
}
