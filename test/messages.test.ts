import { describe, expect, it } from 'vitest';
import type { Article } from '../src/ingest/article.js';
import { aboutEmbed, answerEmbed, dateChoice, hitsEmbed, newsEmbed, sourceEmbed } from '../src/render/discord.js';
import { messages } from '../src/render/messages.js';
import { renderAnswer, renderStats } from '../src/render/terminal.js';
import type { ArchiveStats } from '../src/search/archive.js';
import type { AnswerNote } from '../src/search/notes.js';
import { answerOf } from './support/answer.js';

// The catalogue on real snippets of the sample pages: Chinese replies read as Chinese readers write (dates, counts,
// periods), English ones as before, and the paper's own words are never translated.

const zh = messages('zh');
const en = messages('en');

const quote = {
  text: '开发区向16家外经外贸外资企业选派了首席服务员，帮助企业解决困难。',
  articleId: 'abc',
  chunkId: 'abc:0',
  title: '开发区助力外向型经济发展',
  date: '2020-03-18',
  source: '濮阳日报',
  url: 'https://news.example.org/articles/abc#c0',
  mark: { start: 4, end: 7 },
};

/** Latin words in a Chinese reply that are not the bot's commands, settings or links. */
const englishIn = (text: string): string[] =>
  (text.match(/[A-Za-z]{2,}/gu) ?? []).filter(
    (w) => !/^(ask|news|source|about|quit|https?|news|example|org|articles|abc|PUBLIC_BASE_URL|lexical)$/u.test(w),
  );

describe('dates, counts and periods', () => {
  it.each([
    ['2020-06-19', '2020年6月19日', '2020-06-19'],
    ['--06-19', '6月19日（年份不详）', '06-19 (year unknown)'],
    ['2020-06', '2020年6月', '2020-06'],
    [null, '日期不详', 'undated'],
  ])('the date %s', (date, chinese, english) => {
    expect(zh.date(date)).toBe(chinese);
    expect(en.date(date)).toBe(english);
  });

  it.each([
    [{ from: '2020-06-19', to: '2020-06-19' }, '2020年6月19日', '2020-06-19'],
    [{ from: '2020-06-01', to: '2020-06-30' }, '2020年6月', '2020-06-01 to 2020-06-30'],
    [{ from: '2020-07-01', to: '2020-12-31' }, '2020年7月1日至2020年12月31日', '2020-07-01 to 2020-12-31'],
    [{ from: '2023-01-01', to: '2023-12-31' }, '2023年', '2023-01-01 to 2023-12-31'],
    [{ from: '--07-01', to: '--07-31' }, '任意年份的7月1日至7月31日', '07-01 to 07-31 of any year'],
    [{ from: '2020-06-19', to: '9999-12-31' }, '2020年6月19日及以后', '2020-06-19 on'],
    [{ from: '0000-01-01', to: '2020-06-19' }, '2020年6月19日及以前', 'up to 2020-06-19'],
  ])('the range %j', (range, chinese, english) => {
    expect(zh.range(range)).toBe(chinese);
    expect(en.range(range)).toBe(english);
  });

  it('counts and pages', () => {
    expect(zh.newsTitle('2020-06-19', 3)).toBe('2020年6月19日的新闻（共3篇）');
    expect(en.newsTitle('2020-06-19', 3)).toBe('News of 2020-06-19 (3)');
    expect(zh.pageFooter(2, 5, 'hybrid')).toBe('更多结果 · 第2/5页 · 混合搜索');
    expect(en.pageFooter(2, 5, 'hybrid')).toBe('More results · page 2 of 5 · hybrid search');
    expect(dateChoice({ date: '2020-03-18', count: 3 }, 'zh').name).toBe('2020年3月18日（3篇）');
    expect(dateChoice({ date: '2020-03-18', count: 1 }, 'en').name).toBe('2020-03-18 (1 article)');
    expect(zh.tooFast(4200)).toBe('你提问太快了，请5秒后再试。');
    expect(en.tooFast(4200)).toBe('You are asking faster than I can keep up with; please try again in 5 s.');
  });

  it('the period an answer searched', () => {
    const period = { said: '7月份', from: '2020-07-01', to: '2020-07-31', latest: false, relative: false, articles: 4 };
    expect(zh.period({ intent: 'list', period })).toBe('“7月份”：日期在2020年7月的文章，按从新到旧排列。');
    expect(en.period({ intent: 'list', period })).toBe(
      '“7月份”: articles dated 2020-07-01 to 2020-07-31, newest first.',
    );
    const latest = { said: '最近', from: '2020-04-13', to: '2021-04-14', latest: true, relative: false, articles: 3 };
    expect(zh.period({ intent: 'list', period: latest })).toBe(
      '“最近”：档案中与此相关的最新文章，日期为2020年4月13日至2021年4月14日，按从新到旧排列。',
    );
  });
});

