import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../ingest/article.js';
import type { ChunkOptions } from '../ingest/chunk.js';
import type { FileStat } from '../ingest/read-corpus.js';
import type { LexicalMode } from '../text/tokenize.js';
import type { LexicalIndex } from './bm25.js';
import type { DenseSet, HnswSettings } from './dense.js';

// The index folder holds immutable segments (`s-…`: chunks, article records, postings, vectors) and commits (`c-…`:
// the index's meta, its catalog, and which chunks of which segments are deleted). `CURRENT` names the live commit on
// its first line and its segments, oldest first, on the next. A build writes new segments and a new commit beside the
// old ones and then replaces `CURRENT` with a rename, so a crash or Ctrl-C at any point leaves the previous index
// whole; what no commit names is removed by the next build.

export const FORMAT_VERSION = 2;

export type SearchMode = 'hybrid' | 'lexical';

/** One segment as a commit lists it. */
export interface SegmentEntry {
  name: string;
  /** Chunks stored in the segment (deleted ones included). */
  chunks: number;
  /** Of those, deleted (retired by later builds). */
  deleted: number;
  /** Labels of its chunks lie in firstLabel … lastLabel (segments' ranges do not overlap and ascend). */
  firstLabel: number;
  lastLabel: number;
  dense: 'graph' | 'flat' | 'none';
}

export interface IndexMeta {
  formatVersion: number;
  mode: SearchMode;
  /** Why there are no embeddings, when mode is lexical. */
  lexicalReason?: string;
  model: { name: string; pooling: string; queryPrefix: string; passagePrefix: string; dims: number } | null;
  settings: { chunking: ChunkOptions; hnsw: Omit<HnswSettings, 'efSearch'>; lexical: LexicalMode };
  corpus: {
    dir: string;
    fingerprint: string;
    files: number;
    fileHashes?: Record<string, string>;
    /** Each file's stat when it was hashed: an update reads only files whose stat changed. */
    fileStats?: Record<string, FileStat>;
  };
  counts: { articles: number; chunks: number };
  nextLabel: number;
  segments: SegmentEntry[];
  builtAt: string;
  buildMs: number;
}

/** A chunk as stored: its text is its article's text between start and end. */
export interface ChunkRecord {
  label: number;
  id: string;
  articleId: string;
  n: number;
  start: number;
  end: number;
}

/**
 * One article as the indexer needs to know it to update the index without loading it: which file it came from, its
 * content hash and its chunks' labels. Written with every commit, in corpus order.
 */
export interface CatalogEntry {
  id: string;
  file: string;
  contentHash: string;
  /** Hash of the whole stored record: a re-parsed article whose record is unchanged need not be written again. */
  recordHash: string;
  labels: number[];
}

export interface IndexData {
  meta: IndexMeta;
  /** Live articles, in corpus order. */
  articles: Article[];
  /** Live chunks; a chunk's position here is its document number in `lexical`. */
  chunks: ChunkRecord[];
  lexical: LexicalIndex;
  dense?: DenseSet;
  version: string;
}

export class IndexLoadError extends Error {}

export const FILES = {
  meta: 'meta.json',
  catalog: 'catalog.json',
  deletes: 'deletes.json',
  segment: 'segment.json',
  /** Segments before records.ts's layout: articles and chunks as JSON lines (still read). */
  articles: 'articles.jsonl',
  chunks: 'chunks.jsonl',
  articleHeads: 'article-heads.jsonl',
  texts: 'texts.utf8',
  textOffsets: 'texts.f64',
  chunkTable: 'chunks.u32',
  chunkLabels: 'chunk-labels.f64',
  graph: 'dense.hnsw',
  /** A large graph's links and int16 vectors, taken out of `dense.hnsw` to be loaded instead of it (quantized-graph.ts). */
  quantized: {
    head: 'graph.json',
    links: 'graph-links.u32',
    upperAt: 'graph-upper-at.u32',
    upper: 'graph-upper.u32',
    codes: 'graph-codes.i16',
    scales: 'graph-scales.f32',
    labels: 'graph-labels.f64',
  },
  vectors: 'vectors.f32',
};

/** The live commit and its segments, oldest first. */
export interface Current {
  commit: string;
  segments: string[];
}

const COMMIT_NAME = /^c-[\w-]+$/u;
const SEGMENT_NAME = /^s-[\w-]+$/u;

