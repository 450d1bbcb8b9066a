import { sha1 } from '../ingest/article.js';
import { readArticlePage } from './article-page.js';
import { canonicalUrl } from './canonical-url.js';
import { decodeDocument } from './charset.js';
import { fetchChanged, problem, type RunContext, reject, skip, take } from './context.js';
import { sourceDay } from './dates.js';
import { articleTitle, MIN_ARTICLE_CHARS } from './extract-article.js';
import { type FeedEntry, parseFeedEntries } from './feed.js';
import { contentChars } from './near-duplicate.js';
import type { FeedSourceT } from './sources-file.js';

// A feed source: each entry becomes an article, from the feed's own full text or, when it carries only a summary,
// from the article page (its main text, title and time), cited by the entry's own URL.

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
/** An entry's content this long is the article itself, not a teaser. */
export const FULL_TEXT_CHARS = 200;

const chars = (ps: string[]): number => contentChars(ps.join('')).length;

export async function runFeed(ctx: RunContext, s: FeedSourceT): Promise<void> {
  const listing = await fetchChanged(ctx, s.url, FEED_ACCEPT);
  if (!listing) {
    skip(ctx, s.url, 'feed not modified since the last run');
    return;
  }
  const { text } = decodeDocument(listing.fetched.bytes, listing.fetched.contentType);
  const { format, entries } = parseFeedEntries(text, listing.fetched.url);
  ctx.log.debug(`[${s.name}] ${format} feed, ${entries.length} entries`);
  let retry = false;
  for (const e of entries) if ((await takeEntry(ctx, s, e)) === 'retry') retry = true;
  // An entry whose page failed is fetched again next run, even if the feed itself has not changed by then.
  if (retry) ctx.state.forgetValidators(s.url);
  else listing.commit();
}

function keysOf(s: FeedSourceT, e: FeedEntry): { key: string; aliases: string[] } | undefined {
  const url = e.url ? canonicalUrl(e.url) : undefined;
  const guid = e.guid ? `guid:${s.name}:${e.guid}` : undefined;
  const key = url ?? guid;
  if (!key) return undefined;
  return { key, aliases: url && guid ? [guid] : [] };
}

async function takeEntry(ctx: RunContext, s: FeedSourceT, e: FeedEntry): Promise<'done' | 'retry'> {
  const keys = keysOf(s, e);
  if (!keys) {
    problem(ctx, `an entry with neither a link nor an id ("${e.title ?? '?'}") was skipped`);
    return 'done';
  }
  const entryHash = sha1(JSON.stringify([e.title, e.url, e.published, e.summary, e.content]));
  const seen = [keys.key, ...keys.aliases].map((k) => ctx.state.seen(k)).find(Boolean);
  if (seen?.entry_hash === entryHash) {
    skip(ctx, keys.key, seen.status === 'kept' ? 'unchanged' : (seen.reason ?? seen.status));
    return 'done';
  }
  const inline = e.content.length > 0 ? e.content : e.summary;
  const full = e.content.length > 0 && chars(e.content) >= FULL_TEXT_CHARS;
  const wantPage = e.url !== undefined && (s.fetchArticles === 'always' || (s.fetchArticles === 'auto' && !full));
  let paragraphs = inline;
  let title = e.title;
  let published = e.published;
  const aliases = [...keys.aliases];
  let pageFailed = false;
  if (wantPage) {
    try {
      const page = await readArticlePage(ctx, e.url!);
      if (chars(page.paragraphs) > chars(inline)) paragraphs = page.paragraphs;
      title = articleTitle(title, page.title);
      published ??= page.published;
      if (page.canonical && canonicalUrl(page.canonical) !== keys.key) aliases.push(canonicalUrl(page.canonical));
    } catch (err) {
      // The entry's own text still serves when the page cannot be had.
      problem(ctx, `article page ${e.url}: ${(err as Error).message}`);
      pageFailed = true;
      if (chars(inline) < MIN_ARTICLE_CHARS) return 'retry';
    }
  }
  if (chars(paragraphs) < MIN_ARTICLE_CHARS) {
    reject(ctx, keys.key, entryHash, 'no-text', `no article text (${e.url ?? 'no link'})`);
    return 'done';
  }
  take(ctx, {
    key: keys.key,
    aliases,
    // Kept from the entry's own text for now; with no entry hash, the page is tried again next run.
    ...(pageFailed ? {} : { entryHash }),
    url: e.url ? canonicalUrl(e.url) : undefined,
    title,
    date: sourceDay(published, ctx.file.timezone),
    text: paragraphs.join('\n'),
  });
  return pageFailed ? 'retry' : 'done';
}
