import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

// The bot's Prometheus metrics, served at /metrics. One registry per bot (not prom-client's global one), so a
// process that runs two bots (the tests) counts each apart.

/** How a question reached the bot. */
export type Via = 'mention' | 'channel' | 'reply' | 'ask';
/** What became of it. */
export type Outcome = 'answered' | 'unanswered' | 'chatter' | 'error';

export class BotMetrics {
  readonly registry = new Registry();
  readonly questions = new Counter({
    name: 'newsbot_questions_total',
    help: 'Questions taken up, by how they reached the bot (a follow-up by reply counts as "reply")',
    labelNames: ['via'] as const,
    registers: [this.registry],
  });
  readonly outcomes = new Counter({
    name: 'newsbot_answers_total',
    help: 'Questions by outcome: answered with quotes, unanswered (closest articles only), chatter, error',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'newsbot_answer_seconds',
    help: 'From receiving a question to the reply being accepted by Discord, waits in line included',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'newsbot_rate_limited_total',
    help: "Questions the bot's own limits refused: scope user (too fast) or channel (line full)",
    labelNames: ['scope'] as const,
    registers: [this.registry],
  });
  readonly discordRateLimited = new Counter({
    name: 'newsbot_discord_rate_limited_total',
    help: "Requests that waited for Discord's rate limits (discord.js rateLimited events), by route",
    labelNames: ['route'] as const,
    registers: [this.registry],
  });
  readonly discordErrors = new Counter({
    name: 'newsbot_discord_errors_total',
    help: 'Failed Discord requests, by Discord error code (or HTTP status, or "network")',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly shardUp = new Gauge({
    name: 'newsbot_gateway_shard_ready',
    help: 'Whether each gateway shard is connected and ready (1) or not (0)',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });
  readonly waiting = new Gauge({
    name: 'newsbot_waiting_questions',
    help: "Questions waiting: for their channel's turn (line) or for Discord's send budget (send)",
    labelNames: ['stage'] as const,
    registers: [this.registry],
  });

  /** Answered among answered and unanswered, computed when scraped. */
  readonly answeredRatio: Gauge;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'newsbot_' });
    const outcomes = this.outcomes;
    this.answeredRatio = new Gauge({
      name: 'newsbot_answered_ratio',
      help: 'Share of answered and unanswered questions that were answered with quotes, since start',
      registers: [this.registry],
      async collect() {
        const values = (await outcomes.get()).values;
        const n = (o: Outcome): number => values.find((v) => v.labels.outcome === o)?.value ?? 0;
        const asked = n('answered') + n('unanswered');
        this.set(asked > 0 ? n('answered') / asked : 0);
      },
    });
  }

  /** Prometheus text exposition. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
