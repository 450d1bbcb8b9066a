import { findDates } from '../ingest/dates.js';
import { CLAUSE_MARKS } from '../text/chars.js';
import { normalizeForSearch } from '../text/normalize.js';
import { type TaggedWord, tagWords } from '../text/segment.js';
import type { Span } from '../text/sentences.js';
import { type AnswerType, DURATION_UNITS, MEASURES, OFFICES } from './question-words.js';

// Where in a sentence the kind of text a question asks for is: a date or time for "when", a count with its measure
// word for "how many", a name for "who", a place for "where", a body for "which organisation", a cause for "why".
// Each span has a strength: 1 for the very type asked (a count in the measure asked, "47名" for "多少名"), less
// for a near miss (another measure, a vague "近日").

export interface TypedSpan extends Span {
  strength: number;
}

/** Measure words that count the same things, so "多少名" is answered by "47名", "120人" or "6位". */
const MEASURE_CLASS: string[][] = [
  // Not 户: households are not people ("327户728名贫困人口").
  ['名', '人', '位', '人次'],
  ['元', '万元', '亿元', '美元', '万美元', '块', '块钱'],
  ['%', '百分点', '个百分点', '‰', '成', '倍'],
  ['平方米', '平方公里', '平方千米', '亩', '公顷'],
  ['米', '公里', '千米', '公分', '公尺', '厘米', '毫米'],
  ['吨', '万吨', '千克', '公斤'],
];
const DURATION_SET = new Set(DURATION_UNITS.split('|'));

const DIGITS = '\\d+(?:[.,，]\\d+)*';
const CN_DIGITS = '[零〇一二两三四五六七八九十百千]+';
/** A count or amount: "47名", "57650万元", "3.2万平方米", "近3万", "800余人次", "1.2%", "二十多家", "第99次". */
const QUANTITY = new RegExp(
  `(?:第\\s*(?:${DIGITS}|${CN_DIGITS})\\s*(?:${MEASURES})?)|(?:(?:${DIGITS})(?:\\s*(?:余|多))?\\s*(?:万|亿|千|百)?(?:\\s*(?:余|多))?\\s*(?:${MEASURES})?)|(?:${CN_DIGITS}(?:万|亿)?(?:余|多)?\\s*(?:${MEASURES}))`,
  'gu',
);
/** Times papers and encyclopaedias write besides the dates ingest reads: years, clock times, parts of the year. */
const TIME_WORDS =
  /(?:公元前?)?\d{1,4}\s*年代?(?:初|末|底|中|春|夏|秋|冬|上半年|下半年)?|[一二三四五六七八九〇零]{4}年|\d{1,2}\s*世纪(?:\d{1,2}年代)?|(?:上午|下午|中午|晚上|凌晨|早上)?\d{1,2}\s*(?:时|点)(?:\s*\d{1,2}\s*分)?|(?:上午|下午|中午|晚上|凌晨|早上|傍晚)|[春夏秋冬](?:季|天)|(?:年初|年底|年末|年中|月初|月底|月末|上旬|中旬|下旬)|(?:(?:[东西南北前后]?[夏商周秦汉晋隋唐宋辽金元明清]|三国|五代|南北|民国|[古近现当])(?:朝|代)(?:时期|末年|初年)?|\p{sc=Han}{1,2}(?:时代|王朝)|[新中古元太]生代)|\d{1,2}\s*月(?:份)?/gu;
const VAGUE_TIME =
  /昨日|昨天|今日|今天|近日|日前|今年|去年|前年|当天|当日|次日|随后|此前|目前|近年来?|年初以来|今年以来/gu;
const REASON = /因为|由于|为了|原因|是因|因此|所以|旨在|以便|以防|鉴于|导致|造成|缘于|出于|归因|得益于|因(?![素而])/gu;

