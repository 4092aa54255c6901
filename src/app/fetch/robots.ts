/**
 * robots.txt: a small parser (User-agent groups, Allow/Disallow with `*` and `$`,
 * longest match wins, Allow wins ties) and a per-origin cache.
 */
import { FetchError, USER_AGENT, safeFetch, type FetchOptions } from "./http.js";

interface Rule {
  allow: boolean;
  pattern: string;
}

/** Parsed robots.txt: the rule groups by lower-case user-agent token. */
export class Robots {
  private constructor(private readonly groups: Map<string, Rule[]>) {}

  /** Parse robots.txt text (unknown lines ignored, never throws). */
  static parse(text: string): Robots {
    const groups = new Map<string, Rule[]>();
    let agents: string[] = [];
    let inRules = false;
    for (const raw of text.split(/\r\n|\r|\n/)) {
      const line = raw.replace(/#.*$/, "").trim();
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const field = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (field === "user-agent") {
        if (inRules) agents = [];
        inRules = false;
        const ua = value.toLowerCase();
        agents.push(ua);
        if (!groups.has(ua)) groups.set(ua, []);
      } else if (field === "allow" || field === "disallow") {
        inRules = true;
        if (field === "disallow" && value === "") continue;
        for (const a of agents) groups.get(a)!.push({ allow: field === "allow", pattern: value });
      }
    }
    return new Robots(groups);
  }

  /** The rules for a user agent: the longest group token contained in its product name, else "*". */
  private rulesFor(userAgent: string): Rule[] {
    const product = userAgent.toLowerCase().split("/")[0];
    let best: string | null = null;
    for (const token of this.groups.keys()) {
      if (token !== "*" && product.includes(token) && (!best || token.length > best.length)) best = token;
    }
    return this.groups.get(best ?? "*") ?? [];
  }

  /** Whether `userAgent` may fetch the path (+ query) of `url`. */
  isAllowed(url: string, userAgent: string = USER_AGENT): boolean {
    const u = new URL(url);
    const path = decodePath(u.pathname + u.search);
    let verdict: Rule | null = null;
    for (const rule of this.rulesFor(userAgent)) {
      if (!matches(decodePath(rule.pattern), path)) continue;
      const longer = !verdict || rule.pattern.length > verdict.pattern.length;
      const tieAllow = verdict && rule.pattern.length === verdict.pattern.length && rule.allow;
      if (longer || tieAllow) verdict = rule;
    }
    return verdict ? verdict.allow : true;
  }
}

function decodePath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

/** Does a robots pattern (prefix match, `*` any run, trailing `$` end anchor) match `path`? Linear-time glob matching. */
export function matches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith("$");
  const pat = anchored ? pattern.slice(0, -1) : pattern;
  let p = 0;
  let s = 0;
  let star = -1;
  let mark = 0;
  while (s < path.length) {
    if (p < pat.length && pat[p] !== "*" && pat[p] === path[s]) {
      p++;
      s++;
    } else if (p < pat.length && pat[p] === "*") {
      star = p++;
      mark = s;
    } else if (p === pat.length && !anchored) {
      return true;
    } else if (star >= 0) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.length && pat[p] === "*") p++;
  return p === pat.length;
}

/** Fetches and caches robots.txt per origin (missing or 4xx robots.txt ⇒ everything allowed; 5xx or network error ⇒ nothing). */
export class RobotsCache {
  private readonly cache = new Map<string, { robots: Robots; until: number }>();

  constructor(
    private readonly fetchOpts: FetchOptions = {},
    private readonly ttlMs = 3_600_000,
  ) {}

  async isAllowed(url: string): Promise<boolean> {
    const origin = new URL(url).origin;
    const now = Date.now();
    let hit = this.cache.get(origin);
    if (!hit || hit.until < now) {
      hit = { robots: await this.load(origin), until: now + this.ttlMs };
      this.cache.set(origin, hit);
    }
    return hit.robots.isAllowed(url);
  }

  private async load(origin: string): Promise<Robots> {
    try {
      const res = await safeFetch(origin + "/robots.txt", { ...this.fetchOpts, maxBytes: 512 * 1024, accept: [] });
      return Robots.parse(res.body);
    } catch (err) {
      if (err instanceof FetchError && err.code === "http-status" && err.status! >= 400 && err.status! < 500) return Robots.parse("");
      if (err instanceof FetchError && err.code === "forbidden-address") throw err;
      return Robots.parse("User-agent: *\nDisallow: /");
    }
  }
}
