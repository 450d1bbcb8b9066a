import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../ingest/article.js';
import { appendBm25 } from './bm25.js';
import {
  type CatalogEntry,
  type ChunkRecord,
  type Current,
  FILES,
  type IndexData,
  IndexLoadError,
  type IndexMeta,
  jsonl,
  needFile,
  publishSegment,
  stamp,
  toJsonl,
} from './format.js';

// A delta segment records one incremental build on top of a base version: the articles it added or changed, their new
// chunks and vectors, and what it retired. Writing one costs what the change costs, not what the archive costs, so
// adding an article to a large index takes milliseconds; loading applies the deltas to the base in memory. Builds
// fold the deltas into a new base version ("compaction") once they hold enough to slow loading down.

export interface Delta {
  /** The whole index's meta after this delta. */
  meta: IndexMeta;
  /** The whole index's catalog after this delta, in corpus order (loading reads only the newest delta's). */
  catalog?: CatalogEntry[];
  /** Articles no longer in the archive. */
  removedArticles: string[];
  /** Chunks no longer in the archive (of removed and changed articles). */
  retiredLabels: number[];
  /** New and changed article records (a changed file's unchanged articles too: their offsets may have moved). */
  articles: Article[];
  /** Chunks of new and changed articles. */
  chunks: ChunkRecord[];
  /** Their vectors, `chunks.length × dims`, in chunk order; absent for a lexical-only index. */
  vectors?: Float32Array;
}

/** Write a delta into the live base version and make it live; returns its name. */
export function writeDelta(dir: string, current: Current, delta: Delta & { catalog: CatalogEntry[] }): string {
  const name = `d-${String(current.deltas.length + 1).padStart(4, '0')}-${stamp()}`;
  publishSegment(
    dir,
    join(dir, current.base, name),
    { base: current.base, deltas: [...current.deltas, name] },
    (tmp) => {
      writeFileSync(
        join(tmp, FILES.delta),
        JSON.stringify({ removedArticles: delta.removedArticles, retiredLabels: delta.retiredLabels }),
      );
      writeFileSync(join(tmp, FILES.articles), toJsonl(delta.articles));
      writeFileSync(join(tmp, FILES.chunks), toJsonl(delta.chunks));
      if (delta.vectors)
        writeFileSync(
          join(tmp, FILES.vectors),
          new Uint8Array(delta.vectors.buffer, delta.vectors.byteOffset, delta.vectors.byteLength),
        );
      writeFileSync(join(tmp, FILES.catalog), JSON.stringify(delta.catalog));
      writeFileSync(join(tmp, FILES.meta), JSON.stringify(delta.meta, null, 2));
    },
  );
  return name;
}

/** Read one delta folder; `baseMeta` gives the vector size. */
export function readDelta(at: string, baseMeta: IndexMeta, fix: string, withCatalog: boolean): Delta {
  const need = needFile(at, fix);
  try {
    const meta = JSON.parse(readFileSync(need(FILES.meta), 'utf8')) as IndexMeta;
    const catalog = withCatalog ? (JSON.parse(readFileSync(need(FILES.catalog), 'utf8')) as CatalogEntry[]) : undefined;
    const { removedArticles, retiredLabels } = JSON.parse(readFileSync(need(FILES.delta), 'utf8')) as Pick<
      Delta,
      'removedArticles' | 'retiredLabels'
    >;
    if (!Array.isArray(removedArticles) || !Array.isArray(retiredLabels) || (withCatalog && !Array.isArray(catalog)))
      throw new Error('delta.json or catalog.json has the wrong shape');
    const articles = jsonl<Article>(need(FILES.articles), 'article', fix);
    const chunks = jsonl<ChunkRecord>(need(FILES.chunks), 'chunk', fix);
    let vectors: Float32Array | undefined;
    if (baseMeta.mode === 'hybrid') {
      const bytes = readFileSync(need(FILES.vectors));
      const dims = baseMeta.model!.dims;
      if (bytes.length !== chunks.length * dims * 4) {
        throw new IndexLoadError(
          `${join(at, FILES.vectors)} holds ${bytes.length} bytes, expected ${chunks.length} chunks × ${dims} dimensions × 4; ${fix}`,
        );
      }
      // Copied: a Buffer may start at an offset a Float32Array cannot.
      vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    }
    return {
      meta,
      ...(catalog ? { catalog } : {}),
      removedArticles,
      retiredLabels,
      articles,
      chunks,
      ...(vectors ? { vectors } : {}),
    };
  } catch (e) {
    if (e instanceof IndexLoadError) throw e;
    throw new IndexLoadError(`index delta in "${at}" is damaged (${(e as Error).message}); ${fix}`);
  }
}

