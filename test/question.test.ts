import { describe, expect, it } from 'vitest';
import { analyzeQuestion, followUp } from '../src/search/question.js';

// Question analysis on questions about the sample pages, each written in Simplified and in Traditional script: the
// two must read alike (the search text is Simplified), question words and particles must not stay in the content,
// and what a fact question is about (its focus, the numbers it states, the head of "哪所…") must be found.

const NOW = new Date('2026-11-30T12:00:00Z');
/** What must never be left in the content words (Simplified: the content is searched in Simplified script). */
const QUESTION_WORDS = /谁|哪|何|什么|啥|咋|几时|多少|吗|呢|请问/u;

interface Row {
  simplified: string;
  traditional: string;
  /** The words matched against the articles, without question words and particles. */
  content: string;
  asks: string | null;
  focus?: string[];
  numbers?: string[];
  head?: string | null;
  future?: boolean;
}

const ROWS: Row[] = [
  // 谁 / 誰 (page 004: 市长杨青玖主持召开市政府第99次常务会议)
  {
    simplified: '谁主持了市政府第99次常务会议？',
    traditional: '誰主持了市政府第99次常務會議？',
    content: '主持了市政府第99次常务会议',
    asks: 'who',
    numbers: ['99'],
  },
  // an ordinal group in Chinese numerals (page 003 names only 第三组): the first group is another question
  {
    simplified: '国家卫生城市复审网格化管理第一组负责哪些办事处？',
    traditional: '國家衛生城市複審網格化管理第一組負責哪些辦事處？',
    content: '国家卫生城市复审网格化管理第一组负责 办事处',
    asks: 'which',
    numbers: ['第一组'],
  },
  // 哪一 (page 002: two 国家级绿色工厂)
  {
    simplified: '哪一家企业被评为国家级绿色工厂？',
    traditional: '哪一家企業被評為國家級綠色工廠？',
    content: '企业被评为国家级绿色工厂',
    asks: 'which',
    head: '企业',
  },
  // 何处 / 何處 (page 000: 隔离观察点)
  {
    simplified: '隔离观察点设在何处？',
    traditional: '隔離觀察點設在何處？',
    content: '隔离观察点设在',
    asks: 'where',
  },
  // 为何 / 為何 (page 000: 爱国卫生运动)
  {
    simplified: '为何要开展爱国卫生运动？',
    traditional: '為何要開展愛國衛生運動？',
    content: '要开展爱国卫生运动',
    asks: 'why',
  },
  // colloquial 啥时候 (page 001: 雪汇食品 resumed work)
  {
    simplified: '雪汇食品啥时候复工的？',
    traditional: '雪匯食品啥時候復工的？',
    content: '雪汇食品 复工的',
    asks: 'when',
    future: false,
  },
  // 几时 / 幾時
  {
    simplified: '雪汇食品几时复工？',
    traditional: '雪匯食品幾時復工？',
    content: '雪汇食品 复工',
    asks: 'when',
  },
  // 咋 (page 003: 示范区 and its business environment)
  {
    simplified: '示范区咋优化营商环境的？',
    traditional: '示範區咋優化營商環境的？',
    content: '示范区 优化营商环境的',
    asks: 'how',
  },
  // 多少钱 / 多少錢 (page 001: wages at 雪汇)
  {
    simplified: '在雪汇上班一个月多少钱？',
    traditional: '在雪匯上班一個月多少錢？',
    content: '在雪汇上班一个月 钱',
    asks: 'how-many',
    focus: ['上班', '一个月'],
  },
  // 多少名 with its focus (page 001: 选派47名正科级干部)
  {
    simplified: '开发区选派了多少名首席服务员？',
    traditional: '開發區選派了多少名首席服務員？',
    content: '开发区选派了 名首席服务员',
    asks: 'how-many',
    focus: ['首席', '服务员'],
  },
  // a time still to come (page 001: 城乡供水一体化, 丹江水)
  {
    simplified: '王助东村什么时候能通上丹江水？',
    traditional: '王助東村什麼時候能通上丹江水？',
    content: '王助东村 能通上丹江水',
    asks: 'when',
    future: true,
  },
  // 请问…呢: politeness and particles are no content
  {
    simplified: '请问恒丰电子的产品运到哪个国家呢？',
    traditional: '請問恆豐電子的產品運到哪個國家呢？',
    content: '恒丰电子的产品运 国家',
    asks: 'which',
    head: '国家',
  },
  // a list: "有哪些" is the reply asked for, not content (page 001: 开发区, 7月)
  {
    simplified: '7月份开发区都有哪些活动？',
    traditional: '7月份開發區都有哪些活動？',
    content: '7月份开发区都有 活动',
    asks: null,
  },
];

describe('question analysis, Simplified and Traditional alike', () => {
  it.each(ROWS)('$simplified / $traditional', (row) => {
    const s = analyzeQuestion(row.simplified, NOW);
    const t = analyzeQuestion(row.traditional, NOW);
    const { text: _s, ...simplified } = s;
    const { text: _t, ...traditional } = t;
    expect(traditional).toEqual(simplified);
    expect(s.content).toBe(row.content);
    expect(s.content).not.toMatch(QUESTION_WORDS);
    expect(s.asks).toBe(row.asks);
    if (row.focus) expect(s.focus).toEqual(row.focus);
    if (row.numbers) expect(s.numbers).toEqual(row.numbers);
    if (row.head !== undefined) expect(s.head).toBe(row.head);
    if (row.future !== undefined) expect(s.future).toBe(row.future);
  });
});

describe('English question words', () => {
  it.each([
    [
      'Who chaired the 99th executive meeting of the city government?',
      'who',
      'chaired 99th executive meeting city government',
    ],
    ['When did Xuehui Food resume work?', 'when', 'xuehui food resume work'],
    ['Where is the medical device industrial park?', 'where', 'medical device industrial park'],
    [
      'How many chief service officers did the development zone send?',
      'how-many',
      'chief service officers development zone send',
    ],
  ])('%s asks %s; content %s', (q, asks, content) => {
    const a = analyzeQuestion(q, NOW);
    expect(a.asks).toBe(asks);
    expect(a.content).toBe(content);
  });
});

describe('the topic of a list or overview', () => {
  it.each([
    ['6月19日开发区有什么新闻？', '开发区'],
    ['6月19日開發區有什麼新聞？', '开发区'],
    ['最近示范区有什么动静？', '示范区'],
    ['上周有什么新闻？', ''],
    ['市政府第99次常务会议讲了什么？', '市政府第99次常务会议'],
  ])('%s is about %j', (q, topic) => {
    expect(analyzeQuestion(q, NOW).topic).toBe(topic);
  });
});

describe('follow-ups', () => {
  it('one that only changes the time asks the earlier question for it', () => {
    const earlier = analyzeQuestion('6月19日开发区有什么新闻？', NOW);
    const q = followUp(analyzeQuestion('7月1日呢？', NOW), earlier);
    expect(q).toMatchObject({ intent: 'list', topic: earlier.topic, period: { said: '7月1日' } });
  });

  it('what the earlier question asked for is not carried over', () => {
    const earlier = analyzeQuestion('雪汇食品公司总经理是谁？', NOW);
    const q = followUp(analyzeQuestion('那这家公司有多少名员工？', NOW), earlier);
    expect(q.content).toContain('雪汇食品公司');
    expect(q.content).not.toContain('总经理');
    expect(q.focus).toEqual(['员工']);
  });
});
