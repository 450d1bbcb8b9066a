import type { Config } from '../config/config.js';
import { TokenBuckets } from '../limits/token-buckets.js';
import type { Logger } from '../log.js';
import type { LiveArchive } from '../search/live-archive.js';
import { PageCache } from './pages.js';

export interface BotContext {
  config: Config;
  log: Logger;
  live: LiveArchive;
  userLimit: TokenBuckets;
  channelLimit: TokenBuckets;
  pages: PageCache;
  /** Replies under way, awaited on shutdown. */
  inflight: Set<Promise<unknown>>;
}

export function createContext(config: Config, log: Logger, live: LiveArchive): BotContext {
  return {
    config,
    log,
    live,
    userLimit: new TokenBuckets(config.RATE_LIMIT_USER_PER_MINUTE),
    channelLimit: new TokenBuckets(config.RATE_LIMIT_CHANNEL_PER_MINUTE),
    pages: new PageCache(),
    inflight: new Set(),
  };
}

/** Track a piece of work so shutdown can wait for it. */
export function track<T>(ctx: BotContext, work: Promise<T>): Promise<T> {
  ctx.inflight.add(work);
  void work.finally(() => ctx.inflight.delete(work)).catch(() => {});
  return work;
}
