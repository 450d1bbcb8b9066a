import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Article } from '../src/ingest/article.js';
import { metaFor, readManifest } from '../src/ingest/manifest.js';
import { articlesFromPage } from '../src/ingest/page.js';
import { toBlocks, toLines, verticalColumns } from '../src/ingest/page-lines.js';

// What a human reading of each sample page finds (docs/ingest.md has the page-by-page account): every item in page
// order, with the headline the page printed for it, or "derived" where it printed none (photo news, briefs).

const manifest = await readManifest('data/sample');
const page = (file: string): Article[] =>
  articlesFromPage(readFileSync(`data/sample/${file}`, 'utf8'), file, metaFor(manifest, file)).articles;
const P000 = '000_7fb74385c778d7a9.txt';
const P001 = '001_ee0f4ca5fc9aae66.txt';
const P002 = '002_f074eda1038c37b9.txt';
const P003 = '003_913128f7662c2e0b.txt';
const P004 = '004_6062cc997fbd3bd9.txt';

/** An item as read: its kind, and its headline, or where it printed none the start of its text. */
type Read = [kind: 'article' | 'photo', headline: string | { derived: string }];
const asRead = (a: Article): Read => [a.kind, a.titleOrigin === 'headline' ? a.title : { derived: a.text.slice(0, 6) }];

const READING: Record<string, Read[]> = {
  [P000]: [
    ['article', '全力开创优良营商环境建设新局面'],
    ['article', '“三大改造”助推区工业经济高质量发展'],
    ['article', '区组织人事劳动局 落实稳就业政策出实招'],
    ['article', { derived: '6月19日，' }],
    ['article', { derived: '“今天的‘学' }],
    ['article', '把好安全生产关 保持经济平稳运行 濮水办筹备组'],
    ['article', '多举措做好人口普查前期宣传工作'],
    ['photo', { derived: '今年以来，开' }],
    ['photo', { derived: '今年以来，开' }],
  ],
  [P001]: [
    ['article', '开发区召开复工复产工作推进会'],
    ['article', '开发区开展“四全”爱国卫生疫情防控专项行动'],
    ['article', '开发区助力外向型经济发展'],
    ['article', '濮阳市医药医疗器械产业园揭牌开园'],
    ['article', '恒丰电子：让更多“濮阳造”走出国门'],
    ['article', '团区委：复学路上不落下一个孩子'],
    ['article', '开发区大力做好医学隔离观察工作'],
    ['article', '雪汇食品：在发展中回馈社会'],
    ['photo', { derived: '开州路与濮范' }],
    ['photo', { derived: '连日来，开发' }],
  ],
  [P002]: [
    ['article', '凝心聚力谋发展 砥砺前行谱新篇——开发区召开二○一九年度总结暨二○二○年下半年工作动员大会'],
    ['article', '2020年第二批12个重点项目 集中开工'],
    ['article', '区纪工委 开展微党课活动'],
    ['article', '区水利局 多举措推进城乡供水一体化'],
    ['article', '幸福办筹备组牵手市中医医院 为群众送健康'],
    ['article', { derived: '近段时间以来' }],
    ['photo', { derived: '濮阳市益康餐' }],
    ['photo', { derived: '今年以来，开' }],
  ],
  [P003]: [
    ['article', '全市唯一——— 工业园区跻身全省制造业高质量发展综合评价试点'],
    ['article', '中央第五生态环境保护督察组向我市交办第七批群众举报件'],
    ['article', { derived: '近年来，我市' }],
    ['article', { derived: '近年来，我市' }],
    ['photo', '培育绿色产业 助推经济发展'],
    ['article', '全市国家卫生城市复审网格化管理第三组工作动员会召开'],
    ['article', '市领导到分包网格督导有关工作'],
    ['article', '市政府第99次常务会议召开'],
  ],
  [P004]: [
    ['article', '示范区召开优化营商环境暨推进“转变作风抓落实、优化环境促发展”活动常态长效会议'],
    ['article', '示范区开展环保攻坚扬尘污染防治督导活动'],
    ['article', '脚板+手指 你我齐努力 示范区全民共建美好家园掀高潮'],
    ['article', '示范区:“三个导向”持续优化营商环境'],
    ['photo', { derived: '昨日,厦工机' }],
    ['article', '示范区文明城市创建“一二三四”快步走'],
    ['article', '强党建 战疫情 善治理 促发展 示范区开展基层干部大比武'],
  ],
};

describe('every item of each sample page, with its own headline, as a reader finds them', () => {
  it.each(Object.keys(READING))('%s', (file) => {
    expect(page(file).map(asRead)).toEqual(READING[file]);
  });
});