/**
 * The base with the deltas applied, oldest first: exactly the index a full build of the same corpus would give, up to
 * the order of chunks. The base is consumed: its HNSW graph and lexical arrays are changed in place.
 */
export function applyDeltas(
  base: Omit<IndexData, 'version'>,
  deltas: Delta[],
  fix: string,
): Omit<IndexData, 'version'> {
  const last = deltas.at(-1);
  if (!last) return base;
  const damaged = (why: string): IndexLoadError =>
    new IndexLoadError(`index deltas do not fit their base (${why}); ${fix}`);
  const articles = new Map(base.articles.map((a) => [a.id, a]));
  const baseLabels = new Set(base.chunks.map((c) => c.label));
  const retiredBase = new Set<number>();
  const dims = base.meta.model?.dims ?? 0;
  const added = new Map<number, { chunk: ChunkRecord; vector?: Float32Array }>();
  for (const d of deltas) {
    for (const id of d.removedArticles) articles.delete(id);
    for (const a of d.articles) articles.set(a.id, a);
    for (const l of d.retiredLabels) {
      if (added.delete(l)) continue;
      if (!baseLabels.has(l) || retiredBase.has(l)) throw damaged(`chunk ${l} is retired but not in the index`);
      retiredBase.add(l);
    }
    d.chunks.forEach((c, i) => {
      added.set(c.label, { chunk: c, ...(d.vectors ? { vector: d.vectors.subarray(i * dims, (i + 1) * dims) } : {}) });
    });
  }

  // Articles in the corpus order the newest catalog gives.
  if (!last.catalog) throw damaged('the newest delta was read without its catalog');
  const order = new Map(last.catalog.map((e, i) => [e.id, i]));
  if (order.size !== articles.size) throw damaged(`${articles.size} articles, the catalog lists ${order.size}`);
  const sorted = [...articles.values()].sort((a, b) => {
    const x = order.get(a.id);
    const y = order.get(b.id);
    if (x === undefined || y === undefined)
      throw damaged(`article ${x === undefined ? a.id : b.id} is not in the catalog`);
    return x - y;
  });

  // Chunks: the base's surviving ones in their order, then the new ones (the lexical index's document order).
  const drop = base.chunks.flatMap((c, i) => (retiredBase.has(c.label) ? [i] : []));
  const fresh = [...added.values()];
  const chunks = [...base.chunks.filter((c) => !retiredBase.has(c.label)), ...fresh.map((x) => x.chunk)];
  const newTexts = fresh.map(({ chunk: c }) => {
    const a = articles.get(c.articleId);
    if (!a) throw damaged(`chunk ${c.label} belongs to article ${c.articleId}, which is not in the index`);
    return a.text.slice(c.start, c.end);
  });
  if (last.meta.counts.articles !== sorted.length || last.meta.counts.chunks !== chunks.length) {
    throw damaged(
      `meta.json says ${last.meta.counts.articles} articles and ${last.meta.counts.chunks} chunks, the segments hold ${sorted.length} and ${chunks.length}`,
    );
  }
  const lexical =
    retiredBase.size === 0 && fresh.length === 0 ? base.lexical : appendBm25(base.lexical, drop, newTexts);

  const dense = base.dense;
  if (dense) {
    if (fresh.some((x) => !x.vector)) throw damaged('a chunk has no vector');
    dense.remove(retiredBase);
    dense.add(
      fresh.map((x) => x.vector!),
      fresh.map((x) => x.chunk.label),
    );
  }
  const denseDeleted = base.meta.counts.denseDeleted + retiredBase.size;
  const meta: IndexMeta = {
    ...last.meta,
    counts: { articles: sorted.length, chunks: chunks.length, denseElements: dense?.size ?? 0, denseDeleted },
  };
  return { meta, articles: sorted, chunks, lexical, ...(dense ? { dense } : {}) };
}
