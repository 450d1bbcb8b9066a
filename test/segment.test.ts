import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Jieba } from '@node-rs/jieba';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIndex } from '../src/index/store.js';
import { Archive } from '../src/search/archive.js';
import { linkBuilder } from '../src/search/links.js';
import { deserializeDictionary, serializeDictionary, sortDictionary, wordsIn } from '../src/text/dictionary.js';
import { defaultSegmenterOptions, Segmenter, sharedSegmenter, sortedDictionary } from '../src/text/segment.js';
import { tempDir } from './support/fixtures.js';

const require = createRequire(import.meta.url);
const { dictFile } = defaultSegmenterOptions();

/** Real text: the sample pages' sentences, the eval's questions, and a few odd ones. */
function realTexts(): string[] {
  const texts: string[] = [];
  for (const f of readdirSync('data/sample').filter((n) => n.endsWith('.txt')))
    texts.push(...readFileSync(join('data/sample', f), 'utf8').split(/[。\n]/u));
  for (const f of ['reader-questions.jsonl', 'reader-heldout.jsonl', 'sample-questions.jsonl'])
    for (const line of readFileSync(join('data/eval', f), 'utf8').split('\n').filter(Boolean))
      texts.push(JSON.parse(line).question);
  texts.push(
    '開發區選派了多少名正科級幹部擔任首席服務員？',
    'How many officers did the development zone send in 2020?',
    'AT&T、C++和γ射线',
    '\ue000开发区\ue000',
    '谢谢',
    '',
  );
  return texts.filter((t) => t !== undefined);
}

describe('the sorted dictionary', () => {
  const small = Buffer.from(
    ['开发 30 v', '开发区 20 n', '开 5 v', '区 8 n', '𠀀字 2 x', '\uffe5元 3 q', '开发 40 vn', ''].join('\n'),
  );

  it('reads dict.txt as jieba does: a word listed twice keeps its first tag and its last frequency', () => {
    const d = sortDictionary(small);
    expect(d.count).toBe(6);
    expect(d.total).toBe(40 + 20 + 5 + 8 + 2 + 3);
    expect(d.lines.toString('utf8')).toContain('开发 40 v\n');
  });

  it('sorts by UTF-8 bytes (code points), so a character beyond the BMP sorts after U+FFE5', () => {
    const words = sortDictionary(small)
      .lines.toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ')[0]!);
    expect(words).toEqual(['区', '开', '开发', '开发区', '\uffe5元', '𠀀字']);
  });

  it('finds exactly the words a text holds, as a scan of every substring does', () => {
    const d = sortDictionary(readFileSync(dictFile));
    const all = new Map(
      d.lines
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l, k) => [l.split(' ')[0]!, k]),
    );
    for (const text of ['开发区选派了多少名正科级干部担任首席服务员？', '濮阳市华龙区C++培训', '𠀀abc开']) {
      const chars = Array.from(text);
      const scan = new Set<number>();
      for (let i = 0; i < chars.length; i++)
        for (let j = i + 1; j <= chars.length; j++) {
          const k = all.get(chars.slice(i, j).join(''));
          if (k !== undefined) scan.add(k);
        }
      expect(new Set(wordsIn(d, text))).toEqual(scan);
    }
  });

  it('is kept in a file that names its source, and refused for another source or when damaged', () => {
    const d = sortDictionary(small);
    const file = serializeDictionary(d, 'dict.txt 123');
    expect(deserializeDictionary(file, 'dict.txt 123')).toEqual(d);
    expect(deserializeDictionary(file, 'dict.txt 124')).toBeNull();
    expect(deserializeDictionary(file.subarray(0, file.length - 3), 'dict.txt 123')).toBeNull();
    expect(deserializeDictionary(Buffer.from('garbage'), 'dict.txt 123')).toBeNull();
  });
});

