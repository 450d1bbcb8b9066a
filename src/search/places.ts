import { normalizeForSearch } from '../text/normalize.js';
import { tagWords } from '../text/segment.js';
import { isPersonName } from './answer-types.js';
import { OFFICES } from './question-words.js';

// The place or body a question names (开发区, 示范区, 濮阳市, 南乐县) must be the one a quote is about: not a wider one
// (我市, 全省) and not another (示范区 for 开发区). A sentence that names no body is about its article's.

/** The paper's own city, however a sentence says it. */
const CITY = /^(?:我市|全市|本市|该市|市委|市政府|市级|市里|市直|市)$/u;
/** The paper's own district: resolved by the article it stands in, like a sentence naming nothing. */
const OWN_DISTRICT = /^(?:我区|全区|本区|该区|区委|区级|区里|区直|全县|我县|本县|全镇|我镇)$/u;
const WIDER = /^(?:全省|我省|本省|全国|我国|全世界|全球)$/u;
/** Words ending like a body that are not one. */
const NOT_BODY =
  /^(?:小区|社区|城区|辖区|园区|景区|片区|街区|市区|郊区|山区|灾区|矿区|厂区|校区|营区|牧区|分区|专区|新区|区内|区外|城市|都市|超市|上市|门市|夜市|股市|县城|乡村|城乡|乡镇|村庄|村民|村镇|农村|省市|市县|县区|区县|市场|地区|街区|专区)$/u;
const BODY_END = /(?:区|市|县|镇|乡|省|州|村|街道)$/u;
/** "外省", "跨省", "各县": a kind of body, not one body. */
const ANY_BODY = /^(?:外|跨|各|邻|周边|兄弟|其他|其它|多)(?:省|市|县|区|镇|乡|村)$/u;

const MAY_NAME_BODY = /[区市县镇乡省州村国界球]|街道/u;

/** `own`: the district the paper covers, as a passage of it says ("全区"): it stands for the article's body. */
export type BodyLevel = 'city' | 'own' | 'other';

export interface Body {
  word: string;
  level: BodyLevel;
}

/** Is the word a body's name (开发区, 濮阳市, 我市)? */
export const isBodyWord = (w: string): boolean =>
  CITY.test(w) ||
  OWN_DISTRICT.test(w) ||
  WIDER.test(w) ||
  (w.length >= 2 && BODY_END.test(w) && !NOT_BODY.test(w) && !ANY_BODY.test(w));

/** Bodies named in a text, in order: "开发区", "濮阳市", and the city words ("我市", "全市") as `city`. */
export function bodiesIn(text: string): Body[] {
  const out: Body[] = [];
  // Every body word holds one of these (区, 市, 县, 镇, 乡, 省, 州, 村, 街道; 全国, 全世界, 全球): without one, no
  // word of the text is a body, and the text need not be tagged.
  if (!MAY_NAME_BODY.test(text)) return out;
  for (const { word: w } of tagWords(text)) {
    if (CITY.test(w) || WIDER.test(w)) out.push({ word: w, level: CITY.test(w) ? 'city' : 'other' });
    else if (OWN_DISTRICT.test(w)) out.push({ word: w, level: 'own' });
    else if (w.length >= 2 && BODY_END.test(w) && !NOT_BODY.test(w) && !ANY_BODY.test(w))
      out.push({ word: w, level: /市$/u.test(w) ? 'city' : 'other' });
  }
  return out;
}

/**
 * The districts, counties, towns and villages a text names (开发区, 示范区, 南乐县): not the city, which every article
 * of the paper is about ("我市"), nor wider ones (全省).
 */
export const districtsIn = (text: string): string[] => districtsOf(bodiesIn(text));

/** The districts among bodies already found. */
export const districtsOf = (bodies: Body[]): string[] =>
  bodies.filter((b) => b.level === 'other' && !WIDER.test(b.word)).map((b) => b.word);

export type Aboutness = 'same' | 'other' | 'unknown';

/**
 * Is a passage about the bodies the question names? `own` are the bodies the passage names; `inherited` those of
 * its article's title and lead, used when the passage names none (asked for only then: finding them tags the lead).
 * A city named in the question ("濮阳市", "全市") is the paper's city ("我市"); a district is not.
 */
