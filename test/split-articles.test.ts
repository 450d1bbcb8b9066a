import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Article } from '../src/ingest/article.js';
import { metaFor, readManifest } from '../src/ingest/manifest.js';
import { articlesFromPage } from '../src/ingest/page.js';
import { toBlocks, toLines } from '../src/ingest/split-articles.js';

const manifest = await readManifest('data/sample');
const page = (file: string): Article[] =>
  articlesFromPage(readFileSync(`data/sample/${file}`, 'utf8'), file, metaFor(manifest, file)).articles;
const titles = (file: string): string[] =>
  page(file)
    .filter((a) => a.kind === 'article')
    .map((a) => a.title);

// Titles verified by reading each page: every headline printed on the page, attached to the article it summarises,
// whether the page set it before the article, after it, or gathered at the page's end.
describe('articles and their headlines on each sample page', () => {
  it('000: headlines printed after their articles, a vertical headline, headlines gathered at the end', () => {
    expect(titles('000_7fb74385c778d7a9.txt')).toEqual([
      '全力开创优良营商环境建设新局面',
      '“三大改造”助推区工业经济高质量发展',
      '区组织人事劳动局落实稳就业政策出实招',
      '6月19日，记者从开发区外联局获悉，今年前五个月开发区实现进出口总额57650万…',
      '“今天的‘学习强国’你学完了吗',
      '把好安全生产关 保持经济平稳运行 濮水办筹备组',
      '多举措做好人口普查前期宣传工作',
    ]);
  });

  it('001: doubled bold headline, vertical headline, headlines at the page end', () => {
    expect(titles('001_ee0f4ca5fc9aae66.txt')).toEqual([
      '开发区召开复工复产工作推进会',
      '开发区开展“四全”爱国卫生疫情防控专项行动',
      '开发区助力外向型经济发展',
      '濮阳市医药医疗器械产业园揭牌开园',
      '恒丰电子：让更多“濮阳造”走出国门',
      '团区委：复学路上不落下一个孩子',
      '开发区大力做好医学隔离观察工作',
      '雪汇食品：在发展中回馈社会',
    ]);
  });

  it('002: a vertical headline with ○ and subheads kept inside the article', () => {
    const articles = page('002_f074eda1038c37b9.txt');
    expect(articles[0]!.title).toBe(
      '凝心聚力谋发展砥砺前行谱新篇开发区召开二○一九年度总结暨二○二○年下半年工作动员大会',
    );
    expect(articles[0]!.text).toContain('\n2019年及2020年上半年工作总结\n会议指出');
    expect(articles[0]!.text).toContain('\n2020年下半年重点工作\n一是切实加强常态化疫情防控');
    expect(titles('002_f074eda1038c37b9.txt').slice(1, 5)).toEqual([
      '2020年第二批12个重点项目 集中开工',
      '区纪工委 开展微党课活动',
      '区水利局 多举措推进城乡供水一体化',
      '幸福办筹备组牵手市中医医院 为群众送健康',
    ]);
  });

  it('003: a kicker read before its headline, an article with no 本报讯', () => {
    const t = titles('003_913128f7662c2e0b.txt');
    expect(t[0]).toMatch(/^全市唯一——— 工业园区跻身全省制造业高质量发展综合评价试点/u);
    expect(t).toContain('中央第五生态环境保护督察组向我市交办第七批群众举报件');
    expect(t).toContain('全市国家卫生城市复审网格化管理第三组工作动员会召开');
    expect(t).toContain('市政府第99次常务会议召开');
  });

  it('004: half-width punctuation, long lines, headlines before articles, a feature byline', () => {
    const articles = page('004_6062cc997fbd3bd9.txt');
    expect(articles.filter((a) => a.kind === 'article').map((a) => a.title)).toEqual([
      '示范区召开优化营商环境暨推进“转变作风抓落实、优化环境促发展”活动常态长效会议',
      '示范区开展环保攻坚扬尘污染防治督导活动',
      '脚板+手指 你我齐努力 示范区全民共建美好家园掀高潮',
      '示范区:“三个导向”持续优化营商环境',
      '示范区文明城市创建“一二三四”快步走',
      '强党建 战疫情 善治理 促发展 示范区开展基层干部大比武',
    ]);
    const feature = articles.find((a) => a.title.startsWith('示范区:'))!;
    expect(feature.byline.reporters).toEqual(['郭树勋']);
    expect(feature.text.startsWith('营商环境是一个地区综合竞争力')).toBe(true);
  });
});

