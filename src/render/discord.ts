import { escapeMarkdown } from 'discord.js';
import type { Article } from '../ingest/article.js';
import type { Answer, ArchiveStats, Citation, Hit } from '../search/archive.js';
import type { SourceStatus } from '../sources/status.js';
import { dateText as shownDate, type TitleFields, titleLabel } from './labels.js';
import { dateLabel } from './terminal.js';

// Discord payloads built from search results, within Discord's limits for any content: parts are measured and cut
// before markdown is added, so a cut never falls inside a link, a markdown marker or a surrogate pair.

export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedTotal: 6000,
  embeds: 10,
  footer: 2048,
} as const;
/** Longest quote shown; longer text is cut at a sentence end. */
const QUOTE_MAX = 600;
export const COLOR = 0x2b6cb0;

/** No @everyone, @here, role or user ping from anything in a reply. */
export const NO_MENTIONS = { parse: [] as never[], repliedUser: false };

const chars = (s: string): string[] => Array.from(s);
export const length = (s: string): number => s.length; // Discord counts UTF-16 code units

/**
 * Cut text to at most `max` UTF-16 units, at the last sentence end (or clause, or space) that fits, adding "…".
 * Works on whole code points, so a surrogate pair is never split.
 */
export function cutAtSentence(text: string, max: number): string {
  if (length(text) <= max) return text;
  const cps = chars(text);
  let out = '';
  for (const c of cps) {
    if (length(out) + length(c) > max - 1) break;
    out += c;
  }
  const floor = Math.floor(out.length * 0.5);
  for (const marks of [
    /[。！？!?…]["”’）)]*(?=[^。！？!?…]*$)/u,
    /[，,；;、：:](?=[^，,；;、：:]*$)/u,
    /\s(?=\S*$)/u,
  ]) {
    const m = marks.exec(out);
    if (m && m.index + m[0].length >= floor) return `${out.slice(0, m.index + m[0].length).trimEnd()}…`;
  }
  return `${out}…`;
}

/** User or corpus text shown in Discord markdown: escaped, so it cannot reshape the reply. */
export function safeText(text: string): string {
  return escapeMarkdown(text.replace(/\r?\n+/gu, ' ')).replace(/@/gu, '@\u200b');
}

/** A link whose URL cannot break markdown link syntax. */
export function mdLink(label: string, url: string): string {
  const safeLabel = safeText(label).replace(/[[\]]/gu, (c) => `\\${c}`);
  // encodeURIComponent leaves "(" and ")" alone, and a ")" would end the markdown link early.
  const safeUrl = url.replace(/[()<>\s]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${safeLabel}](${safeUrl})`;
}

interface Embed {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
}

/** Join parts with a separator, keeping whole parts only, up to a limit. */
function joinWithin(parts: string[], sep: string, max: number): { text: string; dropped: number } {
  let text = '';
  let kept = 0;
  for (const p of parts) {
    const next = text === '' ? p : `${text}${sep}${p}`;
    if (length(next) > max) break;
    text = next;
    kept++;
  }
  return { text, dropped: parts.length - kept };
}

function quoteBlock(text: string): string {
  return cutAtSentence(text, QUOTE_MAX)
    .split('\n')
    .map((l) => `> ${safeText(l)}`)
    .join('\n');
}

/** A headline links to its article; a title derived from the text is plain, with the link beside it. */
function titleLink(a: TitleFields, url: string, max: number): string {
  const t = titleLabel(a);
  return t.derived
    ? `${safeText(cutAtSentence(t.text, max))} (${mdLink('source', url)})`
    : mdLink(cutAtSentence(t.text, max), url);
}

function source(c: Omit<Citation, 'text' | 'articleId' | 'chunkId'>): string {
  return `— ${titleLink(c, c.url, 120)} · ${safeText(c.source)} · ${shownDate(c)}`;
}

export function embedSize(e: Embed): number {
  return (
    length(e.title ?? '') +
    length(e.description ?? '') +
    length(e.footer?.text ?? '') +
    (e.fields ?? []).reduce((s, f) => s + length(f.name) + length(f.value), 0)
  );
}

function modeFooter(a: { mode: string }): string {
  return a.mode === 'lexical'
    ? 'Quotes from the archive · word search only (no embedding model)'
    : 'Quotes from the archive · hybrid search';
}

/** The answer to a question, as one embed. */
export function answerEmbed(answer: Answer): Embed {
  const title = cutAtSentence(safeText(answer.question), LIMITS.embedTitle);
  let body: string[];
  if (answer.answered && answer.quotes.length > 0) {
    body = answer.quotes.map((q) => `${quoteBlock(q.text)}\n${source(q)}`);
  } else {
    const seen = new Set<string>();
    const closest = answer.hits.filter((h) => !seen.has(h.articleId) && seen.add(h.articleId));
    body = [
      'The archive holds no clear answer to that question.',
      ...(closest.length > 0
        ? ['Closest articles:', ...closest.slice(0, 5).map((h) => `• ${source(h).slice(2)}`)]
        : []),
    ];
  }
  const notes = answer.notes.map((n) => `*${safeText(n)}*`);
  const { text } = joinWithin([...body, ...notes], '\n\n', LIMITS.embedDescription);
  return { title, description: text, color: COLOR, footer: { text: modeFooter(answer) } };
}

/** A page of further hits, for the "More results" button. */
export function hitsEmbed(question: string, hits: Hit[], page: number, pages: number, mode: string): Embed {
  const body = hits.map((h) => `${quoteBlock(h.text)}\n${source(h)}`);
  return {
    title: cutAtSentence(safeText(question), LIMITS.embedTitle),
    description: joinWithin(body, '\n\n', LIMITS.embedDescription).text || 'No further results.',
    color: COLOR,
    footer: {
      text: `More results · page ${page + 1} of ${pages} · ${mode === 'lexical' ? 'word search only' : 'hybrid search'}`,
    },
  };
}

export function newsEmbed(
  dateText: string,
  articles: Article[],
  linkFor: (a: Article) => string,
  // Dates offered instead when this one has no articles: whichever the caller picks (the bot passes the newest).
  nearDates: string[],
): Embed {
  if (articles.length === 0) {
    return {
      title: `No articles dated ${dateLabel(dateText)}`,
      description: nearDates.length
        ? `Dates with articles include: ${nearDates.map(dateLabel).join(', ')}`
        : 'The archive has no dated articles.',
      color: COLOR,
    };
  }
  const lines = articles.map(
    (a) =>
      `• ${titleLink(a, linkFor(a), 150)} · ${safeText(a.source)}${a.kind === 'photo' && !titleLabel(a).derived ? ' · photo' : ''}${a.dateOrigin === 'page-estimate' ? ` · ${shownDate(a)}` : ''}`,
  );
  const { text, dropped } = joinWithin(lines, '\n', LIMITS.embedDescription - 40);
  return {
    title: `News of ${dateLabel(dateText)} (${articles.length})`,
    description: dropped ? `${text}\n…and ${dropped} more` : text,
    color: COLOR,
  };
}

export function sourceEmbed(a: Article, link: string): Embed {
  const firstParagraph = a.text.split('\n')[0] ?? '';
  const dateNote =
    a.dateOrigin === 'latest-event-date'
      ? ` (inferred from the text${a.yearSource === 'operator' ? '; year supplied by the operator' : ''})`
      : a.dateOrigin === 'page-estimate'
        ? ' (estimated from the other articles of its page)'
        : '';
  const byline = [...a.byline.reporters, ...a.byline.correspondents, ...a.byline.authors, ...a.byline.photographers];
  return {
    title: cutAtSentence(safeText(titleLabel(a).text), LIMITS.embedTitle),
    url: link,
    description: quoteBlock(cutAtSentence(firstParagraph, 1500)),
    color: COLOR,
    fields: [
      { name: 'Paper', value: cutAtSentence(safeText(a.source), 1024), inline: true },
      { name: 'Date', value: `${shownDate(a)}${dateNote}`, inline: true },
      ...(byline.length
        ? [{ name: 'Byline', value: cutAtSentence(safeText(byline.join('、')), 1024), inline: true }]
        : []),
      { name: 'Source', value: mdLink(a.url ? 'original article' : 'archive page', link), inline: true },
    ],
    footer: { text: `id ${a.id}` },
  };
}

export function aboutEmbed(s: ArchiveStats, sources: SourceStatus[] = []): Embed {
  return {
    title: 'About this news archive',
    description: [
      `**${s.articles}** articles (${s.chunks} passages) from ${s.papers.map(safeText).join(', ')}.`,
      `Dates: ${s.firstDate ?? '?'} to ${s.lastDate ?? '?'}${s.undated ? ` (${s.undated} articles without a full date)` : ''}.`,
      s.mode === 'hybrid'
        ? `Search: **hybrid** (meaning and words), model \`${s.model}\`.`
        : `Search: **word search only** — no embedding model is loaded${s.modeReason ? ` (${safeText(cutAtSentence(s.modeReason, 300))})` : ''}. Questions match by their words, not their meaning.`,
      `Index built ${s.builtAt}.`,
    ].join('\n'),
    color: COLOR,
    ...(sources.length > 0 ? { fields: sourceFields(sources) } : {}),
  };
}

