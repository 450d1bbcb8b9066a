import { smallNumber } from '../text/numerals.js';

// Dates written in Chinese news text, and the rules that give an article its date.

export interface PartialDate {
  year?: number;
  month: number;
  day?: number;
}

/** Where a date's year came from. */
export type YearSource = 'text' | 'issue-date' | 'manifest' | 'operator' | 'page' | 'unknown';

export interface MentionedDate {
  text: string;
  start: number;
  end: number;
  from: PartialDate;
  /** Inclusive end of a range or period. */
  to?: PartialDate;
  kind: 'day' | 'month' | 'range' | 'period';
  yearSource: YearSource;
}

export interface YearContext {
  year?: number;
  source: YearSource;
  /** The issue's own date, for "昨日" and for month-days late in the previous year. */
  issueDate?: Required<PartialDate>;
}

const S = '\\s*';
const DASH = '(?:至|到|—+|－|-|～|~)';
const FULL = `(\\d{4})${S}年${S}(\\d{1,2})${S}月${S}(\\d{1,2})${S}[日号]`;
const MD = `(\\d{1,2})${S}月${S}(\\d{1,2})${S}[日号]`;

interface Rule {
  re: RegExp;
  make: (m: RegExpExecArray, ctx: YearContext) => Omit<MentionedDate, 'text' | 'start' | 'end'> | undefined;
}

const validDay = (d: PartialDate): boolean =>
  d.month >= 1 && d.month <= 12 && (d.day === undefined || (d.day >= 1 && d.day <= daysIn(d.year ?? 2024, d.month)));
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
const num = (s: string | undefined): number => Number(s);

function withYear(
  md: { month: number; day?: number },
  ctx: YearContext,
): { date: PartialDate; yearSource: YearSource } {
  if (ctx.year === undefined) return { date: { ...md }, yearSource: 'unknown' };
  let year = ctx.year;
  // A paper dated early January that mentions "12月30日" means the previous year.
  if (ctx.issueDate && ctx.source === 'issue-date' && md.month > ctx.issueDate.month + 6) year -= 1;
  return { date: { year, ...md }, yearSource: ctx.source };
}

const RULES: Rule[] = [
  // Full date to full date: 2021 年 4 月 7 日—5 月 7 日 / 2021年4月7日至2021年5月7日
  {
    re: new RegExp(`${FULL}${S}${DASH}${S}(?:(\\d{4})${S}年${S})?(?:(\\d{1,2})${S}月${S})?(\\d{1,2})${S}[日号]`, 'gu'),
    make: (m) => {
      const from = { year: num(m[1]), month: num(m[2]), day: num(m[3]) };
      const to = { year: m[4] ? num(m[4]) : from.year, month: m[5] ? num(m[5]) : from.month, day: num(m[6]) };
      return { from, to, kind: 'range', yearSource: 'text' };
    },
  },
  {
    re: new RegExp(FULL, 'gu'),
    make: (m) => ({ from: { year: num(m[1]), month: num(m[2]), day: num(m[3]) }, kind: 'day', yearSource: 'text' }),
  },
  // ISO and slashed dates: 2020-06-19, 2020/6/19, 2020.6.19
  {
    re: /(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d.])/gu,
    make: (m) => ({ from: { year: num(m[1]), month: num(m[3]), day: num(m[4]) }, kind: 'day', yearSource: 'text' }),
  },
  // Month-day to (month-)day: 4月24日至30日, 4 月 7 日—5 月 7 日
  {
    re: new RegExp(`${MD}${S}${DASH}${S}(?:(\\d{1,2})${S}月${S})?(\\d{1,2})${S}[日号]`, 'gu'),
    make: (m, ctx) => {
      const a = withYear({ month: num(m[1]), day: num(m[2]) }, ctx);
      const b = withYear({ month: m[3] ? num(m[3]) : num(m[1]), day: num(m[4]) }, ctx);
      return { from: a.date, to: b.date, kind: 'range', yearSource: a.yearSource };
    },
  },
  {
    re: new RegExp(`(?<!\\d)${MD}`, 'gu'),
    make: (m, ctx) => {
      const a = withYear({ month: num(m[1]), day: num(m[2]) }, ctx);
      return { from: a.date, kind: 'day', yearSource: a.yearSource };
    },
  },
  // Year and month: 2020年6月, 2020 年 6 月份
  {
    re: new RegExp(`(\\d{4})${S}年${S}(\\d{1,2})${S}月(?:份)?(?!${S}\\d)`, 'gu'),
    make: (m) => ({ from: { year: num(m[1]), month: num(m[2]) }, kind: 'month', yearSource: 'text' }),
  },
  // "今年前五个月", "前5个月": January to the end of month N of the context year.
  {
    re: /(?:今年)?前\s*([一二两三四五六七八九十]{1,2}|\d{1,2})\s*个月/gu,
    make: (m, ctx) => {
      const n = smallNumber(m[1]!);
      if (n === undefined || n < 1 || n > 12) return undefined;
      const a = withYear({ month: 1, day: 1 }, ctx);
      const b = withYear({ month: n, day: daysIn(ctx.year ?? 2024, n) }, ctx);
      return { from: a.date, to: b.date, kind: 'period', yearSource: a.yearSource };
    },
  },
  // Month alone: 3月份, 6月 (not "6个月", not a month-day)
  {
    re: /(?<![\d年])(\d{1,2})\s*月(份)?(?!\s*\d)(?!\s*[日号])/gu,
    make: (m, ctx) => {
      const a = withYear({ month: num(m[1]) }, ctx);
      return { from: a.date, kind: 'month', yearSource: a.yearSource };
    },
  },
];

