import type { Article } from '../ingest/article.js';
import type { LinkFor } from './archive.js';

/** Longest quote prefix carried in a link: enough to find the passage, short enough for a Discord message. */
const QUOTE_IN_LINK = 24;

/**
 * The article's own URL where the corpus gives an http(s) one, otherwise the bot's article page, anchored at the
 * chunk. (An index built before feeds were held to http(s) may still carry another scheme: it is never a link.)
 */
export function linkBuilder(publicBaseUrl: string): LinkFor {
  const base = publicBaseUrl.replace(/\/+$/u, '');
  return (article: Article, chunkN?: number, quote?: string) => {
    if (article.url && /^https?:\/\//iu.test(article.url)) return article.url;
    const q = quote ? `?q=${encodeURIComponent(Array.from(quote).slice(0, QUOTE_IN_LINK).join(''))}` : '';
    return `${base}/articles/${encodeURIComponent(article.id)}${q}${chunkN !== undefined ? `#c${chunkN}` : ''}`;
  };
}
