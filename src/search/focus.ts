import { type TaggedWord, tagWords } from '../text/segment.js';
import { isBodyWord } from './places.js';
import { type Asks, HEAD_TYPE, MEASURES } from './question-words.js';

// The focus of a fact question: the thing whose value, name or place it asks for ("多少名员工" → 员工, "组长是谁" → 组长,
// "在哪个会议室" → 会议室). A quote that holds the topic's words but not the focus answers another question: the
// paper counts 贫困人员, not 员工. Read from jieba's words around the question word.

const QUESTION_WORD = /^(?:谁|多少|几|几何|哪|哪个|哪些|哪家|哪所|哪位|哪一|哪种|哪类|哪项|哪座|什么|啥|甚么|几多)$/u;
/** Words between the focus and the question word that say nothing ("组长是谁", "员工有多少"). */
const LINK = /^(?:是|有|为|达|共|一共|总共|共有|约|大约|的|了|都|又|还|要|能|会|可以|分别|到底|究竟|具体)$/u;
/**
 * Tags of words a focus can be: nouns, names, verbal nouns, abbreviations, unknown words, and numbered Han words
 * ("一期", "第一"). Not verbs: a question's verb is often not the paper's ("上台讲" for 发言).
 */
const CONTENT_TAG = /^(?:n|nr|ns|nt|nz|nrt|nrfg|vn|an|j|l|x|eng)$/u;
const MEASURE_TAG = /^(?:q|m|zg)$/u;
const MEASURE = new Set(MEASURES.split('|'));
const ONE_CHAR_MEASURE = new Set([...MEASURE].filter((m) => m.length === 1));

/**
 * A measure word after 多少 is a word of its own, though jieba may run it into the noun ("多少套餐具" → 套餐 具):
 * then the noun is read again without it (→ 套 餐具).
 */
function measureApart(words: TaggedWord[]): TaggedWord[] {
  const i = words.findIndex((t) => t.word === '多少' || t.word === '几');
  const next = words[i + 1];
  const split =
    next && next.tag !== 'q' && next.word.length >= 2 && ONE_CHAR_MEASURE.has(next.word[0]!) && !MEASURE.has(next.word);
  if (i < 0 || !split) return words;
  const rest = words
    .slice(i + 1)
    .map((t) => t.word)
    .join('')
    .slice(1);
  return [...words.slice(0, i + 1), { word: next.word[0]!, tag: 'q' }, ...tagWords(rest)];
}
const NUMBERED = /^(?:[一二三四五六七八九十]+期|第[一二三四五六七八九十百]+|[一二三四五六七八九十]+号)$/u;
const isContent = (t: TaggedWord): boolean =>
  NUMBERED.test(t.word) ||
  (/\p{sc=Han}|[a-z]/u.test(t.word) &&
    (CONTENT_TAG.test(t.tag) || (t.tag === 'm' && /^\p{sc=Han}{2,}$/u.test(t.word) && !/^[几多]/u.test(t.word))));

/** Offices a paper names together with the person in them ("总经理张峰"). */
export const ADMIN_OFFICE =
  /^(?:组长|副组长|董事长|总经理|经理|局长|书记|副书记|主任|市长|县长|区长|镇长|乡长|村长|主席|院长|校长|厂长|部长|负责人|队长|站长|所长|总裁|行长|社长|会长|理事长|秘书长|省长|总统|副总统|总理|首相|国王|女王|皇帝|大使|州长)$/u;
/** Kinds of place or body whose names end in the kind. */
const CONCRETE_KIND =
  /(?:室|厂|馆|场|院|所|站|中心|公司|学校|大学|学院|医院|广场|公园|银行|酒店|宾馆|楼|厅|园|村|镇|县|路|街|桥|港|车站|机场)$/u;

/** A head noun that only names the answer's type ("哪个国家", "什么地方"): the typed span answers it, not the word. */
const typeNoun = (w: string): boolean => HEAD_TYPE.some(([re]) => re.test(w) && re.exec(w)![0] === w);

function after(words: TaggedWord[], i: number): string[] {
  let j = i + 1;
  while (j < words.length && ((MEASURE_TAG.test(words[j]!.tag) && !isContent(words[j]!)) || LINK.test(words[j]!.word)))
    j++;
  const out: string[] = [];
  while (j < words.length && isContent(words[j]!) && out.length < 2) out.push(words[j++]!.word);
  return out;
}

