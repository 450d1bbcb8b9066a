import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { httpLink } from './canonical-url.js';
import { type HtmlNode, paragraphsOf } from './html-text.js';
import { contentChars } from './near-duplicate.js';

// An article page → its main text, title and publication time (Mozilla's Readability over linkedom's DOM).

export interface ExtractedPage {
  title: string | undefined;
  paragraphs: string[];
  /** As the page states it (ISO or "2020-06-19 08:00"); read in the source's time zone later. */
  published: string | undefined;
  /** The page's own <link rel="canonical">, resolved. */
  canonical: string | undefined;
}

/** Fewer content characters than this is not an article: a stub, a login wall, a picture page. */
export const MIN_ARTICLE_CHARS = 30;

const READABILITY_MIN_CHARS = 120;

/** Page furniture around a Chinese article's text: editor credits, source and time lines, share prompts. */
const FURNITURE =
  /^[（(【[]?\s*(?:责任编辑|责编|编辑|审核|审校|校对|终审|来源|作者|发布时间|发布日期|时间|浏览次数|分享到|字号|打印|关闭窗口)\s*[：:]?/u;
const PUBLISHED_LINE =
  /(?:发布时间|发布日期|时间)\s*[：:]\s*(\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)/u;

type Doc = ReturnType<typeof parseHTML>['document'];

const meta = (doc: Doc, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = doc
      .querySelector(`meta[property="${n}"], meta[name="${n}"], meta[itemprop="${n}"]`)
      ?.getAttribute('content');
    if (v?.trim()) return v.trim();
  }
  return undefined;
};

/** The title without the site name the <title> often carries ("标题 - 濮阳网", "标题_濮阳日报"). */
function pickTitle(doc: Doc, readabilityTitle: string | null | undefined): string | undefined {
  const docTitle = (doc.querySelector('title')?.textContent ?? '').trim();
  const h1s = [...doc.querySelectorAll('h1')].map((h) => (h.textContent ?? '').replace(/\s+/gu, ' ').trim());
  const h1 = h1s.find((h) => h && docTitle.includes(h)) ?? (h1s.length === 1 ? h1s[0] : undefined);
  if (h1) return h1;
  const og = meta(doc, 'og:title');
  if (og) return og;
  const t: string = (readabilityTitle ?? docTitle).trim();
  const parts = t.split(/\s+[-|–—_]\s+|_|\|/u).map((p: string) => p.trim());
  return parts[0] && Array.from(parts[0]).length >= 4 ? parts[0] : t || undefined;
}

/** A page's time stamp: "2026-12-01 08:00", "2020年6月19日", "2020.6.19". */
const STAMP_DATE = /\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?/u;

/**
 * A line that is only the page's time stamp, perhaps with its source ("2026-12-01 08:00", "2020年6月19日 来源：濮阳网"):
 * the page's furniture, not the article's first sentence. The stamp is group 1.
 */
const STAMP_LINE = new RegExp(`^\\s*(${STAMP_DATE.source})(?:\\s*(?:来源|作者|编辑)\\s*[：:].*)?\\s*$`, 'u');

function trimFurniture(paragraphs: string[], title: string | undefined): string[] {
  const ps = [...paragraphs];
  const isFurniture = (p: string): boolean => Array.from(p).length <= 80 && (FURNITURE.test(p) || STAMP_LINE.test(p));
  const sameAsTitle = (p: string): boolean => title !== undefined && contentChars(p) === contentChars(title);
  while (ps.length > 0 && (isFurniture(ps[0]!) || sameAsTitle(ps[0]!))) ps.shift();
  while (ps.length > 0 && isFurniture(ps[ps.length - 1]!)) ps.pop();
  return ps;
}

export function extractArticle(html: string, url: string): ExtractedPage {
  // linkedom has no base URL of its own: without <base>, Readability leaves relative links relative.
  const withBase = /<head[^>]*>/iu.test(html)
    ? html.replace(/<head[^>]*>/iu, (m) => `${m}<base href="${url.replace(/"/gu, '%22')}">`)
    : `<head><base href="${url.replace(/"/gu, '%22')}"></head>${html}`;
  const { document } = parseHTML(withBase);
  const canonical = httpLink(document.querySelector('link[rel="canonical"]')?.getAttribute('href'), url);
  const pubMeta =
    meta(
      document,
      'article:published_time',
      'og:published_time',
      'pubdate',
      'publishdate',
      'PubDate',
      'datePublished',
    ) ??
    document.querySelector('time[datetime]')?.getAttribute('datetime') ??
    undefined;
  const fullText = document.body?.textContent ?? '';
  const article = new Readability<HtmlNode>(document as never, {
    serializer: (n) => n as unknown as HtmlNode,
    // Readability's 500-character bar is set for English; a Chinese brief says as much in far fewer characters.
    charThreshold: READABILITY_MIN_CHARS,
  }).parse();
  const title = pickTitle(document, article?.title);
  const read = article?.content ? paragraphsOf(article.content) : [];
  const paragraphs = trimFurniture(read, title);
  const published =
    pubMeta ??
    article?.publishedTime ??
    PUBLISHED_LINE.exec(fullText)?.[1] ??
    read.map((p) => STAMP_LINE.exec(p)?.[1]).find((stamp) => stamp !== undefined);
  return { title, paragraphs, published, canonical };
}

export const hasArticleText = (p: ExtractedPage): boolean =>
  contentChars(p.paragraphs.join('')).length >= MIN_ARTICLE_CHARS;

/**
 * A column label ("短讯", "图片新闻") is how some feeds title every brief; the page's own headline then says what the
 * article is. Any other feed title stands: feeds' titles are written for readers, pages' <h1> can be the site's.
 */
const COLUMN_LABEL = /^(?:短讯|快讯|简讯|短新闻|图片新闻|图片|图说|新闻|要闻|本地新闻|本地|资讯|动态|通知|公告|消息)$/u;

export function articleTitle(feedTitle: string | undefined, pageTitle: string | undefined): string | undefined {
  if (!feedTitle?.trim()) return pageTitle;
  if (pageTitle && COLUMN_LABEL.test(feedTitle.replace(/[\s【】[\]（）()]/gu, ''))) return pageTitle;
  return feedTitle;
}
