import { describe, expect, it } from 'vitest';
import { claimsOf, eventOf, holdsPredicate, plannedAt, predicateOf, rolesOf } from '../src/search/predicate.js';
import { normalizeForSearch } from '../src/text/normalize.js';
import { tagWords } from '../src/text/segment.js';

// A yes/no question about a person's act is answered only by a sentence that says the act, near its object: the
// person's name alone is written in many sentences that say nothing of it (sentences of the sample pages).

const holds = (q: string, text: string): boolean => holdsPredicate(text, predicateOf(q), () => tagWords(text));

describe('a yes/no question’s claim in a sentence', () => {
  it.each([
    ['习近平来濮阳了吗', '邵景良指出，近年来，我市深入贯彻落实习近平生态文明思想，牢牢扛起生态文明建设政治责任', false],
    ['习近平来濮阳了吗', '认真学习贯彻习近平总书记考察河南重要讲话精神，深入实施“四大战略”', false],
    ['邵景良到开发区督导了吗', '邵景良一行先后到开发区华安办、濮水办督导检查，一边走、一边看', true],
    ['杨青玖主持了常务会议吗', '4月14日，市长杨青玖主持召开市政府第99次常务会议，传达学习中央政治局会议精神', true],
    ['杨青玖主持了常务会议吗', '市长杨青玖出席会议并讲话', false],
  ])('%s ← %s: %s', (q, text, want) => {
    expect(holds(q, text)).toBe(want);
  });

  it.each([
    ['工业园区是全市唯一入选制造业高质量发展综合评价试点的吗', 'a thing, which a paper confirms in other words'],
    ['开发区有没有复工', 'no person'],
  ])('%s makes no claim of a person (%s)', (q) => {
    expect(predicateOf(q)).toEqual([]);
  });

  it('a one-character verb counts as a word, not inside another ("近年来")', () => {
    const groups = predicateOf('习近平来濮阳了吗');
    expect(groups[0]!.words).toContain('来');
    expect(groups[0]!.object).toBe('濮阳');
  });
});

// Whether something has happened ("…了吗") is not settled by a sentence that plans or aims at it, nor by one that
// names the thing without the act (sentences of page 003, and the same in Traditional script).
describe('a question of whether something happened, in a sentence', () => {
  it.each([
    ['濮阳通过国家卫生城市复审了吗？', '确保国家复审前所有问题全部整改到位，确保一举通过复审验收', false],
    ['濮阳通过国家卫生城市复审了吗？', '4月14日，濮阳市国家卫生城市复审网格化管理第三组工作动员会召开。', false],
    ['濮阳通过国家卫生城市复审了吗？', '我市顺利通过国家卫生城市复审', true],
    ['濮陽通過國家衛生城市複審了嗎？', '我市顺利通过国家卫生城市复审', true],
    ['濮陽通過國家衛生城市複審了嗎？', '全力迎接国家卫生城市复审', false],
    ['大桥建成了没有', '力争年底前大桥建成通车', false],
    ['大桥建成了没有', '目前大桥已建成通车', true],
    ['大桥已经建成通车了吗', '力争年底前大桥建成通车', false],
    ['大桥是否已建成通车', '目前大桥已建成通车', true],
    // an act asked for soon (尽早, 尽快, 早日) is still to come
    ['上海交大思源锻造铝轮毂项目签约了没有', '要压实招商责任，确保上海交大思源锻造铝轮毂等项目尽早签约落地。', false],
    ['上海交大思源鍛造鋁輪轂項目簽約了嗎', '要压实招商责任，确保上海交大思源锻造铝轮毂等项目尽早签约落地。', false],
    ['恒丰电子项目签约了没有', '恒丰电子项目已于3月签约落地', true],
  ])('%s ← %s: %s', (q, text, want) => {
    expect(holds(normalizeForSearch(q), text)).toBe(want);
  });

  it.each([
    ['确保一举通过复审验收', 4, true],
    ['迎接国家卫生城市复审', 8, true],
    ['此前已通过复审，确保', 3, false], // the plan word is after the act
    ['确保安全，顺利通过复审', 7, false], // another clause
  ])('plannedAt(%s, %i): %s', (text, i, want) => {
    expect(plannedAt(text, i)).toBe(want);
  });

  it('a question that is not about a finished act keeps its lenient claim', () => {
    expect(predicateOf('濮阳会通过国家卫生城市复审吗').every((g) => !g.done)).toBe(true);
    expect(predicateOf('大桥已经建成通车吗').every((g) => g.done)).toBe(true);
    expect(predicateOf('已建成的大桥有多长').every((g) => !g.done)).toBe(true);
  });

  it('a long question of 已 is read in one scan', () => {
    expect(predicateOf(`${'已'.repeat(3000)}建成`).every((g) => !g.done)).toBe(true);
  });
});