/** Common surnames: a name jieba does not know (tagged "x") counts as a person when it starts with one. */
const SURNAMES = new Set(
  Array.from(
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
  ),
);
const COMPOUND_SURNAME = /^(?:欧阳|司马|诸葛|上官|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐)/u;
const OFFICE = new RegExp(OFFICES, 'gu');
const PLACE_SUFFIX = /(?:省|市|县|区|镇|乡|村|街道|路|街|大道|广场|公园|园|港|湾|岛|山|河|江|湖|海|洲|州|国)$/u;
/** The last two or three characters of a span: the word a place name ends in ("通报全区" → 全区). */
const lastWord = (text: string, sp: Span): string => text.slice(Math.max(sp.start, sp.end - 2), sp.end);
/** A place said to be where something is or happens ("在濮阳电子商务产业园揭牌", "运往韩国"). */
const LOCATIVE = /(?:在|于|位于|地处|到|至|往|向|赴|去|前往|落户|来自|飞向|运往|出口到)\s*$/u;
/** Words that end like a place but name none in particular. */
const NOT_PLACE =
  /^(?:辖区|城区|社区|小区|园区|景区|片区|街区|市区|郊区|山区|灾区|矿区|厂区|校区|全市|全区|全省|全县|我市|我区|本市|本区|该区|城市|城乡|乡村|农村|市场|超市|都市|道路|马路|线路|思路|出路|门路|江湖|海外|开园|入园|进园|建园)$/u;
const ORG_SUFFIX =
  /(?:公司|有限公司|集团|银行|医院|学校|大学|学院|中学|小学|幼儿园|局|委员会|委|厅|办公室|办|中心|协会|学会|合作社|工厂|厂|企业|研究所|研究院|电视台|报社|政府|法院|检察院|党委|支部|基金会|俱乐部|球队|队|部|处|署|馆|社|所)$/u;
/** Endings of abstract words jieba sometimes tags as names. */
const ABSTRACT_END = /[化性型式度力率法论学]$/u;
/** A place said where something is ("位于加尼福尼亚州帕萨迪纳", "分布于马达加斯加东岸"). */
const LOCATED =
  /(?:位于|分布于|分布在|发现于|产于|生活在|栖息于|栖息在|坐落于|地处|设于|设在|总部在|总部设在)\s*([^，。；、,;（(）)\s]{2,14})/gu;
/** A body said to run or own something ("由九巴营运", "属于东日本旅客铁道", "效力德乙球会慕尼黑1860"). */
const RUN_BY =
  /(?:由|属于|隶属于?|效力于?|加盟|签约)\s*([^，。；、,;（(）)\s]{2,16}?)(?=(?:所)?(?:开发|经营|营运|运营|管理|主办|出品|承办|负责|的|[，。；、,;（(]|$))/gu;

function captured(re: RegExp, text: string, strength: number): TypedSpan[] {
  const out: TypedSpan[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length - m[1]!.length;
    out.push({ start, end: start + m[1]!.length, strength });
  }
  return out;
}

/** Tags of the words a multi-word name is made of ("濮阳 朗润 新 材料 有限公司"). */
const NAME_PART = new Set(['n', 'nz', 'ns', 'nt', 'nr', 'x', 'j', 'l', 'eng', 'a', 'vn', 'm']);
/** Places are shorter: "濮阳 电子商务 产业园", not "通报 全区". */
const PLACE_PART = new Set(['n', 'nz', 'ns', 'nt', 'x', 'j']);
/** Words that are never part of a name, whatever jieba tags them ("这是"). */
const NOT_NAME_PART = /^(?:这是|那是|就是|还是|也是|都是|这|那|是)$/u;
/** The ending a name must have to answer a question whose head noun names a kind ("哪所大学" → …大学/学院). */
// Each pattern is anchored as a whole: /大学|学院$/ would take any name holding 大学 for a university's.
const HEAD_ENDS: Record<string, RegExp> = {
  国家: /国$/u,
  城市: /市$/u,
  省份: /省$/u,
  省: /省$/u,
  大学: /(?:大学|学院)$/u,
  学校: /(?:学校|小学|中学|大学|学院)$/u,
  企业: /(?:公司|企业|厂|集团|合作社|银行|中心)$/u,
  公司: /(?:公司|集团)$/u,
  医院: /(?:医院|卫生院)$/u,
  银行: /银行$/u,
};

/**
 * What a name keeps that does not end like the kind asked: a village, town or county is always written with its
 * level ("王助东村", "新习镇"), so "在哪个镇" is not answered by a name without 镇; a country or city often is not ("日本").
 */
const headMiss = (head: string | null): number => (head && /^(?:村|镇|乡|县|街道|社区)$/u.test(head) ? 0.3 : 0.5);

/** A phrase in quotation marks is a slogan or a policy's name (“一证通办”, “四全”), not a body's. */
const quoted = (text: string, sp: Span): boolean =>
  /[“"‘]/u.test(text[sp.start - 1] ?? '') && /[”"’]/u.test(text[sp.end] ?? '');

const han = (w: string): boolean => /^\p{sc=Han}+$/u.test(w);
export const isPersonName = (t: TaggedWord): boolean =>
  (t.tag === 'nr' || t.tag === 'nrfg' || t.tag === 'x' || t.tag === 'nz') &&
  han(t.word) &&
  t.word.length >= 2 &&
  t.word.length <= 4 &&
  (SURNAMES.has(t.word[0]!) || COMPOUND_SURNAME.test(t.word)) &&
  (t.tag !== 'x' || t.word.length <= 3);

function matches(re: RegExp, text: string, strength: number): TypedSpan[] {
  const out: TypedSpan[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text))
    if (m[0].trim() !== '') out.push({ start: m.index, end: m.index + m[0].length, strength });
  return out;
}

