import { CN_DIGIT, smallNumber } from '../text/numerals.js';
// The words a question is made of besides its content: question words, particles, polite frames and the words that
// say what kind of reply is wanted. One table each, in Simplified script only: every question is normalised first
// (NFKC, Traditional → Simplified, lower case: src/text/normalize.ts), so 誰/何處/為何/幾時 arrive as 谁/何处/为何/几时.
// Colloquial and Cantonese forms (啥, 咋, 几时, 边个, 点解, 几多) and English question words are listed beside them.

/** What a factoid question asks. */
export type Asks = 'who' | 'when' | 'where' | 'how-many' | 'which' | 'why' | 'how' | 'yes-no' | 'what';

/** What kind of text answers it. */
export type AnswerType = 'time' | 'number' | 'person' | 'place' | 'organization' | 'reason' | 'other';

/** Measure words and units a count or amount is written with ("47名", "16家", "3.2万平方米", "1.2%"). */
export const MEASURES =
  '个百分点|个月|个工作日|工作日|个星期|人次|万元|亿元|万美元|美元|块钱|块|千克|公斤|平方米|平方公里|平方千米|立方米|公里|千米|公顷|公分|公尺|厘米|毫米|万吨|百分点|个百分点|名|家|个|项|次|人|户|位|元|亩|吨|份|所|座|条|件|台|辆|套|米|倍|批|场|期|篇|种|类|支|株|棵|只|头|间|栋|幢|层|部|本|张|块|起|轮|届|周|天|年|月|日|小时|分钟|秒|岁|页|%|‰';

/** Offices a paper names people by ("市长杨青玖", "管委会主任邵平"): who holds one, and who a named person is. */
export const OFFICES =
  '秘书长|书记|副书记|主任|副主任|市长|副市长|县长|区长|局长|总经理|经理|董事长|负责人|主席|院长|校长|厂长|部长|省长|镇长|村长|队长|组长|站长|所长|行长|社长|会长|理事长|总裁|总统|总理|首相|国王|皇帝|教授|博士|记者|导演|作者|演员|歌手|队员|球员|志愿者';

/** Durations: what "多久/多长时间" is answered with. */
export const DURATION_UNITS = '年|个月|月|周|星期|天|日|小时|分钟|秒|个工作日|工作日';

interface Cue {
  re: RegExp;
  asks: Asks;
  type: AnswerType;
}

/** Head nouns after 哪/什么 that fix the answer type ("哪家企业" → organisation, "什么地方" → place). */
export const HEAD_TYPE: [RegExp, AnswerType][] = [
  [/^(?:个|一个|一)?(?:年|年份|月|天|日|时候|时间|日子|季度|朝代|世纪)/u, 'time'],
  [/^(?:位|个人|人|些人|名)|^(?:个|一个|一位)?(?:领导|干部|人物|演员|作者|学者|球员|官员|皇帝|国王|总统)/u, 'person'],
  [
    /^(?:个|一个|些|家|一家|所|一所)?(?:企业|公司|单位|部门|机构|学校|大学|学院|医院|银行|组织|团队|球队|政权|政党|党派|报社|集团|工厂|厂|协会|合作社|政府|军队|机关)/u,
    'organization',
  ],
  [
    /^(?:个|一个|些|座|一座)?(?:地方|地点|地区|国家|城市|省|省份|市|县|区|镇|乡|村|街道|路|位置|方向|岛|河|山|湖|海域)/u,
    'place',
  ],
];