// A date, a place or a person in a sentence answers a when-, where- or who-question only for the event or role the
// question names: the caption's 3月18日 dates a visit, not the completion of the interchange (sentences of the pages).
describe('the event or role a when-, where- or who-question names, in a sentence', () => {
  // The pipeline asks with the normalised question (Simplified, NFKC), as analyzeQuestion gives it.
  const says = (q: string, asks: string, text: string): boolean =>
    holdsPredicate(text, claimsOf(normalizeForSearch(q), asks), () => tagWords(text));

  it.each([
    [
      '开州路与濮范高速互通立交项目什么时候完工？',
      'when',
      '图为3月18日，开发区党工委书记陈晓华调研开州路与濮范高速互通立交项目。',
      false,
    ],
    [
      '開州路與濮范高速互通立交項目什麼時候完工',
      'when',
      '图为3月18日，开发区党工委书记陈晓华调研开州路与濮范高速互通立交项目。',
      false,
    ],
    ['雪汇食品公司是哪天复工的', 'when', '随着疫情好转，雪汇食品公司在做好各项准备工作后，于2月24日正式复工。', true],
    [
      '开发区营商环境建设委员会第一次会议是哪天开的',
      'when',
      '6月19日，开发区党工委营商环境建设委员会第一次会议召开。',
      true,
    ],
    ['朗润新材料二期项目计划什么时候开工？', 'when', '二期项目计划今年6月开工建设', true],
    // a line opening (通水, 通车) is said by its own verb: 供水 shares a character but is no opening
    [
      '丹江水进农村工程什么时候通水',
      'when',
      '7月3日，说起开发区正在强力推进的城乡供水一体化工程，王助镇王助东村居民王琦高兴地说。',
      false,
    ],
    ['丹江水進農村工程什麼時候通水', 'when', '丹江水进农村工程将于今年底前全面通水', true],
    ['羗山道是什么时候修建的？', 'when', '羗山道于1950年代兴建，是大屿山第一条行车道路', true],
    ['市政府第99次常务会议是在哪里开的？', 'where', '会议强调，项目是扩大有效投资、拉动经济增长的有力引擎', false],
    ['市政府第99次常务会议是在哪里开的？', 'where', '4月14日，市长杨青玖主持召开市政府第99次常务会议', true],
    [
      '4月28日示范区扬尘污染防治督导活动是谁主持的？',
      'who',
      '4月28日上午,示范区开展环保攻坚扬尘污染防治督导活动。区领导刘明胜、万英奎参加督导。',
      false,
    ],
    ['3月16日开发区复工复产工作推进会是谁主持的？', 'who', '开发区党工委副书记高明忠主持会议。', true],
    ['4月28日示范区扬尘污染防治督导有哪位区领导参加？', 'who', '区领导刘明胜、万英奎参加督导。', true],
    [
      '示范区优化营商环境常态长效会议上是谁讲话的？',
      'who',
      '示范区(高新区)党工委、管委会主任王家鹏出席会议并讲话',
      true,
    ],
  ])('%s (%s) ← %s: %s', (q, asks, text, want) => {
    expect(says(q, asks, text)).toBe(want);
  });

  it.each([
    ['督察组要在濮阳待到什么时候', 'a verb before the question word is often paraphrased (进驻期间)'],
    ['医药医疗器械产业园开在哪儿', 'nothing after the question word'],
    ['龙乡花卉种植合作社在哪个镇', '在哪个 asks which place, no event'],
    ['文周王是哪年到哪年在位？', 'a span of two years'],
  ])('%s names no event (%s)', (q) => {
    expect(eventOf(q)).toEqual([]);
  });

  it('roles are the paper’s own verbs', () => {
    expect(rolesOf('扬尘污染防治督导活动是谁主持的').map((g) => g.words[0])).toEqual(['督导', '主持']);
    expect(rolesOf('恒丰电子的老总是谁')).toEqual([]);
  });
});
