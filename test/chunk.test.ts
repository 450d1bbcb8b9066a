import { describe, expect, it } from 'vitest';
import { chunkArticle, chunkSpans, DEFAULT_CHUNKING } from '../src/ingest/chunk.js';
import { readCorpus } from '../src/ingest/read-corpus.js';
import { splitSentences } from '../src/text/sentences.js';

const corpus = await readCorpus('data/sample');

describe('chunk invariants over the whole sample corpus', () => {
  for (const opts of [
    DEFAULT_CHUNKING,
    { targetChars: 80, maxChars: 120, overlapSentences: 1 },
    { targetChars: 150, maxChars: 150, overlapSentences: 0 },
  ]) {
    it(`target ${opts.targetChars}, max ${opts.maxChars}, overlap ${opts.overlapSentences}`, () => {
      for (const a of corpus.articles) {
        const chunks = chunkArticle(a, opts);
        expect(chunks.length).toBeGreaterThan(0);
        let covered = 0;
        for (const c of chunks) {
          expect(c.text).toBe(a.text.slice(c.start, c.end)); // exact substring, with offsets
          expect(c.end - c.start).toBeLessThanOrEqual(opts.maxChars);
          expect(c.text).toBe(c.text.trim());
          // full coverage: no gap but white space between consecutive chunks
          expect(a.text.slice(covered, c.start).trim()).toBe('');
          covered = Math.max(covered, c.end);
        }
        expect(a.text.slice(covered).trim()).toBe('');
      }
    });
  }

  it('overlaps by one sentence by default', () => {
    const long = corpus.articles.find((a) => chunkArticle(a).length >= 3)!;
    const [c0, c1] = chunkArticle(long);
    expect(c1!.start).toBeLessThan(c0!.end);
  });
});

describe('sentences', () => {
  it.each([
    ['陈晓华强调，一要提高站位。二要突出重点！三要强化保障？', 3],
    ['“我还没学完呢，回家再学……”6月19日，开发区纪工委办公室。', 2],
    ['The park opened on June 19. It hosts 16 companies. Mr. Li said so.', 3],
    ['要落实项目调度；及时协调解决企业手续审批\n第二段', 3],
  ])('%s', (text, n) => {
    expect(splitSentences(text)).toHaveLength(n);
  });

  it('cuts an over-long sentence at a clause mark', () => {
    const text = `${'开发区大力推进智能化改造，'.repeat(40)}。`;
    const spans = chunkSpans(text, { targetChars: 100, maxChars: 120, overlapSentences: 1 });
    for (const s of spans) expect(s.end - s.start).toBeLessThanOrEqual(120);
    expect(spans[0]!.end - spans[0]!.start).toBeGreaterThan(40);
  });
});
