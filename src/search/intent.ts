import { normalizeForSearch } from '../text/normalize.js';
import { LIST_CUE, OVERVIEW_CUE, PERIOD_LIST_CUE, SPEECH_ASKED } from './question-words.js';

// What a message asks for, decided by the search core so that every adapter (bot, pages, terminal) agrees.
// `chatter` is a message that is not a question at all (thanks, greetings, acknowledgements, laughter, praise,
// emoji, a word to the bot): it gets no quote, ever.

export type Intent = 'factoid' | 'overview' | 'list' | 'chatter';

/**
 * Chat phrases, in Simplified (Traditional arrives converted) and English. A message is chatter when it is made of
 * these alone, in any number and order ("好的，谢谢！", "哈哈哈 thanks").
 */
const CHAT_WORDS = [
  // thanks
  '谢谢(?:你|您|啦|了|哈|呀|大家|老师|机器人)?',
  '多谢(?:了|啦)?',
  '感谢(?:你|您|分享|回答|帮助)?',
  '谢了|谢啦|3q|3x|thx|tks|thanks?(?:alot|somuch)?|thankyou(?:verymuch|somuch)?|ty|cheers',
  '辛苦(?:了|啦|你了)?|麻烦(?:你)?了|有劳了|劳驾',
  // acknowledgement and agreement
  '好(?:的|吧|滴|嘞|哒|呀|啊|了|滴吧)?|好好|行(?:吧|的)?|可以(?:的)?|成|中|没问题|没毛病',
  '嗯+|恩+|哦+|噢+|喔+|额+|呃+|唔+|欸+|诶+|ok(?:ay|k)?|okk*|k|kk',
  '收到(?:了|啦)?|明白(?:了|啦)?|了解(?:了|啦)?|(?:我)?知道(?:了|啦)?|(?:我)?懂(?:了|啦)?|晓得了|清楚了|原来如此|原来是这样|这样啊|是这样啊|这样子|学到了|涨知识了?|长知识了?|受教了?|没有别的问题了?|没(?:有)?问题了',
  '是(?:的|啊|呀)?|对(?:的|啊|呀)?|没错|确实|有道理|同意|赞同|yes|yeah|yep|yup|sure|right|gotit|isee|noted|understood|alright|fine|np|noproblem',
  // laughter and praise
  '哈+|呵+|嘿+|嘻+|嘎+|h{2,}|2333+|666+|lol|lmao|haha+|hehe+',
  '厉害(?:了)?|赞+|点赞|棒(?:棒哒|极了)?|牛(?:逼|b|啊|哇)?|真(?:棒|好|不错|厉害|牛)|太(?:好|棒|厉害|牛)了?|不错|很好|挺好|好(?:厉害|棒)|优秀|完美|给力|哇+|wow|good(?:job)?|great|nice|awesome|perfect|amazing|cool|excellent|加油|加油鸭|冲鸭|威武',
  // greetings and farewells
  '你好(?:啊|呀)?|您好|大家好|早(?:上好|安|啊)?|上午好|中午好|午安|下午好|晚上好|晚安|嗨|哈喽|哈啰|hi|hello|hey|yo|morning|good(?:morning|afternoon|evening|night)|周末愉快|(?:节日|新年|周末)?快乐|愉快',
  '在吗|在不在|在么|在否|你好吗|你在吗|有人吗',
  '再见|拜拜|拜|回见|回头见|下次见|88|bye(?:bye)?|goodbye|seeyou|seeya|later',
  // apologies and "never mind"
  '不用了|不用谢|不客气|没事(?:了)?|没关系|算了|不必了|抱歉|对不起|不好意思|sorry|mybad|nevermind|nvm',
  // waiting, trying the bot out, not knowing
  '稍等(?:一下)?|等(?:一下|等|会儿)|测试(?:一下)?|testing|test|随便(?:问问|看看)|不知道(?:诶|呢|啊)?',
  // small talk: the weather, the day, how one feels ("今天好热啊", "下雨了", "周五了"); no information is asked
  '(?:今天|今儿|明天|昨天|最近|这几天|这两天|外面|早上|中午|下午|晚上)?(?:天气)?(?:真|好|太|挺|蛮|超|特别|有点儿?|越来越|又)?(?:热|冷|闷|晒|凉快|暖和|舒服|累|困|饿|忙|无聊|下雨|下雪|降温|升温)(?:死|极|坏)?(?:了|啦)?',
  '(?:今天|明天|终于|又)?(?:是)?(?:周[一二三四五六日末]|星期[一二三四五六日天]|礼拜[一二三四五六天]|下班|放假|周末)(?:了|啦)?',
  // closing a chat ("就这样吧", "先这样", "今天就到这", "没别的了")
  '(?:那|那就|就|先|暂时|今天|今天就|那今天就|那先)?(?:这样|这些|到这儿?|到这里|到此为止)(?:吧|了|啦|哈)?|没(?:有)?(?:别的?|其他的?)?(?:了|啦)?(?:问题)?|(?:下次|改天|回头)(?:再)?(?:聊|问)|先(?:撤|走|下)了?|(?:我)?(?:去)?忙(?:去)?了',
  // questions to the bot itself
  '你是谁|你叫什么(?:名字)?|你能做什么|你会(?:做)?什么|你是机器人吗',
];
/** Whom a chat line may address ("谢谢机器人", "hi bot"); alone, these are a search. */
const VOCATIVE = '机器人|小助手|助手|bot|各位|朋友们|大家|老师|小编|我的哥|兄弟|everyone|all|guys|folks';
const CHAT_PHRASE = new RegExp(
  `^(?:${VOCATIVE})*(?:${CHAT_WORDS.join('|')})(?:${CHAT_WORDS.join('|')}|${VOCATIVE})*$`,
  'u',
);

