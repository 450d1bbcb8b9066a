import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Citation } from '../src/search/archive.js';
import { launchChromium } from './support/browser.js';
import { foreignWords } from './support/crawl.js';
import { type Site, startSite } from './support/site.js';

// The archive site in a real browser (Debian's Chromium through playwright-core; CHROMIUM_PATH points elsewhere),
// at a desktop and a phone size.

const SIZES = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const SHOTS = 'test/.tmp/screenshots';

let site: Site;
let browser: Browser;
const q = (s: string): string => encodeURIComponent(s);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  site = await startSite();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

async function open(size: (typeof SIZES)[number], url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: size.width, height: size.height }, locale: 'zh-CN' });
  const r = await page.goto(url);
  expect(r!.status()).toBe(200);
  return page;
}

/** The box of an element, and whether it is wholly inside the viewport. */
async function placement(page: Page, selector: string) {
  const box = (await page.locator(selector).first().boundingBox())!;
  const vp = page.viewportSize()!;
  return { box, inView: box.y >= 0 && box.y + box.height <= vp.height && box.x >= 0 && box.x + box.width <= vp.width };
}

/** Quotes the bot gives for questions of several kinds: each one's link is followed at both sizes. */
async function citations(): Promise<Citation[]> {
  const out: Citation[] = [];
  for (const question of [
    '雪汇食品公司什么时候正式复工？',
    '恒丰电子已申请了多少项专利？',
    '开发区选派了多少名首席服务员？',
    '市政府第99次常务会议研究了哪些工作？',
  ]) {
    out.push(...(await site.archive.ask(question)).quotes);
  }
  // The longest title (three lines on a phone) with a quote from the end of its article, far below the title.
  const long = [...site.archive.articles].sort((x, y) => y.title.length - x.title.length)[0]!;
  const last = site.archive.chunksOf(long.id).at(-1)!;
  const text = long.text.slice(last.start, last.end).split('。')[0]!;
  out.push({ ...out[0]!, text, title: long.title, source: long.source, url: site.archive.linkFor(long, last.n, text) });
  return out;
}

describe.each(SIZES)('on a $name screen ($width×$height)', (size) => {
  it('a citation link shows the quote, the title, the paper and the date at once', async () => {
    const quotes = await citations();
    expect(quotes.length).toBeGreaterThanOrEqual(4);
    for (const [i, quote] of quotes.entries()) {
      const page = await open(size, quote.url);
      const mark = await placement(page, 'mark#quote');
      const title = await placement(page, '.article-head h1');
      const dateline = await placement(page, '.article-head .dateline');
      expect(mark.inView, `${quote.url}: the quote in view`).toBe(true);
      expect(title.inView, `${quote.url}: the title in view`).toBe(true);
      expect(dateline.inView, `${quote.url}: paper and date in view`).toBe(true);
      // Not hidden under the sticky header.
      expect(mark.box.y).toBeGreaterThanOrEqual(dateline.box.y + dateline.box.height);
      const marked = (await page.locator('mark').allTextContents()).join('');
      expect(marked.replace(/\s/gu, '')).toBe(quote.text.replace(/\s/gu, ''));
      expect(await page.locator('.article-head .dateline').textContent()).toContain(quote.source);
      if (i === 0) await page.screenshot({ path: `${SHOTS}/citation-${size.name}.png` });
      if (i === quotes.length - 1) await page.screenshot({ path: `${SHOTS}/citation-long-title-${size.name}.png` });
      await page.close();
    }
  });

  it('a quote running across two passages is marked whole and lands in view', async () => {
    const a = site.archive.articles.find((x) => site.archive.chunksOf(x.id).length >= 4)!;
    const [, c1] = site.archive.chunksOf(a.id);
    const quote = a.text.slice(c1!.end - 50, c1!.end + 30).trim();
    const page = await open(size, site.archive.linkFor(a, c1!.n, quote));
    expect((await page.locator('mark').allTextContents()).join('').replace(/\n/gu, '')).toBe(quote.replace(/\n/gu, ''));
    expect((await placement(page, 'mark#quote')).inView).toBe(true);
    expect((await placement(page, '.article-head h1')).inView).toBe(true);
    await page.screenshot({ path: `${SHOTS}/two-passages-${size.name}.png` });
    await page.close();
  });

  it('search keeps the query and marks the words in every snippet', async () => {
    const page = await open(size, `${site.base}/search?q=${q('复工复产')}`);
    expect(await page.locator('input[name=q]').inputValue()).toBe('复工复产');
    const snippets = page.locator('ol.articles .snippet');
    expect(await snippets.count()).toBeGreaterThan(1);
    for (const s of await snippets.all()) expect(await s.locator('mark').allTextContents()).toContain('复工复产');
    const mark = page.locator('.snippet mark').first();
    // A mark is visibly a highlight: its background differs from the page's.
    const [bg, pageBg] = await Promise.all(
      [mark, page.locator('body')].map((l) =>
        l.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor),
      ),
    );
    expect(bg).not.toBe(pageBg);
    await page.screenshot({ path: `${SHOTS}/search-${size.name}.png` });
    await page.close();
  });

  it('the calendar leads to a day, and the day on to the next day', async () => {
    const page = await open(size, `${site.base}/`);
    await page.screenshot({ path: `${SHOTS}/index-${size.name}.png`, fullPage: true });
    await page.locator('table.cal a[href="/dates/2021-04-13"]').click();
    await page.waitForURL('**/dates/2021-04-13');
    expect(await page.locator('h1').textContent()).toBe('2021年4月13日 星期二');
    await page.locator('nav.daynav a[rel=next]').first().click();
    await page.waitForURL('**/dates/2021-04-14');
    const day = site.archive.articles.filter((a) => a.date === '2021-04-14');
    expect(await page.locator('ol.articles > li').count()).toBe(day.length);
    await page.screenshot({ path: `${SHOTS}/day-${size.name}.png`, fullPage: true });
    await page.close();
  });

  it('nothing on a page is wider than the screen', async () => {
    for (const path of ['/', '/dates/2020-06-19', '/months/2020-03', `/search?q=${q('开发区')}`, '/about']) {
      const page = await open(size, `${site.base}${path}`);
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
      await page.close();
    }
  });
});

