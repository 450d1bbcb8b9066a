import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

// Word segmentation (jieba), loaded on first use: the addon and its dictionary cost ~100 ms (the dictionary file is
// read when its module loads), and most paths, a lexical question among them, never need it.
const require = createRequire(import.meta.url);
let jieba: Jieba | undefined;
const get = (): Jieba => {
  if (jieba) return jieba;
  const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
  const { dict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
  jieba = JiebaClass.withDict(dict);
  return jieba;
};

export function cutWords(text: string): string[] {
  return get().cut(text, false);
}

/** Does a dictionary word span the join of `left` and `right` ("前期宣" + "传工作" → 宣传)? */
export function wordSpansJoin(left: string, right: string): boolean {
  const l = left.replace(/\s+/gu, '').slice(-4);
  const r = right.replace(/\s+/gu, '').slice(0, 4);
  if (l === '' || r === '') return false;
  let pos = 0;
  for (const w of cutWords(l + r)) {
    const end = pos + w.length;
    if (pos < l.length && end > l.length) return true;
    pos = end;
  }
  return false;
}

export interface TaggedWord {
  word: string;
  /** jieba's part-of-speech tag: nr person, ns place, nt organisation, m numeral, x unknown (often a new name)… */
  tag: string;
}

/** Recently tagged texts: answering tags the same candidate sentences for several checks and questions. */
const TAG_CACHE = 4096;
const tagged = new Map<string, TaggedWord[]>();

/** Words with their part-of-speech tags, in order; the words join back to the text. */
export function tagWords(text: string): TaggedWord[] {
  const hit = tagged.get(text);
  if (hit) {
    tagged.delete(text);
    tagged.set(text, hit);
    return hit;
  }
  const words = get().tag(text, true);
  tagged.set(text, words);
  if (tagged.size > TAG_CACHE) tagged.delete(tagged.keys().next().value!);
  return words;
}
