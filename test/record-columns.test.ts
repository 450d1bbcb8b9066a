import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecordColumns, writeRecordColumns } from '../src/index/record-columns.js';

describe('records as lines of columns', () => {
  const records = Array.from({ length: 20_000 }, (_, i) => ({
    id: `a-${i}`,
    kind: i % 7 === 0 ? 'photo' : 'article',
    title: `标题 ${i}`,
    ...(i % 3 === 0 ? { url: `https://example.org/${i}` } : {}),
    byline: { reporters: i % 11 === 0 ? ['王金勇'] : [], authors: [] },
    line: i + 1,
    text: 0,
  }));

  it('reads back every record with its keys in their order, over several lines', () => {
    const p = join(mkdtempSync(join(tmpdir(), 'cols-')), 'r.jsonl');
    expect(writeRecordColumns(p, records)).toBe(records.length);
    expect(readFileSync(p, 'utf8').trim().split('\n')).toHaveLength(3);
    const back = readRecordColumns(p, 'article', 'fix it');
    expect(back.map((r) => JSON.stringify(r))).toEqual(records.map((r) => JSON.stringify(r)));
  });

  it('shares repeated values frozen, so no record changes them for the others', () => {
    const p = join(mkdtempSync(join(tmpdir(), 'cols-')), 'r.jsonl');
    writeRecordColumns(p, records);
    const [a, b] = readRecordColumns(p, 'article', 'fix it') as { byline: { authors: string[] } }[];
    expect(a!.byline).not.toBe(records[0]!.byline);
    expect(() => b!.byline.authors.push('x')).toThrow(TypeError);
  });

  it('names a damaged file', () => {
    const p = join(mkdtempSync(join(tmpdir(), 'cols-')), 'r.jsonl');
    writeRecordColumns(p, records.slice(0, 10));
    const batch = JSON.parse(readFileSync(p, 'utf8')) as { cols: Record<string, { raw?: unknown[] }> };
    batch.cols.title!.raw = batch.cols.title!.raw!.slice(3);
    writeFileSync(p, `${JSON.stringify(batch)}\n`);
    expect(() => readRecordColumns(p, 'article', 'fix it')).toThrow(/field "title" has fewer values than its records/u);
    writeFileSync(p, '{"x":1}\n');
    expect(() => readRecordColumns(p, 'article', 'fix it')).toThrow(/wrong shape; fix it/u);
  });
});