/** A question asking for the year ("哪一年", "何年", "what year"): a day or a month without one does not answer it. */
const YEAR_ASKED = /哪一?年(?!级)|何年|什么年份|哪个年份|\b(?:what|which) year\b/u;
/** A time that names its year: "2019年", "二〇二〇年", "崇宁五年", "1950年代", "去年", "19世纪". */
const HAS_YEAR = /\d{2,4}\s*年|[〇○零一二三四五六七八九十百]+年|年代|世纪|[今去前明当]年|元年/u;

function timeSpans(text: string, question = ''): TypedSpan[] {
  const dates = findDates(text).map((d) => ({ start: d.start, end: d.end, strength: 1 }));
  const outside = (s: TypedSpan): boolean => !dates.some((d) => s.start < d.end && s.end > d.start);
  const spans = [...dates, ...[...matches(TIME_WORDS, text, 0.9), ...matches(VAGUE_TIME, text, 0.4)].filter(outside)];
  if (!YEAR_ASKED.test(question)) return spans;
  return spans.map((s) =>
    HAS_YEAR.test(text.slice(s.start, s.end)) ? s : { ...s, strength: Math.min(s.strength, NO_YEAR) },
  );
}
const NO_YEAR = 0.3;

/** A quantity's closing unit: made once, not for every quantity of every finalist sentence. */
const UNIT_END = new RegExp(`(${MEASURES})$`, 'u');

/** The unit a quantity ends in ("47名" → 名), if any. */
function unitOf(q: string): string | undefined {
  return UNIT_END.exec(q.trim())?.[1];
}

/**
 * A rank asked ("排第几", "第几名") is answered by a rank ("第22", "第一名"), not by a batch's or a meeting's number
 * ("第七批", "第99次"), which answers only a question in that unit ("第几批", "第几次").
 */
function ordinalStrength(answer: string, question: string): number {
  const asked = new RegExp(`第(?:几|多少)\\s*(${MEASURES})`, 'u').exec(question)?.[1];
  const unit = unitOf(answer);
  if (asked && !/^[名位]$/u.test(asked)) return unit === asked ? 1 : 0.4;
  return !unit || unit === '名' || unit === '位' ? 1 : 0.4;
}

