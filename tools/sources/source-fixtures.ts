import { readFileSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import type { Article } from '../../src/ingest/article.js';
import { metaFor, readManifest } from '../../src/ingest/manifest.js';
import { articlesFromPage } from '../../src/ingest/page.js';

// Feeds, article pages and their encodings, made from the sample pages' articles.

export const SAMPLE_FILES = [
  '000_7fb74385c778d7a9.txt',
  '001_ee0f4ca5fc9aae66.txt',
  '002_f074eda1038c37b9.txt',
  '003_913128f7662c2e0b.txt',
  '004_6062cc997fbd3bd9.txt',
];

const manifest = await readManifest('data/sample');

/** The articles of a sample page as the page pipeline reads them (titles verified in split-articles.test.ts). */
export function samplePage(file: string): Article[] {
  return articlesFromPage(readFileSync(`data/sample/${file}`, 'utf8'), file, metaFor(manifest, file)).articles;
}

/** Every headlined article of the sample pages. */
export function sampleArticles(): Article[] {
  return SAMPLE_FILES.flatMap(samplePage).filter((a) => a.kind === 'article' && a.titleOrigin === 'headline');
}

let gbkTable: Map<string, Buffer> | undefined;

/** GBK bytes of a text (Node decodes GBK but does not encode it): the decoder's table, inverted. */
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk', { fatal: true });
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        try {
          const ch = dec.decode(Uint8Array.of(a, b));
          if (!gbkTable.has(ch)) gbkTable.set(ch, Buffer.of(a, b));
        } catch {
          /* not a GBK code */
        }
      }
  }
  const parts: Buffer[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) parts.push(Buffer.of(code));
    else {
      const bytes = gbkTable.get(ch);
      if (!bytes) throw new Error(`"${ch}" has no GBK code`);
      parts.push(bytes);
    }
  }
  return Buffer.concat(parts);
}

export interface FeedItem {
  title: string;
  url: string;
  guid?: string;
  /** ISO with offset. */
  published: string;
  summary?: string;
  /** Full text as HTML paragraphs. */
  contentHtml?: string;
}

const esc = (s: string): string => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
const cdata = (s: string): string => `<![CDATA[${s.replace(/\]\]>/gu, ']]]]><![CDATA[>')}]]>`;
export const htmlParagraphs = (text: string): string =>
  text
    .split('\n')
    .map((p) => `<p>${esc(p)}</p>`)
    .join('');

export function rssFeed(items: FeedItem[], encoding = 'utf-8'): string {
  const entries = items
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title><link>${esc(i.url)}</link>` +
        `<guid isPermaLink="false">${esc(i.guid ?? i.url)}</guid><pubDate>${new Date(i.published).toUTCString()}</pubDate>` +
        (i.summary !== undefined ? `<description>${esc(i.summary)}</description>` : '') +
        (i.contentHtml !== undefined ? `<content:encoded>${cdata(i.contentHtml)}</content:encoded>` : '') +
        '</item>',
    )
    .join('\n');
  return `<?xml version="1.0" encoding="${encoding}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>濮阳日报</title><link>http://example.invalid/</link><description>本地新闻</description>
${entries}
</channel></rss>`;
}

export function atomFeed(items: FeedItem[]): string {
  const entries = items
    .map(
      (i) =>
        `<entry><title>${esc(i.title)}</title><id>${esc(i.guid ?? i.url)}</id><link rel="alternate" href="${esc(i.url)}"/>` +
        `<published>${i.published}</published><updated>${i.published}</updated>` +
        (i.summary !== undefined ? `<summary>${esc(i.summary)}</summary>` : '') +
        (i.contentHtml !== undefined ? `<content type="html">${esc(i.contentHtml)}</content>` : '') +
        '</entry>',
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>焦作日报</title><id>urn:jiaozuo</id><updated>2020-04-30T00:00:00+08:00</updated>
${entries}
</feed>`;
}

export function jsonFeed(items: FeedItem[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: '濮阳日报',
    items: items.map((i) => ({
      id: i.guid ?? i.url,
      url: i.url,
      title: i.title,
      date_published: i.published,
      ...(i.summary !== undefined ? { summary: i.summary } : {}),
      ...(i.contentHtml !== undefined ? { content_html: i.contentHtml } : {}),
    })),
  });
}

/** An article page with the furniture a real news site has around the text. */
export function articleHtml(a: {
  title: string;
  text: string;
  published?: string;
  charset?: string;
  meta?: boolean;
}): string {
  const charset = a.charset ?? 'utf-8';
  return `<!doctype html><html lang="zh-CN"><head>
${a.meta === false ? '' : `<meta charset="${charset}">`}
<title>${esc(a.title)}_濮阳网</title>
${a.published ? `<meta property="article:published_time" content="${a.published}">` : ''}
</head><body>
<div class="nav"><a href="/">首页</a> <a href="/news/">新闻</a> <a href="/sports/">体育</a> <a href="/ent/">娱乐</a></div>
<div class="main"><div class="article">
<h1>${esc(a.title)}</h1>
<div class="info">发布时间：${a.published?.slice(0, 10) ?? ''} 来源：濮阳日报</div>
<div class="content">${htmlParagraphs(a.text)}</div>
<p>责任编辑：张三</p>
</div>
<div class="sidebar"><h3>热点新闻</h3><ul><li><a href="/a">濮阳市召开会议</a></li><li><a href="/b">开发区举行活动</a></li></ul></div></div>
<div class="footer">版权所有 濮阳日报社 豫ICP备12345678号</div>
</body></html>`;
}