describe('the core’s notes, worded', () => {
  const notes: [AnswerNote, string, string][] = [
    [
      {
        code: 'period-empty',
        said: '上周',
        range: { from: '2026-11-23', to: '2026-11-29' },
        archive: { oldest: '2020-03-16', newest: '2021-04-14' },
      },
      '档案中没有日期在2026年11月23日至2026年11月29日（上周）的文章；档案收录的文章日期为2020年3月16日至2021年4月14日。',
      'No article in the archive is dated 2026-11-23 to 2026-11-29 (上周); the archive covers 2020-03-16 to 2021-04-14.',
    ],
    [
      { code: 'period-off-topic', articles: 5, range: { from: '2020-06-19', to: '2020-06-19' } },
      '日期在2020年6月19日的文章共5篇，但都与此无关。',
      '5 articles are dated 2020-06-19, none of them on that.',
    ],
    [
      {
        code: 'outside-period',
        said: '去年',
        range: { from: '2025-01-01', to: '2025-12-31' },
        articleDate: '2020-06-19',
      },
      '问题问的是去年（2025年）；最接近的文章日期为2020年6月19日。',
      'The question asks about 去年 (2025-01-01 to 2025-12-31); the closest article is dated 2020-06-19.',
    ],
    [
      { code: 'filter-empty', range: { from: '2019-01-01', to: '2019-01-31' } },
      '没有日期在2019年1月的文章。',
      'No article is dated 2019-01-01 to 2019-01-31.',
    ],
  ];
  it.each(notes)('%j', (note, chinese, english) => {
    expect(zh.note(note)).toBe(chinese);
    expect(en.note(note)).toBe(english);
  });
});

