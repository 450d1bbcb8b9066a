import { gunzipSync } from 'node:zlib';
import { DOMParser, parseHTML } from 'linkedom';
import { sha1 } from '../ingest/article.js';
import { type ArticlePage, HTML_ACCEPT, pageFrom } from './article-page.js';
import { canonicalUrl, httpLink } from './canonical-url.js';
import { decodeDocument } from './charset.js';
import { type Changed, fetchChanged, problem, type RunContext, reject, skip, take } from './context.js';
import { sourceDay } from './dates.js';
import { hasArticleText } from './extract-article.js';
import type { PagesSourceT } from './sources-file.js';

// A pages source: article URLs listed in sources.json, in a sitemap, or linked from a list page; each page fetched
// and its main text extracted.

interface PageRef {
  url: string;
  /** A sitemap's <lastmod>: an unchanged one means the page need not be fetched again. */
  lastmod?: string;
}

const XML_ACCEPT = 'application/xml, text/xml;q=0.9, */*;q=0.5';
/** Sitemap indexes nest; a few levels is what sites use. */
const MAX_SITEMAPS = 20;
const SITEMAP_MAX_BYTES = 50 << 20;

async function sitemapRefs(ctx: RunContext, url: string, budget: { left: number }): Promise<PageRef[]> {
  if (budget.left-- <= 0) return [];
  const got = await ctx.http.get(url, {}, XML_ACCEPT);
  if (got.notModified) return [];
  const bytes =
    got.bytes[0] === 0x1f && got.bytes[1] === 0x8b
      ? gunzipSync(got.bytes, { maxOutputLength: SITEMAP_MAX_BYTES })
      : got.bytes;
  const doc = new DOMParser().parseFromString(decodeDocument(bytes, got.contentType).text, 'text/xml');
  const text = (el: { textContent: string | null } | null | undefined): string => (el?.textContent ?? '').trim();
  const refs: PageRef[] = [];
  for (const sm of doc.querySelectorAll('sitemap')) {
    const loc = httpLink(text(sm.querySelector('loc')), got.url);
    if (loc) refs.push(...(await sitemapRefs(ctx, loc, budget)));
  }
  for (const u of doc.querySelectorAll('url')) {
    const loc = httpLink(text(u.querySelector('loc')), got.url);
    const lastmod = text(u.querySelector('lastmod'));
    if (loc) refs.push({ url: loc, ...(lastmod ? { lastmod } : {}) });
  }
  return refs;
}

/** Links of a list page that match the pattern (or, without one, look like articles) on the page's own host. */
async function listPageRefs(ctx: RunContext, s: PagesSourceT): Promise<PageRef[]> {
  const got = await ctx.http.get(s.listPage!, {}, 'text/html');
  if (got.notModified) return [];
  const { document } = parseHTML(decodeDocument(got.bytes, got.contentType).text);
  const host = new URL(got.url).host;
  const pattern = s.linkPattern ? new RegExp(s.linkPattern, 'u') : /\d{4,}|\.s?html?$/u;
  const urls = new Set<string>();
  for (const a of document.querySelectorAll('a[href]')) {
    const href = httpLink(a.getAttribute('href'), got.url);
    if (href && new URL(href).host === host && pattern.test(href) && href !== got.url) urls.add(href);
  }
  return [...urls].map((url) => ({ url }));
}

async function refsOf(ctx: RunContext, s: PagesSourceT): Promise<PageRef[]> {
  const refs: PageRef[] = (s.urls ?? []).map((url) => ({ url }));
  if (s.sitemap) {
    const fromMap = await sitemapRefs(ctx, s.sitemap, { left: MAX_SITEMAPS });
    fromMap.sort((a, b) => (b.lastmod ?? '').localeCompare(a.lastmod ?? ''));
    refs.push(...fromMap.slice(0, s.maxArticles));
  }
  if (s.listPage) refs.push(...(await listPageRefs(ctx, s)).slice(0, s.maxArticles));
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = canonicalUrl(r.url);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

async function takePage(ctx: RunContext, ref: PageRef): Promise<'read' | 'failed'> {
  const key = canonicalUrl(ref.url);
  const entryHash = ref.lastmod ? sha1(ref.lastmod) : undefined;
  const seen = ctx.state.seen(key);
  if (entryHash && seen?.entry_hash === entryHash) {
    skip(ctx, key, seen.status === 'kept' ? 'unchanged' : (seen.reason ?? seen.status));
    return 'read';
  }
  // Conditional GET: a page as it was when last read is not read again.
  let changed: Changed | undefined;
  let page: ArticlePage;
  try {
    changed = await fetchChanged(ctx, ref.url, HTML_ACCEPT);
    if (!changed) {
      skip(ctx, key, seen?.status === 'kept' ? 'unchanged' : (seen?.reason ?? 'unchanged'));
      return 'read';
    }
    page = pageFrom(changed.fetched);
  } catch (e) {
    problem(ctx, `${ref.url}: ${(e as Error).message}`);
    return 'failed';
  }
  if (!hasArticleText(page)) {
    reject(ctx, key, entryHash, 'no-text', `no article text (${ref.url})`);
    changed.commit();
    return 'read';
  }
  const aliases = page.canonical && canonicalUrl(page.canonical) !== key ? [canonicalUrl(page.canonical)] : [];
  take(ctx, {
    key,
    aliases,
    ...(entryHash ? { entryHash } : {}),
    url: key,
    title: page.title,
    date: sourceDay(page.published, ctx.file.timezone),
    text: page.paragraphs.join('\n'),
  });
  changed.commit();
  return 'read';
}

export async function runPages(ctx: RunContext, s: PagesSourceT): Promise<void> {
  const refs = await refsOf(ctx, s);
  if (refs.length === 0) problem(ctx, 'no article URLs found (empty list, sitemap or list page)');
  let read = 0;
  for (const ref of refs) if ((await takePage(ctx, ref)) === 'read') read++;
  // Nothing could be fetched at all: the site is down, not one page.
  if (read === 0 && refs.length > 0) throw new Error(ctx.problems[ctx.problems.length - 1] ?? 'no page could be read');
}
