import { describe, expect, it } from 'vitest';
import { isChatter } from '../src/search/intent.js';
import { analyzeQuestion } from '../src/search/question.js';

// What a message asks for, in Simplified and Traditional script, colloquial and English forms.

describe('chatter is told from questions', () => {
  it.each([
    '谢谢',
    '谢谢！',
    '謝謝',
    '謝謝您',
    '好的',
    '好的，谢谢',
    '好的，我知道了',
    '收到',
    '哈哈哈',
    '👍',
    '🙏🙏',
    'OK👌',
    'thanks',
    'Thank you so much!',
    'got it',
    'Good morning everyone',
    'ok',
    '你好',
    '在吗？',
    '晚安各位',
    '回头见',
    '学到了',
    '涨知识了',
    '辛苦啦小助手',
    // remarks with content words, but no question in them
    '为开发区点赞👍',
    '开发区加油！',
    '王金勇记者辛苦了',
    '谢谢啦，佳盼这孩子真不错',
    '雪汇的冰淇淋我最爱吃了😋',
    '<@222222222222222222>',
    '   ',
    // small talk about the weather, the day, one's plans, and closing remarks: nothing is asked
    '今天好热啊',
    '今天好熱啊',
    '天气真冷',
    '下雨了',
    '周五了',
    '我下午去开发区办事',
    '就这样吧',
    '先這樣吧',
    '今天就到这吧，谢谢',
    '没别的了',
    // particles alone: nothing to ask about
    '呢',
    '那呢？',
    '吗？',
    '啊？',
  ])('%s is chatter', (text) => {
    expect(isChatter(text)).toBe(true);
  });

  // The sound of a remark: an exclamation, a particle of feeling, a degree word and a quality, a reply to the bot.
  it.each([
    '开发区发展真快啊',
    '开发区发展真快啊～',
    '焦作示范区也不错嘛',
    '今天开发区挺忙的',
    '恒丰电子太厉害了',
    '复工复产搞得好快呀',
    '濮阳加油！',
    '不是这个',
    '不对',
  ])('%s is a remark (chatter)', (text) => {
    expect(isChatter(text)).toBe(true);
  });

  // Topics typed as a search, which share a character or two with those remarks.
  it.each(['好人好事', '开发区超市', '非常时期的复工复产', '不对称信息', '开发区有什么新闻啊', '首席服务员是谁呀'])(
    '%s is a search, not a remark',
    (text) => {
      expect(isChatter(text)).toBe(false);
    },
  );

  it.each([
    '谢佳盼是谁？',
    '开发区选派了多少名首席服务员？',
    '6月19日开发区有什么新闻？',
    '好的新闻有哪些',
    '收到了吗？',
    '那恒丰电子呢？',
    '好的谢谢，那恒丰电子呢',
    '7月1日呢？',
    '开发区',
    '雪汇食品',
    '介绍一下恒丰电子这家企业',
    '谢谢，再问一下：开发区选派了多少名首席服务员',
    '开发区真不错，有哪些新闻？',
    'What did the paper say about the industrial park?',
    // small-talk words in a request for information
    '今天天气怎么样',
    '开发区最近在忙什么',
    '就这样的企业有几家？',
    '高温天气开发区有什么措施',
  ])('%s is not chatter', (text) => {
    expect(isChatter(text)).toBe(false);
  });
});

