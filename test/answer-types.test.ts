import { describe, expect, it } from 'vitest';
import { roleSpans, typedSpans } from '../src/search/answer-types.js';
import type { AnswerType } from '../src/search/question-words.js';

// The kind of text a question asks for, found in real sentences of the sample pages (and CMRC-style encyclopaedia
// sentences): the strongest span is the one a reply marks.

function best(text: string, type: AnswerType, measure: string | null = null, head: string | null = null): string {
  const spans = typedSpans(text, type, measure, '', head).sort((a, b) => b.strength - a.strength);
  return spans[0] ? text.slice(spans[0].start, spans[0].end) : '';
}

describe('answer types in sentences', () => {
  it.each([
    ['3月17日，濮阳市医药医疗器械产业园在濮阳电子商务产业园正式揭牌开园。', 'time', null, '3月17日'],
    ['随着疫情好转，雪汇食品公司在做好各项准备工作后，于2月24日正式复工。', 'time', null, '2月24日'],
    ['进驻期间（2021年4月7日—5月7日）设立专门值班电话', 'time', null, '2021年4月7日—5月7日'],
    ['公司始建于1998年，现有职工300余人。', 'time', null, '1998年'],
    ['选派47名正科级干部派驻到47家企业担任首席服务员', 'number', '名', '47名'],
    ['开发区向16家外经外贸外资企业选派了首席服务员', 'number', '家', '16家'],
    ['今年前五个月开发区实现进出口总额57650万元', 'number', '元', '57650万元'],
    ['“一个月能挣四千块钱。', 'number', '元', '四千块钱'],
    ['督察组督察进驻时间为1个月。', 'number', 'duration', '1个月'],
    ['全区规模以上工业增加值实现了1.2%的增长', 'number', '%', '1.2%'],
    ['市长杨青玖主持召开市政府第99次常务会议', 'number', 'ordinal', '第99次'],
    ['4月14日，市长杨青玖主持召开市政府第99次常务会议', 'person', null, '杨青玖'],
    ['示范区(高新区)党工委、管委会主任王家鹏出席会议并讲话', 'person', null, '王家鹏'],
    ['尚主任了解情况后，二话没说就给相关方面进行了沟通安排', 'person', null, '尚主任'],
    ['数日之后，这些产品将漂洋过海飞向韩国的下游企业。', 'place', null, '韩国'],
    ['濮阳市医药医疗器械产业园在濮阳电子商务产业园正式揭牌开园', 'place', null, '濮阳电子商务产业园'],
    ['大学就读关西大学文学部，主修法语及法语文学。', 'organization', null, '关西大学文学部'],
    ['由于产品的科技含量高，恒丰电子生产的产品受到韩国、美国等众多发达国家相关企业的青睐', 'reason', null, '由于'],
  ])('%s: %s (%s) → %s', (text, type, measure, answer) => {
    expect(best(text, type as AnswerType, measure)).toBe(answer);
  });

  it('a date is not a count, and a count in another measure is weaker than the one asked', () => {
    expect(typedSpans('截至3月19日，开发区共组织志愿者746人', 'number', '名').map((s) => s.strength)).toEqual([0.9]);
    const spans = typedSpans('开发区向16家外经外贸外资企业选派了47名干部', 'number', '名');
    expect(spans.find((s) => s.strength === 1)).toMatchObject({ start: 18 });
    expect(spans.some((s) => s.strength < 0.5)).toBe(true);
  });

  it('the question’s own words are never the answer', () => {
    expect(typedSpans('恒丰电子总经理武庆新如是说。', 'person', null, '武庆新是谁')).toHaveLength(1);
    expect(best('恒丰电子总经理武庆新如是说。', 'person')).toBe('武庆新');
  });

  it('a slogan in quotation marks is not a body (page 003: “一证通办” is a service, not who built 政务通)', () => {
    const text =
      '我市政务服务平台数据率先与国家、省一体化平台对接，建成党政协同办公平台———政务通。在全省率先开展101项高频民生事项“一证通办”。';
    expect(typedSpans(text, 'organization', null, '政务通平台是哪家公司开发的', '公司')).toEqual([]);
  });

  it('a name of the kind asked for ("哪所大学") beats another body', () => {
    const spans = typedSpans('他在团区委工作，毕业于郑州大学。', 'organization', null, '', '大学');
    const top = spans.sort((a, b) => b.strength - a.strength)[0]!;
    expect('他在团区委工作，毕业于郑州大学。'.slice(top.start, top.end)).toBe('郑州大学');
  });
});

