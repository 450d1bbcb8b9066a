import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningBot, startBot } from '../src/bot/client.js';
import { type BotContext, createContext } from '../src/bot/context.js';
import { readCurrent } from '../src/index/store.js';
import { createLogger } from '../src/log.js';
import { LiveArchive } from '../src/search/live-archive.js';
import { type RunResult, SourceSchedule } from '../src/sources/schedule.js';
import { parseSourcesFile } from '../src/sources/sources-file.js';
import { TEST_MODEL_NAME } from '../tools/make-test-model.js';
import { EPAPER_PATH_TEMPLATE, feedItem as itemOf, serveTodaysEpaper } from '../tools/sources/live-fixture.js';
import { rssFeed, samplePage } from '../tools/sources/source-fixtures.js';
import { SourceServer } from '../tools/sources/source-server.js';
import { APP_ID, CHANNEL_ID, FakeDiscord, type Recorded, snowflake, TOKEN } from './support/fake-discord.js';
import { TEST_MODEL_DIR, tempDir, testConfig } from './support/fixtures.js';

// A live archive end to end: a feed and an e-paper PDF source; the first run builds the index; a new item appears in
// the feed; the next scheduled run (fake clock) indexes it in a child process; `ask` and the bot (against the loopback
// Discord) answer a question about it with a quote and the item's own URL.

const server = new SourceServer();
const fake = new FakeDiscord();
const logs: string[] = [];
const log = createLogger('info', (l) => logs.push(l));
const dir = tempDir('live');
const corpus = join(dir, 'corpus');
const indexDir = join(dir, 'index');
const sourcesPath = join(dir, 'sources.json');
let bot: RunningBot | undefined;
let ctx: BotContext;

const p000 = samplePage('000_7fb74385c778d7a9.txt');
const fresh = samplePage('004_6062cc997fbd3bd9.txt').find((a) => a.title === '示范区开展环保攻坚扬尘污染防治督导活动')!;
const feedItem = (a: { title: string; text: string }, path: string, published: string) =>
  itemOf(server, a, path, published);

const env = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  CORPUS_DIR: corpus,
  INDEX_DIR: indexDir,
  SOURCES_FILE: sourcesPath,
  EMBEDDING_MODEL: TEST_MODEL_NAME,
  MODEL_DIR: TEST_MODEL_DIR,
  ALLOW_REMOTE_MODELS: 'false',
  EMBEDDING_DTYPE: 'fp32',
  LOG_LEVEL: 'info',
  PUBLIC_BASE_URL: 'https://news.example.org',
});

beforeAll(async () => {
  await server.start();
  await fake.start();
  const first = [p000[0]!, p000[1]!].map((a, i) => feedItem(a, `/news/${i}.html`, '2020-06-19T08:00:00+08:00'));
  server.set('/feed.xml', { body: rssFeed(first), etag: true });
  // Today's e-paper, by the URL template: one page, then a 404 for page 2.
  await serveTodaysEpaper(server);
  writeFileSync(
    sourcesPath,
    JSON.stringify({
      fetch: { timeoutMs: 5000, retries: 0, backoffMs: 10, politenessMs: 0 },
      sources: [
        { name: 'puyang-rss', paper: '濮阳日报', kind: 'feed', url: server.url('/feed.xml'), schedule: '*/5 * * * *' },
        {
          name: 'puyang-epaper',
          paper: '濮阳日报',
          kind: 'pdf',
          urlTemplate: server.url(EPAPER_PATH_TEMPLATE),
          pages: 4,
          days: 1,
          schedule: '0 30 6 * * *',
        },
      ],
    }),
  );
}, 300_000);

afterAll(async () => {
  await bot?.client.destroy();
  await fake.stop();
  await server.stop();
});

const file = () => parseSourcesFile(readFileSync(sourcesPath, 'utf8'), sourcesPath);