function quantityStrength(q: string, measure: string | null, question = ''): number {
  const unit = unitOf(q);
  if (q.startsWith('第')) return measure === 'ordinal' ? ordinalStrength(q, question) : 0.3;
  if (measure === null) return unit ? 1 : 0.7;
  if (measure === 'ordinal') return 0.4;
  if (measure === 'duration') return unit && DURATION_SET.has(unit) ? 1 : 0.3;
  if (!unit) return 0.3;
  if (unit === measure) return 1;
  // "多少个正科级干部": 个 counts anything, so any measure word answers it.
  if (measure === '个') return 0.9;
  const cls = MEASURE_CLASS.find((c) => c.includes(measure));
  if (cls?.includes(unit)) return 0.9;
  if (measure === '元' && /万|亿/u.test(q)) return 0.6;
  return 0.35;
}

const ONE_OF = new RegExp(`^一\\s*(?:${MEASURES})$`, 'u');

/** A rank asked with no word after it ("排第几", "第几名"), not "第几代", "第几对脚", whose answer is "第三代". */
const BARE_RANK = /第(?:几|多少)(?:名|位)?(?!\p{sc=Han})/u;

/** "多少人", "多少名" with no noun after: the people counted are the ones the question's other words say. */
const BARE_PEOPLE = /(?:多少|几)(?:人|名|位)(?!\p{sc=Han})|(?:多少|几)(?:人|名|位)(?:次)?$/u;

/**
 * A count of named people of another kind than the question's: "6名党员、8名工作人员" for "隔离观察了多少人" counts the
 * staff, not those observed. Only for a question counting people with no noun of its own ("多少人"), and a count
 * written before its noun (名/位 + noun) that the question does not say.
 */
function otherPeople(quantity: string, after: string, measure: string | null, question: string): boolean {
  if (measure !== '人' && measure !== '名' && measure !== '位') return false;
  if (!/[名位]$/u.test(quantity.trim()) || !BARE_PEOPLE.test(question.replace(/[？?。！!\s]+$/u, ''))) return false;
  return /^\p{sc=Han}{2}$/u.test(after) && !question.includes(after);
}

function numberSpans(text: string, measure: string | null, question = ''): TypedSpan[] {
  // Dates are times, not counts: "3月19日" holds no answer to "多少名".
  const dates = measure === 'duration' ? [] : findDates(text);
  const inDate = (s: number, e: number): boolean => dates.some((d) => s < d.end && e > d.start);
  const out: TypedSpan[] = [];
  QUANTITY.lastIndex = 0;
  for (let m = QUANTITY.exec(text); m; m = QUANTITY.exec(text)) {
    const s = m.index;
    const e = s + m[0].trimEnd().length;
    if (e <= s || inDate(s, e)) continue;
    // A year ("2020年") answers "when", not "how many" — unless the question counts in years.
    if (/^\d{4}\s*年$/u.test(m[0].trim()) && measure !== 'duration' && measure !== '年') continue;
    // An ordinal ("第七次") ranks, it does not count: no answer to a how-many question that is not about a rank.
    if (m[0].startsWith('第') && measure !== 'ordinal') continue;
    // A bare ordinal before a word is part of a name ("第五生态环境保护督察组", "第一方阵"), not a rank ("全省第22、").
    const named =
      m[0].startsWith('第') && !unitOf(m[0]) && /\p{sc=Han}/u.test(text[e] ?? '') && BARE_RANK.test(question);
    const strength = named ? 0.4 : quantityStrength(m[0], measure, question);
    // "一个重要抓手", "每一名留观人员": 一 with a measure word is an article, seldom the count asked.
    const weak = ONE_OF.test(m[0].trim()) || otherPeople(m[0], text.slice(e, e + 2), measure, question);
    out.push({ start: s, end: e, strength: weak ? Math.min(strength, 0.4) : strength });
  }
  return out;
}

const CLAUSE = new RegExp(`[^${CLAUSE_MARKS}]+`, 'gu');
/** A clause saying more than the question: most of its character pairs are not the question's. */
const NEW_SHARE = 0.5;
/** A clause of a sentence giving a cause of what the question asks shares at least this much of it. */
const ABOUT_SHARE = 0.15;