/** Emoticons and chat stickers typed as text: ":)", "^_^", "orz", "[微笑]", "(•̀ᴗ•́)". */
const EMOTICON = /\[[\p{sc=Han}a-z]{1,6}\]|[:;=]-?[)(dp]|\^_*\^|orz|qaq|t_t|>_<|-_-|o\(∩_∩\)o/gu;
/** Discord mentions and channel links: someone being addressed is not a question. */
const MENTION = /<[@#][!&]?\d+>|@\S+/gu;
/** Marks, particles and white space between chat phrases. */
const FILLER = /[\s,，、.。!！~～…·:：;；'"“”‘’()（）\-_*^]+|(?<=.)[啊呀啦哈吖哦了的呢嘛哟嘿哇]+$/gu;
/** A message of particles alone, a follow-up's frame at most before them. */
const PARTICLES_ONLY = /^(?:那么|那|还有)?[啊呀啦哈吖哦了的呢嘛哟嘿哇吗吧么]*$/u;
/** Emoji, with their modifiers and joiners. */
const EMOJI = /\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\u{FE0F}|\u{200D}|\u{20E3}/gu;
/** Anything that makes a message a question or a request. */
const ASKED =
  /[?？]|吗|想知道|想了解|想问|请教|(?:^|[\s,，。.!！~～])(?:那|那么|还有)\p{sc=Han}[^,，。.!！]{0,24}呢|谁|什么|甚么|啥|哪|多少|几[个名家位项次天年月号日时]|怎|如何|为何|为什么|是否|有没有|是不是|介绍|说说|讲讲|谈谈|查|找|搜|告诉|列出|有关|关于|新闻|报道|消息|\b(?:what|who|when|where|which|why|how|is|are|did|does|do|can|could|tell|show|find|list|search|news)\b/u;
/** Thanks, praise, cheers and wishes, wherever they stand in a message. */
const SENTIMENT =
  /谢谢|感谢|多谢|谢啦|辛苦|点赞|厉害|给力|真棒|太棒|好棒|牛|加油|不错|真好|太好了|最爱|喜欢|爱吃|愉快|快乐|开心|哈哈|嘻嘻|学到了|涨知识|长知识|受教|早安|晚安|你好|再见|拜拜|回头见|\b(?:thanks|thank|great|nice|cool|awesome|lol|bravo)\b/u;

/**
 * A message about the writer or to the bot ("我也是濮阳人", "我是新来的", "明天再来问你", "你真聪明"): without a question
 * word or a request it says something, it asks nothing. Not the paper's own "我市/我区" (a topic: "我市营商环境").
 */
const PERSONAL = /(?:我|俺|咱|你|您)(?!市|区|县|省|国|镇|乡|村|局|委|院|校|司|厂)/u;

/**
 * How a remark sounds, not a search: it ends in an exclamation, a particle of feeling ("真快啊", "也不错嘛", "好热呀"),
 * or a degree word and a quality ("发展真快", "挺忙的", "太难了"), or it answers the bot ("不是这个", "不对"). A search
 * for a topic ("开发区首席服务员") does none of these, and a question word or request outweighs them all.
 */
const REMARK = new RegExp(
  [
    '[!！]$',
    '(?<=\\p{sc=Han})[啊呀嘛啦哇耶哦噢咯喔呐]+$',
    '(?:真|太|好|挺|蛮|超|特别|非常|十分|越来越)(?:快|慢|好|棒|美|热|冷|忙|累|难|强|大|多|高|厉害|漂亮|不错|给力|可爱|感人|用心|暖心|好看|好吃|好用|方便|及时|迅速)(?:的|了|啦)?$',
    '^(?:不是|不对|错了)(?:这个|这篇|这条|这样|吧|啊|呀)?$',
  ].join('|'),
  'u',
);

/**
 * True for a message that is not a question: no letters or digits at all (emoji, marks), or only chat phrases. A
 * clause of a longer message (`asClause`) is not judged by how it sounds: "《停止！！ 云雀》" splits at its "！".
 */
export function isChatter(text: string, asClause = false): boolean {
  const raw = normalizeForSearch(text).replace(MENTION, ' ').replace(EMOTICON, ' ');
  const emoji = EMOJI.test(raw);
  const t = raw.replace(EMOJI, ' ').trim();
  if (!/[\p{L}\p{N}]/u.test(t)) return true;
  // A remark, not a question: no question word or mark, no request, and thanks, praise, an emoji, the writer or the
  // sound of a remark in it ("为开发区点赞👍", "王金勇记者辛苦了", "谢谢啦，佳盼这孩子真不错", "开发区发展真快啊").
  if (
    !ASKED.test(t) &&
    (emoji || SENTIMENT.test(t) || PERSONAL.test(t) || (!asClause && REMARK.test(t.replace(/[~～…。.\s]+$/u, ''))))
  )
    return true;
  // A question mark makes a question of anything but the greetings that ask after the bot ("在吗？", "你好吗？").
  const asked = /[?？]/u.test(t);
  const core = t.replace(/[?？]+/gu, '').replace(FILLER, '');
  // Only particles, with or without a follow-up's frame ("呢", "那呢？", "吗？", "啊？"): there is nothing to ask about.
  if (core !== '' && PARTICLES_ONLY.test(core)) return true;
  if (core === '') return !asked;
  if (!CHAT_PHRASE.test(core)) return false;
  return (
    !asked ||
    /^(?:在吗|在不在|在么|你好吗|你在吗|有人吗|你是谁|你叫什么(?:名字)?|你能做什么|你会(?:做)?什么|你是机器人吗)$/u.test(
      core,
    )
  );
}

/**
 * The question without the chat around it: "谢谢！那开发区给多少家…？", "在吗？雪汇…", "…复工的？谢谢" lose the clauses
 * that are chatter on their own, so thanks and greetings are not searched as words of the question.
 */
const CHAT_CLAUSE = 8;

export function withoutChat(text: string): string {
  const parts = text.split(/(?<=[!！。,，~～…?？\s])/u);
  // A short clause only: a longer one that reads as a remark ("宣传片不给力，后来是谁…") is part of the question.
  const chat = (p: string): boolean =>
    Array.from(p.replace(/[\s\p{P}]/gu, '')).length <= CHAT_CLAUSE && isChatter(p, true);
  let i = 0;
  let j = parts.length;
  while (i < j - 1 && chat(parts[i]!)) i++;
  while (j > i + 1 && chat(parts[j - 1]!)) j--;
  return parts.slice(i, j).join('');
}

/** The intent of a question that is not chatter: a dated list, an overview, or a fact. */
export function intentOf(q: string, namesPeriod: boolean): Exclude<Intent, 'chatter'> {
  // What one speaker said is a fact to find, even on a given day: not the day's list, nor the meeting's overview.
  if (SPEECH_ASKED.test(q)) return 'factoid';
  if (LIST_CUE.test(q)) return 'list';
  if (namesPeriod && PERIOD_LIST_CUE.test(q)) return 'list';
  if (/(?:最近|近期|近来|最新|近日|这段时间|这阵子|latest|recent)/u.test(q) && PERIOD_LIST_CUE.test(q)) return 'list';
  if (OVERVIEW_CUE.test(q)) return 'overview';
  return 'factoid';
}
