import { decodeDocument } from './charset.js';
import type { RunContext } from './context.js';
import { type ExtractedPage, extractArticle } from './extract-article.js';
import { FetchError, type Fetched } from './http.js';

// An article page fetched and read: its charset decoded (header, <meta>, else UTF-8 or GB18030), its main text
// extracted.

export const HTML_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5';

export type ArticlePage = ExtractedPage & { finalUrl: string };

export function pageFrom(got: Extract<Fetched, { notModified: false }>): ArticlePage {
  const type = (got.contentType ?? '').toLowerCase();
  if (type && !/html|xml|text\/plain/u.test(type))
    throw new FetchError(`not a web page (Content-Type: ${got.contentType})`, got.url, 'status', 200);
  const { text } = decodeDocument(got.bytes, got.contentType);
  return { ...extractArticle(text, got.url), finalUrl: got.url };
}

export async function readArticlePage(ctx: RunContext, url: string): Promise<ArticlePage> {
  const got = await ctx.http.get(url, {}, HTML_ACCEPT);
  if (got.notModified) throw new FetchError('HTTP 304 to an unconditional request', url, 'status', 304);
  return pageFrom(got);
}
