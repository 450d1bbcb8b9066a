import type { RunningBot } from './client.js';
import type { BotContext } from './context.js';
import { health } from './health.js';

// The operator's two pages, served by the web server beside the citation pages: /healthz (200 when every shard is
// ready, else 503, with the gateway state, index version and mode) and /metrics (Prometheus).

export interface OpsReply {
  status: number;
  type: string;
  body: string;
  headers: Record<string, string>;
}

export function opsRoutes(bot: () => RunningBot | undefined, ctx: BotContext): Record<string, () => Promise<OpsReply>> {
  return {
    '/healthz': async () => {
      const h = health(bot()?.client, ctx);
      return {
        status: h.ok ? 200 : 503,
        type: 'application/json; charset=utf-8',
        body: JSON.stringify(h),
        headers: { 'Cache-Control': 'no-store' },
      };
    },
    '/metrics': async () => {
      ctx.metrics.waiting.set({ stage: 'line' }, ctx.flood.waiting);
      ctx.metrics.waiting.set({ stage: 'send' }, ctx.sender.waiting);
      const m = await ctx.metrics.render();
      return { status: 200, type: m.contentType, body: m.body, headers: { 'Cache-Control': 'no-store' } };
    },
  };
}
