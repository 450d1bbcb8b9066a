import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIndex } from '../src/index/store.js';
import { Archive } from '../src/search/archive.js';
import { linkBuilder } from '../src/search/links.js';
import { buildTestIndex, tempDir, testEmbedder } from './support/fixtures.js';

// Each failure pattern of issue 12, reproduced on the sample archive or a small feed fixture: readers' list, date
// and overview questions, question words left as content, quotes that match the words but do not answer, chatter,
// the best answer not first, and the wrong year or event.

const NOW = new Date('2026-11-30T12:00:00Z');
let sample: Archive;
let feed: Archive;

/** Encyclopaedia- and news-style articles whose answers sit in the sentence after the one naming the subject. */
const FEED = [
  {
    id: 'fish',
    title: '溪银汉鱼',
    source: '百科',
    text: '溪银汉鱼为银汉鱼科的其中一种，是溪银汉鱼属下的唯一一种。本鱼分布于东南亚的淡水流域。体长可达10公分，栖息在溪流的中上层。',
  },
  {
    id: 'visit',
    title: '外长访华',
    source: '通讯社',
    text: '某国外长此次访华受到广泛关注。双方就访华安排进行了多轮磋商。外长于2019年3月12日抵达北京，开始为期三天的访问。',
  },
  {
    id: 'water',
    title: '城乡供水一体化工程加紧建设',
    date: '2020-07-03',
    source: '日报',
    text: '7月3日，说起正在推进的城乡供水一体化工程，东村居民王琦高兴地说，盼着早日喝上丹江水。为确保农村人口与城市居民一样能喝上清澈甘甜的丹江水，工程正在加紧建设。',
  },
  {
    id: 'zone-meeting',
    title: '开发区召开复工复产推进会',
    date: '2023-03-16',
    source: '日报',
    text: '3月16日，开发区召开复工复产工作推进会，安排部署下一步工作。会议要求，各部门要精准服务企业。',
  },
  {
    id: 'city-meeting',
    title: '全市卫生城市复审第三组动员会召开',
    date: '2023-04-14',
    source: '日报',
    text: '4月14日，濮阳市卫生城市复审第三组工作动员会召开，开发区、华龙区有关负责人参加会议。会议要求，各成员单位要压实责任。',
  },
  {
    id: 'cup-2022',
    title: '2022年全市男足联赛落幕',
    date: '2022-10-09',
    source: '体育报',
    text: '2022年全市男足联赛10月9日落幕，东城队夺得冠军。本届联赛共有12支球队参赛。',
  },
  {
    id: 'cup-2023',
    title: '2023年全市男足联赛落幕',
    date: '2023-10-15',
    source: '体育报',
    text: '2023年全市男足联赛10月15日落幕，西城队夺得冠军。本届联赛共有14支球队参赛。',
  },
  {
    id: 'basket-2023',
    title: '2023年全市男篮联赛落幕',
    date: '2023-10-20',
    source: '体育报',
    text: '2023年全市男篮联赛10月20日落幕，南城队夺得冠军。本届联赛共有10支球队参赛。',
  },
];

beforeAll(async () => {
  const link = linkBuilder('https://news.example.org');
  sample = new Archive(loadIndex((await buildTestIndex({})).indexDir), undefined, link);
  const corpus = tempDir('feed');
  writeFileSync(join(corpus, 'feed.jsonl'), `${FEED.map((x) => JSON.stringify(x)).join('\n')}\n`);
  feed = new Archive(loadIndex((await buildTestIndex({ corpusDir: corpus })).indexDir), undefined, link);
});

const articleOf = (a: Archive, id: string) => a.article(id)!;
const titles = (a: Archive, ids: string[]) => ids.map((id) => articleOf(a, id).title);