async function ask(
  question: string,
): Promise<{ answered: boolean; quotes: { text: string; url: string; title: string }[] }> {
  const built = 'dist/cli/ask.js';
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build`);
  const r = await promisify(execFile)(process.execPath, [built, '--json', '--index', indexDir, question], {
    env: env(),
    timeout: 60_000,
  });
  return JSON.parse(r.stdout);
}

describe('a live archive', () => {
  it('the first run builds the index from a feed and an e-paper PDF; a PDF page’s facts are answerable', async () => {
    const schedule = new SourceSchedule({ file: file(), log, env: env() });
    await schedule.runNow(undefined, 'first run');
    expect(logs.join('\n')).toMatch(/sources: run finished in [\d.]+ s: \d+ added, 0 changed/u);
    const a = await ask('恒丰电子已申请了多少项专利？');
    expect(a.answered).toBe(true);
    expect(a.quotes.map((q) => q.text).join('')).toContain('14项');
    expect(a.quotes[0]!.url).toMatch(/\/epaper\/\d{6}\/\d{2}\/page_01\.pdf(#page=\d)?$/u);
  }, 300_000);

  it('a new feed item is indexed by the next scheduled run, and ask and the bot answer with its quote and URL', async () => {
    const config = testConfig({
      INDEX_DIR: indexDir,
      CORPUS_DIR: corpus,
      SOURCES_FILE: sourcesPath,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_REST_URL: fake.restUrl,
      PUBLIC_BASE_URL: 'https://news.example.org',
    });
    const live = await LiveArchive.open(config, log);
    ctx = createContext(config, log, live);
    bot = await startBot(ctx, { retries: 0 });
    const question = '扬尘污染防治督导组在普济路西堆土场查看了什么？';
    expect((await live.current.ask(question)).answered).toBe(false);

    // The paper publishes a new item.
    const items = [p000[0]!, p000[1]!].map((a, i) => feedItem(a, `/news/${i}.html`, '2020-06-19T08:00:00+08:00'));
    items.push(feedItem(fresh, '/news/new.html?utm_source=rss', '2020-04-28T18:00:00+08:00'));
    server.set('/feed.xml', { body: rssFeed(items), etag: true });

    // The schedule's clock: 30 s before the feed's next five-minute mark; the run starts when the clock passes it.
    const schedule = new SourceSchedule({ file: file(), log, env: env() });
    const runs: RunResult[] = [];
    const segmentsBefore = readCurrent(indexDir)!.segments;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2030-01-01T02:04:30Z') });
    try {
      schedule.start((r) => runs.push(r));
      await vi.advanceTimersByTimeAsync(20_000);
      expect(runs).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(15_000);
    } finally {
      vi.useRealTimers();
    }
    await schedule.idle();
    await schedule.stop();
    expect(runs.map((r) => [r.sources, r.code, r.why])).toEqual([[['puyang-rss'], 0, 'scheduled']]);
    expect(runs[0]!.report!.sources[0]).toMatchObject({ name: 'puyang-rss', added: 1, changed: 0 });
    // The new article is one new segment beside the ones already written, not a rebuild.
    const segmentsAfter = readCurrent(indexDir)!.segments;
    expect(segmentsAfter).toHaveLength(segmentsBefore.length + 1);
    expect(segmentsAfter).toEqual(expect.arrayContaining(segmentsBefore));

    await live.reload();
    const answer = await live.current.ask(question);
    expect(answer.answered).toBe(true);
    expect(answer.quotes[0]).toMatchObject({ title: fresh.title, url: server.url('/news/new.html') });
    expect(answer.quotes[0]!.text).toContain('裸露地块网覆盖');
    const viaCli = await ask(question);
    expect(viaCli.quotes[0]).toMatchObject({ title: fresh.title, url: server.url('/news/new.html') });

    const id = fake.userMessage(`<@222222222222222222> ${question}`, { mention: true, userId: snowflake() });
    const reply = await fake.waitFor(
      (r: Recorded) =>
        r.method === 'POST' &&
        r.path === `/channels/${CHANNEL_ID}/messages` &&
        r.body?.message_reference?.message_id === id,
    );
    const text = reply.body.embeds![0]!.description!;
    expect(text).toContain('裸露地块网覆盖');
    expect(text).toContain(`(${server.url('/news/new.html')})`);

    // /about shows each source's last success and article count.
    const a = fake.command('about', {});
    const about = await fake.waitFor((x) => x.path === `/interactions/${a.id}/${a.token}/callback`);
    const fields = about.body.data!.embeds![0]!.fields!;
    expect(fields.map((f) => f.name)).toEqual(['Source puyang-epaper · 濮阳日报', 'Source puyang-rss · 濮阳日报']);
    expect(fields[1]!.value).toMatch(/^3 articles · last success <t:\d+:R>/u);
    live.close();
  }, 300_000);
});
