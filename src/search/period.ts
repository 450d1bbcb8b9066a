import { findDates, formatDate, type PartialDate } from '../ingest/dates.js';
import { smallNumber } from '../text/numerals.js';

// The time a question is about: a day, a month, a year, a range, a period relative to today ("上周", "去年6月"), or
// "the latest" ("最近", "latest"). Absolute dates reuse the ingest stage's date rules (ingest/dates.ts); a date
// without a year ("6月19日") is a period of any year.

export interface Period {
  /** What the question said: "7月份", "上周", "最近". */
  said: string;
  /** Where it stands in the (normalised) question. */
  start: number;
  end: number;
  /** "最近/latest": the archive's newest articles; the bounds are chosen against the archive when searching. */
  latest: boolean;
  /** Resolved against today ("上周", "去年"). */
  relative: boolean;
  /** Inclusive bounds: ISO dates, or both "--MM-DD" for a period of any year. Absent for `latest`. */
  from?: string;
  to?: string;
}

const NUM = '(\\d{1,2}|[一二两三四五六七八九十]{1,3})';
const DAY_MS = 86_400_000;
const iso = (t: Date): string => t.toISOString().slice(0, 10);
const utcDay = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
const addDays = (t: Date, n: number): Date => new Date(t.getTime() + n * DAY_MS);
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
const monthBounds = (y: number, m: number): [string, string] => [
  formatDate({ year: y, month: m, day: 1 }),
  formatDate({ year: y, month: m, day: lastDay(y, m) }),
];

interface Found {
  re: RegExp;
  make: (m: RegExpExecArray, today: Date) => Omit<Period, 'said' | 'start' | 'end'> | undefined;
}

const rel = (from: Date, to: Date): Omit<Period, 'said' | 'start' | 'end'> => ({
  latest: false,
  relative: true,
  from: iso(from),
  to: iso(to),
});
const yearOffset: Record<string, number> = { 今年: 0, 去年: -1, 前年: -2, 明年: 1, 本年: 0 };
/** Monday of the week holding `t`. */
const monday = (t: Date): Date => addDays(t, -((t.getUTCDay() + 6) % 7));

/** Relative and Chinese-numeral forms that ingest/dates.ts does not read (it reads what papers print). */
const RELATIVE: Found[] = [
  {
    re: new RegExp(`(今年|去年|前年|明年|本年)${NUM}\\s*月(?:份)?(?:${NUM}\\s*[日号])?`, 'gu'),
    make: (m, today) => {
      const y = today.getUTCFullYear() + yearOffset[m[1]!]!;
      const month = smallNumber(m[2]!);
      if (!month || month > 12) return undefined;
      const day = m[3] ? smallNumber(m[3]) : undefined;
      if (day !== undefined && (day < 1 || day > lastDay(y, month))) return undefined;
      const [from, to] = day
        ? [formatDate({ year: y, month, day }), formatDate({ year: y, month, day })]
        : monthBounds(y, month);
      return { latest: false, relative: true, from, to };
    },
  },
  {
    re: /今天|今日|\btoday\b/gu,
    make: (_m, t) => rel(t, t),
  },
  { re: /昨天|昨日|\byesterday\b/gu, make: (_m, t) => rel(addDays(t, -1), addDays(t, -1)) },
  { re: /前天/gu, make: (_m, t) => rel(addDays(t, -2), addDays(t, -2)) },
  {
    re: /本周|这周|这一周|这个星期|这星期|本星期|\bthis week\b/gu,
    make: (_m, t) => rel(monday(t), t),
  },
  {
    re: /上周|上星期|上个星期|上一周|上个礼拜|上礼拜|\blast week\b/gu,
    make: (_m, t) => rel(addDays(monday(t), -7), addDays(monday(t), -1)),
  },
  {
    re: /本月|这个月|这月|\bthis month\b/gu,
    make: (_m, t) => rel(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1)), t),
  },
  {
    re: /上个月|上月|\blast month\b/gu,
    make: (_m, t) => {
      const first = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - 1, 1));
      return rel(first, new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 0)));
    },
  },
  {
    re: new RegExp(
      `(?:最近|近|过去)${NUM}\\s*(天|日|周|星期|个星期|个月|年)|(?:最近|近|过去)(半年|一周|一个月|一年)`,
      'gu',
    ),
    make: (m, t) => {
      const unit = m[2] ?? m[3]!;
      const n = unit === '半年' ? 6 : unit.startsWith('一') ? 1 : smallNumber(m[1] ?? '');
      if (!n) return undefined;
      const days = /天|日/u.test(unit)
        ? n
        : /周|星期/u.test(unit)
          ? 7 * n
          : /月|半年/u.test(unit)
            ? 30.44 * n
            : 365 * n;
      return rel(addDays(t, -Math.round(days) + 1), t);
    },
  },
  {
    re: /(今年|去年|前年|本年)(?!\s*(?:前|上半|下半|[一二三四第]季度|\d|[一二两三四五六七八九十]+\s*月))|\b(this|last) year\b/gu,
    make: (m, t) => {
      const y = t.getUTCFullYear() + (m[1] ? yearOffset[m[1]]! : m[2] === 'last' ? -1 : 0);
      return { latest: false, relative: true, from: `${y}-01-01`, to: `${y}-12-31` };
    },
  },
  {
    re: /最近|近期|近来|最新|近日|日前|这几天|这些天|这段时间|这阵子|这一阵|\b(?:latest|lately|recent(?:ly)?|newest)\b/gu,
    make: () => ({ latest: true, relative: false }),
  },
];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const EN_MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const monthOf = (name: string): number => MONTHS.indexOf(name.slice(0, 3)) + 1;