describe('reader questions: lists, dates, overviews', () => {
  it('"6月19日开发区有什么新闻？" lists the articles of that day, with the period it searched', async () => {
    const a = await sample.ask('6月19日开发区有什么新闻？', { now: NOW });
    expect(a).toMatchObject({ intent: 'list', answered: true, period: { said: '6月19日', from: '--06-19' } });
    expect(a.quotes.length).toBeGreaterThan(1);
    for (const q of a.quotes) expect(q.date).toBe('2020-06-19');
  });

  it('"最近示范区有什么动静？" lists the newest 示范区 articles, newest first, and says how new they are', async () => {
    const a = await sample.ask('最近示范区有什么动静？', { now: NOW });
    expect(a).toMatchObject({ intent: 'list', answered: true, period: { latest: true } });
    for (const q of a.quotes) expect(q.source).toBe('焦作报纸（示范区版）');
    // Newest first; articles whose date the ingest only estimated from the page come after the dated ones.
    const printed = a.quotes.filter((q) => q.dateOrigin !== 'page-estimate');
    const estimated = a.quotes.filter((q) => q.dateOrigin === 'page-estimate');
    expect([...printed, ...estimated]).toEqual(a.quotes);
    for (const group of [printed, estimated]) {
      const dates = group.map((q) => q.date ?? '');
      expect([...dates].sort().reverse()).toEqual(dates);
    }
    expect(a.period!.to).toBe('2021-04-14');
  });

  it('"7月份开发区都有哪些活动？" lists 开发区 articles of July, none of 示范区', async () => {
    const a = await sample.ask('7月份开发区都有哪些活动？', { now: NOW });
    expect(a.intent).toBe('list');
    expect(a.quotes.length).toBeGreaterThan(2);
    for (const q of [...a.quotes, ...a.hits]) {
      expect(q.date!.slice(5, 7)).toBe('07');
      expect(q.source).toBe('濮阳日报');
    }
  });

  it('"示范区环保方面最近做了什么？" finds the 环保攻坚 article', async () => {
    const a = await sample.ask('示范区环保方面最近做了什么？', { now: NOW });
    expect(a.quotes.map((q) => q.title)).toContain('示范区开展环保攻坚扬尘污染防治督导活动');
  });

  it('a period relative to today that holds nothing says so and what the archive covers', async () => {
    const a = await sample.ask('上周开发区有什么新闻？', { now: NOW });
    expect(a).toMatchObject({
      answered: false,
      quotes: [],
      period: { said: '上周', from: '2026-11-23', relative: true },
    });
    expect(a.notes).toEqual([
      {
        code: 'period-empty',
        said: '上周',
        range: { from: '2026-11-23', to: '2026-11-29' },
        archive: { oldest: '2020-03-16', newest: '2021-04-14' },
      },
    ]);
    expect(a.closest.length).toBeGreaterThan(0);
  });

  it.each([
    ['今天有什么新闻？', '今天', '2026-11-30'],
    ['去年有什么新闻？', '去年', '2025-01-01'],
  ])('%s is the reader’s day or year: articles of 2020 that say “%s” are not in it', async (q, said, from) => {
    const a = await sample.ask(q, { now: NOW });
    expect(a).toMatchObject({ answered: false, quotes: [], period: { said, from, relative: true } });
    expect(a.notes).toEqual([expect.objectContaining({ code: 'period-empty', said })]);
  });

  it('a list about a district is of the district’s own news, not the city’s that name it among others', async () => {
    const a = await feed.ask('开发区最近开了哪些会？', { now: NOW });
    expect(a.intent).toBe('list');
    const ids = a.quotes.map((q) => q.articleId);
    expect(ids).toContain('zone-meeting');
    expect(ids).not.toContain('city-meeting');
  });

  it('an overview gives the top article’s lead and its most relevant sentences', async () => {
    const a = await sample.ask('市政府第99次常务会议讲了什么？', { now: NOW });
    expect(a.intent).toBe('overview');
    expect(a.quotes.length).toBeGreaterThan(1);
    expect(new Set(a.quotes.map((q) => q.title))).toEqual(new Set(['市政府第99次常务会议召开']));
    expect(a.quotes[0]!.text.startsWith('4月14日，市长杨青玖主持召开')).toBe(true);
  });
});

describe('the answer marked is the one the question’s words lead into', () => {
  // "今年前五个月开发区实现进出口总额57650万元，其中出口额实现40052万元、进口额实现17598万元": three sums of one unit
  it.each([
    ['进口额是多少？', '17598万元'],
    ['出口额多少', '40052万元'],
    ['开发区前五个月进出口总额是多少？', '57650万元'],
  ])('%s → %s', async (q, answer) => {
    const a = await sample.ask(q, { now: NOW });
    const marked = a.quotes.find((x) => x.mark)!;
    expect(marked.text.slice(marked.mark!.start, marked.mark!.end)).toBe(answer);
  });
});

