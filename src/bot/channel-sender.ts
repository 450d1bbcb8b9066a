// Posting into a channel under Discord's per-channel send limit (5 messages per 5 s at the time of writing; the
// real numbers are read from the X-RateLimit-* headers of each response). Sends wait here, in the bot's own order,
// rather than in discord.js's queue, so that:
// - answers get the budget, notices only what answers do not need (a notice that cannot go at once does not go);
// - one user cannot take a window's budget from the others: a user's first answer in a window goes first, oldest
//   first; a user's further answers go while most of the window's budget is left, or at the window's very end
//   when it would otherwise be lost.

/** What a response told of the channel's budget. */
export interface BudgetHeaders {
  limit?: number;
  remaining?: number;
  resetAfterMs?: number;
  retryAfterMs?: number;
}

interface Pending {
  userId: string;
  send: () => void;
}

interface ChannelState {
  limit: number;
  remaining: number;
  /** When Discord's window resets (Infinity until a response has said). */
  resetAt: number;
  /** Answers per user in the current window. */
  sent: Map<string, number>;
  queue: Pending[];
  busy: boolean;
  timer?: NodeJS.Timeout;
}

/** A user's further answers in a window take budget only while more than this share of it is left. */
const REPEAT_SHARE = 0.6;
/** In a window's last moments, budget nobody claimed goes to whoever waits. */
const LAST_CALL_MS = 300;

export class ChannelSender {
  private readonly channels = new Map<string, ChannelState>();
  private hurry = false;

  constructor(private readonly now: () => number = Date.now) {}

  /** An answer: posted as soon as the channel's budget allows, fairly between the users waiting. */
  answer<T>(channelId: string, userId: string, post: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const c = this.channel(channelId);
      c.queue.push({ userId, send: () => this.run(channelId, c, userId, post).then(resolve, reject) });
      this.pump(channelId, c);
    });
  }

  /** A notice (help, "too fast"): posted only when no answer needs the budget; false when it was not posted. */
  async notice(channelId: string, userId: string, post: () => Promise<unknown>): Promise<boolean> {
    const c = this.channel(channelId);
    this.refresh(c);
    if (c.busy || c.queue.length > 0 || !this.plenty(c)) return false;
    await this.run(channelId, c, userId, post);
    return true;
  }

  /** Record what Discord said of a channel's budget (from the response to a send there). */
  observe(channelId: string, h: BudgetHeaders): void {
    const c = this.channel(channelId);
    const t = this.now();
    if (h.limit !== undefined) c.limit = h.limit;
    if (h.remaining !== undefined) c.remaining = h.remaining;
    if (h.resetAfterMs !== undefined) c.resetAt = t + h.resetAfterMs;
    if (h.retryAfterMs !== undefined && h.retryAfterMs > 0) {
      c.remaining = 0;
      c.resetAt = t + h.retryAfterMs;
    }
  }

  /** Shutting down: no holding back for fairness; what waits goes as fast as the budget allows. */
  flush(): void {
    this.hurry = true;
    for (const [id, c] of this.channels) this.pump(id, c);
  }

  /** Answers waiting for a channel's budget. */
  get waiting(): number {
    let n = 0;
    for (const c of this.channels.values()) n += c.queue.length;
    return n;
  }

  private channel(channelId: string): ChannelState {
    let c = this.channels.get(channelId);
    if (!c) {
      c = {
        limit: Number.POSITIVE_INFINITY,
        remaining: Number.POSITIVE_INFINITY,
        resetAt: 0,
        sent: new Map(),
        queue: [],
        busy: false,
      };
      this.channels.set(channelId, c);
      if (this.channels.size > 1000) this.sweep();
    }
    return c;
  }

  /** A new window: the budget is whole again (as far as the bot knows until the next response says). */
  private refresh(c: ChannelState): void {
    if (this.now() < c.resetAt) return;
    c.remaining = c.limit;
    c.resetAt = Number.POSITIVE_INFINITY;
    c.sent.clear();
  }

  private async run<T>(channelId: string, c: ChannelState, userId: string, post: () => Promise<T>): Promise<T> {
    c.busy = true;
    c.remaining -= 1;
    c.sent.set(userId, (c.sent.get(userId) ?? 0) + 1);
    try {
      return await post();
    } finally {
      c.busy = false;
      this.pump(channelId, c);
    }
  }

  /** One send at a time per channel, so each response's headers are known before the next send is chosen. */
  private pump(channelId: string, c: ChannelState): void {
    if (c.busy || c.queue.length === 0) return;
    if (c.timer) clearTimeout(c.timer);
    c.timer = undefined;
    this.refresh(c);
    const t = this.now();
    if (c.remaining <= 0) {
      this.wake(channelId, c, c.resetAt - t);
      return;
    }
    const first = c.queue.findIndex((p) => !c.sent.has(p.userId));
    const repeatOk = this.hurry || this.plenty(c) || c.resetAt - t <= LAST_CALL_MS;
    const pick = first >= 0 ? first : repeatOk ? 0 : -1;
    if (pick < 0) {
      this.wake(channelId, c, c.resetAt - LAST_CALL_MS - t);
      return;
    }
    c.queue.splice(pick, 1)[0]!.send();
  }

  /** Most of the window's budget is left (or Discord has not said what the budget is). */
  private plenty(c: ChannelState): boolean {
    return !Number.isFinite(c.limit) || c.remaining > Math.floor(c.limit * REPEAT_SHARE);
  }

  private wake(channelId: string, c: ChannelState, ms: number): void {
    c.timer = setTimeout(() => this.pump(channelId, c), Math.max(1, Number.isFinite(ms) ? ms : 1000));
    c.timer.unref();
  }

  /** Forget channels with nothing waiting whose window has passed. */
  private sweep(): void {
    const t = this.now();
    for (const [id, c] of this.channels)
      if (!c.busy && c.queue.length === 0 && c.resetAt <= t) this.channels.delete(id);
  }
}
