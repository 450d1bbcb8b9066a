import { CLAUSE_MARKS } from '../text/chars.js';
import { type TaggedWord, tagWords } from '../text/segment.js';
import { isPersonName } from './answer-types.js';

// What a yes/no question asserts: its verbs ("习近平来濮阳了吗" → 来, "张三主持了会议吗" → 主持). A quote that holds the
// question's names but not its predicate ("…习近平生态文明思想…") neither confirms nor denies it: no clear answer.

/** Verbs that carry no claim of their own: being, having, modality, aspect. */
const LIGHT_VERB =
  /^(?:是|有|没有|没|在|了|过|能|会|要|可以|可能|应该|需要|想|得|让|使|把|被|给|进行|开展|做|搞|干|说|叫|算|成|成为|属于|还|都)$/u;

/**
 * Words a paper writes for the same act as a one-character verb of speech ("来", "到"): a one-character verb is
 * matched through these (or as a word of its own), never as a character inside another word ("近年来").
 */
const SAME_ACT: Record<string, string[]> = {
  来: ['到', '赴', '来到', '到访', '莅临', '视察', '考察', '调研', '访问', '走访', '前往', '抵达'],
  到: ['来', '赴', '来到', '到访', '莅临', '视察', '考察', '调研', '访问', '走访', '前往', '抵达'],
  去: ['到', '赴', '前往', '到访', '视察', '考察', '调研', '访问', '走访', '抵达'],
  访: ['访问', '到访', '来访', '走访', '视察', '考察'],
  开: ['召开', '举行', '举办', '开幕'],
  办: ['举办', '开办', '办理'],
  建: ['建设', '兴建', '建成', '新建', '开工'],
  签: ['签约', '签署', '签订'],
  生: ['出生', '生于', '诞生'],
  出生: ['生于', '诞生', '出生于'],
};

/** One claim of the question: any of these words (one-character ones as verbs), near its object when it has one. */
export interface PredicateGroup {
  words: string[];
  /** The noun the question puts after the verb ("濮阳" of "来濮阳"): the claim is about it, not anywhere. */
  object?: string;
  /**
   * A verb of the text sharing a character with the claim's counts too ("发售" for 发行, "逝世" for 病逝, "建成" for
   * 修建): for an event, which papers and encyclopaedias name in many words.
   */
  kin?: boolean;
  /**
   * The question asks whether the act is done ("…通过复审了吗"): a sentence that only plans or aims at it ("确保一举
   * 通过复审", "迎接复审") does not say it happened.
   */
  done?: boolean;
}

/** A question asking whether something has happened: 了吗, 过吗, 了没(有), 是否已, 已(经)…吗. */
const ASKS_DONE = /(?:了|过)(?:吗|嗎|么|麼|没有|沒有|没|沒)|是否已/u;
const PARTICLE = /[吗嗎么麼]/u;
/** One scan, where a pattern "已.*吗" would try every 已 of a long question against the rest of it. */
const asksDone = (q: string): boolean => {
  const already = q.indexOf('已');
  return ASKS_DONE.test(q) || (already >= 0 && PARTICLE.test(q.slice(already + 1)));
};
/** Words that put an act ahead, as a plan, aim or expectation, not a fact ("确保一举通过", "力争年底建成"). */
// 尽早/尽快/早日 ask for an act still to come ("确保…等项目尽早签约落地": not signed yet).
const PLANNED = /确保|力争|争取|计划|拟于|拟在|准备|目标|即将|有望|预计|迎接|冲刺|力促|将于|将在|尽早|尽快|早日/u;
/** How far back in its clause a plan word governs an act. */
const PLAN_CHARS = 12;

/** The end of a text after its last clause mark or enumeration comma. */
const CLAUSE_TAIL = new RegExp(`[^${CLAUSE_MARKS}、]*$`, 'u');

/** Is the act at `i` of `text` only planned: a plan word earlier in its clause? */
export function plannedAt(text: string, i: number): boolean {
  const before = text.slice(Math.max(0, i - PLAN_CHARS), i);
  const clause = before.slice(before.search(CLAUSE_TAIL));
  return PLANNED.test(clause);
}

/** How far from the verb its object may stand ("到开发区华安办", "考察河南" is not "来濮阳"). */
const OBJECT_CHARS = 10;
const isPerson = (t: TaggedWord): boolean => t.tag === 'nr' || t.tag === 'nrfg' || isPersonName(t);
/** A verb of the question that claims an act: Han, tagged a verb, not a light verb. */
const isActVerb = (t: TaggedWord): boolean =>
  /^v/u.test(t.tag) && /^\p{sc=Han}+$/u.test(t.word) && !LIGHT_VERB.test(t.word);
/** Words of a question of being or having ("…是唯一入选…的吗", "有没有…"), which a paper confirms in other words. */
const BEING_OR_HAVING = /^(?:是|有|没有|是不是|有没有)$/u;

