import { mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../src/embed/embedder.js';
import { DenseIndex, QUANTIZE_FROM } from '../src/index/dense.js';
import { FILES } from '../src/index/format.js';
import { MERGE_FACTOR } from '../src/index/merge.js';
import { BLOCK, readPostings } from '../src/index/postings.js';
import { QuantizedGraph } from '../src/index/quantized-graph.js';
import {
  currentVersion,
  type IndexData,
  IndexLoadError,
  loadIndex,
  loadIndexAsync,
  readCurrent,
} from '../src/index/store.js';
import { Archive } from '../src/search/archive.js';
import { linkBuilder } from '../src/search/links.js';
import { buildTestIndex, sampleCopy, testEmbedder } from './support/fixtures.js';
import { referencePostings } from './support/reference-postings.js';

// Incremental builds write a new segment and delete the chunks it replaces; segments merge by size. Whatever the
// segments, the index must answer exactly like a full build of the same corpus.

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

describe('segments', () => {
  it.each([
    ['lexical', false],
    ['hybrid', true],
  ])(
    '%s: an index updated by a new segment answers exactly like a full rebuild of the same corpus',
    async (_name, hybrid) => {
      const e = hybrid ? await testEmbedder() : undefined;
      const opt = e ? { embedder: e } : {};
      const corpus = sampleCopy();
      const first = await buildTestIndex({ corpusDir: corpus, ...opt });
      change(corpus);
      const update = await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, ...opt });
      expect(update).toMatchObject({ wrote: 'segment', added: 1, changed: 1, filesReused: 3, segments: 2 });
      expect(readCurrent(first.indexDir)!.segments).toHaveLength(2);
      const rebuilt = await buildTestIndex({ corpusDir: corpus, ...opt, full: true });
      expect(rebuilt.wrote).toBe('index');

      const updated = loadIndex(first.indexDir);
      const full = loadIndex(rebuilt.indexDir);
      expect(updated.meta.counts).toEqual(full.meta.counts);
      expect(updated.meta.corpus.fingerprint).toBe(full.meta.corpus.fingerprint);
      // deleted chunks are out of the statistics too: the same scores, not only the same order
      expect(updated.lexical.size).toBe(full.lexical.size);
      expect(updated.lexical.totalLength).toBe(full.lexical.totalLength);
      if (hybrid) expect(updated.dense!.live).toBe(updated.chunks.length);
      expect(await view(updated, e)).toEqual(await view(full, e));
      expect(
        (await new Archive(updated, e, linkBuilder('http://x')).ask('新产业园首批入驻企业多少家？')).quotes[0]?.text,
      ).toContain('首批入驻企业20家');
      await e?.dispose();
    },
  );

  it('writes nothing when nothing changed, and only records when only records changed', async () => {
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
    expect(r).toMatchObject({ wrote: 'segment', added: 0, changed: 0, removed: 0, filesReused: 4, embedded: 0 });
    const data = loadIndex(first.indexDir);
    const fromPage = data.articles.filter((a) => a.file === PAGE);
    expect(fromPage.length).toBeGreaterThan(0);
    expect(fromPage.every((a) => a.section === '第二版 · 测试')).toBe(true);
    expect(data.chunks).toHaveLength(first.chunks);
  });

  it.each([
    ['lexical', false],
    ['hybrid (graphs extended and built by merges)', true],
  ])('%s: segments merge by size as days accumulate, and --compact merges all into one', async (_name, hybrid) => {
    const e = hybrid ? await testEmbedder() : undefined;
    const opt = { ...(e ? { embedder: e } : {}), graphMin: 40 };
    const corpus = sampleCopy();
    const first = await buildTestIndex({ corpusDir: corpus, ...opt });
    const base = readCurrent(first.indexDir)!.segments[0]!;
    const day = async (n: number, articles = 1): Promise<Awaited<ReturnType<typeof buildTestIndex>>> => {
      const lines = Array.from({ length: articles }, (_, i) =>
        JSON.stringify({
          ...FEED,
          id: `day-${n}-${i}`,
          text: `${n}月${i + 1}日，第${n}个产业园开园，首批入驻企业${n * 10 + i}家。`,
        }),
      );
      writeFileSync(join(corpus, `day-${n}.jsonl`), `${lines.join('\n')}\n`);
      return buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, ...opt });
    };
    // the sample's segment (under MIN_LEVEL chunks) and one-chunk days are of one size class: they merge when
    // MERGE_FACTOR of them lie side by side
    for (let n = 1; n < MERGE_FACTOR - 1; n++) expect((await day(n)).merges).toEqual([]);
    expect(readCurrent(first.indexDir)!.segments).toHaveLength(MERGE_FACTOR - 1);
    expect(readCurrent(first.indexDir)!.segments[0]).toBe(base);
    const last = await day(MERGE_FACTOR - 1);
    expect(last.merges).toEqual([
      expect.objectContaining({ segments: MERGE_FACTOR, chunks: first.chunks + MERGE_FACTOR - 1 }),
    ]);
    const current = readCurrent(first.indexDir)!;
    expect(current.segments).toHaveLength(1);
    expect(current.segments[0]).not.toBe(base);
    expect(
      readdirSync(first.indexDir)
        .filter((n) => /^[cs]-/u.test(n))
        .sort(),
    ).toEqual([current.commit, ...current.segments].sort());
    expect(loadIndex(first.indexDir).meta.segments[0]).toMatchObject({ dense: hybrid ? 'graph' : 'none' });
    await day(MERGE_FACTOR);
    // a day removed and one changed: deletes on the merged segment; then everything compacted into one
    rmSync(join(corpus, 'day-1.jsonl'));
    writeFileSync(
      join(corpus, 'day-2.jsonl'),
      `${JSON.stringify({ ...FEED, id: 'day-2-0', text: '更正：第2个产业园首批入驻企业21家。' })}\n`,
    );
    expect(await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, ...opt })).toMatchObject({
      removed: 1,
      changed: 1,
    });
    const compacted = await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, ...opt, compact: true });
    expect(compacted).toMatchObject({ wrote: 'nothing', segments: 1 });
    expect(readCurrent(first.indexDir)!.segments).toHaveLength(1);
    const data = loadIndex(first.indexDir);
    expect(data.meta.segments[0]).toMatchObject({ deleted: 0, dense: hybrid ? 'graph' : 'none' });
    const rebuilt = await buildTestIndex({ corpusDir: corpus, ...opt, full: true });
    expect(await view(data, e)).toEqual(await view(loadIndex(rebuilt.indexDir), e));
    if (hybrid) expect(data.dense!.live).toBe(data.chunks.length);
    await e?.dispose();
  });

  it('a full build in several postings runs, merged, equals one built at once, and the build it replaced', async () => {
    const once = await buildTestIndex({});
    const runs = await buildTestIndex({ runChunks: 7 });
    const a = loadIndex(once.indexDir);
    const b = loadIndex(runs.indexDir);
    // Read whole: loaded postings hold a term's documents only once a search asked for it.
    const postingsOf = (dir: string, data: IndexData) =>
      readPostings(join(dir, data.meta.segments[0]!.name), data.chunks.length);
    const [p, q] = [postingsOf(once.indexDir, a), postingsOf(runs.indexDir, b)];
    expect(q.terms).toEqual(p.terms);
    for (const k of ['starts', 'docs', 'tfs', 'lengths', 'blocks'] as const)
      expect(Array.from(q[k])).toEqual(Array.from(p[k]));
    expect(await view(b)).toEqual(await view(a));
    // Both equal what the straightforward build of round three made of the same chunk texts.
    const byId = new Map(a.articles.map((x) => [x.id, x]));
    const texts = a.chunks.map((c) => byId.get(c.articleId)!.text.slice(c.start, c.end));
    const want = referencePostings(texts, 'char-bigram', BLOCK);
    expect(p.terms).toEqual(want.terms);
    for (const k of ['starts', 'docs', 'tfs', 'lengths', 'blocks'] as const) expect(Array.from(p[k])).toEqual(want[k]);
  });

  it('a build that did not finish is ignored and cleaned up; the live index is whole', async () => {
    const e = await testEmbedder();
    const corpus = sampleCopy();
    const first = await buildTestIndex({ corpusDir: corpus, embedder: e });
    // a crash after a segment was written but before a commit named it, and one mid-write
    mkdirSync(join(first.indexDir, 's-000009-crashed'));
    mkdirSync(join(first.indexDir, '.tmp-c-000009-crashed'));
    expect(loadIndex(first.indexDir).articles).toHaveLength(first.articles);
    writeFileSync(join(corpus, 'feed.jsonl'), `${JSON.stringify(FEED)}\n`);
    const failing = { ...e, embedPassages: async () => Promise.reject(new Error('simulated crash mid-build')) };
    const before = readCurrent(first.indexDir);
    await expect(buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, embedder: failing })).rejects.toThrow(
      /simulated crash/u,
    );
    expect(readCurrent(first.indexDir)).toEqual(before);
    expect((await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, embedder: e })).wrote).toBe('segment');
    const now = readCurrent(first.indexDir)!;
    expect(
      readdirSync(first.indexDir)
        .filter((n) => n !== 'CURRENT')
        .sort(),
    ).toEqual([now.commit, ...now.segments].sort());
    await e.dispose();
  });
});

