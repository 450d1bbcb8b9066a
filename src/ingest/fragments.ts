import { normalizeForSearch } from '../text/normalize.js';

// Pieces of a page that are not items of their own: a pull-quote box that repeats an article's words, and a photo
// caption that only says what the photo of an article shows ("图为大会现场。").

export interface PageText {
  text: string;
  photo: boolean;
}

const grams = (s: string, n = 3): Set<string> => {
  const t = Array.from(normalizeForSearch(s).replace(/[^\p{L}\p{N}]/gu, ''));
  const out = new Set<string>();
  for (let i = 0; i + n <= t.length; i++) out.add(t.slice(i, i + n).join(''));
  return out;
};

/** Share of a box's character trigrams found in the article it repeats: a quotation with a word or two changed. */
const REPEAT_SHARE = 0.8;
/** A text this short shares trigrams with an article by chance. */
const REPEAT_MIN_GRAMS = 12;

/**
 * Items that repeat another, longer item's text (a pull-quote box, a summary box): for each item, the index of the
 * item it repeats, or -1.
 */
export function repeatsOf(items: PageText[]): number[] {
  const g = items.map((i) => grams(i.text));
  // Which items hold each trigram, so an item is compared only with those sharing some of its words.
  const holders = new Map<string, number[]>();
  g.forEach((set, j) => {
    for (const x of set) {
      const list = holders.get(x);
      if (list) list.push(j);
      else holders.set(x, [j]);
    }
  });
  return items.map((item, i) => {
    const mine = g[i]!;
    if (mine.size < REPEAT_MIN_GRAMS) return -1;
    const shared = new Map<number, number>();
    for (const x of mine) for (const j of holders.get(x)!) if (j !== i) shared.set(j, (shared.get(j) ?? 0) + 1);
    const longer = [...shared].filter(
      ([j, n]) => items[j]!.text.length >= item.text.length * 2 && n / mine.size >= REPEAT_SHARE,
    );
    return longer.length > 0 ? longer[0]![0] : -1;
  });
}

/**
 * A caption of an article's photo, not photo news: it says only what the photo shows ("图为恒丰电子的员工在生产线上
 * 作业。"), one sentence opening with 图为, with no story of its own before it.
 */
export function isBareCaption(item: PageText): boolean {
  const t = item.text.trim();
  return item.photo && /^图为/u.test(t) && !/[。！？!?].+/su.test(t.replace(/[。！？!?]+$/u, ''));
}