describe('a Chinese question gets a Chinese reply; an English one, English', () => {
  it('an answer embed: the quote, title and paper as printed, the rest in the question’s language', () => {
    const e = answerEmbed(answerOf({ question: '开发区向多少家外经外贸外资企业选派了首席服务员？', quotes: [quote] }));
    expect(e.description).toContain('开发区向**16家**外经外贸外资企业');
    expect(e.description).toContain(
      '[开发区助力外向型经济发展](https://news.example.org/articles/abc#c0) · 濮阳日报 · 2020年3月18日 星期三',
    );
    expect(e.footer?.text).toBe('引自新闻档案 · 仅按词语搜索（未加载语义模型）');
    const english = answerEmbed(
      answerOf({ question: 'How many companies got a chief service officer?', quotes: [quote] }),
    );
    expect(english.description).toContain('开发区向**16家**外经外贸外资企业'); // the paper's words, untranslated
    expect(english.description).toContain('· 濮阳日报 · 2020-03-18');
    expect(english.footer?.text).toBe('Quotes from the archive · word search only (no embedding model)');
  });

  it('no clear answer, with a note: all of it Chinese for a Chinese question', () => {
    const note: AnswerNote = {
      code: 'period-empty',
      said: '上周',
      range: { from: '2026-11-23', to: '2026-11-29' },
      archive: { oldest: '2020-03-16', newest: '2021-04-14' },
    };
    const a = answerOf({ question: '上周开发区有什么新闻？', answered: false, notes: [note], closest: [quote] });
    const e = answerEmbed(a);
    expect(e.description).toContain('档案中没有这个问题的明确答案。\n\n最接近的文章：\n\n• [开发区助力外向型经济发展]');
    expect(englishIn(e.description!)).toEqual([]);
    const t = renderAnswer(a);
    expect(t).toContain('注：档案中没有日期在2026年11月23日至2026年11月29日（上周）的文章');
    expect(t).toContain('  - 开发区助力外向型经济发展 · 濮阳日报 · 2020年3月18日 星期三  https://');
    expect(englishIn(t)).toEqual([]);
    expect(renderAnswer({ ...a, question: 'news of last week?' })).toContain('The archive holds no clear answer');
  });

  it('a page of further hits keeps its answer’s language', () => {
    const hit = { ...quote, score: 1 };
    expect(hitsEmbed('开发区复工复产', [hit], 1, 3, 'hybrid').footer?.text).toBe('更多结果 · 第2/3页 · 混合搜索');
    expect(hitsEmbed('reopening', [hit], 1, 3, 'hybrid').footer?.text).toBe(
      'More results · page 2 of 3 · hybrid search',
    );
    expect(hitsEmbed('开发区复工复产', [], 1, 3, 'hybrid').description).toBe('没有更多结果了。');
  });

  it('/news, /source and /about in Chinese', () => {
    const article = {
      id: 'abc',
      title: '开发区助力外向型经济发展',
      text: '开发区向16家外经外贸外资企业选派了首席服务员。',
      date: '2020-03-18',
      source: '濮阳日报',
      kind: 'article',
      titleOrigin: 'headline',
      dateOrigin: 'page-estimate',
      byline: { reporters: ['王金勇'], correspondents: [], authors: [], photographers: [] },
    } as unknown as Article;
    const news = newsEmbed('2020-03-18', [article], () => 'https://x.org/a', [], 'zh');
    expect(news.title).toBe('2020年3月18日的新闻（共1篇）');
    expect(news.description).toBe('• [开发区助力外向型经济发展](https://x.org/a) · 濮阳日报 · 约 2020年3月18日');
    const none = newsEmbed('2020-06-21', [], () => '', ['2020-06-20', '2020-06-19'], 'zh');
    expect(none).toMatchObject({
      title: '2020年6月21日没有文章',
      description: '有文章的日期包括：2020年6月20日、2020年6月19日',
    });
    const card = sourceEmbed(article, 'https://x.org/a', 'zh');
    expect(card.fields?.map((f) => f.name)).toEqual(['报纸', '日期', '作者', '来源']);
    expect(card.fields?.[3]?.value).toBe('[档案页面](https://x.org/a)');
    expect(card.fields?.[1]?.value).toBe('约 2020年3月18日（据同版其他文章估计）');
    expect(card.footer?.text).toBe('编号 abc');
    const stats: ArchiveStats = {
      articles: 42,
      chunks: 172,
      papers: ['濮阳日报', '焦作报纸（示范区版）'],
      firstDate: '2020-03-16',
      lastDate: '2021-04-14',
      undated: 0,
      mode: 'lexical',
      model: null,
      builtAt: '2026-12-01T18:00:00.000Z',
    };
    const about = aboutEmbed(stats, undefined, [], 'zh');
    expect(about.title).toBe('关于本新闻档案');
    expect(about.description).toContain('共**42**篇文章（172个段落），来自濮阳日报、焦作报纸（示范区版）。');
    expect(about.description).toContain('日期：2020年3月16日至2021年4月14日。');
    expect(renderStats(stats, 'zh')).toContain('共42篇文章（172个段落），来自濮阳日报、焦作报纸（示范区版）');
    expect(aboutEmbed(stats).description).toContain(
      '**42** articles (172 passages) from 濮阳日报, 焦作报纸（示范区版）.',
    );
  });
});