describe('a damaged segment or commit names the problem and the fix', () => {
  /** A base segment with a graph (graphMin 1) and an update segment with flat vectors. */
  const withUpdate = async (): Promise<{ indexDir: string; commit: string; segment: string }> => {
    const e = await testEmbedder();
    const corpus = sampleCopy();
    const first = await buildTestIndex({ corpusDir: corpus, embedder: e, graphMin: 1 });
    change(corpus);
    await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, embedder: e, graphMin: 1_000_000 });
    await e.dispose();
    const c = readCurrent(first.indexDir)!;
    return {
      indexDir: first.indexDir,
      commit: join(first.indexDir, c.commit),
      segment: join(first.indexDir, c.segments[1]!),
    };
  };

  it.each([
    [
      'truncated vectors',
      (_c: string, s: string) => truncateSync(join(s, 'vectors.f32'), 10),
      /vectors\.f32 is 10 bytes/u,
    ],
    ['a missing chunk list', (_c: string, s: string) => rmSync(join(s, 'chunks.u32')), /chunks\.u32 is missing/u],
    [
      'a catalog that disagrees',
      (c: string) => writeFileSync(join(c, 'catalog.json'), '[]'),
      /do not fit their commit/u,
    ],
    ['garbage in deletes.json', (c: string) => writeFileSync(join(c, 'deletes.json'), '{"s-'), /commit .* is damaged/u],
    [
      'a segment list that disagrees with CURRENT',
      (c: string) => {
        const p = join(c, 'meta.json');
        const meta = JSON.parse(readFileSync(p, 'utf8')) as { segments: unknown[] };
        writeFileSync(p, JSON.stringify({ ...meta, segments: meta.segments.slice(1) }));
      },
      /list different segments/u,
    ],
  ])('%s', async (_name, how, message) => {
    const { indexDir, commit, segment } = await withUpdate();
    how(commit, segment);
    expect(() => loadIndex(indexDir)).toThrow(IndexLoadError);
    expect(() => loadIndex(indexDir)).toThrow(message);
    expect(() => loadIndex(indexDir)).toThrow(/--full/u);
    await expect(loadIndexAsync(indexDir)).rejects.toThrow(message);
  });

  it('a damaged graph is named, by the loading that reads it on its own thread too', async () => {
    const { indexDir } = await withUpdate();
    const graphSegment = join(indexDir, readCurrent(indexDir)!.segments[0]!);
    truncateSync(join(graphSegment, 'dense.hnsw'), 1000);
    const message = /dense index .*dense\.hnsw cannot be read .*--full/u;
    expect(() => loadIndex(indexDir)).toThrow(message);
    await expect(loadIndexAsync(indexDir)).rejects.toThrow(IndexLoadError);
    await expect(loadIndexAsync(indexDir)).rejects.toThrow(message);
    rmSync(join(graphSegment, 'dense.hnsw'));
    await expect(loadIndexAsync(indexDir)).rejects.toThrow(/dense\.hnsw is missing/u);
  });

  it('a graph and a damaged lexical part: the lexical part is named and the graph read is awaited', async () => {
    const { indexDir, segment } = await withUpdate();
    rmSync(join(segment, 'chunks.u32'));
    await expect(loadIndexAsync(indexDir)).rejects.toThrow(/chunks\.u32 is missing/u);
  });

  it('loading with the graphs read on their own thread gives the index loading in one thread gives', async () => {
    const { indexDir } = await withUpdate();
    const e = await testEmbedder();
    const sync = loadIndex(indexDir);
    const async = await loadIndexAsync(indexDir);
    expect(sync.meta.segments.map((s) => s.dense)).toEqual(['graph', 'flat']);
    expect(async.version).toBe(sync.version);
    expect(async.dense!.live).toBe(sync.dense!.live);
    expect(await view(async, e)).toEqual(await view(sync, e));
    await e.dispose();
  });

  /** `withUpdate` with its graph also written quantized. */
  const quantizedUpdate = async (): ReturnType<typeof withUpdate> => {
    const was = QUANTIZE_FROM.elements;
    QUANTIZE_FROM.elements = 0;
    try {
      return await withUpdate();
    } finally {
      QUANTIZE_FROM.elements = was;
    }
  };

  it('a graph written quantized loads as one, and answers with the quotes hnswlib loading the same graph gives', async () => {
    const built = await quantizedUpdate();
    const { indexDir } = built;
    const graphSegment = join(indexDir, readCurrent(indexDir)!.segments[0]!);
    const e = await testEmbedder();
    const sync = loadIndex(indexDir);
    const async = await loadIndexAsync(indexDir);
    expect(sync.dense!.parts[0]).toBeInstanceOf(QuantizedGraph);
    expect(async.dense!.parts[0]).toBeInstanceOf(QuantizedGraph);
    // The changed article's old chunks are deleted from the graph segment by the commit, after loading.
    expect(async.dense!.live).toBe(async.chunks.length);
    const quantized = await view(async, e);
    expect(await view(sync, e)).toEqual(quantized);
    rmSync(join(graphSegment, FILES.quantized.head));
    const hnswlib = await loadIndexAsync(indexDir);
    expect(hnswlib.dense!.parts[0]).toBeInstanceOf(DenseIndex);
    // int16 scores are within 1e-4 of float32 ones, so near ties among the last hits may swap; what a reader
    // is told must not change.
    type Seen = { answers: { answered: boolean; quotes: string[]; hits: string[] }[] };
    const [a, b] = [quantized as Seen, (await view(hnswlib, e)) as Seen];
    expect(b.answers.map((x) => [x.answered, x.quotes])).toEqual(a.answers.map((x) => [x.answered, x.quotes]));
    const hits = a.answers.flatMap((x) => x.hits).length;
    const same = a.answers.reduce((n, x, i) => n + x.hits.filter((h, j) => b.answers[i]!.hits[j] === h).length, 0);
    expect(same / hits).toBeGreaterThan(0.9);
    await e.dispose();
  });

  it('a damaged quantized graph is named, with the fix', async () => {
    const built = await quantizedUpdate();
    const graphSegment = join(built.indexDir, readCurrent(built.indexDir)!.segments[0]!);
    truncateSync(join(graphSegment, FILES.quantized.links), 12);
    const message = /dense index .*cannot be read \(.*graph-links\.u32 is 12 bytes.*--full/u;
    expect(() => loadIndex(built.indexDir)).toThrow(message);
    await expect(loadIndexAsync(built.indexDir)).rejects.toThrow(message);
  });

  it('a CURRENT naming something outside the index', async () => {
    const { indexDir } = await withUpdate();
    writeFileSync(join(indexDir, 'CURRENT'), '../../etc\n');
    expect(() => loadIndex(indexDir)).toThrow(/not an index commit or segment/u);
  });

  it('an index of the previous format is rebuilt by the next build, and loading says so', async () => {
    const { indexDir } = await withUpdate();
    writeFileSync(join(indexDir, 'CURRENT'), 'v-2026-01-01\n');
    expect(() => loadIndex(indexDir)).toThrow(/format 1 .*--full/u);
    const r = await buildTestIndex({ indexDir });
    expect(r).toMatchObject({ wrote: 'index', rebuiltAll: true, why: 'the index format changed (1 → 2)' });
  });
});
