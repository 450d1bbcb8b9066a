import { cpSync, mkdirSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBuffer } from '../src/ingest/decode.js';
import { parseFeedDate } from '../src/ingest/feed.js';
import { readCorpus } from '../src/ingest/read-corpus.js';

const fixtures = 'test/fixtures/encodings';

describe('decoding corpus files', () => {
  it.each([
    ['gbk-page.txt', 'gb18030'],
    ['bom-page.txt', 'utf-8 (BOM)'],
  ])('%s decodes as %s', async (file, encoding) => {
    const { readFileSync } = await import('node:fs');
    const r = decodeBuffer(readFileSync(join(fixtures, file)));
    expect(r).toMatchObject({ ok: true, encoding });
    if (r.ok) expect(r.text.replace(/^\ufeff/u, '')).toMatch(/^本报讯 （记者 王金勇） 3 月 18 日/u);
  });

  it('reports empty and binary files', async () => {
    const { readFileSync } = await import('node:fs');
    expect(decodeBuffer(readFileSync(join(fixtures, 'empty.txt')))).toMatchObject({ ok: false, reason: 'empty file' });
    expect(decodeBuffer(readFileSync(join(fixtures, 'binary.txt')))).toMatchObject({ ok: false });
  });
});

describe('readCorpus', () => {
  it('loads every readable file and names each one it skips', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    cpSync(fixtures, dir, { recursive: true });
    writeFileSync(join(dir, 'notes.pdf'), 'x');
    const corpus = await readCorpus(dir);
    const warnings = corpus.warnings.map((w) => `${w.file}${w.line ? `:${w.line}` : ''} ${w.message}`);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^binary\.txt skipped: binary/u),
        expect.stringMatching(/^empty\.txt skipped: empty file/u),
        expect.stringMatching(/^notes\.pdf skipped/u),
        expect.stringMatching(/^feed\.jsonl:2 not valid JSON/u),
        expect.stringMatching(/^feed\.jsonl:3 text: /u),
        expect.stringMatching(/^feed\.jsonl:5 date "sometime"/u),
      ]),
    );
    const files = corpus.files.map((f) => f.file);
    expect(files).toEqual(['bom-page.txt', 'feed.jsonl', 'gbk-page.txt']);
    const feed = corpus.articles.filter((a) => a.file === 'feed.jsonl');
    expect(feed.map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
    expect(feed[0]).toMatchObject({
      title: '开发区举行重大项目集中开工活动',
      date: '2020-07-01',
      dateOrigin: 'feed',
      url: 'https://example.org/news/a1',
      source: '濮阳日报',
    });
    expect(feed[1]).toMatchObject({
      date: '2020-06-19',
      text: 'The new industrial park opened on June 19. It hosts 16 companies.',
    });
    // no year anywhere: the date stays partial rather than invented
    expect(feed[2]).toMatchObject({ date: '--03-17', datePartial: true, titleOrigin: 'first-sentence' });
    const gbk = corpus.articles.find((a) => a.file === 'gbk-page.txt')!;
    expect(gbk.text).toBe('3月18日，位于开发区产业集聚区的恒丰电子厂区内一派繁忙的景象。');
    expect(gbk.byline.reporters).toEqual(['王金勇']);
  });

  it('lets manifest metadata win over what is inferred, and rejects a broken manifest by name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    writeFileSync(join(dir, 'p.txt'), '本报讯 3 月 16 日下午， 开发区召开复工复产工作推进会。\n');
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        files: { 'p.txt': { paper: '濮阳日报', issueDate: '2020-03-17', url: 'https://example.org/p' } },
      }),
    );
    const [a] = (await readCorpus(dir)).articles;
    expect(a).toMatchObject({
      source: '濮阳日报',
      date: '2020-03-17',
      dateOrigin: 'issue-date',
      url: 'https://example.org/p',
    });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ files: { 'p.txt': { issueDate: 'March 17' } } }));
    await expect(readCorpus(dir)).rejects.toThrow(/manifest\.json: files\.p\.txt\.issueDate/u);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ files: { 'p.txt': {}, 'page-2.txt': { paper: 'X' } } }));
    expect((await readCorpus(dir)).warnings.map((w) => `${w.file}: ${w.message}`)).toEqual([
      'manifest.json: names "page-2.txt", which is not in the corpus (a typo? its metadata is unused)',
    ]);
  });

  it('reads the bundled sample', async () => {
    const corpus = await readCorpus('data/sample');
    expect(corpus.warnings).toEqual([]);
    expect(corpus.files).toHaveLength(5);
    expect(corpus.articles.length).toBeGreaterThanOrEqual(40);
  });

  it("does not parse files the index already holds, and their ids keep priority over a new file's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    const line = (id: string, title: string): string =>
      `${JSON.stringify({ id, title, date: '2021-05-01', text: `${title}。正文。` })}\n`;
    writeFileSync(join(dir, 'b-old.jsonl'), line('x1', '旧的'));
    const first = await readCorpus(dir);
    const sha = first.files[0]!.sha1;
    writeFileSync(join(dir, 'a-new.jsonl'), line('x1', '新的') + line('x2', '另一篇'));
    const corpus = await readCorpus(dir, (file, h) => (file === 'b-old.jsonl' && h === sha ? ['x1'] : undefined));
    expect(corpus.files.map((f) => [f.file, f.known, f.articles])).toEqual([
      ['a-new.jsonl', false, 1],
      ['b-old.jsonl', true, 1],
    ]);
    expect(corpus.articles.map((a) => a.id)).toEqual(['x2']);
    expect(corpus.warnings.map((w) => `${w.file}:${w.line} ${w.message}`)).toEqual([
      'a-new.jsonl:1 article id "x1" is already used by another file; skipped',
    ]);
  });

  it("trusts a file's recorded hash while its size, time and inode stay as recorded, and reads it when they change", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    const path = join(dir, 'feed.jsonl');
    writeFileSync(path, `${JSON.stringify({ id: 'a', title: '标题', date: '2021-05-01', text: '正文。' })}\n`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const first = (await readCorpus(dir)).files[0]!;
    expect(first.stat).toMatchObject({ size: statSync(path).size, mtimeMs: statSync(path).mtimeMs });
    // A recorded hash that is not the bytes' own: when it comes back, the file was not read.
    const recorded = { sha1: 'recorded', stat: first.stat! };
    const known = (_: string, h: string) => (h === 'recorded' ? ['a'] : undefined);
    const again = await readCorpus(dir, known, () => recorded);
    expect(again.files[0]).toMatchObject({ sha1: 'recorded', known: true });
    expect(again.articles).toEqual([]);
    // Touched: hashed again (the same bytes, so the same hash as the first read).
    const later = new Date(Date.now() - 30_000);
    utimesSync(path, later, later);
    expect((await readCorpus(dir, known, () => recorded)).files[0]).toMatchObject({ sha1: first.sha1, known: false });
    // Modified just before it was hashed: a second change in the same clock tick would not show, so not trusted.
    const racy = { sha1: 'recorded', stat: { ...first.stat!, checkedAt: first.stat!.mtimeMs + 10 } };
    utimesSync(path, old, old);
    expect((await readCorpus(dir, known, () => racy)).files[0]!.sha1).toBe(first.sha1);
    // Its manifest entry changed: its articles may differ, so hashed again.
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ files: { 'feed.jsonl': { section: '要闻' } } }));
    const withManifest = await readCorpus(dir, known, () => recorded);
    expect(withManifest.files[0]!.sha1).not.toMatch(/^recorded$|^$/u);
    expect(withManifest.files[0]!.sha1).not.toBe(first.sha1);
  });

  it('names a missing corpus folder', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'corpus-')), 'nope');
    await expect(readCorpus(dir)).rejects.toThrow(/does not exist/u);
    mkdirSync(dir);
    expect((await readCorpus(dir)).articles).toEqual([]);
  });
});

