import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BoundedMap } from '../src/bot/bounded-map.js';
import { ChannelSender } from '../src/bot/channel-sender.js';
import { Conversations } from '../src/bot/conversations.js';
import { Flood, type FloodSettings } from '../src/bot/flood.js';

// The bot's flood control and memory, on a fake clock.

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const flood = (s: Partial<FloodSettings> = {}) =>
  new Flood({ userPerMinute: 2, channelPerMinute: 100, queueMax: 10, maxWaitMs: 60_000, ...s });

describe('Flood', () => {
  it('a user over their limit hears it once a window, then nothing; the limit refills', () => {
    const f = flood();
    expect(f.request('u', 'c').ok).toBe(true);
    expect(f.request('u', 'c').ok).toBe(true);
    expect(f.request('u', 'c')).toMatchObject({ ok: false, scope: 'user', notify: true });
    expect(f.request('u', 'c')).toMatchObject({ ok: false, scope: 'user', notify: false });
    vi.advanceTimersByTime(30_000); // one question's worth at 2 a minute
    expect(f.request('u', 'c').ok).toBe(true);
    expect(f.request('u', 'c')).toMatchObject({ ok: false, scope: 'user', notify: false });
    vi.advanceTimersByTime(60_000);
    f.request('u', 'c');
    f.request('u', 'c');
    expect(f.request('u', 'c')).toMatchObject({ ok: false, scope: 'user', notify: true }); // a new window
  });

  it('a busy channel lines questions up oldest first, and serves them at its pace', async () => {
    const f = flood({ userPerMinute: 10, channelPerMinute: 2 }); // a turn every 30 s once the two are used
    const served: string[] = [];
    for (const u of ['a', 'b', 'c', 'd']) {
      const r = f.request(u, 'c');
      expect(r.ok).toBe(true);
      if (r.ok) void r.turn.then(() => served.push(u));
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(served).toEqual(['a', 'b']);
    expect(f.waiting).toBe(2);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(served).toEqual(['a', 'b', 'c']);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(served).toEqual(['a', 'b', 'c', 'd']);
    expect(f.waiting).toBe(0);
  });

  it('a line too long to serve in time refuses, without blame, and spends nothing of the asker', () => {
    const f = flood({ userPerMinute: 1, channelPerMinute: 2, maxWaitMs: 60_000 });
    for (const u of ['a', 'b', 'c', 'd']) expect(f.request(u, 'c').ok).toBe(true); // d waits 60 s
    expect(f.request('e', 'c')).toMatchObject({ ok: false, scope: 'channel' }); // would wait 90 s
    // e's one question a minute is still there: the refusal took nothing
    expect(f.request('e', 'other').ok).toBe(true);
  });

  it('a full line refuses too', () => {
    const f = flood({ userPerMinute: 10, channelPerMinute: 1, queueMax: 1 });
    expect(f.request('a', 'c').ok).toBe(true); // the channel's one turn
    expect(f.request('b', 'c').ok).toBe(true); // waits
    expect(f.request('c', 'c')).toMatchObject({ ok: false, scope: 'channel' });
  });

  it('on shutdown every waiting question goes at once', async () => {
    const f = flood({ userPerMinute: 10, channelPerMinute: 1 });
    f.request('a', 'c');
    const r = f.request('b', 'c');
    let went = false;
    if (r.ok) void r.turn.then(() => (went = true));
    f.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(went).toBe(true);
  });
});

describe('ChannelSender', () => {
  /** A channel under Discord's limit of 5 per 5 s, answering with its headers as the fake Discord does. */
  function discordChannel(sender: ChannelSender) {
    let windowEnd = 0;
    let used = 0;
    const sent: string[] = [];
    const post = (label: string) => async () => {
      const t = Date.now();
      if (t >= windowEnd) {
        windowEnd = t + 5000;
        used = 0;
      }
      used++;
      if (used > 5) throw new Error(`429: ${label} sent over the limit`);
      sent.push(label);
      sender.observe('ch', { limit: 5, remaining: 5 - used, resetAfterMs: windowEnd - t });
    };
    return { sent, post };
  }

  it("one user's answers cannot take the window from the others; nothing goes over the limit", async () => {
    const sender = new ChannelSender();
    const ch = discordChannel(sender);
    const done: Promise<unknown>[] = [];
    for (let i = 1; i <= 6; i++) done.push(sender.answer('ch', 'flooder', ch.post(`A${i}`)));
    await vi.advanceTimersByTimeAsync(0);
    for (const u of ['b', 'c', 'd']) done.push(sender.answer('ch', u, ch.post(u)));
    await vi.advanceTimersByTimeAsync(0);
    // the flooder's first two went at once; then everyone else's first answer before the flooder's third
    expect(ch.sent).toEqual(['A1', 'A2', 'b', 'c', 'd']);
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all(done);
    expect(ch.sent).toEqual(['A1', 'A2', 'b', 'c', 'd', 'A3', 'A4', 'A5', 'A6']);
  });

  it('a notice goes only when no answer needs the budget', async () => {
    const sender = new ChannelSender();
    const ch = discordChannel(sender);
    expect(await sender.notice('ch', 'u', ch.post('notice 1'))).toBe(true);
    await sender.answer('ch', 'a', ch.post('a'));
    await sender.answer('ch', 'b', ch.post('b'));
    // two of five left: they are kept for answers
    expect(await sender.notice('ch', 'u', ch.post('notice 2'))).toBe(false);
    expect(ch.sent).toEqual(['notice 1', 'a', 'b']);
  });

  it('a 429 stops the channel until Retry-After has passed', async () => {
    const sender = new ChannelSender();
    const sent: number[] = [];
    sender.observe('ch', { limit: 5, remaining: 3, resetAfterMs: 5000, retryAfterMs: 2000 });
    const p = sender.answer('ch', 'a', async () => void sent.push(Date.now()));
    await vi.advanceTimersByTimeAsync(1999);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    await p;
    expect(sent.length).toBe(1);
  });
});

describe('what the bot remembers is bounded', () => {
  it('in number and in age', () => {
    const m = new BoundedMap<number>(3, 1000);
    for (let i = 0; i < 5; i++) m.set(`k${i}`, i);
    expect(m.size).toBe(3);
    expect(m.get('k0')).toBeUndefined();
    expect(m.get('k4')).toBe(4);
    vi.advanceTimersByTime(1001);
    expect(m.get('k4')).toBeUndefined();
  });

  it("a thread's context is its first question, or the answer it was opened on", () => {
    const c = new Conversations({ max: 10, ttlMs: 60_000 });
    c.rememberThread('t1', { question: 'first', articleIds: ['a'] });
    c.rememberThread('t1', { question: 'second', articleIds: ['b'] });
    expect(c.thread('t1')?.question).toBe('first');
    c.rememberAnswer('m1', { question: 'answered', articleIds: ['c'] });
    c.rememberThread('m1', { question: 'asked in the thread', articleIds: [] });
    expect(c.thread('m1')?.question).toBe('answered');
  });
});
