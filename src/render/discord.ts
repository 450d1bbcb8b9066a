import type { Config } from '../config/config.js';
import type { Article } from '../ingest/article.js';
import { bylineText } from '../ingest/byline.js';
import type { Answer, ArchiveStats, Citation, Hit } from '../search/archive.js';
import { webUrl } from '../search/links.js';
import type { SourceStatus } from '../sources/status.js';
import { dateText as shownDate, type TitleFields, titleLabel } from './labels.js';
import { answerLanguage, type Lang, textLanguage } from './language.js';
import { messages } from './messages.js';

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
  fieldName: 256,
  fieldValue: 1024,
} as const;
/** Longest quote shown; longer text is cut at a sentence end. */
const QUOTE_MAX = 600;
export const COLOR = 0x2b6cb0;

/** No @everyone, @here, role or user ping from anything in a reply. */
export const NO_MENTIONS = { parse: [] as never[], repliedUser: false };

export const length = (s: string): number => s.length; // Discord counts UTF-16 code units

/** Graphemes: what a reader sees as one character (an emoji with its modifiers, a letter with its accents). */
const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/**
 * Text in which every UTF-16 unit is a grapheme of its own (printable ASCII and Latin-1, general punctuation, CJK
 * punctuation and kana, CJK ideographs, full-width forms; nothing that combines): the usual text, cut without
 * segmenting it.
 */
const ONE_UNIT_GRAPHEMES =
  /^[\u0020-\u007e\u00a0-\u00ff\u2010-\u2027\u2030-\u205e\u3000-\u3029\u3041-\u3096\u30a0-\u30ff\u4e00-\u9fff\uff01-\uff9d]*$/u;

/** The longest run of whole graphemes that fits in `max` UTF-16 units. */
function fitGraphemes(text: string, max: number): string {
  const head = text.slice(0, max + 1);
  if (ONE_UNIT_GRAPHEMES.test(head)) return head.slice(0, max);
  let end = 0;
  // Whether a boundary falls at a position depends on the characters before it and the one after it, so the text
  // beyond the limit (which can be long: a whole article) need not be segmented.
  for (const g of graphemes.segment(text.slice(0, max + 16))) {
    if (g.index + g.segment.length > max) break;
    end = g.index + g.segment.length;
  }
  return text.slice(0, end);
}

/**
 * Cut text to at most `max` UTF-16 units, at the last sentence end (or clause, or space) that fits, adding "…".
 * Works on whole graphemes, so neither a surrogate pair nor an emoji sequence is ever split.
 */
