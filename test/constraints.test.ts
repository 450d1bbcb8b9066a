import { describe, expect, it } from 'vitest';
import { constraintsOf, listedInGroup, ordinalForms, otherScope, sentenceYears } from '../src/search/constraints.js';
import { analyzeQuestion } from '../src/search/question.js';
import { normalizeForSearch } from '../src/text/normalize.js';

// What a fact question constrains besides its words, met or not by real sentences of the sample pages: the sentence
// holding every word of the question answers another question when it is of another year, gives a group's figure,
// ranks in another scope, or does not rank at all.

const NOW = new Date('2026-11-30T12:00:00Z');

/** Does the sentence (of an article dated `date`, with text `text`) meet the question's constraints? */
function fits(question: string, sentence: string, date = '2021-04-08', text = sentence): boolean {
  const check = constraintsOf(analyzeQuestion(question, NOW));
  return check ? check(normalizeForSearch(sentence), { date, text }) : true;
}

describe('a year the quote’s sentence states must be the question’s', () => {
  it.each([
    [
      '2021年工业园区亩均工业税收是多少？',
      '2020年，工业园区规模以上工业总产值、增加值、主营业务收入、企业利润同比分别增长26.5%、32.5%、185.5%、169.6%，亩均工业税收16.85万元，排名全省第22、全市第1。',
      '2021-04-08',
      false,
    ],
    [
      '2020年工业园区亩均工业税收是多少？',
      '2020年，工业园区规模以上工业总产值、增加值、主营业务收入、企业利润同比分别增长26.5%、32.5%、185.5%、169.6%，亩均工业税收16.85万元，排名全省第22、全市第1。',
      '2021-04-08',
      true,
    ],
    [
      '2020年工業園區畝均工業稅收是多少？',
      '2020年，工业园区…亩均工业税收16.85万元，排名全省第22、全市第1。',
      '2021-04-08',
      true,
    ],
    [
      '开发区2019年的生产总值增长了多少？',
      '综合全区经济“二季度平谷、三季度恢复、四季度提升”的趋势，今年预期目标是全区生产总值增速比全市高一个百分点并争取更好',
      '2020-06-30',
      false,
    ],
    [
      '2020年开发区重点实施的市级技术改造项目年度计划投资多少？',
      '2020年重点实施市级技术改造项目16个，年度计划投资33.27亿元，至目前已完成投资18.52亿元',
      '2020-06-19',
      true,
    ],
    ['2019年开发区召开了什么大会？', '开发区召开二○一九年度总结暨二○二○年下半年工作动员大会', '2020-06-30', true],
    [
      '2018年开发区有哪些散乱污企业整治？',
      '根据全区2017—2019年“散乱污”企业整治台账清单逐一开展“回头看”',
      '2020-07-01',
      true,
    ],
    ['2021年开发区有多少名首席服务员？', '选派47名正科级干部派驻到47家企业担任首席服务员', '2020-03-16', true],
  ])('%s ← %s (%s): %s', (q, sentence, date, want) => {
    expect(fits(q, sentence, date)).toBe(want);
  });

  it('reads years in digits, in Chinese numerals, as ranges and relative to the article', () => {
    expect([...sentenceYears('开发区召开二○一九年度总结暨二○二○年下半年工作动员大会', undefined)]).toEqual([
      2019, 2020,
    ]);
    expect([...sentenceYears('根据全区2017—2019年“散乱污”企业整治台账', undefined)]).toEqual([2017, 2018, 2019]);
    expect([...sentenceYears('一期项目于去年春季开工建设', 2021)]).toEqual([2020]);
    expect([...sentenceYears('今年前五个月开发区实现进出口总额57650万元', undefined)]).toEqual([]);
  });
});