describe('segmentation with the words of each text', () => {
  let whole: Jieba;
  let cacheDir: string;
  beforeAll(() => {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    whole = JiebaClass.withDict(readFileSync(dictFile));
    cacheDir = join(tempDir('jieba-cache'), 'cache');
  });
  const options = () => ({ dictFile, cacheDir, wholeAfterChars: Number.POSITIVE_INFINITY });

  it('cuts and tags real text exactly as jieba with the whole dictionary', () => {
    const seg = new Segmenter(options());
    for (const text of realTexts()) {
      expect(seg.tag(text), text).toEqual(whole.tag(text, true));
      expect(seg.cut(text), text).toEqual(whole.cut(text, false));
    }
    expect(seg.state().dictionary).toBe('partial');
  });

  it('each text alone, with no words left from others, is tagged the same', () => {
    for (const text of realTexts().filter((_t, i) => i % 7 === 0))
      expect(new Segmenter(options()).tag(text), text).toEqual(whole.tag(text, true));
  });

  it('a question loads only the few words it holds, not the dictionary', () => {
    const seg = new Segmenter(options());
    seg.tag('开发区选派了多少名正科级干部担任首席服务员？');
    const { dictionary, words } = seg.state();
    expect(dictionary).toBe('partial');
    expect(words).toBeGreaterThan(10);
    expect(words).toBeLessThan(100);
  });

  it('loads the whole dictionary once enough text was looked up, and tags the same after', () => {
    const seg = new Segmenter({ ...options(), wholeAfterChars: 200 });
    const texts = realTexts().slice(0, 40);
    for (const text of texts) expect(seg.tag(text)).toEqual(whole.tag(text, true));
    expect(seg.state().dictionary).toBe('whole');
  });

  it('a long-running process loads the whole dictionary up front, after partial use too, and tags the same', () => {
    const seg = new Segmenter(options());
    const [first, ...rest] = realTexts().slice(0, 10);
    expect(seg.tag(first!)).toEqual(whole.tag(first!, true));
    expect(seg.state().dictionary).toBe('partial');
    seg.loadWholeDictionary();
    expect(seg.state().dictionary).toBe('whole');
    for (const text of rest) expect(seg.tag(text)).toEqual(whole.tag(text, true));
    const fresh = new Segmenter(options());
    fresh.loadWholeDictionary();
    expect(fresh.state().dictionary).toBe('whole');
  });

  it('a stale or damaged cache file is made again; an unwritable cache or none falls back correctly', () => {
    const dir = join(tempDir('jieba-cache'), 'c');
    mkdirSync(dir);
    writeFileSync(join(dir, 'jieba-dict.sorted'), 'not a dictionary\n');
    expect(sortedDictionary(dictFile, dir)?.count).toBeGreaterThan(300_000);
    expect(statSync(join(dir, 'jieba-dict.sorted')).size).toBeGreaterThan(1_000_000);
    // Under a file, the cache cannot be made: the process still uses what it sorted.
    const blocked = join(dir, 'jieba-dict.sorted', 'below');
    const seg = new Segmenter({ dictFile, cacheDir: blocked });
    expect(seg.tag('开发区首席服务员')).toEqual(whole.tag('开发区首席服务员', true));
    expect(seg.state().dictionary).toBe('partial');
    expect(existsSync(blocked)).toBe(false);
    const none = new Segmenter({ dictFile, cacheDir: null });
    expect(none.tag('开发区首席服务员')).toEqual(whole.tag('开发区首席服务员', true));
    expect(none.state().dictionary).toBe('whole');
  });
});

describe('a one-shot question', () => {
  it('is answered without loading the whole dictionary', async () => {
    const indexDir = tempDir('index');
    // Built in another process, so this one has segmented nothing before the question.
    await promisify(execFile)(process.execPath, ['dist/cli/index.js', '--out', indexDir], {
      env: { PATH: process.env.PATH, ALLOW_REMOTE_MODELS: 'false', MODEL_DIR: tempDir('no-model'), LOG_LEVEL: 'error' },
    });
    const archive = new Archive(loadIndex(indexDir), undefined, linkBuilder('http://127.0.0.1:8787'));
    const answer = await archive.ask('开发区选派了多少名正科级干部担任首席服务员？');
    expect(answer.quotes[0]?.text).toContain('47名');
    expect(sharedSegmenter().state().dictionary).toBe('partial');
  });
});
