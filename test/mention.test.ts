import { describe, expect, it } from 'vitest';
import { withoutChat } from '../src/search/intent.js';
import { onlyListed, whatHead } from '../src/search/mention.js';

// Naming a thing is not saying what it is: real sentences of the sample pages where a word of a what-question is only
// an item of a list or a tally, and sentences where the same kind of word is what the sentence is about.

describe('a word only listed or tallied', () => {
  it.each([
    // page 003: the complaints are counted per county, their content is not given
    ['其中，范县1件，清丰县1件，华龙区1件，中央生态环境保护督察濮阳市协调', '华龙区', true],
    ['其中，范县1件，清丰县1件，华龙区1件，中央生态环境保护督察濮阳市协调', '清丰县', true],
    // page 003: firms named in a list
    ['培育了龙德洋、恩赢、立新等一批专、精、特、新的创新型企业', '龙德洋', true],
    ['引进了东方雨虹、三棵树、展辰等一批创新能力足、综合实力强的引领型企业', '展辰', true],
    // page 001: problems and leaflets counted, not described
    ['开发区共督导检查居民小区、村庄、商超等重点区域2000余个，发现并交办问题264个。', '问题', true],
    ['开发区共组织志愿者746人，发出倡议书2.3万份，编印宣传资料4.3万份。', '倡议', true],
    // what the sentence is about
    ['4月14日，市长杨青玖主持召开市政府第99次常务会议', '市政府', false],
    ['恒丰电子是开发区近年来招引的重点项目，主要生产均苯四甲酸酐等产品。', '恒丰电子', false],
    ['随着疫情好转，雪汇食品公司在做好各项准备工作后，于2月24日正式复工。', '雪汇食品公司', false],
    ['2020年，工业园区规模以上工业总产值、增加值、主营业务收入、企业利润同比分别增长', '工业园区', false],
    // said once in passing and once about: one occurrence that says something is enough
    ['范县1件。范县的举报件反映了一家企业的排污问题。', '范县', false],
    // not there at all: other evidence decides
    ['开发区召开复工复产工作推进会', '华龙区', false],
  ])('%s / %s → %s', (text, word, listed) => {
    expect(onlyListed(text, word)).toBe(listed);
  });

  it.each([
    ['第七批举报件中华龙区那件举报的是什么问题？', '问题'],
    ['龙德洋是生产什么产品的企业？', '产品'],
    ['清丰县那件举报件举报的是什么内容？', '内容'],
    ['“两断三清”里的“两断”指的是什么？', null],
  ])('the noun after 什么 in %s → %s', (q, head) => {
    expect(whatHead(q)).toBe(head);
  });
});

describe('the chat around a question is not searched', () => {
  it.each([
    ['谢谢！那开发区给多少家外资企业派了首席服务员？', '那开发区给多少家外资企业派了首席服务员？'],
    ['在吗？雪汇食品公司是哪天复工的', '雪汇食品公司是哪天复工的'],
    ['雪汇食品公司是哪天复工的？谢谢', '雪汇食品公司是哪天复工的？'],
    ['好的，那示范区呢？', '那示范区呢？'],
    // a remark that is part of the question stays
    [
      '恒丰电子做海外推介的宣传片不给力，后来是谁帮忙协调解决的？',
      '恒丰电子做海外推介的宣传片不给力，后来是谁帮忙协调解决的？',
    ],
    ['谢谢', '谢谢'],
  ])('%s → %s', (q, left) => {
    expect(withoutChat(q)).toBe(left);
  });
});
