import { TokenBuckets } from '../limits/token-buckets.js';

// Flood control that keeps a channel usable for everyone. Each user has a budget of questions per minute; past it,
// they hear so once a minute at most, then nothing. A channel answers at its own pace: questions beyond it wait in
// line (bounded in length and in wait, oldest first) instead of being refused; only a line too long to be served in
// time refuses, and never blames the one who asked. A refused request spends nothing.

export interface FloodSettings {
  userPerMinute: number;
  channelPerMinute: number;
  /** Questions that may wait in one channel's line. */
  queueMax: number;
  /** The longest a question may wait for its turn. */
  maxWaitMs: number;
}

export type Admission =
  | { ok: true; waitMs: number; turn: Promise<void> }
  | { ok: false; scope: 'user'; retryMs: number; notify: boolean }
  | { ok: false; scope: 'channel'; retryMs: number };

/** A user hears at most one "too fast" notice in this long. */
export const NOTICE_WINDOW_MS = 60_000;

export class Flood {
  private readonly users: TokenBuckets;
  private readonly channels: TokenBuckets;
  private readonly lines = new Map<string, (() => void)[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly noticed = new Map<string, number>();
  private flushed = false;

  constructor(
    private readonly s: FloodSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.users = new TokenBuckets(s.userPerMinute, now);
    this.channels = new TokenBuckets(s.channelPerMinute, now);
  }

  /** Decide at once: refused, or admitted with a turn that comes when the channel can take the question. */
  request(userId: string, channelId: string): Admission {
    const userWait = this.users.waitFor(userId);
    if (userWait > 0) return { ok: false, scope: 'user', retryMs: userWait, notify: this.firstNotice(userId) };
    const line = this.lines.get(channelId) ?? [];
    const waitMs = this.flushed ? 0 : this.channels.waitFor(channelId, line.length + 1);
    if (line.length >= this.s.queueMax || waitMs > this.s.maxWaitMs)
      return { ok: false, scope: 'channel', retryMs: waitMs };
    this.users.take(userId);
    if (this.flushed || (line.length === 0 && this.channels.take(channelId) === 0))
      return { ok: true, waitMs: 0, turn: Promise.resolve() };
    const turn = new Promise<void>((resolve) => line.push(resolve));
    this.lines.set(channelId, line);
    this.schedule(channelId);
    return { ok: true, waitMs, turn };
  }

  /** Questions waiting in all channels' lines. */
  get waiting(): number {
    let n = 0;
    for (const line of this.lines.values()) n += line.length;
    return n;
  }

  /** Shutting down: every waiting question goes now, so its reply is made before the process exits. */
  flush(): void {
    this.flushed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const line of this.lines.values()) for (const go of line.splice(0)) go();
    this.lines.clear();
  }

  private firstNotice(userId: string): boolean {
    const t = this.now();
    const until = this.noticed.get(userId);
    if (until !== undefined && until > t) return false;
    this.noticed.set(userId, t + NOTICE_WINDOW_MS);
    if (this.noticed.size > 10_000) for (const [u, end] of this.noticed) if (end <= t) this.noticed.delete(u);
    return true;
  }

  private schedule(channelId: string): void {
    if (this.timers.has(channelId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(channelId);
      this.serve(channelId);
    }, this.channels.waitFor(channelId));
    timer.unref();
    this.timers.set(channelId, timer);
  }

  /** Oldest first: as many waiting questions as the channel has turns for now; then wait for the next turn. */
  private serve(channelId: string): void {
    const line = this.lines.get(channelId);
    if (!line) return;
    while (line.length > 0 && this.channels.take(channelId) === 0) line.shift()!();
    if (line.length === 0) this.lines.delete(channelId);
    else this.schedule(channelId);
  }
}
