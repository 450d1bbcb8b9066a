import { describe, expect, it } from 'vitest';
import type { Article } from '../src/ingest/article.js';
import { emptyByline } from '../src/ingest/byline.js';
import { articleDate, chineseDate } from '../src/render/chinese-date.js';
import { ArchiveByDay, cutAtClause, leadSentence, pageOrder } from '../src/search/browse.js';
import { quoteParams } from '../src/search/links.js';
import { monthWeeks } from '../src/web/calendar.js';
import { articleHtml, findQuote } from '../src/web/quote.js';

// The archive by day and the pieces of its pages, on real snippets of the sample pages.

const article = (o: Partial<Article> & { id: string }): Article => ({
  kind: 'article',
  title: '标题',
  titleOrigin: 'headline',
  source: '濮阳日报',
  file: '000.txt',
  dateOrigin: 'latest-event-date',
  datePartial: false,
  mentionedDates: [],
  byline: emptyByline(),
  text: '正文。',
  contentHash: 'x',
  ...o,
});

describe('Chinese dates', () => {
  it.each([
    ['2020-06-19', true, '2020年6月19日 星期五'],
    ['2021-04-14', true, '2021年4月14日 星期三'],
    ['2020-03-16', false, '2020年3月16日'],
    ['--03-17', true, '3月17日（年份不详）'],
    ['2020-06', true, '2020年6月'],
    [undefined, true, '日期不详'],
    ['', true, '日期不详'],
    ['someday', true, '日期不详'],
  ])('%s → %s', (date, weekday, want) => {
    expect(chineseDate(date, { weekday })).toBe(want);
  });

  it('an estimated date carries 约 and no weekday', () => {
    expect(articleDate({ date: '2020-06', dateOrigin: 'page-estimate' })).toBe('约 2020年6月');
    expect(articleDate({ date: '2020-06-19', dateOrigin: 'page-estimate' })).toBe('约 2020年6月19日');
    expect(articleDate({ date: '2020-06-19', dateOrigin: 'latest-event-date' })).toBe('2020年6月19日 星期五');
    expect(articleDate({ dateOrigin: 'none' })).toBe('日期不详');
  });
});