/** Factoid question words, most specific first; the first that matches decides what is asked. */
export const FACTOID_CUES: Cue[] = [
  {
    re: /什么时候|什么时间|啥时候|啥时间|啥时|何时|几时|哪天|哪一天|哪日|哪一日|哪年|哪一年|几月|几号|几日|多会儿|何年|何日|什么日子|哪个时候|\bwhen\b|what time|what date|what year|which year|which day/u,
    asks: 'when',
    type: 'time',
  },
  {
    re: /多少|几个|几名|几家|几位|几项|几次|几份|几人|几天|几年|几倍|几成|几条|几所|几座|几批|几种|几何(?!学)|几多|第几|多大|多高|多长|多重|多远|多深|多宽|多久|多快|多厚|\bhow (?:many|much|long|big|large|far|old)\b|what percentage/u,
    asks: 'how-many',
    type: 'number',
  },
  { re: /谁|哪位|何人|什么人|啥人|边个|\bwho(?:m|se)?\b/u, asks: 'who', type: 'person' },
  {
    re: /哪里|哪儿|在哪|去哪|何处|何地|何方|什么地方|啥地方|哪个地方|边度|喺边|\bwhere\b/u,
    asks: 'where',
    type: 'place',
  },
  // Not "称为什么", "成为什么", "被封为什么": 为 bound to the verb before it, asking what something is called or became.
  {
    re: /(?<![称成作列封改视定选分认译名变化转划评升命立拜授])为什么|为何|为啥|干嘛|干吗|何故|什么原因|啥原因|原因是什么|点解|\bwhy\b/u,
    asks: 'why',
    type: 'reason',
  },
  { re: /哪|\bwhich\b/u, asks: 'which', type: 'other' },
  { re: /怎么|怎样|如何|咋|\bhow\b/u, asks: 'how', type: 'other' },
  {
    re: /是否|是不是|有没有|有冇|系唔系|能不能|会不会|可不可以|对不对|吗$|(?:了|过)没有?$|(?<![什怎甚这那多])么$|^(?:is|are|was|were|did|does|do|can|could|will|has|have|had)\b/u,
    asks: 'yes-no',
    type: 'other',
  },
];

/** A question without a question word that still asks for a type: "X访华时间", "X的总经理是", "人数". */
export const TYPE_BY_ENDING: [RegExp, Asks, AnswerType][] = [
  [/(?:时间|日期|年份|年代|时期|期间|时段)(?:是|为)?$/u, 'when', 'time'],
  [
    /(?:数量|总额|金额|人数|面积|产量|产值|规模|比例|比重|增速|增幅|增长率|价格|票价|高度|长度|宽度|深度|重量|人口|总数|数目|总量|收入|投资|预算|排名|名次)(?:是|为|有)?$/u,
    'how-many',
    'number',
  ],
  [
    /(?:书记|主任|市长|县长|区长|局长|经理|总经理|董事长|负责人|主席|院长|校长|厂长|部长|省长|总统|总理|作者|导演|创始人|发明者|主编|主持人)(?:是|为)?$/u,
    'who',
    'person',
  ],
  [/(?:位于|地址|地点|所在地|总部|籍贯|故乡|出生地)(?:是|在|为)?$/u, 'where', 'place'],
];

/**
 * Everything removed from a question before its words are matched against the archive: question words, particles,
 * polite and reporting frames. Longest first, so "什么时候" goes before "什么".
 */