describe('question words are not content', () => {
  it.each([
    ['谁主持召开了市政府第99次常务会议？', '杨青玖'],
    ['誰主持召開了市政府第99次常務會議？', '杨青玖'],
    ['雪匯食品公司什麼時候正式復工？', '2月24日'],
    ['雪汇食品公司啥时候复工的？', '2月24日'],
  ])('%s is answered with %s, marked', async (q, answer) => {
    const a = await sample.ask(q, { now: NOW });
    expect(a.answered).toBe(true);
    const first = a.quotes[0]!;
    expect(first.text.slice(first.mark!.start, first.mark!.end)).toBe(answer);
  });
});

describe('the quote answers the question, not only its words', () => {
  it('"X的体长是多少" quotes the sentence with the length, after the one that names X', async () => {
    const a = await feed.ask('溪银汉鱼的体长是多少？');
    expect(a.answered).toBe(true);
    const q = a.quotes[0]!;
    expect(q.text).toContain('10公分');
    expect(q.text.slice(q.mark!.start, q.mark!.end)).toBe('10公分');
  });

  it('"X访华时间" quotes the sentence with the date, not one with the word 访华', async () => {
    const a = await feed.ask('外长访华时间');
    expect(a.answerType).toBe('time');
    expect(a.quotes[0]!.text).toContain('2019年3月12日');
  });

  it('"X什么时候能…" is not answered by a sentence with no date, nor by the report\'s own dateline', async () => {
    const a = await feed.ask('东村什么时候能喝上丹江水？');
    expect(a.answerType).toBe('time');
    expect(a.answered).toBe(false);
    expect(a.quotes).toEqual([]);
  });

  it('"开发区选派了多少名首席服务员？" leads with 开发区’s 47名, not a city-wide figure or one without a number', async () => {
    const a = await sample.ask('开发区选派了多少名首席服务员？');
    const q = a.quotes[0]!;
    expect(q.text.slice(q.mark!.start, q.mark!.end)).toBe('47名');
    expect(a.quotes.some((x) => x.text.includes('747名'))).toBe(false);
  });

  it('"濮阳市选派了多少名首席服务员？" is the city’s 747, not the district’s 47', async () => {
    const a = await sample.ask('濮阳市选派了多少名首席服务员？');
    expect(a.quotes[0]!.text).toContain('747名');
  });
  it.each([
    // the complaints are only counted per county; the firms only named in a list; the problems only counted
    '第七批举报件中华龙区那件举报的是什么问题？',
    '清丰县那件举报件举报的是什么内容？',
    '龙德洋是生产什么产品的企业？',
    '督导检查交办的那264个问题主要是什么问题？',
    '开发区发出的爱国卫生倡议书写了些什么？',
  ])('"%s" is not answered by a sentence that only lists or counts what it asks about', async (question) => {
    const a = await sample.ask(question);
    expect(a.answered).toBe(false);
    expect(a.quotes).toEqual([]);
  });

  it('a what-question is still answered by the sentence that says it', async () => {
    const a = await sample.ask('“两断三清”里的“两断”指的是什么？');
    expect(a.answered).toBe(true);
    expect(a.quotes.map((q) => q.text).join('')).toContain('断水、断电');
  });
});

describe('chatter gets nothing, questions are never silenced', () => {
  it.each(['好的', '谢谢', '收到', '哈哈', '👍', 'thanks', '为开发区点赞👍'])('%s: no quote, no hit', async (text) => {
    const a = await sample.ask(text);
    expect(a).toMatchObject({ intent: 'chatter', answered: false, confidence: 0, quotes: [], hits: [] });
  });

  it('thanks or a greeting around a question are not searched as its words', async () => {
    const a = await sample.ask('谢谢！那开发区给多少家外资企业派了首席服务员？');
    expect(a.intent).toBe('factoid');
    expect(a.quotes[0]!.text).toContain('16家');
    const b = await sample.ask('在吗？雪汇食品公司是哪天复工的');
    expect(b.quotes[0]!.text).toContain('2月24日');
  });

  it('a lone name the archive does not hold is someone addressed; one it holds is a search', async () => {
    expect((await sample.ask('张三')).intent).toBe('chatter');
    expect((await sample.ask('谢佳盼')).intent).not.toBe('chatter');
  });
});