/** Every date written in the text, longest forms first, never overlapping. */
export function findDates(text: string, ctx: YearContext = { source: 'unknown' }): MentionedDate[] {
  const taken: [number, number][] = [];
  const found: MentionedDate[] = [];
  const overlaps = (s: number, e: number): boolean => taken.some(([a, b]) => s < b && e > a);
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(start, end)) continue;
      const made = rule.make(m, ctx);
      if (!made || !validDay(made.from) || (made.to && !validDay(made.to))) continue;
      taken.push([start, end]);
      found.push({ text: m[0], start, end, ...made });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** "2020-06-19", "2020-06", or with the year unknown "--06-19" (ISO 8601's form for a date without a year). */
export function formatDate(d: PartialDate): string {
  const mm = String(d.month).padStart(2, '0');
  const y = d.year === undefined ? '-' : String(d.year);
  return d.day === undefined ? `${y}-${mm}` : `${y}-${mm}-${String(d.day).padStart(2, '0')}`;
}

export function parseIsoDate(s: string): Required<PartialDate> | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(s.trim());
  if (!m) return undefined;
  const d = { year: num(m[1]), month: num(m[2]), day: num(m[3]) };
  return validDay(d) ? d : undefined;
}

/** Years a page states ("2020年工作要点", "2021 年 4 月 7 日"): the latest full date's year, else the latest year. */
export function pageYear(text: string): number | undefined {
  const full = findDates(text).filter((d) => d.yearSource === 'text' && d.from.day !== undefined);
  if (full.length > 0) return Math.max(...full.map((d) => d.from.year!));
  const years = [...text.matchAll(/(?<!\d)((?:19|20)\d{2})\s*年/gu)].map((m) => num(m[1]));
  return years.length > 0 ? Math.max(...years) : undefined;
}

/**
 * How an article got its date: the issue's (manifest), the feed's, the latest event date in its own text, or, for an
 * item whose text names none, an estimate from the other items of its page ("约 2020-06-20").
 */
export type DateOrigin = 'issue-date' | 'feed' | 'latest-event-date' | 'page-estimate' | 'none';