describe('the month calendar', () => {
  it('starts weeks on Monday and pads with the months around', () => {
    // June 2020 began on a Monday; April 2021 on a Thursday; February 2021 fills exactly four weeks.
    expect(monthWeeks(2020, 6)[0]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(monthWeeks(2021, 4)[0]).toEqual([null, null, null, 1, 2, 3, 4]);
    expect(monthWeeks(2021, 2)).toHaveLength(4);
    expect(monthWeeks(2020, 2).flat().filter(Boolean)).toHaveLength(29);
  });
});

describe('page order and days', () => {
  const a = article({ id: 'a', file: '001.txt', range: { start: 900, end: 1000 }, date: '2020-03-18' });
  const b = article({ id: 'b', file: '001.txt', range: { start: 10, end: 800 }, date: '2020-03-18' });
  const c = article({ id: 'c', file: '000.txt', range: { start: 500, end: 600 }, date: '2020-03-16' });
  const d = article({ id: 'd', source: '焦作报纸', file: '004.txt', range: { start: 0, end: 9 } });
  const e = article({ id: 'e', file: '010.txt', range: { start: 0, end: 9 }, date: '--03-17' });
  const f = article({ id: 'f', file: 'feed.jsonl', line: 3, date: '2020-06' });
  const byDay = new ArchiveByDay([a, b, c, d, e, f]);

  it('orders by paper, page file (numbers as numbers), then position on the page', () => {
    const files = ['10.txt', '9.txt', '2.txt'].map((file, i) => article({ id: `n${i}`, file }));
    expect([...files].sort(pageOrder).map((x) => x.file)).toEqual(['2.txt', '9.txt', '10.txt']);
    expect(byDay.on('2020-03-18').map((x) => x.id)).toEqual(['b', 'a']);
  });

  it('counts days and months, keeps year-unknown days apart, and lists the undated', () => {
    expect(byDay.days).toEqual([
      { date: '2020-03-16', count: 1 },
      { date: '2020-03-18', count: 2 },
    ]);
    expect(byDay.yearless).toEqual([{ date: '--03-17', count: 1 }]);
    expect(byDay.months).toEqual([
      { month: '2020-03', count: 3 },
      { month: '2020-06', count: 1 },
    ]);
    expect(byDay.undated.map((x) => x.id)).toEqual(['d']);
  });

  it('finds the neighbouring days with articles, whether or not the day itself has any', () => {
    expect(byDay.neighbours('2020-03-18')).toEqual({ prev: '2020-03-16' });
    expect(byDay.neighbours('2020-03-17')).toEqual({ prev: '2020-03-16', next: '2020-03-18' });
    expect(byDay.neighbours('2019-01-01')).toEqual({ next: '2020-03-16' });
    expect(byDay.neighbourMonths('2020-06')).toEqual({ prev: '2020-03' });
  });

  it('the same page: same page file; a feed line has none', () => {
    expect(byDay.onPageWith(a).map((x) => x.id)).toEqual(['b']);
    expect(byDay.onPageWith(f)).toEqual([]);
  });
});

describe('lead sentences', () => {
  it('is the first sentence, or the second when the title was made from the first', () => {
    const text = '6月19日，开发区党工委营商环境建设委员会第一次会议召开。区党工委营商环境建设委员会组成人员参加会议。';
    expect(leadSentence(article({ id: 'x', text }))).toBe('6月19日，开发区党工委营商环境建设委员会第一次会议召开。');
    const derived = article({ id: 'y', text, titleOrigin: 'first-sentence', title: '6月19日，开发区党工委营商环境…' });
    expect(leadSentence(derived)).toBe('区党工委营商环境建设委员会组成人员参加会议。');
  });

  it('cuts a long sentence after a clause mark', () => {
    const s = '今年以来，开发区把电子商务作为一个重要抓手，持续壮大电子商务发展规模，不断提升电子商务应用水平。';
    expect(cutAtClause(s, 30)).toBe('今年以来，开发区把电子商务作为一个重要抓手…');
    expect(cutAtClause(s, 100)).toBe(s);
  });
});

describe('citation links and the quote they mark', () => {
  const text =
    '然而，受新冠肺炎疫情影响，雪汇食品公司从春节到2月23日一直处于停产状态。\n随着疫情好转，雪汇食品公司在做好各项准备工作后，于2月24日正式复工。在雪汇食品公司复工前，开发区党工委书记陈晓华多次安排相关部门开展上门服务。';

  it.each([
    ['a short quote, whole', '于2月24日正式复工。', undefined, '于2月24日正式复工。'],
    [
      'an old link: a 24-character prefix, extended to its sentence',
      '随着疫情好转，雪汇食品公司在做好各项准备工作后，',
      undefined,
      '随着疫情好转，雪汇食品公司在做好各项准备工作后，于2月24日正式复工。',
    ],
    [
      'start and end: two sentences',
      '随着疫情好转，雪汇食品公司在做好各项',
      '开展上门服务。',
      text.slice(text.indexOf('随着')),
    ],
    [
      'across a paragraph break',
      '一直处于停产状态。',
      '于2月24日正式复工。',
      text.slice(text.indexOf('一直'), text.indexOf('在雪汇')),
    ],
  ])('%s', (_name, q, end, want) => {
    const span = findQuote(text, q, end)!;
    expect(text.slice(span.start, span.end)).toBe(want);
  });

  it('a link carries a long quote as its start and end, which find it again exactly', () => {
    const quote = text.slice(text.indexOf('随着'), text.indexOf('在雪汇'));
    const params = new URLSearchParams(quoteParams(quote));
    const span = findQuote(text, params.get('q')!, params.get('end') ?? undefined)!;
    expect(text.slice(span.start, span.end)).toBe(quote);
    expect(new URLSearchParams(quoteParams('短引文')).get('end')).toBeNull();
  });

  it('marks the quote in every paragraph it spans, and moves its passage anchor onto it', () => {
    const start = text.indexOf('一直');
    const end = text.indexOf('在雪汇');
    const chunks = [
      { n: 0, start: 0, end: text.indexOf('\n') },
      { n: 1, start: text.indexOf('随着'), end: text.length },
    ];
    const html = articleHtml(text, chunks, { start, end });
    expect(html).toContain('<span class="anchor" id="c0"></span><mark id="quote">一直处于停产状态。</mark></p>');
    expect(html).toContain('<p><mark><span class="anchor" id="c1"></span>随着疫情好转');
    expect(html.match(/<mark/gu)).toHaveLength(2);
    expect(articleHtml('<b>&', [{ n: 0, start: 0, end: 4 }])).toBe(
      '<p><span class="anchor" id="c0"></span>&lt;b&gt;&amp;</p>',
    );
  });
});
