import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Article } from '../ingest/article.js';
import type { ChunkOptions } from '../ingest/chunk.js';
import type { LexicalMode } from '../text/tokenize.js';
import type { Bm25Data } from './bm25.js';
import type { DenseIndex, HnswSettings } from './dense.js';

// The index folder holds versions; `CURRENT` names the live one: a base version and, on the lines after it, the delta
// segments written into it since (see delta.ts). A build writes a new version or delta beside the old data and then
// replaces `CURRENT` with a rename, so a crash or Ctrl-C at any point leaves the previous index whole.

export const FORMAT_VERSION = 1;

export type SearchMode = 'hybrid' | 'lexical';

export interface IndexMeta {
  formatVersion: number;
  mode: SearchMode;
  /** Why there are no embeddings, when mode is lexical. */
  lexicalReason?: string;
  model: { name: string; pooling: string; queryPrefix: string; passagePrefix: string; dims: number } | null;
  settings: { chunking: ChunkOptions; hnsw: Omit<HnswSettings, 'efSearch'>; lexical: LexicalMode };
  corpus: { dir: string; fingerprint: string; files: number; fileHashes?: Record<string, string> };
  counts: { articles: number; chunks: number; denseElements: number; denseDeleted: number };
  nextLabel: number;
  /** What the delta segments on top of the base version hold; absent for a base version. */
  segments?: { deltas: number; addedChunks: number; retiredChunks: number };
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
 * content hash and its chunks' labels. Written beside every version and delta, in corpus order.
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
  articles: Article[];
  chunks: ChunkRecord[];
  lexical: Bm25Data;
  dense?: DenseIndex;
  version: string;
}

export class IndexLoadError extends Error {}

export const FILES = {
  meta: 'meta.json',
  catalog: 'catalog.json',
  articles: 'articles.jsonl',
  chunks: 'chunks.jsonl',
  terms: 'lexical-terms.json',
  lexical: 'lexical.bin',
  dense: 'dense.hnsw',
  delta: 'delta.json',
  vectors: 'vectors.f32',
};

/** The live base version and the deltas applied on top of it, oldest first. */
export interface Current {
  base: string;
  deltas: string[];
}

/** Read `CURRENT`. Names are checked so that a damaged file cannot point outside the index folder. */
export function readCurrent(dir: string): Current | undefined {
  const p = join(dir, 'CURRENT');
  if (!existsSync(p)) return undefined;
  const [base, ...deltas] = readFileSync(p, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!base) return undefined;
  const bad = [base, ...deltas].find((n, i) => !(i === 0 ? /^v-[\w-]+$/u : /^d-[\w-]+$/u).test(n));
  if (bad !== undefined)
    throw new IndexLoadError(
      `${p} names "${bad}", which is not an index version; rebuild it with: npm run -s index -- --out ${dir} --full`,
    );
  return { base, deltas };
}

/** A name for what CURRENT points at, changed by every build (the bot reloads when it changes). */
export const versionName = (c: Current): string => (c.deltas.length ? `${c.base}+${c.deltas.at(-1)!}` : c.base);

export function currentVersion(dir: string): string | undefined {
  const c = readCurrent(dir);
  return c && versionName(c);
}

/** Replace CURRENT atomically. */
export function writeCurrent(dir: string, c: Current): void {
  writeFileSync(join(dir, 'CURRENT.tmp'), `${[c.base, ...c.deltas].join('\n')}\n`);
  renameSync(join(dir, 'CURRENT.tmp'), join(dir, 'CURRENT'));
}

/** The folder of the newest segment: the last delta, or the base version. */
export const newestSegment = (dir: string, c: Current): string =>
  c.deltas.length ? join(dir, c.base, c.deltas.at(-1)!) : join(dir, c.base);

export const jsonl = <T>(path: string, what: string, fix: string): T[] => {
  const out: T[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        throw new IndexLoadError(`${path}:${i + 1}: ${what} record is not valid JSON; ${fix}`);
      }
    });
  return out;
};

/** A function that gives the path of a file of the segment at `at`, or throws naming the missing file and the fix. */
export const needFile =
  (at: string, fix: string) =>
  (f: string): string => {
    const p = join(at, f);
    if (!existsSync(p)) throw new IndexLoadError(`index is incomplete: ${p} is missing; ${fix}`);
    return p;
  };

export const fixFor = (dir: string): string => `rebuild it with: npm run -s index -- --out ${dir} --full`;

export const stamp = (): string => `${new Date().toISOString().replace(/[:.]/gu, '-')}-${process.pid}`;

/**
 * Remove everything CURRENT does not name: other versions, deltas no build finished, temporary folders of crashed
 * builds.
 */
export function removeStale(dir: string, keep: Current): void {
  for (const name of readdirSync(dir)) {
    if (name !== keep.base && (/^v-/u.test(name) || /^\.tmp-/u.test(name)))
      rmSync(join(dir, name), { recursive: true, force: true });
  }
  const base = join(dir, keep.base);
  if (!existsSync(base)) return;
  for (const name of readdirSync(base)) {
    if ((/^d-/u.test(name) && !keep.deltas.includes(name)) || /^\.tmp-/u.test(name))
      rmSync(join(base, name), { recursive: true, force: true });
  }
}

/**
 * Write a segment (a version, or a delta inside one) into a temporary folder beside `at`, move it to `at`, and make
 * `next` live. A failure removes the temporary folder and leaves CURRENT as it was; leftovers of other builds go.
 */
export function publishSegment(dir: string, at: string, next: Current, write: (tmp: string) => void): void {
  const tmp = join(dirname(at), `.tmp-${basename(at)}`);
  mkdirSync(tmp);
  try {
    write(tmp);
    renameSync(tmp, at);
    writeCurrent(dir, next);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  removeStale(dir, next);
}

/** Records as JSON lines. */
export const toJsonl = (records: readonly unknown[]): string => records.map((r) => `${JSON.stringify(r)}\n`).join('');
