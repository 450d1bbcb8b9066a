import { type AnyFeed, parseFeed } from 'feedsmith';
import { httpLink } from './canonical-url.js';
import { htmlFragmentParagraphs } from './html-text.js';

// A feed (RSS 2.0, Atom, RDF or JSON Feed) → its entries in one shape. feedsmith keeps each format's own field
// names, so each format has a small mapper.

export interface FeedEntry {
  /** The item's own id (RSS guid, Atom id, JSON id), when it has one. */
  guid: string | undefined;
  /** The article's URL: the citation link. */
  url: string | undefined;
  title: string | undefined;
  /** As the feed writes it; read in the source's time zone later. */
  published: string | undefined;
  /** Summary and full content as paragraphs; either may be empty. */
  summary: string[];
  content: string[];
}

export class FeedParseError extends Error {}

const TAG = /<\/?[a-z][a-z0-9]*(?:\s[^>]*)?>/iu;

/** Feed text fields are HTML or plain text; both become paragraphs. */
export function textParagraphs(value: string | undefined): string[] {
  if (!value?.trim()) return [];
  if (TAG.test(value)) return htmlFragmentParagraphs(value);
  // Plain text may still carry entities, or HTML a feed escaped twice ("&lt;p&gt;…").
  let decoded = /&(?:#\d+|#x[0-9a-f]+|[a-z]+);/iu.test(value) ? htmlFragmentParagraphs(value) : [value];
  if (decoded.some((p) => TAG.test(p))) decoded = decoded.flatMap((p) => htmlFragmentParagraphs(p));
  return decoded
    .flatMap((p) => p.split(/\n\s*/u))
    .map((p) => p.replace(/[\s\u00a0\u3000]+/gu, ' ').trim())
    .filter(Boolean);
}

const plain = (v: string | undefined): string | undefined => textParagraphs(v).join(' ') || undefined;

type Parsed = AnyFeed<string>;

function fromRss(feed: Extract<Parsed, { format: 'rss' }>['feed'], base: string): FeedEntry[] {
  return (feed.items ?? []).map((it) => {
    const guid = it.guid?.value?.trim() || undefined;
    const permalink = it.guid?.isPermaLink !== false && guid ? httpLink(guid, base) : undefined;
    return {
      guid,
      url: httpLink(it.link, base) ?? permalink,
      title: plain(it.title),
      published: it.pubDate ?? it.dc?.dates?.[0] ?? it.dcterms?.created?.[0] ?? undefined,
      summary: textParagraphs(it.description),
      content: textParagraphs(it.content?.encoded),
    };
  });
}

function fromAtom(feed: Extract<Parsed, { format: 'atom' }>['feed'], base: string): FeedEntry[] {
  return (feed.entries ?? []).map((e) => {
    const link = e.links?.find((l) => !l.rel || l.rel === 'alternate') ?? e.links?.[0];
    return {
      guid: e.id?.trim() || undefined,
      url: httpLink(link?.href, base),
      title: plain(e.title?.value),
      published: e.published ?? e.updated ?? undefined,
      summary: textParagraphs(e.summary?.value),
      content: textParagraphs(e.content?.value),
    };
  });
}

function fromRdf(feed: Extract<Parsed, { format: 'rdf' }>['feed'], base: string): FeedEntry[] {
  return (feed.items ?? []).map((it) => ({
    guid: it.rdf?.about?.trim() || undefined,
    url: httpLink(it.link, base) ?? httpLink(it.rdf?.about, base),
    title: plain(it.title),
    published: it.dc?.dates?.[0] ?? undefined,
    summary: textParagraphs(it.description),
    content: textParagraphs(it.content?.encoded),
  }));
}

function fromJson(feed: Extract<Parsed, { format: 'json' }>['feed'], base: string): FeedEntry[] {
  return (feed.items ?? []).map((it) => ({
    guid: it.id != null ? String(it.id).trim() || undefined : undefined,
    url: httpLink(it.url, base) ?? httpLink(it.external_url, base),
    title: plain(it.title),
    published: it.date_published ?? it.date_modified ?? undefined,
    summary: textParagraphs(it.summary),
    content: it.content_html ? textParagraphs(it.content_html) : textParagraphs(it.content_text),
  }));
}

/** Parse a feed's text. Throws FeedParseError saying what the text is instead. */
export function parseFeedEntries(text: string, base: string): { format: Parsed['format']; entries: FeedEntry[] } {
  let parsed: Parsed;
  try {
    parsed = parseFeed(text.replace(/^\ufeff/u, ''));
  } catch (e) {
    const what = /^\s*<(?:!doctype\s+html|html)/iu.test(text) ? 'an HTML page' : 'broken or not a feed';
    throw new FeedParseError(`not an RSS, Atom, RDF or JSON feed: ${what} (${(e as Error).message})`);
  }
  const entries =
    parsed.format === 'rss'
      ? fromRss(parsed.feed, base)
      : parsed.format === 'atom'
        ? fromAtom(parsed.feed, base)
        : parsed.format === 'rdf'
          ? fromRdf(parsed.feed, base)
          : fromJson(parsed.feed, base);
  return { format: parsed.format, entries };
}