/**
 * The clauses of a sentence that say something the question does not, where a cause given without a causal word
 * stands ("濮水办和华安办位于城乡接合部，基础相对薄弱" for "…为什么基础比较薄弱"). A sentence that only restates the
 * question ("惠成电子、龙丰纸业被认定为国家级绿色工厂" for "惠成电子为什么被认定为国家级绿色工厂") gives no cause.
 */
export function newClauses(text: string, question: string): TypedSpan[] {
  const clauses = [...text.matchAll(CLAUSE)].map((m) => ({ m, said: saidShare(m[0], question, 4) }));
  // A sentence none of whose clauses is about the question ("截至目前，科瑞斯…加快推进。" before the one asked of)
  // gives no cause of it.
  if (!clauses.some((c) => c.said >= ABOUT_SHARE && c.said < 1)) return [];
  return clauses
    .filter((c) => c.said < NEW_SHARE)
    .map(({ m }) => ({ start: m.index, end: m.index + m[0].length, strength: 0.6 }));
}

/** Share of a text's Han character pairs the question holds (1 for a text under `min` characters: nothing new). */
function saidShare(text: string, question: string, min = 2): number {
  const han = normalizeForSearch(text).replace(/[^\p{sc=Han}]/gu, '');
  if (han.length < min) return 1;
  let said = 0;
  for (let i = 0; i + 1 < han.length; i++) if (question.includes(han.slice(i, i + 2))) said++;
  return said / (han.length - 1);
}

/** Walk tagged words with their offsets. */
function tagged(text: string): (TaggedWord & Span)[] {
  let pos = 0;
  return tagWords(text).map((t) => {
    const start = text.indexOf(t.word, pos);
    const at = start < 0 ? pos : start;
    pos = at + t.word.length;
    // Not spread: jieba's words are native objects, slow to copy that way, and this runs for every word tagged.
    return { word: t.word, tag: t.tag, start: at, end: pos };
  });
}

/** What follows a name written after its office ("主任王家鹏出席", "书记陈晓华，"). */
const AFTER_NAME =
  /^(?:出席|主持|讲话|在|说|表示|指出|强调|要求|带队|参加|介绍|一行|同志|等|[，,、。；;：:）)“”\s]|$)/u;

/** A name right after an office, which jieba often splits ("主任 王家 鹏"). */
function namesAfterOffice(text: string): TypedSpan[] {
  const out: TypedSpan[] = [];
  OFFICE.lastIndex = 0;
  for (let m = OFFICE.exec(text); m; m = OFFICE.exec(text)) {
    const at = m.index + m[0].length;
    if (!SURNAMES.has(text[at] ?? '')) continue;
    for (const len of [3, 2]) {
      const name = text.slice(at, at + len);
      if (/^\p{sc=Han}+$/u.test(name) && name.length === len && AFTER_NAME.test(text.slice(at + len))) {
        out.push({ start: at, end: at + len, strength: 1 });
        break;
      }
    }
  }
  return out;
}

/** A person called by surname and office ("尚主任", "王书记"): how papers quote people speaking of them. */
function surnameOffice(text: string): TypedSpan[] {
  const out: TypedSpan[] = [];
  OFFICE.lastIndex = 0;
  for (let m = OFFICE.exec(text); m; m = OFFICE.exec(text)) {
    const before = text[m.index - 1];
    const prior = text[m.index - 2];
    if (before && SURNAMES.has(before) && !(prior && /\p{sc=Han}/u.test(prior) && !/[，,、。“”]/u.test(prior)))
      out.push({ start: m.index - 1, end: m.index + m[0].length, strength: 0.9 });
  }
  return out;
}

/** Transliterated names ("布兰科·茨尔文科夫斯基") and names in Latin letters ("Terry Serepisos"). */
const FOREIGN_NAME = /\p{sc=Han}{1,6}(?:[·・•]\p{sc=Han}{1,8})+|\b[A-Z][a-z]+(?: [A-Z][a-z]+){1,3}\b/gu;

