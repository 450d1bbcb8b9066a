import type { Article } from '../ingest/article.js';
import { lowerBound } from './lower-bound.js';
import { inPeriod, type Period } from './period.js';

// The archive by date, for periods: the articles dated in one, and those that mention a date in one. Built once per
// loaded index, so a period costs binary searches and string comparisons, not a scan of every article's dates.

const FULL = /^\d{4}-\d{2}-\d{2}$/u;

interface Mention {
  /** "YYYY-MM-DD", "--MM-DD" or "YYYY-MM". */
  from: string;
  to: string;
  article: Article;
}

/** A date's month-day for comparing with a period of any year ("2020-06" counts as its whole month). */
const mdFrom = (d: string): string => (d.length === 7 ? `${d.slice(5)}-01` : d.slice(-5));
const mdTo = (d: string): string => (d.length === 7 ? `${d.slice(5)}-31` : d.slice(-5));

export class DateIndex {
  /** Articles with a full ISO date, oldest first. */
  readonly byDate: Article[];
  /** Their dates, for the binary search of a period's slice. */
  private readonly dates: string[];
  /** Articles dated by month and day only ("--06-19"). */
  private readonly yearless: Article[];
  private readonly mentions: Mention[] = [];

  constructor(articles: Article[]) {
    this.byDate = articles.filter((a) => a.date && FULL.test(a.date)).sort(byDateAsc);
    this.dates = this.byDate.map((a) => a.date!);
    this.yearless = articles.filter((a) => a.date?.startsWith('--'));
    for (const a of articles)
      for (const m of a.mentionedDates) this.mentions.push({ from: m.date, to: m.to ?? m.date, article: a });
  }

  get newest(): string | undefined {
    return this.byDate[this.byDate.length - 1]?.date;
  }

  get oldest(): string | undefined {
    return this.byDate[0]?.date;
  }

  /** Articles dated in the period: a slice for each year it may fall in, and the year-less ones that match. */
  dated(p: Period): Article[] {
    if (!p.from || !p.to) return [];
    const yearless = this.yearless.filter((a) => inPeriod(a.date, p));
    if (!p.from.startsWith('--')) return [...this.slice(p.from, p.to), ...yearless];
    const first = Number(this.oldest?.slice(0, 4) ?? 0);
    const last = Number(this.newest?.slice(0, 4) ?? -1);
    const out: Article[] = [];
    for (let y = first; y <= last; y++) out.push(...this.slice(`${y}${p.from.slice(1)}`, `${y}${p.to.slice(1)}`));
    return [...out, ...yearless];
  }

  /** Dated articles from one ISO date to another, inclusive. */
  slice(from: string, to: string): Article[] {
    return this.byDate.slice(lowerBound(this.dates, from), lowerBound(this.dates, `${to}~`));
  }

  /** Articles that mention a date (or range) overlapping the period, each once. */
  mentioning(p: Period): Article[] {
    if (!p.from || !p.to) return [];
    const anyYear = p.from.startsWith('--');
    const lo = anyYear ? p.from.slice(2) : p.from;
    const hi = anyYear ? p.to.slice(2) : p.to;
    const found = new Set<Article>();
    for (const m of this.mentions) {
      const yearless = m.from.startsWith('--') || m.to.startsWith('--');
      if (anyYear || yearless) {
        // Compared by month and day, as a period of any year or a date whose year is unknown must be.
        if (!anyYear && p.from.slice(0, 4) !== p.to.slice(0, 4)) continue;
        if (mdFrom(m.from) <= hi.slice(-5) && mdTo(m.to) >= lo.slice(-5)) found.add(m.article);
      } else if (m.from <= `${hi}~` && `${m.to}~` >= lo) found.add(m.article);
    }
    return [...found];
  }
}

export const byDateAsc = (a: Article, b: Article): number => (a.date ?? '').localeCompare(b.date ?? '');
