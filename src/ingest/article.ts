import { createHash } from 'node:crypto';
import type { Byline } from './byline.js';
import { type ArticleDate, type DateOrigin, type MentionedDate, toRecord, type YearSource } from './dates.js';
import type { FileMeta } from './manifest.js';

export interface MentionedDateRecord {
  text: string;
  date: string;
  to?: string;
  kind: 'day' | 'month' | 'range' | 'period';
  yearSource: YearSource;
}

/**
 * Where a title came from: the page's headline, the feed's title, or derived from the text because the item printed
 * none (photo news, briefs). A derived title is the lead's first sentence and is shown as such, never as a headline.
 */
export type TitleOrigin = 'headline' | 'feed' | 'first-sentence';

/** Where in the text the date was read: the lead's dateline ("本报讯 6月19日，…") or further down the body. */
export interface DateEvidence {
  text: string;
  where: 'dateline' | 'body';
}

/** One article (or photo caption) as the rest of the system sees it. */
export interface Article {
  /** Stable: the same input gives the same id on every run. */
  id: string;
  kind: 'article' | 'photo';
  /** The title as a reader sees it: for a headline "kicker main——subhead". */
  title: string;
  titleOrigin: TitleOrigin;
  /** The printed headline's parts, when the title is one. */
  headline?: { kicker?: string; main: string; subhead?: string };
  /** A banner printed over this item and its neighbours ("巩固国家卫生城市 共建幸福美好家园"): not part of its title. */
  groupHeadline?: string;
  /** The paper. */
  source: string;
  section?: string;
  url?: string;
  page?: string;
  /** Path of the corpus file, relative to the corpus folder. */
  file: string;
  /** Character range (UTF-16 offsets of the decoded text) of the article in its page file. */
  range?: { start: number; end: number };
  /** Line number in a feed file. */
  line?: number;
  issueDate?: string;
  /** ISO date, or "--MM-DD" when the year is unknown. With dateOrigin "page-estimate", an estimate ("约"). */
  date?: string;
  dateOrigin: DateOrigin;
  dateEvidence?: DateEvidence;
  yearSource?: YearSource;
  datePartial: boolean;
  mentionedDates: MentionedDateRecord[];
  byline: Byline;
  /** Photo captions printed with the article ("图为大会现场。"); each is also the text's last paragraphs. */
  captions?: string[];
  /** Clean text: paragraphs separated by "\n". Quotes are exact substrings of it. */
  text: string;
  /** Hash of everything that is indexed; a change means the article is embedded again. */
  contentHash: string;
}

export const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

export function contentHash(a: Pick<Article, 'title' | 'text' | 'date' | 'source' | 'url'>): string {
  return sha1(JSON.stringify([a.title, a.text, a.date ?? '', a.source, a.url ?? ''])).slice(0, 16);
}

/** An id safe in URLs and Discord custom ids. */
export function makeId(...parts: string[]): string {
  return sha1(parts.join('\u0000')).slice(0, 12);
}

export function safeGivenId(id: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/u.test(id) ? id : makeId('given', id);
}

/** The text an item's id is made from: the start of its first sentence (kept as it was, so ids stay stable). */
export function idSeed(text: string, max = 60): string {
  const first = /^[^。！？!?\n]*[。！？!?]?/u.exec(text.trim())?.[0] ?? text;
  const chars = Array.from(first.replace(/[。！？!?]$/u, ''));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

/** An article's date fields: the date chosen, where it came from, and every date its text mentions. */
export function dateFields(
  when: ArticleDate,
  mentioned: MentionedDate[],
): Pick<Article, 'date' | 'dateOrigin' | 'dateEvidence' | 'yearSource' | 'datePartial' | 'mentionedDates'> {
  return {
    ...(when.date ? { date: when.date } : {}),
    dateOrigin: when.dateOrigin,
    ...(when.evidence ? { dateEvidence: when.evidence } : {}),
    ...(when.yearSource ? { yearSource: when.yearSource } : {}),
    datePartial: when.partial,
    mentionedDates: mentioned.map(toRecord),
  };
}

/** What the page pipeline and the feed reader know of an item; `buildArticle` makes the record from it. */
export type ArticleFields = Omit<Article, 'contentHash' | 'source' | 'section' | 'url' | 'page'> & {
  source?: string;
  url?: string;
};

/** The one way an article record is made: the file's metadata filled in, empty optional fields left out. */
export function buildArticle(f: ArticleFields, meta: FileMeta): Article {
  const defined = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as ArticleFields;
  const url = f.url ?? meta.url;
  const a: Omit<Article, 'contentHash'> = {
    ...defined,
    source: f.source?.trim() || meta.paper || 'Unknown paper',
    ...(url ? { url } : {}),
    ...(meta.section ? { section: meta.section } : {}),
    ...(meta.page ? { page: meta.page } : {}),
  };
  return { ...a, contentHash: contentHash(a) };
}