describe('a figure of a list closed by 等 is the list’s, not one item’s', () => {
  it.each([
    [
      '张峰通过市红十字会捐了多少钱？',
      '雪汇食品公司总经理张峰通过市红十字会、濮阳安阳商会等多个途径捐款捐物累计10万多元',
      true,
    ],
    [
      '濮阳热电居民采暖民生工程投资多少钱？',
      '本次集中开工的濮阳热电居民采暖民生工程等12个重点项目，投资总额37.07亿元',
      true,
    ],
    [
      '濮阳热电居民采暖民生工程等12个重点项目一共投资多少？',
      '本次集中开工的濮阳热电居民采暖民生工程等12个重点项目，投资总额37.07亿元',
      false,
    ],
    [
      '张峰抗疫期间捐款捐物一共多少？',
      '雪汇食品公司总经理张峰通过市红十字会、濮阳安阳商会等多个途径捐款捐物累计10万多元',
      false,
    ],
    ['雪汇的销售网络覆盖多少个地市？', '我们企业的销售区域覆盖河南、河北、山东等8省70多个地市', false],
    ['高标准农田建设投资多少？', '要提升生产保障能力，加快推进投资4600万元的高标准农田建设等。', false],
    ['南乐县审批时限压缩了多少？', '压缩时限80%以上，精简材料75%以上，由“多头跑”转化为“进一门”“零跑动”', false],
  ])('%s ← %s: %s', (q, sentence, want) => {
    expect(listedInGroup(normalizeForSearch(q), sentence)).toBe(want);
  });

  it('only for a how-many question', () => {
    expect(
      fits(
        '濮陽熱電居民採暖民生工程投資多少錢？',
        '本次集中开工的濮阳热电居民采暖民生工程等12个重点项目，投资总额37.07亿元',
      ),
    ).toBe(false);
    expect(
      fits(
        '濮阳热电居民采暖民生工程是什么项目？',
        '本次集中开工的濮阳热电居民采暖民生工程等12个重点项目，投资总额37.07亿元',
      ),
    ).toBe(true);
  });
});

describe('a rank of another scope, a superlative not stated, an ordinal the article lacks', () => {
  it.each([
    ['濮阳市营商环境在全国排第几？', '全市营商环境排名连续三年位于全省第一方阵', true],
    ['工业园区的亩均工业税收在全省排第几？', '亩均工业税收16.85万元，排名全省第22、全市第1。', false],
    ['开发区选派了多少名首席服务员？', '选派47名正科级干部派驻到47家企业担任首席服务员', false],
  ])('%s ← %s: another scope %s', (q, sentence, want) => {
    expect(otherScope(normalizeForSearch(q), sentence)).toBe(want);
  });

  it.each([
    [
      '7月1日集中开工的12个重点项目里投资最大的是哪个？',
      '本次集中开工的濮阳热电居民采暖民生工程等12个重点项目，投资总额37.07亿元',
      false,
    ],
    [
      '7月1日集中開工的12個重點項目裡投資最大的是哪個？',
      '本次集中开工的濮阳热电居民采暖民生工程等12个重点项目，投资总额37.07亿元',
      false,
    ],
    ['学习强国挑战答题比赛看什么最多？', '20分钟时间看谁做对的题最多，对先进部室和个人进行奖励', true],
    ['陈晓华最近参加了哪些活动？', '开发区党工委书记陈晓华，党工委副书记、管委会主任邵平出席会议。', true],
  ])('%s ← %s: %s', (q, sentence, want) => {
    expect(fits(q, sentence, '2020-07-01')).toBe(want);
  });

  it('an ordinal the question states must be in the article, in any of its forms', () => {
    const page000 =
      '为营造比学赶超的浓厚氛围，开发区纪工委定期组织开展“学习强国”挑战答题比赛，20分钟时间看谁做对的题最多';
    expect(fits('学习强国挑战答题比赛的第一名是谁？', page000, '2020-06-19', page000)).toBe(false);
    const page002 = '在今年全市第一季度产业集聚区考核中，开发区取得第一名的好成绩，实现了项目建设开门红。';
    expect(fits('全市第一季度产业集聚区考核第一名是谁？', page002, '2020-07-01', page002)).toBe(true);
    expect(ordinalForms('第一名')).toEqual(['第一名', '第1名', '首名']);
    expect(ordinalForms('第一次会议')).toEqual([]);
  });
});

