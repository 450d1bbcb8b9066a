import { describe, expect, it } from 'vitest';
import type { Article } from '../src/ingest/article.js';
import { rrf } from '../src/search/hybrid.js';
import type { IndexView } from '../src/search/index-view.js';
import { fuse, PER_ARTICLE, type Ranked, type Retrieved } from '../src/search/retrieve.js';

/** Fusion as it was written before round seven (sort by score then date, cap by article id): the reference. */
function reference(articleOf: Article[], r: Retrieved): Ranked[] {
  const date = (doc: number): string => articleOf[doc]!.date ?? '';
  const ordered = [...rrf([r.lexical.map((x) => x.doc), r.dense.map((x) => x.doc)]).entries()]
    .sort((a, b) => b[1] - a[1] || date(b[0]).localeCompare(date(a[0])))
    .map(([doc, score]) => ({ doc, score }));
  const seen = new Map<string, number>();
  return ordered.filter((x) => {
    const id = articleOf[x.doc]!.id;
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return n < PER_ARTICLE;
  });
}

/** A small deterministic generator, so the cases are the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('fusion', () => {
  it('ranks as before: score, then newer date, ties in fusion order, at most PER_ARTICLE passages an article', () => {
    const dates = ['2020-07-03', '2021-01-14', '--07-03', '2020-06', undefined];
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = random(seed);
      const articles: Article[] = Array.from(
        { length: 1 + Math.floor(rnd() * 12) },
        (_, i) => ({ id: `a${i}`, date: dates[Math.floor(rnd() * dates.length)] }) as Article,
      );
      const docs = 5 + Math.floor(rnd() * 40);
      const articleOf = Array.from({ length: docs }, () => articles[Math.floor(rnd() * articles.length)]!);
      const pick = (n: number): { doc: number; score: number }[] =>
        [...new Set(Array.from({ length: n }, () => Math.floor(rnd() * docs)))].map((doc) => ({ doc, score: 1 }));
      const r: Retrieved = {
        lexical: pick(Math.floor(rnd() * 20)),
        dense: pick(Math.floor(rnd() * 20)),
        queryVector: undefined,
        ms: { embed: 0, dense: 0, lexical: 0 },
      };
      const view = { chunkArticle: articleOf } as unknown as IndexView;
      expect(fuse(view, r)).toEqual(reference(articleOf, r));
    }
  });
});
