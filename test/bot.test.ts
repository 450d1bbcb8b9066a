import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsRoutes } from '../src/bot/ops.js';
import { messages } from '../src/render/messages.js';
import type { AskOptions } from '../src/search/archive.js';
import {
  callbackOf,
  description,
  editOf,
  type Harness,
  quotesIn,
  reactionOn,
  replyTo,
  startHarness,
} from './support/bot-harness.js';
import { markupOf, wellFormed } from './support/discord-markup.js';
import {
  APP_ID,
  BOT_ID,
  CHANNEL_ID,
  QUESTION_CHANNEL_ID,
  type Recorded,
  snowflake,
  THREAD_ID,
  TOKEN,
} from './support/fake-discord.js';
import { buildTestIndex, sampleCopy, testEmbedder } from './support/fixtures.js';
import { waitUntil } from './support/wait.js';

// A feed written by someone else: markup, a masked phishing link, mentions, and URLs that are not http(s).
const HOSTILE = [
  {
    id: 'hostile-1',
    title: '**补贴** [通知](http://evil.example/t) <@&777777777777777777>',
    date: '2020-06-19',
    url: 'https://news.example.org/hostile-1',
    source: '某某日报 @everyone',
    text:
      '据悉，[官方通知](http://evil.example/phish)显示，市民可登录领取补贴。详见 https://evil.example/login 。' +
      '# 重要 ||剧透|| `代码` <@555555555555555555> @here <t:1:R>\n- 列表项\n1. 第一条\n> 引用',
  },
  { id: 'hostile-2', title: 'ftp', url: 'ftp://evil.example/file', text: '这一行的链接不是网页地址。' },
  { id: 'hostile-3', title: 'js', url: 'javascript:alert(1)', text: '这一行的链接是脚本。' },
];

let h: Harness;
let buildErrors: string[] = [];
const mention = `<@${BOT_ID}> `;
const asker = () => ({ mention: true, userId: snowflake() });

beforeAll(async () => {
  const corpus = sampleCopy();
  writeFileSync(join(corpus, 'hostile.jsonl'), `${HOSTILE.map((l) => JSON.stringify(l)).join('\n')}\n`);
  const e = await testEmbedder();
  const built = await buildTestIndex({ corpusDir: corpus, embedder: e });
  buildErrors = built.warnings.map((w) => `${w.file}${w.line !== undefined ? ` line ${w.line}` : ''}: ${w.message}`);
  await e.dispose();
  h = await startHarness({
    indexDir: built.indexDir,
    env: { DISCORD_QUESTION_CHANNELS: QUESTION_CHANNEL_ID, RATE_LIMIT_USER_PER_MINUTE: '4' },
    // Discord's real channel limit is exercised by bot-flood.test.ts; here it only must not slow every test down.
    fake: { channelLimit: { limit: 50, windowMs: 5000 } },
  });
});

afterAll(async () => {
  await h?.stop();
});

/** Calls to the archive's ask, recorded while `body` runs. */
async function recordingAsks<T>(body: (calls: { question: string; opts: AskOptions }[]) => Promise<T>): Promise<T> {
  const archive = h.ctx.live.current;
  const real = archive.ask.bind(archive);
  const calls: { question: string; opts: AskOptions }[] = [];
  archive.ask = (question, opts = {}) => {
    calls.push({ question, opts });
    return real(question, opts);
  };
  try {
    return await body(calls);
  } finally {
    archive.ask = real;
  }
}

/** Once a later message has been answered, nothing more is coming for the earlier one (events are handled in order). */
async function settled(channelId = CHANNEL_ID): Promise<void> {
  const id = h.fake.userMessage(`${mention}恒丰电子`, { mention: true, userId: snowflake(), channelId });
  await h.fake.waitFor(replyTo(id, channelId));
}