describe('the right year and event', () => {
  it('a question naming 2023 prefers the 2023 edition', async () => {
    const a = await feed.ask('2023年全市男足联赛哪支球队夺得冠军？');
    expect(a.answered).toBe(true);
    expect(titles(feed, [a.quotes[0]!.articleId])).toEqual(['2023年全市男足联赛落幕']);
    expect(a.period).toMatchObject({ said: '2023年', from: '2023-01-01' });
  });

  it('a question about 男足 is not answered from 男篮', async () => {
    const a = await feed.ask('2023年男足联赛有多少支球队参赛？');
    expect(a.quotes[0]!.text).toContain('14支');
  });

  it('a question about a relative year the archive has nothing of is not answered from another year', async () => {
    const a = await sample.ask('開發區的進出口總額去年是多少？', { now: NOW });
    expect(a.answered).toBe(false);
    expect(a.notes).toEqual([expect.objectContaining({ code: 'outside-period', said: '去年' })]);
  });
});

describe('follow-ups', () => {
  it('one that only changes the time asks the earlier question again for that time', async () => {
    const first = await sample.ask('6月19日开发区有什么新闻？', { now: NOW });
    const context = { question: first.question, articleIds: first.quotes.map((q) => q.articleId) };
    const a = await sample.ask('7月1日呢？', { now: NOW, context });
    expect(a).toMatchObject({ intent: 'list', answered: true, period: { said: '7月1日' } });
    for (const q of a.quotes) expect(q.date).toBe('2020-07-01');
  });

  it('one that asks something else asks it of the earlier subject', async () => {
    const first = await sample.ask('雪汇食品公司总经理是谁？', { now: NOW });
    const context = { question: first.question, articleIds: first.quotes.map((q) => q.articleId) };
    const a = await sample.ask('他们什么时候复工的？', { now: NOW, context });
    expect(a.answerType).toBe('time');
    expect(a.quotes[0]!.text).toContain('2月24日');
  });
});

describe('dense similarity as evidence is a setting, never a default of the test model', () => {
  it('answers a question sharing no words only when the threshold is set', async () => {
    const e = await testEmbedder();
    const data = loadIndex((await buildTestIndex({ embedder: e })).indexDir);
    const link = linkBuilder('https://news.example.org');
    const q = 'What did the paper say about the new industrial park?';
    expect((await new Archive(data, e, link).ask(q)).answered).toBe(false);
    const open = new Archive(data, e, link, undefined, { denseSimilarity: 0 });
    const a = await open.ask(q);
    expect(a.answered).toBe(true);
    expect(open.article(a.quotes[0]!.articleId)!.text).toContain(a.quotes[0]!.text);
  });
});

describe('generalising: the question’s time, names and claims must be the quote’s', () => {
  it.each([
    ['2019年开发区市级技术改造项目完成了多少投资？', 'a year the article is not of (2020)'],
    ['2022年市政府第99次常务会议是谁主持的？', 'a year the article is not of (2021)'],
    ['南乐县派了多少名正科级干部到企业当首席服务员？', 'a county the article never names (the 47名 are 开发区’s)'],
    ['台前县今年第一季度工业增加值增长了多少？', 'a county the 示范区 article never names'],
    ['开发区有多少人口？', 'a figure the census article does not give (第七次 is an ordinal)'],
    ['习近平来濮阳了吗？', 'a visit no article reports (only his thought is named)'],
  ])('%s is not answered: %s', async (q) => {
    const a = await sample.ask(q, { now: NOW });
    expect(a.answered).toBe(false);
    expect(a.quotes).toEqual([]);
  });

  it.each([
    ['谁是邵平', '管委会主任'],
    ['杨青玖是谁', '市长'],
    ['邵景良是谁？', '市人大常委会主任'],
    ['濮阳市长是谁', '杨青玖'],
  ])('%s is answered, the mark on %s', async (q, answer) => {
    const a = await sample.ask(q, { now: NOW });
    expect(a.answered).toBe(true);
    const marked = a.quotes[0]!;
    expect(marked.text.slice(marked.mark!.start, marked.mark!.end)).toContain(answer);
  });

  it('"邵景良到开发区督导了吗？" is answered by the sentence with the act', async () => {
    const a = await sample.ask('邵景良到开发区督导了吗？', { now: NOW });
    expect(a.answered).toBe(true);
    expect(a.quotes[0]!.text).toContain('到开发区华安办');
  });

  it('"好的谢谢，那恒丰电子呢" is searched for 恒丰电子; with a conversation it asks the earlier question of it', async () => {
    const alone = await sample.ask('好的谢谢，那恒丰电子呢', { now: NOW });
    expect(alone.intent).not.toBe('chatter');
    expect(alone.quotes[0]!.text).toContain('恒丰电子');
    const after = await sample.ask('那恒丰电子呢？', {
      now: NOW,
      context: { question: '雪汇食品的老总是谁？', articleIds: [] },
    });
    expect(after.asks).toBe('who');
    const q = after.quotes[0]!;
    expect(q.text.slice(q.mark!.start, q.mark!.end)).toBe('武庆新');
  });
});

