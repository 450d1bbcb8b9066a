import { type Client, Status } from 'discord.js';
import type { BotContext } from './context.js';

// /healthz: is the bot connected (every shard), and what is it serving (index version and search mode).

export interface ShardHealth {
  id: number;
  status: string;
  ready: boolean;
  pingMs: number | null;
  servers: number;
}

export interface Health {
  ok: boolean;
  gateway: { ready: boolean; shards: ShardHealth[] };
  index: { version: string; mode: string; modeReason?: string; articles: number; builtAt: string };
  waiting: { line: number; send: number };
  stopping: boolean;
}

/** The bot's health; before the client exists (still starting), nothing is ready. */
export function health(client: Client | undefined, ctx: BotContext): Health {
  const shards = [...(client?.ws.shards.values() ?? [])].map((s) => ({
    id: s.id,
    status: String(Status[s.status] ?? s.status),
    ready: s.status === Status.Ready,
    pingMs: s.ping >= 0 ? s.ping : null,
    servers: client!.guilds.cache.filter((g) => g.shardId === s.id).size,
  }));
  const archive = ctx.live.current;
  const ready = shards.length > 0 && shards.every((s) => s.ready);
  return {
    ok: ready && !ctx.stopping,
    gateway: { ready, shards },
    index: {
      version: archive.data.version,
      mode: archive.mode,
      ...(archive.modeReason ? { modeReason: archive.modeReason } : {}),
      articles: archive.articles.length,
      builtAt: archive.data.meta.builtAt,
    },
    waiting: { line: ctx.flood.waiting, send: ctx.sender.waiting },
    stopping: ctx.stopping,
  };
}
