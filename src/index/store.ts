import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../ingest/article.js';
import type { ChunkOptions } from '../ingest/chunk.js';
import type { LexicalMode } from '../text/tokenize.js';
import { deserializeBm25, serializeBm25, type Bm25Data } from './bm25.js';
import { DenseIndex, type HnswSettings } from './dense.js';

// The index folder holds versions; `CURRENT` names the live one. A build writes a new version beside the old one
// and then replaces `CURRENT` with a rename, so a crash or Ctrl-C at any point leaves the previous index whole.

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

export interface IndexData {
  meta: IndexMeta;
  articles: Article[];
  chunks: ChunkRecord[];
  lexical: Bm25Data;
  dense?: DenseIndex;
  version: string;
}

export class IndexLoadError extends Error {}

const FILES = { meta: 'meta.json', articles: 'articles.jsonl', chunks: 'chunks.jsonl', terms: 'lexical-terms.json', lexical: 'lexical.bin', dense: 'dense.hnsw' };

export function currentVersion(dir: string): string | undefined {
  const p = join(dir, 'CURRENT');
  if (!existsSync(p)) return undefined;
  return readFileSync(p, 'utf8').trim() || undefined;
}

const jsonl = <T>(path: string, what: string, fix: string): T[] => {
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

/** Load the live index, checking that its parts agree; every problem names the file and the fix. */
export function loadIndex(dir: string, efSearch = 384): IndexData {
  const fix = `rebuild it with: npm run -s index -- --out ${dir} --full`;
  const version = currentVersion(dir);
  if (!version) {
    throw new IndexLoadError(`no index in "${dir}" (no CURRENT file). Build one with: npm run -s index -- --out ${dir}`);
  }
  const at = join(dir, version);
  const need = (f: string): string => {
    const p = join(at, f);
    if (!existsSync(p)) throw new IndexLoadError(`index is incomplete: ${p} is missing; ${fix}`);
    return p;
  };
  try {
    const meta = JSON.parse(readFileSync(need(FILES.meta), 'utf8')) as IndexMeta;
    if (meta.formatVersion !== FORMAT_VERSION) {
      throw new IndexLoadError(`index format ${meta.formatVersion} is not the format this version reads (${FORMAT_VERSION}); ${fix}`);
    }
    const articles = jsonl<Article>(need(FILES.articles), 'article', fix);
    const chunks = jsonl<ChunkRecord>(need(FILES.chunks), 'chunk', fix);
    if (articles.length !== meta.counts.articles || chunks.length !== meta.counts.chunks) {
      throw new IndexLoadError(
        `index counts disagree: meta.json says ${meta.counts.articles} articles and ${meta.counts.chunks} chunks, the files hold ${articles.length} and ${chunks.length}; ${fix}`,
      );
    }
    let lexical: Bm25Data;
    try {
      lexical = deserializeBm25(readFileSync(need(FILES.lexical)), readFileSync(need(FILES.terms), 'utf8'));
    } catch (e) {
      throw new IndexLoadError(`lexical index is damaged (${(e as Error).message}); ${fix}`);
    }
    if (lexical.docLen.length !== chunks.length) {
      throw new IndexLoadError(`lexical index covers ${lexical.docLen.length} chunks, the chunk list has ${chunks.length}; ${fix}`);
    }
    let dense: DenseIndex | undefined;
    if (meta.mode === 'hybrid') {
      if (!meta.model) throw new IndexLoadError(`meta.json says hybrid but names no model; ${fix}`);
      try {
        dense = DenseIndex.read(need(FILES.dense), meta.model.dims, efSearch);
      } catch (e) {
        if (e instanceof IndexLoadError) throw e;
        throw new IndexLoadError(`dense index ${join(at, FILES.dense)} cannot be read (${(e as Error).message}); ${fix}`);
      }
      const live = dense.size - meta.counts.denseDeleted;
      if (dense.size !== meta.counts.denseElements || live !== chunks.length) {
        throw new IndexLoadError(`dense index holds ${dense.size} vectors (${live} live), expected ${meta.counts.denseElements} (${chunks.length} live); ${fix}`);
      }
    }
    return { meta, articles, chunks, lexical, ...(dense ? { dense } : {}), version };
  } catch (e) {
    if (e instanceof IndexLoadError) throw e;
    throw new IndexLoadError(`index in "${at}" is damaged (${(e as Error).message}); ${fix}`);
  }
}

/** Write a new version and make it live. Older versions and crashed builds' leftovers are removed afterwards. */
export function writeIndex(dir: string, data: Omit<IndexData, 'version'>): string {
  mkdirSync(dir, { recursive: true });
  const version = `v-${new Date().toISOString().replace(/[:.]/gu, '-')}-${process.pid}`;
  const tmp = join(dir, `.tmp-${version}`);
  mkdirSync(tmp);
  try {
    const lex = serializeBm25(data.lexical);
    writeFileSync(join(tmp, FILES.lexical), lex.bin);
    writeFileSync(join(tmp, FILES.terms), lex.terms);
    writeFileSync(join(tmp, FILES.articles), data.articles.map((a) => JSON.stringify(a)).join('\n') + '\n');
    writeFileSync(join(tmp, FILES.chunks), data.chunks.map((c) => JSON.stringify(c)).join('\n') + '\n');
    if (data.dense) data.dense.write(join(tmp, FILES.dense));
    writeFileSync(join(tmp, FILES.meta), JSON.stringify(data.meta, null, 2));
    renameSync(tmp, join(dir, version));
    writeFileSync(join(dir, 'CURRENT.tmp'), `${version}\n`);
    renameSync(join(dir, 'CURRENT.tmp'), join(dir, 'CURRENT'));
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  removeStale(dir, version);
  return version;
}

/** Remove versions other than the live one, and temporary folders of builds that did not finish. */
export function removeStale(dir: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    if (name !== keep && (/^v-/u.test(name) || /^\.tmp-/u.test(name))) rmSync(join(dir, name), { recursive: true, force: true });
  }
}
