import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../src/sources/canonical-url.js';
import { decodeDocument } from '../src/sources/charset.js';
import { sourceDay } from '../src/sources/dates.js';
import { articleTitle, extractArticle } from '../src/sources/extract-article.js';
import { parseFeedEntries, textParagraphs } from '../src/sources/feed.js';
import { dateInName } from '../src/sources/folder-source.js';
import { contentChars, minhash, NEAR_DUPLICATE_SIMILARITY, similarity } from '../src/sources/near-duplicate.js';
import { fillTemplate } from '../src/sources/pdf-source.js';
import { parseSourcesFile, SourcesFileError } from '../src/sources/sources-file.js';
import { articleHtml, encodeGbk, rssFeed, SAMPLE_FILES, samplePage } from '../tools/sources/source-fixtures.js';

describe('sources.json', () => {
  const parse = (json: unknown) => parseSourcesFile(JSON.stringify(json), 'sources.json');
  const problems = (json: unknown): string => {
    try {
      parse(json);
    } catch (e) {
      expect(e).toBeInstanceOf(SourcesFileError);
      return (e as Error).message;
    }
    throw new Error('expected a SourcesFileError');
  };

  it('a complete file: defaults filled in', () => {
    const f = parse({
      sources: [
        { name: 'puyang-rss', paper: '濮阳日报', kind: 'feed', url: 'https://www.example.cn/rss.xml' },
        {
          name: 'puyang-epaper',
          paper: '濮阳日报',
          kind: 'pdf',
          urlTemplate: 'https://e.example.cn/{yyyy}{MM}/{dd}/{page:02}.pdf',
          pages: 8,
        },
      ],
    });
    expect(f.timezone).toBe('Asia/Shanghai');
    expect(f.fetch).toMatchObject({ retries: 3, politenessMs: 1000, maxRedirects: 5 });
    expect(f.sources[0]).toMatchObject({ fetchArticles: 'auto', enabled: true });
    expect(f.sources[1]).toMatchObject({ days: 2, pages: 8 });
  });

  it.each([
    [
      { sources: [{ name: 'x', paper: 'p', kind: 'feed', url: 'file:///etc/passwd' }] },
      'sources[0] ("x").url: an http(s) URL',
    ],
    [
      { sources: [{ name: 'x', paper: 'p', kind: 'feed', url: 'ftp://example.cn/rss' }] },
      'sources[0] ("x").url: an http(s) URL',
    ],
    [
      { sources: [{ name: 'Bad Name', paper: 'p', kind: 'feed', url: 'https://a.cn/' }] },
      'sources[0] ("Bad Name").name: lower-case letters',
    ],
    [
      { sources: [{ name: 'x', paper: 'p', kind: 'feed', url: 'https://a.cn/', schedule: 'every hour' }] },
      'sources[0] ("x").schedule: a cron expression',
    ],
    [
      { sources: [{ name: 'x', paper: 'p', kind: 'pdf', urlTemplate: 'https://a.cn/page.pdf' }] },
      'sources[0] ("x").urlTemplate: a template with the date in it',
    ],
    [
      { sources: [{ name: 'x', paper: 'p', kind: 'pages' }] },
      'sources[0] ("x").urls: give "urls", "sitemap" or "listPage"',
    ],
    [{ sources: [{ name: 'x', paper: 'p', kind: 'rss', url: 'https://a.cn/' }] }, 'sources[0] ("x").kind'],
    [
      {
        sources: [
          { name: 'x', paper: 'p', kind: 'feed', url: 'https://a.cn/' },
          { name: 'x', paper: 'p', kind: 'folder', path: 'inbox' },
        ],
      },
      'sources[1] ("x").name: "x" is used twice',
    ],
    [
      { sources: [{ name: 'x', paper: 'p', kind: 'feed', url: 'https://a.cn/', tpyo: 1 }] },
      'sources[0] ("x"): Unrecognized key: "tpyo"',
    ],
    [
      { timezone: 'Mars/Olympus', sources: [{ name: 'x', paper: 'p', kind: 'folder', path: 'a' }] },
      'timezone: an IANA time zone',
    ],
    [{ sources: [] }, 'sources: name at least one source'],
  ])('%j → %s', (json, message) => {
    expect(problems(json)).toContain(message);
  });

  it('the README’s complete example is valid, every kind and field in it', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /A complete `sources\.json`[\s\S]*?```json\n([\s\S]*?)```/u.exec(readme)![1]!;
    const f = parseSourcesFile(block, 'README.md');
    expect(f.sources.map((s) => s.kind)).toEqual(['feed', 'pdf', 'pages', 'folder']);
    const pages = f.sources[2]!;
    expect(
      pages.kind === 'pages' &&
        new RegExp(pages.linkPattern!, 'u').test('https://www.jzrb.example.cn/news/202004/29.html'),
    ).toBe(true);
  });

  it('broken JSON names the file', () => {
    expect(() => parseSourcesFile('{"sources": [', 'my-sources.json')).toThrow(/^my-sources\.json: not valid JSON/u);
  });
});

