import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../src/bot/client.js';
import { type BotContext, createContext } from '../src/bot/context.js';
import { createLogger } from '../src/log.js';
import { LiveArchive } from '../src/search/live-archive.js';
import {
  APP_ID,
  CHANNEL_ID,
  FakeDiscord,
  QUESTION_CHANNEL_ID,
  type Recorded,
  snowflake,
  TOKEN,
} from './support/fake-discord.js';
import { buildTestIndex, testConfig, testEmbedder } from './support/fixtures.js';

const fake = new FakeDiscord();
let bot: RunningBot;
let ctx: BotContext;
const logs: string[] = [];

beforeAll(async () => {
  await fake.start();
  const e = await testEmbedder();
  const { indexDir } = await buildTestIndex({ embedder: e });
  await e.dispose();
  const config = testConfig({
    INDEX_DIR: indexDir,
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_REST_URL: fake.restUrl,
    DISCORD_QUESTION_CHANNELS: QUESTION_CHANNEL_ID,
    PUBLIC_BASE_URL: 'https://news.example.org',
    RATE_LIMIT_USER_PER_MINUTE: '4',
  });
  const log = createLogger('debug', (l) => logs.push(l));
  ctx = createContext(config, log, await LiveArchive.open(config, log));
  bot = await startBot(ctx, { retries: 0 });
});

afterAll(async () => {
  // The client first, then the fake: the other order leaves a reconnect loop.
  await bot?.client.destroy();
  await fake.stop();
});

const replyTo = (messageId: string) => (r: Recorded) =>
  r.method === 'POST' &&
  r.path === `/channels/${CHANNEL_ID}/messages` &&
  r.body?.message_reference?.message_id === messageId;
const description = (r: Recorded): string =>
  r.body.embeds?.[0]?.description ?? r.body.data?.embeds?.[0]?.description ?? '';
