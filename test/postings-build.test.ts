import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sentencePool, writeSyntheticCorpus } from '../scripts/bench/corpus.js';
import { BLOCK, buildPostings, type Postings, PostingsBuilder } from '../src/index/postings.js';
import { chunkArticle, DEFAULT_CHUNKING } from '../src/ingest/chunk.js';
import { readCorpus } from '../src/ingest/read-corpus.js';
import { lexicalTerms } from '../src/text/tokenize.js';
import { rng } from '../tools/random.js';
import { type PlainPostings, referencePostings, referenceTerms } from './support/reference-postings.js';

// The fast build (term ids by code point, no string per term) must give exactly the postings and terms of the
// straightforward one it replaced (test/support/reference-postings.ts): the same terms, documents, frequencies,
// lengths and block bounds, so indexes are byte for byte what they were and search answers the same.

const CMRC = '../shared/eval/cmrc2018/cmrc2018_dev.squad.json';
const sample = (await readCorpus('data/sample')).articles.map((a) => a.text);

const plain = (p: Postings): PlainPostings => ({
  terms: p.terms,
  starts: Array.from(p.starts),
  docs: Array.from(p.docs),
  tfs: Array.from(p.tfs),
  lengths: Array.from(p.lengths),
  blocks: Array.from(p.blocks),
});

function firstDifference(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Texts that reach every branch of the term walk. */
const odd = [
  '',
  '   ',
  'abc 123 4.5 x.y',
  '開發區選派了多少名首席服務員？KAIFAQU 2.3萬',
  '𠀀𠀁中𠀂 文𪚥字', // Han outside the BMP (extension B), alone and beside BMP Han
  '中\ud800文\udc00字\ud840', // lone surrogates break a run
  '〇〆々〻中〇', // marks some count as Han script
  '⺀⺁⼀⼁中', // radicals (Han script; NFKC maps the Kangxi ones)
  'ＡＢＣ１２３　全角ｆｕｌｌ',
  '😀中😀文😀',
  'Ⅻ ⅻ ① ½ ²³ café naïve İstanbul ǅ',
  'العربية русский ελληνικά 日本語のかな 한국어',
  '中'.repeat(70_000), // a frequency past the 16-bit cap
  '2019年7月1日，开发区GDP增长7.5%。',
  '1.2.3 v1.5km 3. .5 a.b 中1.5中 5.中 x..5 1.5.6a ١.٢ 1.٢ ٣.4 a.5b 9.99.',
  'end.5',
  '末尾7.',
];

describe('the fast postings build equals the one it replaced', () => {
  it('lexicalTerms gives the terms the regular expressions gave, in their order', () => {
    for (const t of [...odd, ...sample]) expect(lexicalTerms(t)).toEqual(referenceTerms(t));
  });

  it.each([
    ['the sample pages', sample],
    ['odd texts', odd],
    ['odd texts and the sample together', [...odd, ...sample, ...odd]],
  ])('char-bigram postings of %s', (_name, texts) => {
    expect(plain(buildPostings(texts, 'char-bigram'))).toEqual(referencePostings(texts, 'char-bigram', BLOCK));
  });

  it('char-bigram postings of the benchmark corpus (a run with more terms than the tables start with)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postings-build-'));
    writeSyntheticCorpus(dir, await sentencePool(CMRC), 4000);
    const chunks = (await readCorpus(dir)).articles.flatMap((a) =>
      chunkArticle(a, DEFAULT_CHUNKING).map((c) => c.text),
    );
    expect(chunks.length).toBeGreaterThan(3500);
    // Without CMRC (a fresh machine may lack ../shared) the sample's sentences hold too few pairs to grow the tables:
    // texts of random common Han characters (with punctuation and digits) hold enough either way.
    const next = rng(17);
    const han = (): string => String.fromCodePoint(0x4e00 + Math.floor(next() * 0x5000));
    const random = Array.from({ length: 400 }, (_, i) =>
      Array.from({ length: 300 }, (_, k) => (k % 37 === 36 ? '，' : k % 101 === 100 ? String(i) : han())).join(''),
    );
    const texts = [...chunks, ...random];
    const got = plain(buildPostings(texts, 'char-bigram'));
    const want = referencePostings(texts, 'char-bigram', BLOCK);
    expect(got.terms.length).toBeGreaterThan(1 << 16);
    // Compared array by array (a deep equality of millions of numbers is slow): the first difference, if any.
    for (const k of Object.keys(want) as (keyof PlainPostings)[])
      expect([k, firstDifference(got[k], want[k])]).toEqual([k, -1]);
  });

  it('jieba postings of the sample pages', () => {
    const texts = sample.slice(0, 12);
    expect(plain(buildPostings(texts, 'jieba'))).toEqual(referencePostings(texts, 'jieba', BLOCK));
  });

  it('one builder reused run after run gives each run exactly its own postings, in the same buffers', () => {
    const next = rng(23);
    const han = (): string => String.fromCodePoint(0x4e00 + Math.floor(next() * 0x5000));
    // Enough distinct pairs to grow every table in the first run; the later, smaller runs must not see its terms.
    const big = Array.from({ length: 300 }, () => Array.from({ length: 300 }, han).join(''));
    const builder = new PostingsBuilder();
    const runs: [string[], 'char-bigram' | 'jieba'][] = [
      [big, 'char-bigram'],
      [sample, 'char-bigram'],
      [odd, 'char-bigram'],
      [sample.slice(0, 6), 'jieba'],
      [[...odd].reverse(), 'char-bigram'],
      [big.slice(0, 150), 'char-bigram'],
    ];
    let first: Postings | undefined;
    for (const [texts, mode] of runs) {
      const got = builder.build(texts, mode);
      expect(plain(got)).toEqual(referencePostings(texts, mode, BLOCK));
      first ??= got;
      // What keeps a build's collector quiet: later runs write into the first run's (larger) buffers.
      expect(got.docs.buffer).toBe(first.docs.buffer);
      expect(got.tfs.buffer).toBe(first.tfs.buffer);
    }
    expect(first!.terms.length).toBeGreaterThan(1 << 16);
  });
});