describe('headlines: one per item, with kicker, subhead and group headline kept apart', () => {
  it('003: the photo story keeps its own headline, the article above keeps only its own', () => {
    const [first] = page(P003);
    expect(first!.headline).toEqual({ kicker: '全市唯一———', main: '工业园区跻身全省制造业高质量发展综合评价试点' });
    expect(page(P003).find((a) => a.text.startsWith('濮阳朗润'))!.headline).toEqual({
      main: '培育绿色产业 助推经济发展',
    });
  });

  it('003: a banner over two items is their group headline, not part of a title', () => {
    const grouped = page(P003).filter((a) => a.groupHeadline);
    expect(grouped.map((a) => [a.title, a.groupHeadline])).toEqual([
      ['全市国家卫生城市复审网格化管理第三组工作动员会召开', '巩固国家卫生城市 共建幸福美好家园'],
      ['市领导到分包网格督导有关工作', '巩固国家卫生城市 共建幸福美好家园'],
    ]);
    for (const a of page(P003)) expect(a.title).not.toMatch(/巩固|共建幸福/u);
  });

  it('002: the main headline and its subhead are told apart', () => {
    expect(page(P002)[0]!.headline).toEqual({
      main: '凝心聚力谋发展 砥砺前行谱新篇',
      subhead: '开发区召开二○一九年度总结暨二○二○年下半年工作动员大会',
    });
    expect(page(P002)[2]!.headline).toEqual({ kicker: '区纪工委', main: '开展微党课活动' });
  });

  it('no headline goes to two items, and no item has two', () => {
    for (const file of Object.keys(READING)) {
      const titles = page(file)
        .filter((a) => a.titleOrigin === 'headline')
        .map((a) => a.title);
      expect(new Set(titles).size).toBe(titles.length);
    }
  });
});

describe('fragments are not items', () => {
  it('002: the pull-quote box repeating the lead story is dropped', () => {
    const items = page(P002);
    expect(items.some((a) => a.text.startsWith('今年预期目标：'))).toBe(false);
    expect(items[0]!.text).toContain('今年预期目标是全区生产总值增速比全市高一个百分点并争取更好');
  });

  it.each([
    [P001, '恒丰电子：让更多“濮阳造”走出国门', '图为恒丰电子的员工在生产线上作业。', '王金勇'],
    [P002, '凝心聚力谋发展', '图为大会现场。', '边艺洲'],
  ])('%s: a caption beside an article belongs to it (%s)', (file, title, caption, photographer) => {
    const items = page(file);
    const article = items.find((a) => a.title.startsWith(title))!;
    expect(article.captions).toEqual([caption]);
    expect(article.text.endsWith(`\n${caption}`)).toBe(true);
    expect(article.byline.photographers).toContain(photographer);
    expect(items.filter((a) => a.text.startsWith(caption))).toEqual([]);
  });
});

describe('paragraphs as printed', () => {
  // "A line that the next line continues mid-sentence is not a subhead": these were cut by a false paragraph break.
  it.each([
    [P001, '大力开展爱国卫生宣传教育活动。'],
    [P001, '扎实开展城乡环境卫生整治和消毒消杀活动。'],
    [P003, '全省制造业高质量发展综合评价工作由省工信厅牵头开展'],
    [P003, '按照全市国家卫生城市复审指挥部统一安排'],
    [P003, '邵景良一行先后到开发区华安办、濮水办督导检查'],
  ])('%s: "%s" is one sentence', (file, sentence) => {
    expect(page(file).some((a) => a.text.includes(sentence))).toBe(true);
  });

  it('002: subheads set off in bold stay paragraphs of their own', () => {
    const lead = page(P002)[0]!;
    expect(lead.text).toContain('\n2019年及2020年上半年工作总结\n会议指出');
    expect(lead.text).toContain('\n2020年下半年重点工作\n一是切实加强常态化疫情防控');
  });

  // A short line that ends a sentence ends its paragraph, even with no blank line after it.
  it.each([
    [P000, '有序进行。\n加大检查督导力度。'],
    [P001, '任务双胜利。\n就加快推进复工复产工作'],
    [P001, '正式揭牌开园。\n今年年初以来'],
    [P001, '浓浓温情。\n冲锋在前“践初心”。'],
    [P001, '开始了一天的工作。\n“一个月能挣四千块钱。'],
    [P002, '保障工作顺利开展。\n此外，'],
    [P002, '博大精深。\n在义诊过程中'],
    [P003, '专刊刊发。\n在强化组织领导上亮实招。'],
  ])('%s: a paragraph break in "%s"', (file, text) => {
    expect(page(file).some((a) => a.text.includes(text))).toBe(true);
  });

  it("004: a page without extraction spacing keeps the paper's own spaces", () => {
    const slogan = page(P004).find((a) => a.title.startsWith('脚板+手指'))!;
    expect(slogan.text.startsWith('“脚板+手指 你我齐努力”全民参与')).toBe(true);
  });
});

describe('titles derived from the text are marked and whole', () => {
  it('12 items print no headline; their titles are marked derived and never leave a quote or bracket open', () => {
    const derived = Object.keys(READING).flatMap((f) => page(f).filter((a) => a.titleOrigin === 'first-sentence'));
    expect(derived).toHaveLength(12);
    for (const { title } of derived) {
      for (const [o, c] of ['“”', '‘’', '《》', '（）', '()'])
        expect(title.split(o!).length).toBe(title.split(c!).length);
      expect(Array.from(title.replace(/…$/u, '')).length).toBeLessThanOrEqual(40);
    }
    expect(page(P000)[4]!.title).toBe('“今天的‘学习强国’你学完了吗？”');
  });
});

