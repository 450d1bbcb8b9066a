import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cleanPageParagraph,
  collapseDoubledPunct,
  hasExtractionSpacing,
  joinLines,
  normalizePublishedText,
  normalizePublishedTitle,
  removeCjkSpaces,
  stripArtifacts,
  undoubleLine,
} from '../src/ingest/clean.js';

// Snippets are from the sample pages in data/sample/.
describe('undoubleLine: bold headlines printed with every character doubled', () => {
  it.each([
    ['恒恒丰丰电电子子：：让让更更多多““濮濮阳阳造造””走走出出国国门门', '恒丰电子：让更多“濮阳造”走出国门'],
    ['22001199年及 22002200年上半年工作总结', '2019年及 2020年上半年工作总结'],
    [' 22002200 年下半年重点工作', ' 2020 年下半年重点工作'],
    // legitimate repeats stay
    ['常常开展“学习强国”挑战答题', '常常开展“学习强国”挑战答题'],
    ['人人参与爱国卫生运动', '人人参与爱国卫生运动'],
    ['多多少少有些困难', '多多少少有些困难'],
    ['一项一项抓整改，一件一件抓落实', '一项一项抓整改，一件一件抓落实'],
    // numbers that merely repeat digits are not years in bold
    ['共整治小区 1100 个、村庄 2200 个', '共整治小区 1100 个、村庄 2200 个'],
    ['编号 11223344 的项目', '编号 11223344 的项目'],
    ['图为恒丰电子的员工在生产线上作业。。', '图为恒丰电子的员工在生产线上作业。。'],
  ])('%s', (input, expected) => {
    expect(undoubleLine(input)).toBe(expected);
  });
});

describe('removeCjkSpaces: spaces extraction put into CJK text', () => {
  it.each([
    ['本报讯 6月 19日， 开发区党工', '本报讯6月19日，开发区党工'],
    ['6 月 19 日 ， 记者从开发区外联局获悉 ，', '6月19日，记者从开发区外联局获悉，'],
    ['今年前五个月开发区实现进出口总额 57650 万', '今年前五个月开发区实现进出口总额57650万'],
    ['推行“营商环境建设 + 督查”', '推行“营商环境建设+督查”'],
    ['采用 A 型单喇叭+T 型设计', '采用A型单喇叭+T型设计'],
    // Latin words and a number with a Latin unit keep their space
    ['KAIFAQU XINWEN', 'KAIFAQU XINWEN'],
    ['a 24 kV line and 5 G towers', 'a 24 kV line and 5 G towers'],
    ['  leading and trailing  ', 'leading and trailing'],
  ])('%s', (input, expected) => {
    expect(removeCjkSpaces(input)).toBe(expected);
  });
});

describe('joinLines: a paragraph broken across printed lines', () => {
  it.each([
    ['开发区党工委', '营商环境建设委员会', '开发区党工委营商环境建设委员会'],
    ['区党工委营商环境建设委员会组成人', '员、 成员单位', '区党工委营商环境建设委员会组成人员、 成员单位'],
    ['委员会 2020', '年工作要点', '委员会 2020年工作要点'],
    ['the new industrial', 'park opened', 'the new industrial park opened'],
    ['电话：0371—', '65603600', '电话：0371—65603600'],
  ])('%s + %s', (a, b, expected) => {
    expect(joinLines(a, b)).toBe(expected);
  });
});

describe('stripArtifacts and doubled punctuation', () => {
  it('drops replacement characters left by extraction', () => {
    expect(stripArtifacts('\ufffd\ufffd\ufffd本报讯 （记者 李振涛')).toBe('本报讯 （记者 李振涛');
  });
  it('collapses a doubled full stop but keeps an ellipsis', () => {
    expect(collapseDoubledPunct('产线上作业。。')).toBe('产线上作业。');
    expect(collapseDoubledPunct('回家再学……')).toBe('回家再学……');
  });
});

describe('which repairs apply: extraction spacing is a property of the page', () => {
  it.each([
    ['000_7fb74385c778d7a9.txt', true],
    ['001_ee0f4ca5fc9aae66.txt', true],
    ['002_f074eda1038c37b9.txt', true],
    ['003_913128f7662c2e0b.txt', true],
    ['004_6062cc997fbd3bd9.txt', false],
  ])('%s has extraction spacing: %s', (file, spaced) => {
    expect(hasExtractionSpacing(readFileSync(`data/sample/${file}`, 'utf8'))).toBe(spaced);
  });

  it("keeps a clean page's own spaces, removes a spaced page's", () => {
    expect(cleanPageParagraph('“脚板+手指 你我齐努力”全民参与', false)).toBe('“脚板+手指 你我齐努力”全民参与');
    expect(cleanPageParagraph('开发区党工 委， 党工委副书记', true)).toBe('开发区党工委，党工委副书记');
    expect(cleanPageParagraph('作业。。', false)).toBe('作业。');
  });
});

describe('published text (feeds, web pages): only what is never visible changes', () => {
  it.each([
    ['　　本周上映《卡美拉 大怪兽空中决战》。\r\n\r\n第二段', '本周上映《卡美拉 大怪兽空中决战》。\n第二段'],
    ['口罩、、保持距离，，文明观影。', '口罩、、保持距离，，文明观影。'],
    ['零宽\u200b空格\ufeff与控制\u0007字符', '零宽空格与控制字符'],
    ['a 24 kV line', 'a 24 kV line'],
  ])('%j', (input, expected) => {
    expect(normalizePublishedText(input)).toBe(expected);
  });

  it('a title keeps its spaces, a line break in it becomes one', () => {
    expect(normalizePublishedTitle(' 《卡美拉 大怪兽空中决战》\n定档 ')).toBe('《卡美拉 大怪兽空中决战》 定档');
  });
});
