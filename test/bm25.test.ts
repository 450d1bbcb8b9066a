import { describe, expect, it } from 'vitest';
import { Bm25, buildBm25, deserializeBm25, mergeBm25, serializeBm25 } from '../src/index/bm25.js';
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
    const back = deserializeBm25(bin, terms);
    expect(Array.from(back.docs)).toEqual(Array.from(data.docs));
    expect(Array.from(back.tfs)).toEqual(Array.from(data.tfs));
    expect(back.terms).toEqual(data.terms);
  });

  it.each([
    ['some removed', [2, 5, 17]],
    ['none removed (whole runs copied)', []],
  ])('a merged index (kept documents renumbered, new ones appended) scores exactly like one built from scratch: %s', (_name, gone) => {
    const old = buildBm25(texts.slice(0, 30), 'char-bigram');
    const removed = new Set(gone);
    const keep = new Int32Array(30).fill(-1);
    const keptTexts: string[] = [];
    for (let i = 0, k = 0; i < 30; i++) {
      if (removed.has(i)) continue;
      keep[i] = k++;
      keptTexts.push(texts[i]!);
    }
    const merged = new Bm25(mergeBm25(old, keep, texts.slice(30)));
    const scratch = new Bm25(buildBm25([...keptTexts, ...texts.slice(30)], 'char-bigram'));
    expect(merged.size).toBe(scratch.size);
    expect(merged.data.docs.length).toBe(scratch.data.docs.length);
    expect(merged.data.docLen).toEqual(scratch.data.docLen);
    for (const q of ['首席服务员', '开发区召开会议', '示范区优化营商环境', '雪汇食品', 'kaifaqu']) {
      const a = merged.search(merged.terms(q), 10);
      const b = scratch.search(scratch.terms(q), 10);
      expect(a.map((x) => x.doc)).toEqual(b.map((x) => x.doc));
      a.forEach((x, i) => expect(x.score).toBeCloseTo(b[i]!.score, 4));
    }
  });
});