describe('page structure', () => {
  it('reassembles a vertical one-character-per-line headline into one block', () => {
    const raw = '区\n组\n织\n人\n事\n\n劳\n\n动\n\n局\n';
    const blocks = toBlocks(toLines(raw));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.vertical).toBe(true);
    expect(blocks[0]!.lines[0]!.text).toBe('区组织人事劳动局');
  });

  it('keeps photo captions as their own short items, credits as photographers', () => {
    const photos = page('000_7fb74385c778d7a9.txt').filter((a) => a.kind === 'photo');
    expect(photos).toHaveLength(2);
    expect(photos[1]!.text).toBe(
      '今年以来，开发区着力优化发展环境，确保辖区企业生产经营平稳运行。图为6月20日，雪汇食品公司正在开足马力生产。',
    );
    expect(photos[1]!.byline.photographers).toEqual(['王金勇', '刘涛']);
  });

  it('rejoins a caption wrapped around its photo', () => {
    const caption = page('001_ee0f4ca5fc9aae66.txt').find((a) => a.text.startsWith('开州路'))!;
    expect(caption.kind).toBe('photo');
    expect(caption.text.startsWith('开州路与濮范高速互通立交项目位于濮范高速与开州路交叉处')).toBe(true);
  });

  it('drops page furniture and keeps bylines out of the text', () => {
    for (const file of [
      '000_7fb74385c778d7a9.txt',
      '001_ee0f4ca5fc9aae66.txt',
      '002_f074eda1038c37b9.txt',
      '003_913128f7662c2e0b.txt',
    ]) {
      for (const a of page(file)) {
        expect(a.text).not.toMatch(/KAIFAQU|■|培育和践行社会主义核心价值观|本报讯|（记者|通讯员|\ufffd/u);
        expect(a.text).not.toMatch(/\p{sc=Han} \p{sc=Han}/u);
      }
    }
  });

  it('takes the trailing byline of the first article on page 000', () => {
    const first = page('000_7fb74385c778d7a9.txt')[0]!;
    expect(first.byline.authors).toEqual(['姜森']);
    expect(first.text.endsWith('等4个文件。')).toBe(true);
  });

  it('joins a line the layout wrapped mid-word, not as a headline', () => {
    const census = page('000_7fb74385c778d7a9.txt').find((a) => a.title === '多举措做好人口普查前期宣传工作')!;
    expect(census.text).toContain('围绕做好人口普查前期宣传工作，开发区统计局成立了第七次全国人口普查宣传服务组');
  });

  it('dates articles from the year the page states, or the operator-supplied year, and says which', () => {
    const a000 = page('000_7fb74385c778d7a9.txt')[0]!;
    expect(a000).toMatchObject({ date: '2020-06-19', dateOrigin: 'latest-event-date', yearSource: 'page' });
    const a001 = page('001_ee0f4ca5fc9aae66.txt')[0]!;
    expect(a001).toMatchObject({ date: '2020-03-16', yearSource: 'operator' });
    const a003 = page('003_913128f7662c2e0b.txt').find((a) => a.title.startsWith('中央第五'))!;
    expect(a003.date).toBe('2021-04-14');
  });

  it('gives the same ids on every run and records the source range', () => {
    const a = page('001_ee0f4ca5fc9aae66.txt');
    const b = page('001_ee0f4ca5fc9aae66.txt');
    expect(a.map((x) => x.id)).toEqual(b.map((x) => x.id));
    expect(new Set(a.map((x) => x.id)).size).toBe(a.length);
    const raw = readFileSync('data/sample/001_ee0f4ca5fc9aae66.txt', 'utf8');
    const first = a[0]!;
    expect(raw.slice(first.range!.start, first.range!.end)).toContain('开发区召开复工复产');
  });
});
