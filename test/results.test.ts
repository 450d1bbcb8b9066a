import { beforeAll, describe, expect, it } from 'vitest';
import { loadIndex } from '../src/index/store.js';
import type { Article } from '../src/ingest/article.js';
import { Archive } from '../src/search/archive.js';
import { linkBuilder } from '../src/search/links.js';
import { highlightsIn, looksLikeQuestion, queryWords, searchResults } from '../src/search/results.js';
import { normalizeForSearch } from '../src/text/normalize.js';
import { buildTestIndex } from './support/fixtures.js';

// Search results against the plainest oracle there is: every article's text, scanned.

let archive: Archive;
beforeAll(async () => {
  archive = new Archive(loadIndex((await buildTestIndex({})).indexDir), undefined, linkBuilder('http://x'));
});

const holdsAll = (a: Article, words: string[]): boolean => {
  const t = normalizeForSearch(`${a.title}\n${a.text}`);
  return words.every((w) => t.includes(w));
};

/** Every result of a query, page by page. */
function everyResult(
  text: string,
  opts: Parameters<typeof searchResults>[1] extends infer Q ? Partial<Q> : never = {},
) {
  const first = searchResults(archive, { text, ...opts, page: 1, perPage: 7 });
  const ids: string[] = [];
  for (let p = 1; p <= first.pages; p++) {
    ids.push(...searchResults(archive, { text, ...opts, page: p, perPage: 7 }).items.map((i) => i.article.id));
  }
  return { first, ids };
}

describe('query words', () => {
  it.each([
    ['开发区', ['开发区']],
    ['开发区 复工', ['开发区', '复工']],
    ['復工復產', ['复工复产']],
    ['雪汇食品公司什么时候正式复工？', ['雪汇', '食品', '公司', '正式复工']],
    ['“医疗器械产业园”', ['医疗器械产业园']],
    ['GDP 增长', ['gdp', '增长']],
    ['？？', []],
    ['', []],
  ])('%s → %j', (q, want) => {
    expect(queryWords(q)).toEqual(want);
  });

  it('a question typed into the box searches for its words, not its question words', () => {
    const words = queryWords('恒丰电子已申请了多少项专利？');
    expect(words.slice(0, 3)).toEqual(['恒丰', '电子', '申请']);
    expect(words.join(' ')).not.toMatch(/多少|？/u);
    expect(searchResults(archive, { text: '恒丰电子已申请了多少项专利？' }).items[0]!.article.title).toBe(
      '恒丰电子：让更多“濮阳造”走出国门',
    );
  });

  it.each([
    ['恒丰电子已申请了多少项专利？', true],
    ['雪汇食品什么时候复工', true],
    ['开发区', false],
    ['复工复产 营商环境', false],
  ])('%s is a question: %s', (q, want) => {
    expect(looksLikeQuestion(q)).toBe(want);
  });
});

