import { describe, expect, it } from 'vitest';
import { catalogJson, parseCatalog } from '../src/index/catalog-file.js';
import type { CatalogEntry } from '../src/index/format.js';

const entry = (id: string, file: string, labels: number[]): CatalogEntry => ({
  id,
  file,
  contentHash: `c-${id}`,
  recordHash: `r-${id}`,
  labels,
});

describe('the catalog file', () => {
  const catalog = [
    entry('a', 'feed-2020-01.jsonl', [0, 1, 2]),
    entry('b', 'feed-2020-01.jsonl', [7, 3, 9]),
    entry('c', 'page.txt', []),
    entry('d', 'feed-2020-02.jsonl', [10]),
  ];

  it('reads back what it wrote: runs of labels, scattered labels, an article without chunks', () => {
    expect(parseCatalog(catalogJson(catalog))).toEqual(catalog);
    expect(parseCatalog(catalogJson([]))).toEqual([]);
  });

  it('stores each file name once', () => {
    expect(catalogJson(catalog).match(/feed-2020-01\.jsonl/gu)).toHaveLength(1);
  });

  it('still reads a catalog written as one object per article', () => {
    expect(parseCatalog(JSON.stringify(catalog))).toEqual(catalog);
  });

  it('names a damaged one', () => {
    const c = JSON.parse(catalogJson(catalog)) as { runs: number[]; file: number[] };
    expect(() => parseCatalog(JSON.stringify({ ...c, runs: c.runs.slice(2) }))).toThrow(/wrong shape/u);
    expect(() => parseCatalog(JSON.stringify({ ...c, file: [0, 0, 0, 9] }))).toThrow(
      /article 3 has no labels or no file/u,
    );
    expect(() => parseCatalog('{"layout":')).toThrow(SyntaxError);
  });
});
