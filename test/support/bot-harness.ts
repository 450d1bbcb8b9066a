import { type RunningBot, startBot } from '../../src/bot/client.js';
import { type BotContext, createContext } from '../../src/bot/context.js';
import { createLogger } from '../../src/log.js';
import { LiveArchive } from '../../src/search/live-archive.js';
import { APP_ID, CHANNEL_ID, FakeDiscord, type FakeOptions, type Recorded, TOKEN } from './fake-discord.js';
import { testConfig } from './fixtures.js';

// The real discord.js bot logged in to a loopback fake Discord, for the bot's tests.

export interface Harness {
  fake: FakeDiscord;
  bot: RunningBot;
  ctx: BotContext;
  logs: string[];
  stop(): Promise<void>;
}

export async function startHarness(opts: {
  indexDir: string;
  env?: Record<string, string>;
  fake?: FakeOptions;
}): Promise<Harness> {
  const fake = new FakeDiscord(opts.fake);
  await fake.start();
  const config = testConfig({
    INDEX_DIR: opts.indexDir,
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_REST_URL: fake.restUrl,
    PUBLIC_BASE_URL: 'https://news.example.org',
    LOG_LEVEL: 'debug',
    ...opts.env,
  });
  const logs: string[] = [];
  const log = createLogger('debug', (l) => logs.push(l));
  const ctx = createContext(config, log, await LiveArchive.open(config, log));
  const bot = await startBot(ctx, { retries: 0 });
  return {
    fake,
    bot,
    ctx,
    logs,
    async stop() {
      // The client first, then the fake: the other order leaves a reconnect loop.
      await bot.client.destroy();
      ctx.live.close();
      await fake.stop();
    },
  };
}

/** The bot's reply (a message referencing `messageId`) in a channel. */
export const replyTo =
  (messageId: string, channelId = CHANNEL_ID) =>
  (r: Recorded): boolean =>
    r.method === 'POST' &&
    r.path === `/channels/${channelId}/messages` &&
    r.status === 200 &&
    r.body.message_reference?.message_id === messageId;

/** A reaction the bot put on `messageId`. */
export const reactionOn =
  (messageId: string) =>
  (r: Recorded): boolean =>
    r.method === 'PUT' && r.path.includes(`/messages/${messageId}/reactions/`);

/** The callback of interaction `id`. */
export const callbackOf =
  (i: { id: string; token: string }) =>
  (r: Recorded): boolean =>
    r.path === `/interactions/${i.id}/${i.token}/callback`;

/** The edit of a deferred reply. */
export const editOf =
  (i: { token: string }) =>
  (r: Recorded): boolean =>
    r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`;

export const description = (r: Recorded): string =>
  r.body.embeds?.[0]?.description ?? r.body.data?.embeds?.[0]?.description ?? '';

/** Quote lines of an embed, markdown escapes removed. */
export const quotesIn = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('> '))
    // Unescaped "**" is the bold that marks the answer inside the quote; escaped characters are the quote's own.
    .map((l) =>
      l
        .slice(2)
        .replace(/(?<!\\)\*\*/gu, '')
        .replace(/\\([!-/:-@[-`{-~])/gu, '$1')
        .replace(/@\u200b/gu, '@'),
    );
