import { CLAUSE_MARKS } from '../text/chars.js';
import { CN_DIGIT, smallNumber } from '../text/numerals.js';
import { ROLE_VERBS } from './predicate.js';
import type { QuestionAnalysis } from './question.js';
import { SPEECH_ASKED } from './question-words.js';
import type { QuoteSource } from './quotes.js';

// What a fact question constrains besides its words, which the quote must meet: a year the quote's sentence does not
// contradict, a figure of the thing asked rather than of a group it is listed in, a superlative the sentence states,
// an ordinal ("第一名") the article states. Each is a sentence of the pages answering another question than the
// reader's: "2020年，工业园区…亩均工业税收16.85万元" for 2021, "X、Y等多个途径…累计10万多元" for X alone.

/** Does a quote's sentence (normalised) in its article meet the question's constraints? */
export type SentenceCheck = (sentence: string, src: Pick<QuoteSource, 'date' | 'text' | 'read'>) => boolean;

/** Years written in digits or Chinese numerals ("2019年", "2017—2019年", "二○一九年"), ranges expanded. */
const YEAR = /((?:19|20)\d{2})\s*(?:[—\-－~～至到]\s*((?:19|20)\d{2})\s*)?年/gu;
const CN_YEAR = /([〇○零一二三四五六七八九]{4})年/gu;
/** Years the paper names by the report's own: 今年 is the year of the article's date. */
const RELATIVE_YEAR: [RegExp, number][] = [
  [/今年|本年|当年/u, 0],
  [/去年|上年/u, -1],
  [/前年/u, -2],
  [/明年/u, 1],
];

/** The years a sentence states, in digits, Chinese numerals, or relative to its article's year. */
export function sentenceYears(sentence: string, articleYear: number | undefined): Set<number> {
  const out = new Set<number>();
  for (const m of sentence.matchAll(YEAR)) {
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    for (let y = from; y <= Math.min(to, from + 30); y++) out.add(y);
  }
  for (const m of sentence.matchAll(CN_YEAR)) out.add(Number([...m[1]!].map((c) => CN_DIGIT[c]).join('')));
  if (articleYear !== undefined)
    for (const [re, offset] of RELATIVE_YEAR) if (re.test(sentence)) out.add(articleYear + offset);
  return out;
}

/** The years of a question's own period ("2019年", "2021年4月"), none for a relative one or one of any year. */
function questionYears(q: Pick<QuestionAnalysis, 'period'>): number[] {
  const p = q.period;
  if (!p || p.relative || p.latest || !p.from || !p.to || p.from.startsWith('--')) return [];
  const first = Number(p.from.slice(0, 4));
  const last = Math.min(Number(p.to.slice(0, 4)), first + 30);
  const out: number[] = [];
  for (let y = first; y <= last; y++) out.push(y);
  return out;
}

const yearOf = (date: string | undefined): number | undefined =>
  date && /^\d{4}/u.test(date) ? Number(date.slice(0, 4)) : undefined;

/**
 * A sentence that states years, none of them the question's, speaks of another time: "今年预期目标…" in a 2020
 * report does not answer for 2019, though the article names 2019 elsewhere. A sentence stating no year is left to
 * the article's date (answer-factoid.ts).
 */
function yearCheck(q: Pick<QuestionAnalysis, 'period'>): SentenceCheck | undefined {
  const years = questionYears(q);
  if (years.length === 0) return undefined;
  return (sentence, src) => {
    const stated = sentenceYears(sentence, yearOf(src.date));
    return stated.size === 0 || years.some((y) => stated.has(y));
  };
}

/** "等" closing a list ("X、Y等多个途径", "X等12个重点项目"), not 等待, 等级, 平等, 等于. */
const LIST_END = /(?<![平相对同高中初上下均])等(?![待候级于到同])/gu;
/** A clause ends at a clause mark, a bracket or a quotation mark. */
const CLAUSE_MARK = new RegExp(`[${CLAUSE_MARKS}（）()“”]`, 'u');
/** Clauses of a sentence, for the rank check: split at the clause marks. */
const CLAUSE_SPLIT = new RegExp(`[${CLAUSE_MARKS}]`, 'u');
const MIN_SHARED = 3;

/** The longest end of `item` the question holds, in characters. */
function sharedEnd(question: string, item: string): number {
  let n = 0;
  while (n < item.length && question.includes(item.slice(item.length - n - 1))) n++;
  return n;
}

/**
 * Is a name of the question one item of a list the sentence closes with 等? Then the sentence's figure is the
 * list's: "张峰通过市红十字会、濮阳安阳商会等多个途径捐款捐物累计10万多元" does not say what the Red Cross got. A
 * question that says 等 itself asks for the list's figure.
 */
export function listedInGroup(question: string, sentence: string): boolean {
  if (question.includes('等')) return false;
  for (const m of sentence.matchAll(LIST_END)) {
    let start = m.index;
    while (start > 0 && !CLAUSE_MARK.test(sentence[start - 1]!)) start--;
    const items = sentence.slice(start, m.index).split(/[、和与及]/u);
    // An item holding its own figure ("投资4600万元的高标准农田建设等") is not summed with the others.
    if (items.some((item) => !/\d/u.test(item) && sharedEnd(question, item) >= MIN_SHARED)) return true;
  }
  return false;
}