export function aboutness(named: Body[], own: Body[], inherited: () => Body[]): Aboutness {
  if (named.length === 0) return 'unknown';
  const explicit = own.filter((b) => b.level !== 'own');
  const bodies = explicit.length > 0 && explicit.length === own.length ? own : [...explicit, ...inherited()];
  if (bodies.length === 0) return 'unknown';
  const same = (b: Body): boolean =>
    named.some(
      (n) =>
        n.word === b.word || (n.level === 'city' && b.level === 'city' && (CITY.test(n.word) || CITY.test(b.word))),
    );
  if (bodies.some(same)) return 'same';
  // Passages about the question's body often name others too ("开发区向市里汇报"); only a passage that names no
  // body of the question is about another.
  return 'other';
}

/** Tags of proper names: people, organisations, other names (places are bodies, judged by `aboutness`). */
const NAME_TAG = /^(?:nr|nrfg|nrt|nt|nz)$/u;

/**
 * The proper names a question states that are not bodies ("恒丰电子" → 恒丰, "邮储银行" → 邮储): a quote about
 * another firm or person does not answer it, however many other words it shares.
 */
export function namesIn(question: string): string[] {
  const bodies = new Set(bodiesIn(question).map((b) => b.word));
  return [
    ...new Set(
      tagWords(question)
        .filter(
          (t) => (NAME_TAG.test(t.tag) || isPersonName(t)) && /^\p{sc=Han}{2,}$/u.test(t.word) && !bodies.has(t.word),
        )
        .map((t) => t.word),
    ),
  ];
}

/** The city a local paper is of, from its name ("濮阳日报" → 濮阳); null for a paper not named after one. */
export function homeOf(paper: string): string | null {
  return /^(\p{sc=Han}{2,3}?)市?(?:日报|晚报|都市报|时报|晨报)/u.exec(normalizeForSearch(paper))?.[1] ?? null;
}

/**
 * A question's words without its papers' own city where it only places an office or a topic ("濮阳市长" → 市长,
 * "濮阳市的…"): every article of a local paper is about its city, so the name is no evidence of which article
 * answers. A name it begins ("濮阳电子商务产业园") stays.
 */
export function withoutHome(content: string, homes: string[]): string {
  if (homes.length === 0) return content;
  const home = new RegExp(`(?:${homes.join('|')})市?(?=市?(?:${OFFICES})|的|\\s|$)`, 'gu');
  const rest = content.replace(home, ' ').replace(/\s+/gu, ' ').trim();
  return /\p{sc=Han}{2}|[a-z0-9]{2}/u.test(rest) ? rest : content;
}

/** How a firm's or an institution's own name ends ("农业银行", "雪汇食品公司"). */
export const ORG_NAME_END = /(?:银行|公司|集团|医院|大学|学院|中学|小学|合作社|协会|研究院|研究所|电视台|报社)$/u;

/** What a firm's name is made of after its brand ("雪汇食品", "恒丰电子", "龙丰纸业", "同力水泥"). */
const TRADE =
  /^(?:食品|电子|纸业|水泥|物流|科技|化工|材料|新材料|机械|医药|药业|制药|能源|石化|农业|建设|建材|置业|地产|控股|集团|公司|实业|商贸|服饰|纺织|汽车|电器|花卉)$/u;

/**
 * A brand jieba does not know (tagged x) before the trade it names ("雪汇" of 雪汇食品): a firm the question is about,
 * whose name a quote's article must hold.
 */
export function unknownWordsIn(question: string): string[] {
  return brandsIn(question).map((b) => b.brand);
}

/** Each unknown brand with the trade after it ("雪汇" + "食品"). */
export function brandsIn(question: string): { brand: string; firm: string }[] {
  const words = tagWords(question);
  return words.flatMap((t, i) => {
    const trade = words[i + 1]?.word ?? '';
    return t.tag === 'x' && /^\p{sc=Han}{2,4}$/u.test(t.word) && TRADE.test(trade)
      ? [{ brand: t.word, firm: t.word + trade }]
      : [];
  });
}
