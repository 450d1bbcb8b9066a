import type { CatalogEntry } from './format.js';

// The catalog as a commit stores it: in columns (one array per field, each file name once, each article's labels as
// a first label and a count), which a decade's archive (about 180,000 articles, a million labels) parses and writes
// several times faster than one object per article; every update reads and writes it. A commit written before this
// layout holds the plain array of entries, which is still read.

interface Columns {
  layout: 'columns';
  files: string[];
  ids: string[];
  /** Per article, its file's position in `files`. */
  file: number[];
  contentHashes: string[];
  recordHashes: string[];
  /** Per article, its first label and how many labels it has, when they run without gaps. */
  runs: number[];
  /** Labels of the articles (by position) whose labels do not run without gaps. */
  scattered: Record<string, number[]>;
}

const isRun = (labels: number[]): boolean => labels.every((l, i) => i === 0 || l === labels[i - 1]! + 1);

export function catalogJson(catalog: CatalogEntry[]): string {
  const files = new Map<string, number>();
  const c: Columns = {
    layout: 'columns',
    files: [],
    ids: [],
    file: [],
    contentHashes: [],
    recordHashes: [],
    runs: [],
    scattered: {},
  };
  catalog.forEach((e, i) => {
    let f = files.get(e.file);
    if (f === undefined) {
      f = files.size;
      files.set(e.file, f);
      c.files.push(e.file);
    }
    c.ids.push(e.id);
    c.file.push(f);
    c.contentHashes.push(e.contentHash);
    c.recordHashes.push(e.recordHash);
    if (isRun(e.labels)) c.runs.push(e.labels[0] ?? 0, e.labels.length);
    else {
      c.runs.push(0, -1);
      c.scattered[i] = e.labels;
    }
  });
  return JSON.stringify(c);
}

/** first, first + 1, … (a plain loop: Array.from with a map function was most of a 1M catalog's parse time). */
function run(first: number, count: number): number[] {
  const labels = new Array<number>(count);
  for (let j = 0; j < count; j++) labels[j] = first + j;
  return labels;
}

/** The catalog from its file's text; throws naming what is wrong with its shape. */
export function parseCatalog(text: string): CatalogEntry[] {
  const parsed = JSON.parse(text) as CatalogEntry[] | Columns;
  if (Array.isArray(parsed)) return parsed;
  const c = parsed;
  const n = c.ids?.length;
  if (
    c.layout !== 'columns' ||
    !Array.isArray(c.ids) ||
    c.file?.length !== n ||
    c.contentHashes?.length !== n ||
    c.recordHashes?.length !== n ||
    c.runs?.length !== 2 * n
  )
    throw new Error('catalog.json has the wrong shape');
  const out = new Array<CatalogEntry>(n);
  for (let i = 0; i < n; i++) {
    const first = c.runs[2 * i]!;
    const count = c.runs[2 * i + 1]!;
    const labels = count < 0 ? c.scattered[i] : run(first, count);
    const file = c.files[c.file[i]!];
    if (!labels || file === undefined) throw new Error(`catalog.json: article ${i} has no labels or no file`);
    out[i] = { id: c.ids[i]!, file, contentHash: c.contentHashes[i]!, recordHash: c.recordHashes[i]!, labels };
  }
  return out;
}

/** Only the articles' ids, in catalog order, from the catalog file's text: what loading the index needs. */
export function catalogIds(text: string): string[] {
  const parsed = JSON.parse(text) as CatalogEntry[] | Columns;
  if (Array.isArray(parsed)) return parsed.map((e) => e.id);
  if (parsed.layout !== 'columns' || !Array.isArray(parsed.ids)) throw new Error('catalog.json has the wrong shape');
  return parsed.ids;
}
