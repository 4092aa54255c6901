import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isForbiddenAddress } from "./address.js";
import { FetchError, safeFetch } from "./http.js";
import { backoffMs, HostPacer } from "./polite.js";
import { matches, Robots, RobotsCache } from "./robots.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base = "";
let host = "";
const hits: string[] = [];
const routes = new Map<string, Handler>();

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    const h = routes.get(req.url ?? "");
    if (h) h(req, res);
    else res.writeHead(404).end("no");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://${host}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const allowed = () => ({ allowOrigins: [host] });

async function refusal(p: Promise<unknown>): Promise<FetchError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(FetchError);
  return err as FetchError;
}

describe("forbidden addresses", () => {
  it.each([
    ["127.0.0.1", true], ["10.0.0.8", true], ["172.20.1.1", true], ["192.168.1.1", true], ["169.254.169.254", true],
    ["224.0.0.1", true], ["0.0.0.0", true], ["255.255.255.255", true], ["100.64.0.1", true],
    ["::1", true], ["::", true], ["fe80::1", true], ["fd00::1", true], ["ff02::1", true],
    ["::ffff:127.0.0.1", true], ["::ffff:7f00:1", true], ["::ffff:a9fe:a9fe", true], ["64:ff9b::a00:1", true],
    ["8.8.8.8", false], ["93.184.216.34", false], ["2606:4700:4700::1111", false], ["::ffff:8.8.8.8", false],
    ["not-an-ip", true],
  ])("%s → %s", (ip, forbidden) => {
    expect(isForbiddenAddress(ip)).toBe(forbidden);
  });
});