/** Absolute forms beyond what papers print: English dates, years, halves and quarters, Chinese-numeral months. */
const ABSOLUTE: Found[] = [
  {
    // "june 19, 2020", "19 june 2020", "june 2020" (questions arrive lower-cased)
    re: new RegExp(
      `\\b(?:${EN_MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+((?:19|20)\\d{2})|(\\d{1,2})\\s+${EN_MONTH}\\.?,?\\s+((?:19|20)\\d{2})|${EN_MONTH}\\s+((?:19|20)\\d{2}))\\b`,
      'gu',
    ),
    make: (m) => {
      const month = monthOf(m[1] ?? m[5] ?? m[7]!);
      const year = Number(m[3] ?? m[6] ?? m[8]);
      const day = m[2] ?? m[4];
      if (!day)
        return { latest: false, relative: false, from: monthBounds(year, month)[0], to: monthBounds(year, month)[1] };
      const d = Number(day);
      if (d < 1 || d > lastDay(year, month)) return undefined;
      const iso = formatDate({ year, month, day: d });
      return { latest: false, relative: false, from: iso, to: iso };
    },
  },
  {
    re: /(?<!\d)((?:19|20)\d{2})\s*年\s*(上半年|下半年|[一二三四1-4]季度|第[一二三四1-4]季度)/gu,
    make: (m) => {
      const y = Number(m[1]);
      const q = m[2]!.includes('上半') ? [1, 6] : m[2]!.includes('下半') ? [7, 12] : quarter(m[2]!);
      return { latest: false, relative: false, from: monthBounds(y, q[0]!)[0], to: monthBounds(y, q[1]!)[1] };
    },
  },
  {
    re: /(?<!\d)((?:19|20)\d{2})\s*年(?!\s*(?:\d{1,2}|[一二两三四五六七八九十]{1,3})\s*月)(?!\s*[以来前后度级代])/gu,
    make: (m) => ({ latest: false, relative: false, from: `${m[1]}-01-01`, to: `${m[1]}-12-31` }),
  },
  {
    re: /(?<![\d年月十])([一二三四五六七八九十]{1,3})\s*月(?:份)?(?:([一二三四五六七八九十]{1,3})\s*[日号])?/gu,
    make: (m) => {
      const month = smallNumber(m[1]!);
      const day = m[2] ? smallNumber(m[2]) : undefined;
      if (!month || month > 12 || (day !== undefined && (day < 1 || day > 31))) return undefined;
      return anyYear(month, day);
    },
  },
  {
    // "6/19", "6.19", "6-19" (month first, as Chinese readers write them); not a decimal ("6.5%", "3.5公里"), a
    // range of months ("1-2月") or part of a longer date or number
    re: /(?<![\d/.-])(\d{1,2})(?:\/|\.|-)(\d{1,2})(?![\d/.-]|\s*(?:%|％|[万亿千百元倍个月年天号日米公平克吨度人次名项家]))/gu,
    make: (m) => {
      const month = Number(m[1]);
      const day = Number(m[2]);
      return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? anyYear(month, day) : undefined;
    },
  },
];

function quarter(s: string): [number, number] {
  const n = smallNumber(s.replace(/[第季度]/gu, '')) ?? 1;
  return [3 * n - 2, 3 * n];
}

function anyYear(month: number, day?: number): Omit<Period, 'said' | 'start' | 'end'> {
  const mm = String(month).padStart(2, '0');
  const from = `--${mm}-${String(day ?? 1).padStart(2, '0')}`;
  const to = `--${mm}-${String(day ?? lastDay(2024, month)).padStart(2, '0')}`;
  return { latest: false, relative: false, from, to };
}

