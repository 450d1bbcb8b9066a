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
};

/** One claim of the question: any of these words (one-character ones as verbs), near its object when it has one. */
export interface PredicateGroup {
  words: string[];
  /** The noun the question puts after the verb ("濮阳" of "来濮阳"): the claim is about it, not anywhere. */
  object?: string;
}

/** How far from the verb its object may stand ("到开发区华安办", "考察河南" is not "来濮阳"). */
const OBJECT_CHARS = 10;
const isPerson = (t: TaggedWord): boolean => t.tag === 'nr' || t.tag === 'nrfg' || isPersonName(t);

/**
 * The claims a yes/no question makes of a person ("习近平来濮阳了吗", "张三主持了会议吗"): a person's name is written
 * in many passages that say nothing of what they did. None for a question about a thing ("工业园区是唯一入选…的吗"),
 * which a paper confirms in other words (名列其中).
 */
export function predicateOf(question: string): PredicateGroup[] {
  const tagged = tagWords(question);
  if (!tagged.some(isPerson)) return [];
  const out: PredicateGroup[] = [];
  tagged.forEach((t, i) => {
    if (!/^v/u.test(t.tag) || !/^\p{sc=Han}+$/u.test(t.word) || LIGHT_VERB.test(t.word)) return;
    if (out.some((g) => g.words[0] === t.word)) return;
    const next = tagged[i + 1];
    const object = next && /^n/u.test(next.tag) && next.word.length >= 2 ? next.word : undefined;
    out.push({ words: [t.word, ...(SAME_ACT[t.word] ?? [])], ...(object ? { object } : {}) });
  });
  return out;
}

/** Where the words stand in the text: multi-character ones anywhere, one-character ones only as verbs. */
function positions(text: string, words: string[], tagged: () => TaggedWord[]): number[] {
  const at: number[] = [];
  for (const w of words.filter((x) => x.length > 1))
    for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) at.push(i);
  const single = words.filter((w) => w.length === 1 && text.includes(w));
  if (single.length > 0) {
    let pos = 0;
    for (const t of tagged()) {
      const i = text.indexOf(t.word, pos);
      if (i >= 0) pos = i + t.word.length;
      if (i >= 0 && /^v/u.test(t.tag) && single.includes(t.word)) at.push(i);
    }
  }
  return at;
}

/** Does the text make each claim: a word of it, with its object close by? `tagged` gives its words when needed. */
export function holdsPredicate(text: string, groups: PredicateGroup[], tagged: () => TaggedWord[]): boolean {
  return groups.every((g) => {
    const at = positions(text, g.words, tagged);
    if (!g.object) return at.length > 0;
    const object = g.object;
    return at.some((i) => text.slice(Math.max(0, i - OBJECT_CHARS), i + OBJECT_CHARS).includes(object));
  });
}
