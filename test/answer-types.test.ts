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
