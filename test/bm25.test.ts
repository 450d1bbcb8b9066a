import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sentencePool, writeSyntheticCorpus } from '../scripts/bench/corpus.js';
import { Bm25, lengthNorms, lexicalIndex, lexicalIndexOf } from '../src/index/bm25.js';
import { exhaustiveSearch } from '../src/index/exhaustive.js';
import { buildPostings, mergePostings, readPostings, writePostings } from '../src/index/postings.js';
import { chunkArticle, DEFAULT_CHUNKING } from '../src/ingest/chunk.js';
import { readCorpus } from '../src/ingest/read-corpus.js';
import { lexicalTerms } from '../src/text/tokenize.js';
import { rng } from '../tools/random.js';

const texts = (await readCorpus('data/sample')).articles.map((a) => a.text);
const CMRC = '../shared/eval/cmrc2018/cmrc2018_dev.squad.json';
const tmp = (): string => mkdtempSync(join(tmpdir(), 'postings-'));

describe('BM25', () => {
  it('indexes character unigrams and bigrams after NFKC and Traditional→Simplified, and Latin words', () => {
    expect(lexicalTerms('開發區 KAIFAQU 2.3萬')).toEqual(['开', '开发', '发', '发区', '区', '万', 'kaifaqu', '2.3']);
  });

  it('ranks the article that holds the rare words first', () => {
    const bm = new Bm25(lexicalIndexOf(texts, 'char-bigram'));
    const [top] = bm.search(bm.terms('均苯四甲酸酐'), 3);
    expect(texts[top!.doc]).toContain('均苯四甲酸酐');
  });

  it("keeps each document's norm as a length id into a table, the same numbers, past 65,535 terms too", () => {
    const norm = (len: number): number => 1.2 * (0.25 + (0.75 * len) / 300);
    const small = [Uint32Array.of(5, 300, 65_535, 0), Uint32Array.of(7)];
    const big = [Uint32Array.of(5, 300, 70_000, 5), Uint32Array.of(1_000_000)];
    for (const lengths of [small, big]) {
      const { lengthIds, normOf } = lengthNorms(lengths, norm);
      const got = lengths.map((ls, i) => Array.from(ls, (_, d) => normOf[lengthIds[i]![d]!]));
      expect(got).toEqual(lengths.map((ls) => Array.from(ls, norm)));
    }
    expect(lengthNorms(small, norm).lengthIds[0]).toBeInstanceOf(Uint16Array);
    expect(lengthNorms(big, norm).lengthIds[0]).toBeInstanceOf(Uint32Array);
    expect(lengthNorms(big, norm).normOf.length).toBe(4);
    // A document of over 65,535 terms beside short ones: search still scores exactly as scoring every posting does.
    const long = `${'开发区'.repeat(12_000)}首席服务员`;
    const bm = new Bm25(lexicalIndexOf([...texts, long], 'char-bigram'));
    expect(Math.max(...bm.index.parts[0]!.postings.lengths)).toBeGreaterThan(65_535);
    for (const q of ['首席服务员', '开发区', '开发区首席']) {
      expect(bm.search(bm.terms(q), 20)).toEqual(exhaustiveSearch(bm, bm.terms(q), 20));
    }
  });

  it('round-trips through its files, and a file cut short is named', () => {
    const p = buildPostings(texts, 'char-bigram');
    const dir = tmp();
    writePostings(dir, p);
    const back = readPostings(dir, texts.length);
    expect(back.terms).toEqual(p.terms);
    for (const k of ['starts', 'docs', 'tfs', 'lengths', 'blocks'] as const)
      expect(Array.from(back[k])).toEqual(Array.from(p[k]));
    expect(() => readPostings(dir, texts.length + 1)).toThrow(/lexical-lengths\.u32 is \d+ bytes, expected/u);
  });

  it.each([
    ['some removed', [2, 5, 17]],
    ['the first and last removed, and two in a row', [0, 9, 10, 29]],
    ['none removed', []],
  ])('segments merged by streaming (deleted documents dropped) equal postings built from scratch: %s', (_n, gone) => {
    const removed = new Set(gone);
    const kept = [...texts.slice(0, 30).filter((_, i) => !removed.has(i)), ...texts.slice(30)];
    const scratch = buildPostings(kept, 'char-bigram');
    const [a, b] = [tmp(), tmp()];
    writePostings(a, buildPostings(texts.slice(0, 30), 'char-bigram'));
    writePostings(b, buildPostings(texts.slice(30), 'char-bigram'));
    let next = 0;
    const remapA = Int32Array.from({ length: 30 }, (_, i) => (removed.has(i) ? -1 : next++));
    const remapB = Int32Array.from({ length: texts.length - 30 }, () => next++);
    const out = tmp();
    mergePostings(
      [
        { dir: a, remap: remapA },
        { dir: b, remap: remapB },
      ],
      out,
      'char-bigram',
    );
    const merged = readPostings(out, kept.length);
    expect(merged.terms).toEqual(scratch.terms);
    for (const k of ['starts', 'docs', 'tfs', 'lengths', 'blocks'] as const)
      expect(Array.from(merged[k])).toEqual(Array.from(scratch[k]));
  });

  it('an index of segments with deleted documents scores exactly like one built without them', () => {
    const gone = [0, 3, 4, 15, texts.length - 1];
    const first = buildPostings(texts.slice(0, 20), 'char-bigram');
    const second = buildPostings(texts.slice(20), 'char-bigram');
    const segmented = new Bm25(
      lexicalIndex('char-bigram', [
        { postings: first, deleted: { docs: gone.slice(0, 4), texts: gone.slice(0, 4).map((d) => texts[d]!) } },
        { postings: second, deleted: { docs: [texts.length - 21], texts: [texts.at(-1)!] } },
      ]),
    );
    const scratch = new Bm25(
      lexicalIndexOf(
        texts.filter((_, i) => !gone.includes(i)),
        'char-bigram',
      ),
    );
    expect(segmented.size).toBe(scratch.size);
    for (const q of ['首席服务员', '开发区召开会议', '示范区优化营商环境', '雪汇食品', 'kaifaqu', '的']) {
      expect(segmented.df(q.slice(0, 2))).toBe(scratch.df(q.slice(0, 2)));
      expect(segmented.search(segmented.terms(q), 10)).toEqual(scratch.search(scratch.terms(q), 10));
    }
  });
});