describe('reader pages, as rendered', () => {
  const paths = async (): Promise<string[]> => {
    const quote = (await site.archive.ask('雪汇食品公司什么时候正式复工？')).quotes[0]!;
    const photo = site.archive.articles.find((a) => a.kind === 'photo')!;
    const estimated = site.archive.articles.find((a) => a.dateOrigin === 'page-estimate');
    const derived = site.archive.articles.find((a) => a.titleOrigin === 'first-sentence');
    return [
      '/',
      '/months/2020-06',
      '/dates/2020-06-19',
      '/dates/--03-17',
      '/dates/2020-01-01',
      '/undated',
      quote.url.slice(site.base.length),
      `/articles/${photo.id}`,
      ...[estimated, derived].filter((a) => a !== undefined).map((a) => `/articles/${a.id}`),
      `/search?q=${q('开发区')}`,
      `/search?q=${q('雪汇食品公司什么时候正式复工？')}`,
      `/search?q=${q('火星基地')}`,
      `/search?q=${q('开发区')}&from=${q('不是日期')}`,
      '/search',
      '/about',
    ];
  };

  it('show no English: every Latin word a reader sees is printed in the corpus itself', async () => {
    const corpus = site.archive.articles
      .map((a) => `${a.title}\n${a.text}\n${a.source}\n${a.section ?? ''}`)
      .join('\n');
    const page = await browser.newPage({ locale: 'zh-CN' });
    const found: string[] = [];
    for (const path of await paths()) {
      await page.goto(`${site.base}${path}`);
      // What is rendered (innerText), the tab title, and what a screen reader announces from attributes; technical
      // names on /about are marked lang="en" and are the one exception.
      const text = await page.evaluate<string>(`(() => {
        for (const el of document.querySelectorAll('[lang="en"]')) el.remove();
        const attrs = [...document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')].flatMap((el) =>
          ['aria-label', 'placeholder', 'title', 'alt'].map((a) => el.getAttribute(a) ?? ''));
        return [document.title, document.body.innerText, ...attrs].join('\\n');
      })()`);
      for (const w of foreignWords(text, corpus)) found.push(`${w} on ${path}`);
    }
    expect(found).toEqual([]);
    await page.close();
  });

  it('have no serious or critical accessibility problems (axe-core)', async () => {
    // The site's Content-Security-Policy forbids every script, axe's included: this test-only context bypasses the
    // CSP to inject axe-core; the pages themselves still run no script.
    const axeSource = createRequire(import.meta.url)('axe-core').source as string;
    for (const size of SIZES) {
      const context = await browser.newContext({
        bypassCSP: true,
        viewport: { width: size.width, height: size.height },
        locale: 'zh-CN',
      });
      const page = await context.newPage();
      const problems: string[] = [];
      for (const path of await paths()) {
        await page.goto(`${site.base}${path}`);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate<AxeViolation[]>(
          'axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))',
        );
        for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
          problems.push(`${size.name} ${path}: ${v.id} (${v.impact}, ${v.nodes} elements)`);
        }
      }
      expect(problems).toEqual([]);
      await context.close();
    }
    // About 30 axe runs: a minute on an idle 2-core machine, several under load; a hang still fails.
  }, 240_000);

  it('run no script: the CSP forbids them, and a <script> in a query stays text', async () => {
    const page = await browser.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const a = site.archive.articles[0]!;
    await page.goto(`${site.base}/articles/${a.id}?q=${q('<script>alert(1)</script>')}`);
    await page.goto(`${site.base}/search?q=${q('<script>window.__pwned=1;alert(1)</script>')}`);
    expect(await page.locator('h1').textContent()).toContain('<script>window.__pwned=1;alert(1)</script>');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(dialogs).toBe(0);
    await page.close();
  });
});

interface AxeViolation {
  id: string;
  impact?: string | null;
  nodes: number;
}
