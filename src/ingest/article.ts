import { createHash } from 'node:crypto';
import type { Byline } from './byline.js';
import type { DateOrigin, YearSource } from './dates.js';

export interface MentionedDateRecord {
  text: string;
  date: string;
  to?: string;
  kind: 'day' | 'month' | 'range' | 'period';
  yearSource: YearSource;
}

/** One article (or photo caption) as the rest of the system sees it. */
export interface Article {
  /** Stable: the same input gives the same id on every run. */
  id: string;
  kind: 'article' | 'photo';
  title: string;
  titleOrigin: 'headline' | 'feed' | 'first-sentence';
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
  /** ISO date, or "--MM-DD" when the year is unknown. */
  date?: string;
  dateOrigin: DateOrigin;
  yearSource?: YearSource;
  datePartial: boolean;
  mentionedDates: MentionedDateRecord[];
  byline: Byline;
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

/** The first sentence, short enough to serve as a title. */
export function firstSentenceTitle(text: string, max = 40): string {
  const first = /^[^。！？!?\n]*[。！？!?]?/u.exec(text.trim())?.[0] ?? text;
  const chars = Array.from(first.replace(/[。！？!?]$/u, ''));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}
