import { describe, expect, it } from 'vitest';
import { findPeriod, inPeriod, periodRange } from '../src/search/period.js';
import { analyzeQuestion } from '../src/search/question.js';

// The time a question is about: printed dates (through ingest/dates.ts), years, quarters, relative periods
// resolved against a fixed "today", and "the latest".

const NOW = new Date('2026-11-30T12:00:00Z'); // a Monday

describe('periods in questions', () => {
  it.each([
    ['6月19日开发区有什么新闻？', '6月19日', '--06-19', '--06-19'],
    ['2020年6月19日开发区开了什么会？', '2020年6月19日', '2020-06-19', '2020-06-19'],
    ['2020-06-20 有什么新闻？', '2020-06-20', '2020-06-20', '2020-06-20'],
    ['3月17号有什么新闻？', '3月17号', '--03-17', '--03-17'],
    ['7月份开发区都有哪些活动？', '7月份', '--07-01', '--07-31'],
    // Chinese numerals are read as the paper prints them ("七月" → "7月")
    ['七月初开发区有什么新闻？', '7月初', '--07-01', '--07-10'],
    ['2021年4月有哪些报道', '2021年4月', '2021-04-01', '2021-04-30'],
    ['4月24日到30日示范区在搞什么活动？', '4月24日到30日', '--04-24', '--04-30'],
    ['2020年下半年开发区有什么打算？', '2020年下半年', '2020-07-01', '2020-12-31'],
    ['2021年第一季度的新闻', '2021年第一季度', '2021-01-01', '2021-03-31'],
    ['2020年开发区实施了多少个项目', '2020年', '2020-01-01', '2020-12-31'],
    ['上周开发区有什么新闻？', '上周', '2026-11-23', '2026-11-29'],
    ['本周有什么新闻', '本周', '2026-11-30', '2026-11-30'],
    ['上个月有什么新闻', '上个月', '2026-10-01', '2026-10-31'],
    ['去年6月有什么新闻', '去年6月', '2025-06-01', '2025-06-30'],
    ['去年开发区的进出口总额', '去年', '2025-01-01', '2025-12-31'],
    ['昨天有什么新闻', '昨天', '2026-11-29', '2026-11-29'],
    ['最近7天有什么新闻', '最近7天', '2026-11-24', '2026-11-30'],
    ['What happened on June 19, 2020?', 'june 19, 2020', '2020-06-19', '2020-06-19'],
    // as readers type a day: month first, with a slash, a dot or a dash
    ['6/19开发区有什么新闻', '6/19', '--06-19', '--06-19'],
    ['6.19有什么新闻', '6.19', '--06-19', '--06-19'],
    ['6-19有什么新闻', '6-19', '--06-19', '--06-19'],
    // a year written digit by digit in Chinese numerals, as mastheads print it
    ['二〇二〇年六月十九日有什么新闻', '2020年6月19日', '2020-06-19', '2020-06-19'],
    ['二零二一年四月有哪些报道', '2021年4月', '2021-04-01', '2021-04-30'],
  ])('%s → %s (%s … %s)', (q, said, from, to) => {
    const p = analyzeQuestion(q, NOW).period;
    expect(p).toMatchObject({ said, from, to, latest: false });
  });

  it.each([['最近示范区有什么动静？'], ['示范区环保方面最近做了什么？'], ['近期有什么新闻'], ['latest news']])(
    '%s asks for the latest',
    (q) => {
      expect(analyzeQuestion(q, NOW).period).toMatchObject({ latest: true });
    },
  );

  it.each([['增长6.5%是哪年'], ['龙湖公园新增绿道3.5公里吗'], ['投资1.2亿元的项目'], ['版本2.0有什么新功能']])(
    '%s names no day: a decimal is not a date',
    (q) => {
      expect(analyzeQuestion(q, NOW).period).toBeNull();
    },
  );

  it('"今年前五个月" counts from the paper\'s year, so it is no period of the reader\'s', () => {
    expect(findPeriod('今年前五个月开发区进出口总额是多少', NOW)).toBeUndefined();
  });

  it('an article date falls in a period, with or without years', () => {
    const july = findPeriod('7月份', NOW)!;
    expect(inPeriod('2020-07-03', july)).toBe(true);
    expect(inPeriod('2020-06-30', july)).toBe(false);
    expect(inPeriod('--07-03', july)).toBe(true);
    const y2020 = findPeriod('2020年的新闻', NOW)!;
    expect(inPeriod('2020-07-03', y2020)).toBe(true);
    expect(inPeriod('2021-04-14', y2020)).toBe(false);
    // a year-less article date cannot be placed in a whole year
    expect(inPeriod('--07-03', y2020)).toBe(false);
    expect(periodRange(july)).toBe('07-01 to 07-31 of any year');
    // a filter open at one end: no sentinel year in the reply
    expect(periodRange({ from: '2021-01-01', to: '9999-12-31' })).toBe('2021-01-01 on');
    expect(periodRange({ from: '0000-01-01', to: '2020-12-31' })).toBe('up to 2020-12-31');
  });
});