describe('who a named person is, and who holds an office (sentences of pages 000, 003, 004)', () => {
  const mark = (text: string, spans: { start: number; end: number; strength: number }[]): string => {
    const top = [...spans].sort((a, b) => b.strength - a.strength)[0];
    return top ? text.slice(top.start, top.end) : '';
  };
  it.each([
    ['开发区党工委书记陈晓华，党工委副书记、管委会主任邵平出席会议。', '邵平', '党工委副书记、管委会主任'],
    ['开发区党工委书记陈晓华，党工委副书记、管委会主任邵平出席会议。', '陈晓华', '开发区党工委书记'],
    ['4月14日，市长杨青玖主持召开市政府第99次常务会议', '杨青玖', '市长'],
    ['市人大常委会副主任管永国、梁宏、张相坤，秘书长王万臣参加活动。', '梁宏', '市人大常委会副主任'],
    ['区领导刘明胜、万英奎参加督导。', '刘明胜', ''],
  ])('%s: %s is %s', (text, name, role) => {
    expect(mark(text, roleSpans(text, name))).toBe(role);
    expect(mark(text, typedSpans(text, 'person', null, `${name}是谁`, null, { whoIs: name }))).toBe(role);
  });

  it('the holder of the office asked, not of another office beside it', () => {
    const text = '市人大常委会主任邵景良，副主任管永国、梁宏、张相坤，秘书长王万臣出席会议。';
    const spans = typedSpans(text, 'person', null, '市长是谁', null, { office: '市长' });
    expect(spans.every((s) => s.strength <= 0.5)).toBe(true);
    const mayor = '4月14日，市长杨青玖主持召开市政府第99次常务会议';
    expect(mark(mayor, typedSpans(mayor, 'person', null, '市长是谁', null, { office: '市长' }))).toBe('杨青玖');
  });
});

describe('an ordinal is not a count', () => {
  it.each([
    ['开发区统计局成立了第七次全国人口普查宣传服务组', '人', ''],
    ['确保327户728名贫困人口在现行标准下全部脱贫', '人', '728名'],
    ['市长杨青玖主持召开市政府第99次常务会议', 'ordinal', '第99次'],
  ])('%s (measure %s) → %s', (text, measure, want) => {
    expect(best(text, 'number', measure)).toBe(want);
  });
});