describe('generalising: another firm, another quarter, a remark', () => {
  it.each([
    ['雪汇食品申请了多少项专利？', 'the 14项 are 恒丰电子’s; 雪汇 is a brand jieba does not know'],
    ['农业银行给雪汇食品授信了多少？', 'the 600万元 are 邮储银行’s; 农业银行 is in no article'],
    ['开发区第二季度产业集聚区考核排第几？', 'the 第一名 is of 第一季度'],
  ])('%s is not answered: %s', async (q) => {
    expect((await sample.ask(q, { now: NOW })).answered).toBe(false);
  });

  it.each(['我也是濮阳人', '我是新来的', '明天再来问你', '好的我去看看', '你真聪明', '稍等一下', '测试'])(
    '"%s" is chatter',
    async (q) => {
      expect((await sample.ask(q, { now: NOW })).intent).toBe('chatter');
    },
  );

  it.each(['我市营商环境', '我想知道恒丰电子的情况', '邮储银行给雪汇食品授信了多少？'])(
    '"%s" is searched',
    async (q) => {
      const a = await sample.ask(q, { now: NOW });
      expect(a.intent).not.toBe('chatter');
    },
  );
});

// Round six's traps (a fresh reader's set): every word of each question stands in a sample article, the fact asked
// does not; each has an answerable near-miss of the same shape.
describe('generalising: members only counted, a rank of another figure, a total, a plan, a kind not named', () => {
  it.each([
    ['i濮阳实现秒批的15个政务服务事项分别是什么', 'the page counts them ("15个政务服务事项实现秒批")'],
    ['17个专项小组分别叫什么', 'the page names three of them ("…等17个专项小组")'],
    ['中央督察组一共交办了多少件群众举报', 'the page gives one batch (第七批3个)'],
    ['工業園區企業利潤增長在全省排第幾？', 'the 第22 ranks the tax per mu'],
    ['47家企业里有没有恒丰电子', 'the 47家 are never named'],
    ['上海交大思源锻造铝轮毂项目签约了吗', 'only planned ("尽早签约落地")'],
    ['丹江水进农村工程什么時候通水', 'no opening date; 供水 is not 通水'],
    ['国家卫生城市复审网格化管理第二组负责哪些办事处', 'the page tells of the third group'],
    ['学习强国挑战答题比赛谁拿了第一', 'the winners are not named'],
    ['谢佳盼在哪所大學讀書？', 'no university is named, only 大学生'],
  ])('%s is not answered: %s', async (q) => {
    expect((await sample.ask(q, { now: NOW })).answered).toBe(false);
  });

  it.each([
    ['工业园区亩均工业税收在全省排第几', '第22'],
    ['第七批交办了多少个群众举报件', '3个'],
    ['王琦是哪个村的', '王助东村'],
  ])('%s is answered (%s)', async (q, want) => {
    const a = await sample.ask(q, { now: NOW });
    expect(a.answered).toBe(true);
    expect(a.quotes[0]!.text.replace(/\s+/gu, '')).toContain(want);
  });
});
