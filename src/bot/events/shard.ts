import { type Client, Events } from 'discord.js';
import type { BotContext } from '../context.js';
import { disallowedIntentsHelp } from '../errors.js';

// The gateway, as an operator needs to see it: each shard's ready, disconnect, reconnect, resume and re-identify,
// logged with the shard's number (discord.js runs every shard in this one process, over the one archive).

const DISALLOWED_INTENTS = 4014;

/** Why a shard's connection closed, in words, for the close codes an operator can act on. */
const CLOSE_REASONS: Record<number, string> = {
  4004: 'authentication failed: DISCORD_TOKEN is wrong or was reset',
  4010: 'invalid shard',
  4011: 'sharding required',
  4013: 'invalid intents',
  [DISALLOWED_INTENTS]: 'disallowed intents',
};

export function register(client: Client, ctx: BotContext): void {
  const { log, metrics } = ctx;
  const readies = new Map<number, number>();
  const shards = (): number => client.options.shardCount ?? 1;
  const up = (id: number, v: 0 | 1) => metrics.shardUp.set({ shard: String(id) }, v);

  client.on(Events.ShardReady, (id, unavailable) => {
    const n = (readies.get(id) ?? 0) + 1;
    readies.set(id, n);
    up(id, 1);
    const servers = client.guilds.cache.filter((g) => g.shardId === id).size;
    const missing = unavailable?.size ? `, ${unavailable.size} unavailable` : '';
    if (n === 1) log.info(`gateway shard ${id}/${shards()} ready: ${servers} server(s)${missing}`);
    else log.warn(`gateway shard ${id}/${shards()} re-identified (a new session; events during the gap were missed)`);
  });
  client.on(Events.ShardResume, (id, replayed) => {
    up(id, 1);
    log.info(`gateway shard ${id}/${shards()} resumed its session (${replayed} event(s) replayed)`);
  });
  client.on(Events.ShardReconnecting, (id) => {
    up(id, 0);
    log.warn(`gateway shard ${id}/${shards()} disconnected; reconnecting`);
  });
  client.on(Events.ShardDisconnect, (event, id) => {
    up(id, 0);
    const why = CLOSE_REASONS[event.code] ?? 'see https://discord.com/developers/docs/events/gateway#close-codes';
    log.error(`gateway shard ${id}/${shards()} disconnected for good: close code ${event.code} (${why})`);
    if (event.code === DISALLOWED_INTENTS) log.error(disallowedIntentsHelp(ctx.config.DISCORD_APPLICATION_ID));
  });
  client.on(Events.ShardError, (e, id) => log.warn(`gateway shard ${id}/${shards()} error: ${e.message}`));
  client.on(Events.Invalidated, () => log.error('the gateway session was invalidated; the bot cannot go on'));
}
