import { appendFileSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildError } from '../src/index/build.js';
import { catalogJson, parseCatalog } from '../src/index/catalog-file.js';
import { writeJsonl } from '../src/index/format.js';
import { decodeUtf8, textHolds } from '../src/index/records.js';
import { currentVersion, IndexLoadError, loadIndex, readCurrent, recordHash } from '../src/index/store.js';
import { readCorpus } from '../src/ingest/read-corpus.js';
import { buildTestIndex, sampleCopy, testEmbedder } from './support/fixtures.js';

describe('building the index', () => {
  it('builds a hybrid index of the sample with the test model, and loads it back consistent', async () => {
    const e = await testEmbedder();
    const r = await buildTestIndex({ embedder: e });
    expect(r).toMatchObject({ mode: 'hybrid', added: r.articles, changed: 0, removed: 0, embedded: r.chunks });
    const data = loadIndex(r.indexDir);
    expect(data.meta).toMatchObject({
      formatVersion: 2,
      mode: 'hybrid',
      model: { name: 'local-test/char-bert-random', dims: 64 },
    });
    expect(data.dense!.live).toBe(r.chunks);
    expect(data.chunks).toHaveLength(r.chunks);
    await e.dispose();
  });

  it('is incremental: unchanged articles are not embedded again; changed, added and removed ones are handled', async () => {
    const e = await testEmbedder();
    const corpus = sampleCopy();
    const first = await buildTestIndex({ corpusDir: corpus, embedder: e });
    const again = await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, embedder: e });
    expect(again).toMatchObject({
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: first.articles,
      embedded: 0,
      filesReused: 5,
    });

    // change one article, add a feed, remove a page
    const page = join(corpus, '001_ee0f4ca5fc9aae66.txt');
    writeFileSync(page, readFileSync(page, 'utf8').replace('选派 47 名正科级干部', '选派 48 名正科级干部'));
    writeFileSync(
      join(corpus, 'feed.jsonl'),
      `${JSON.stringify({ id: 'new-1', title: '新产业园开园', date: '2021-05-01', text: '5月1日，新的产业园正式开园，首批入驻企业20家。' })}\n`,
    );
    const removedArticles = loadIndex(first.indexDir).articles.filter(
      (a) => a.file === '004_6062cc997fbd3bd9.txt',
    ).length;
    rmSync(join(corpus, '004_6062cc997fbd3bd9.txt'));
    const third = await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, embedder: e });
    expect(third).toMatchObject({ added: 1, changed: 1, removed: removedArticles, filesReused: 3 });
    expect(third.embedded).toBeLessThan(10);
    const data = loadIndex(first.indexDir);
    expect(data.articles.find((a) => a.id === 'new-1')).toBeDefined();
    expect(data.articles.some((a) => a.file === '004_6062cc997fbd3bd9.txt')).toBe(false);
    // the changed and removed articles' chunks are deleted from their segment (by the commit), not searched
    expect(data.meta.segments.reduce((n, s) => n + s.deleted, 0)).toBeGreaterThan(0);
    expect(data.dense!.live).toBe(data.chunks.length);
    await e.dispose();
  });

  it('keeps only the live version and leaves the previous index whole when a build fails', async () => {
    const e = await testEmbedder();
    const corpus = sampleCopy();
    const first = await buildTestIndex({ corpusDir: corpus, embedder: e });
    const before = currentVersion(first.indexDir);
    writeFileSync(join(corpus, 'new.txt'), '本报讯 5月1日，新的产业园正式开园。\n');
    const failing = { ...e, embedPassages: async () => Promise.reject(new Error('simulated crash mid-build')) };
    await expect(buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, embedder: failing })).rejects.toThrow(
      /simulated crash/u,
    );
    expect(currentVersion(first.indexDir)).toBe(before);
    expect(loadIndex(first.indexDir).articles).toHaveLength(first.articles);
    expect(readdirSync(first.indexDir).filter((n) => n.startsWith('c-'))).toEqual([before]);
    await e.dispose();
  });

  it('a corpus file that can no longer be read keeps its indexed articles, with a warning; deleting it removes them', async () => {
    const corpus = sampleCopy();
    const first = await buildTestIndex({ corpusDir: corpus });
    const page = join(corpus, '004_6062cc997fbd3bd9.txt');
    const good = readFileSync(page);
    const fromPage = loadIndex(first.indexDir).articles.filter((a) => a.file === '004_6062cc997fbd3bd9.txt').length;
    expect(fromPage).toBeGreaterThan(0);

    writeFileSync(page, Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x03])); // a bad copy: binary
    const damaged = await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir });
    expect(damaged).toMatchObject({ removed: 0, articles: first.articles });
    expect(damaged.warnings.map((w) => `${w.file}: ${w.message}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^004_6062cc997fbd3bd9\.txt: skipped/u),
        `004_6062cc997fbd3bd9.txt: kept the ${fromPage} articles indexed from it before; fix the file, or delete it to remove them`,
      ]),
    );
    expect(loadIndex(first.indexDir).articles).toHaveLength(first.articles);

    writeFileSync(page, good); // fixed: nothing to embed again
    expect(await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir })).toMatchObject({
      added: 0,
      changed: 0,
      removed: 0,
      warnings: [],
    });
    writeFileSync(page, '');
    await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir });
    expect(loadIndex(first.indexDir).articles).toHaveLength(first.articles);
    rmSync(page);
    expect(await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir })).toMatchObject({
      removed: fromPage,
      articles: first.articles - fromPage,
    });
  });

  it('a feed overwritten with lines that cannot be read keeps what it held; mended, its changes are taken', async () => {
    const corpus = sampleCopy();
    const feed = join(corpus, 'feed.jsonl');
    const line = (id: string, text: string) => JSON.stringify({ id, title: `标题${id}`, date: '2021-05-01', text });
    writeFileSync(feed, `${line('f-1', '5月1日，新的产业园正式开园。')}\n${line('f-2', '首批入驻企业20家。')}\n`);
    const first = await buildTestIndex({ corpusDir: corpus });

    writeFileSync(feed, 'garbage\n{"id": "f-1", "te\n'); // a bad copy: nothing of it reads as a feed
    const damaged = await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir });
    expect(damaged).toMatchObject({ removed: 0, articles: first.articles });
    expect(damaged.warnings.map((w) => `${w.file}: ${w.message}`)).toContain(
      'feed.jsonl: 2 lines could not be read, and reading it now would lose 2 articles indexed from it: kept it as it ' +
        'was indexed; fix the file, or delete it to remove them',
    );
    const ids = () => loadIndex(first.indexDir).articles.map((a) => a.id);
    expect(ids()).toEqual(expect.arrayContaining(['f-1', 'f-2']));

    // One bad line among lines that lose nothing: the readable lines are taken (a new article arrives).
    writeFileSync(
      feed,
      `${line('f-1', '5月1日，新的产业园正式开园。')}\n${line('f-2', '首批入驻企业20家。')}\nnot json\n${line('f-3', '二期工程同时开工。')}\n`,
    );
    expect(await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir })).toMatchObject({
      added: 1,
      removed: 0,
    });
    // Mended without f-2, on purpose: now it is removed.
    writeFileSync(feed, `${line('f-1', '5月1日，新的产业园正式开园。')}\n`);
    expect(await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir })).toMatchObject({ removed: 2 });
    expect(ids()).not.toContain('f-2');
  });

  it('a corpus folder with no page or feed left (a wrong path, a volume not mounted) empties nothing', async () => {
    const corpus = sampleCopy();
    const first = await buildTestIndex({ corpusDir: corpus });
    for (const f of readdirSync(corpus)) rmSync(join(corpus, f), { recursive: true });
    await expect(buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir })).rejects.toThrow(
      new RegExp(
        `holds no \\.txt or \\.jsonl files, but the index holds ${first.articles} articles[^]*--full[^]*left as it is`,
        'u',
      ),
    );
    expect(loadIndex(first.indexDir).articles).toHaveLength(first.articles);
    // On purpose: --full builds the empty archive.
    expect(await buildTestIndex({ corpusDir: corpus, indexDir: first.indexDir, full: true })).toMatchObject({
      articles: 0,
    });
  });

  it('refuses to throw away stored embeddings when the model is missing now', async () => {
    const e = await testEmbedder();
    const first = await buildTestIndex({ embedder: e });
    await expect(buildTestIndex({ indexDir: first.indexDir })).rejects.toThrow(BuildError);
    expect(loadIndex(first.indexDir).meta.mode).toBe('hybrid');
    // --full rebuilds lexical-only on purpose, and says why in meta.json
    const full = await buildTestIndex({ indexDir: first.indexDir, full: true });
    expect(full.mode).toBe('lexical');
    expect(loadIndex(first.indexDir).meta.lexicalReason).toMatch(/no model/u);
    await e.dispose();
  });
});

describe('the records of a segment', () => {
  it('load with their texts read on demand, equal to what was indexed', async () => {
    const r = await buildTestIndex({});
    const data = loadIndex(r.indexDir);
    const corpus = await readCorpus('data/sample');
    expect(JSON.parse(JSON.stringify(data.articles))).toEqual(JSON.parse(JSON.stringify(corpus.articles)));
    expect(data.articles.map(recordHash)).toEqual(corpus.articles.map(recordHash));
    const c = data.chunks[3]!;
    expect(c.id).toBe(`${c.articleId}:${c.n}`);
  });

  it('say whether a text holds a string as its decoded text does, before and after decoding it', async () => {
    const r = await buildTestIndex({});
    const texts = (await readCorpus('data/sample')).articles.map((a) => a.text);
    // Each fresh load: no text decoded yet; a word of the text, of another text, of none, a mark, nothing.
    const probes = ['2020年', '开发区', texts[1]!.slice(40, 46), '濮阳市委', '熊猫火锅', '。', '', '\uFFFD', 'a'];
    for (const s of probes) {
      const cold = loadIndex(r.indexDir).articles.map((a) => textHolds(a, s));
      expect(cold).toEqual(texts.map((t) => t.includes(s)));
      const warm = loadIndex(r.indexDir).articles;
      for (const a of warm) void a.text;
      expect(warm.map((a) => textHolds(a, s))).toEqual(cold);
    }
    // An article that is not a segment's record (built in memory) is asked its text.
    expect(textHolds({ ...loadIndex(r.indexDir).articles[0]!, text: 'abc' }, 'b')).toBe(true);
  });

  it('decode a text as Buffer toString does, well-formed or not', async () => {
    const texts = (await readCorpus('data/sample')).articles.map((a) => a.text);
    const odd = ['\uFEFF开头', 'a\u0000b', '😀中文'.repeat(30), '\uFFFD\uFFFE\uFFFF'.repeat(30), '', 'x'.repeat(100)];
    for (const t of [...texts, ...odd]) expect(decodeUtf8(Buffer.from(t, 'utf8'))).toBe(t);
    // Malformed bytes (a stray byte, a cut character, an encoded surrogate, an overlong form) read as U+FFFD.
    const good = Buffer.from('濮阳开发区'.repeat(20), 'utf8');
    for (const bad of [[0xff], [0xe4, 0xb8], [0xed, 0xa0, 0x80], [0xc0, 0x80]]) {
      const buf = Buffer.concat([good, Buffer.from(bad), good]);
      expect(decodeUtf8(buf)).toBe(buf.toString('utf8'));
    }
  });

  it('are still read from a segment written as JSON lines (before the binary layout)', async () => {
    const r = await buildTestIndex({});
    const before = loadIndex(r.indexDir);
    const seg = join(r.indexDir, readCurrent(r.indexDir)!.segments[0]!);
    writeJsonl(join(seg, 'chunks.jsonl'), before.chunks);
    writeJsonl(join(seg, 'articles.jsonl'), before.articles);
    for (const f of ['chunks.u32', 'chunk-labels.f64', 'article-heads.jsonl', 'texts.utf8', 'texts.f64'])
      rmSync(join(seg, f));
    const after = loadIndex(r.indexDir);
    expect(JSON.stringify(after.articles)).toBe(JSON.stringify(before.articles));
    expect(after.chunks).toEqual(before.chunks);
  });
});

describe('loading a damaged index names the problem and the fix', () => {
  /** `how` gets the live commit's folder and its (one) segment's. */
  const damage = async (how: (commit: string, segment: string) => void): Promise<string> => {
    const r = await buildTestIndex({});
    const current = readCurrent(r.indexDir)!;
    how(join(r.indexDir, current.commit), join(r.indexDir, current.segments[0]!));
    try {
      loadIndex(r.indexDir);
    } catch (e) {
      expect(e).toBeInstanceOf(IndexLoadError);
      return (e as Error).message;
    }
    throw new Error('loaded a damaged index');
  };

  it.each([
    ['a missing commit folder', (commit: string) => rmSync(commit, { recursive: true }), /missing/u],
    ['a missing segment folder', (_c: string, seg: string) => rmSync(seg, { recursive: true }), /missing/u],
    [
      'truncated postings',
      (_c: string, seg: string) => truncateSync(join(seg, 'lexical-docs.u32'), 100),
      /lexical index of segment .* is damaged .*lexical-docs\.u32 is 100 bytes, expected/u,
    ],
    [
      'postings that end in the middle of a value',
      (_c: string, seg: string) => truncateSync(join(seg, 'lexical-tfs.u16'), 101),
      /not a whole number of 2-byte values/u,
    ],
    [
      'a chunk list that lost records',
      (_c: string, seg: string) => {
        truncateSync(join(seg, 'chunk-labels.f64'), 5 * 8);
        truncateSync(join(seg, 'chunks.u32'), 5 * 16);
      },
      /segment\.json says \d+ chunks .* the files hold 5/u,
    ],
    [
      'a chunk table shorter than its labels',
      (_c: string, seg: string) => truncateSync(join(seg, 'chunks.u32'), 5 * 16),
      /chunks\.u32 is 80 bytes, expected/u,
    ],
    [
      'garbage in the article records',
      (_c: string, seg: string) => appendFileSync(join(seg, 'article-heads.jsonl'), '{not json\n'),
      /article-heads\.jsonl:\d+: article record is not valid JSON/u,
    ],
    [
      'truncated article texts',
      (_c: string, seg: string) => truncateSync(join(seg, 'texts.utf8'), 1000),
      /texts\.utf8 is 1000 bytes, its offsets say \d+/u,
    ],
    [
      'article text offsets overwritten mid-file (the total still right)',
      (_c: string, seg: string) => {
        const p = join(seg, 'texts.f64');
        const bytes = readFileSync(p);
        const offsets = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
        offsets[2] = -5;
        writeFileSync(p, Buffer.from(offsets.buffer));
      },
      /texts\.f64 is damaged: offset 2 is -5/u,
    ],
    [
      'a catalog naming an article no segment holds',
      (commit: string) => {
        const p = join(commit, 'catalog.json');
        const catalog = parseCatalog(readFileSync(p, 'utf8'));
        writeFileSync(p, catalogJson([...catalog, { ...catalog[0]!, id: 'ghost' }]));
      },
      /article ghost is in the catalog but in no segment/u,
    ],
    [
      'deletes naming a chunk the segment does not hold',
      (commit: string, seg: string) =>
        writeFileSync(join(commit, 'deletes.json'), JSON.stringify({ [seg.split('/').pop()!]: [99_999] })),
      /chunk 99999 is deleted from segment .*, which does not hold it/u,
    ],
    [
      'a future format',
      (dir: string) =>
        writeFileSync(
          join(dir, 'meta.json'),
          JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')), formatVersion: 99 }),
        ),
      /format 99/u,
    ],
  ])('%s', async (_name, how, message) => {
    const m = await damage(how);
    expect(m).toMatch(message);
    expect(m).toMatch(/--full/u);
  });

  it('an empty folder says how to build one', () => {
    expect(() => loadIndex('test/.tmp/nothing-here')).toThrow(/no index .*npm run -s index/u);
  });
});