export const NON_CONTENT = new RegExp(
  [
    // frames: "请问", "我想知道", "能告诉我…吗", "你知道…吗", "报纸上说", "新闻里"
    '请问一下|请问|请教一下|请教|我想问一下|我想问|我想知道|想知道|想了解|想问|问一下|问下|能不能告诉我|能否告诉我|能告诉我|可以告诉我|告诉我|帮我查一下|帮我查查|帮我查|帮我找|查一下|查查|查找|搜一下|搜索|你知道|您知道|知道|谁知道|有人知道',
    '报纸上|报纸里|报纸|报上|新闻里|新闻中|文章里|文中|档案里|档案中|里面|上面说|据报道|报道了|报道中|报道里|报道说|有报道|提到了|提到过|提到|提及|说过|说了|讲了|讲到|说到|谈到|写到|写了',
    // question words, longest first
    '什么时候|什么时间|啥时候|啥时间|什么地方|啥地方|什么原因|啥原因|原因是什么|什么人|啥人|什么样的|什么样|怎么样|怎么回事|咋回事|怎么办|咋办|为什么|为何|为啥|有多少|有几个|是多少|有没有|是不是|是否|能不能|会不会|可不可以|对不对|有冇|系唔系',
    '什么|甚么|啥|咩|乜嘢|多少|几多|几何(?!学)|多大|多高|多长|多重|多远|多深|多宽|多久|多快|多厚|(?:在|去|从|到)?哪(?:一)?(?:个|位|家|所|种|类|项|天|年|里|儿|些|座|条|批|次|日)?|何时|何处|何地|何人|何方|何故|几时|几月|几号|几日|几(?=[名家个位项次份人天年倍成条所座批种])|谁|边个|边度|喺边|点解|怎么|怎样|如何|咋|干嘛|干吗',
    // particles and marks
    // "写了些什么": 些 only counts the what
    '些(?=什么|啥)|吗|嘛|呢|吧|呀|啊|哇|(?<![什怎甚这那多])么|咧|喔|哦|嘞|捏|\\?|？|!|！|,|，|。|：|:|“|”|"',
    // English question words and auxiliaries
    '\\b(?:what|when|where|which|who|whom|whose|why|how|many|much|did|does|do|is|are|was|were|the|a|an|of|in|on|about|tell|me|please|can|could|you|there|any)\\b',
  ].join('|'),
  'gu',
);

/** Words a list or overview question wraps its topic in ("有哪些新闻", "做了什么", "讲了什么", "情况如何"). */
export const REPLY_WORDS = new RegExp(
  [
    '都有哪些|有哪些|都有什么|有什么|有啥|(?:做|干|搞|开|写|发|开展|组织|召开|举办|举行|采取|发生|出)(?:了|过)(?:哪些|什么|啥|哪几)|(?:在|要)?(?:搞|做|干)(?:什么|啥)|出了什么事|有何|有些',
    '新闻|消息|报道|动静|动态|资讯|大事|事情|情况|进展|概况|内容|主要内容|动作|举措|措施|活动|新鲜事|近况|稿子|文章|怎么样|怎样|如何|介绍一下|介绍|说说|讲讲|谈谈|聊聊|讲的是|讲了|说了|关于|有关|方面|领域|相关|这块|那块|这方面|那天|当天|那一天|这一天|一下|都|的',
    '\\b(?:news|latest|recent(?:ly)?|happened|happening|report(?:s|ed)?|articles?|stories|story|overview|summary|summari[sz]e)\\b',
  ].join('|'),
  'gu',
);

/**
 * The question asks what someone said in a speech ("区税务局负责人发言讲了什么", "他讲话的主要内容"): a fact, answered only by a
 * sentence that reports the words, not by one saying a speech was made ("五家单位负责人分别作了典型发言").
 */
export const SPEECH_ASKED =
  /(?:发言|讲话|致辞|表态)(?:中|时|里)?(?:都|主要)?(?:讲|说|谈|提)?(?:了|到|过)?(?:些)?(?:什么|啥|哪些)|(?:发言|讲话|致辞)(?:的)?(?:主要)?内容/u;

/** The question asks about a whole event or topic: answered by an article's lead and its most relevant lines. */
export const OVERVIEW_CUE =
  /(?:讲|说|谈|写|报道|介绍|提)了?(?:些)?(?:什么|啥|哪些内容)|讲的是什么|说的是什么|(?:什么|啥|哪些)内容|内容(?:是什么|有哪些|是啥)|(?:情况|进展|近况|概况)(?:如何|怎样|怎么样|咋样)?$|怎么样了?$|咋样了?$|如何了$|介绍一下|^(?:介绍|说说|讲讲|谈谈|聊聊)|怎么回事|咋回事|什么情况|啥情况|到哪一步|进行到哪|建到哪|什么进展|啥进展|进度如何|(?:出了|采取了|有)(?:什么|哪些|啥)(?:实招|招数|办法|措施|举措|做法|经验|成效|成果)|\btell me about\b|\bwhat about\b|\boverview\b|\bsummar/u;

