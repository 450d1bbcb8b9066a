import type { Config } from '../config/config.js';
import type { Logger } from '../log.js';
import type { LiveArchive } from '../search/live-archive.js';
import { ChannelSender } from './channel-sender.js';
import { type SlashCommand, slashCommands } from './commands/index.js';
import { Conversations } from './conversations.js';
import { Flood } from './flood.js';
import { BotMetrics } from './metrics.js';
import { PageCache } from './pages.js';

export interface BotContext {
  config: Config;
  log: Logger;
  live: LiveArchive;
  commands: Map<string, SlashCommand>;
  flood: Flood;
  sender: ChannelSender;
  pages: PageCache;
  conversations: Conversations;
  metrics: BotMetrics;
  /** Replies under way, awaited on shutdown. */
  inflight: Set<Promise<unknown>>;
  /** Set on shutdown: no new questions are taken. */
  stopping: boolean;
}

export function createContext(config: Config, log: Logger, live: LiveArchive): BotContext {
  return {
    config,
    log,
    live,
    commands: new Map(slashCommands(config).map((c) => [c.data.name, c])),
    flood: new Flood({
      userPerMinute: config.RATE_LIMIT_USER_PER_MINUTE,
      channelPerMinute: config.RATE_LIMIT_CHANNEL_PER_MINUTE,
      queueMax: config.RATE_LIMIT_CHANNEL_QUEUE,
      maxWaitMs: config.RATE_LIMIT_CHANNEL_WAIT_SECONDS * 1000,
    }),
    sender: new ChannelSender(),
    pages: new PageCache(),
    conversations: new Conversations(),
    metrics: new BotMetrics(),
    inflight: new Set(),
    stopping: false,
  };
}

/** Track a piece of work so shutdown can wait for it. */
export function track<T>(ctx: BotContext, work: Promise<T>): Promise<T> {
  ctx.inflight.add(work);
  void work.finally(() => ctx.inflight.delete(work)).catch(() => {});
  return work;
}
