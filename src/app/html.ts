/**
 * Main text of a web page: everything a reader sees as article text, with
 * scripts, styles, navigation, headers, footers, asides and hidden parts dropped,
 * paragraphs (and double <br>) kept apart by blank lines, a single <br> read as a
 * space, entities decoded; plus the title, publication date and language from the
 * page's metadata.
 */
import { Parser } from "htmlparser2";

/** What `extractHtml` reads from a page. */
export interface ExtractedHtml {
  /** og:title, else <title>, else the first <h1>; null when none. */
  title: string | null;
  /** The visible text, paragraphs separated by a blank line. */
  text: string;
  /** article:published_time / datePublished / <time datetime>, as written; null when none. */
  date: string | null;
  /** <html lang>, or null. */
  lang: string | null;
}

/** Elements whose content is never article text. */
const SKIP = new Set(["script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg", "iframe", "form", "button", "select", "object", "canvas", "menu", "dialog"]);

/** Elements that start a new paragraph. */
const BLOCK = new Set([
  "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "main", "blockquote",
  "tr", "table", "pre", "figure", "figcaption", "dd", "dt", "dl", "hr", "address", "details", "summary", "caption",
]);

/** Meta names/properties that carry the publication date. */
const DATE_META = new Set(["article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "og:published_time", "sailthru.date"]);

const SPACES = /\s+/g;
const LD_DATE = /"datePublished"\s*:\s*"([^"]{4,40})"/;

/** Extract the main text, title, date and language of an HTML page. Never throws on bad markup. */
export function extractHtml(html: string): ExtractedHtml {
  const paragraphs: string[] = [];
  let current: string[] = [];
  let skipDepth = 0;
  let inTitle = false;
  let inH1 = false;
  let inLdJson = false;
  let titleText = "";
  let h1Text = "";
  let ogTitle: string | null = null;
  let metaDate: string | null = null;
  let timeDate: string | null = null;
  let ldDate: string | null = null;
  let lang: string | null = null;
  const skipStack: boolean[] = [];
  /** A <br> was the last thing seen: a second one in a row ends the paragraph. */
  let afterBr = false;

  const flush = () => {
    if (current.length === 0) return;
    const p = current.join("").replace(SPACES, " ").trim();
    if (p) paragraphs.push(p);
    current = [];
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const hidden = "hidden" in attrs || attrs["aria-hidden"] === "true";
        const skip = SKIP.has(name) || hidden;
        skipStack.push(skip);
        if (name === "script" && (attrs.type ?? "").toLowerCase() === "application/ld+json") inLdJson = true;
        if (skip) skipDepth++;
        if (name === "html" && attrs.lang) lang = attrs.lang;
        else if (name === "title") inTitle = true;
        else if (name === "h1" && !h1Text) inH1 = true;
        else if (name === "meta") {
          const key = (attrs.property ?? attrs.name ?? attrs.itemprop ?? "").toLowerCase();
          const content = attrs.content?.trim();
          if (content && key === "og:title") ogTitle ??= content;
          if (content && DATE_META.has(key)) metaDate ??= content;
        } else if (name === "time" && attrs.datetime) timeDate ??= attrs.datetime;
        if (attrs.itemprop === "datePublished") metaDate ??= attrs.content ?? attrs.datetime ?? null;
        if (BLOCK.has(name) && skipDepth === 0) flush();
        if (name === "br" && skipDepth === 0) {
          if (afterBr) flush();
          else current.push(" ");
          afterBr = true;
        }
      },
      ontext(text) {
        if (inLdJson) {
          ldDate ??= LD_DATE.exec(text)?.[1] ?? null;
          return;
        }
        if (inTitle) {
          titleText += text;
          return;
        }
        if (skipDepth > 0) return;
        if (afterBr && text.trim() !== "") afterBr = false;
        if (inH1) h1Text += text;
        current.push(text);
      },
      onclosetag(name) {
        if (skipStack.pop()) skipDepth = Math.max(0, skipDepth - 1);
        if (name === "title") inTitle = false;
        else if (name === "h1") inH1 = false;
        else if (name === "script") inLdJson = false;
        if (BLOCK.has(name) && skipDepth === 0) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  flush();
  const clean = (s: string | null) => {
    const t = s?.replace(SPACES, " ").trim();
    return t ? t : null;
  };
  return {
    title: clean(ogTitle) ?? clean(titleText) ?? clean(h1Text),
    text: paragraphs.join("\n\n"),
    date: clean(metaDate) ?? clean(timeDate) ?? clean(ldDate),
    lang: clean(lang),
  };
}