/** A sentence reporting what was said ("王家鹏最后强调，…", "他表示，…"), not only that a speech was made. */
const REPORTED_SPEECH = /指出|强调|表示|说|要求|提出|认为|称|谈到|讲到|提到|希望|呼吁/u;
/** A superlative the question asks ("投资最大的", "最早"): the sentence must rank, not only list. */
const SUPERLATIVE_ASKED = /最(?:大|多|高|低|少|小|快|慢|好|强|重|远|贵|便宜)/u;
const RANKS = /最|之最|榜首|居首|首位|冠军|之冠|第一[大多高长]/u;

/**
 * An ordinal the question states of a rank ("第一名") or of a role ("第一个发言的"), which the article must state too;
 * not of a thing ("第一个使用…的语言"), which an encyclopaedia states in other words (最早).
 */
const ORDINAL = new RegExp(`第([一二三四五六七八九十]+|\\d+)(?:(名|位|家|号)|(个|位)(?=${ROLE_VERBS}))`, 'u');

/** First place won or held, with no unit ("哪个部室拿了第一", "谁得了第一"). */
const WON_FIRST = /(?:拿|得|获|夺|争|摘|排|列|居)(?:了|得|到)?第一(?![批次届期组轮季个项家条年月天号])/u;
/** The ways a paper writes who came first. */
const FIRST_PLACE = ['第一名', '第1名', '冠军', '一等奖', '头名', '榜首', '夺冠', '排名第一', '位居第一', '居第一'];

/** The ways a paper writes an ordinal: 第一名, 第1名, and for the first 首个, 首次, 首位, 首家. */
export function ordinalForms(said: string): string[] {
  const m = ORDINAL.exec(said);
  if (!m) return WON_FIRST.test(said) ? FIRST_PLACE : [];
  const n = m[1]!;
  const unit = (m[2] ?? m[3])!;
  const forms = [`第${n}${unit}`];
  const value = smallNumber(n);
  if (value !== undefined) forms.push(`第${value}${unit}`);
  if (n === '一' || n === '1') forms.push(`首${unit}`);
  return forms;
}

function ordinalCheck(question: string): SentenceCheck | undefined {
  const forms = ordinalForms(question);
  if (forms.length === 0) return undefined;
  return (_sentence, src) => {
    const text = (src.read?.norm ?? src.text).replace(/\s+/gu, '');
    return forms.some((f) => text.includes(f));
  };
}

/** The whole of a country, province, city or district a figure or a rank is of ("全国第一", "全省第一方阵"). */
const SCOPE = /全国|全省|全市|全区|全县/gu;

/**
 * A figure or a rank of another scope than the question's: "位于全省第一方阵" does not say where the city stands in
 * the country (全国). A sentence naming no scope is not held against.
 */
export function otherScope(question: string, sentence: string): boolean {
  const asked = question.match(SCOPE);
  if (!asked) return false;
  const said = sentence.match(SCOPE);
  return said !== null && !said.some((s) => asked.includes(s));
}

/**
 * A count of two or more and the thing counted ("15个事项", "17个专项小组", "另外三个"): not an ordinal ("第一大镇"),
 * not one ("一个使用…的语言"), not a digit of a name ("三一大修道院").
 */
const COUNT =
  '(?<![第\\d一二三四五六七八九十百千万])(?:\\d+|[两二三四五六七八九十百][一二三四五六七八九十百]*)\\s*(?:个|项|家|名|位|件|条|所|座|类|种|批|份|大)';
/**
 * A question asking for the members of a set it counts ("15个事项都有哪些", "另外三个叫啥", "17个专项小组都是哪些"),
 * not for a time or a place of it ("4个文件是什么时候通过的").
 */
const MEMBERS_ASKED = new RegExp(
  `${COUNT}\\p{sc=Han}{0,8}?(?:都|分别|具体|各)?(?:有|是|叫|为)?(?:哪些|哪几[个项家位条种]?|什么|啥|谁)[？?]?$`,
  'u',
);
/** A list the sentence gives: items between 、 or joined by 和/与/及, named documents, or numbered points. */
const ENUMERATION = /、|和|与|及|《[^》]+》[^《]*《|一是.*二是|（[一二1]）.*（[二2]）/u;
/** A list cut short before its count ("企业开办、建筑施工许可、不动产登记等17个专项小组"): only some of the members. */
const PARTIAL_LIST = new RegExp(`等\\s*${COUNT}`, 'u');

/**
 * The members of a counted set are given only by a sentence that lists them all: "15个政务服务事项实现“秒批”" only
 * counts them, and "…等17个专项小组" names a few.
 */
export function enumerates(sentence: string): boolean {
  return ENUMERATION.test(sentence) && !PARTIAL_LIST.test(sentence);
}

/**
 * A standing in a table asked ("在全省排第几", "排名如何"); not a contest's place ("获得了第几名"), which the ordinal
 * rules above and answer typing check.
 */
