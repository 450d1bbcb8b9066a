import { parseAtomFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/ingest/article.js';
import { normalizeForSearch } from '../src/text/normalize.js';
import { articlePage } from '../src/web/pages/article.js';
import { type Crawl, crawl, foreignWords, getPage, parse, readerText } from './support/crawl.js';
import { type Site, startSite } from './support/site.js';

// The archive site over plain HTTP: no browser needed (the browser tests are in web-browser.test.ts).

let site: Site;
let base: string;
let site2: Crawl;
const q = (s: string): string => encodeURIComponent(s);
const isFullDay = (a: Article): boolean => /^\d{4}-\d{2}-\d{2}$/u.test(a.date ?? '');

beforeAll(async () => {
  site = await startSite();
  base = site.base;
  const answer = await site.archive.ask('雪汇食品公司什么时候正式复工？');
  // The front page, what a citation link and a search lead to, and the feed: everything else is linked from them.
  site2 = await crawl(base, [
    '/',
    answer.quotes[0]!.url,
    `/search?q=${q('开发区')}`,
    `/search?q=${q('雪汇食品公司什么时候正式复工？')}`,
    `/search?q=${q('开发区')}&order=date&from=2020-03-01&to=2020-06-30`,
    '/feed.xml',
  ]);
});

afterAll(async () => {
  await site?.stop();
});

describe('serving', () => {
  it('serves an article with security headers, and only GET/HEAD', async () => {
    const a = site.archive.articles[0]!;
    const r = await fetch(`${base}/articles/${a.id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'/u);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const doc = parse(await r.text());
    expect(doc.documentElement.getAttribute('lang')).toBe('zh-CN');
    expect(doc.querySelector('h1')!.textContent).toBe(a.title);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect((await fetch(`${base}/articles/${a.id}`, { method: 'HEAD' })).status).toBe(200);
    const post = await fetch(`${base}/articles/${a.id}`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('gives Chinese 404 and 400 pages for unknown ids, paths and dates', async () => {
    for (const path of ['/articles/does-not-exist', '/nope', '/dates/2020-02-30', '/months/2020-13', '/dates/']) {
      const r = await getPage(`${base}${path}`);
      expect(r.status, path).toBe(404);
      expect(r.doc.querySelector('h1')!.textContent).toBe('未找到');
    }
    expect((await fetch(`${base}/articles/%E0%A4%A`)).status).toBe(400);
  });

  it('answers extra routes before its own, for health details and metrics', async () => {
    const other = await startSite({
      routes: {
        '/metrics': () => ({ status: 200, type: 'text/plain', body: 'web_up 1\n' }),
        '/healthz': () => ({ status: 503, type: 'application/json', body: '{"ok":false}' }),
      },
    });
    try {
      expect(await (await fetch(`${other.base}/metrics`)).text()).toBe('web_up 1\n');
      expect((await fetch(`${other.base}/healthz`)).status).toBe(503);
      expect((await fetch(`${other.base}/`)).status).toBe(200);
    } finally {
      await other.stop();
    }
  });

  it('escapes everything from a query or the corpus', async () => {
    const a = site.archive.articles[0]!;
    const evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    for (const url of [
      `${base}/articles/${a.id}?q=${q(evil)}&end=${q(evil)}`,
      `${base}/search?q=${q(evil)}&from=${q(evil)}&to=${q(evil)}`,
    ]) {
      const html = await (await fetch(url)).text();
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<img');
    }
  });
});

describe('the whole site, crawled', () => {
  it('every internal link on every page answers 200, and every #anchor exists', () => {
    const bad = [...site2.pages.entries()].filter(([, p]) => p.status !== 200).map(([u, p]) => `${p.status} ${u}`);
    expect(bad).toEqual([]);
    expect(site2.missingAnchors).toEqual([]);
    // It did reach the whole archive: every article page, the calendar months, the feed.
    const articles = [...site2.pages.keys()].filter((u) => new URL(u).pathname.startsWith('/articles/'));
    const ids = new Set(articles.map((u) => new URL(u).pathname.split('/')[2]));
    expect(ids.size).toBe(site.archive.articles.length);
    expect(site2.pages.has(`${base}/undated`)).toBe(true);
    const days = new Set(site.archive.articles.filter(isFullDay).map((a) => a.date));
    for (const d of days) expect(site2.pages.has(`${base}/dates/${d}`), d).toBe(true);
    for (const m of new Set([...days].map((d) => d!.slice(0, 7))))
      expect(site2.pages.has(`${base}/months/${m}`)).toBe(true);
  });

  it('no page shows English: every Latin word on a page is one the corpus itself prints', () => {
    const corpus = site.archive.articles
      .map((a) => `${a.title}\n${a.text}\n${a.source}\n${a.section ?? ''}`)
      .join('\n');
    const found: string[] = [];
    for (const [url, p] of site2.pages) {
      if (!p.type.startsWith('text/html')) continue;
      for (const w of foreignWords(readerText(p.html), corpus)) found.push(`${w} on ${url}`);
    }
    expect(found).toEqual([]);
  });

  it('the calendar and the day navigation reach every dated article; the undated page the others', async () => {
    // Only the browsing links: month lists, calendars, previous/next day, day pages' article lists.
    const seen = new Set<string>();
    const visited = new Set<string>();
    const queue = ['/'];
    while (queue.length) {
      const path = queue.shift()!;
      if (visited.has(path)) continue;
      visited.add(path);
      const { doc } = await getPage(`${base}${path}`);
      const links = [
        ...doc.querySelectorAll('ul.months a, table.cal a, nav.daynav a, nav.pager a, main ol.articles a'),
      ].map((a) => a.getAttribute('href')!);
      for (const href of links) {
        if (href.startsWith('/articles/')) {
          if (/^\/(dates|undated)/u.test(path)) seen.add(href.split('/')[2]!.split(/[?#]/u)[0]!);
        } else if (/^\/(months|dates)\//u.test(href)) queue.push(href);
      }
    }
    const dated = site.archive.articles.filter(isFullDay).map((a) => a.id);
    expect(dated.length).toBeGreaterThan(20);
    expect(dated.filter((id) => !seen.has(id))).toEqual([]);
    const undated = await getPage(`${base}/undated`);
    const listed = [...undated.doc.querySelectorAll('ol.articles a')].map((a) => a.getAttribute('href')!.split('/')[2]);
    expect(new Set(listed)).toEqual(new Set(site.archive.articles.filter((a) => !a.date).map((a) => a.id)));
  });
});

describe('date pages', () => {
  it('a day: its Chinese date with the weekday, the count, lead sentences, page order, the days around it', async () => {
    const { doc } = await getPage(`${base}/dates/2020-06-19`);
    expect(doc.querySelector('h1')!.textContent).toBe('2020年6月19日 星期五');
    const day = site.archive.articles.filter((a) => a.date === '2020-06-19');
    expect(doc.querySelector('.meta')!.textContent).toContain(`${day.length} 篇文章`);
    const ids = [...doc.querySelectorAll('ol.articles li > a')].map((a) => a.getAttribute('href')!.split('/')[2]);
    // Page order: by position in the page file.
    const expected = [...day].sort((x, y) => x.range!.start - y.range!.start).map((a) => a.id);
    expect(ids).toEqual(expected);
    const leads = [...doc.querySelectorAll('ol.articles .lead')].map((p) => p.textContent!.replace(/…$/u, ''));
    expect(leads).toHaveLength(day.length);
    leads.forEach((lead, i) => {
      expect(day.find((a) => a.id === ids[i])!.text).toContain(lead);
    });
    const nav = [...doc.querySelectorAll('nav.daynav a')].map((a) => a.getAttribute('href'));
    expect(nav).toContain('/dates/2020-04-29');
    expect(nav).toContain('/dates/2020-06-20');
  });

  it('a year-unknown day lists that day of every year', async () => {
    const r = await getPage(`${base}/dates/--03-17`);
    expect(r.status).toBe(200);
    expect(r.doc.querySelector('h1')!.textContent).toBe('3月17日（年份不详）');
    expect(r.doc.querySelector('main')!.textContent).toContain('濮阳市医药医疗器械产业园揭牌开园');
  });

  it('the front page holds the newest month as a calendar and every month, not every article', async () => {
    const { doc } = await getPage(`${base}/`);
    expect(doc.querySelector('table.cal caption')!.textContent).toBe('2021年4月');
    const newest = site.archive.articles.filter((a) => a.date === '2021-04-14').length;
    expect(doc.querySelector('table.cal a[href="/dates/2021-04-14"]')!.textContent).toContain(`${newest} 篇`);
    const months = [...doc.querySelectorAll('ul.months a')].map((a) => a.getAttribute('href'));
    expect(months).toEqual([
      '/months/2021-04',
      '/months/2020-07',
      '/months/2020-06',
      '/months/2020-04',
      '/months/2020-03',
    ]);
    expect(doc.querySelectorAll('a[href^="/articles/"]').length).toBeLessThan(site.archive.articles.length / 2);
    expect(doc.body.textContent).not.toContain('检索');
  });
});

describe('article pages', () => {
  it('links to the other articles of its day and its page, and to the days around it', async () => {
    const a = site.archive.articles.find((x) => x.date === '2020-03-18' && x.title.startsWith('恒丰电子'))!;
    const { doc } = await getPage(`${base}/articles/${a.id}`);
    expect(doc.querySelector('.article-head .dateline')!.textContent).toBe('濮阳日报 · 2020年3月18日 星期三');
    const sameDay = site.archive.articles.filter((x) => x.date === a.date && x.id !== a.id).map((x) => x.id);
    const links = (h: string): string[] => {
      const heading = [...doc.querySelectorAll('nav.related h2')].find((e) => e.textContent === h)!;
      return [...heading.nextElementSibling!.querySelectorAll('a')].map((e) => e.getAttribute('href')!.split('/')[2]!);
    };
    expect(new Set(links('同日的其他文章'))).toEqual(new Set(sameDay));
    const samePage = site.archive.articles.filter((x) => x.file === a.file && x.id !== a.id).map((x) => x.id);
    expect(links('同版的其他文章')).toEqual(
      samePage.sort((x, y) => site.archive.article(x)!.range!.start - site.archive.article(y)!.range!.start),
    );
    const nav = [...doc.querySelectorAll('nav.daynav a')].map((e) => e.getAttribute('href'));
    expect(nav).toEqual(['/dates/2020-03-17', '/dates/2020-03-19']);
  });

  it.each([
    ['javascript:alert(1)', undefined],
    ['ftp://evil.example/f', undefined],
    ['mailto:a@b.c', undefined],
    ['https://news.example.org/a?b=1', 'https://news.example.org/a?b=1'],
  ])('its original-article link (%j) is a link only when http(s), as an older index may hold anything', (url, href) => {
    const a = { ...site.archive.articles[0]!, url };
    const doc = parse(articlePage(site.archive, a, { baseUrl: base }));
    const original = [...doc.querySelectorAll('.meta a')].find((e) => e.textContent === '原文链接');
    expect(original?.getAttribute('href')).toBe(href);
    expect(site.archive.linkFor(a)).toBe(href ?? `${base}/articles/${encodeURIComponent(a.id)}`);
  });

  it('an undated article says 日期不详 and links to the undated list; an estimated date says 约', async () => {
    const a = site.archive.articles[0]!;
    const undated = parse(articlePage(site.archive, { ...a, date: undefined, dateOrigin: 'none' }, { baseUrl: base }));
    const dateline = undated.querySelector('.article-head .dateline a')!;
    expect(dateline.textContent).toBe('日期不详');
    expect(dateline.getAttribute('href')).toBe('/undated');
    const guess = parse(
      articlePage(site.archive, { ...a, date: '2020-06-20', dateOrigin: 'page-estimate' }, { baseUrl: base }),
    );
    expect(guess.querySelector('.article-head .dateline')!.textContent).toBe(`${a.source} · 约 2020年6月20日`);
    expect(guess.querySelector('.meta')!.textContent).toContain('据版面估计');
  });

  it('Open Graph and Twitter card tags hold the title, the quote, the paper and the date', async () => {
    const answer = await site.archive.ask('恒丰电子已申请了多少项专利？');
    const quote = answer.quotes[0]!;
    const { doc } = await getPage(quote.url);
    const meta = (k: string): string | null | undefined =>
      doc.querySelector(`meta[property="${k}"], meta[name="${k}"]`)?.getAttribute('content');
    expect(meta('og:title')).toBe(quote.title);
    expect(meta('og:type')).toBe('article');
    expect(meta('og:description')).toContain(quote.text);
    expect(meta('og:description')).toContain('濮阳日报 · 2020年3月18日 星期三');
    expect(meta('og:url')).toBe(`${base}/articles/${quote.articleId}`);
    expect(meta('article:published_time')).toBe('2020-03-18');
    expect(meta('twitter:card')).toBe('summary');
    expect(meta('twitter:description')).toBe(meta('og:description'));
    // Without a quote, the lead sentence describes the article.
    const plain = await getPage(`${base}/articles/${quote.articleId}`);
    const lead = plain.doc.querySelector('meta[property="og:description"]')!.getAttribute('content')!;
    expect(site.archive.article(quote.articleId)!.text).toContain(lead.split(' —— ')[0]!.replace(/…$/u, ''));
  });

  it('marks a quote from a link whose quote runs across two passages, start to end', async () => {
    const a = site.archive.articles.find((x) => site.archive.chunksOf(x.id).length >= 3)!;
    const [c0, c1] = site.archive.chunksOf(a.id);
    // From inside the first passage to past its end: the second passage holds the end (chunks overlap by a sentence).
    const quote = a.text.slice(c0!.end - 60, Math.min(c1!.end, c0!.end + 40)).trim();
    const url = site.archive.linkFor(a, c0!.n, quote);
    expect(url).toMatch(/\?q=[^&]+&end=[^#]+#c0$/u);
    const { doc } = await getPage(url);
    const marked = [...doc.querySelectorAll('mark')].map((m) => m.textContent).join('\n');
    expect(marked.replace(/\n/gu, '')).toBe(quote.replace(/\n/gu, ''));
    // The passage anchor the link names sits on the quote.
    expect(doc.querySelector('#c0')!.nextElementSibling!.tagName).toBe('MARK');
  });

  it('links made before quote ends were carried (a 24-character prefix) still mark the sentence', async () => {
    const a = site.archive.articles.find((x) => x.title === '雪汇食品：在发展中回馈社会')!;
    const sentence = '随着疫情好转，雪汇食品公司在做好各项准备工作后，于2月24日正式复工。';
    const { doc } = await getPage(`${base}/articles/${a.id}?q=${q(Array.from(sentence).slice(0, 24).join(''))}#c3`);
    expect(doc.querySelector('mark#quote')!.textContent).toBe(sentence);
    const wrong = await getPage(`${base}/articles/${a.id}?q=${q('不在文中的一句话')}`);
    expect(wrong.doc.querySelector('mark')).toBeNull();
    expect(wrong.doc.querySelector('.note')!.textContent).toContain('未在本文中找到');
  });
});

describe('search', () => {
  const brute = (word: string, keep: (a: Article) => boolean = () => true): Set<string> =>
    new Set(
      site.archive.articles
        .filter((a) => keep(a) && normalizeForSearch(`${a.title}\n${a.text}`).includes(word))
        .map((a) => a.id),
    );
  const resultIds = (doc: ReturnType<typeof parse>): string[] =>
    [...doc.querySelectorAll('ol.articles li > a')].map((a) => a.getAttribute('href')!.split('/')[2]!.split('#')[0]!);

  /** Every result of a search, following the pager to the last page. */
  async function allResults(
    first: string,
    check: (doc: ReturnType<typeof parse>) => void = () => {},
  ): Promise<string[]> {
    const all: string[] = [];
    let url: string | undefined = first;
    while (url) {
      const p = await getPage(url);
      check(p.doc);
      all.push(...resultIds(p.doc));
      const next = p.doc.querySelector('nav.pager a[rel=next]')?.getAttribute('href');
      url = next ? new URL(next, base).href : undefined;
    }
    return all;
  }

  it('counts, pages and highlights, keeping the query in the box', async () => {
    const want = brute('开发区');
    const first = await getPage(`${base}/search?q=${q('开发区')}`);
    expect(first.doc.querySelector('input[name=q]')!.getAttribute('value')).toBe('开发区');
    expect(first.doc.querySelector('main .meta')!.textContent).toContain(`找到 ${want.size} 篇`);
    let marked = 0;
    const all = await allResults(`${base}/search?q=${q('开发区')}`, (doc) => {
      expect(doc.querySelector('input[name=q]')!.getAttribute('value')).toBe('开发区');
      for (const li of doc.querySelectorAll('ol.articles li')) {
        const marks = [...li.querySelectorAll('.snippet mark')].map((m) => m.textContent);
        expect(marks.every((m) => m === '开发区')).toBe(true);
        if (marks.length) marked++;
      }
    });
    expect(marked).toBeGreaterThan(want.size * 0.8);
    expect(all).toHaveLength(want.size);
    expect(new Set(all)).toEqual(want);
  });

  it('filters by date and orders by date, keeping both in the form and the pager', async () => {
    const inRange = (a: Article): boolean => isFullDay(a) && a.date! >= '2020-03-17' && a.date! <= '2020-06-30';
    const want = brute('开发区', inRange);
    const ids = await allResults(`${base}/search?q=${q('开发区')}&from=2020-03-17&to=2020-06-30&order=date`, (doc) => {
      expect(doc.querySelector('input[name=from]')!.getAttribute('value')).toBe('2020-03-17');
      expect(doc.querySelector('input[name=to]')!.getAttribute('value')).toBe('2020-06-30');
      expect(doc.querySelector('select[name=order] option[selected]')!.getAttribute('value')).toBe('date');
    });
    expect(ids).toHaveLength(want.size);
    expect(new Set(ids)).toEqual(want);
    const dates = ids.map((id) => site.archive.article(id)!.date!);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('a question gets the answer on top, and no passage twice', async () => {
    const { doc } = await getPage(`${base}/search?q=${q('雪汇食品公司什么时候正式复工？')}`);
    const answer = doc.querySelector('section.answer blockquote')!.textContent!;
    expect(answer).toContain('2月24日正式复工');
    const quoteLink = doc.querySelector('section.answer a')!.getAttribute('href')!;
    const passage = quoteLink.split('#')[1];
    const results = [...doc.querySelectorAll('ol.articles li > a')].map((a) => a.getAttribute('href')!);
    const sameArticle = results.filter((h) => h.split('#')[0] === new URL(quoteLink).pathname);
    for (const h of sameArticle) expect(h.split('#')[1]).not.toBe(passage);
    for (const s of doc.querySelectorAll('.snippet')) expect(s.textContent).not.toContain(answer);
  });

  it('marks the answer span inside the quoted answer, and says the period a dated question searched', async () => {
    const asked = '开发区选派了多少名首席服务员？';
    const answer = await site.archive.ask(asked);
    const mark = answer.quotes[0]!.mark!;
    const { doc } = await getPage(`${base}/search?q=${q(asked)}`);
    const first = doc.querySelector('section.answer blockquote')!;
    expect(first.querySelector('mark.answer')!.textContent).toBe(answer.quotes[0]!.text.slice(mark.start, mark.end));
    expect(first.textContent).toBe(answer.quotes[0]!.text);
    expect(first.querySelector('mark.answer')!.textContent).toContain('47');
    const dated = await getPage(`${base}/search?q=${q('7月份开发区都有哪些活动？')}`);
    expect(dated.doc.querySelector('section.answer p.period')!.textContent).toMatch(/“7月份”：.*7月1日.*7月31日/u);
    const plain = await getPage(`${base}/search?q=${q('雪汇食品公司的董事长是谁？')}`);
    expect(plain.doc.querySelector('section.answer p.period')).toBeNull();
  });

  it('says what it cannot do, in Chinese: nothing typed, too long, a date it cannot read, nothing found', async () => {
    const empty = await getPage(`${base}/search?q=`);
    expect(empty.status).toBe(200);
    expect(empty.doc.querySelector('main')!.textContent).toContain('请输入要搜索的词语或问题');
    const long = await getPage(`${base}/search?q=${q('长'.repeat(600))}`);
    expect(long.status).toBe(400);
    expect(long.doc.querySelector('main')!.textContent).toContain('最多 500 个字');
    // Far over the limit, the address itself outgrows what Node reads (16 KB): still a message, not a bare 431.
    const huge = await fetch(`${base}/search?q=${q('长'.repeat(10_000))}`);
    expect(huge.status).toBe(431);
    expect(await huge.text()).toContain('最多 500 个字');
    const date = await getPage(`${base}/search?q=${q('开发区')}&from=${q('昨天以前')}`);
    expect(date.doc.querySelector('main')!.textContent).toContain('无法识别的日期');
    const none = await getPage(`${base}/search?q=${q('火星基地')}`);
    expect(none.doc.querySelector('main')!.textContent).toContain('没有找到含有');
  });

  it('limits searches per client, and says when to try again', async () => {
    const limited = await startSite({ searchPerMinute: 2 });
    try {
      const statuses: number[] = [];
      let retry: string | null = null;
      for (let i = 0; i < 4; i++) {
        const r = await fetch(`${limited.base}/search?q=${q('开发区')}`);
        statuses.push(r.status);
        retry ??= r.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 429, 429]);
      expect(Number(retry)).toBeGreaterThan(0);
      // Browsing is never limited.
      expect((await fetch(`${limited.base}/dates/2020-06-19`)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});

describe('the feed', () => {
  it('is Atom with the newest dated articles, newest first, each linking to its page', async () => {
    const r = await fetch(`${base}/feed.xml`);
    expect(r.headers.get('content-type')).toMatch(/^application\/atom\+xml/u);
    const feed = parseAtomFeed(await r.text());
    const dated = site.archive.articles.filter(isFullDay);
    expect(feed.entries).toHaveLength(Math.min(50, dated.length));
    const updated = feed.entries!.map((e) => e.updated!);
    expect(updated).toEqual([...updated].sort().reverse());
    const first = feed.entries![0]!;
    const a = site.archive.article(first.links![0]!.href!.split('/').pop()!)!;
    expect(a.date).toBe('2021-04-14');
    // The title is HTML (type="html"): decoded, it is the article's title exactly.
    const title = first.title as unknown as { value: string; type: string };
    expect(title.type).toBe('html');
    expect(parse(`<p>${title.value}</p>`).querySelector('p')!.textContent).toBe(a.title);
    expect((await fetch(first.links![0]!.href!)).status).toBe(200);
  });
});