describe('intent', () => {
  it.each([
    // lists: which articles there are
    ['6月19日开发区有什么新闻？', 'list'],
    ['最近示范区有什么动静？', 'list'],
    ['7月份开发区都有哪些活动？', 'list'],
    ['示范区环保方面最近做了什么？', 'list'],
    ['開發區最近開了哪些會？', 'list'],
    ['记者李振涛写了哪些稿子？', 'list'],
    ['2021年4月14日濮阳市有哪些新闻？', 'list'],
    ['What happened in the development zone on June 19, 2020?', 'list'],
    // overviews: what an article or matter is about
    ['市政府第99次常务会议讲了什么？', 'overview'],
    ['示范区优化营商环境进展如何', 'overview'],
    ['濮陽國家衛生城市復審準備得怎麼樣？', 'overview'],
    ['朗润新材料的橡胶助剂项目现在建到哪一步了？', 'overview'],
    ['介绍一下恒丰电子这家企业', 'overview'],
    // facts
    ['开发区选派了多少名首席服务员？', 'factoid'],
    ['誰主持了市政府第99次常務會議？', 'factoid'],
    ['哪两家企业被认定为国家级绿色工厂？', 'factoid'],
    ['为何要开展爱国卫生运动', 'factoid'],
    ['开发区有没有召开复工复产推进会', 'factoid'],
    ['How many companies moved in?', 'factoid'],
    // what one speaker said, on a given day too: a fact, not the day's list or the meeting's overview
    ['4月29日会上区税务局负责人发言讲了什么', 'factoid'],
    ['王家鹏讲话的主要内容是什么', 'factoid'],
  ])('%s → %s', (q, intent) => {
    expect(analyzeQuestion(q).intent).toBe(intent);
  });
});

describe('what a fact question asks, and the type that answers it', () => {
  it.each([
    ['谁主持了市政府第99次常务会议？', 'who', 'person', null],
    ['誰主持了市政府第99次常務會議？', 'who', 'person', null],
    ['恒丰电子的老总是谁？', 'who', 'person', null],
    ['雪汇食品公司什么时候正式复工？', 'when', 'time', null],
    ['雪汇食品公司啥时候复工的？', 'when', 'time', null],
    ['雪匯食品公司幾時復工？', 'when', 'time', null],
    ['X访华时间', 'when', 'time', null],
    ['开发区选派了多少名首席服务员？', 'how-many', 'number', '名'],
    ['開發區向幾家外經外貿外資企業派了首席服務員？', 'how-many', 'number', '家'],
    ['在雪汇上班一个月能挣多少钱？', 'how-many', 'number', '元'],
    ['督察组进驻时间多长？', 'how-many', 'number', 'duration'],
    ['开发区在全市第一季度产业集聚区考核中排第几名？', 'how-many', 'number', 'ordinal'],
    ['医药医疗器械产业园开在哪儿？', 'where', 'place', null],
    ['隔離觀察點在何處？', 'where', 'place', null],
    ['谢佳盼在哪所大学上学？', 'which', 'organization', null],
    ['恒丰电子的产品运到哪个国家？', 'which', 'place', null],
    ['为什么恒丰电子能在国际市场站稳脚跟？', 'why', 'reason', null],
    ['為何開展愛國衛生運動？', 'why', 'reason', null],
    ['恒丰电子主要生产什么产品？', 'what', 'other', null],
    ['How many companies moved in?', 'how-many', 'number', null],
    ['Who chaired the meeting?', 'who', 'person', null],
  ])('%s asks %s, answered by %s (%s)', (q, asks, type, measure) => {
    const a = analyzeQuestion(q);
    expect(a).toMatchObject({ intent: 'factoid', asks, answerType: type, measure });
  });

  it.each([
    ['雪汇食品公司一共有多少名员工？', ['员工']],
    ['中央第五生态环境保护督察组的组长是谁？', ['组长']],
    ['开发区复工复产推进会是在哪个会议室开的？', ['会议室']],
    ['开发区选派了多少名正科级干部担任首席服务员？', ['正科级', '干部']],
    ['示范区文明城市创建的“一二三四”工作法是什么？', []],
  ])('the focus of %s is %j', (q, focus) => {
    expect(analyzeQuestion(q).focus).toEqual(focus);
  });

  it('question words and particles are not content, in either script', () => {
    const simplified = analyzeQuestion('请问谁主持了市政府第99次常务会议呢？');
    const traditional = analyzeQuestion('請問誰主持了市政府第99次常務會議呢？');
    expect(simplified.content).toBe('主持了市政府第99次常务会议');
    expect(traditional.content).toBe(simplified.content);
    expect(analyzeQuestion('开发区为何要召开推进会').content).toBe('开发区 要召开推进会');
  });
});