const RANK_ASKED = /排(?:名|在|行)?(?:第)?(?:几|多少)|(?:位居|位列|名列|居)第?几|名次|排名(?:如何|怎样|怎么样)/u;
/** An ordinal of a rank in a sentence ("全省第22", "第1位"), not of a batch or a session. */
const RANK_SAID = /第[一二三四五六七八九十\d]+(?![一二三四五六七八九十\d批次届期组轮季个项年月天号条])/u;
const RANK_SCOPE = /在|全国|全省|全市|全区|全县|中|里|的/gu;
/** How much of the end of what the question ranks ("…企业利润增长" → 利润增长) its ordinal's clauses must hold. */
const RANKED_CHARS = 4;

/**
 * A rank is of what the sentence ranks: "亩均工业税收16.85万元，排名全省第22" ranks the tax per mu, not the growth of
 * profits listed before it. The ordinal's clause or the one before it must hold a pair of characters of the end of
 * what the question ranks (its head: 利润增长 of 工业园区企业利润增长, not the body 工业园区).
 */
function rankCheck(question: string): SentenceCheck | undefined {
  const m = RANK_ASKED.exec(question);
  if (!m) return undefined;
  const runs =
    question
      .slice(0, m.index)
      .replace(RANK_SCOPE, ' ')
      .match(/\p{sc=Han}+/gu) ?? [];
  const head = (runs.at(-1) ?? '').slice(-RANKED_CHARS);
  const pairs: string[] = [];
  for (let i = 0; i + 1 < head.length; i++) pairs.push(head.slice(i, i + 2));
  return (sentence) => {
    const clauses = sentence.split(CLAUSE_SPLIT);
    return clauses.some((clause, i) => {
      if (!RANK_SAID.test(clause)) return false;
      const owner = (clauses[i - 1] ?? '') + clause;
      return pairs.length === 0 || pairs.some((p) => owner.includes(p));
    });
  };
}

/** A total asked ("一共", "累计", "总共多少"). */
const TOTAL_ASKED = /一共|总共|共计|总计|合计|累计|总数|总量|加起来/u;
/** One part of a total: a batch, a round, "其中". */
const PART_SAID = /第[一二三四五六七八九十\d]+(?:批|次|轮|期|阶段|季度)|其中/u;
const TOTAL_SAID = /共|累计|总|合计|全部/u;
/**
 * A total is not given by one batch's figure: "交办第七批3个群众举报件" does not say how many were handed over in all.
 * A question naming the part itself ("第七批…多少") asks for the part.
 */
function totalCheck(question: string): SentenceCheck | undefined {
  if (!TOTAL_ASKED.test(question) || PART_SAID.test(question)) return undefined;
  return (sentence) => !PART_SAID.test(sentence) || TOTAL_SAID.test(sentence);
}

/** A yes/no about membership ("47家企业里有没有雪汇", "…中是否包括恒丰"): the member asked. */
const MEMBER_ASKED = new RegExp(
  `${COUNT}\\p{sc=Han}{0,8}(?:里|中|里面|当中|之中)(?:有没有|有无|是否有|是否包括|是否包含|包不包括|包括)(\\p{sc=Han}{2,10}?)(?:吗|呢|没有|不)?[？?]?$`,
  'u',
);
/** A member that is itself asked for ("…中有几位是校友"): no yes/no of membership. */
const ASKED_MEMBER = /几|多少|哪|什么|谁|啥/u;
const MEMBER_KIND = /(?:公司|企业|集团|有限公司|食品|电子|项目)$/u;
/** The member a membership question asks about must be named in the sentence that gives the set. */
function memberCheck(question: string): SentenceCheck | undefined {
  const m = MEMBER_ASKED.exec(question);
  if (!m || ASKED_MEMBER.test(m[1]!)) return undefined;
  const member = m[1]!;
  const core = member.replace(MEMBER_KIND, '');
  const named = core.length >= 2 ? core : member;
  return (sentence) => sentence.includes(named);
}

/** The question's constraints on its quote's sentence, or undefined when it has none. */
export function constraintsOf(q: Pick<QuestionAnalysis, 'text' | 'asks' | 'period'>): SentenceCheck | undefined {
  // Checks made from the question once, then those that look at the sentence alone.
  const checks: SentenceCheck[] = [
    yearCheck(q),
    ordinalCheck(q.text),
    rankCheck(q.text),
    q.asks === 'how-many' ? totalCheck(q.text) : undefined,
    memberCheck(q.text),
  ].filter((c) => c !== undefined);
  if (q.asks === 'how-many')
    checks.push((sentence) => !listedInGroup(q.text, sentence) && !otherScope(q.text, sentence));
  if (SUPERLATIVE_ASKED.test(q.text)) checks.push((sentence) => RANKS.test(sentence));
  if (SPEECH_ASKED.test(q.text)) checks.push((sentence) => REPORTED_SPEECH.test(sentence));
  if (MEMBERS_ASKED.test(q.text)) checks.push(enumerates);
  if (checks.length === 0) return undefined;
  return (sentence, src) => checks.every((c) => c(sentence, src));
}