/** Pruned search against scoring every posting: the same documents, scores and order. */
function expectExact(bm: Bm25, queries: string[][], ks: number[], allow?: (doc: number) => boolean): void {
  let checked = 0;
  queries.forEach((terms, i) => {
    const k = ks[i % ks.length]!;
    const pruned = bm.search(terms, k, allow);
    const exhaustive = exhaustiveSearch(bm, terms, k, allow);
    if (JSON.stringify(pruned) !== JSON.stringify(exhaustive))
      expect({ query: terms.join(' '), k, pruned }).toEqual({ query: terms.join(' '), k, pruned: exhaustive });
    checked++;
  });
  expect(checked).toBe(queries.length);
}

// Scoring every posting of thousands of queries takes a minute or more here, and several on a loaded machine.
const EXHAUSTIVE_TIMEOUT_MS = 900_000;

describe('exact top-k: pruned search returns exactly what exhaustive scoring returns', () => {
  it.skipIf(!existsSync(CMRC))(
    'on every CMRC 2018 dev question, with and without a filter',
    async () => {
      const squad = JSON.parse(readFileSync(CMRC, 'utf8')) as {
        data: { paragraphs: { context: string; qas: { question: string }[] }[] }[];
      };
      const contexts = squad.data.flatMap((d) => d.paragraphs.map((p) => p.context));
      const bm = new Bm25(lexicalIndexOf(contexts, 'char-bigram'));
      const questions = squad.data.flatMap((d) => d.paragraphs.flatMap((p) => p.qas.map((q) => bm.terms(q.question))));
      expect(questions.length).toBeGreaterThan(3000);
      expectExact(bm, questions, [50]);
      expectExact(bm, questions.slice(0, 400), [10, 1, 5, 200]);
      expectExact(bm, questions.slice(0, 300), [50], (doc) => doc % 3 !== 0);
      // Windows of 32 documents instead of 4,096: the collection in about a hundred windows, most of them skipped.
      const windowed = new Bm25(bm.index, 5);
      expectExact(windowed, questions, [50, 10, 1, 200]);
      expectExact(windowed, questions.slice(0, 300), [50], (doc) => doc % 3 !== 0);
      // One search split across two threads (parallel-search.ts), the crossover lowered to this collection.
      const split = new Bm25(bm.index, 5, { threads: 2, minDocs: 0, waitMs: 600_000 });
      try {
        expect(await split.started()).toBe(true);
        expectExact(split, questions, [50, 10, 1, 200]);
        expect(split.threadCounts.split).toBeGreaterThan(0);
      } finally {
        await split.close();
      }
    },
    EXHAUSTIVE_TIMEOUT_MS,
  );

  it(
    'on random queries over the benchmark corpus, in segments with deleted documents',
    async () => {
      const corpusDir = tmp();
      const size = Number(process.env.EXACT_TEST_CHUNKS ?? 8000);
      writeSyntheticCorpus(corpusDir, await sentencePool(CMRC), size);
      const chunks = (await readCorpus(corpusDir)).articles.flatMap((a) => chunkArticle(a, DEFAULT_CHUNKING));
      const random = rng(11);
      const cut = Math.floor(chunks.length * 0.8);
      const parts = [chunks.slice(0, cut), chunks.slice(cut)].map((cs) => {
        const docs = cs.flatMap((_, d) => (random() < 0.05 ? [d] : []));
        return {
          postings: buildPostings(
            cs.map((c) => c.text),
            'char-bigram',
          ),
          deleted: { docs, texts: docs.map((d) => cs[d]!.text) },
        };
      });
      const bm = new Bm25(lexicalIndex('char-bigram', parts));
      const vocabulary = parts[0]!.postings.terms;
      const pick = (): string => vocabulary[Math.floor(random() * vocabulary.length)]!;
      // runs of text from the corpus (like a question quoting it), and terms drawn at random from the vocabulary
      const quoted = Array.from({ length: 150 }, () => {
        const c = chunks[Math.floor(random() * chunks.length)]!;
        const at = Math.floor(random() * Math.max(1, c.text.length - 20));
        return bm.terms(c.text.slice(at, at + 6 + Math.floor(random() * 20)));
      });
      const drawn = Array.from({ length: 150 }, () => Array.from({ length: 1 + Math.floor(random() * 30) }, pick));
      // long quotes: more than 32 non-essential terms with holders' bitmaps in a window (past the bitmask of lacking ones)
      const long = Array.from({ length: 30 }, () => {
        const c = chunks[Math.floor(random() * chunks.length)]!;
        const at = Math.floor(random() * Math.max(1, c.text.length - 150));
        return bm.terms(c.text.slice(at, at + 150));
      });
      expectExact(bm, long, [50, 10]);
      expectExact(new Bm25(bm.index, 7), long, [50]);
      expectExact(bm, [...quoted, ...drawn], [50, 10, 1, 100]);
      expectExact(bm, quoted.slice(0, 50), [20], (doc) => doc % 7 < 2);
      for (const shift of [4, 7]) {
        const windowed = new Bm25(bm.index, shift);
        expectExact(windowed, [...quoted, ...drawn], [50, 10, 1, 100]);
        expectExact(windowed, quoted.slice(0, 50), [20], (doc) => doc % 7 < 2);
      }
      const split = new Bm25(bm.index, 7, { threads: 2, minDocs: 0, waitMs: 600_000 });
      try {
        expect(await split.started()).toBe(true);
        expectExact(split, [...long, ...quoted, ...drawn], [50, 10, 1, 100]);
        expect(split.threadCounts.split).toBeGreaterThan(0);
      } finally {
        await split.close();
      }
    },
    EXHAUSTIVE_TIMEOUT_MS,
  );
});
