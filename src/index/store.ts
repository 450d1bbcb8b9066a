import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Article, sha1 } from '../ingest/article.js';
import { type Bm25Data, deserializeBm25, serializeBm25 } from './bm25.js';
import { applyDeltas, readDelta } from './delta.js';
import { DEFAULT_HNSW, DenseIndex } from './dense.js';
import {
  type CatalogEntry,
  type ChunkRecord,
  FILES,
  FORMAT_VERSION,
  fixFor,
  type IndexData,
  IndexLoadError,
  type IndexMeta,
  jsonl,
  needFile,
  publishSegment,
  readCurrent,
  stamp,
  toJsonl,
  versionName,
} from './format.js';
import { groupBy } from './group-by.js';

// Base versions: the whole index in one folder. Reading one applies the deltas CURRENT names on top (delta.ts).

export * from './format.js';

/** Load the live index (its base version with its deltas applied), checking that its parts agree; every problem names the file and the fix. */
export function loadIndex(dir: string, efSearch = DEFAULT_HNSW.efSearch): IndexData {
  const fix = fixFor(dir);
  const current = readCurrent(dir);
  if (!current) {
    throw new IndexLoadError(
      `no index in "${dir}" (no CURRENT file). Build one with: npm run -s index -- --out ${dir}`,
    );
  }
  const base = loadBase(join(dir, current.base), efSearch, fix);
  const data =
    current.deltas.length === 0
      ? base
      : applyDeltas(
          base,
          current.deltas.map((d, i) =>
            readDelta(join(dir, current.base, d), base.meta, fix, i === current.deltas.length - 1),
          ),
          fix,
        );
  return { ...data, version: versionName(current) };
}

function loadBase(at: string, efSearch: number, fix: string): Omit<IndexData, 'version'> {
  const need = needFile(at, fix);
  try {
    const meta = JSON.parse(readFileSync(need(FILES.meta), 'utf8')) as IndexMeta;
    if (meta.formatVersion !== FORMAT_VERSION) {
      throw new IndexLoadError(
        `index format ${meta.formatVersion} is not the format this version reads (${FORMAT_VERSION}); ${fix}`,
      );
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
      throw new IndexLoadError(
        `lexical index covers ${lexical.docLen.length} chunks, the chunk list has ${chunks.length}; ${fix}`,
      );
    }
    let dense: DenseIndex | undefined;
    if (meta.mode === 'hybrid') {
      if (!meta.model) throw new IndexLoadError(`meta.json says hybrid but names no model; ${fix}`);
      try {
        dense = DenseIndex.read(need(FILES.dense), meta.model.dims, efSearch);
      } catch (e) {
        if (e instanceof IndexLoadError) throw e;
        throw new IndexLoadError(
          `dense index ${join(at, FILES.dense)} cannot be read (${(e as Error).message}); ${fix}`,
        );
      }
      const live = dense.size - meta.counts.denseDeleted;
      if (dense.size !== meta.counts.denseElements || live !== chunks.length) {
        throw new IndexLoadError(
          `dense index holds ${dense.size} vectors (${live} live), expected ${meta.counts.denseElements} (${chunks.length} live); ${fix}`,
        );
      }
    }
    return { meta, articles, chunks, lexical, ...(dense ? { dense } : {}) };
  } catch (e) {
    if (e instanceof IndexLoadError) throw e;
    throw new IndexLoadError(`index in "${at}" is damaged (${(e as Error).message}); ${fix}`);
  }
}

/**
 * Write a new base version and make it live. Older versions and crashed builds' leftovers are removed afterwards.
 * `catalog` is the builder's own when it has one (the same as `catalogOf(articles, chunks)`, without hashing again).
 */
export function writeIndex(
  dir: string,
  data: Omit<IndexData, 'version'>,
  catalog = catalogOf(data.articles, data.chunks),
): string {
  mkdirSync(dir, { recursive: true });
  const version = `v-${stamp()}`;
  publishSegment(dir, join(dir, version), { base: version, deltas: [] }, (tmp) => {
    const lex = serializeBm25(data.lexical);
    writeFileSync(join(tmp, FILES.lexical), lex.bin);
    writeFileSync(join(tmp, FILES.terms), lex.terms);
    writeFileSync(join(tmp, FILES.articles), toJsonl(data.articles));
    writeFileSync(join(tmp, FILES.chunks), toJsonl(data.chunks));
    writeFileSync(join(tmp, FILES.catalog), JSON.stringify(catalog));
    if (data.dense) data.dense.write(join(tmp, FILES.dense));
    writeFileSync(join(tmp, FILES.meta), JSON.stringify(data.meta, null, 2));
  });
  return version;
}

export const recordHash = (a: Article): string => sha1(JSON.stringify(a)).slice(0, 16);

/** The catalog of a version: its articles in order, each with its chunks' labels. */
export function catalogOf(articles: Article[], chunks: ChunkRecord[]): CatalogEntry[] {
  const byArticle = groupBy(chunks, (c) => c.articleId);
  return articles.map((a) => ({
    id: a.id,
    file: a.file,
    contentHash: a.contentHash,
    recordHash: recordHash(a),
    labels: (byArticle.get(a.id) ?? []).map((c) => c.label),
  }));
}