describe('dates', () => {
  it('says whether the date came from the dateline or the body', () => {
    expect(page(P000)[0]).toMatchObject({
      date: '2020-06-19',
      dateOrigin: 'latest-event-date',
      yearSource: 'page',
      dateEvidence: { text: '6月19日', where: 'dateline' },
    });
    expect(page(P001)[1]).toMatchObject({ date: '2020-03-19', dateEvidence: { where: 'body' } });
    expect(page(P004)[2]).toMatchObject({ date: '2020-04-24', dateEvidence: { text: '4月24日至30日', where: 'body' } });
  });

  it.each([
    [P000, '2020-06-20', 4],
    [P001, '2020-03-20', 1],
    [P002, '2020-07-05', 1],
    [P003, '2021-04-14', 2],
    [P004, '2020-04-29', 4],
  ])('%s: undated items get the issue date the page points to, marked as an estimate', (file, date, n) => {
    const estimated = page(file).filter((a) => a.dateOrigin === 'page-estimate');
    expect(estimated).toHaveLength(n);
    for (const a of estimated) expect([a.date, a.dateEvidence]).toEqual([date, undefined]);
    expect(page(file).every((a) => a.date !== undefined)).toBe(true);
  });

  it('the operator-supplied year is said to be so', () => {
    expect(page(P001)[0]).toMatchObject({ date: '2020-03-16', yearSource: 'operator' });
  });
});

describe('page structure', () => {
  it('reassembles a vertical one-character-per-line headline into one block, split into its columns', () => {
    const blocks = toBlocks(toLines('区\n组\n织\n人\n事\n\n劳\n\n动\n\n局\n\n落\n实\n稳\n就\n业\n'));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.vertical).toBe(true);
    expect(blocks[0]!.columns).toEqual(['区组织人事劳动局', '落实稳就业']);
  });

  it.each([
    [['凝心聚力谋发展', '砥砺前行谱新篇', '开发区召开二○', '一九年度总结暨二○', '二○', '年下半年工作动员大会'], 3],
    [['雪汇食品：', '在发展中回馈社会'], 2],
    [['区组织人事', '劳', '动', '局', '落实稳就业政策出实招'], 2],
  ])('vertical columns: a blank line splits them only where both sides stand alone (%j)', (pieces, n) => {
    expect(verticalColumns(pieces)).toHaveLength(n);
  });

  it('keeps photo news as their own items, credits as photographers', () => {
    const photos = page(P000).filter((a) => a.kind === 'photo');
    expect(photos).toHaveLength(2);
    expect(photos[1]!.text).toBe(
      '今年以来，开发区着力优化发展环境，确保辖区企业生产经营平稳运行。图为6月20日，雪汇食品公司正在开足马力生产。',
    );
    expect(photos[1]!.byline.photographers).toEqual(['王金勇', '刘涛']);
  });

  it('rejoins a caption wrapped around its photo', () => {
    const caption = page(P001).find((a) => a.text.startsWith('开州路'))!;
    expect(caption.kind).toBe('photo');
    expect(caption.text.startsWith('开州路与濮范高速互通立交项目位于濮范高速与开州路交叉处')).toBe(true);
  });

  it('drops page furniture and keeps bylines out of the text', () => {
    for (const file of [P000, P001, P002, P003]) {
      for (const a of page(file)) {
        expect(a.text).not.toMatch(/KAIFAQU|■|培育和践行社会主义核心价值观|本报讯|（记者|通讯员|\ufffd/u);
        expect(a.text).not.toMatch(/\p{sc=Han} \p{sc=Han}/u);
      }
    }
  });

  it('takes the trailing byline of the first article on page 000', () => {
    const first = page(P000)[0]!;
    expect(first.byline.authors).toEqual(['姜森']);
    expect(first.text.endsWith('等4个文件。')).toBe(true);
  });

  it('joins a line the layout wrapped mid-word, not as a headline', () => {
    const census = page(P000).find((a) => a.title === '多举措做好人口普查前期宣传工作')!;
    expect(census.text).toContain('围绕做好人口普查前期宣传工作，开发区统计局成立了第七次全国人口普查宣传服务组');
  });

  it('gives the same ids on every run and records the source range', () => {
    const a = page(P001);
    const b = page(P001);
    expect(a.map((x) => x.id)).toEqual(b.map((x) => x.id));
    expect(new Set(a.map((x) => x.id)).size).toBe(a.length);
    const raw = readFileSync(`data/sample/${P001}`, 'utf8');
    const first = a[0]!;
    expect(raw.slice(first.range!.start, first.range!.end)).toContain('开发区召开复工复产');
  });
});