describe('search results', () => {
  it.each([['开发区'], ['复工复产'], ['营商环境'], ['开发区 疫情'], ['濮阳 医疗器械'], ['医药医疗器械产业园']])(
    '"%s": exactly the articles holding every word, each once, over all pages',
    (text) => {
      const words = queryWords(text);
      const want = archive.articles.filter((a) => holdsAll(a, words)).map((a) => a.id);
      expect(want.length).toBeGreaterThan(0);
      const { first, ids } = everyResult(text);
      expect(first.match).toBe('all');
      expect(first.total).toBe(want.length);
      expect(first.pages).toBe(Math.ceil(want.length / 7));
      expect(ids).toHaveLength(want.length);
      expect(new Set(ids)).toEqual(new Set(want));
    },
  );

  it('finds Simplified text from a Traditional query, and marks it in the Simplified text', () => {
    const r = searchResults(archive, { text: '營商環境' });
    expect(r.total).toBe(searchResults(archive, { text: '营商环境' }).total);
    const s = r.items[0]!.snippet!;
    expect(s.highlights.map((h) => s.text.slice(h.start, h.end))).toContain('营商环境');
  });

  it('marks every occurrence of every word in a snippet, and only those', () => {
    for (const it of searchResults(archive, { text: '开发区 企业', perPage: 50 }).items) {
      const s = it.snippet;
      if (!s) continue;
      const marked = s.highlights.map((h) => s.text.slice(h.start, h.end));
      for (const m of marked) expect(['开发区', '企业', '开发区企业']).toContain(m);
      const unmarked = s.text.split('').map((ch, i) => (s.highlights.some((h) => i >= h.start && i < h.end) ? '' : ch));
      expect(unmarked.join('')).not.toMatch(/开发区|企业/u);
    }
  });

  it('with no article holding every word, lists those holding the most, and says so', () => {
    const r = searchResults(archive, { text: '开发区 火星' });
    expect(r.match).toBe('some');
    expect(r.matchedWords).toBe(1);
    expect(r.total).toBe(searchResults(archive, { text: '开发区' }).total);
    expect(searchResults(archive, { text: '火星基地' }).total).toBe(0);
  });

  it('filters by date, inclusive, leaving out undated articles; orders by date, newest first', () => {
    const keep = (a: Article): boolean => Boolean(a.date) && a.date! >= '2020-03-18' && a.date! <= '2020-07-01';
    const want = archive.articles.filter((a) => keep(a) && holdsAll(a, ['开发区'])).map((a) => a.id);
    const { ids } = everyResult('开发区', { from: '2020-03-18', to: '2020-07-01', order: 'date' });
    expect(new Set(ids)).toEqual(new Set(want));
    const dates = ids.map((id) => archive.article(id)!.date!);
    expect(dates).toEqual([...dates].sort().reverse());
    // A month as the end takes in the whole month.
    expect(searchResults(archive, { text: '开发区', from: '2020-06', to: '2020-06' }).total).toBe(
      archive.articles.filter((a) => a.date?.startsWith('2020-06') && holdsAll(a, ['开发区'])).length,
    );
  });

  it('ranks the article about the words first', () => {
    expect(searchResults(archive, { text: '恒丰电子 专利' }).items[0]!.article.title).toBe(
      '恒丰电子：让更多“濮阳造”走出国门',
    );
    expect(searchResults(archive, { text: '医疗器械产业园' }).items[0]!.article.title).toBe(
      '濮阳市医药医疗器械产业园揭牌开园',
    );
  });

  it('takes snippets from passages not already shown, and none when all are', () => {
    const r = searchResults(archive, { text: '雪汇' });
    const top = r.items[0]!;
    const again = searchResults(archive, { text: '雪汇', exclude: new Set([top.snippet!.chunkId]) });
    const same = again.items.find((i) => i.article.id === top.article.id)!;
    expect(same.snippet?.chunkId).not.toBe(top.snippet!.chunkId);
    const everyPassage = new Set(archive.chunksOf(top.article.id).map((c) => c.id));
    const none = searchResults(archive, { text: '雪汇', exclude: everyPassage });
    expect(none.items.find((i) => i.article.id === top.article.id)!.snippet).toBeUndefined();
  });

  it('clamps the page to the pages there are', () => {
    const r = searchResults(archive, { text: '开发区', page: 999 });
    expect(r.page).toBe(r.pages);
    expect(r.items.length).toBeGreaterThan(0);
    expect(searchResults(archive, { text: '', page: 3 })).toMatchObject({ total: 0, pages: 0, items: [] });
  });
});

describe('highlights', () => {
  it.each([
    ['开发区召开复工复产工作推进会', ['复工复产'], ['复工复产']],
    ['開發區召開復工復產會', ['开发区', '复工'], ['開發區', '復工']],
    ['ＧＤＰ增长', ['gdp'], ['ＧＤＰ']],
    ['开发区开发区', ['开发区'], ['开发区开发区']],
  ])('%s, %j', (text, words, want) => {
    expect(highlightsIn(text, words).map((h) => text.slice(h.start, h.end))).toEqual(want);
  });
});
