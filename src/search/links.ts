import type { Article } from '../ingest/article.js';
import type { LinkFor } from './archive.js';

/** A quote this short goes into the link whole. */
const QUOTE_IN_LINK = 24;
/** A longer one as its start and its end, which together find the whole span, however long (Discord-sized links). */
const QUOTE_START = 16;
const QUOTE_END = 10;

/** The query of a citation link: `q` the quote's start, `end` its last characters when it is too long to carry. */
export function quoteParams(quote: string): string {
  const chars = Array.from(quote.trim());
  if (chars.length <= QUOTE_IN_LINK) return `q=${encodeURIComponent(chars.join(''))}`;
  const start = chars.slice(0, QUOTE_START).join('');
  const end = chars.slice(-QUOTE_END).join('');
  return `q=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`;
}

/**
 * The URL, as an absolute http(s) URL in its WHATWG form, or undefined: the one rule for which URLs from the corpus
 * may ever be links (a feed or manifest is written by anyone; an index built before they were held to http(s) may
 * still carry `javascript:`, `ftp:` or `mailto:`).
 */
export function webUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
}

/**
 * The article's own URL where the corpus gives an http(s) one, otherwise the bot's article page, anchored at the
 * passage; the page moves that anchor onto the quote and marks it.
 */
export function linkBuilder(publicBaseUrl: string): LinkFor {
  const base = publicBaseUrl.replace(/\/+$/u, '');
  return (article: Article, chunkN?: number, quote?: string) => {
    if (webUrl(article.url)) return article.url!;
    const q = quote ? `?${quoteParams(quote)}` : '';
    return `${base}/articles/${encodeURIComponent(article.id)}${q}${chunkN !== undefined ? `#c${chunkN}` : ''}`;
  };
}
