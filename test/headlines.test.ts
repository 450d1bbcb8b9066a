import { describe, expect, it } from 'vitest';
import { assignUnits, type HeadlineUnit } from '../src/ingest/headlines.js';
import { articlesFromPage } from '../src/ingest/page.js';

// A made-up page in the sample pages' manner (not their text): headlines gathered at the page's end, one of them a
// banner over two stories, another sharing most of its words with the wrong story.
const PAGE = `本报讯 （记者 甲乙） 5 月 6 日，东城区召开绿色工厂建设推进会，部署绿色制造和产业升级工作。
会议要求，培育绿色产业，推动经济发展，加快建设绿色工厂。

本报讯 （记者 丙丁） 5 月 6 日，东城区开展文明城市创建督导，检查背街小巷环境卫生。
督导组要求，巩固文明城市创建成果，整改环境卫生问题。

又讯 （记者 丙丁） 5 月 7 日，东城区召开文明城市创建推进会，安排志愿服务工作。
会议强调，要巩固文明城市创建成果，动员志愿者参与。

 新材料公司年产万吨助剂项目一期投产，产品供应周边企业，延伸绿色循环产业链。图为 5 月 5 日的生产车间。 张三 摄

东城区召开绿色工厂建设推进会

东城区开展文明城市创建督导

东城区召开文明城市创建推进会

巩固文明城市 共建美好家园

延伸产业链条 绿色循环发展
`;

describe('headline assignment on a page never seen', () => {
  const articles = articlesFromPage(PAGE, 'made-up.txt', { paper: '测试报' }).articles;

  it('gives every item at most one headline and each headline to one item', () => {
    expect(articles.map((a) => [a.kind, a.titleOrigin === 'headline' ? a.title : 'derived'])).toEqual([
      ['article', '东城区召开绿色工厂建设推进会'],
      ['article', '东城区开展文明城市创建督导'],
      ['article', '东城区召开文明城市创建推进会'],
      ['photo', '延伸产业链条 绿色循环发展'],
    ]);
  });

  it('keeps a banner over two stories as their group headline', () => {
    expect(articles.map((a) => a.groupHeadline)).toEqual([
      undefined,
      '巩固文明城市 共建美好家园',
      '巩固文明城市 共建美好家园',
      undefined,
    ]);
  });
});

describe('assignUnits: the best total, not the best first', () => {
  const unit = (text: string, start: number): HeadlineUnit => ({
    text,
    segments: [{ text, start, end: start + text.length, vertical: false, block: start, line: 0, run: 1 }],
  });
  const solve = (rows: number[][]) => {
    const units = rows.map((_, k) => unit(`h${k}`, k));
    return assignUnits(units, rows[0]!.length, (u) => rows[Number(u.text.slice(1))]!);
  };

  it('gives a headline its second-best item when its best has a better headline of its own', () => {
    // h0 fits item 0 best (0.9) but item 1 well (0.8); h1 fits only item 0 (0.85): greedy would leave h1 out.
    expect(
      solve([
        [0.9, 0.8],
        [0.85, 0],
      ]).headlineOf,
    ).toEqual([1, 0]);
  });

  it('leaves a headline that fits nothing as furniture, and one item never gets two', () => {
    const r = solve([
      [0.9, 0],
      [0.1, 0.1],
      [0.5, 0],
    ]);
    expect(r.headlineOf).toEqual([0, undefined]);
    expect(r.unplaced).toEqual([1, 2]);
  });

  it('makes a left-over headline spanning two neighbouring titled items their group headline', () => {
    const r = solve([
      [0.9, 0, 0],
      [0, 0.9, 0],
      [0.5, 0.45, 0.1],
    ]);
    expect(r.groupOf).toEqual([2, 2, undefined]);
  });
});
