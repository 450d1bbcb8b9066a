import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpus } from '../src/ingest/read-corpus.js';
import { createLogger } from '../src/log.js';
import { type FetchReport, fetchSources, statePath } from '../src/sources/run.js';
import { parseSourcesFile } from '../src/sources/sources-file.js';
import { SourceState } from '../src/sources/state.js';
import {
  articleHtml,
  atomFeed,
  encodeGbk,
  type FeedItem,
  htmlParagraphs,
  jsonFeed,
  rssFeed,
  sampleArticles,
} from '../tools/sources/source-fixtures.js';
import { SourceServer } from '../tools/sources/source-server.js';
import { tempDir } from './support/fixtures.js';

const server = new SourceServer();
const articles = sampleArticles();
const logs: string[] = [];
const log = createLogger('debug', (l) => logs.push(l));
const FETCH = { timeoutMs: 1500, retries: 1, backoffMs: 10, politenessMs: 0, maxBytes: 1 << 20 };

beforeAll(() => server.start());
afterAll(() => server.stop());

const item = (i: number, path: string, extra: Partial<FeedItem> = {}): FeedItem => ({
  title: articles[i]!.title,
  url: server.url(path),
  published: '2020-06-19T08:00:00+08:00',
  contentHtml: htmlParagraphs(articles[i]!.text),
  ...extra,
});

async function runSources(corpus: string, sources: unknown[], only?: string[], dryRun = false): Promise<FetchReport> {
  const file = parseSourcesFile(JSON.stringify({ fetch: FETCH, sources }), 'sources.json');
  return fetchSources({
    sourcesFile: file,
    sourcesPath: join(corpus, 'sources.json'),
    sourcesDir: join(corpus, 'sources'),
    ...(only ? { only } : {}),
    dryRun,
    userAgent: 'local-news-bot/0.1.0 (+https://news.example.org)',
    log,
  });
}

const report = (r: FetchReport, name: string) => r.sources.find((s) => s.name === name)!;

