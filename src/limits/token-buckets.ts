// Shared by every adapter that limits requests: the bot (per user, per channel) and the web pages (per client).
// Token buckets: `perMinute` tokens, refilled continuously; a burst may use the whole bucket at once.

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take a token for `key`; returns 0 if allowed, else the milliseconds until one is free. */
  take(key: string): number {
    const t = this.now();
    const b = this.refill(key, t);
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.prune(t);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return this.msUntil(b.tokens, 1);
  }

  /** The milliseconds until `key` has `n` tokens (0: it has them now), taking nothing. */
  waitFor(key: string, n = 1): number {
    return this.msUntil(this.refill(key, this.now()).tokens, n);
  }

  private refill(key: string, t: number): { tokens: number; at: number } {
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * (this.perMinute / 60_000));
    b.at = t;
    return b;
  }

  private msUntil(tokens: number, n: number): number {
    return tokens >= n ? 0 : Math.ceil((n - tokens) / (this.perMinute / 60_000));
  }

  private prune(t: number): void {
    for (const [k, b] of this.buckets) if (t - b.at > 120_000) this.buckets.delete(k);
  }
}
