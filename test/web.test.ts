import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex } from '../src/index/store.js';
import { silentLogger } from '../src/log.js';
import { Archive } from '../src/search/archive.js';
import { linkBuilder } from '../src/search/links.js';
import { close, createWebServer, listen } from '../src/web/server.js';
import { buildTestIndex } from './support/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
// As root and offline: no sandbox, and none of Chromium's background connections (they are refused here).
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let server: Server;
let base: string;
let archive: Archive;
let browser: Browser;

beforeAll(async () => {
  const { indexDir } = await buildTestIndex({});
  server = createWebServer({ archive: () => archive, log: silentLogger, maxQuestionChars: 500 });
  const addr = await listen(server, 0, '127.0.0.1');
  base = `http://127.0.0.1:${addr.port}`;
  archive = new Archive(loadIndex(indexDir), undefined, linkBuilder(base));
  if (!existsSync(CHROMIUM))
    throw new Error(`browser tests need Debian's chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

afterAll(async () => {
  await browser?.close();
  if (server) await close(server);
});

describe('citation pages over HTTP', () => {
  it('serves an article with security headers, and only GET/HEAD', async () => {
    const a = archive.articles[0]!;
    const r = await fetch(`${base}/articles/${a.id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'/u);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await r.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain(`<h1>${a.title}</h1>`);
    expect((await fetch(`${base}/articles/${a.id}`, { method: 'HEAD' })).status).toBe(200);
    const post = await fetch(`${base}/articles/${a.id}`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('gives 404 pages for unknown ids and paths', async () => {
    expect((await fetch(`${base}/articles/does-not-exist`)).status).toBe(404);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/articles/%E0%A4%A`)).status).toBe(400);
  });

  it('lists dates, a day, and searches', async () => {
    const index = await (await fetch(`${base}/`)).text();
    expect(index.indexOf('2021-04-14')).toBeLessThan(index.indexOf('2020-03-16')); // newest first
    // a year-less date, the archive's own "--MM-DD" form, lists that day of any year
    const partialDay = await fetch(`${base}/dates/--03-17`);
    expect(partialDay.status).toBe(200);
    expect(await partialDay.text()).toContain('濮阳市医药医疗器械产业园揭牌开园');
    const day = await (await fetch(`${base}/dates/2020-03-17`)).text();
    expect(day).toContain('濮阳市医药医疗器械产业园揭牌开园');
    const search = await (await fetch(`${base}/search?q=${encodeURIComponent('恒丰电子已申请了多少项专利？')}`)).text();
    expect(search).toContain('14项');
  });

  it('escapes everything from a query or the corpus', async () => {
    const a = archive.articles[0]!;
    const evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    for (const url of [
      `${base}/articles/${a.id}?q=${encodeURIComponent(evil)}`,
      `${base}/search?q=${encodeURIComponent(evil)}`,
    ]) {
      const html = await (await fetch(url)).text();
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<img');
    }
  });
});

describe('citation pages in a real browser (Chromium)', () => {
  it('an article page renders its title and text', async () => {
    const page = await browser.newPage();
    const a = archive.findArticles('恒丰电子')[0]!;
    const r = await page.goto(`${base}/articles/${a.id}`);
    expect(r!.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe(a.title);
    expect(await page.locator('article').textContent()).toContain('主要生产均苯四甲酸酐等产品');
    await page.close();
  });

  it('the link in an answer scrolls to and highlights the quoted passage, on a phone-sized screen', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 700 } });
    const answer = await archive.ask('雪汇食品公司什么时候正式复工？');
    const quote = answer.quotes.find((q) => q.text.includes('2月24日'))!;
    expect(quote.url).toMatch(/\?q=.+#c\d+$/u);
    await page.goto(quote.url);
    const mark = page.locator('mark#quote');
    expect(await mark.count()).toBe(1);
    expect(quote.text).toContain((await mark.textContent())!.trim().slice(0, 20));
    expect((await mark.textContent())!.length).toBeGreaterThanOrEqual(Math.min(quote.text.length, 20));
    const box = await mark.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(700);
    expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBeGreaterThan(0); // it did scroll
    await page.screenshot({ path: 'test/.tmp/article-highlight.png' });
    await page.close();
  });

  it('a <script> in q stays inert text', async () => {
    const page = await browser.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const a = archive.articles[0]!;
    await page.goto(`${base}/articles/${a.id}?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    await page.goto(`${base}/search?q=${encodeURIComponent('<script>window.__pwned=1;alert(1)</script>')}`);
    expect(await page.locator('h1').textContent()).toContain('<script>window.__pwned=1;alert(1)</script>');
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toBe(0);
    await page.close();
  });

  it('an unknown article is a 404 page', async () => {
    const page = await browser.newPage();
    const r = await page.goto(`${base}/articles/nope`);
    expect(r!.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('未找到');
    await page.close();
  });
});
