import { findDates, formatDate, type PartialDate } from '../ingest/dates.js';
import { normalizeForSearch } from '../text/normalize.js';
import { ADMIN_OFFICE, focusOf, headNoun, questionNumbers } from './focus.js';
import { type Intent, intentOf, isChatter, withoutChat } from './intent.js';
import { findPeriod, type Period } from './period.js';
import { bodiesIn, brandsIn, isBodyWord, namesIn } from './places.js';
import {
  type AnswerType,
  type Asks,
  FACTOID_CUES,
  HEAD_TYPE,
  LIST_OBJECTS,
  MEASURES,
  NON_CONTENT,
  OFFICES,
  plainWords,
  REPLY_WORDS,
  TYPE_BY_ENDING,
} from './question-words.js';

// What a question asks for, read without a model: its intent (a fact, an overview, a list of articles, or no
// question at all), what a fact question asks and the type of text that answers it, the period it names, and its
// content words for matching.

export type { AnswerType, Asks } from './question-words.js';

export interface QuestionAnalysis {
  /** The question as searched: NFKC, Simplified, lower case. */
  text: string;
  intent: Intent;
  /** For a factoid: who, when, where, how many… */
  asks: Asks | null;
  /** The type of text that answers a factoid (a date for "when", a count for "how many"). */
  answerType: AnswerType | null;
  /** The measure word or unit a count is asked in ("多少名" → 名; "多少钱" → 元; "多久" → a duration). */
  measure: string | null;
  /** The question without question words and particles: the words to match. */
  content: string;
  /** What a list or overview is about: the content without the period or the reply words ("有哪些新闻"). */
  topic: string;
  /** The time the question is about, if it names one. */
  period: Period | null;
  /** For a factoid: the thing asked about ("多少名员工" → 员工); a quote must name it. */
  focus: string[];
  /** Numbers the question states ("第100次"): the answer's article must state them too. */
  numbers: string[];
  /** The kind of thing a which-question asks for ("哪所大学" → 大学). */
  head: string | null;
  /** A when-question about a time still to come ("什么时候能通上…"). */
  future: boolean;
  /** "谁是邵平", "杨青玖是谁": the person a who-question asks about, whose office answers it. */
  whoIs: string | null;
  /** "濮阳市长是谁": the office whose holder a who-question asks for. */
  office: string | null;
  hasHan: boolean;
}

const FUTURE_WHEN =
  /(?:什么时候|何时|哪天|啥时候|几时|哪一天)(?:才)?(?:能|会|将|可以|要)|(?:能|会|将|要|预计|计划|打算|准备)(?:在)?(?:什么时候|何时|哪天|啥时候|几时)/u;

/** Strip marks and particles off the end, so cues anchored at the end ("…怎么样", "…吗") see the last word. */
const bare = (q: string): string => q.replace(/[\s?？!！。.,，~～…]+$/u, '');

/** A count of people asked without a measure word ("多少人口", "人数是多少"): answered in 人, 名, 万人. */
const PEOPLE_COUNT = /(?:多少|几)(?:常住)?(?:人口|人数)|(?:人口|人数)(?:总数|数量)?(?:是|有|为|达)?(?:多少|几)?$/u;

function measureOf(q: string): string | null {
  if (PEOPLE_COUNT.test(bare(q))) return '人';
  if (/多少钱|多少元|几块钱|how much money/u.test(q)) return '元';
  if (/多久|多长时间|多少时间|时间多长|时间有多长|how long/u.test(q)) return 'duration';
  if (/多少岁|多大年纪|几岁|how old/u.test(q)) return '岁';
  if (/百分之几|百分之多少|多少百分点|几个百分点|percentage/u.test(q)) return '%';
  if (/第几|第多少/u.test(q)) return 'ordinal';
  const m = new RegExp(`(?:多少|几)\\s*(${MEASURES})`, 'u').exec(q);
  return m ? m[1]! : attributeMeasure(q);
}

/**
 * The measure of an attribute asked without a measure word ("亩均工业税收是多少" → 元, "面积有多大" → 平方米, "增长了
 * 多少" → %): a count of something else ("5项指标") does not answer it, a figure in the attribute's unit does.
 */
const ATTRIBUTE_MEASURES: [RegExp, string][] = [
  [
    /(?:税收|收入|投资|资金|金额|产值|利润|销售额|营业额|贷款|授信|生产总值|GDP|费用|成本|价格|售价|工资|补贴|奖金|捐款|财政收入|总额)/u,
    '元',
  ],
  [/(?:面积|占地)/u, '平方米'],
  [/(?:增长|增速|增幅|下降|降低|提高|比重|占比|比例)/u, '%'],
];
/** The attribute right before the question word ("…税收是多少", "面积有多大"). */
const ATTRIBUTE_BEFORE = /(\p{sc=Han}{2,5}?)(?:是|为|有|达|达到|共|一共|总共|大约|约|了)?(?:多少|多大|几何)/u;