/** The question asks which articles there are: answered by a dated list. */
export const LIST_CUE = new RegExp(
  [
    // "有哪些新闻", "出了什么事": being or happening, with a word for news or events
    '(?:有|出了|发生了)(?:哪些|什么|啥|哪几)(?:新|大)?(?:新闻|消息|报道|动静|动态|活动|事情|事|会议|动作|变化|新鲜事|资讯)',
    // "开了哪些会", "写了哪些稿子", "做了哪些工作": doings over time, any object
    '(?:做|干|搞|开|写|发|登|开展|举办|举行|召开|组织|采取)(?:了|过)(?:哪些|哪几)',
    '(?:做|干|搞|开展|举办|举行|召开|组织)(?:了|过)(?:什么|啥)(?:新闻|消息|报道|活动|事情|事|会议|会|工作|举措|措施)',
    '(?:哪些|什么|啥)(?:新闻|消息|报道|动态|资讯|稿子|文章)',
    '(?:有|开|搞|办|举办|举行|开展)(?:了|过)?(?:哪些|什么|啥)(?:活动|会议)',
    '(?:新闻|消息|报道|动态|动静|资讯)(?:有哪些|有什么|有啥|吗)?$',
    '都有(?:哪些|什么|啥)(?:新闻|消息|报道|动静|动态|活动|事情|事|会议|工作|举措|项目)',
    '^(?:最近|近期|近来|最新|近日)?(?:的)?(?:新闻|消息|报道)',
    "\\b(?:what|any) (?:news|reports?|articles?|stories)\\b|\\bwhat(?:'s| is)? (?:new|happening)\\b|\\bwhat happened\\b",
    '\\bwhat (?:has|have|did) .+ (?:done|do)\\b',
  ].join('|'),
  'u',
);

/** Doings over a period ("最近做了什么", "上周有什么", "7月份发生了什么"): a list when the question names a time. */
export const PERIOD_LIST_CUE =
  /(?:有|做|干|搞|在搞|在做|在干|发生|出|开|开展|举办|举行|忙|要做|要干|打算|计划)(?:了|过)?(?:些)?(?:哪些|什么|啥)(?:新闻|消息|报道|动静|动态|活动|事情|事|会议|会|工作|举措|措施|打算|安排|计划|大事)?$|有何(?:动作|举措|新闻)|有(?:什么|啥|哪些)(?:打算|安排|计划)|\bwhat (?:did|has|happened)\b/u;

/** What a list of meetings or events is about, in the words papers use for them ("开了哪些会" → 会议, 大会…). */
export const LIST_OBJECTS: [RegExp, string][] = [
  [/(?:开|召开)(?:了|过)?(?:哪些|什么|啥|哪几个?)会(?!议)/u, '会议|大会|推进会|动员会|座谈会|工作会|例会'],
];

/** Colloquial words a paper writes formally ("老总" is 总经理 in print), replaced before matching. */
const COLLOQUIAL: [RegExp, string][] = [
  [/老总|老板/gu, '总经理'],
  [/一把手/gu, '书记'],
  [/娃娃|小孩儿?|孩子们/gu, '孩子'],
];

/**
 * The question in the paper's words: colloquial words made formal, and months and days in Chinese numerals made
 * digits ("六月底" → "6月底"), as papers print them.
 */
export function plainWords(q: string): string {
  const formal = COLLOQUIAL.reduce((s, [re, word]) => s.replace(re, word), q).replace(
    // "二〇二〇年" → "2020年": a year digit by digit, as mastheads and formal writing print it
    /(?<![\d〇○零一二三四五六七八九十])([〇○零一二三四五六七八九]{4})(?=\s*年)/gu,
    (y: string) => [...y].map((c) => CN_DIGIT[c]).join(''),
  );
  return formal.replace(
    /(?<![\d一二三四五六七八九十百千万亿])([一二两三四五六七八九十]{1,3})(月|[日号](?![本期]))/gu,
    (all, n: string, unit: string) => {
      const v = smallNumber(n);
      return v !== undefined && v >= 1 && v <= (unit === '月' ? 12 : 31) ? `${v}${unit}` : all;
    },
  );
}