/** A date the ingest rules found, as a period: a day, a month, or a range (with or without its year). */
function fromMentioned(from: PartialDate, to: PartialDate | undefined): { from: string; to: string } {
  const end = to ?? from;
  const lo = formatDate({ ...from, day: from.day ?? 1 });
  const hi = formatDate({ ...end, day: end.day ?? lastDay(end.year ?? 2024, end.month) });
  // Mixed forms ("2020年6月1日至7月") keep the start's year for both ends.
  if (lo.startsWith('--') !== hi.startsWith('--')) return { from: lo, to: lo.slice(0, 4) + hi.slice(hi.length - 6) };
  return { from: lo, to: hi };
}

/**
 * The period a question names, if any: the first written. The ingest rules read printed dates (2020年6月19日,
 * 6月19日, 4月24日至30日, 2020年6月); the rules above read years, quarters and the relative forms.
 */
export function findPeriod(question: string, now: Date = new Date()): Period | undefined {
  const today = utcDay(now);
  const found: Period[] = [];
  for (const d of findDates(question)) {
    if (d.kind === 'period') continue; // "前五个月" counts from the paper's year, not the reader's
    found.push({
      said: d.text,
      start: d.start,
      end: d.end,
      latest: false,
      relative: false,
      ...fromMentioned(d.from, d.to),
    });
  }
  const taken = (s: number, e: number): boolean => found.some((p) => s < p.end && e > p.start);
  for (const rule of [...RELATIVE, ...ABSOLUTE]) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(question); m; m = rule.re.exec(question)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken(start, end)) continue;
      const made = rule.make(m, today);
      if (made) found.push({ said: m[0], start, end, ...made });
    }
  }
  const first = found.sort((a, b) => a.start - b.start)[0];
  return first && partOfMonth(question, first);
}

/** "七月初", "6月下旬", "3月底": a part of the month the period names. */
function partOfMonth(question: string, p: Period): Period {
  const m = /^\s*(初|上旬|中旬|下旬|底|末)/u.exec(question.slice(p.end));
  if (!m || !p.from || !p.to || p.from.slice(-2) !== '01' || p.from.slice(0, -3) !== p.to.slice(0, -3)) return p;
  const [lo, hi] =
    m[1] === '初' || m[1] === '上旬' ? ['01', '10'] : m[1] === '中旬' ? ['11', '20'] : ['21', p.to.slice(-2)];
  const month = p.from.slice(0, -2);
  return { ...p, said: p.said + m[1], end: p.end + m[0].length, from: month + lo, to: month + hi };
}

/** Month-day of an ISO or year-less date: "06-19". */
const md = (d: string): string => d.slice(d.length - 5);
const spansYears = (p: Period): boolean => !p.from!.startsWith('--') && p.from!.slice(0, 4) !== p.to!.slice(0, 4);

/**
 * Does an article date ("2020-06-19", "--06-19" with the year unknown, or "2020-06") fall in the period? A period
 * of any year compares month and day; an article whose year is unknown matches a period within one year by month
 * and day, never a whole year or more.
 */
export function inPeriod(articleDate: string | null | undefined, p: Period): boolean {
  if (!articleDate || p.latest || !p.from || !p.to) return false;
  const date = /^\d{4}-\d{2}$/u.test(articleDate) ? `${articleDate}-15` : articleDate;
  if (!/^(?:\d{4}|-)-\d{2}-\d{2}$/u.test(date)) return false;
  const yearless = date.startsWith('--');
  if (p.from.startsWith('--') || yearless) {
    if (yearless && (spansYears(p) || (p.from.slice(5) === '01-01' && p.to.slice(5) === '12-31'))) return false;
    return md(date) >= md(p.from) && md(date) <= md(p.to);
  }
  return date >= p.from && date <= p.to;
}

/** The period in words for a reply: "2020-07-01 to 2020-07-31", "06-19 of any year". */
export function periodRange(p: { from?: string | null; to?: string | null }): string {
  if (!p.from || !p.to) return 'the newest articles';
  if (p.from.startsWith('--')) {
    const a = md(p.from);
    return a === md(p.to) ? `${a} of any year` : `${a} to ${md(p.to)} of any year`;
  }
  if (p.from === p.to) return p.from;
  // A filter open at one end (only --from, or only --to) says so rather than print its sentinel bound.
  if (p.to === OPEN_END) return `${p.from} on`;
  if (p.from === OPEN_START) return `up to ${p.to}`;
  return `${p.from} to ${p.to}`;
}

/** The bounds a date filter open at one end is given. */
export const OPEN_START = '0000-01-01';
export const OPEN_END = '9999-12-31';