/** At most this many sources get a field of their own in /about (an embed holds 25 fields). */
const MAX_SOURCE_FIELDS = 10;

/** Live sources in /about: each one's articles, last success and last error (`src/sources/status.ts`). */
function sourceFields(sources: SourceStatus[]): NonNullable<Embed['fields']> {
  const when = (iso: string | null): string => (iso ? `<t:${Math.floor(Date.parse(iso) / 1000)}:R>` : 'never');
  const fields = sources.slice(0, MAX_SOURCE_FIELDS).map((x) => {
    const error = x.lastError ? safeText(cutAtSentence(x.lastError, 300)) : '';
    const lines = [
      `${x.articles} articles · last success ${when(x.lastSuccessAt)}${x.configured ? '' : ' · no longer in the sources file'}`,
      ...(x.failures > 0 ? [`**failing** (${x.failures} run${x.failures === 1 ? '' : 's'}): ${error}`] : []),
      ...(x.failures === 0 && error ? [`last error ${when(x.lastErrorAt)}: ${error}`] : []),
    ];
    return { name: cutAtSentence(safeText(`Source ${x.name} · ${x.paper}`), 256), value: lines.join('\n') };
  });
  if (sources.length > MAX_SOURCE_FIELDS)
    fields.push({
      name: 'More sources',
      value: `${sources.length - MAX_SOURCE_FIELDS} more: npm run -s inspect -- --sources`,
    });
  return fields;
}