describe('URLs, dates and templates', () => {
  it.each([
    ['https://WWW.Example.CN:443/news/1.html?utm_source=rss&utm_medium=x#top', 'https://www.example.cn/news/1.html'],
    ['http://example.cn:80/a?id=2&spm=a1.b2&from=timeline', 'http://example.cn/a?id=2'],
    ['http://example.cn/a?b=2&a=1', 'http://example.cn/a?a=1&b=2'],
    ['http://example.cn/Content/A.HTML', 'http://example.cn/Content/A.HTML'],
  ])('canonical %s → %s', (raw, want) => {
    expect(canonicalUrl(raw)).toBe(want);
  });

  it.each([
    ['Fri, 19 Jun 2020 08:00:00 +0800', '2020-06-19'],
    ['Fri, 19 Jun 2020 23:30:00 GMT', '2020-06-20'],
    ['2020-06-19T23:30:00Z', '2020-06-20'],
    ['2020-06-19 08:00', '2020-06-19'],
    ['2020年6月19日', '2020-06-19'],
    ["D:20200619083000+08'00'", '2020-06-19'],
    ['D:20200618200000Z', '2020-06-19'],
    ['not a date', undefined],
  ])('%s is %s in Shanghai', (v, day) => {
    expect(sourceDay(v, 'Asia/Shanghai')).toBe(day);
  });

  it('fills URL templates; finds dates in file names', () => {
    expect(fillTemplate('https://e.cn/{yyyy}{MM}/{dd}/node_{page:02}.pdf', '2020-06-09', 3)).toBe(
      'https://e.cn/202006/09/node_03.pdf',
    );
    expect(fillTemplate('https://e.cn/{yy}-{M}-{d}/{page}.pdf', '2020-06-09', 12)).toBe('https://e.cn/20-6-9/12.pdf');
    expect(dateInName('2020/pyrb-20200619-03.pdf')).toBe('2020-06-19');
    expect(dateInName('page_2020-06-19.txt')).toBe('2020-06-19');
    expect(dateInName('page-3.pdf')).toBeUndefined();
  });
});

