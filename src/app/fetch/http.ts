/**
 * Safe HTTP(S) GET: resolves DNS itself and refuses forbidden addresses before
 * connecting (and again for every redirect, at most 5), connects to the checked
 * address only (no second resolution), streams the body under a size limit,
 * enforces a total time limit, checks the content type, and supports
 * conditional requests (ETag / Last-Modified → 304).
 */
import { lookup as dnsLookup } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isForbiddenAddress } from "./address.js";

export const USER_AGENT = "FaultlineBot/0.1 (+https://github.com/faultline; conflict event coder)";

export interface FetchOptions {
  /** Allow private, loopback, link-local... addresses everywhere. Default false. */
  allowPrivate?: boolean;
  /** Origins' `host:port` (as in `URL.host`) that may be private, e.g. an intranet server or a test server. */
  allowOrigins?: string[];
  /** Body size limit in bytes (default 5 MB). */
  maxBytes?: number;
  /** Total time limit in ms, redirects included (default 20 s). */
  timeoutMs?: number;
  /** Accepted media types (prefix match, e.g. "text/", "application/rss+xml"); empty = any. */
  accept?: string[];
  /** Conditional request validators from a previous response. */
  etag?: string | null;
  lastModified?: string | null;
  /** Maximum redirects (default 5). */
  maxRedirects?: number;
}

export interface FetchResult {
  /** Final URL after redirects. */
  url: string;
  status: number;
  /** True for 304 Not Modified (body empty). */
  notModified: boolean;
  contentType: string;
  body: string;
  etag: string | null;
  lastModified: string | null;
}

/** A refused or failed fetch; `code` says why. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly code: "forbidden-address" | "too-large" | "timeout" | "content-type" | "http-status" | "redirects" | "bad-url" | "network",
    readonly status?: number,
  ) {
    super(message);
  }
}

const DEFAULTS = { maxBytes: 5 * 1024 * 1024, timeoutMs: 20_000, maxRedirects: 5 };

/** A DNS lookup that fails when any resolved address is forbidden. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family as number | undefined }, (err, addrs) => {
      if (err) return callback(err, "", 0);
      const bad = addrs.find((a) => isForbiddenAddress(a.address));
      if (bad && !allowPrivate) {
        return callback(new FetchError(`refused: ${hostname} resolves to ${bad.address}`, "forbidden-address"), "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: typeof addrs) => void)(null, addrs);
      callback(null, addrs[0].address, addrs[0].family);
    });
  };
}

function privateAllowed(u: URL, o: FetchOptions): boolean {
  return !!o.allowPrivate || (o.allowOrigins ?? []).includes(u.host);
}

function checkUrl(raw: string, o: FetchOptions): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FetchError(`not a URL: ${raw}`, "bad-url");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new FetchError(`unsupported scheme in ${raw}`, "bad-url");
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !privateAllowed(u, o) && isForbiddenAddress(host)) {
    throw new FetchError(`refused: ${host} is not a public address`, "forbidden-address");
  }
  return u;
}

interface Hop {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function requestOnce(u: URL, o: Required<Pick<FetchOptions, "maxBytes">> & FetchOptions, signal: AbortSignal): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: "*/*", "accept-encoding": "identity" };
    if (o.etag) headers["if-none-match"] = o.etag;
    if (o.lastModified) headers["if-modified-since"] = o.lastModified;
    const mod = u.protocol === "https:" ? https : http;
    const req = mod.request(u, { method: "GET", headers, lookup: guardedLookup(privateAllowed(u, o)), signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        return resolve({ status, headers: res.headers, body: "" });
      }
      const declared = Number(res.headers["content-length"] ?? NaN);
      if (declared > o.maxBytes) {
        req.destroy();
        return reject(new FetchError(`body of ${u} is larger than ${o.maxBytes} bytes`, "too-large"));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > o.maxBytes) {
          req.destroy();
          reject(new FetchError(`body of ${u} is larger than ${o.maxBytes} bytes`, "too-large"));
          return;
        }
        chunks.push(c);
      });
      res.on("end", () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", (err) => reject(err instanceof FetchError ? err : signal.aborted ? signal.reason : new FetchError(`${u}: ${err.message}`, "network")));
    req.end();
  });
}

/** GET `url` safely (see the module comment). Throws `FetchError`. */
export async function safeFetch(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const o = { ...DEFAULTS, ...opts };
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new FetchError(`timed out after ${o.timeoutMs} ms: ${url}`, "timeout")), o.timeoutMs);
  try {
    let u = checkUrl(url, o);
    for (let hop = 0; ; hop++) {
      const res = await requestOnce(u, o, ctl.signal);
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        const loc = res.headers.location;
        if (!loc) throw new FetchError(`redirect without location from ${u}`, "http-status", res.status);
        if (hop >= o.maxRedirects) throw new FetchError(`more than ${o.maxRedirects} redirects from ${url}`, "redirects");
        u = checkUrl(new URL(loc, u).toString(), o);
        continue;
      }
      const contentType = String(res.headers["content-type"] ?? "").toLowerCase();
      const result: FetchResult = {
        url: u.toString(), status: res.status, notModified: res.status === 304, contentType, body: res.body,
        etag: (res.headers.etag as string) ?? null, lastModified: (res.headers["last-modified"] as string) ?? null,
      };
      if (result.notModified) return result;
      if (res.status < 200 || res.status >= 300) throw new FetchError(`HTTP ${res.status} from ${u}`, "http-status", res.status);
      if (o.accept?.length && !o.accept.some((a) => contentType.startsWith(a))) {
        throw new FetchError(`unexpected content type "${contentType || "none"}" from ${u}`, "content-type");
      }
      return result;
    }
  } catch (err) {
    if (ctl.signal.aborted && ctl.signal.reason instanceof FetchError) throw ctl.signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
