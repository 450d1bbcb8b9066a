import { normalizeForSearch } from '../text/normalize.js';

// Headlines on these pages stand before their article, after it, or gathered at the page's end. Position is no
// guide, so each headline goes to the article whose text it best summarises: the share of the headline's character
// bigrams (weighted by how rare they are on the page) found in the article.

export interface Assignable {
  text: string;
  start: number;
  block: number;
}

const bigrams = (s: string): Set<string> => {
  const t = Array.from(normalizeForSearch(s).replace(/[^\p{L}\p{N}]/gu, ''));
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) out.add(t[i]! + t[i + 1]!);
  return out;
};

export interface HeadlineMatch<H> {
  headline: H;
  item: number;
  score: number;
}

/** Score needed for a headline to be attached at all; below it the line is page furniture (a slogan). */
export const MIN_HEADLINE_SCORE = 0.35;
/** Headlines stand next to their article far more often than not: the items just before and after get this bonus. */
const ADJACENT_BONUS = 0.1;

export function assignHeadlines<H extends Assignable>(
  headlines: H[],
  items: { text: string; start: number }[],
): { matched: HeadlineMatch<H>[]; unmatched: H[] } {
  const itemTexts = items.map((i) => i.text);
  const itemGrams = itemTexts.map(bigrams);
  const df = new Map<string, number>();
  for (const g of itemGrams) for (const b of g) df.set(b, (df.get(b) ?? 0) + 1);
  // A bigram found in no item tells nothing about where the headline goes; it only dilutes the score a little.
  const idf = (b: string): number => (df.has(b) ? Math.log(1 + itemTexts.length / df.get(b)!) : 1);

  const raw = headlines.map((h) => {
    const hb = [...bigrams(h.text)];
    const total = hb.reduce((s, b) => s + idf(b), 0);
    let best = -1;
    let bestScore = 0;
    const before = items.reduce((k, it, i) => (it.start < h.start ? i : k), -1);
    const after = items.findIndex((it) => it.start > h.start);
    if (total > 0) {
      itemGrams.forEach((g, i) => {
        const overlap = hb.reduce((s, b) => s + (g.has(b) ? idf(b) : 0), 0) / total;
        const score = overlap > 0.2 && (i === before || i === after) ? overlap + ADJACENT_BONUS : overlap;
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      });
    }
    return { headline: h, item: best, score: bestScore, short: Array.from(h.text).length < 5 };
  });

  // A short segment ("强党建", "集中开工") says too little to place on its own: it follows its neighbour on the line.
  raw.forEach((r, i) => {
    if (!r.short) return;
    const next = raw[i + 1];
    const prev = raw[i - 1];
    const neighbour =
      next && next.headline.block === r.headline.block && !next.short
        ? next
        : prev && prev.headline.block === r.headline.block
          ? prev
          : undefined;
    if (neighbour && neighbour.score >= MIN_HEADLINE_SCORE) {
      // stays with the neighbour's article
      r.item = neighbour.item;
      r.score = neighbour.score;
    }
  });

  const matched: HeadlineMatch<H>[] = [];
  const unmatched: H[] = [];
  for (const r of raw) {
    if (r.item >= 0 && r.score >= MIN_HEADLINE_SCORE)
      matched.push({ headline: r.headline, item: r.item, score: r.score });
    else unmatched.push(r.headline);
  }
  return { matched, unmatched };
}

/** Join an item's headline segments in page order: parts of one line or block with a space, like the page shows. */
export function joinHeadline(parts: Assignable[], clean: (s: string) => string = (s) => s): string {
  // A kicker ("全市唯一———") reads before the headline wherever the page set it.
  const kicker = (p: Assignable): number => (/[—-]+$/u.test(p.text) ? 0 : 1);
  return [...parts]
    .sort((a, b) => kicker(a) - kicker(b) || a.start - b.start)
    .map((p) => clean(p.text))
    .join(' ')
    .trim();
}