describe('charsets and article text', () => {
  // The shortest headlined article of the sample pages, as a news site would serve it.
  const brief = SAMPLE_FILES.flatMap(samplePage)
    .filter((a) => a.kind === 'article' && a.titleOrigin === 'headline')
    .sort((a, b) => a.text.length - b.text.length)[0]!;
  const html = articleHtml({ title: brief.title, text: brief.text });

  it.each([
    [
      'UTF-8 without any declaration',
      Buffer.from(articleHtml({ title: '标题', text: '正文', meta: false })),
      undefined,
      'utf-8',
    ],
    [
      'GBK by <meta charset>',
      encodeGbk(articleHtml({ title: '标题', text: '正文', charset: 'gbk' })),
      undefined,
      'gbk',
    ],
    [
      'GB18030 by the HTTP header',
      encodeGbk(articleHtml({ title: '标题', text: '正文', meta: false })),
      'text/html; charset=GB18030',
      'gb18030',
    ],
    [
      'GBK with no declaration at all',
      encodeGbk(articleHtml({ title: '标题', text: '正文', meta: false })),
      'text/html',
      'gb18030',
    ],
    [
      'a GBK declaration on UTF-8 bytes',
      Buffer.from(articleHtml({ title: '标题', text: '正文', charset: 'gbk' })),
      undefined,
      'utf-8',
    ],
  ])('%s', (_what, bytes, contentType, encoding) => {
    const d = decodeDocument(bytes, contentType);
    expect(d.encoding.toLowerCase()).toBe(encoding);
    expect(d.text).toContain('<title>标题_濮阳网</title>');
  });

  it('a GBK feed by its XML declaration', () => {
    const feed = rssFeed(
      [
        {
          title: '开发区召开复工复产工作推进会',
          url: 'http://a.cn/1',
          published: '2020-03-16T10:00:00+08:00',
          summary: '摘要文字',
        },
      ],
      'GBK',
    );
    const d = decodeDocument(encodeGbk(feed), 'application/rss+xml');
    expect([d.encoding, d.from]).toEqual(['GBK', 'declaration']);
    expect(parseFeedEntries(d.text, 'http://a.cn/').entries[0]).toMatchObject({
      title: '开发区召开复工复产工作推进会',
      summary: ['摘要文字'],
    });
  });

  it('takes the main text and title, leaves navigation, credits and footer out', () => {
    const page = extractArticle(html, 'http://example.cn/news/1.html');
    expect(page.title).toBe(brief.title);
    expect(page.paragraphs).toEqual(brief.text.split('\n'));
  });

  it('a time-stamp line at the top of the text is the page’s furniture, and dates the page when nothing else does', () => {
    const stamped = `<!doctype html><html><head><title>开发区新建3所幼儿园_濮阳网</title></head><body>
<nav>首页 | 本地</nav><article><h1>开发区新建3所幼儿园</h1><div class="time">2026-12-01 08:00</div>
${brief.text
  .split('\n')
  .map((p) => `<p>${p}</p>`)
  .join('')}</article></body></html>`;
    const page = extractArticle(stamped, 'http://example.cn/news/2.html');
    expect(page.paragraphs[0]).not.toMatch(/^2026-12-01/u);
    expect(page.paragraphs).toEqual(brief.text.split('\n'));
    expect(page.published).toBe('2026-12-01 08:00');
  });

  it.each([
    ['短讯', '开发区新建3所幼儿园', '开发区新建3所幼儿园'],
    ['【图片新闻】', '雪汇食品投产', '雪汇食品投产'],
    ['开发区新建3所幼儿园', '濮阳网', '开发区新建3所幼儿园'],
    [undefined, '开发区新建3所幼儿园', '开发区新建3所幼儿园'],
    ['短讯', undefined, '短讯'],
  ])('feed title %s, page title %s → %s', (feed, page, title) => {
    expect(articleTitle(feed, page)).toBe(title);
  });

  it('feed fields: HTML or plain text, entities decoded', () => {
    expect(textParagraphs('<p>第一段</p><p>第二段<br>第三段</p>')).toEqual(['第一段', '第二段', '第三段']);
    expect(textParagraphs('第一段\n\n第二段')).toEqual(['第一段', '第二段']);
    expect(textParagraphs('&lt;b&gt;粗体&lt;/b&gt; &amp; 文字')).toEqual(['粗体 & 文字']);
  });
});

describe('near-duplicates, calibrated on the sample pages', () => {
  const articles = SAMPLE_FILES.flatMap(samplePage).filter((a) => contentChars(a.text).length >= 100);

  it('an edited copy is one story; two different articles, even on one topic from one page, are not', () => {
    const sim = (a: string, b: string): number => similarity(minhash(a)!, minhash(b)!);
    let minCorrected = 1;
    let minCut = 1;
    let maxDistinct = 0;
    for (const a of articles) {
      const sentences = a.text.split(/(?<=。)/u);
      // Corrected: a word changed and a note added. Cut: the last sentence dropped (articles of five or more).
      const corrected = `${[sentences[0]!.replace(/开发区|示范区|我市/u, '本区'), ...sentences.slice(1)].join('')}（本文有更正）`;
      minCorrected = Math.min(minCorrected, sim(a.text, corrected));
      if (sentences.length >= 5) minCut = Math.min(minCut, sim(a.text, sentences.slice(0, -1).join('')));
      for (const b of articles) if (b !== a) maxDistinct = Math.max(maxDistinct, sim(a.text, b.text));
    }
    console.log(
      `near-duplicates (${articles.length} articles): corrected copies ≥ ${minCorrected.toFixed(2)}, cut copies ≥ ${minCut.toFixed(2)}, distinct articles ≤ ${maxDistinct.toFixed(2)}; threshold ${NEAR_DUPLICATE_SIMILARITY}`,
    );
    expect(minCorrected).toBeGreaterThanOrEqual(NEAR_DUPLICATE_SIMILARITY);
    expect(minCut).toBeGreaterThanOrEqual(NEAR_DUPLICATE_SIMILARITY);
    expect(maxDistinct).toBeLessThan(NEAR_DUPLICATE_SIMILARITY);
  });

  it('texts too short to judge are left to exact matching', () => {
    expect(minhash('本报讯 开发区召开会议')).toBeUndefined();
  });
});