describe('feed dates', () => {
  it.each([
    ['2020-06-19', '2020-06-19'],
    ['2020-06-19T08:00:00+08:00', '2020-06-19'],
    ['2020/6/19', '2020-06-19'],
    ['2020年6月19日', '2020-06-19'],
    ['June 19', undefined],
  ])('%s', (s, expected) => expect(parseFeedDate(s)).toBe(expected));
});

describe('feeds are published text, not PDF extractions', () => {
  it('keeps what the paper published: doubled marks and spaces between CJK characters stay, quotes are exact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    cpSync('test/fixtures/feeds', dir, { recursive: true });
    const [film, slogan] = (await readCorpus(dir)).articles;
    expect(film).toMatchObject({
      title: '暑期影院上新 《卡美拉 大怪兽空中决战》 定档',
      titleOrigin: 'feed',
      text: '本周上映的影片有《卡美拉 大怪兽空中决战》、《哪吒》等。\n影院提示：观影请佩戴口罩、、保持距离，，文明观影。',
    });
    // Only what is never visible goes: line ends, a paragraph's indent and ends, a zero-width space.
    expect(slogan!.text).toBe('“脚板+手指 你我齐努力”活动启动以来，示范区全面发动群众。\n第二段，没有多余的字。');
    expect(slogan).toMatchObject({
      titleOrigin: 'first-sentence',
      title: '“脚板+手指 你我齐努力”活动启动以来，示范区全面发动群众',
    });
  });
});