describe('answering', () => {
  it('answers a mention with a verbatim quote and a source link', async () => {
    const id = h.fake.userMessage(`${mention}开发区向多少家外经外贸外资企业选派了首席服务员？`, asker());
    const reply = await h.fake.waitFor(replyTo(id));
    const text = description(reply);
    const quotes = quotesIn(text);
    expect(quotes.length).toBeGreaterThan(0);
    const archive = h.ctx.live.current;
    for (const q of quotes) expect(archive.articles.some((a) => a.text.includes(q.replace(/…$/u, '')))).toBe(true);
    expect(quotes.join('')).toContain('16家');
    expect(text).toMatch(
      /— \[开发区助力外向型经济发展\]\(https:\/\/news\.example\.org\/articles\/[0-9a-f]{12}\?q=[^)]+#c\d+\) · 濮阳日报 · 2020年3月18日 星期三/u,
    );
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply.auth).toBe(`Bot ${TOKEN}`);
  });

  it('answers any message in a question channel, without a mention', async () => {
    const id = h.fake.userMessage('雪汇食品公司总经理是谁？', { channelId: QUESTION_CHANNEL_ID, userId: snowflake() });
    const reply = await h.fake.waitFor(replyTo(id, QUESTION_CHANNEL_ID));
    expect(quotesIn(description(reply)).join('')).toContain('张峰');
  });

  it('/ask defers within the 3 seconds, then edits the reply with the answer', async () => {
    const i = h.fake.command('ask', { question: '恒丰电子已申请了多少项专利？' });
    const ack = await h.fake.waitFor(callbackOf(i));
    expect(ack.body.type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    const edit = await h.fake.waitFor(editOf(i));
    expect(quotesIn(description(edit)).join('')).toContain('14项');
    // a Chinese question gets a Chinese reply, buttons and all (the asker's locale is en-US: the question decides)
    expect(edit.body.components?.[0]?.components.map((c) => c.label)).toEqual(['上一页', '更多结果']);
    expect(edit.body.embeds?.[0]?.footer?.text).toMatch(/^引自新闻档案/u);
  });

  it('a question containing @everyone produces a reply that pings nobody', async () => {
    const id = h.fake.userMessage(`${mention}@everyone @here <@&777777777777777777> 首席服务员？`, asker());
    const r = await h.fake.waitFor(replyTo(id));
    expect(r.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    // and the echoed question cannot form a mention even where it is shown
    const title = r.body.embeds?.[0]?.title ?? '';
    expect(markupOf(title).live).toEqual([]);
  });
});

describe('paging', () => {
  const clickMore = async (userId?: string) => {
    const i = h.fake.command('ask', { question: '开发区复工复产' });
    const edit = await h.fake.waitFor(editOf(i));
    const more = edit.body.components![0]!.components[1]!;
    expect(more.disabled).toBe(false);
    return { edit, click: h.fake.click(more.custom_id!, edit.body, userId) };
  };

  it('the asker pages through further results', async () => {
    const { click } = await clickMore();
    const update = await h.fake.waitFor(callbackOf(click));
    expect(update.body.type).toBe(7); // UPDATE_MESSAGE
    expect(update.body.data?.embeds?.[0]?.footer?.text).toMatch(/第2\/\d+页/u);
    expect(update.body.data?.components?.[0]?.components[0]?.disabled).toBe(false); // Previous is live now
  });

  it('anyone else pressing the button gets a copy of their own, and the answer stays as it was', async () => {
    const { click } = await clickMore(snowflake());
    const r = await h.fake.waitFor(callbackOf(click));
    expect(r.body.type).toBe(4); // a new message, not an update of the asker's
    expect(r.body.data?.flags).toBe(64); // seen only by the one who pressed
    expect(r.body.data?.embeds?.[0]?.footer?.text).toMatch(/第2\/\d+页/u);
    // their copy's buttons are theirs: pressing one turns their copy's page
    const theirs = r.body.data!.components![0]!.components[0]!.custom_id!;
    expect(theirs).not.toBe(click.id);
  });

  it('an expired button says so, privately', async () => {
    const click = h.fake.click('page:0123456789ab:1', { embeds: [], components: [] });
    const r = await h.fake.waitFor(callbackOf(click));
    expect(r.body.data?.content).toMatch(/expired/u);
    expect(r.body.data?.flags).toBe(64);
  });
});

describe('the reader’s language', () => {
  it('an English question gets an English reply', async () => {
    const id = h.fake.userMessage(`${mention}What did the paper say about the new industrial park?`, asker());
    const reply = await h.fake.waitFor(replyTo(id));
    expect(reply.body.embeds?.[0]?.footer?.text).toMatch(/^Quotes from the archive · /u);
  });

  it('/news of a bare date follows the reader’s Discord locale; of a Chinese date, Chinese', async () => {
    const cases = [
      ['2020-03-17', 'zh-CN', '2020年3月17日的新闻（共1篇）'],
      ['2020-03-17', 'zh-TW', '2020年3月17日的新闻（共1篇）'],
      ['2020-03-17', 'en-US', 'News of 2020-03-17 (1)'],
      ['2020年3月17日', 'en-US', '2020年3月17日的新闻（共1篇）'],
    ] as const;
    for (const [date, locale, title] of cases) {
      const i = h.fake.command('news', { date }, { locale });
      const r = await h.fake.waitFor(callbackOf(i));
      expect(r.body.data?.embeds?.[0]?.title).toBe(title);
    }
  });

  it('/about and a button’s notice follow the locale', async () => {
    const a = h.fake.command('about', {}, { locale: 'zh-CN' });
    expect((await h.fake.waitFor(callbackOf(a))).body.data?.embeds?.[0]?.title).toBe('关于本新闻档案');
    const click = h.fake.click('page:0123456789ab:1', { embeds: [], components: [] }, snowflake(), 'zh-TW');
    expect((await h.fake.waitFor(callbackOf(click))).body.data?.content).toBe(messages('zh').expired);
  });

  it('without words or a known locale, DEFAULT_REPLY_LANGUAGE decides', async () => {
    const real = h.ctx.config;
    try {
      for (const lang of ['en', 'zh'] as const) {
        h.ctx.config = { ...real, DEFAULT_REPLY_LANGUAGE: lang };
        const id = h.fake.userMessage(mention, asker()); // a message carries no locale
        expect((await h.fake.waitFor(replyTo(id))).body.content).toBe(messages(lang).help);
        const a = h.fake.command('about', {}, { locale: 'ja' });
        const title = (await h.fake.waitFor(callbackOf(a))).body.data?.embeds?.[0]?.title;
        expect(title).toBe(messages(lang).aboutTitle);
      }
    } finally {
      h.ctx.config = real;
    }
  });
});

describe('commands agree with themselves', () => {
  it('/news lists a sample date', async () => {
    const i = h.fake.command('news', { date: '2020-03-17' });
    const r = await h.fake.waitFor(callbackOf(i));
    expect(r.body.type).toBe(4);
    expect(r.body.data?.embeds?.[0]?.description).toContain('濮阳市医药医疗器械产业园揭牌开园');
  });

  it.each([
    ['2020-03', (v: string) => v.startsWith('2020-03')],
    ['2020-03-17', (v: string) => v === '2020-03-17'],
    ['2020/3/17', (v: string) => v === '2020-03-17'],
    ['2020.3.17', (v: string) => v === '2020-03-17'],
    ['3月17日', (v: string) => v.endsWith('-03-17')],
    ['2020年3月17日', (v: string) => v === '2020-03-17'],
    ['2020/3', (v: string) => v.startsWith('2020-03')],
  ])('/news autocomplete offers the dates "%s" names, as /news reads it', async (typed, fits) => {
    const i = h.fake.command('news', { date: typed }, { focused: 'date' });
    const r = await h.fake.waitFor(callbackOf(i));
    expect(r.body.type).toBe(8);
    const values = (r.body.data?.choices ?? []).map((c) => String(c.value));
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(fits(v)).toBe(true);
  });

  it('/source opens an article, and /about tells the search mode', async () => {
    const article = h.ctx.live.current.findArticles('恒丰电子')[0]!;
    const s = h.fake.command('source', { article: article.id });
    const r = await h.fake.waitFor(callbackOf(s));
    expect(r.body.data?.embeds?.[0]?.title).toBe('恒丰电子：让更多“濮阳造”走出国门');
    const a = h.fake.command('about', {});
    const about = await h.fake.waitFor(callbackOf(a));
    expect(about.body.data?.embeds?.[0]?.description).toMatch(/hybrid/u);
    expect(about.body.data?.embeds?.[0]?.description).not.toMatch(/local only/u);
  });

  it('/about says when citation links only work on the bot machine (no PUBLIC_BASE_URL)', async () => {
    const real = h.ctx.config;
    h.ctx.config = { ...real, PUBLIC_BASE_URL: undefined, publicBaseUrl: 'http://127.0.0.1:8787' };
    try {
      const a = h.fake.command('about', {});
      const about = await h.fake.waitFor(callbackOf(a));
      const text = about.body.data?.embeds?.[0]?.description ?? '';
      expect(text).toMatch(/local only/u);
      expect(text).toContain('PUBLIC_BASE_URL');
      expect(markupOf(text).links).toEqual([]); // named, not linked
    } finally {
      h.ctx.config = real;
    }
  });

  it('register-commands registers the question length the bot enforces', async () => {
    await promisify(execFile)(process.execPath, ['dist/cli/register-commands.js'], {
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_GUILD_ID: '333333333333333333',
        DISCORD_REST_URL: h.fake.restUrl,
        MAX_QUESTION_CHARS: '321',
      },
    });
    const put = await h.fake.waitFor(
      (r) => r.method === 'PUT' && r.path === `/applications/${APP_ID}/guilds/333333333333333333/commands`,
    );
    const commands = (put.commands ?? []) as { name: string; options?: { name: string; max_length?: number }[] }[];
    expect(commands.map((c) => c.name)).toEqual(['ask', 'news', 'source', 'about']);
    // Discord shows readers with a Chinese client the commands in their script; interactions keep the English names
    const ask = put.commands![0] as {
      name_localizations?: Record<string, string>;
      description_localizations?: Record<string, string>;
      options?: { name: string; name_localizations?: Record<string, string> }[];
    };
    expect(ask.name_localizations).toEqual({ 'zh-CN': '提问', 'zh-TW': '提問' });
    expect(ask.description_localizations?.['zh-CN']).toBe('询问本地新闻；回答引用报纸原文');
    expect(ask.options?.[0]?.name_localizations).toEqual({ 'zh-CN': '问题', 'zh-TW': '問題' });
    expect(commands[0]!.options?.find((o) => o.name === 'question')?.max_length).toBe(321);
    // and the running bot registers what it enforces itself
    const own = h.ctx.commands.get('ask')!.data.toJSON().options?.[0] as { max_length?: number };
    expect(own.max_length).toBe(h.ctx.config.MAX_QUESTION_CHARS);
  });

  it.each([
    ['an empty mention', ''],
    ['zero-width characters only', '\u200b\u200c\u2060'],
    ['emoji only', '🤔🤔'],
  ])('%s gets the help text', async (_what, text) => {
    const id = h.fake.userMessage(`${mention}${text}`, asker());
    const r = await h.fake.waitFor(replyTo(id));
    // a message carries no locale, and there are no words to tell by: the default language (zh)
    expect(r.body.content).toBe(messages('zh').help);
    expect(r.body.embeds ?? []).toEqual([]);
  });

  it.each([
    ['🤔', 'en'],
    ['\u200b', 'en'],
    ['谢谢！', 'zh'],
  ] as const)('/ask "%s" gets the help text, privately, in %s', async (question, lang) => {
    // the fake's users have an en-US client: words decide first, then the locale
    const i = h.fake.command('ask', { question }, { userId: snowflake() });
    const r = await h.fake.waitFor(callbackOf(i));
    expect(r.body.data?.content).toBe(messages(lang).help);
    expect(r.body.data?.flags).toBe(64);
  });

  it('echoes what was typed escaped and cut on a grapheme boundary', async () => {
    const typed = `**6月** <@555555555555555555> @everyone [x](http://evil.example) ${'👨‍👩‍👧‍👦'.repeat(30)}`;
    const i = h.fake.command('news', { date: typed });
    const r = await h.fake.waitFor(callbackOf(i));
    const content = r.body.data?.content ?? '';
    expect(content).toMatch(/^I cannot read "/u);
    expect(markupOf(content)).toEqual({ links: [], live: [] });
    expect(wellFormed(content)).toBe(true);
    // the cut falls between families, never inside one
    const echoed = /"(.*)…"/u.exec(content)?.[1] ?? '';
    expect(echoed.replace(/[^\u{1f468}\u{1f469}\u{1f467}\u{1f466}\u200d]/gu, '').length % 11).toBe(0);
  });
});

describe('chatter and follow-ups', () => {
  /** A question by mention, and the bot's answer to it. */
  async function answeredQuestion(question: string): Promise<Recorded> {
    const id = h.fake.userMessage(`${mention}${question}`, asker());
    return h.fake.waitFor(replyTo(id));
  }

  it('a reply "谢谢！" to an answer gets a reaction, no quote', async () => {
    const answer = await answeredQuestion('恒丰电子已申请了多少项专利？');
    const thanks = h.fake.userMessage('谢谢！', { replyTo: { id: answer.messageId! }, userId: snowflake() });
    await h.fake.waitFor(reactionOn(thanks));
    await settled();
    expect(h.fake.requests.some(replyTo(thanks))).toBe(false);
  });

  it('an emoji reply to an answer is chat too', async () => {
    const answer = await answeredQuestion('雪汇食品公司总经理是谁？');
    const thumbs = h.fake.userMessage('👍', { replyTo: { id: answer.messageId! }, userId: snowflake() });
    await h.fake.waitFor(reactionOn(thumbs));
    await settled();
    expect(h.fake.requests.some(replyTo(thumbs))).toBe(false);
  });

  it('in a question channel, chat is left alone', async () => {
    const lines = ['好的', '谢谢', '哈哈哈', '👍'].map((text) =>
      h.fake.userMessage(text, { channelId: QUESTION_CHANNEL_ID, userId: snowflake() }),
    );
    await settled(QUESTION_CHANNEL_ID);
    for (const id of lines) {
      expect(h.fake.requests.some(replyTo(id, QUESTION_CHANNEL_ID))).toBe(false);
      expect(h.fake.requests.some(reactionOn(id))).toBe(false);
    }
  });

  it('a reply that asks something is answered with the earlier question and its articles', async () => {
    const first = '恒丰电子已申请了多少项专利？';
    const answer = await answeredQuestion(first);
    await recordingAsks(async (calls) => {
      const followUp = h.fake.userMessage('那是哪天？', { replyTo: { id: answer.messageId! }, userId: snowflake() });
      const reply = await h.fake.waitFor(replyTo(followUp));
      expect(reply.body.embeds?.length).toBe(1);
      const call = calls.find((c) => c.question === '那是哪天？')!;
      expect(call.opts.context?.question).toBe(first);
      const quoted = h.ctx.live.current.findArticles('恒丰电子')[0]!.id;
      expect(call.opts.context?.articleIds).toContain(quoted);
    });
  });

  it('/ask in a thread keeps the thread\u2019s first question as context', async () => {
    const first = '雪汇食品公司招录了多少名贫困人员？';
    const opening = h.fake.command('ask', { question: first }, { channelId: THREAD_ID, userId: snowflake() });
    await h.fake.waitFor(editOf(opening));
    await recordingAsks(async (calls) => {
      const next = h.fake.command('ask', { question: '总经理是谁？' }, { channelId: THREAD_ID, userId: snowflake() });
      await h.fake.waitFor(editOf(next));
      expect(calls.find((c) => c.question === '总经理是谁？')?.opts.context?.question).toBe(first);
      // outside the thread the same question stands alone
      const outside = h.fake.command('ask', { question: '总经理是谁？' }, { userId: snowflake() });
      await h.fake.waitFor(editOf(outside));
      expect(calls.filter((c) => c.question === '总经理是谁？')[1]?.opts.context).toBeUndefined();
    });
  });
});

describe('threads', () => {
  it("a thread of a question channel is a question channel too, read with the thread's first question", async () => {
    const real = h.ctx.config;
    h.ctx.config = { ...real, DISCORD_QUESTION_CHANNELS: [CHANNEL_ID] }; // THREAD_ID's parent
    try {
      await recordingAsks(async (calls) => {
        const first = h.fake.userMessage('恒丰电子主要生产什么产品？', { channelId: THREAD_ID, userId: snowflake() });
        await h.fake.waitFor(replyTo(first, THREAD_ID));
        // the thread's first question (asked by /ask above when the tests run in order, else this one)
        const opening = h.ctx.conversations.thread(THREAD_ID)?.question;
        expect(opening).toBeDefined();
        const next = h.fake.userMessage('出口到哪些国家？', { channelId: THREAD_ID, userId: snowflake() });
        await h.fake.waitFor(replyTo(next, THREAD_ID));
        expect(calls.find((c) => c.question === '出口到哪些国家？')?.opts.context?.question).toBe(opening);
      });
    } finally {
      h.ctx.config = real;
    }
  });
});

describe('untrusted text stays text', () => {
  it('feed lines whose URL is not http(s) are refused when indexing, naming the line', () => {
    expect(buildErrors.join('\n')).toMatch(/hostile\.jsonl.*line 2.*http\(s\)/u);
    expect(buildErrors.join('\n')).toMatch(/hostile\.jsonl.*line 3.*http\(s\)/u);
  });

  it('a quote from a hostile feed shows its markup literally: no masked link, mention, heading or code', async () => {
    const id = h.fake.userMessage(`${mention}市民可以登录领取补贴吗？`, asker());
    const reply = await h.fake.waitFor(replyTo(id));
    const embed = reply.body.embeds![0]!;
    const text = embed.description ?? '';
    expect(quotesIn(text).join('')).toContain('[官方通知](http://evil.example/phish)');
    const m = markupOf(text);
    expect(m.live).toEqual([]);
    for (const link of m.links) {
      expect(link.kind).toBe('masked');
      expect(link.url).toMatch(/^https:\/\/news\.example\.org\//u);
    }
  });
});

describe('operations', () => {
  it('/healthz reports each shard, the index version and mode; /metrics counts questions', async () => {
    const routes = opsRoutes(() => h.bot, h.ctx);
    const res = await routes['/healthz']!();
    expect(res.status).toBe(200);
    const health = JSON.parse(res.body);
    expect(health.gateway.shards).toEqual([
      expect.objectContaining({ id: 0, status: 'Ready', ready: true, servers: 1 }),
      expect.objectContaining({ id: 1, status: 'Ready', ready: true, servers: 1 }),
    ]);
    expect(health.index).toMatchObject({ version: h.ctx.live.current.data.version, mode: 'hybrid' });
    const metrics = await routes['/metrics']!();
    expect(metrics.type).toMatch(/^text\/plain/u);
    expect(metrics.body).toMatch(/^newsbot_questions_total\{via="mention"\} [1-9]/mu);
    expect(metrics.body).toMatch(/^newsbot_answers_total\{outcome="answered"\} [1-9]/mu);
    expect(metrics.body).toMatch(/^newsbot_answer_seconds_bucket\{le="2"\} [1-9]/mu);
    expect(metrics.body).toMatch(/^newsbot_answered_ratio 0\.\d+|^newsbot_answered_ratio 1$/mu);
    expect(metrics.body).toMatch(/^newsbot_gateway_shard_ready\{shard="1"\} 1/mu);
  });

  it('logs each shard as it becomes ready', () => {
    expect(h.logs).toContainEqual(expect.stringMatching(/^gateway shard 0\/2 ready: 1 server\(s\)/u));
    expect(h.logs).toContainEqual(expect.stringMatching(/^gateway shard 1\/2 ready: 1 server\(s\)/u));
  });
});

describe('errors', () => {
  it('a flood from one user gets one notice at most, then silence; the others still get answers', async () => {
    const userId = snowflake();
    const ids = Array.from({ length: 8 }, () => h.fake.userMessage(`${mention}首席服务员`, { mention: true, userId }));
    const answers = () => h.fake.requests.filter((r) => ids.some((id) => replyTo(id)(r)) && r.body.embeds?.length);
    await waitUntil(() => answers().length >= 4, 'the answers within the user limit');
    await settled();
    const replies = h.fake.requests.filter((r) => ids.some((id) => replyTo(id)(r)));
    // the question is Chinese, so the notice is too
    const notices = replies.filter((r) => r.body.content?.startsWith('你提问太快了，请'));
    const reactions = h.fake.requests.filter((r) => ids.some((id) => reactionOn(id)(r)));
    expect(replies.filter((r) => r.body.embeds?.length).length).toBe(4); // RATE_LIMIT_USER_PER_MINUTE
    expect(notices.length + reactions.length).toBeLessThanOrEqual(1);
  });

  it('survives a 500 from the REST API on a reply, and answers the next question', async () => {
    h.fake.failNext('POST', /^\/channels\/\d+\/messages$/u, 500);
    const first = h.fake.userMessage(`${mention}雪汇食品公司招录了多少名贫困人员？`, asker());
    await h.fake.waitFor((r) => r.body.message_reference?.message_id === first && r.status === 500);
    await waitUntil(() => h.logs.some((l) => /reply to a question failed: .*500/u.test(l)), 'the failure logged');
    const second = h.fake.userMessage(`${mention}恒丰电子主要生产什么产品？`, asker());
    const r = await h.fake.waitFor((x) => replyTo(second)(x) && (x.body.embeds?.length ?? 0) > 0);
    expect(quotesIn(description(r)).join('')).toContain('均苯四甲酸酐');
    expect((await h.ctx.metrics.render()).body).toMatch(/^newsbot_discord_errors_total\{code="500"\} [1-9]/mu);
  });

  it('an unexpected error gives the user an error id and logs the stack', async () => {
    const archive = h.ctx.live.current;
    const real = archive.ask;
    archive.ask = () => Promise.reject(new Error('boom in search'));
    try {
      const i = h.fake.command('ask', { question: '首席服务员' }, { userId: snowflake() });
      const r = await h.fake.waitFor(editOf(i));
      const errorId = /error id `([0-9a-f]{8})`/u.exec(r.body.content ?? '')?.[1];
      expect(errorId).toBeDefined();
      expect(h.logs.some((l) => l.includes(`handler error ${errorId}`) && l.includes('boom in search'))).toBe(true);
    } finally {
      archive.ask = real;
    }
  });

  it('never writes the token into a log, even when Discord echoes it in an error', async () => {
    h.fake.failNext('POST', /^\/channels\/\d+\/messages$/u, 403, `Missing Access for Bot ${TOKEN}`);
    const id = h.fake.userMessage(`${mention}恒丰电子已申请了多少项专利？`, asker());
    await h.fake.waitFor((r) => r.body.message_reference?.message_id === id && r.status === 403);
    await waitUntil(() => h.logs.some((l) => /Missing Access for Bot/u.test(l)), 'the 403 logged');
    expect(h.logs.find((l) => /Missing Access for Bot/u.test(l))).toContain('[redacted]');
    expect(h.logs.join('\n')).not.toContain(TOKEN);
    expect((await h.ctx.metrics.render()).body).toMatch(/^newsbot_discord_errors_total\{code="403"\} [1-9]/mu);
  });
});

// Last: it stops the bot.
describe('shutdown', () => {
  it('finishes the reply and the deferred /ask edit under way, then takes no new questions', async () => {
    const archive = h.ctx.live.current;
    const real = archive.ask.bind(archive);
    let started = 0;
    archive.ask = async (...args) => {
      started++;
      await new Promise((r) => setTimeout(r, 400));
      return real(...args);
    };
    const id = h.fake.userMessage(`${mention}恒丰电子已申请了多少项专利？`, asker());
    const i = h.fake.command('ask', { question: '雪汇食品公司总经理是谁？' }, { userId: snowflake() });
    await waitUntil(() => started === 2, 'both questions in flight');
    const stopped = h.bot.stop(5_000);
    // while it finishes, a new question is not taken up, and a command hears that the bot is restarting
    const late = h.fake.userMessage(`${mention}恒丰电子`, asker());
    const lateCommand = h.fake.command('about', {});
    const restarting = await h.fake.waitFor(callbackOf(lateCommand));
    expect(restarting.body.data?.content).toMatch(/restarting/u);
    await stopped;
    // stop() resolved only after both replies were sent
    expect(h.fake.requests.some(replyTo(id))).toBe(true);
    expect(h.fake.requests.find(editOf(i))?.body.embeds?.length).toBe(1);
    expect(h.fake.requests.some(replyTo(late))).toBe(false);
    expect(started).toBe(2);
    archive.ask = real;
  });
});
