import { describe, expect, it } from 'vitest';
import { appendBm25, Bm25, buildBm25, deserializeBm25, mergeBm25, serializeBm25 } from '../src/index/bm25.js';
import { readCorpus } from '../src/ingest/read-corpus.js';
import { lexicalTerms } from '../src/text/tokenize.js';

const texts = (await readCorpus('data/sample')).articles.map((a) => a.text);

describe('BM25', () => {
  it('indexes character unigrams and bigrams after NFKC and Traditional→Simplified, and Latin words', () => {
    expect(lexicalTerms('開發區 KAIFAQU 2.3萬')).toEqual(['开', '开发', '发', '发区', '区', '万', 'kaifaqu', '2.3']);
  });

  it('ranks the article that holds the rare words first', () => {
    const bm = new Bm25(buildBm25(texts, 'char-bigram'));
    const [top] = bm.search(bm.terms('均苯四甲酸酐'), 3);
    expect(texts[top!.doc]).toContain('均苯四甲酸酐');
  });

  it('round-trips through its binary form', () => {
    const data = buildBm25(texts, 'char-bigram');
    const { bin, terms } = serializeBm25(data);
    // read in place, and from a buffer that starts at an odd offset (copied first)
    const odd = Buffer.concat([Buffer.from([0]), bin]).subarray(1);
    for (const buf of [bin, odd]) {
      const back = deserializeBm25(buf, terms);
      expect(Array.from(back.docs)).toEqual(Array.from(data.docs));
      expect(Array.from(back.tfs)).toEqual(Array.from(data.tfs));
      expect(Array.from(back.docLen)).toEqual(Array.from(data.docLen));
      expect(back.terms).toEqual(data.terms);
    }
    expect(() => deserializeBm25(bin.subarray(0, bin.length - 2), terms)).toThrow(/expected \d+/u);
    expect(() => deserializeBm25(bin.subarray(0, 8), terms)).toThrow(/too short/u);
  });

  it.each([
    ['some removed', [2, 5, 17]],
    ['the first and last removed, and two in a row', [0, 9, 10, 29]],
    ['none removed (whole runs copied)', []],
  ])(
    'merged, or appended at load (compacted in place, new postings as a tail), the index scores exactly like one built from scratch: %s',
    (_name, gone) => {
      const removed = new Set(gone);
      const keptTexts = texts.slice(0, 30).filter((_, i) => !removed.has(i));
      const scratch = new Bm25(buildBm25([...keptTexts, ...texts.slice(30)], 'char-bigram'));
      const merged = mergeBm25(buildBm25(texts.slice(0, 30), 'char-bigram'), [...removed].reverse(), texts.slice(30));
      const appended = appendBm25(buildBm25(texts.slice(0, 30), 'char-bigram'), removed, texts.slice(30));
      expect(appended.tail).toBeDefined();
      // written to disk, the appended index is flat again and equal to the merged one
      const written = deserializeBm25(...(Object.values(serializeBm25(appended)) as [Buffer, string]));
      expect(Array.from(written.docs)).toEqual(Array.from(merged.docs));
      expect(Array.from(written.offsets)).toEqual(Array.from(merged.offsets));
      expect(written.terms).toEqual(merged.terms);
      // merging onto an index that has a tail flattens it first
      const twice = mergeBm25(
        appendBm25(buildBm25(texts.slice(0, 30), 'char-bigram'), removed, texts.slice(30, 40)),
        [],
        texts.slice(40),
      );
      for (const data of [merged, appended, twice]) {
        const bm = new Bm25(data);
        expect(bm.size).toBe(scratch.size);
        expect(data.docLen).toEqual(scratch.data.docLen);
        for (const q of ['首席服务员', '开发区召开会议', '示范区优化营商环境', '雪汇食品', 'kaifaqu']) {
          expect(bm.df(q.slice(0, 2))).toBe(scratch.df(q.slice(0, 2)));
          const a = bm.search(bm.terms(q), 10);
          const b = scratch.search(scratch.terms(q), 10);
          expect(a.map((x) => x.doc)).toEqual(b.map((x) => x.doc));
          a.forEach((x, i) => {
            expect(x.score).toBeCloseTo(b[i]!.score, 4);
          });
        }
      }
    },
  );
});
