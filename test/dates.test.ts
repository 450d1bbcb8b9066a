import { describe, expect, it } from 'vitest';
import { articleDate, findDates, formatDate, pageDateEstimate, pageYear } from '../src/ingest/dates.js';

const y2020 = { year: 2020, source: 'page' as const };

describe('findDates', () => {
  it.each([
    ['2021年4月7日', '2021-04-07', undefined, 'day'],
    ['2021 年 4 月 7 日', '2021-04-07', undefined, 'day'],
    ['4月14日', '2020-04-14', undefined, 'day'],
    ['6 月 19 日', '2020-06-19', undefined, 'day'],
    ['3月份', '2020-03', undefined, 'month'],
    ['2020年6月', '2020-06', undefined, 'month'],
    ['2020-06-19', '2020-06-19', undefined, 'day'],
    ['2020/6/19', '2020-06-19', undefined, 'day'],
    ['4月24日至30日', '2020-04-24', '2020-04-30', 'range'],
    ['2021 年 4 月 7 日—5 月 7 日', '2021-04-07', '2021-05-07', 'range'],
    ['4 月 7 日—5 月 7 日', '2020-04-07', '2020-05-07', 'range'],
    ['今年前五个月', '2020-01-01', '2020-05-31', 'period'],
    ['前两个月', '2020-01-01', '2020-02-29', 'period'],
    ['前十二个月', '2020-01-01', '2020-12-31', 'period'],
    ['前5个月', '2020-01-01', '2020-05-31', 'period'],
  ])('%s', (text, from, to, kind) => {
    const [d] = findDates(text, y2020);
    expect(d).toBeDefined();
    expect(formatDate(d!.from)).toBe(from);
    expect(d!.to ? formatDate(d!.to) : undefined).toBe(to);
    expect(d!.kind).toBe(kind);
  });

  it('keeps a month-day partial when no year is known, and says so', () => {
    const [d] = findDates('3 月 16 日下午， 开发区召开复工复产工作推进会');
    expect(formatDate(d!.from)).toBe('--03-16');
    expect(d!.yearSource).toBe('unknown');
  });

  it('records where the year came from', () => {
    expect(findDates('4月14日', { year: 2021, source: 'operator' })[0]!.yearSource).toBe('operator');
    expect(findDates('2021年4月14日', { year: 2020, source: 'operator' })[0]!.yearSource).toBe('text');
  });

  it('does not read durations or counts as dates', () => {
    expect(findDates('前 10 名和后 10 名，进驻时间为 1 个月，24 小时值守', y2020)).toEqual([]);
    // No year has a thirteenth month.
    expect(findDates('前十三个月', y2020)).toEqual([]);
  });

  it('rejects impossible dates', () => {
    expect(findDates('13月40日', y2020)).toEqual([]);
  });
});

describe('pageYear', () => {
  it.each([
    ['会议审议通过了《2020年工作要点（讨论稿）》', 2020],
    ['2020 年，工业园区规模以上工业总产值…进驻期间（2021 年 4 月 7 日—5 月 7 日）', 2021],
    ['3 月 16 日下午，开发区召开复工复产工作推进会', undefined],
  ])('%s', (text, year) => {
    expect(pageYear(text)).toBe(year);
  });
});

describe('articleDate', () => {
  it('prefers the issue date', () => {
    const ctx = { year: 2020, source: 'issue-date' as const, issueDate: { year: 2020, month: 6, day: 21 } };
    expect(articleDate(findDates('6月19日', ctx), ctx)).toMatchObject({ date: '2020-06-21', dateOrigin: 'issue-date' });
  });
  it('else takes the latest event date, a range by its start', () => {
    const text = '4 月 14 日，督察组交办举报件。进驻期间（2021 年 4 月 7 日—5 月 7 日）设立专门值班电话。';
    const ctx = { year: 2021, source: 'page' as const };
    expect(articleDate(findDates(text, ctx), ctx)).toMatchObject({
      date: '2021-04-14',
      dateOrigin: 'latest-event-date',
      yearSource: 'page',
    });
  });
  it('marks a date without a year as partial', () => {
    const ctx = { source: 'unknown' as const };
    expect(articleDate(findDates('3月16日下午', ctx), ctx)).toMatchObject({ date: '--03-16', partial: true });
  });
});

describe('date provenance and page estimates', () => {
  const ctx = { year: 2020, source: 'page' as const };
  const dated = (text: string) => articleDate(findDates(text, ctx), ctx, text);

  it('a date in the lead, before any other, is the dateline; a later one is from the body', () => {
    expect(dated('6 月 19 日，记者从开发区外联局获悉。\n其中出口额实现40052万元。').evidence).toEqual({
      text: '6 月 19 日',
      where: 'dateline',
    });
    expect(dated('连日来，开发区大力开展专项行动。\n至 3 月 19 日，共组织志愿者 746 人。').evidence).toEqual({
      text: '3 月 19 日',
      where: 'body',
    });
  });

  const at = (date: string, partial = false) => ({
    date,
    dateOrigin: 'latest-event-date' as const,
    partial,
    yearSource: 'page' as const,
  });

  it.each([
    ['the latest of the page', [at('2020-06-19'), at('2020-06-20'), at('2020-06-19')], '2020-06-20'],
    [
      'not a date far past the others (a deadline)',
      [at('2021-04-14'), at('2021-04-08'), at('2021-05-30'), at('2021-04-13')],
      '2021-04-14',
    ],
    ['year-less dates only when no item has a year', [at('--03-18', true), at('--03-20', true)], '--03-20'],
    ['none when nothing is dated', [{ dateOrigin: 'none' as const, partial: false }], undefined],
  ])('estimates the issue date: %s', (_, dates, expected) => {
    const e = pageDateEstimate(dates);
    expect(e?.date).toBe(expected);
    if (e) expect(e.dateOrigin).toBe('page-estimate');
  });
});