/** Read `CURRENT`. Names are checked so that a damaged file cannot point outside the index folder. */
export function readCurrent(dir: string): Current | undefined {
  const p = join(dir, 'CURRENT');
  if (!existsSync(p)) return undefined;
  const [commit, ...segments] = readFileSync(p, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!commit) return undefined;
  if (/^v-/u.test(commit))
    throw new IndexLoadError(
      `index format 1 is not the format this version reads (${FORMAT_VERSION}); rebuild it with: npm run -s index -- --out ${dir} --full`,
    );
  const bad = [commit, ...segments].find((n, i) => !(i === 0 ? COMMIT_NAME : SEGMENT_NAME).test(n));
  if (bad !== undefined)
    throw new IndexLoadError(
      `${p} names "${bad}", which is not an index commit or segment; rebuild it with: npm run -s index -- --out ${dir} --full`,
    );
  return { commit, segments };
}

/** A name for what CURRENT points at, changed by every build (the bot reloads when it changes). */
export const versionName = (c: Current): string => c.commit;

export function currentVersion(dir: string): string | undefined {
  return readCurrent(dir)?.commit;
}

/** Replace CURRENT atomically. */
export function writeCurrent(dir: string, c: Current): void {
  writeFileSync(join(dir, 'CURRENT.tmp'), `${[c.commit, ...c.segments].join('\n')}\n`);
  renameSync(join(dir, 'CURRENT.tmp'), join(dir, 'CURRENT'));
}

/**
 * JSON-lines records, read in pieces: a file of any size (one string holds at most about 512 million characters, one
 * read at most 2 GiB). A broken line names the file and line.
 */
export function jsonl<T>(path: string, what: string, fix: string): T[] {
  const out: T[] = [];
  const fd = openSync(path, 'r');
  const decoder = new TextDecoder('utf-8');
  const buf = Buffer.allocUnsafe(JSONL_PIECE);
  let carry = '';
  let line = 0;
  const take = (text: string): void => {
    const lines = (carry + text).split('\n');
    carry = lines.pop()!;
    for (const l of lines) {
      line++;
      if (l.trim() === '') continue;
      try {
        out.push(JSON.parse(l) as T);
      } catch {
        throw new IndexLoadError(`${path}:${line}: ${what} record is not valid JSON; ${fix}`);
      }
    }
  };
  try {
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null))
      take(decoder.decode(buf.subarray(0, n), { stream: true }));
    take(`${decoder.decode()}\n`);
  } finally {
    closeSync(fd);
  }
  return out;
}

const JSONL_PIECE = 16 << 20;

/** Write records as JSON lines, in pieces. */
export function writeJsonl(path: string, records: Iterable<unknown>): void {
  const fd = openSync(path, 'w');
  try {
    let part: string[] = [];
    let size = 0;
    const flush = (): void => {
      writeSync(fd, part.join(''));
      part = [];
      size = 0;
    };
    for (const r of records) {
      const l = `${JSON.stringify(r)}\n`;
      part.push(l);
      size += l.length;
      if (size >= JSONL_PIECE / 4) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
}

/** A function that gives the path of a file of the folder `at`, or throws naming the missing file and the fix. */
export const needFile =
  (at: string, fix: string) =>
  (f: string): string => {
    const p = join(at, f);
    if (!existsSync(p)) throw new IndexLoadError(`index is incomplete: ${p} is missing; ${fix}`);
    return p;
  };

export const fixFor = (dir: string): string => `rebuild it with: npm run -s index -- --out ${dir} --full`;

/** A new folder name: kind, a sequence number that sorts, the time and the process. */
export const newName = (kind: 'c' | 's', seq: number): string =>
  `${kind}-${String(seq).padStart(6, '0')}-${new Date().toISOString().replace(/[:.]/gu, '-')}-${process.pid}`;

/** Remove everything CURRENT does not name: other commits and segments, folders of builds that did not finish. */
export function removeStale(dir: string, keep: Current): void {
  const named = new Set([keep.commit, ...keep.segments]);
  for (const name of readdirSync(dir)) {
    if (/^(c-|s-|v-|\.tmp-)/u.test(name) && !named.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** Write a folder through a temporary one beside it; a failure removes the temporary folder. */
export function writeFolder(dir: string, name: string, write: (tmp: string) => void): void {
  const tmp = join(dir, `.tmp-${name}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp, { recursive: true });
    write(tmp);
    renameSync(tmp, join(dir, name));
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
