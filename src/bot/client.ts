import { Client, Events, GatewayIntentBits, Partials, RESTEvents } from 'discord.js';
import { redact } from '../log.js';
import type { BudgetHeaders } from './channel-sender.js';
import type { BotContext } from './context.js';
import { disallowedIntentsHelp } from './errors.js';
import { register as registerInteractions } from './events/interaction-create.js';
import { register as registerMessages } from './events/message-create.js';
import { register as registerShards } from './events/shard.js';
import { type Health, health } from './health.js';

export interface RunningBot {
  client: Client;
  /** Take no new questions, finish the replies under way (up to `graceMs`), then disconnect. */
  stop(graceMs?: number): Promise<void>;
  health(): Health;
}

/** Sends into a channel: the responses whose rate-limit headers tell the channel's send budget. */
const CHANNEL_SEND = /^\/channels\/(\d+)\/messages$/u;

function newClient(ctx: BotContext, retries: number | undefined): Client {
  const { config } = ctx;
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    partials: [Partials.Channel],
    // discord.js's own sharding, in this process: as many shards as /gateway/bot recommends, one archive for all.
    shards: 'auto',
    allowedMentions: { parse: [], repliedUser: false },
    rest: {
      ...(config.DISCORD_REST_URL ? { api: config.DISCORD_REST_URL } : {}),
      ...(retries !== undefined ? { retries } : {}),
    },
  });
}

/** Feed each channel send's rate-limit headers to the sender, and count Discord's rate limits. */
function watchRest(client: Client, ctx: BotContext): void {
  client.rest.on(RESTEvents.Response, (request, response) => {
    const channel = request.method.toUpperCase() === 'POST' ? CHANNEL_SEND.exec(request.path)?.[1] : undefined;
    if (!channel) return;
    const num = (h: string): number | undefined => {
      const v = response.headers.get(h);
      return v === null || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v);
    };
    const h: BudgetHeaders = {};
    const limit = num('x-ratelimit-limit');
    const remaining = num('x-ratelimit-remaining');
    const resetAfter = num('x-ratelimit-reset-after');
    const retryAfter = response.status === 429 ? num('retry-after') : undefined;
    if (limit !== undefined) h.limit = limit;
    if (remaining !== undefined) h.remaining = remaining;
    if (resetAfter !== undefined) h.resetAfterMs = resetAfter * 1000;
    if (retryAfter !== undefined) h.retryAfterMs = retryAfter * 1000;
    ctx.sender.observe(channel, h);
  });
  client.rest.on(RESTEvents.RateLimited, (info) => {
    ctx.metrics.discordRateLimited.inc({ route: info.route });
    ctx.log.debug(`Discord rate limit: waiting ${info.timeToReset} ms on ${info.method} ${info.route}`);
  });
}

/** Resolves when every shard is ready; rejects when Discord refuses the login for good (4014 and the like). */
function readyOrRefused(client: Client, ctx: BotContext): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, (c) => {
      ctx.log.info(`logged in to Discord as ${c.user.tag}; ${c.guilds.cache.size} server(s)`);
      resolve();
    });
    client.on(Events.ShardDisconnect, (event) => {
      if (client.isReady()) return;
      reject(
        new Error(
          event.code === 4014
            ? disallowedIntentsHelp(ctx.config.DISCORD_APPLICATION_ID)
            : `the gateway closed the connection with code ${event.code}`,
        ),
      );
    });
  });
}

/** Log in with the real discord.js client. The REST base URL is a setting (a proxy, or the tests' fake Discord). */
export async function startBot(ctx: BotContext, opts: { retries?: number } = {}): Promise<RunningBot> {
  const { config, log } = ctx;
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  redact(config.DISCORD_TOKEN);
  const client = newClient(ctx, opts.retries);
  registerShards(client, ctx);
  registerMessages(client, ctx);
  registerInteractions(client, ctx);
  watchRest(client, ctx);
  client.on(Events.Error, (e) => log.error(`discord client error: ${e.message}`));
  client.on(Events.Warn, (m) => log.warn(`discord: ${m}`));
  const ready = readyOrRefused(client, ctx);
  ready.catch(() => {}); // awaited below; a refusal may come before login() settles
  try {
    await Promise.race([client.login(config.DISCORD_TOKEN).then(() => ready), ready]);
  } catch (e) {
    await client.destroy();
    // discord.js says only "Used disallowed intents"; say which intent, and where to turn it on.
    if (/disallowed intents/iu.test((e as Error).message))
      throw new Error(disallowedIntentsHelp(config.DISCORD_APPLICATION_ID));
    throw e;
  }
  return {
    client,
    health: () => health(client, ctx),
    stop: (graceMs = config.SHUTDOWN_GRACE_SECONDS * 1000) => stopBot(client, ctx, graceMs),
  };
}

async function stopBot(client: Client, ctx: BotContext, graceMs: number): Promise<void> {
  if (ctx.stopping) return;
  // Take no new questions; let waiting ones go now, and finish those under way.
  ctx.stopping = true;
  ctx.flood.flush();
  ctx.sender.flush();
  const pending = [...ctx.inflight];
  if (pending.length > 0) {
    ctx.log.info(`finishing ${pending.length} reply(ies) before exit`);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => {
      timer = setTimeout(() => r('late'), graceMs);
    });
    const done = await Promise.race([Promise.allSettled(pending).then(() => 'done' as const), late]);
    clearTimeout(timer);
    if (done === 'late') ctx.log.warn(`${ctx.inflight.size} reply(ies) still under way after ${graceMs} ms; exiting`);
  }
  await client.destroy();
}
