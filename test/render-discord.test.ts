import { describe, expect, it } from 'vitest';
import type { Article } from '../src/ingest/article.js';
import {
  answerEmbed,
  cutAtSentence,
  embedSize,
  LIMITS,
  mdLink,
  newsEmbed,
  safeText,
  sourceEmbed,
} from '../src/render/discord.js';
import type { Answer } from '../src/search/archive.js';
import { answerOf } from './support/answer.js';

const isWellFormed = (s: string): boolean =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u.test(s);

const answer = answerOf;
const quote = (text: string, title = '标题', url = 'https://news.example.org/articles/abc#c0') => ({
  text,
  articleId: 'abc',
  chunkId: 'abc:0',
  title,
  date: '2020-06-19',
  source: '濮阳日报',
  url,
});

describe('cutAtSentence', () => {
  it.each([
    ['开发区召开会议。会议强调要落实责任。会后进行了检查。', 20, '开发区召开会议。会议强调要落实责任。…'],
    ['short', 10, 'short'],
    ['一二三四五六七八九十，一二三四五六七八九十', 15, '一二三四五六七八九十，…'],
  ])('%s (max %i)', (text, max, expected) => {
    const out = cutAtSentence(text, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });

  it('never splits a surrogate pair', () => {
    const text = '𠀀'.repeat(50);
    for (let max = 2; max < 40; max++) {
      const out = cutAtSentence(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(isWellFormed(out)).toBe(true);
    }
  });
});

describe('escaping and links', () => {
  it.each([
    ['**bold** _x_ @everyone > quote', '\\*\\*bold\\*\\* \\_x\\_ @\u200beveryone \\> quote'],
    ['据悉，[官方通知](http://evil.example/phish)显示', '据悉，\\[官方通知\\]\\(http\\://evil.example/phish\\)显示'],
    ['# 重要', '\\# 重要'],
    ['- 列表项', '\\- 列表项'],
    ['1. 第一条', '1\\. 第一条'],
    ['||剧透|| `代码`', '\\|\\|剧透\\|\\| \\`代码\\`'],
    ['<@555555555555555555> <#1> <t:1:R>', '\\<@\u200b555555555555555555\\> \\<\\#1\\> \\<t:1:R\\>'],
    ['开发区\u202e召开\n会议', '开发区召开 会议'],
    ['2020-06-19 濮阳日报', '2020-06-19 濮阳日报'],
  ])('safeText(%j) shows the text literally', (text, expected) => {
    expect(safeText(text)).toBe(expected);
  });
  it('keeps a link whole whatever the title and URL hold', () => {
    expect(mdLink('a [b] c', 'https://x.org/p(1) q')).toBe('[a \\[b\\] c](https://x.org/p%281%29%20q)');
  });
  it.each([['ftp://evil.example/f'], ['javascript:alert(1)'], ['mailto:a@b.c'], ['/relative'], ['']])(
    'a URL that is not http(s) (%j) is never a link',
    (url) => {
      expect(mdLink('标题', url)).toBe('标题');
    },
  );
});

describe('answer embeds stay within Discord limits for any content', () => {
  it('long quotes, long titles, many notes', () => {
    const long = '开发区大力推进智能化改造，逐步实施以设备换芯为重点的智能化改造。'.repeat(200);
    const e = answerEmbed(
      answer({
        question: '问'.repeat(3000),
        quotes: [quote(long, '题'.repeat(500)), quote(long), quote(long)],
        notes: Array.from({ length: 30 }, () => ({
          code: 'period-empty' as const,
          said: 'note '.repeat(100),
          range: { from: null, to: null },
          archive: null,
        })),
      }),
    );
    expect(e.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(e.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(embedSize(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
    // every kept quote still ends in its source line: nothing was cut through a link
    for (const block of e.description!.split('\n\n').filter((b) => b.startsWith('>')))
      expect(block).toMatch(/\n— \[[^\]]+\]\([^)]+\) · /u);
    expect(isWellFormed(e.description!)).toBe(true);
  });

  it('an unanswered question says so and lists the closest articles', () => {
    const e = answerEmbed(
      answer({
        answered: false,
        closest: [{ articleId: 'a', title: 'T', date: null, source: 'P', url: 'https://x.org/a' }],
      }),
    );
    expect(e.description).toMatch(/^The archive holds no clear answer/u);
    expect(e.description).toContain('[T](https://x.org/a) · P · undated');
  });

  it('a news list of hundreds of articles is cut between lines, with a count of the rest', () => {
    const articles = Array.from(
      { length: 400 },
      (_, i) =>
        ({
          id: `id${i}`,
          title: `第${i}篇文章的标题比较长一些`.repeat(3),
          source: '濮阳日报',
          kind: 'article',
        }) as Article,
    );
    const e = newsEmbed('2020-06-19', articles, (a) => `https://x.org/articles/${a.id}`, []);
    expect(e.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(e.description).toMatch(/…and \d+ more$/u);
  });

  it('a source card fits and says where an inferred date came from', () => {
    const a = {
      id: 'x',
      title: 'T'.repeat(400),
      text: '一'.repeat(5000),
      source: 'P',
      date: '2020-03-16',
      dateOrigin: 'latest-event-date',
      yearSource: 'operator',
      byline: { reporters: ['王金勇'], correspondents: [], authors: [], photographers: [] },
    } as unknown as Article;
    const e = sourceEmbed(a, 'https://x.org/articles/x');
    expect(embedSize(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(e.fields!.find((f) => f.name === 'Date')!.value).toMatch(
      /inferred from the text; year supplied by the operator/u,
    );
  });
});

describe('answers by intent', () => {
  const q = (text: string, over: Partial<Answer['quotes'][number]> = {}) => ({ ...quote(text), ...over });

  it('the answer inside a quote is bold, each part escaped on its own', () => {
    const e = answerEmbed(answer({ quotes: [q('选派*47名*正科级干部_派驻', { mark: { start: 2, end: 7 } })] }));
    expect(e.description).toContain('> 选派**\\*47名\\***正科级干部\\_派驻');
  });

  it('a mark the cut removed is not shown, and the quote stays whole markdown', () => {
    const long = `${'开发区大力推进智能化改造。'.repeat(60)}选派47名干部。`;
    const e = answerEmbed(answer({ quotes: [q(long, { mark: { start: long.length - 6, end: long.length - 3 } })] }));
    expect(e.description).not.toContain('**');
  });

  it('a list gives each article its date, linked title, paper and lead quote, and the period searched', () => {
    const e = answerEmbed(
      answer({
        intent: 'list',
        period: { said: '7月份', from: '--07-01', to: '--07-31', latest: false, relative: false, articles: 6 },
        quotes: [
          q('7月3日，说起开发区正在强力推进的城乡供水一体化工程', {
            title: '区水利局 多举措推进城乡供水一体化',
            date: '2020-07-03',
          }),
        ],
      }),
    );
    expect(e.description).toMatch(/^\*“7月份”: articles dated 07-01 to 07-31 of any year, newest first\.\*/u);
    expect(e.description).toContain(
      '**2020-07-03** · [区水利局 多举措推进城乡供水一体化](https://news.example.org/articles/abc#c0) · 濮阳日报\n> 7月3日',
    );
  });

  it('an overview quotes the lead and its relevant lines, then names the article once', () => {
    const e = answerEmbed(answer({ intent: 'overview', quotes: [q('导语。'), q('相关的一句。')] }));
    expect(e.description!.match(/— \[/gu)).toHaveLength(1);
    expect(e.description).toMatch(/^> 导语。\n> 相关的一句。\n— \[标题\]/u);
  });

  it('chatter gets a hint, not a quote', () => {
    expect(answerEmbed(answer({ intent: 'chatter', answered: false })).description).toMatch(/local news/u);
  });
});