/**
 * The claims a yes/no question makes of a person ("习近平来濮阳了吗", "张三主持了会议吗"): a person's name is written
 * in many passages that say nothing of what they did. None for a question about a thing ("工业园区是唯一入选…的吗"),
 * which a paper confirms in other words (名列其中).
 */
export function predicateOf(question: string): PredicateGroup[] {
  const done = asksDone(question);
  const groups = claimedActs(question, done);
  return done ? groups.map((g) => ({ ...g, done: true })) : groups;
}

function claimedActs(question: string, done: boolean): PredicateGroup[] {
  const tagged = tagWords(question);
  if (!tagged.some(isPerson)) return done ? doneClaims(tagged) : thingClaims(tagged);
  const out: PredicateGroup[] = [];
  tagged.forEach((t, i) => {
    if (!isActVerb(t)) return;
    if (out.some((g) => g.words[0] === t.word)) return;
    const next = tagged[i + 1];
    const object = next && /^n/u.test(next.tag) && next.word.length >= 2 ? next.word : undefined;
    out.push({ words: [t.word, ...(SAME_ACT[t.word] ?? [])], ...(object ? { object } : {}) });
  });
  return out;
}

/**
 * What a yes/no question says a thing did or underwent ("宣传片后来重新拍了吗" → 拍): a quote that names the thing but
 * no act of the kind ("做的宣传片不给力") leaves the question open. Any of its verbs will do, or a verb sharing a
 * character (the paper words acts its own way); a question of being or having ("…是唯一入选…的吗", "有没有…") is
 * confirmed in other words (名列其中) and claims nothing here.
 */
function thingClaims(tagged: TaggedWord[]): PredicateGroup[] {
  if (tagged.some((t) => BEING_OR_HAVING.test(t.word))) return [];
  const verbs = tagged.filter(isActVerb);
  if (verbs.length === 0) return [];
  const words = [...new Set(verbs.flatMap((t) => [t.word, ...(SAME_ACT[t.word] ?? [])]))];
  return [{ words, kin: words.some((w) => w.length > 1) }];
}

/** Question words jieba tags as verbs ("是否已建成"): they ask, they claim no act. */
const ASKING_VERB = /^(?:是否|是不是|能否|可否|有无)$/u;
/** Words jieba tags as prepositions that a question of what happened uses as its verb ("通过复审了吗": passed). */
const PREPOSITION_VERB = /^(?:通过|经过)$/u;

/**
 * Whether a thing has undergone an act ("…通过复审了吗"): each of the question's acts, for a sentence that names the
 * review without saying it was passed ("复审工作动员会召开") does not settle it.
 */
function doneClaims(tagged: TaggedWord[]): PredicateGroup[] {
  // "…了没有" asks, it does not claim having
  const asking = (i: number): boolean =>
    /^(?:没有|没)$/u.test(tagged[i]!.word) && /^(?:了|过)$/u.test(tagged[i - 1]?.word ?? '');
  if (tagged.some((t, i) => BEING_OR_HAVING.test(t.word) && !asking(i))) return [];
  const acts = tagged.filter(
    (t) =>
      !ASKING_VERB.test(t.word) && isActVerb(t.tag === 'p' && PREPOSITION_VERB.test(t.word) ? { ...t, tag: 'v' } : t),
  );
  return [...new Set(acts.map((t) => t.word))].map((w) => ({ words: [w, ...(SAME_ACT[w] ?? [])], kin: w.length > 1 }));
}

/** Where the words stand in the text: multi-character ones anywhere, one-character ones only as verbs. */
function positions(text: string, words: string[], tagged: () => TaggedWord[]): number[] {
  const at: number[] = [];
  for (const w of words.filter((x) => x.length > 1))
    for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) at.push(i);
  const single = words.filter((w) => w.length === 1 && text.includes(w));
  if (single.length > 0) at.push(...verbsAt(text, tagged(), (w) => single.includes(w)));
  return at;
}

/** Where the text's verbs that `keep` takes stand, its tagged words found in order. */
function verbsAt(text: string, tagged: TaggedWord[], keep: (word: string) => boolean): number[] {
  const at: number[] = [];
  let pos = 0;
  for (const t of tagged) {
    const i = text.indexOf(t.word, pos);
    if (i >= 0) pos = i + t.word.length;
    if (i >= 0 && /^v/u.test(t.tag) && keep(t.word)) at.push(i);
  }
  return at;
}

/** Does the text make each claim: a word of it, with its object close by? `tagged` gives its words when needed. */
export function holdsPredicate(text: string, groups: PredicateGroup[], tagged: () => TaggedWord[]): boolean {
  return groups.every((g) => {
    const found = positions(text, g.words, tagged);
    const at = g.done ? found.filter((i) => !plannedAt(text, i)) : found;
    if (found.length === 0 && g.kin)
      return verbsAt(text, tagged(), (w) => [...g.words[0]!].some((ch) => w.includes(ch))).some(
        (i) => !g.done || !plannedAt(text, i),
      );
    if (!g.object) return at.length > 0;
    const object = g.object;
    return at.some((i) => text.slice(Math.max(0, i - OBJECT_CHARS), i + OBJECT_CHARS).includes(object));
  });
}

