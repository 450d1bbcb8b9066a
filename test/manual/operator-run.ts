// Run by hand, not by vitest (about two minutes of real time): npm run build && npx tsx test/manual/operator-run.ts
// A new operator's first hour, compressed: sources.json with one feed and one e-paper PDF source, `npm start`
// (the compiled start.js) against a loopback fake Discord; a new item appears; how long until the bot answers it;
// then the feed turns hostile and the PDF host fails: what the log says, and whether the answer survives.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_MODEL_NAME } from '../../tools/make-test-model.js';
import {
  EPAPER_PATH_TEMPLATE,
  feedItem,
  serveTodaysEpaper,
  todaysEpaperPath,
} from '../../tools/sources/live-fixture.js';
import { rssFeed, samplePage } from '../../tools/sources/source-fixtures.js';
import { SourceServer } from '../../tools/sources/source-server.js';
import { APP_ID, CHANNEL_ID, FakeDiscord, type Recorded, snowflake, TOKEN } from '../support/fake-discord.js';
import { TEST_MODEL_DIR, tempDir } from '../support/fixtures.js';

const server = new SourceServer();
const fake = new FakeDiscord();
await server.start();
await fake.start();
const dir = tempDir('operator');
const p000 = samplePage('000_7fb74385c778d7a9.txt');
const fresh = samplePage('004_6062cc997fbd3bd9.txt').find((a) => a.title === '示范区开展环保攻坚扬尘污染防治督导活动')!;
const item = (a: { title: string; text: string }, path: string) =>
  feedItem(server, a, path, '2020-06-19T08:00:00+08:00');
const first = [item(p000[0]!, '/news/0.html'), item(p000[1]!, '/news/1.html')];
server.set('/feed.xml', { body: rssFeed(first), etag: true });
await serveTodaysEpaper(server);
const sourcesPath = join(dir, 'sources.json');
writeFileSync(
  sourcesPath,
  JSON.stringify(
    {
      sources: [
        {
          name: 'puyang-rss',
          paper: '濮阳日报',
          kind: 'feed',
          url: server.url('/feed.xml'),
          schedule: '*/30 * * * * *',
        },
        {
          name: 'puyang-epaper',
          paper: '濮阳日报',
          kind: 'pdf',
          urlTemplate: server.url(EPAPER_PATH_TEMPLATE),
          pages: 2,
          schedule: '*/30 * * * * *',
        },
      ],
    },
    null,
    1,
  ),
);
const t0 = Date.now();
const secs = (): string => ((Date.now() - t0) / 1000).toFixed(1);
const lines: string[] = [];
const child = spawn(process.execPath, ['dist/cli/start.js'], {
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CORPUS_DIR: join(dir, 'corpus'),
    INDEX_DIR: join(dir, 'index'),
    SOURCES_FILE: sourcesPath,
    EMBEDDING_MODEL: TEST_MODEL_NAME,
    MODEL_DIR: TEST_MODEL_DIR,
    ALLOW_REMOTE_MODELS: 'false',
    EMBEDDING_DTYPE: 'fp32',
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_REST_URL: fake.restUrl,
    WEB_PORT: '38765',
    LOG_LEVEL: 'info',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
for (const s of [child.stdout, child.stderr])
  s.on('data', (b: Buffer) => {
    for (const l of b.toString().split('\n').filter(Boolean)) {
      lines.push(l);
      console.log(`[${secs()} s] ${l}`);
    }
  });
const ask = async (q: string): Promise<string> => {
  const id = fake.userMessage(`<@222222222222222222> ${q}`, { mention: true, userId: snowflake() });
  const r = await fake.waitFor(
    (x: Recorded) =>
      x.method === 'POST' &&
      x.path === `/channels/${CHANNEL_ID}/messages` &&
      x.body?.message_reference?.message_id === id,
    60_000,
  );
  return JSON.stringify(r.body.embeds ?? r.body.content);
};
const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 300_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
};
try {
  await until('the bot to log in', () => lines.some((l) => /logged in to Discord/u.test(l)));
  console.log(`== bot ready at ${secs()} s`);
  console.log('== PDF fact:', (await ask('恒丰电子已申请了多少项专利？')).slice(0, 300));
  const q = '扬尘污染防治督导组在普济路西堆土场查看了什么？';
  console.log('== before the new item:', (await ask(q)).slice(0, 200));
  server.set('/feed.xml', { body: rssFeed([...first, item(fresh, '/news/new.html?utm_source=rss')]), etag: true });
  const tItem = Date.now();
  let reply = '';
  await until('the new item to be answered', async () => {
    reply = await ask(q);
    return reply.includes('裸露地块网覆盖') && reply.includes(server.url('/news/new.html'));
  });
  console.log(
    `== new item answerable after ${((Date.now() - tItem) / 1000).toFixed(1)} s (schedule every 30 s): ${reply.slice(0, 300)}`,
  );
  // Hostile feed and a failing e-paper host.
  server.set('/feed.xml', { body: '<rss><channel><item><title>a < b</title></item>' });
  server.set(todaysEpaperPath(1), { status: 500, body: 'oops' });
  const n = lines.length;
  await until('a run with the faults', () => lines.slice(n).some((l) => /sources: run finished/u.test(l)), 180_000);
  console.log('== after the faults:', (await ask(q)).slice(0, 200));
  console.log('== PDF fact after the faults:', (await ask('恒丰电子已申请了多少项专利？')).slice(0, 200));
  const a = fake.command('about', {});
  const about = await fake.waitFor((x) => x.path === `/interactions/${a.id}/${a.token}/callback`);
  console.log('== /about:', JSON.stringify(about.body.data?.embeds?.[0]?.fields));
} finally {
  await new Promise((r) => setTimeout(r, 20_000)); // a shutdown that may meet a run under way
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await fake.stop();
  await server.stop();
}