/** Quote lines of an embed, markdown escapes removed. */
const quotesIn = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('> '))
    // Unescaped "**" is the bold that marks the answer inside the quote; escaped characters are the quote's own.
    .map((l) =>
      l
        .slice(2)
        .replace(/(?<!\\)\*\*/gu, '')
        .replace(/\\([*_~`|>\\[\]()-])/gu, '$1'),
    );

describe('the bot against a loopback Discord', () => {
  it('answers a mention with a verbatim quote and a source link', async () => {
    const id = fake.userMessage(`<@222222222222222222> 开发区向多少家外经外贸外资企业选派了首席服务员？`, {
      mention: true,
      userId: snowflake(),
    });
    const reply = await fake.waitFor(replyTo(id));
    const text = description(reply);
    const quotes = quotesIn(text);
    expect(quotes.length).toBeGreaterThan(0);
    const archive = ctx.live.current;
    for (const q of quotes) expect(archive.articles.some((a) => a.text.includes(q.replace(/…$/u, '')))).toBe(true);
    expect(quotes.join('')).toContain('16家');
    expect(text).toMatch(
      /— \[开发区助力外向型经济发展\]\(https:\/\/news\.example\.org\/articles\/[0-9a-f]{12}\?q=[^)]+#c\d+\) · 濮阳日报 · 2020-03-18/u,
    );
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply.auth).toBe(`Bot ${TOKEN}`);
  });

  it('answers any message in a question channel, without a mention', async () => {
    const id = fake.userMessage('雪汇食品公司总经理是谁？', { channelId: QUESTION_CHANNEL_ID, userId: snowflake() });
    const reply = await fake.waitFor(
      (r) => r.path === `/channels/${QUESTION_CHANNEL_ID}/messages` && r.body?.message_reference?.message_id === id,
    );
    expect(quotesIn(description(reply)).join('')).toContain('张峰');
  });

  it('/ask defers within the 3 seconds, then edits the reply with the answer', async () => {
    const { id, token } = fake.command('ask', { question: '恒丰电子已申请了多少项专利？' });
    const ack = await fake.waitFor((r) => r.path === `/interactions/${id}/${token}/callback`);
    expect(ack.body.type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    const edit = await fake.waitFor(
      (r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${token}/messages/@original`,
    );
    expect(quotesIn(description(edit)).join('')).toContain('14项');
    expect(edit.body.components[0].components.map((c: { label: string }) => c.label)).toEqual([
      'Previous',
      'More results',
    ]);
  });

  it('a button click pages through further results', async () => {
    const { token } = fake.command('ask', { question: '开发区复工复产' });
    const edit = await fake.waitFor(
      (r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${token}/messages/@original`,
    );
    const more = edit.body.components[0].components[1];
    expect(more.disabled).toBe(false);
    const click = fake.click(more.custom_id, {
      id: snowflake(),
      channel_id: CHANNEL_ID,
      author: { id: '222222222222222222', username: 'newsbot', discriminator: '0', bot: true },
      content: '',
      embeds: edit.body.embeds,
      components: edit.body.components,
      attachments: [],
      mentions: [],
      mention_roles: [],
      pinned: false,
      tts: false,
      type: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      mention_everyone: false,
    });
    const update = await fake.waitFor((r) => r.path === `/interactions/${click.id}/${click.token}/callback`);
    expect(update.body.type).toBe(7); // UPDATE_MESSAGE
    expect(update.body.data.embeds[0].footer.text).toMatch(/page 2 of \d+/u);
    expect(update.body.data.components[0].components[0].disabled).toBe(false); // Previous is live now
  });

  it('an expired button says so, privately', async () => {
    const click = fake.click('page:0123456789ab:1', {
      id: snowflake(),
      channel_id: CHANNEL_ID,
      author: { id: '222222222222222222', username: 'newsbot', discriminator: '0', bot: true },
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      pinned: false,
      tts: false,
      type: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      mention_everyone: false,
    });
    const r = await fake.waitFor((x) => x.path === `/interactions/${click.id}/${click.token}/callback`);
    expect(r.body.data.content).toMatch(/expired/u);
    expect(r.body.data.flags).toBe(64);
  });

  it('/news lists a sample date', async () => {
    const { id, token } = fake.command('news', { date: '2020-03-17' });
    const r = await fake.waitFor((x) => x.path === `/interactions/${id}/${token}/callback`);
    expect(r.body.type).toBe(4);
    expect(r.body.data.embeds[0].description).toContain('濮阳市医药医疗器械产业园揭牌开园');
  });

  it('/news autocomplete offers dates that have articles', async () => {
    const { id, token } = fake.command('news', { date: '2020-03' }, { focused: 'date' });
    const r = await fake.waitFor((x) => x.path === `/interactions/${id}/${token}/callback`);
    expect(r.body.type).toBe(8);
    const values = r.body.data.choices.map((c: { value: string }) => c.value);
    expect(values).toContain('2020-03-17');
    for (const v of values) expect(v.startsWith('2020-03')).toBe(true);
  });

  it('/source opens an article, and /about tells the search mode', async () => {
    const article = ctx.live.current.findArticles('恒丰电子')[0]!;
    const s = fake.command('source', { article: article.id });
    const r = await fake.waitFor((x) => x.path === `/interactions/${s.id}/${s.token}/callback`);
    expect(r.body.data.embeds[0].title).toBe('恒丰电子：让更多“濮阳造”走出国门');
    const a = fake.command('about', {});
    const about = await fake.waitFor((x) => x.path === `/interactions/${a.id}/${a.token}/callback`);
    expect(about.body.data.embeds[0].description).toMatch(/hybrid/u);
  });

  it('a flood from one user hits the rate limit, politely', async () => {
    const userId = snowflake();
    const ids = Array.from({ length: 6 }, () =>
      fake.userMessage('<@222222222222222222> 首席服务员', { mention: true, userId }),
    );
    const replies = await Promise.all(ids.map((id) => fake.waitFor(replyTo(id))));
    const limited = replies.filter((r) => /faster than I can keep up/u.test(r.body.content ?? ''));
    expect(limited.length).toBe(2);
    expect(replies.filter((r) => r.body.embeds?.length).length).toBe(4);
  });

  it('a question containing @everyone produces a reply that pings nobody', async () => {
    const id = fake.userMessage('<@222222222222222222> @everyone @here <@&777777777777777777> 首席服务员？', {
      mention: true,
      userId: snowflake(),
    });
    const r = await fake.waitFor(replyTo(id));
    expect(r.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    // and the echoed question cannot form a mention even where it is shown
    expect(r.body.embeds[0].title).not.toMatch(/@everyone|@here/u);
  });

  it('an empty mention gets help text', async () => {
    const id = fake.userMessage('<@222222222222222222>', { mention: true, userId: snowflake() });
    const r = await fake.waitFor(replyTo(id));
    expect(r.body.content).toMatch(/Ask a question about the local news/u);
  });

  it('survives a 500 from the REST API on a reply, and answers the next question', async () => {
    fake.failNext('POST', /^\/channels\/\d+\/messages$/u, 500);
    const first = fake.userMessage('<@222222222222222222> 雪汇食品公司招录了多少名贫困人员？', {
      mention: true,
      userId: snowflake(),
    });
    await fake.waitFor(replyTo(first));
    await new Promise((r) => setTimeout(r, 200));
    expect(logs.some((l) => /reply to a question failed: .*500/u.test(l))).toBe(true);
    const second = fake.userMessage('<@222222222222222222> 恒丰电子主要生产什么产品？', {
      mention: true,
      userId: snowflake(),
    });
    const r = await fake.waitFor((x) => replyTo(second)(x) && x.body.embeds?.length > 0);
    expect(quotesIn(description(r)).join('')).toContain('均苯四甲酸酐');
  });

  it('an unexpected error gives the user an error id and logs the stack', async () => {
    const real = ctx.live;
    ctx.live = {
      get current() {
        return { ...real.current, ask: () => Promise.reject(new Error('boom in search')) } as never;
      },
    } as never;
    try {
      const { token } = fake.command('ask', { question: '首席服务员' }, { userId: snowflake() });
      const r = await fake.waitFor(
        (x) => x.method === 'PATCH' && x.path === `/webhooks/${APP_ID}/${token}/messages/@original`,
      );
      const errorId = /error id `([0-9a-f]{8})`/u.exec(r.body.content)?.[1];
      expect(errorId).toBeDefined();
      expect(logs.some((l) => l.includes(`handler error ${errorId}`) && l.includes('boom in search'))).toBe(true);
    } finally {
      ctx.live = real;
    }
  });

  it('register-commands puts the four slash commands in the guild', async () => {
    await promisify(execFile)('node_modules/.bin/tsx', ['src/cli/register-commands.ts'], {
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_GUILD_ID: '333333333333333333',
        DISCORD_REST_URL: fake.restUrl,
      },
    });
    const put = await fake.waitFor(
      (r) => r.method === 'PUT' && r.path === `/applications/${APP_ID}/guilds/333333333333333333/commands`,
    );
    expect(put.body.map((c: { name: string }) => c.name)).toEqual(['ask', 'news', 'source', 'about']);
    const askCommand = put.body[0];
    expect(askCommand.options.map((o: { name: string }) => o.name)).toEqual(['question', 'from', 'to']);
  });

  it('never writes the token into a log', () => {
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  // Last: it stops the bot.
  it('on shutdown finishes the reply under way, then takes no new questions', async () => {
    const real = ctx.live;
    const slow = {
      ...real.current,
      ask: async (...args: Parameters<typeof real.current.ask>) => {
        await new Promise((r) => setTimeout(r, 400));
        return real.current.ask(...args);
      },
    };
    ctx.live = {
      get current() {
        return slow as never;
      },
    } as never;
    const id = fake.userMessage('<@222222222222222222> 恒丰电子已申请了多少项专利？', {
      mention: true,
      userId: snowflake(),
    });
    await new Promise((r) => setTimeout(r, 100)); // the question is in flight
    await bot.stop(5_000);
    // stop() resolved only after the reply was sent
    expect(fake.requests.some(replyTo(id))).toBe(true);
    const late = fake.userMessage('<@222222222222222222> 恒丰电子', { mention: true, userId: snowflake() });
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.requests.some(replyTo(late))).toBe(false);
    ctx.live = real;
  });
});