// Traps of round six, each a sentence of the pages holding every word of the question but not the fact asked.
describe('the members of a counted set, a rank, a total, a member of a set, first place', () => {
  it.each([
    // the members of a set the sentence only counts, or names a few of
    [
      'i濮阳秒批的15个事项都有哪些？',
      '开发“i濮阳”便民服务移动端，市级1506项政务事项实现“掌上办”“随身办”，15个政务服务事项实现“秒批”。',
      false,
    ],
    [
      '示範區的17個專項小組都是哪些？',
      '示范区去年以来结合工作实际,成立了优化营商环境工作领导小组,下设企业开办、建筑施工许可、不动产登记等17个专项小组',
      false,
    ],
    [
      '审议通过的4个文件，除了工作要点另外三个叫啥？',
      '会议审议通过了《开发区优化营商环境2020年工作要点（讨论稿）》等4个文件',
      false,
    ],
    [
      '五家单位分别是哪些',
      '文苑街道、区行政审批与大数据管理局、区城管局、区税务局、区工商分局五家单位负责人分别作了典型发言。',
      true,
    ],
    [
      '开发区营商环境委员会会议审议通过的4个文件是什么时候通过的',
      '6月19日，会议审议通过了《…工作要点（讨论稿）》等4个文件',
      true,
    ],
    // an ordinal or a one is no set ("第一大镇是什么", "第一个使用…的语言是什么" of CMRC 2018), a count asked no member
    ['i濮阳第一个实现秒批的事项是什么', '15个政务服务事项实现“秒批”。', true],
    ['開發區第一大企業是什麼', '15个政务服务事项实现“秒批”。', true],
    ['15个秒批事项中有几个是市级的', '15个政务服务事项实现“秒批”。', true],
    // a rank is of what the sentence ranks
    [
      '工業園區企業利潤增長在全省排第幾？',
      '2020年，工业园区规模以上工业总产值、增加值、主营业务收入、企业利润同比分别增长26.5%、32.5%、185.5%、169.6%，亩均工业税收16.85万元，排名全省第22、全市第1。',
      false,
    ],
    [
      '工业园区亩均工业税收在全省排第几？',
      '2020年，工业园区规模以上工业总产值、增加值、主营业务收入、企业利润同比分别增长26.5%、32.5%、185.5%、169.6%，亩均工业税收16.85万元，排名全省第22、全市第1。',
      true,
    ],
    ['工业园区企业利润增长在全省排第几？', '企业利润同比增长169.6%', false],
    // a total is not one batch's figure
    [
      '中央第五督察组进驻期间一共给濮阳转了多少件举报',
      '4月14日，中央第五生态环境保护督察组向我市交办第七批3个群众举报件，其中，范县1件，清丰县1件，华龙区1件',
      false,
    ],
    [
      '第七批一共交办了多少件举报',
      '4月14日，中央第五生态环境保护督察组向我市交办第七批3个群众举报件，其中，范县1件，清丰县1件，华龙区1件',
      true,
    ],
    ['督察组一共转了多少件举报', '截至目前，督察组累计向我市交办群众举报件120件', true],
    // a member of a set is named with it
    [
      '派驻首席服务员的47家企业里有没有雪汇',
      '选派47名正科级干部派驻到47家企业担任首席服务员，协调解决企业发展难题',
      false,
    ],
    [
      '派駐首席服務員的47家企業裡有沒有雪匯',
      '选派47名正科级干部派驻到47家企业担任首席服务员，协调解决企业发展难题',
      false,
    ],
    ['国家级绿色工厂里有没有惠成电子', '惠成电子、龙丰纸业被认定为国家级绿色工厂', true],
  ])('%s ← %s: %s', (q, sentence, want) => {
    expect(fits(q, sentence, '2021-04-14')).toBe(want);
  });

  it('first place won must be in the article, in any of its forms', () => {
    const page000 =
      '开发区纪工委定期组织开展“学习强国”挑战答题比赛，20分钟时间看谁做对的题最多，对先进部室和个人进行奖励';
    expect(fits('學習強國挑戰答題比賽哪個部室拿了第一？', page000, '2020-06-19', page000)).toBe(false);
    const page002 = '在今年全市第一季度产业集聚区考核中，开发区取得第一名的好成绩，实现了项目建设开门红。';
    expect(fits('全市第一季度产业集聚区考核谁拿了第一？', page002, '2020-07-01', page002)).toBe(true);
  });
});

describe('what a speaker said is answered by a sentence reporting the words (page 004)', () => {
  it.each([
    [
      '4月29日会上区税务局负责人发言讲了什么',
      '文苑街道、区行政审批与大数据管理局、区城管局、区税务局、区工商分局五家单位负责人分别作了典型发言。',
      false,
    ],
    ['王家鹏讲话的主要内容是什么', '王家鹏在讲话中强调,优化营商环境是一项政治任务、紧迫任务、繁重任务。', true],
  ])('%s ← %s: %s', (question, sentence, want) => {
    expect(fits(question, sentence)).toBe(want);
  });
});
