import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../src/embed/embedder.js';
import {
  catalogOf,
  currentVersion,
  type IndexData,
  IndexLoadError,
  loadIndex,
  readCurrent,
} from '../src/index/store.js';
import { Archive } from '../src/search/archive.js';
import { linkBuilder } from '../src/search/links.js';
import { buildTestIndex, sampleCopy, testEmbedder } from './support/fixtures.js';

// Incremental builds write delta segments; loading applies them. The index a delta gives must be the index a full
// build of the same corpus gives.

const questions = readFileSync('data/eval/sample-questions.jsonl', 'utf8')
  .trim()
  .split('\n')
  .slice(0, 25)
  .map((l) => (JSON.parse(l) as { question: string }).question);

const PAGE = '001_ee0f4ca5fc9aae66.txt';
const FEED = {
  id: 'new-1',
  title: '新产业园开园',
  date: '2021-05-01',
  text: '5月1日，新的产业园正式开园，首批入驻企业20家。园区占地120亩，总投资3.5亿元。',
};

/** Change one article, add a feed article, remove a page. */
function change(corpus: string): void {
  const page = join(corpus, PAGE);
  writeFileSync(page, readFileSync(page, 'utf8').replace('选派 47 名正科级干部', '选派 48 名正科级干部'));
  writeFileSync(join(corpus, 'feed.jsonl'), `${JSON.stringify(FEED)}\n`);
  rmSync(join(corpus, '004_6062cc997fbd3bd9.txt'));
}

/** What a reader sees of an index, independent of chunk labels and order. */
async function view(data: IndexData, embedder?: Embedder): Promise<unknown> {
  const archive = new Archive(data, embedder, linkBuilder('http://localhost'));
  const chunks = data.chunks.map((c) => `${c.articleId}#${c.n}:${c.start}-${c.end}`).sort();
  const answers = [];
  for (const q of questions) {
    const a = await archive.ask(q);
    answers.push({
      q,
      answered: a.answered,
      confidence: a.confidence,
      hits: a.hits.map((h) => h.articleId),
      quotes: a.quotes.map((x) => `${x.articleId}:${x.text}`),
    });
  }
  return { articles: data.articles, chunks, answers, mode: archive.mode };
}

