/**
 * RSS 2.0 and Atom feeds → items. Broken XML is reported; when the document as a
 * whole does not parse, every complete `<item>` / `<entry>` element that parses
 * on its own is still kept (and the error is returned with them).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface FeedItem {
  /** guid / id, else the link. */
  id: string | null;
  url: string | null;
  title: string | null;
  /** ISO date-time or null. */
  date: string | null;
  /** content:encoded / content, else description / summary (HTML possible). */
  content: string | null;
}

export interface Feed {
  title: string | null;
  items: FeedItem[];
  /** Set when the XML was broken (items then holds what could be recovered). */
  error: string | null;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === "item" || name === "entry" || name === "link",
});

type Node = Record<string, unknown>;

function text(v: unknown): string | null {
  if (v == null) return null;
  if (typeof v === "string" || typeof v === "number") return String(v).trim() || null;
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === "object") return text((v as Node)["#text"]);
  return null;
}

function link(v: unknown): string | null {
  const links = Array.isArray(v) ? (v as unknown[]) : v == null ? [] : [v];
  for (const l of links) {
    if (typeof l === "string") return l.trim() || null;
    const n = l as Node;
    if (n["@href"] && (!n["@rel"] || n["@rel"] === "alternate")) return String(n["@href"]).trim();
  }
  return null;
}

function isoDate(v: string | null): string | null {
  if (!v) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function item(n: Node, base: string | null): FeedItem {
  const rawUrl = link(n.link) ?? text(n.guid);
  let url: string | null = null;
  try {
    url = rawUrl ? new URL(rawUrl, base ?? undefined).toString() : null;
  } catch {
    url = null;
  }
  return {
    id: text(n.guid) ?? text(n.id) ?? url,
    url,
    title: text(n.title),
    date: isoDate(text(n.pubDate) ?? text(n.published) ?? text(n.updated) ?? text(n["dc:date"])),
    content: text(n["content:encoded"]) ?? text(n.content) ?? text(n.description) ?? text(n.summary),
  };
}

/** Complete `<tag ...>...</tag>` elements found by plain scanning (no regex backtracking). */
function elements(xml: string, tag: string): string[] {
  const out: string[] = [];
  const close = `</${tag}>`;
  let from = 0;
  for (;;) {
    let start = xml.indexOf(`<${tag}`, from);
    while (start >= 0 && !/[\s>]/.test(xml[start + tag.length + 1] ?? "")) start = xml.indexOf(`<${tag}`, start + 1);
    if (start < 0) return out;
    const end = xml.indexOf(close, start);
    if (end < 0) return out;
    out.push(xml.slice(start, end + close.length));
    from = end + close.length;
  }
}

/** Parse an RSS 2.0 or Atom feed. `base` resolves relative links. Throws when nothing is a feed. */
export function parseFeed(xml: string, base: string | null = null): Feed {
  const valid = XMLValidator.validate(xml);
  if (valid === true) {
    const doc = parser.parse(xml) as Node;
    const rss = (doc.rss as Node | undefined)?.channel as Node | undefined;
    const atom = doc.feed as Node | undefined;
    const rdf = doc["rdf:RDF"] as Node | undefined;
    const root = rss ?? atom ?? rdf;
    if (!root) throw new Error("not an RSS or Atom feed");
    const items = ((root.item ?? root.entry ?? rdf?.item ?? []) as Node[]).map((n) => item(n, base));
    return { title: text(root.title) ?? text((rdf?.channel as Node | undefined)?.title), items, error: null };
  }
  const error = `broken XML at line ${valid.err.line}: ${valid.err.msg}`;
  const items: FeedItem[] = [];
  for (const tag of ["item", "entry"]) {
    for (const chunk of elements(xml, tag)) {
      if (XMLValidator.validate(chunk) !== true) continue;
      const n = (parser.parse(chunk) as Node)[tag];
      items.push(item((Array.isArray(n) ? n[0] : n) as Node, base));
    }
  }
  return { title: null, items, error };
}

/** Does this text look like a feed (root element rss, feed or rdf:RDF)? */
export function looksLikeFeed(body: string): boolean {
  const head = body.slice(0, 2048);
  return head.includes("<rss") || head.includes("<feed") || head.includes("<rdf:RDF");
}