describe("safeFetch", () => {
  it("refuses a loopback URL before connecting unless allowed", async () => {
    routes.set("/ok", (_q, r) => r.writeHead(200, { "content-type": "text/html" }).end("<p>hi</p>"));
    const before = hits.length;
    expect((await refusal(safeFetch(`${base}/ok`))).code).toBe("forbidden-address");
    expect((await refusal(safeFetch(`http://localhost:${host.split(":")[1]}/ok`))).code).toBe("forbidden-address");
    expect(hits.length).toBe(before);
    const res = await safeFetch(`${base}/ok`, allowed());
    expect(res.body).toBe("<p>hi</p>");
    expect(res.status).toBe(200);
  });

  it("re-checks every redirect: refuses one to a forbidden address, follows an allowed one, caps the count", async () => {
    routes.set("/to-meta", (_q, r) => r.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end());
    routes.set("/to-loopback-name", (_q, r) => r.writeHead(301, { location: `http://localhost:${host.split(":")[1]}/ok` }).end());
    routes.set("/to-mapped", (_q, r) => r.writeHead(307, { location: `http://[::ffff:127.0.0.1]:${host.split(":")[1]}/ok` }).end());
    routes.set("/to-ok", (_q, r) => r.writeHead(302, { location: "/ok" }).end());
    routes.set("/loop", (_q, r) => r.writeHead(302, { location: "/loop" }).end());
    expect((await refusal(safeFetch(`${base}/to-meta`, allowed()))).code).toBe("forbidden-address");
    expect((await refusal(safeFetch(`${base}/to-loopback-name`, allowed()))).code).toBe("forbidden-address");
    expect((await refusal(safeFetch(`${base}/to-mapped`, allowed()))).code).toBe("forbidden-address");
    expect((await safeFetch(`${base}/to-ok`, allowed())).url).toBe(`${base}/ok`);
    const before = hits.length;
    expect((await refusal(safeFetch(`${base}/loop`, allowed()))).code).toBe("redirects");
    expect(hits.length - before).toBe(6);
  });

  it("aborts an endless body past the size limit", async () => {
    routes.set("/endless", (_q, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = "x".repeat(16_384);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    const t = Date.now();
    expect((await refusal(safeFetch(`${base}/endless`, { ...allowed(), maxBytes: 200_000 }))).code).toBe("too-large");
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it("gives up on a slow server at the time limit", async () => {
    routes.set("/slow", (_q, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("a");
    });
    const t = Date.now();
    expect((await refusal(safeFetch(`${base}/slow`, { ...allowed(), timeoutMs: 300 }))).code).toBe("timeout");
    expect(Date.now() - t).toBeLessThan(3000);
  });

  it("checks the content type and the status", async () => {
    routes.set("/img", (_q, r) => r.writeHead(200, { "content-type": "image/png" }).end("png"));
    expect((await refusal(safeFetch(`${base}/img`, { ...allowed(), accept: ["text/"] }))).code).toBe("content-type");
    expect((await refusal(safeFetch(`${base}/missing`, allowed()))).status).toBe(404);
    expect((await refusal(safeFetch("ftp://example.com/x"))).code).toBe("bad-url");
  });

  it("makes conditional requests and reports 304", async () => {
    routes.set("/feed", (req, res) => {
      if (req.headers["if-none-match"] === '"v1"') return res.writeHead(304).end();
      res.writeHead(200, { "content-type": "application/rss+xml", etag: '"v1"', "last-modified": "Fri, 14 Mar 2025 10:00:00 GMT" }).end("<rss/>");
    });
    const first = await safeFetch(`${base}/feed`, allowed());
    expect(first).toMatchObject({ status: 200, notModified: false, etag: '"v1"' });
    const second = await safeFetch(`${base}/feed`, { ...allowed(), etag: first.etag, lastModified: first.lastModified });
    expect(second).toMatchObject({ status: 304, notModified: true, body: "" });
  });
});

describe("robots.txt", () => {
  const txt = [
    "# comment",
    "User-agent: OtherBot",
    "Disallow: /",
    "",
    "User-agent: *",
    "Disallow: /private/",
    "Allow: /private/open",
    "Disallow: /*.pdf$",
    "Disallow: /tmp",
    "Allow: /tmp",
    "",
    "User-agent: faultlinebot",
    "User-agent: another",
    "Disallow: /no-faultline",
  ].join("\n");

  it("uses the most specific group and the longest matching rule (Allow wins ties)", () => {
    const r = Robots.parse(txt);
    expect(r.isAllowed("https://x.test/no-faultline")).toBe(false);
    expect(r.isAllowed("https://x.test/private/a")).toBe(true);
    const star = (u: string) => r.isAllowed(u, "SomeCrawler/1.0");
    expect(star("https://x.test/private/a")).toBe(false);
    expect(star("https://x.test/private/open/doc")).toBe(true);
    expect(star("https://x.test/a/b.pdf")).toBe(false);
    expect(star("https://x.test/a/b.pdf?x=1")).toBe(true);
    expect(star("https://x.test/tmp/x")).toBe(true);
    expect(r.isAllowed("https://x.test/", "OtherBot/2")).toBe(false);
    expect(Robots.parse("").isAllowed("https://x.test/any")).toBe(true);
    expect(Robots.parse("User-agent: *\nDisallow:").isAllowed("https://x.test/any")).toBe(true);
  });

  it("matches wildcards in linear time", () => {
    expect(matches("/a*b*c", "/a-x-b-y-c-z")).toBe(true);
    expect(matches("/a*b$", "/axxbyy")).toBe(false);
    expect(matches("/a*b$", "/axxbyyb")).toBe(true);
    const t = Date.now();
    expect(matches("/" + "*a".repeat(40) + "$", "/" + "a".repeat(5000) + "b")).toBe(false);
    expect(Date.now() - t).toBeLessThan(500);
  });

  it("fetches and caches robots.txt per origin; a missing one allows all", async () => {
    routes.set("/robots.txt", (_q, r) => r.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nDisallow: /secret"));
    const cache = new RobotsCache(allowed());
    const before = hits.length;
    expect(await cache.isAllowed(`${base}/secret/page`)).toBe(false);
    expect(await cache.isAllowed(`${base}/public`)).toBe(true);
    expect(hits.slice(before).filter((h) => h === "/robots.txt")).toHaveLength(1);
    routes.delete("/robots.txt");
    expect(await new RobotsCache(allowed()).isAllowed(`${base}/secret/page`)).toBe(true);
  });
});

describe("politeness", () => {
  it("spaces requests to one host and backs off exponentially with jitter", async () => {
    const pacer = new HostPacer(100);
    const t = Date.now();
    await pacer.wait("https://a.test/1");
    await pacer.wait("https://b.test/1");
    expect(Date.now() - t).toBeLessThan(50);
    await pacer.wait("https://a.test/2");
    expect(Date.now() - t).toBeGreaterThanOrEqual(95);
    expect(backoffMs(0, 1000, 60_000, () => 0.999)).toBe(999);
    expect(backoffMs(3, 1000, 60_000, () => 0.5)).toBe(4000);
    expect(backoffMs(30, 1000, 60_000, () => 0.5)).toBe(30_000);
  });
});