describe('delta segments', () => {
  it.each([
    ['lexical', false],
    ['hybrid', true],
  ])(
    '%s: an index updated by a delta answers exactly like a full rebuild of the same corpus',
    async (_name, hybrid) => {
      const e = hybrid ? await testEmbedder() : undefined;
      const opt = e ? { embedder: e } : {};
      const corpus = sampleCopy();
      const first = await buildTestIndex({ corpusDir: corpus, ...opt });
      change(corpus);
      const update = await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, ...opt });
      expect(update).toMatchObject({ wrote: 'delta', added: 1, changed: 1, filesReused: 3 });
      expect(readCurrent(first.indexDir)!.deltas).toHaveLength(1);
      const rebuilt = await buildTestIndex({ corpusDir: corpus, ...opt, full: true });
      expect(rebuilt.wrote).toBe('version');

      const updated = loadIndex(first.indexDir);
      const full = loadIndex(rebuilt.indexDir);
      expect(updated.meta.counts).toMatchObject({
        articles: full.meta.counts.articles,
        chunks: full.meta.counts.chunks,
      });
      expect(updated.meta.corpus.fingerprint).toBe(full.meta.corpus.fingerprint);
      if (hybrid) expect(updated.dense!.size - updated.meta.counts.denseDeleted).toBe(updated.chunks.length);
      expect(await view(updated, e)).toEqual(await view(full, e));
      expect(
        (await new Archive(updated, e, linkBuilder('http://x')).ask('新产业园首批入驻企业多少家？')).quotes[0]?.text,
      ).toContain('首批入驻企业20家');
      await e?.dispose();
    },
  );

  it('writes nothing when nothing changed, and only what changed when a file changed', async () => {
    const corpus = sampleCopy();
    const first = await buildTestIndex({ corpusDir: corpus });
    const version = currentVersion(first.indexDir);
    const again = await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir });
    expect(again).toMatchObject({ wrote: 'nothing', unchanged: first.articles, filesReused: 5 });
    expect(currentVersion(first.indexDir)).toBe(version);

    // A manifest change that alters articles' records but not their indexed content: records updated, nothing re-chunked.
    const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as {
      files: Record<string, { section?: string }>;
    };
    manifest.files[PAGE]!.section = '第二版 · 测试';
    writeFileSync(join(corpus, 'manifest.json'), JSON.stringify(manifest));
    const r = await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir });
    expect(r).toMatchObject({ wrote: 'delta', added: 0, changed: 0, removed: 0, filesReused: 4 });
    const data = loadIndex(first.indexDir);
    const fromPage = data.articles.filter((a) => a.file === PAGE);
    expect(fromPage.length).toBeGreaterThan(0);
    expect(fromPage.every((a) => a.section === '第二版 · 测试')).toBe(true);
    expect(data.chunks).toHaveLength(first.chunks);
  });

  it('folds the deltas into a new version once they pass the limits, and removes the old ones', async () => {
    const e = await testEmbedder();
    const corpus = sampleCopy();
    const limits = { segments: 2, chunks: 1000 };
    const first = await buildTestIndex({ corpusDir: corpus, embedder: e, deltaLimits: limits });
    const base = readCurrent(first.indexDir)!.base;
    const add = async (n: number): Promise<string> => {
      writeFileSync(
        join(corpus, `day-${n}.jsonl`),
        `${JSON.stringify({ ...FEED, id: `day-${n}`, text: `${n}月1日，第${n}个产业园开园，首批入驻企业${n * 10}家。` })}\n`,
      );
      return (await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, embedder: e, deltaLimits: limits }))
        .wrote;
    };
    expect([await add(1), await add(2)]).toEqual(['delta', 'delta']);
    expect(readdirSync(join(first.indexDir, base)).filter((n) => n.startsWith('d-'))).toHaveLength(2);
    rmSync(join(corpus, 'day-1.jsonl')); // a delta can remove what an earlier delta added
    const third = await buildTestIndex({
      corpusDir: corpus,
      indexDir: first.indexDir,
      embedder: e,
      deltaLimits: limits,
    });
    expect(third).toMatchObject({ wrote: 'version', removed: 1 });
    expect(third.why).toMatch(/compacting 2 deltas/u);
    const current = readCurrent(first.indexDir)!;
    expect(current.deltas).toEqual([]);
    expect(current.base).not.toBe(base);
    expect(existsSync(join(first.indexDir, base))).toBe(false);
    const data = loadIndex(first.indexDir);
    expect(data.articles.map((a) => a.id)).toContain('day-2');
    expect(data.articles.map((a) => a.id)).not.toContain('day-1');
    expect(data.dense!.size - data.meta.counts.denseDeleted).toBe(data.chunks.length);
    // the builder's catalog, written with the version, is the one the version's own records give
    expect(JSON.parse(readFileSync(join(first.indexDir, current.base, 'catalog.json'), 'utf8'))).toEqual(
      catalogOf(data.articles, data.chunks),
    );
    // the new version keeps room for the deltas' vectors, so loading them does not have to grow (copy) the graph
    expect(data.dense!.index.getMaxElements()).toBeGreaterThanOrEqual(data.dense!.size + limits.chunks);
    // --compact asks for it directly
    await add(3);
    expect(
      (await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, embedder: e, compact: true })).wrote,
    ).toBe('version');
    expect(readCurrent(first.indexDir)!.deltas).toEqual([]);
    await e.dispose();
  });

  it('a version written before catalogs existed is updated with a new version, not a delta', async () => {
    const corpus = sampleCopy();
    const first = await buildTestIndex({ corpusDir: corpus });
    rmSync(join(first.indexDir, currentVersion(first.indexDir)!, 'catalog.json'));
    writeFileSync(join(corpus, 'feed.jsonl'), `${JSON.stringify(FEED)}\n`);
    const r = await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir });
    expect(r).toMatchObject({ wrote: 'version', added: 1, filesReused: 5 });
    expect(r.why).toMatch(/no catalog/u);
    expect(loadIndex(first.indexDir).articles).toHaveLength(first.articles + 1);
  });

  it('a delta that was not finished is ignored and cleaned up; the live index is whole', async () => {
    const e = await testEmbedder();
    const corpus = sampleCopy();
    const first = await buildTestIndex({ corpusDir: corpus, embedder: e });
    const base = join(first.indexDir, readCurrent(first.indexDir)!.base);
    // a crash after the delta folder was renamed into place but before CURRENT named it, and one mid-write
    mkdirSync(join(base, 'd-0001-crashed'));
    mkdirSync(join(base, '.tmp-d-0001-crashed'));
    expect(loadIndex(first.indexDir).articles).toHaveLength(first.articles);
    writeFileSync(join(corpus, 'feed.jsonl'), `${JSON.stringify(FEED)}\n`);
    const failing = { ...e, embedPassages: async () => Promise.reject(new Error('simulated crash mid-build')) };
    await expect(buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, embedder: failing })).rejects.toThrow(
      /simulated crash/u,
    );
    expect(readCurrent(first.indexDir)!.deltas).toEqual([]);
    expect((await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, embedder: e })).wrote).toBe('delta');
    const deltas = readCurrent(first.indexDir)!.deltas;
    expect(
      readdirSync(base)
        .filter((n) => n.includes('d-'))
        .sort(),
    ).toEqual(deltas);
    await e.dispose();
  });
});

describe('a damaged delta names the problem and the fix', () => {
  const withDelta = async (): Promise<{ indexDir: string; delta: string }> => {
    const e = await testEmbedder();
    const corpus = sampleCopy();
    const first = await buildTestIndex({ corpusDir: corpus, embedder: e });
    writeFileSync(join(corpus, 'feed.jsonl'), `${JSON.stringify(FEED)}\n`);
    await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, embedder: e });
    await e.dispose();
    const c = readCurrent(first.indexDir)!;
    return { indexDir: first.indexDir, delta: join(first.indexDir, c.base, c.deltas[0]!) };
  };

  it.each([
    ['truncated vectors', (d: string) => truncateSync(join(d, 'vectors.f32'), 10), /vectors\.f32 holds 10 bytes/u],
    ['a missing chunk list', (d: string) => rmSync(join(d, 'chunks.jsonl')), /chunks\.jsonl is missing/u],
    ['a catalog that disagrees', (d: string) => writeFileSync(join(d, 'catalog.json'), '[]'), /do not fit their base/u],
    ['garbage in delta.json', (d: string) => writeFileSync(join(d, 'delta.json'), '{"removed'), /delta .* is damaged/u],
  ])('%s', async (_name, how, message) => {
    const { indexDir, delta } = await withDelta();
    how(delta);
    expect(() => loadIndex(indexDir)).toThrow(IndexLoadError);
    expect(() => loadIndex(indexDir)).toThrow(message);
    expect(() => loadIndex(indexDir)).toThrow(/--full/u);
  });

  it('a CURRENT naming something outside the index', async () => {
    const { indexDir } = await withDelta();
    writeFileSync(join(indexDir, 'CURRENT'), '../../etc\n');
    expect(() => loadIndex(indexDir)).toThrow(/not an index version/u);
  });
});
