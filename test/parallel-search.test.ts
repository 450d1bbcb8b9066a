import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Bm25, lexicalIndex, lexicalIndexOf } from '../src/index/bm25.js';
import { exhaustiveSearch } from '../src/index/exhaustive.js';
import { SHARED_DEPTH, SharedTop, sharedTopMemory } from '../src/index/parallel-search.js';
import { buildPostings } from '../src/index/postings.js';
import { readCorpus } from '../src/ingest/read-corpus.js';
import { rng } from '../tools/random.js';

// One search split across threads (src/index/parallel-search.ts) on small indexes: the crossover is lowered to 0 and
// windows to a few documents, so every search runs on the main thread and one or two workers.

const sample = (await readCorpus('data/sample')).articles.map((a) => a.text);
// Sentences of the sample as documents, some twice (equal documents score equally: ties across the ranges).
const sentences = sample.flatMap((t) => t.split(/[。！？\n]/u).filter((s) => s.length >= 6));
const docs = [...sentences, ...sentences.slice(0, 40), ...sentences.slice(200, 260)];

const random = rng(17);
function queries(bm: Bm25, n: number): string[][] {
  return Array.from({ length: n }, () => {
    const d = docs[Math.floor(random() * docs.length)]!;
    const at = Math.floor(random() * Math.max(1, d.length - 12));
    return bm.terms(d.slice(at, at + 2 + Math.floor(random() * 14)));
  });
}

function expectExact(bm: Bm25, qs: string[][], ks: number[], allow?: (doc: number) => boolean): void {
  for (const [i, terms] of qs.entries()) {
    const k = ks[i % ks.length]!;
    const got = bm.search(terms, k, allow);
    const want = exhaustiveSearch(bm, terms, k, allow);
    if (JSON.stringify(got) !== JSON.stringify(want))
      expect({ q: terms.join(' '), k, got }).toEqual({ q: terms.join(' '), k, got: want });
  }
}

