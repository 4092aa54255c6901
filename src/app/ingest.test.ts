import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite } from "../store/sqlite/index.js";
import { Coder } from "./coder.js";
import { WebReader, ingest, ingestItems, type IngestOptions } from "./ingest.js";
import { pollFeed, parseDuration, parseFeedList, type FeedState } from "./watch.js";

let server: Server;
let base = "";
let host = "";
let feedStatus = 200;
const hits: string[] = [];
const dir = mkdtempSync(join(tmpdir(), "faultline-ingest-"));

const page = (title: string, body: string) =>
  `<html><head><title>${title}</title><meta property="article:published_time" content="2025-03-15T09:00:00Z"></head>` +
  `<body><nav>Menu</nav><article><p>${body}</p></article></body></html>`;

const brokenFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>${"BASE"}/story/1</link><description>Text of story one.</description></item>
<item><title>Broken <b></title><link>${"BASE"}/story/x</link></item>
<item><title>Two</title><link>${"BASE"}/story/2</link><description>Text of story two.</description></item>
<item><title>Cut off`;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    const url = req.url ?? "";
    if (url === "/robots.txt") return res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nDisallow: /private");
    if (url === "/broken.rss") return res.writeHead(200, { "content-type": "application/rss+xml" }).end(brokenFeed.replaceAll("BASE", base));
    if (url === "/good.rss") {
      if (feedStatus !== 200) return res.writeHead(feedStatus).end();
      if (req.headers["if-none-match"] === '"f1"') return res.writeHead(304).end();
      return res.writeHead(200, { "content-type": "application/rss+xml", etag: '"f1"' })
        .end(`<rss version="2.0"><channel><item><guid>g1</guid><link>${base}/story/1</link></item></channel></rss>`);
    }
    const m = /^\/(story|private)\/(\w+)$/.exec(url);
    if (m) return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(`Story ${m[2]}`, `Body of ${m[1]} ${m[2]}.`));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://${host}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

function options(store: ReturnType<typeof openSqlite>, errors: string[] = []): IngestOptions {
  return { store, queue: true, fetch: { allowOrigins: [host] }, hostDelayMs: 0, onError: (s, m) => errors.push(`${s}: ${m}`) };
}

describe("ingest (queue mode, no coding)", () => {
  it("reads files and folders, reports bad JSONL lines, and deduplicates on a second run", async () => {
    const sub = join(dir, "in");
    mkdirSync(join(sub, "nested"), { recursive: true });
    writeFileSync(join(sub, "a.txt"), "Plain text report about a meeting.");
    writeFileSync(join(sub, "nested", "b.html"), page("Page B", "Report B about a protest."));
    writeFileSync(join(sub, "c.jsonl"), [
      JSON.stringify({ id: "c1", text: "Line one report.", date: "2025-03-10", url: "https://paper.test/c1" }),
      "{broken",
      JSON.stringify({ id: "c2", text: "Plain text report about a meeting." }),
    ].join("\n"));
    writeFileSync(join(sub, "d.rss"), `<rss><channel><item><title>T</title><description>&lt;p&gt;Feed file item.&lt;/p&gt;</description></item></channel></rss>`);
    const store = openSqlite(":memory:");
    const errors: string[] = [];
    const s1 = await ingest([sub], options(store, errors));
    expect(s1).toMatchObject({ seen: 5, new: 4, duplicate: 1, failed: 1, queued: 4 });
    expect(errors[0]).toMatch(/c\.jsonl: line 2/);
    const docs = (await store.listDocuments({ withText: true })).items;
    expect(docs.find((d) => d.title === "Page B")?.text).toBe("Report B about a protest.");
    expect(docs.find((d) => d.url === "https://paper.test/c1")?.date).toBe("2025-03-10");
    const s2 = await ingest([sub], options(store));
    expect(s2).toMatchObject({ new: 0, duplicate: 5, queued: 0 });
    expect((await store.stats()).jobs.queued).toBe(4);
    await store.close();
  });

  it("keeps the complete items of a feed with broken XML and reports the error", async () => {
    const store = openSqlite(":memory:");
    const errors: string[] = [];
    const s = await ingest([`${base}/broken.rss`], options(store, errors));
    expect(errors.some((e) => /broken XML/.test(e))).toBe(true);
    expect(s.new).toBe(2);
    const titles = (await store.listDocuments()).items.map((d) => d.title).sort();
    expect(titles).toEqual(["Story 1", "Story 2"]);
    const noFollow = openSqlite(":memory:");
    await ingest([`${base}/broken.rss`], { ...options(noFollow), follow: false });
    expect((await noFollow.listDocuments({ withText: true })).items.map((d) => d.text).sort()).toEqual(["Text of story one.", "Text of story two."]);
    await store.close();
    await noFollow.close();
  });

  it("obeys robots.txt and refuses private addresses unless allowed", async () => {
    const store = openSqlite(":memory:");
    const errors: string[] = [];
    const before = hits.length;
    const s = await ingest([`${base}/private/1`, `${base}/story/9`], options(store, errors));
    expect(s).toMatchObject({ new: 1, failed: 1 });
    expect(errors[0]).toMatch(/robots\.txt disallows/);
    expect(hits.slice(before)).not.toContain("/private/1");
    const e2: string[] = [];
    const s2 = await ingest([`${base}/story/3`], { store, queue: true, onError: (_s, m) => e2.push(m) });
    expect(s2.failed).toBe(1);
    expect(e2[0]).toMatch(/refused/);
    await store.close();
  });
});

describe("watch", () => {
  it("polls with conditional requests and backs off after errors", async () => {
    const store = openSqlite(":memory:");
    const web = new WebReader({ allowOrigins: [host] }, 0);
    const st: FeedState = { url: `${base}/good.rss`, etag: null, lastModified: null, errors: 0, nextAt: 0, seen: new Set() };
    const polls: string[] = [];
    const opts = { ...options(store), feeds: [st.url], intervalMs: 1000, onPoll: (_f: string, r: { status: string }) => polls.push(r.status) };
    await pollFeed(st, web, opts);
    await pollFeed(st, web, opts);
    expect(polls).toEqual(["new", "not-modified"]);
    expect(st.etag).toBe('"f1"');
    expect((await store.stats()).documents).toBe(1);
    feedStatus = 503;
    st.etag = null;
    const t = Date.now();
    await pollFeed(st, web, { ...opts, backoffBaseMs: 10_000 });
    expect(polls[2]).toBe("error");
    expect(st.errors).toBe(1);
    expect(st.nextAt).toBeGreaterThanOrEqual(t + 1000);
    feedStatus = 200;
    await store.close();
  });

  it("parses durations and feed lists", () => {
    expect(parseDuration("15m")).toBe(900_000);
    expect(parseDuration("90s")).toBe(90_000);
    expect(() => parseDuration("soon")).toThrow(/duration/);
    expect(parseFeedList("# feeds\nhttps://a.test/rss\n\nhttp://b.test/atom # b\n")).toEqual(["https://a.test/rss", "http://b.test/atom"]);
    expect(() => parseFeedList("file:///etc/passwd")).toThrow(/line 1/);
  });
});

describe("ingest (coding)", () => {
  it("stores the coder's records as JSON.stringify writes them (packed with the coder's own writer)", async () => {
    const coder = new Coder();
    const doc = { id: "w1", text: "Gunmen killed three villagers in Maiduguri on Friday, police said. Soldiers later clashed with the gunmen.", date: "2025-03-15" };
    const store = openSqlite(":memory:");
    async function* one() {
      yield { doc };
    }
    const s = await ingestItems(one(), { store, coder });
    expect(s.mentions).toBeGreaterThan(0);
    const records = coder.code(doc);
    // The same records saved as objects (JSON.stringify) give the stored signature: nothing to re-code.
    expect(await store.saveCoded("w1", records)).toEqual({ mentions: 0, created: 0, merged: 0 });
    const stored = await store.getEvent(records[0].id);
    const mention = stored?.mentions?.find((m) => m.id === records[0].id);
    expect(JSON.stringify({ ...mention, url: undefined, title: undefined, published: undefined })).toBe(JSON.stringify(records[0]));
    await store.close();
  });
});