/** What a who-question asks of a person: who a named one is ("谁是邵平"), or who holds an office ("濮阳市长是谁"). */
export interface PersonAsked {
  whoIs?: string | null;
  office?: string | null;
}

/** How far before a name its office may start ("党工委副书记、管委会主任邵平"). */
const ROLE_CHARS = 18;
/** An office runs back from a name to a clause mark, a line break or a quotation mark. */
const ROLE_CUT = new RegExp(`[${CLAUSE_MARKS}\\n“”"]`, 'u');
const OFFICE_END = new RegExp(`(?:${OFFICES})$`, 'u');

/**
 * The office written before a named person ("市长杨青玖", "开发区党工委书记陈晓华，"), which answers who that person
 * is: from the clause's start (after a word that introduces the person, "由", "和") to the name, names listed before
 * it under the same office skipped ("副主任管永国、梁宏").
 */
export function roleSpans(text: string, name: string): TypedSpan[] {
  const out: TypedSpan[] = [];
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
    let start = at;
    while (start > 0 && at - start < ROLE_CHARS && !ROLE_CUT.test(text[start - 1]!)) start--;
    const before = text.slice(start, at);
    const lead = /^.*?(?:由|被|和|与|及|同|向|对|请|邀请|陪同)(?=\p{sc=Han}{2})/u.exec(before)?.[0].length ?? 0;
    const role = before.slice(lead).replace(/(?:\p{sc=Han}{2,3}、)+$/u, '');
    if (role.length >= 2 && OFFICE_END.test(role))
      out.push({ start: start + lead, end: start + lead + role.length, strength: 1 });
  }
  return out;
}

const OFFICE_BEFORE = new RegExp(`(?:${OFFICES})(?:\\p{sc=Han}{2,3}、)*$`, 'u');

/**
 * Is a name right after an office other than the one asked, or listed under it ("主任邵景良", "副主任管永国、梁宏"
 * when 市长 is asked)?
 */
function underOtherOffice(text: string, sp: Span, office: string): boolean {
  const m = OFFICE_BEFORE.exec(text.slice(Math.max(0, sp.start - ROLE_CHARS), sp.start));
  const held = m?.[0].replace(/(?:\p{sc=Han}{2,3}、)+$/u, '');
  return held !== undefined && held !== office && !held.endsWith(office);
}

function personSpans(text: string, asked: PersonAsked = {}): TypedSpan[] {
  // Who a named person is: their office, not another name beside them.
  if (asked.whoIs) return roleSpans(text, asked.whoIs);
  const words = tagged(text);
  const out: TypedSpan[] = [...namesAfterOffice(text), ...surnameOffice(text), ...matches(FOREIGN_NAME, text, 0.9)];
  words.forEach((t) => {
    if (isPersonName(t)) out.push({ start: t.start, end: t.end, strength: t.tag === 'x' ? 0.9 : 1 });
  });
  const office = asked.office;
  // The holder of the office asked, not of the one beside it ("市人大常委会主任邵景良" for "市长是谁").
  const named = office
    ? out.map((s) => (underOtherOffice(text, s, office) ? { ...s, strength: Math.min(s.strength, 0.5) } : s))
    : out;
  // An office alone ("总经理", "市长") is half an answer to "who": the reader learns the role, not the name.
  return [...named, ...matches(OFFICE, text, 0.3)];
}

/** Multi-word names ending in a suffix ("雪汇 食品 公司", "濮阳 朗润 新 材料 有限公司"), joined into one span. */
function suffixedNames(
  text: string,
  tags: Set<string>,
  suffix: RegExp,
  strength: number,
  parts: Set<string> = NAME_PART,
): TypedSpan[] {
  const words = tagged(text);
  const out: TypedSpan[] = [];
  const part = (t: TaggedWord): boolean => parts.has(t.tag) && han(t.word) && !NOT_NAME_PART.test(t.word);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // A tagged name counts when it ends like one, or is short ("韩国", "马来西亚"), and not an abstract word ("法治化").
    const named =
      tags.has(w.tag) && han(w.word) && (suffix.test(w.word) || (w.word.length <= 4 && !ABSTRACT_END.test(w.word)));
    if (!named && !(suffix.test(w.word) && parts.has(w.tag))) continue;
    let j = i;
    while (j > 0 && part(words[j - 1]!) && w.end - words[j - 1]!.start <= 14) j--;
    const start = words[j]!.start;
    if (named || (suffix.test(w.word) && w.end - start > w.word.length)) out.push({ start, end: w.end, strength });
  }
  return out;
}