describe('feeds into the corpus', () => {
  it('RSS, Atom and JSON Feed items become article records the corpus reads, dated in the paper’s time zone', async () => {
    const corpus = tempDir('src-corpus');
    server.set('/rss.xml', { body: rssFeed([item(0, '/a/0.html'), item(1, '/a/1.html')]), etag: true });
    server.set('/atom.xml', { body: atomFeed([item(2, '/b/2.html', { published: '2020-06-19T23:30:00Z' })]) });
    server.set('/feed.json', {
      body: jsonFeed([item(3, '/c/3.html')]),
      headers: { 'content-type': 'application/feed+json' },
    });
    const r = await runSources(corpus, [
      { name: 'rss', paper: '濮阳日报', kind: 'feed', url: server.url('/rss.xml') },
      { name: 'atom', paper: '焦作日报', kind: 'feed', url: server.url('/atom.xml') },
      { name: 'json', paper: '濮阳日报', kind: 'feed', url: server.url('/feed.json') },
    ]);
    expect(r.sources.map((s) => [s.name, s.ok, s.added])).toEqual([
      ['rss', true, 2],
      ['atom', true, 1],
      ['json', true, 1],
    ]);
    const corpusRead = await readCorpus(corpus);
    expect(corpusRead.warnings).toEqual([]);
    const byTitle = new Map(corpusRead.articles.map((a) => [a.title, a]));
    const a0 = byTitle.get(articles[0]!.title)!;
    expect(a0).toMatchObject({
      date: '2020-06-19',
      source: '濮阳日报',
      url: server.url('/a/0.html'),
      text: articles[0]!.text,
    });
    // 23:30 UTC is the next morning in Shanghai.
    expect(byTitle.get(articles[2]!.title)).toMatchObject({ date: '2020-06-20', source: '焦作日报' });
    expect(readdirSync(join(corpus, 'sources', 'rss'))).toEqual(['2020-06-19.jsonl']);

    // Run again: the feed answers 304 to the stored ETag, the others are the same bytes: nothing changes.
    const again = await runSources(corpus, [
      { name: 'rss', paper: '濮阳日报', kind: 'feed', url: server.url('/rss.xml') },
      { name: 'atom', paper: '焦作日报', kind: 'feed', url: server.url('/atom.xml') },
    ]);
    expect(server.hits('/rss.xml').at(-1)!.headers['if-none-match']).toMatch(/^"/u);
    expect(again.sources.every((s) => s.added === 0 && s.changed === 0)).toBe(true);
    expect(report(again, 'rss').skipped).toEqual({ 'feed not modified since the last run': 1 });
    expect(server.hits('/rss.xml').at(-1)!.headers['user-agent']).toBe(
      'local-news-bot/0.1.0 (+https://news.example.org)',
    );
  });

  it('a summary-only item is read from its page (GBK by <meta>, and GBK by the HTTP header), cited by the item URL', async () => {
    const corpus = tempDir('src-corpus');
    const [x, y] = [articles[4]!, articles[5]!];
    server.set('/gbk/x.html', { body: encodeGbk(articleHtml({ title: x.title, text: x.text, charset: 'gbk' })) });
    server.set('/gbk/y.html', {
      body: encodeGbk(articleHtml({ title: y.title, text: y.text, meta: false })),
      headers: { 'content-type': 'text/html; charset=GB18030' },
    });
    server.set('/summary.xml', {
      body: rssFeed([
        {
          title: x.title,
          url: server.url('/gbk/x.html?utm_source=rss'),
          published: '2020-03-18T10:00:00+08:00',
          summary: '摘要',
        },
        { title: y.title, url: server.url('/gbk/y.html'), published: '2020-03-18T11:00:00+08:00', summary: '摘要' },
      ]),
    });
    const r = await runSources(corpus, [
      { name: 'summary', paper: '濮阳日报', kind: 'feed', url: server.url('/summary.xml') },
    ]);
    expect(report(r, 'summary')).toMatchObject({ ok: true, added: 2, problems: [] });
    const got = (await readCorpus(corpus)).articles;
    expect(got.map((a) => a.text)).toEqual([x.text, y.text]);
    // The citation link is the item's own, tracking parameters gone; the page's furniture is not in the text.
    expect(got[0]!.url).toBe(server.url('/gbk/x.html'));
    expect(got[0]!.text).not.toMatch(/责任编辑|首页|版权所有|热点新闻/u);
  });

  it('the same story in two feeds is kept once; a corrected item replaces its earlier version', async () => {
    const corpus = tempDir('src-corpus');
    const a = articles[6]!;
    server.set('/one.xml', { body: rssFeed([item(6, '/one/6.html')]) });
    // The other feed carries the same story under its own URL, lightly edited (title and a word changed).
    const edited = a.text.replace('开发区', '濮阳开发区');
    server.set('/two.xml', {
      body: rssFeed([item(6, '/two/6.html', { title: `${a.title}（图）`, contentHtml: htmlParagraphs(edited) })]),
    });
    const sources = [
      { name: 'one', paper: '濮阳日报', kind: 'feed', url: server.url('/one.xml') },
      { name: 'two', paper: '濮阳日报', kind: 'feed', url: server.url('/two.xml') },
    ];
    const first = await runSources(corpus, [sources[0]]);
    expect(report(first, 'one').added).toBe(1);
    const second = await runSources(corpus, [sources[1]]);
    expect(report(second, 'two')).toMatchObject({ added: 0, skipped: { duplicate: 1 } });
    expect(logs.some((l) => l.includes('duplicate of') && l.includes('nearly the same text'))).toBe(true);

    // The paper corrects its own item: same URL, changed text. One article, the new text.
    const corrected = a.text.replace(/。/u, '，特此更正。');
    server.set('/one.xml', { body: rssFeed([item(6, '/one/6.html', { contentHtml: htmlParagraphs(corrected) })]) });
    const third = await runSources(corpus, [sources[0]]);
    expect(report(third, 'one')).toMatchObject({ added: 0, changed: 1 });
    const got = (await readCorpus(corpus)).articles;
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toBe(corrected);
  });

  it('faults are reported per source and the other sources go on; earlier articles are kept', async () => {
    const corpus = tempDir('src-corpus');
    server.set('/good.xml', { body: rssFeed([item(7, '/g/7.html')]) });
    server.set('/flaky.xml', { body: rssFeed([item(8, '/f/8.html')]) });
    const good = { name: 'good', paper: '濮阳日报', kind: 'feed', url: server.url('/good.xml') };
    const flaky = { name: 'flaky', paper: '濮阳日报', kind: 'feed', url: server.url('/flaky.xml') };
    expect((await runSources(corpus, [good, flaky])).sources.every((s) => s.ok)).toBe(true);

    server.set('/flaky.xml', { status: 500, body: 'oops' });
    server.set('/broken.xml', { body: '<rss><channel><item><title>a < b</title></item>' });
    server.set('/html.xml', { body: '<!doctype html><html><body>not a feed</body></html>' });
    server.set('/slow.xml', { delayMs: 4000, body: rssFeed([]) });
    server.set('/loop-a', { redirect: '/loop-b' });
    server.set('/loop-b', { redirect: '/loop-a' });
    server.set('/huge.xml', { streamBytes: 5 << 20 });
    server.set('/good.xml', { body: rssFeed([item(7, '/g/7.html'), item(9, '/g/9.html')]) });
    const feed = (name: string, path: string) => ({ name, paper: '濮阳日报', kind: 'feed', url: server.url(path) });
    const r = await runSources(corpus, [
      good,
      flaky,
      feed('broken', '/broken.xml'),
      feed('html', '/html.xml'),
      feed('slow', '/slow.xml'),
      feed('loop', '/loop-a'),
      feed('huge', '/huge.xml'),
    ]);
    const errors = Object.fromEntries(r.sources.map((s) => [s.name, s.error ?? 'ok']));
    expect(errors).toEqual({
      good: 'ok',
      flaky: 'HTTP 500 Internal Server Error',
      broken: expect.stringMatching(/^not an RSS, Atom, RDF or JSON feed: broken or not a feed/u),
      html: expect.stringMatching(/^not an RSS, Atom, RDF or JSON feed: an HTML page/u),
      slow: 'no answer within 1500 ms',
      loop: expect.stringMatching(/^redirect loop at .*\/loop-a$/u),
      huge: `body larger than ${1 << 20} bytes`,
    });
    // The 500 was retried once (FETCH.retries) before it counted.
    expect(server.hits('/flaky.xml').length).toBe(3);
    expect(report(r, 'good').added).toBe(1);
    const got = (await readCorpus(corpus)).articles.map((a) => a.title);
    expect(got).toEqual(expect.arrayContaining([articles[7]!.title, articles[8]!.title, articles[9]!.title]));
    const state = SourceState.readOnly(statePath(join(corpus, 'sources')))!;
    const flakyRow = state.sources().find((s) => s.name === 'flaky')!;
    state.close();
    expect(flakyRow).toMatchObject({ last_error: 'HTTP 500 Internal Server Error', failures: 1 });
    expect(flakyRow.last_success_at).not.toBeNull();
  });

  it('a page with no article text is reported and not indexed, and not fetched again while its entry stands', async () => {
    const corpus = tempDir('src-corpus');
    server.set('/empty.html', {
      body: '<html><head><title>图片新闻</title></head><body><img src="a.jpg"></body></html>',
    });
    server.set('/nofeed.xml', {
      body: rssFeed([
        { title: '图片新闻', url: server.url('/empty.html'), published: '2020-06-19T08:00:00+08:00', summary: '' },
      ]),
    });
    const src = [{ name: 'pics', paper: '濮阳日报', kind: 'feed', url: server.url('/nofeed.xml') }];
    const r = await runSources(corpus, src);
    expect(report(r, 'pics')).toMatchObject({ ok: true, added: 0, skipped: { 'no article text': 1 } });
    expect(existsSync(join(corpus, 'sources', 'pics'))).toBe(false);
    const hits = server.hits('/empty.html').length;
    server.set('/nofeed.xml', {
      body: `${rssFeed([{ title: '图片新闻', url: server.url('/empty.html'), published: '2020-06-19T08:00:00+08:00', summary: '' }])} `,
    });
    await runSources(corpus, src);
    expect(server.hits('/empty.html').length).toBe(hits);
  });

  it('--dry-run says what would be added and writes nothing', async () => {
    const corpus = tempDir('src-corpus');
    server.set('/dry.xml', { body: rssFeed([item(10, '/d/10.html')]) });
    const r = await runSources(
      corpus,
      [{ name: 'dry', paper: '濮阳日报', kind: 'feed', url: server.url('/dry.xml') }],
      undefined,
      true,
    );
    expect(report(r, 'dry').added).toBe(1);
    expect(existsSync(join(corpus, 'sources'))).toBe(false);
  });

  it('pages: a list of URLs and a sitemap, fetched conditionally on the next run', async () => {
    const corpus = tempDir('src-corpus');
    const [p, q] = [articles[11]!, articles[12]!];
    server.set('/p.html', {
      body: articleHtml({ title: p.title, text: p.text, published: '2020-07-01T09:00:00+08:00' }),
      etag: true,
    });
    server.set('/q.html', {
      body: articleHtml({ title: q.title, text: q.text, published: '2020-07-02T09:00:00+08:00' }),
    });
    server.set('/sitemap.xml', {
      body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${server.url('/q.html')}</loc><lastmod>2020-07-02</lastmod></url></urlset>`,
    });
    const src = [
      {
        name: 'site',
        paper: '濮阳日报',
        kind: 'pages',
        urls: [server.url('/p.html')],
        sitemap: server.url('/sitemap.xml'),
      },
    ];
    const r = await runSources(corpus, src);
    expect(report(r, 'site')).toMatchObject({ ok: true, added: 2 });
    const got = (await readCorpus(corpus)).articles;
    expect(got.map((a) => [a.title, a.date])).toEqual([
      [p.title, '2020-07-01'],
      [q.title, '2020-07-02'],
    ]);
    const hitsQ = server.hits('/q.html').length;
    const again = await runSources(corpus, src);
    expect(report(again, 'site')).toMatchObject({ added: 0, changed: 0, skipped: { unchanged: 2 } });
    expect(server.hits('/p.html').at(-1)!.headers['if-none-match']).toMatch(/^"/u);
    expect(server.hits('/q.html').length).toBe(hitsQ); // the sitemap's lastmod is unchanged
  });

  it('asks one host one request at a time, with the politeness delay, and honours robots.txt', async () => {
    const corpus = tempDir('src-corpus');
    server.set('/robots.txt', { body: 'User-agent: local-news-bot\nDisallow: /private/\nCrawl-delay: 0.2\n' });
    for (let i = 0; i < 4; i++)
      server.set(`/slowpage/${i}.html`, {
        delayMs: 50,
        body: articleHtml({ title: articles[13 + i]!.title, text: articles[13 + i]!.text }),
      });
    server.set('/private/x.html', { body: articleHtml({ title: 'x', text: articles[0]!.text }) });
    const before = server.requests.length;
    server.maxActive = 0;
    const urls = [0, 1, 2, 3].map((i) => server.url(`/slowpage/${i}.html`));
    const r = await runSources(corpus, [
      { name: 'polite-a', paper: 'p', kind: 'pages', urls: urls.slice(0, 2) },
      { name: 'polite-b', paper: 'p', kind: 'pages', urls: [...urls.slice(2), server.url('/private/x.html')] },
    ]);
    server.set('/robots.txt', { status: 404, body: '' });
    expect(server.maxActive).toBe(1);
    const times = server.requests
      .slice(before)
      .filter((q) => q.path.startsWith('/slowpage/'))
      .map((q) => q.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(200 + 50 - 15);
    expect(server.hits('/private/x.html')).toHaveLength(0);
    expect(report(r, 'polite-b').problems).toEqual([
      expect.stringMatching(/robots\.txt disallows .*\/private\/x\.html for local-news-bot/u),
    ]);
  });
});
