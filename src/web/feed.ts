import { Feed } from 'feed';
import type { Article } from '../ingest/article.js';
import { articleDate } from '../render/chinese-date.js';
import { byDay, leadSentence } from '../search/browse.js';
import { CONTROL } from '../text/chars.js';
import { esc, SITE_NAME } from './html.js';
import { articleHref, titleText } from './parts.js';

// The Atom feed of the newest articles (/feed.xml), for readers who subscribe.

export const FEED_ENTRIES = 50;

/** XML 1.0 forbids control characters, and the feed's text fields are HTML: escape, then drop them. */
const html = (s: string): string => esc(s).replace(CONTROL, '');

/** A day's articles share the day: noon UTC keeps it the same calendar day from UTC−11 to UTC+11. */
const dayInstant = (date: string): Date => new Date(`${date}T12:00:00Z`);

function entry(a: Article, base: string) {
  const link = `${base}${articleHref(a)}`;
  const paragraphs = a.text.split('\n').filter((p) => p.trim() !== '');
  return {
    id: link,
    title: html(titleText(a)),
    link,
    date: dayInstant(a.date!),
    description: html(`${leadSentence(a, 200)}（${a.source} · ${articleDate(a)}）`),
    content: paragraphs.map((p) => `<p>${html(p)}</p>`).join('\n'),
    author: [{ name: html(a.source) }],
  };
}

export function atomFeed(articles: readonly Article[], baseUrl: string, builtAt: string): string {
  const base = baseUrl.replace(/\/+$/u, '');
  const feed = new Feed({
    id: `${base}/feed.xml`,
    title: `${SITE_NAME}：最新文章`,
    link: `${base}/`,
    language: 'zh-CN',
    updated: new Date(builtAt),
    generator: SITE_NAME,
    copyright: '文章版权归原报纸所有',
    feedLinks: { atom: `${base}/feed.xml` },
  });
  for (const a of byDay(articles).newest(FEED_ENTRIES)) feed.addItem(entry(a, base));
  return feed.atom1();
}
