import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { redact } from '../log.js';
import type { BotContext } from './context.js';
import { register as registerInteractions } from './events/interaction-create.js';
import { register as registerMessages } from './events/message-create.js';

export interface RunningBot {
  client: Client;
  /** Finish replies under way (up to `graceMs`), then disconnect. */
  stop(graceMs?: number): Promise<void>;
}

/** Log in with the real discord.js client. The REST base URL is a setting (a proxy, or the tests' fake Discord). */
export async function startBot(ctx: BotContext, opts: { retries?: number } = {}): Promise<RunningBot> {
  const { config, log } = ctx;
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  redact(config.DISCORD_TOKEN);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    rest: {
      ...(config.DISCORD_REST_URL ? { api: config.DISCORD_REST_URL } : {}),
      ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
    },
  });
  registerMessages(client, ctx);
  registerInteractions(client, ctx);
  client.on(Events.Error, (e) => log.error(`discord client error: ${e.message}`));
  client.on(Events.Warn, (m) => log.warn(`discord: ${m}`));
  const ready = new Promise<void>((resolve) =>
    client.once(Events.ClientReady, (c) => {
      log.info(`logged in to Discord as ${c.user.tag}; ${c.guilds.cache.size} server(s)`);
      resolve();
    }),
  );
  await client.login(config.DISCORD_TOKEN);
  await ready;
  return {
    client,
    async stop(graceMs = 10_000) {
      // Take no new questions; finish the ones under way.
      client.removeAllListeners(Events.MessageCreate);
      client.removeAllListeners(Events.InteractionCreate);
      const pending = [...ctx.inflight];
      if (pending.length > 0) {
        log.info(`finishing ${pending.length} reply(ies) before exit`);
        await Promise.race([Promise.allSettled(pending), new Promise((r) => setTimeout(r, graceMs))]);
      }
      await client.destroy();
    },
  };
}
