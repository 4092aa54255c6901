/** Safe fetching for ingestion: HTTP with address checks and limits, robots.txt, feeds, politeness (page text: ../html.ts). */
export { isForbiddenAddress } from "./address.js";
export { FetchError, USER_AGENT, safeFetch, type FetchOptions, type FetchResult } from "./http.js";
export { Robots, RobotsCache } from "./robots.js";
export { parseFeed, looksLikeFeed, type Feed, type FeedItem } from "./feed.js";
export { HostPacer, backoffMs } from "./polite.js";