function attributeMeasure(q: string): string | null {
  const attr = ATTRIBUTE_BEFORE.exec(q)?.[1];
  if (!attr) return null;
  for (const [re, measure] of ATTRIBUTE_MEASURES) if (re.test(attr)) return measure;
  return null;
}

function typeOfHead(rest: string): AnswerType | undefined {
  for (const [re, type] of HEAD_TYPE) if (re.test(rest)) return type;
  return undefined;
}

/** What a factoid asks and the type that answers it. */
function factoidType(q: string): { asks: Asks; type: AnswerType } {
  const b = bare(q);
  for (const cue of FACTOID_CUES) {
    const m = cue.re.exec(b);
    if (!m) continue;
    // "哪两家企业": the count before the head noun does not change what is asked.
    const head = () => typeOfHead(b.slice(m.index + m[0].length).replace(/^[一两二三四五六七八九十\d]+/u, ''));
    if (cue.asks === 'which') return { asks: 'which', type: head() ?? 'other' };
    // "在哪所大学", "在哪个会议室": the head noun after 哪 decides, not "在哪".
    const which = /哪(?:[一两二三四五六七八九十\d]*)?/u.exec(b.slice(m.index));
    if (cue.asks === 'where' && which) {
      const rest = b.slice(m.index + which.index + which[0].length);
      const headType = typeOfHead(rest);
      if (headType && headType !== 'place') return { asks: 'which', type: headType };
    }
    return { asks: cue.asks, type: cue.type };
  }
  const what = /什么|甚么|啥|咩|乜嘢|\bwhat\b/u.exec(b);
  if (what) {
    const head = typeOfHead(b.slice(what.index + what[0].length));
    if (head) return { asks: head === 'time' ? 'when' : head === 'place' ? 'where' : 'what', type: head };
    return { asks: 'what', type: 'other' };
  }
  for (const [re, asks, type] of TYPE_BY_ENDING) if (re.test(b)) return { asks, type };
  return { asks: 'what', type: 'other' };
}

const OFFICE_END = new RegExp(`(?:${OFFICES})$`, 'u');
const OFFICE_IN = new RegExp(OFFICES, 'gu');
/** "谁是邵平", "杨青玖是谁", "刘明胜是干什么的": a who-question about a person the question names. */
const WHO_IS =
  /^(?:谁是|哪位是)(\p{sc=Han}{2,4})$|^(\p{sc=Han}{2,4})(?:是谁|是哪位|是什么人|是何人|是啥人|是干什么的|是做什么的|是干啥的|是做啥的|是什么职务|担任什么职务|任什么职务|是什么官)$/u;

/** The person a who-is question names: not an office ("市长是谁") nor a body ("开发区是谁"), which ask for a holder. */
function whoIsOf(q: string): string | null {
  const m = WHO_IS.exec(bare(q));
  const name = m?.[1] ?? m?.[2];
  if (!name || OFFICE_END.test(name) || isBodyWord(name)) return null;
  return name;
}

/** The office a who-question asks the holder of ("恒丰电子的总经理是谁" → 总经理): the last post it names. */
function officeAsked(q: string): string | null {
  const last = q.match(OFFICE_IN)?.at(-1);
  // A post someone holds, not a part someone plays ("作者", "导演", "记者"), which a paper does not write before a name.
  return last && ADMIN_OFFICE.test(last) ? last : null;
}

const squeeze = (s: string): string => s.replace(/\s+/gu, ' ').trim();
const cut = (s: string, p: Period | null): string => (p ? `${s.slice(0, p.start)} ${s.slice(p.end)}` : s);

/** Read a question. `now` resolves relative periods ("上周", "去年"). */
export function analyzeQuestion(question: string, now = new Date()): QuestionAnalysis {
  const said = plainWords(withoutChat(normalizeForSearch(question)).trim());
  // A follow-up's frame ("那…呢") is not content: "那恒丰电子呢" with nothing before it asks about 恒丰电子.
  const text = elliptical(said) ?? said;
  const hasHan = /\p{sc=Han}/u.test(text);
  const period = findPeriod(text, now) ?? null;
  const intent: Intent = isChatter(question) ? 'chatter' : intentOf(bare(text), period !== null);
  const content = squeeze(text.replace(NON_CONTENT, ' ')) || text;
  // The topic drops the period and the reply words; a question that is only those ("上周有什么新闻？") has none.
  const objects = LIST_OBJECTS.filter(([re]) => re.test(text)).map(([, words]) => words);
  const topic = squeeze(
    `${cut(text, period).replace(REPLY_WORDS, ' ').replace(NON_CONTENT, ' ')} ${objects.join(' ')}`,
  );
  const whoIs = intent === 'factoid' ? whoIsOf(text) : null;
  const typed = whoIs
    ? { asks: 'who' as const, type: 'person' as const }
    : intent === 'factoid'
      ? factoidType(text)
      : null;
  const measure = typed?.type === 'number' ? measureOf(text) : null;
  const office = typed?.asks === 'who' && !whoIs ? officeAsked(text) : null;
  return {
    text,
    intent,
    asks: typed?.asks ?? null,
    answerType: typed?.type ?? null,
    measure: measure === 'duration' ? 'duration' : measure,
    content,
    topic,
    period,
    // The office whose holder is asked is what the quote must name ("市长", not "市人大常委会主任").
    focus: typed ? [...new Set([...focusOf(text, typed.asks), ...(office ? [office] : [])])] : [],
    numbers: typed ? questionNumbers(cut(text, period)) : [],
    head: typed ? headNoun(text) : null,
    future: typed?.asks === 'when' && FUTURE_WHEN.test(text),
    whoIs,
    office,
    hasHan,
  };
}

