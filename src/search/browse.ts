import type { Article } from '../ingest/article.js';
import { splitSentences, trimSpan } from '../text/sentences.js';
import { lowerBound } from './lower-bound.js';

// The archive by day, as a reader of an e-paper browses it: months with counts per day, a day's articles in the
// order the paper printed them, the neighbouring days, the undated articles. Built once per loaded index.

export interface DayCount {
  date: string;
  count: number;
}

export interface MonthCount {
  /** YYYY-MM */
  month: string;
  /** Articles dated to a day of the month, or to the month itself. */
  count: number;
}

/** One collator for every comparison: `localeCompare` with options builds a new one per call, 20× slower. */
const compareText = new Intl.Collator('zh', { numeric: true }).compare;

/**
 * Page order: paper, then the page (corpus file, page number), then the position on the page (offset in a page file,
 * line in a feed). One definition for every list of articles.
 */
export function pageOrder(a: Article, b: Article): number {
  return (
    compareText(a.source, b.source) ||
    compareText(a.file, b.file) ||
    compareText(a.page ?? '', b.page ?? '') ||
    (a.range?.start ?? a.line ?? 0) - (b.range?.start ?? b.line ?? 0) ||
    compareText(a.id, b.id)
  );
}

/** Articles printed on the same page (same page file); feed articles (one file, many days) have none. */
export const samePage = (a: Article, b: Article): boolean =>
  a.id !== b.id && a.range !== undefined && b.range !== undefined && a.file === b.file && a.page === b.page;

const FULL_DAY = /^\d{4}-\d{2}-\d{2}$/u;
const YEARLESS = /^--\d{2}-\d{2}$/u;
const MONTH = /^\d{4}-\d{2}$/u;

export class ArchiveByDay {
  /** Full dates, oldest first. */
  readonly days: DayCount[];
  /** Year-unknown dates (--MM-DD), in calendar order. */
  readonly yearless: DayCount[];
  /** Months holding dated articles, oldest first. */
  readonly months: MonthCount[];
  readonly undated: Article[];
  /** The papers, in name order. */
  readonly papers: string[];
  private readonly position = new Map<Article, number>();
  private readonly byDate = new Map<string, Article[]>();
  private readonly byFile = new Map<string, Article[]>();

  constructor(articles: readonly Article[]) {
    const sorted = [...articles].sort(pageOrder);
    const undated: Article[] = [];
    for (const [i, a] of sorted.entries()) {
      this.position.set(a, i);
      const d = a.date && (FULL_DAY.test(a.date) || YEARLESS.test(a.date) || MONTH.test(a.date)) ? a.date : undefined;
      if (d) push(this.byDate, d, a);
      else undated.push(a);
      if (a.range) push(this.byFile, a.file, a);
    }
    this.undated = undated;
    this.papers = [...new Set(sorted.map((a) => a.source))];
    const counts = [...this.byDate.entries()].map(([date, list]) => ({ date, count: list.length }));
    this.days = counts.filter((c) => FULL_DAY.test(c.date)).sort((x, y) => x.date.localeCompare(y.date));
    this.yearless = counts.filter((c) => YEARLESS.test(c.date)).sort((x, y) => x.date.localeCompare(y.date));
    const months = new Map<string, number>();
    for (const c of counts) {
      if (YEARLESS.test(c.date)) continue;
      const m = c.date.slice(0, 7);
      months.set(m, (months.get(m) ?? 0) + c.count);
    }
    this.months = [...months.entries()]
      .map(([month, count]) => ({ month, count }))
      .sort((x, y) => x.month.localeCompare(y.month));
  }

  /** The article's place in page order over the whole archive: sorting by it is sorting by `pageOrder`. */
  orderOf(a: Article): number {
    return this.position.get(a) ?? Number.MAX_SAFE_INTEGER;
  }

  /** The articles dated exactly `date` (a day, a year-unknown day or a month), in page order. */
  on(date: string): readonly Article[] {
    return this.byDate.get(date) ?? [];
  }

  /** The days of a month (YYYY-MM) that have articles. */
  daysOf(month: string): DayCount[] {
    return this.days.filter((d) => d.date.startsWith(`${month}-`));
  }

  /** The nearest earlier and later dates with articles, of the same kind (full day or year-unknown day). */
  neighbours(date: string): { prev?: string; next?: string } {
    const list = YEARLESS.test(date) ? this.yearless : this.days;
    return neighbourIn(
      list.map((d) => d.date),
      date,
    );
  }

  /** The nearest earlier and later months with articles. */
  neighbourMonths(month: string): { prev?: string; next?: string } {
    return neighbourIn(
      this.months.map((m) => m.month),
      month,
    );
  }

  /** The other articles printed on the same page, in page order. */
  onPageWith(a: Article): Article[] {
    return (this.byFile.get(a.file) ?? []).filter((b) => samePage(a, b));
  }

  /** Newest first: the days from the latest back, each day's articles in page order; undated ones never. */
  newest(limit: number): Article[] {
    const out: Article[] = [];
    for (let i = this.days.length - 1; i >= 0 && out.length < limit; i--) out.push(...this.on(this.days[i]!.date));
    return out.slice(0, limit);
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Neighbours of `key` in an ascending list, whether or not `key` itself is in it. */
function neighbourIn(sorted: string[], key: string): { prev?: string; next?: string } {
  const lo = lowerBound(sorted, key);
  const prev = sorted[lo - 1];
  const next = sorted[lo] === key ? sorted[lo + 1] : sorted[lo];
  return { ...(prev ? { prev } : {}), ...(next ? { next } : {}) };
}

const cache = new WeakMap<readonly Article[], ArchiveByDay>();

/** The by-day view of a list of articles, computed once per list (a reloaded index brings a new list). */
export function byDay(articles: readonly Article[]): ArchiveByDay {
  let b = cache.get(articles);
  if (!b) {
    b = new ArchiveByDay(articles);
    cache.set(articles, b);
  }
  return b;
}

/**
 * The article's first sentence, for lists and previews; when the title was made from that sentence, the next one.
 * Cut to `max` characters at a clause mark where possible.
 */
export function leadSentence(a: Article, max = 90): string {
  const sentences = splitSentences(a.text)
    .map((s) => trimSpan(a.text, s))
    .map((s) => a.text.slice(s.start, s.end))
    .filter((s) => s.length > 0);
  const titleStem = a.title.replace(/…$/u, '');
  const derived = a.titleOrigin === 'first-sentence' || (sentences[0] ?? '').startsWith(titleStem);
  const lead = (derived && sentences.length > 1 ? sentences[1] : sentences[0]) ?? '';
  return cutAtClause(lead, max);
}

/** At most `max` characters (code points), cut after the last clause mark in the second half, with an ellipsis. */
export function cutAtClause(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = chars.slice(0, max).join('');
  const cut = Math.max(...[...'，,；;：:、'].map((m) => head.lastIndexOf(m)));
  return `${cut > head.length / 2 ? head.slice(0, cut) : head}…`;
}