/** Before the question word a verb is the attribute asked for ("投资了多少", "增长了多少") and the paper's word too. */
function before(words: TaggedWord[], i: number): string[] {
  let j = i - 1;
  while (j >= 0 && LINK.test(words[j]!.word)) j--;
  const out: string[] = [];
  const ok = (t: TaggedWord): boolean => isContent(t) || (/^v/u.test(t.tag) && /^\p{sc=Han}{2,}$/u.test(t.word));
  while (j >= 0 && ok(words[j]!) && !LINK.test(words[j]!.word) && out.length < 2) out.unshift(words[j--]!.word);
  return out;
}

/** The focus words of a normalised fact question; empty when it has none (or asks only for a type). */
export function focusOf(question: string, asks: Asks | null): string[] {
  if (asks !== 'how-many' && asks !== 'who' && asks !== 'which' && asks !== 'where' && asks !== 'what') return [];
  const words = measureApart(tagWords(question));
  const i = words.findIndex((t) => QUESTION_WORD.test(t.word) || /^(?:哪|多少|几)/u.test(t.word));
  if (i < 0) return [];
  let focus: string[];
  if (asks === 'how-many') {
    focus = after(words, i).filter((w) => w.length >= 2);
    if (focus.length === 0) focus = before(words, i);
  } else if (asks === 'who') {
    // "组长是谁", "董事长是谁": an office a paper names with the person who holds it. Other words around "谁"
    // (作者, 得到…赏识) are often not the paper's.
    focus = [...before(words, i).slice(-1), ...after(words, i)].filter((w) => ADMIN_OFFICE.test(w));
  } else if (words[i]!.word === '哪些') {
    // "哪些外省县区": a plural which names a category, which the paper lists by name.
    focus = [];
  } else {
    // "哪家水泥厂", "哪个会议室", "什么产品": the head noun after the question word, unless it only names a type.
    // Only a kind of place or body, which its instance's name ends in ("哪个会议室" → …会议室, "哪家水泥厂" → …水泥);
    // an abstract kind (态度, 特点, 专业) is answered by an instance that does not say it.
    focus = after(words, i)
      .slice(0, 1)
      .filter((w) => !typeNoun(w) && CONCRETE_KIND.test(w));
  }
  // A body (开发区, 濮阳市) is checked as what the quote is about (places.ts), not as the thing asked for.
  return focus.filter((w) => w.length >= 2 && !isBodyWord(w));
}

/** Numbers a question states ("第100次", "2万吨"): an answer must come from a text that states them too. */
export function questionNumbers(question: string): string[] {
  // An ordinal in Chinese numerals with its unit ("第二季度", "第二批", "第一组") too: the first quarter does not answer
  // the second, nor the third working group the first.
  const ordinals = question.match(/第[一二三四五六七八九十]+(?:季度|批|届|期|轮|阶段|组)/gu) ?? [];
  return [...[...question.matchAll(/\d+(?:\.\d+)?/gu)].map((m) => m[0]), ...ordinals];
}

/** Does a (normalised) text name the focus word? A long word may be shortened ("水泥厂" → "同力水泥"). */
export function namesFocus(text: string, word: string): boolean {
  if (word.length <= 2) return text.includes(word);
  let have = 0;
  for (let i = 0; i + 1 < word.length; i++) if (text.includes(word.slice(i, i + 2))) have++;
  return have / (word.length - 1) >= 0.5;
}

/** The type noun after 哪/什么 ("哪所大学" → 大学, "哪个国家" → 国家), which the answer's name should end like. */
export function headNoun(question: string): string | null {
  const m = /(?:哪|什么|啥)(?:[一两二三四五六七八九十\d]*)(?:个|家|所|座|位|种|类|支|条)?(\p{sc=Han}{1,3})/u.exec(
    question,
  );
  if (!m) return null;
  for (const [re] of HEAD_TYPE) {
    const h = re.exec(m[1]!)?.[0];
    if (h) return h.replace(/^(?:个|一个|些|家|一家|所|一所|座|一座|位|一位)/u, '') || null;
  }
  return null;
}