/**
 * The spans of `type` in `text`. `measure` refines counts; `question` is the normalised question, whose own words
 * are never the answer ("张峰是谁？" is not answered by "张峰").
 */
export function typedSpans(
  text: string,
  type: AnswerType,
  measure: string | null,
  question = '',
  head: string | null = null,
  person: PersonAsked = {},
): TypedSpan[] {
  let spans: TypedSpan[];
  switch (type) {
    case 'time':
      spans = timeSpans(text, question);
      break;
    case 'number':
      spans = numberSpans(text, measure, question);
      break;
    case 'person':
      spans = personSpans(text, person);
      break;
    case 'place':
      // A place named in passing is half an answer to "where"; one said to be where something is, a whole one.
      spans = [
        ...suffixedNames(text, new Set(['ns']), PLACE_SUFFIX, 1, PLACE_PART)
          .filter((sp) => !NOT_PLACE.test(text.slice(sp.start, sp.end)) && !NOT_PLACE.test(lastWord(text, sp)))
          .map((sp) => ({ ...sp, strength: LOCATIVE.test(text.slice(Math.max(0, sp.start - 4), sp.start)) ? 1 : 0.6 })),
        ...captured(LOCATED, text, 0.9),
      ];
      break;
    case 'organization':
      spans = [...suffixedNames(text, new Set(['nt']), ORG_SUFFIX, 1), ...captured(RUN_BY, text, 0.9)].filter(
        (sp) => !quoted(text, sp),
      );
      break;
    case 'reason':
      spans = [...matches(REASON, text, 1), ...newClauses(text, question)];
      break;
    default:
      return [];
  }
  const ends =
    head && (type === 'place' || type === 'organization')
      ? (HEAD_ENDS[head] ?? new RegExp(`${head}$`, 'u'))
      : undefined;
  // A span inside a longer one as strong ("濮阳" in "濮阳电子商务产业园") is the same answer, cut short.
  const whole = (s: TypedSpan): boolean =>
    !spans.some(
      (o) =>
        o !== s &&
        o.start <= s.start &&
        o.end >= s.end &&
        o.end - o.start > s.end - s.start &&
        o.strength >= s.strength,
    );
  return spans
    .filter((s) => s.end > s.start && whole(s) && !question?.includes(text.slice(s.start, s.end)))
    .map((s) =>
      ends && !ends.test(text.slice(s.start, s.end)) ? { ...s, strength: Math.min(s.strength, headMiss(head)) } : s,
    );
}

/** Does the type need word tagging (jieba), which costs more than a regular expression? */
export const needsTagging = (type: AnswerType | null): boolean =>
  type === 'person' || type === 'place' || type === 'organization';

/**
 * A message that is only a person's name the archive never mentions ("小王", "张三"): someone being addressed, not a
 * search. A name the archive holds ("谢佳盼") is a search for it.
 */
export function isLoneUnknownName(normalized: string, df: (term: string) => number): boolean {
  const core = normalized.replace(/[\s\p{P}\p{S}]+/gu, '').replace(/[啊呀吗呢吧哈]+$/u, '');
  if (!/^\p{sc=Han}{2,4}$/u.test(core)) return false;
  const words = tagWords(core);
  if (words.length !== 1) return false;
  const w = words[0]!;
  const called = /^[小老阿][\p{sc=Han}]$/u.test(core) && SURNAMES.has(core[1]!);
  if (!(w.tag === 'nr' || isPersonName(w) || called)) return false;
  for (let i = 0; i + 1 < core.length; i++) if (df(core.slice(i, i + 2)) === 0) return true;
  return false;
}