describe('a lexical search split across threads', () => {
  it.each([2, 3])('returns exactly what exhaustive scoring returns, on %i threads', async (threads) => {
    const bm = new Bm25(lexicalIndexOf(docs, 'char-bigram'), 4, { threads, minDocs: 0, waitMs: 600_000 });
    try {
      expect(await bm.started()).toBe(true);
      expect(bm.threads).toBe(threads);
      const qs = queries(bm, 300);
      // k larger than the matches too; ties to the lower document across the ranges (duplicated documents)
      expectExact(bm, qs, [50, 10, 1, 5000]);
      expectExact(
        bm,
        [bm.terms('开发区'), bm.terms('的'), bm.terms('首席服务员'), bm.terms('没有这个词zzqx')],
        [1, 3, 2000],
      );
      // searches without a filter were split (a share the main thread searched itself is exact too; how many is
      // not asserted: it can depend on timing)
      expect(bm.threadCounts.split).toBeGreaterThan(0);
      // a filter is searched range by range on the main thread, still exact
      expectExact(bm, qs.slice(0, 60), [20], (doc) => doc % 3 !== 1);
      expect(bm.threadCounts.here).toBeGreaterThanOrEqual(60 * (threads - 1));
    } finally {
      await bm.close();
    }
  });

  it('over segments with deleted documents', async () => {
    const cut = Math.floor(docs.length * 0.6);
    const segments = [docs.slice(0, cut), docs.slice(cut)].map((texts) => {
      const gone = texts.flatMap((_, d) => (random() < 0.08 ? [d] : []));
      return {
        postings: buildPostings(texts, 'char-bigram'),
        deleted: { docs: gone, texts: gone.map((d) => texts[d]!) },
      };
    });
    const bm = new Bm25(lexicalIndex('char-bigram', segments), 3, { threads: 2, minDocs: 0, waitMs: 600_000 });
    try {
      expect(await bm.started()).toBe(true);
      expectExact(bm, queries(bm, 200), [50, 10, 1, 3000]);
      expect(bm.threadCounts.split).toBeGreaterThan(0);
    } finally {
      await bm.close();
    }
  });

  it('stays on one thread below the crossover', () => {
    const bm = new Bm25(lexicalIndexOf(docs, 'char-bigram'), 4, { threads: 2 });
    expect(bm.threads).toBe(1);
  });

  it('searches on the main thread when its worker cannot start, and says so', async () => {
    const logs: string[] = [];
    const bm = new Bm25(lexicalIndexOf(docs, 'char-bigram'), 4, {
      threads: 2,
      minDocs: 0,
      entry: new URL('./fixtures/no-such-worker.mjs', import.meta.url),
      log: (l) => logs.push(l),
    });
    expectExact(bm, queries(bm, 20), [10]);
    expect(await bm.started()).toBe(false);
    expect(logs).toEqual([expect.stringMatching(/search thread 1 failed: .*main thread/u)]);
    expectExact(bm, queries(bm, 50), [50, 1]);
    await bm.close();
  });

  it('searches a dead worker’s share itself, and says so once', async () => {
    const logs: string[] = [];
    let died: () => void = () => {};
    const dead = new Promise<void>((resolve) => {
      died = resolve;
    });
    const bm = new Bm25(lexicalIndexOf(docs, 'char-bigram'), 4, {
      threads: 2,
      minDocs: 0,
      entry: new URL('./fixtures/dying-search-worker.mjs', import.meta.url),
      waitMs: 20,
      log: (l) => {
        logs.push(l);
        died();
      },
    });
    expect(await bm.started()).toBe(true);
    // The worker dies on this query: the main thread searches its share once it stops waiting.
    expectExact(bm, queries(bm, 1), [50]);
    await dead;
    expect(logs).toEqual([expect.stringMatching(/search thread 1 exited \(code 3\).*main thread/u)]);
    expectExact(bm, queries(bm, 50), [50, 10]);
    expect(logs).toHaveLength(1);
    expect(bm.threadCounts).toEqual({ split: 0, here: 51 });
    await bm.close();
  });

  it('searches the share of a worker that fails a search itself, and says so once', async () => {
    const logs: string[] = [];
    const bm = new Bm25(lexicalIndexOf(docs, 'char-bigram'), 4, {
      threads: 2,
      minDocs: 0,
      entry: new URL('./fixtures/failing-search-worker.mjs', import.meta.url),
      waitMs: 600_000,
      log: (l) => logs.push(l),
    });
    expect(await bm.started()).toBe(true);
    expectExact(bm, queries(bm, 30), [50, 10, 1]);
    expect(logs).toEqual([expect.stringMatching(/search thread 1 failed a search \(no search here\).*main thread/u)]);
    expect(bm.threadCounts).toEqual({ split: 0, here: 30 });
    await bm.close();
  });

  it('after close searches on one thread, as exactly', async () => {
    const bm = new Bm25(lexicalIndexOf(docs, 'char-bigram'), 4, { threads: 2, minDocs: 0 });
    expect(await bm.started()).toBe(true);
    await bm.close();
    expectExact(bm, queries(bm, 50), [50, 10]);
  });

  it.each([
    ['closed', 'close'],
    ['never closed', 'open'],
  ])('never keeps a process alive: it ends by itself, search threads %s', (_n, how) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/search-thread-exit.ts', how], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ threads: 2, top: 5 });
  });
});

describe('the θ the ranges of a split search share', () => {
  it('is the k-th best of every range’s published scores, rounded down, never above an exact one', () => {
    const mem = sharedTopMemory(3);
    const [a, b, c] = [0, 1, 2].map((me) => new SharedTop(mem, me));
    a!.reset();
    for (const t of [a!, b!, c!]) t.begin(4);
    expect(a!.get()).toBe(0);
    a!.publish(Float64Array.of(9.1, 7.3, 5.5), 3);
    // three scores known: fewer than k
    expect(b!.get()).toBe(0);
    b!.publish(Float64Array.of(8.2, 6.4), 2);
    // the 4th best of 9.1 8.2 7.3 6.4 5.5, as a float32 at most it
    const theta = c!.get();
    expect(theta).toBeLessThanOrEqual(6.4);
    expect(theta).toBeGreaterThan(6.4 * (1 - 1e-6));
    expect(a!.get()).toBe(theta);
    // a range's own scores are counted exactly
    expect(b!.get()).toBeLessThanOrEqual(6.4);
    // a larger k than the depth shares the best θ offered only
    for (const t of [a!, b!]) t.begin(SHARED_DEPTH + 1);
    a!.offer(3.5);
    b!.offer(2.5);
    expect(b!.get()).toBe(3.5);
    // the next search starts from nothing
    a!.reset();
    a!.begin(1);
    b!.begin(1);
    expect(b!.get()).toBe(0);
    a!.publish(Float64Array.of(1), 1);
    expect(b!.get()).toBe(1);
  });
});