// Round five: what the span of a type must be to answer the question, on sentences of the pages that hold every word
// of a trap question but not its answer.
describe('a span answers only what the question asks of it', () => {
  const spans = (
    text: string,
    type: AnswerType,
    measure: string | null,
    question: string,
    head: string | null = null,
  ) => typedSpans(text, type, measure, question, head).map((s) => [text.slice(s.start, s.end), s.strength]);

  it.each([
    // 一 with a measure word is an article ("一个重要抓手"), not the figure asked.
    [
      '今年以来，开发区把电子商务作为一个重要抓手，持续壮大电子商务发展规模',
      'number',
      null,
      '展览馆有多大面积',
      [['一个', 0.4]],
    ],
    ['努力让每一名留观人员时刻都能感受到党和政府的浓浓温情', 'number', '人', '隔离观察了多少人', [['一名', 0.4]]],
    // A rank asked: a batch's number or an ordinal inside a name is no rank.
    [
      '中央第五生态环境保护督察组向我市交办第七批3个群众举报件',
      'number',
      'ordinal',
      '营商环境在全国排第几',
      [
        ['第五', 0.4],
        ['第七批', 0.4],
        ['3个', 0.4],
      ],
    ],
    [
      '亩均工业税收16.85万元，排名全省第22、全市第1。',
      'number',
      'ordinal',
      '亩均工业税收在全省排第几',
      [
        ['16.85万元', 0.4],
        ['第22', 1],
        ['第1', 1],
      ],
    ],
    ['市长杨青玖主持召开市政府第99次常务会议', 'number', 'ordinal', '市政府第几次常务会议', [['第99次', 1]]],
    // A year asked: a day without its year does not give it.
    [
      '4月14日，市人大常委会主任邵景良带队，到分包网格督导国家卫生城市复审工作。',
      'time',
      null,
      '邵景良是哪一年当上主任的',
      [['4月14日', 0.3]],
    ],
    ['2020年，工业园区规模以上工业总产值', 'time', null, '工业园区是哪一年增长的', [['2020年', 0.9]]],
    // "服务代办点" is no dynasty.
    [
      '南乐县12个乡镇设立政务服务大数据中心，所有行政村设立村级政务服务代办点',
      'time',
      null,
      '政务服务大数据中心是什么时候设立的',
      [],
    ],
  ])('%s (%s, %s) for %s → %j', (text, type, measure, question, want) => {
    expect(spans(text, type as AnswerType, measure, question)).toEqual(want);
  });

  it('a money figure answers a money attribute; a count of something else does not', () => {
    const text =
      '对规模以上制造业企业，主要评价亩均税收、研发经费支出占营业收入比重、单位能耗总产值、亩均利润、单位污染排放税收等5项指标';
    expect(spans(text, 'number', '元', '亩均工业税收是多少')).toEqual([['5项', 0.35]]);
    expect(spans('亩均工业税收16.85万元', 'number', '元', '亩均工业税收是多少')).toEqual([['16.85万元', 0.9]]);
  });

  it('a village or town is named with its level', () => {
    const text =
      '连日来，开发区龙乡花卉种植合作社在相关部门的帮扶下，通过调整花卉生产周期、网上销售、航空运输等多种途径';
    expect(spans(text, 'place', null, '龙乡花卉种植合作社在哪个镇', '镇').every(([, s]) => (s as number) <= 0.3)).toBe(
      true,
    );
    expect(best('“区里领导来俺村好几次了。”7月3日，王助镇王助东村居民王琦高兴地说。', 'place', null, '村')).toBe(
      '王助镇王助东村',
    );
  });

  it.each([
    // Only the question restated: no cause.
    ['惠成电子、龙丰纸业被认定为国家级绿色工厂；', '惠成电子为什么被认定为国家级绿色工厂', []],
    // A sentence about something else gives no cause of it.
    ['截至目前，科瑞斯、沃森超高等一批节能和循环化改造项目加快推进。', '惠成电子为什么被认定为国家级绿色工厂', []],
    // A cause in a clause of its own, with no causal word.
    [
      '濮水办和华安办位于城乡接合部，基础相对薄弱',
      '濮水办和华安办为什么基础比较薄弱',
      [
        ['濮水办和华安办位于城乡接合部', 0.6],
        ['基础相对薄弱', 0.6],
      ],
    ],
    [
      '由于产品的科技含量高，恒丰电子生产的产品受到韩国、美国等众多发达国家相关企业的青睐',
      '恒丰电子的产品为什么受到国外企业的青睐',
      [
        ['由于', 1],
        ['由于产品的科技含量高', 0.6],
        ['恒丰电子生产的产品受到韩国、美国等众多发达国家相关企业的青睐', 0.6],
      ],
    ],
  ])('why: %s for %s → %j', (text, question, want) => {
    expect(spans(text, 'reason', null, question)).toEqual(want);
  });
});

describe('a kind asked is the end of a name, not any part of it', () => {
  const strength = (text: string, span: string): number | undefined =>
    typedSpans(text, 'organization', null, '他是哪个大学的', '大学').find((s) => text.slice(s.start, s.end) === span)
      ?.strength;
  it.each([
    ['他毕业于郑州大学，现任河南大学出版社编辑。', '郑州大学', 1],
    ['河南大学出版社出版了这本书。', '河南大学出版社', 0.5],
  ])('%s: %s', (text, span, want) => {
    expect(strength(text, span)).toBe(want);
  });
});