export interface ArticleDate {
  /** ISO date, or "--MM-DD" when only month and day are known. */
  date?: string;
  dateOrigin: DateOrigin;
  /** Where the year came from when the date was inferred. */
  yearSource?: YearSource;
  partial: boolean;
  /** The date as written, and whether it stood in the lead (the dateline) or further down. */
  evidence?: { text: string; where: 'dateline' | 'body' };
}

const key = (d: PartialDate): number => (d.year ?? 0) * 10000 + d.month * 100 + (d.day ?? 0);

/** A day date in the first paragraph, before any other day date, is the dateline ("本报讯 6月19日，…"). */
function where(d: MentionedDate, days: MentionedDate[], text: string | undefined): 'dateline' | 'body' {
  if (text === undefined) return 'body';
  const firstBreak = text.indexOf('\n');
  const inLead = firstBreak < 0 || d.start < firstBreak;
  return inLead && days[0] === d ? 'dateline' : 'body';
}

/**
 * An article's date: the issue date when known; otherwise the latest event date in it (reports come out on or just
 * after the event). A range counts by its start: "督察进驻期间 4月7日—5月7日" announces, it does not report, 5月7日.
 * `text` (the text the dates were found in) tells whether the date was the dateline.
 */
export function articleDate(mentioned: MentionedDate[], ctx: YearContext, text?: string): ArticleDate {
  if (ctx.issueDate) return { date: formatDate(ctx.issueDate), dateOrigin: 'issue-date', partial: false };
  const days = mentioned.filter((d) => d.from.day !== undefined && d.kind !== 'period');
  if (days.length === 0) return { dateOrigin: 'none', partial: false };
  const latest = days.reduce((best, d) => (key(d.from) > key(best.from) ? d : best));
  return {
    date: formatDate(latest.from),
    dateOrigin: 'latest-event-date',
    yearSource: latest.yearSource,
    partial: latest.from.year === undefined,
    evidence: { text: latest.text, where: where(latest, days, text) },
  };
}

/** Items of one issue report events of the days before it; a date this far past the page's others is not one. */
const ISSUE_SPAN_DAYS = 31;

const dayNumber = (iso: string): number => {
  const m = /^(\d{4}|-)-(\d{2})-(\d{2})$/u.exec(iso)!;
  return Date.UTC(m[1] === '-' ? 2000 : Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
};

/**
 * The issue date a page's dated items point to, for its undated ones: the latest of their dates (the issue is out
 * on or after every event it reports), ignoring a date far past the others (an announced deadline). Dates without a
 * year count only when no item has a year. Undefined when no item of the page is dated to the day.
 */
export function pageDateEstimate(dates: ArticleDate[]): ArticleDate | undefined {
  const dated = dates.filter(
    (d) => d.date && d.dateOrigin === 'latest-event-date' && /^(?:\d{4}|-)-\d{2}-\d{2}$/u.test(d.date),
  );
  const withYear = dated.filter((d) => !d.partial);
  const pool = withYear.length > 0 ? withYear : dated;
  if (pool.length === 0) return undefined;
  const days = pool.map((d) => dayNumber(d.date!)).sort((a, b) => a - b);
  const median = days[Math.floor((days.length - 1) / 2)]!;
  const inSpan = pool.filter((d) => dayNumber(d.date!) - median <= ISSUE_SPAN_DAYS);
  const latest = inSpan.reduce((a, b) => (b.date! > a.date! ? b : a));
  return {
    date: latest.date!,
    dateOrigin: 'page-estimate',
    ...(latest.yearSource ? { yearSource: latest.yearSource } : {}),
    partial: latest.partial,
  };
}

/** A mentioned date as stored with its article. */
export function toRecord(d: MentionedDate): {
  text: string;
  date: string;
  to?: string;
  kind: MentionedDate['kind'];
  yearSource: YearSource;
} {
  return {
    text: d.text,
    date: formatDate(d.from),
    ...(d.to ? { to: formatDate(d.to) } : {}),
    kind: d.kind,
    yearSource: d.yearSource,
  };
}
