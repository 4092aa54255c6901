/** Per-host politeness: at most one request to a host every `delayMs`. */
export class HostPacer {
  private readonly next = new Map<string, number>();

  constructor(private readonly delayMs = 1000) {}

  /** Wait until `url`'s host may be contacted again, and book the following slot. */
  async wait(url: string): Promise<void> {
    const host = new URL(url).host;
    const now = Date.now();
    const at = Math.max(now, this.next.get(host) ?? 0);
    this.next.set(host, at + this.delayMs);
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }
}

/** Exponential backoff with full jitter: a random delay in [0, min(cap, base·2^attempt)). */
export function backoffMs(attempt: number, baseMs = 30_000, capMs = 3_600_000, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30)));
}