/**
 * Roles a person has at an event, which the paper names each by its own verb: who presided (主持) is not who took
 * part (参加) or spoke (讲话), so "…是谁主持的" is not answered by "区领导刘明胜、万英奎参加督导".
 */
export const ROLE_VERBS =
  '主持|讲话|发言|致辞|出席|参加|带队|宣读|传达|通报|调研|视察|考察|督导|主讲|颁奖|签约|揭牌|剪彩|作报告|汇报|部署';
const ROLE_VERB = new RegExp(ROLE_VERBS, 'gu');

/** A who-question's roles ("…是谁主持的" → 主持): each must be the quote's, not only the event's words. */
export function rolesOf(question: string): PredicateGroup[] {
  return [...new Set(question.match(ROLE_VERB) ?? [])].map((w) => ({ words: [w] }));
}

/** The question word of a when- or where-question, with the copula or preposition before it. */
const WHEN_WHERE =
  /(?:是|在|于)?(?:什么时候|什么时间|啥时候|何时|几时|哪一天|哪天|哪一年|哪年|几月几日|几号|在哪里|在哪儿|在哪(?![个家所位一些种座条])|哪里|哪儿|什么地方|何处|何地)/u;
/**
 * The milestones of a project, a body or a meeting, which a report names by the same verb when it dates or places
 * them ("…于2月24日正式复工", "…第一次会议召开"). Other events (a life's, a career's: 病逝, 加盟, 扮演) are told
 * in too many words to require the question's; a one-character verb counts through the paper's words for it (开).
 */
const MILESTONE =
  /^(?:完工|竣工|建成|落成|投产|开工|复工|复产|开业|开园|开馆|开通|通车|通水|通电|通气|通航|并网|贯通|启用|成立|设立|挂牌|揭牌|签约|签署|召开|举行|举办|开幕|闭幕|动工|开建|交付|运营|投用|完成|结束|启动|上线|发布|出台|印发|通过|批准)$/u;
const ASPECT = /^(?:开始|首先|决定|继续|正式|第一次|首次|再次|重新)$/u;
/** Words after the question word that are no verb: particles, the copula, modals. */
const TRAILING = /^(?:的|了|呢|呀|啊|吗|能|会|将|要|才|被|把|给|就)+/u;

/**
 * The event a when- or where-question asks the time or place of, when it names it after the question word ("…什么时候
 * 完工", "…是在哪里开的", "…是哪一年当上…的"): the quote's date or place is that event's only if the quote says the event
 * (its verb, or the paper's words for a one-character one: 开 → 召开, 举行). A date in "图为3月18日，陈晓华调研…" is of
 * the visit, not of the completion. A verb before the question word ("停产停到了哪天", "待到什么时候") is often
 * paraphrased by the paper ("进驻期间"), so it is not required.
 */
export function eventOf(question: string): PredicateGroup[] {
  // "…什么时候完工", "…是在哪里开的": the question word, then the milestone asked.
  const m = WHEN_WHERE.exec(question);
  if (!m) return [];
  const rest = question
    .slice(m.index + m[0].length)
    .replace(/[\s\p{P}\p{S}]+$/u, '')
    .replace(TRAILING, '');
  // "哪年到哪年", "哪里到哪里": a span of two, not an event.
  if (!/^\p{sc=Han}/u.test(rest) || /哪|什么|谁|多少/u.test(rest)) return [];
  // An aspect or a decision before the event ("开始使用", "决定当…") says nothing the paper must repeat.
  const words = tagWords(rest);
  const first = (ASPECT.test(words[0]!.word) && words[1]) || words[0]!;
  const verb = first.word;
  // A milestone counts however jieba tags it ("什么时候通水": 通水 as a noun).
  if (!MILESTONE.test(verb) && !(/^v/u.test(first.tag) && SAME_ACT[verb])) return [];
  // 通 with what flows or runs (通水, 通车): 供水 or 用电 shares a character but is not the line opening.
  return [{ words: [verb, ...(SAME_ACT[verb] ?? [])], kin: verb.length > 1 && !OPENED_LINE.test(verb) }];
}
const OPENED_LINE = /^通[水电气航车]$/u;

/** What a quote must say besides the question's words: a yes/no question's claims, a who-question's role, a when- or
 * where-question's event. */
export function claimsOf(question: string, asks: string | null): PredicateGroup[] {
  if (asks === 'yes-no') return predicateOf(question);
  if (asks === 'who') return rolesOf(question);
  if (asks === 'when' || asks === 'where') return eventOf(question);
  return [];
}