/** Does an article date ("2020-06-19", "--06-19", "2020-06") fall on a date the user names? */
export function dateMatches(articleDate: string | undefined, wanted: PartialDate): boolean {
  if (!articleDate) return false;
  const m = /^(\d{4}|-)-(\d{2})(?:-(\d{2}))?$/u.exec(articleDate);
  if (!m) return false;
  const year = m[1] === '-' ? undefined : Number(m[1]);
  if (wanted.year !== undefined && year !== undefined && wanted.year !== year) return false;
  if (Number(m[2]) !== wanted.month) return false;
  return wanted.day === undefined || m[3] === undefined || Number(m[3]) === wanted.day;
}

/** Parse a date a user typed for a filter or /news: 2020-06-19, 2020/6/19, 6月19日, today, yesterday. */
export function parseUserDate(input: string, now = new Date()): { date: PartialDate; text: string } | undefined {
  const s = input.trim().toLowerCase();
  const rel = /^(today|今天|今日)$/u.test(s) ? 0 : /^(yesterday|昨天|昨日)$/u.test(s) ? -1 : undefined;
  if (rel !== undefined) {
    const t = new Date(now.getTime() + rel * 86_400_000);
    const date = { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
    return { date, text: formatDate(date) };
  }
  // The archive's own form for a date whose year is unknown ("--06-19"), as links and autocomplete carry it.
  const partial = /^--(\d{2})-(\d{2})$/u.exec(s);
  if (partial) {
    const date = { month: Number(partial[1]), day: Number(partial[2]) };
    return validPartial(date) ? { date, text: formatDate(date) } : undefined;
  }
  const found = findDates(s);
  if (found.length !== 1 || found[0]!.start !== 0 || found[0]!.end !== s.length) return undefined;
  const d = found[0]!.from;
  return { date: d, text: formatDate(d) };
}

function validPartial(d: PartialDate): boolean {
  return d.month >= 1 && d.month <= 12 && d.day !== undefined && d.day >= 1 && d.day <= 31;
}

/** "那恒丰电子呢", "还有示范区呢？": a follow-up that names only a new subject (returned), asking the same of it. */
export function elliptical(text: string): string | null {
  const m = /^(?:那么|那|还有|then|and|what about|how about)\s*(.+?)\s*呢?$/u.exec(bare(text));
  if (!m || !/呢|^(?:then|and|what about|how about)/u.test(bare(text))) return null;
  return m[1]!.length <= 24 ? m[1]! : null;
}

/** The earlier question asked of another subject: its first name or body replaced, or the subject put first. */
function askedOf(earlier: string, subject: string): string {
  const named = brandsIn(earlier)[0]?.firm ?? namesIn(earlier)[0] ?? bodiesIn(earlier)[0]?.word;
  return named && earlier.includes(named) ? earlier.replace(named, subject) : `${subject} ${earlier}`;
}

/**
 * A follow-up read in the light of the question it follows. Its own words decide what it asks ("那是哪天？" asks
 * when); what it is about comes from both. One that only changes the time ("7月1日呢？" after "6月19日开发区有什么
 * 新闻？") asks the earlier question again for that time.
 */
export function followUp(
  q: QuestionAnalysis,
  earlier: QuestionAnalysis,
  o: { question?: string; now?: Date } = {},
): QuestionAnalysis {
  if (q.intent === 'chatter') return q;
  const other = o.question ? elliptical(plainWords(withoutChat(normalizeForSearch(o.question)).trim())) : null;
  // "那恒丰电子呢？" after "雪汇食品的老总是谁？": the earlier question asked of the new subject.
  if (other && earlier.intent !== 'chatter') return analyzeQuestion(askedOf(earlier.text, other), o.now);
  const onlyTime = q.period !== null && q.topic.replace(/[\s那这呢吗]/gu, '') === '';
  if (onlyTime && earlier.intent !== 'chatter') {
    const intent = earlier.intent === 'factoid' ? 'factoid' : 'list';
    return { ...earlier, intent, period: q.period, text: q.text, content: `${earlier.content} ${q.content}` };
  }
  // What the earlier question asked for ("总经理" in "…总经理是谁？") is not what the follow-up asks about.
  const subject = earlier.focus.reduce((c, w) => c.split(w).join(' '), earlier.content);
  const topic = q.topic === '' ? earlier.topic : `${earlier.topic} ${q.topic}`;
  return { ...q, content: squeeze(`${subject} ${q.content}`), topic };
}