export function cutAtSentence(text: string, max: number): string {
  if (length(text) <= max) return text;
  const out = fitGraphemes(text, max - 1);
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

/** Cut text to at most `max` UTF-16 units on a grapheme boundary, adding "…": for echoing what someone typed. */
export function cutGraphemes(text: string, max: number): string {
  return length(text) <= max ? text : `${fitGraphemes(text, max - 1)}…`;
}

// Untrusted text (a quote, a title, a paper's name, what a user typed) must reach Discord as text: no markup of its
// own, no mention, no link. Discord's markdown takes a backslash before any ASCII punctuation as that character.
/** Marks that start markup anywhere in a line: emphasis, code, spoilers, links, mentions/tags, quotes, headings. */
const INLINE_MARKUP = /[\\*_~`|[\]()<>#]/gu;
/** Marks that start a list at the start of a line ("- ", "+ ", "1. ", "1) "). */
const LINE_START_MARKUP = /^(\s*)(?:([-+])|(\d+)([.)]))/u;
/** Embedding and override marks that reorder how text is displayed (a link that reads as another). */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/gu;
/** Half of a surrogate pair without its other half (a JSON feed can carry one): not text. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** One line of untrusted text, neutralised for Discord markdown: it shows literally, and nothing in it is live. */
export function safeText(text: string): string {
  return text
    .replace(/\r\n?|\n/gu, ' ')
    .replace(CONTROLS, ' ')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(BIDI_CONTROLS, '')
    .replace(INLINE_MARKUP, '\\$&')
    .replace(LINE_START_MARKUP, (_m, space: string, bullet?: string, n?: string, mark?: string) =>
      bullet ? `${space}\\${bullet}` : `${space}${n}\\${mark}`,
    )
    .replace(/:\/\//gu, '\\://') // "https://…" in a quote is text, not a link: only the bot's own links are links
    .replace(/@/gu, '@\u200b'); // no @everyone, @here or @name, even where allowed_mentions would not ping
}

/** Untrusted text escaped and cut so that the escaped form fits in `max` UTF-16 units. */
export function safeWithin(text: string, max: number): string {
  let budget = max;
  for (;;) {
    const out = safeText(cutAtSentence(text, budget));
    if (length(out) <= max) return out;
    budget -= Math.max(1, length(out) - max);
    if (budget < 2) return '…';
  }
}

/** What someone typed, shown back to them: escaped, and cut on a grapheme boundary. */
export function echo(text: string, max = 50): string {
  let budget = max;
  for (;;) {
    const out = safeText(cutGraphemes(text.trim(), budget));
    if (length(out) <= max || budget < 2) return out;
    budget -= Math.max(1, length(out) - max);
  }
}

/** The URL if it is an absolute http(s) URL, in a form that cannot end a markdown link early; else undefined. */
export function httpUrl(url: string | undefined): string | undefined {
  // The WHATWG serialisation percent-encodes spaces and controls but leaves "(", ")", "<" and ">" alone.
  return webUrl(url)?.replace(/[()<>]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A link with an escaped label; a URL that is not http(s) gives the label alone, never a link. */
export function mdLink(label: string, url: string, untitled = messages('en').untitled): string {
  const safeLabel = safeText(label) || untitled;
  const href = httpUrl(url);
  return href ? `[${safeLabel}](${href})` : safeLabel;
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

/**
 * A block quote, the answer inside it in bold. Each part is escaped on its own, so the bold markers are the only
 * markdown; the cut keeps a prefix of the quote, so the mark's offsets still hold (a mark cut off is not shown).
 */
function quoteBlock(text: string, mark?: { start: number; end: number }): string {
  const shown = cutAtSentence(text, QUOTE_MAX);
  const kept = shown === text ? text.length : shown.length - 1;
  const m = mark && mark.end <= kept && mark.start < mark.end ? mark : undefined;
  let pos = 0;
  return shown
    .split('\n')
    .map((line) => {
      const from = pos;
      pos += line.length + 1;
      if (!m || m.end <= from || m.start >= from + line.length) return `> ${safeText(line)}`;
      const a = Math.max(0, m.start - from);
      const b = Math.min(line.length, m.end - from);
      return `> ${safeText(line.slice(0, a))}**${safeText(line.slice(a, b))}**${safeText(line.slice(b))}`;
    })
    .join('\n');
}

/** A headline links to its article; a title derived from the text is plain, with the link beside it. */
function titleLink(a: TitleFields, url: string, max: number, lang: Lang): string {
  const t = titleLabel(a, lang);
  const m = messages(lang);
  return t.derived
    ? `${safeText(cutAtSentence(t.text, max))} (${mdLink(m.sourceLink, url, m.untitled)})`
    : mdLink(cutAtSentence(t.text, max), url, m.untitled);
}

function source(c: Omit<Citation, 'text' | 'articleId' | 'chunkId'>, lang: Lang): string {
  return `— ${titleLink(c, c.url, 120, lang)} · ${safeWithin(c.source, 100)} · ${shownDate(c, lang)}`;
}

export function embedSize(e: Embed): number {
  return (
    length(e.title ?? '') +
    length(e.description ?? '') +
    length(e.footer?.text ?? '') +
    (e.fields ?? []).reduce((s, f) => s + length(f.name) + length(f.value), 0)
  );
}

/** No clear answer: say so, and offer the closest articles (the core's own choice of them). */
function noAnswer(answer: Answer, lang: Lang): string[] {
  const m = messages(lang);
  const closest = answer.closest.map((c) => `• ${source(c, lang).slice(2)}`);
  return [m.noClearAnswer, ...(closest.length ? [m.closestArticles, ...closest] : [])];
}

/** A dated list: each article's date first, its linked title and paper, then its lead quote. */
function listItems(answer: Answer, lang: Lang): string[] {
  return answer.quotes.map(
    (q) =>
      `**${safeText(shownDate(q, lang))}** · ${titleLink(q, q.url, 120, lang)} · ${safeText(q.source)}\n${quoteBlock(q.text, q.mark)}`,
  );
}

/** An overview: the article's lead and its most relevant lines, then the article once. */
function overview(answer: Answer, lang: Lang): string[] {
  const first = answer.quotes[0]!;
  return [`${answer.quotes.map((q) => quoteBlock(q.text, q.mark)).join('\n')}\n${source(first, lang)}`];
}

/** The answer to a question, as one embed, in `lang` (by default the question's own language). */
export function answerEmbed(answer: Answer, lang: Lang = answerLanguage(answer)): Embed {
  const m = messages(lang);
  const title = cutAtSentence(safeText(answer.question), LIMITS.embedTitle);
  if (answer.intent === 'chatter') return { title, description: m.chatterHint, color: COLOR };
  let body: string[];
  if (!answer.answered || answer.quotes.length === 0) body = noAnswer(answer, lang);
  else if (answer.intent === 'list') body = listItems(answer, lang);
  else if (answer.intent === 'overview') body = overview(answer, lang);
  else body = answer.quotes.map((q) => `${quoteBlock(q.text, q.mark)}\n${source(q, lang)}`);
  const period = m.period(answer);
  const notes = [...(period ? [period] : []), ...answer.notes.map(m.note)].map((n) => `*${safeText(n)}*`);
  const { text } = joinWithin(
    [...notes.slice(0, period ? 1 : 0), ...body, ...notes.slice(period ? 1 : 0)],
    '\n\n',
    LIMITS.embedDescription,
  );
  return { title, description: text, color: COLOR, footer: { text: m.answerFooter(answer.mode) } };
}

/** A page of further hits, for the "More results" button, in the language of the answer it pages. */
export function hitsEmbed(
  question: string,
  hits: Hit[],
  page: number,
  pages: number,
  mode: Answer['mode'],
  lang: Lang = textLanguage(question) ?? 'en',
): Embed {
  const m = messages(lang);
  const body = hits.map((h) => `${quoteBlock(h.text)}\n${source(h, lang)}`);
  return {
    title: cutAtSentence(safeText(question), LIMITS.embedTitle),
    description: joinWithin(body, '\n\n', LIMITS.embedDescription).text || m.noFurtherResults,
    color: COLOR,
    footer: { text: m.pageFooter(page + 1, pages, mode) },
  };
}

export function newsEmbed(
  dateText: string,
  articles: Article[],
  linkFor: (a: Article) => string,
  // Dates offered instead when this one has no articles: whichever the caller picks (the bot passes the newest).
  nearDates: string[],
  lang: Lang = 'en',
): Embed {
  const m = messages(lang);
  if (articles.length === 0) {
    return {
      title: m.noArticlesOn(dateText),
      description: nearDates.length ? m.datesWithArticles(nearDates) : m.noDatedArticles,
      color: COLOR,
    };
  }
  const lines = articles.map(
    (a) =>
      `• ${titleLink(a, linkFor(a), 150, lang)} · ${safeWithin(a.source, 100)}${a.kind === 'photo' && !titleLabel(a).derived ? ` · ${m.photo}` : ''}${a.dateOrigin === 'page-estimate' ? ` · ${shownDate(a, lang)}` : ''}`,
  );
  const { text, dropped } = joinWithin(lines, '\n', LIMITS.embedDescription - 40);
  return {
    title: m.newsTitle(dateText, articles.length),
    description: dropped ? `${text}\n${m.andMore(dropped)}` : text,
    color: COLOR,
  };
}

export function sourceEmbed(a: Article, link: string, lang: Lang = 'en'): Embed {
  const m = messages(lang);
  const firstParagraph = a.text.split('\n')[0] ?? '';
  const dateNote =
    a.dateOrigin === 'latest-event-date'
      ? m.inferredDate(a.yearSource === 'operator')
      : a.dateOrigin === 'page-estimate'
        ? m.estimatedDate
        : '';
  const byline = bylineText(a.byline);
  const url = httpUrl(link);
  return {
    title: safeWithin(titleLabel(a, lang).text, LIMITS.embedTitle) || m.untitled,
    ...(url ? { url } : {}),
    description: quoteBlock(cutAtSentence(firstParagraph, 1500)),
    color: COLOR,
    fields: [
      { name: m.paper, value: safeWithin(a.source, LIMITS.fieldValue) || '?', inline: true },
      { name: m.dateField, value: `${shownDate(a, lang)}${dateNote}`, inline: true },
      ...(byline ? [{ name: m.byline, value: safeWithin(byline, LIMITS.fieldValue), inline: true }] : []),
      {
        name: m.sourceField,
        value: mdLink(a.url ? m.originalArticle : m.archivePage, link, m.untitled),
        inline: true,
      },
    ],
    footer: { text: m.idFooter(safeWithin(a.id, 200)) },
  };
}

/** Where citation links point, for /about: the public address, or a warning that only this machine can open them. */
export interface LinkNote {
  base: string;
  localOnly: boolean;
}

/** Where citation links point, and whether only the bot's own machine can open them (no PUBLIC_BASE_URL). */
export function citationLinks(config: Pick<Config, 'PUBLIC_BASE_URL' | 'publicBaseUrl'>): LinkNote {
  return { base: config.publicBaseUrl, localOnly: config.PUBLIC_BASE_URL === undefined };
}

/** The archive, where its links point and, with live sources (#15), each source's state. */
export function aboutEmbed(s: ArchiveStats, links?: LinkNote, sources: SourceStatus[] = [], lang: Lang = 'en'): Embed {
  const m = messages(lang);
  const papers = joinWithin(
    s.papers.map((p) => safeWithin(p, 100)),
    lang === 'zh' ? '、' : ', ',
    1000,
  );
  const lines = [
    m.aboutArticles(`**${s.articles}**`, s.chunks, papers.text, papers.dropped),
    m.aboutDates(s.firstDate, s.lastDate, s.undated),
    s.mode === 'hybrid'
      ? m.searchHybrid(safeWithin(s.model ?? '?', 200))
      : m.searchWordsOnly(s.modeReason ? safeWithin(s.modeReason, 300) : ''),
    ...(links?.localOnly ? [m.linksLocalOnly(safeWithin(links.base, 200))] : []),
    m.builtAt(safeWithin(s.builtAt, 100)),
  ];
  return {
    title: m.aboutTitle,
    description: lines.join('\n'),
    color: COLOR,
    ...(sources.length > 0 ? { fields: sourceFields(sources, lang) } : {}),
  };
}

/** Discord's longest autocomplete choice name and value. */
export const CHOICE_MAX = 100;

/** An article offered by autocomplete: its title and date (plain text: choices are not markdown). */
export function articleChoice(
  a: Pick<Article, 'id' | 'title' | 'date'>,
  lang: Lang = 'en',
): { name: string; value: string } {
  const m = messages(lang);
  const title = a.title.replace(CONTROLS, ' ').replace(LONE_SURROGATE, '\ufffd').replace(BIDI_CONTROLS, '');
  const name = cutGraphemes(`${title.replace(/\s+/gu, ' ').trim() || m.untitled} · ${m.date(a.date)}`, CHOICE_MAX);
  return { name, value: a.id };
}

/** A date offered by autocomplete, with its number of articles. */
export function dateChoice(d: { date: string; count: number }, lang: Lang = 'en'): { name: string; value: string } {
  return { name: messages(lang).dateChoice(d.date, d.count), value: d.date };
}

/** At most this many sources get a field of their own in /about (an embed holds 25 fields). */
const MAX_SOURCE_FIELDS = 10;

/** Live sources in /about: each one's articles, last success and last error (`src/sources/status.ts`). */
function sourceFields(sources: SourceStatus[], lang: Lang): NonNullable<Embed['fields']> {
  const m = messages(lang);
  const when = (iso: string | null): string => (iso ? `<t:${Math.floor(Date.parse(iso) / 1000)}:R>` : m.never);
  const fields = sources.slice(0, MAX_SOURCE_FIELDS).map((x) => {
    const error = x.lastError ? safeWithin(x.lastError, 300) : '';
    const lines = [
      m.sourceState(x.articles, when(x.lastSuccessAt), x.configured),
      ...(x.failures > 0 ? [m.sourceFailing(x.failures, error)] : []),
      ...(x.failures === 0 && error ? [m.sourceLastError(when(x.lastErrorAt), error)] : []),
    ];
    return { name: safeWithin(m.sourceName(x.name, x.paper), 256), value: lines.join('\n') };
  });
  if (sources.length > MAX_SOURCE_FIELDS)
    fields.push({ name: m.moreSources, value: m.moreSourcesValue(sources.length - MAX_SOURCE_FIELDS) });
  return fields;
}
