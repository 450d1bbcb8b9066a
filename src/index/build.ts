import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Embedder } from '../embed/embedder.js';
import { type Article, sha1 } from '../ingest/article.js';
import { type ChunkOptions, chunkArticle } from '../ingest/chunk.js';
import { byFileName, type Corpus, type CorpusWarning, readCorpus } from '../ingest/read-corpus.js';
import type { Logger } from '../log.js';
import type { LexicalMode } from '../text/tokenize.js';
import { buildBm25, mergeBm25 } from './bm25.js';
import { writeDelta } from './delta.js';
import { DenseIndex, type HnswSettings } from './dense.js';
import { groupBy } from './group-by.js';
import {
  type CatalogEntry,
  type ChunkRecord,
  type Current,
  catalogOf,
  FILES,
  FORMAT_VERSION,
  fixFor,
  type IndexData,
  IndexLoadError,
  type IndexMeta,
  loadIndex,
  needFile,
  newestSegment,
  readCurrent,
  recordHash,
  versionName,
  writeIndex,
} from './store.js';

/** When the deltas on a base version hold more than this, the next build writes a new base version instead. */
export interface DeltaLimits {
  /** Delta segments: each is a few small files read at load. */
  segments: number;
  /** Chunks added plus chunks retired since the base: loading inserts the added ones into HNSW one by one. */
  chunks: number;
}

/** At most about 0.2 s of HNSW insertion at load at 100k chunks (≈ 600 chunks/s there on 2 cores). */
export const DEFAULT_DELTA_LIMITS: DeltaLimits = { segments: 16, chunks: 128 };

export interface BuildOptions {
  corpusDir: string;
  indexDir: string;
  /** Ignore the existing index: parse, chunk and embed everything again. */
  full: boolean;
  /** Write a new base version even if a delta would do (folds the existing deltas in). */
  compact?: boolean;
  deltaLimits?: DeltaLimits;
  chunking: ChunkOptions;
  hnsw: HnswSettings;
  lexical?: LexicalMode;
  /** undefined: no model could be had; the index is lexical only, and `lexicalReason` says why. */
  embedder?: Embedder;
  lexicalReason?: string;
  log: Logger;
  onProgress?: (done: number, total: number) => void;
}

export interface BuildReport {
  mode: 'hybrid' | 'lexical';
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  articles: number;
  chunks: number;
  embedded: number;
  warnings: CorpusWarning[];
  /** Files not parsed again (the same bytes as when they were indexed). */
  filesReused: number;
  /** What was written: a new base version, a delta on the live one, or nothing (nothing changed). */
  wrote: 'version' | 'delta' | 'nothing';
  embedMs: number;
  /** HNSW insertion time. */
  denseMs: number;
  /** Lexical (BM25) build time. */
  indexMs: number;
  /** Where the time went: reading the previous index, reading the corpus, writing. */
  phasesMs: { loadPrevious: number; readCorpus: number; write: number };
  totalMs: number;
  rebuiltAll: boolean;
  /** Why everything was rebuilt, or why a new base version was written instead of a delta. */
  why?: string;
}

export class BuildError extends Error {}

interface NewChunk extends ChunkRecord {
  text: string;
}

function corpusFingerprint(catalog: CatalogEntry[]): string {
  return sha1(catalog.map((a) => `${a.id}:${a.contentHash}`).join('\n')).slice(0, 16);
}

/** The live index's meta and catalog: what an update needs, read without loading the index itself. */
function readState(dir: string): { current: Current; meta: IndexMeta; catalog?: CatalogEntry[] } | undefined {
  const current = readCurrent(dir);
  if (!current) return undefined;
  const at = newestSegment(dir, current);
  const metaPath = needFile(at, fixFor(dir))(FILES.meta);
  try {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as IndexMeta;
    const catalogPath = join(at, FILES.catalog);
    // Versions written before catalogs existed have none: the update then loads the index and writes a new version.
    const catalog = existsSync(catalogPath)
      ? (JSON.parse(readFileSync(catalogPath, 'utf8')) as CatalogEntry[])
      : undefined;
    return { current, meta, ...(catalog ? { catalog } : {}) };
  } catch (e) {
    throw new IndexLoadError(`index in "${at}" is damaged (${(e as Error).message}); ${fixFor(dir)}`);
  }
}

export interface Change {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Files not parsed again. */
  known: Set<string>;
  /** New and changed articles: to chunk and embed. */
  fresh: Article[];
  /** Catalog entries of articles no longer in the corpus. */
  gone: CatalogEntry[];
  /** Labels of the chunks of removed and changed articles. */
  retired: number[];
  newChunks: NewChunk[];
  nextLabel: number;
  /** The catalog after the change, in corpus order. */
  catalogAfter: CatalogEntry[];
  /** Article records to store again: new, changed, and those whose record differs (offsets, metadata). */
  upserts: Article[];
}

/** What a corpus read against the index's catalog changes: pure bookkeeping, no I/O. */
export function planChange(catalog: CatalogEntry[], corpus: Corpus, nextLabel: number, chunking: ChunkOptions): Change {
  const known = new Set(corpus.files.filter((f) => f.known).map((f) => f.file));
  const parsedIds = new Set(corpus.articles.map((a) => a.id));
  const before = new Map(catalog.map((e) => [e.id, e]));
  const fresh: Article[] = [];
  let added = 0;
  let changed = 0;
  for (const a of corpus.articles) {
    const p = before.get(a.id);
    if (!p) added++;
    else if (p.contentHash !== a.contentHash) changed++;
    else continue;
    fresh.push(a);
  }
  const freshIds = new Set(fresh.map((a) => a.id));
  const gone = catalog.filter((e) => !known.has(e.file) && !parsedIds.has(e.id));
  const unchanged =
    corpus.files.reduce((n, f) => n + (f.known ? f.articles : 0), 0) + corpus.articles.length - fresh.length;
  const retired = [...gone, ...catalog.filter((e) => freshIds.has(e.id))].flatMap((e) => e.labels);
  const newChunks: NewChunk[] = [];
  for (const a of fresh) {
    for (const c of chunkArticle(a, chunking))
      newChunks.push({
        label: nextLabel++,
        id: c.id,
        articleId: c.articleId,
        n: c.n,
        start: c.start,
        end: c.end,
        text: c.text,
      });
  }
  const chunksOf = groupBy(newChunks, (c) => c.articleId);
  const entries = corpus.articles.map((a): CatalogEntry => {
    const labels = freshIds.has(a.id) ? (chunksOf.get(a.id) ?? []).map((c) => c.label) : before.get(a.id)!.labels;
    return { id: a.id, file: a.file, contentHash: a.contentHash, recordHash: recordHash(a), labels };
  });
  const upserts = corpus.articles.filter((a, i) => before.get(a.id)?.recordHash !== entries[i]!.recordHash);
  const parsedEntries = groupBy(entries, (e) => e.file);
  const knownEntries = groupBy(catalog, (e) => e.file);
  const catalogAfter = corpus.files.flatMap(
    (f) => (f.known ? knownEntries.get(f.file) : parsedEntries.get(f.file)) ?? [],
  );
  return {
    added,
    changed,
    removed: gone.length,
    unchanged,
    known,
    fresh,
    gone,
    retired,
    newChunks,
    nextLabel,
    catalogAfter,
    upserts,
  };
}

/**
 * A file the index holds articles from that cannot be read now (damaged, truncated to nothing, a bad copy) keeps
 * those articles, with a warning: a broken file must not quietly empty the archive. Deleting the file removes them.
 */
function keepUnreadable(
  corpus: Corpus,
  catalogByFile: Map<string, CatalogEntry[]>,
  hashes: Record<string, string>,
): void {
  const parsed = new Set(corpus.articles.map((a) => a.id));
  for (const file of corpus.unreadable) {
    const entries = catalogByFile.get(file);
    const sha1 = hashes[file];
    // Not if its articles now come from another file: they moved.
    if (!entries || !sha1 || entries.some((e) => parsed.has(e.id))) continue;
    corpus.files.push({ file, encoding: 'unchanged', articles: entries.length, sha1, known: true });
    corpus.files.sort(byFileName);
    corpus.warnings.push({
      file,
      message: `kept the ${entries.length} article${entries.length === 1 ? '' : 's'} indexed from it before; fix the file, or delete it to remove them`,
    });
  }
}

/** Why the stored index cannot be updated and everything must be built again, if it cannot. */
function whyRebuildAll(m: IndexMeta, o: BuildOptions, lexicalMode: LexicalMode): string | undefined {
  if (m.formatVersion !== FORMAT_VERSION) return `the index format changed (${m.formatVersion} → ${FORMAT_VERSION})`;
  if (m.mode === 'lexical' && o.embedder) return 'a model is available now; embedding every chunk';
  if (o.embedder && m.model && (m.model.name !== o.embedder.profile.name || m.model.dims !== o.embedder.dims))
    return `the model changed (${m.model.name} → ${o.embedder.profile.name})`;
  if (JSON.stringify(m.settings.chunking) !== JSON.stringify(o.chunking)) return 'the chunking settings changed';
  if (m.settings.lexical !== lexicalMode) return 'the lexical mode changed';
  if (o.embedder && (m.settings.hnsw.M !== o.hnsw.M || m.settings.hnsw.efConstruction !== o.hnsw.efConstruction))
    return 'the HNSW settings changed';
  return undefined;
}

/**
 * Build or update the index. Incremental by default: articles are compared with the index's catalog by content hash,
 * files with unchanged bytes are not even parsed, and only new and changed articles are chunked and embedded. The
 * change is written as a small delta segment on top of the live version, or, when the deltas have grown (or a full
 * rebuild was asked for), as a new whole version.
 */
export async function buildIndex(o: BuildOptions): Promise<BuildReport> {
  const t0 = performance.now();
  const mode = o.embedder ? 'hybrid' : 'lexical';
  const lexicalMode = o.lexical ?? 'char-bigram';
  const limits = o.deltaLimits ?? DEFAULT_DELTA_LIMITS;
  const fail = (e: unknown): never => {
    throw new BuildError(`${(e as Error).message}\nThe existing index was left as it is.`);
  };

  let state: ReturnType<typeof readState>;
  let why: string | undefined;
  const tLoad = performance.now();
  if (!o.full) {
    try {
      state = readState(o.indexDir);
    } catch (e) {
      fail(e);
    }
  }
  if (state) {
    const m = state.meta;
    if (m.mode === 'hybrid' && !o.embedder) {
      throw new BuildError(
        `the index in "${o.indexDir}" has embeddings from ${m.model?.name}, but no model can be loaded now (${o.lexicalReason}).\n` +
          `Nothing was changed. Make the model available, or rebuild lexical-only on purpose with --full.`,
      );
    }
    why = whyRebuildAll(m, o, lexicalMode);
    if (why) {
      o.log.info(`rebuilding everything: ${why}`);
      state = undefined;
    }
  }
  // A version without a catalog: the whole index is loaded to learn what it holds.
  let prev: IndexData | undefined;
  const loadPrevious = (): IndexData => {
    try {
      prev ??= loadIndex(o.indexDir, o.hnsw.efSearch);
      return prev;
    } catch (e) {
      return fail(e);
    }
  };
  const catalog = state ? (state.catalog ?? catalogOf(loadPrevious().articles, loadPrevious().chunks)) : [];
  let loadMs = performance.now() - tLoad;

  // The corpus: files whose bytes (and manifest entry) are as indexed are not parsed again.
  const tRead = performance.now();
  const catalogByFile = groupBy(catalog, (e) => e.file);
  const hashes = state?.meta.corpus.fileHashes ?? {};
  const corpus = await readCorpus(o.corpusDir, (file, h) =>
    hashes[file] === h ? (catalogByFile.get(file) ?? []).map((e) => e.id) : undefined,
  );
  keepUnreadable(corpus, catalogByFile, hashes);
  const readMs = performance.now() - tRead;

  const change = planChange(catalog, corpus, state?.meta.nextLabel ?? 0, o.chunking);
  const {
    added,
    changed,
    removed,
    unchanged,
    known,
    fresh,
    gone,
    retired,
    newChunks,
    nextLabel,
    catalogAfter,
    upserts,
  } = change;
  const chunkCount = (state?.meta.counts.chunks ?? 0) - retired.length + newChunks.length;
  const fileHashes = Object.fromEntries(corpus.files.map((f) => [f.file, f.sha1]));

  const report = (
    wrote: BuildReport['wrote'],
    ms: { embed: number; dense: number; index: number; write: number },
  ): BuildReport => ({
    mode,
    added,
    changed,
    removed,
    unchanged,
    articles: catalogAfter.length,
    chunks: chunkCount,
    embedded: o.embedder ? newChunks.length : 0,
    warnings: corpus.warnings,
    filesReused: known.size,
    wrote,
    embedMs: ms.embed,
    denseMs: ms.dense,
    indexMs: ms.index,
    phasesMs: { loadPrevious: Math.round(loadMs), readCorpus: Math.round(readMs), write: Math.round(ms.write) },
    totalMs: performance.now() - t0,
    rebuiltAll: !state,
    ...(why ? { why } : {}),
  });

  // Nothing to do: the index already says exactly this.
  const sameFiles =
    state && JSON.stringify(fileHashes) === JSON.stringify(hashes) && state.meta.corpus.dir === o.corpusDir;
  if (state && sameFiles && fresh.length === 0 && removed === 0 && !o.compact)
    return report('nothing', { embed: 0, dense: 0, index: 0, write: 0 });

  const meta = (counts: IndexMeta['counts'], segments?: IndexMeta['segments']): IndexMeta => ({
    formatVersion: FORMAT_VERSION,
    mode,
    ...(mode === 'lexical' ? { lexicalReason: o.lexicalReason ?? 'no embedding model' } : {}),
    model: o.embedder
      ? {
          name: o.embedder.profile.name,
          pooling: o.embedder.profile.pooling,
          queryPrefix: o.embedder.profile.queryPrefix,
          passagePrefix: o.embedder.profile.passagePrefix,
          dims: o.embedder.dims,
        }
      : null,
    settings: {
      chunking: o.chunking,
      hnsw: { M: o.hnsw.M, efConstruction: o.hnsw.efConstruction },
      lexical: lexicalMode,
    },
    corpus: { dir: o.corpusDir, fingerprint: corpusFingerprint(catalogAfter), files: corpus.files.length, fileHashes },
    counts,
    nextLabel,
    ...(segments ? { segments } : {}),
    builtAt: new Date().toISOString(),
    buildMs: Math.round(performance.now() - t0),
  });

  /** Embed the new chunks in batches, handing each batch's vectors on. */
  let embedMs = 0;
  const embedAll = async (take: (vectors: Float32Array[], part: NewChunk[]) => void): Promise<void> => {
    if (!o.embedder) return;
    const batch = 64;
    o.onProgress?.(0, newChunks.length);
    for (let i = 0; i < newChunks.length; i += batch) {
      const part = newChunks.slice(i, i + batch);
      const te = performance.now();
      const vectors = await o.embedder.embedPassages(part.map((c) => c.text));
      embedMs += performance.now() - te;
      take(vectors, part);
      o.onProgress?.(Math.min(i + batch, newChunks.length), newChunks.length);
    }
  };

  // A delta, while the deltas stay small enough to be cheap to load.
  const segments = state?.meta.segments ?? { deltas: 0, addedChunks: 0, retiredChunks: 0 };
  const next = {
    deltas: segments.deltas + 1,
    addedChunks: segments.addedChunks + newChunks.length,
    retiredChunks: segments.retiredChunks + retired.length,
  };
  if (
    state?.catalog &&
    !o.compact &&
    next.deltas <= limits.segments &&
    next.addedChunks + next.retiredChunks <= limits.chunks
  ) {
    const dims = o.embedder?.dims ?? 0;
    const vectors = o.embedder ? new Float32Array(newChunks.length * dims) : undefined;
    let at = 0;
    await embedAll((vs) => {
      for (const v of vs) vectors!.set(v, at++ * dims);
    });
    const tWrite = performance.now();
    writeDelta(o.indexDir, state.current, {
      meta: meta(
        {
          articles: catalogAfter.length,
          chunks: chunkCount,
          denseElements: state.meta.counts.denseElements + (vectors ? newChunks.length : 0),
          denseDeleted: state.meta.counts.denseDeleted + (vectors ? retired.length : 0),
        },
        next,
      ),
      catalog: catalogAfter,
      removedArticles: gone.map((e) => e.id),
      retiredLabels: retired,
      articles: upserts,
      chunks: newChunks.map(({ text: _t, ...c }) => c),
      ...(vectors ? { vectors } : {}),
    });
    return report('delta', { embed: embedMs, dense: 0, index: 0, write: performance.now() - tWrite });
  }
  if (state && !o.compact) {
    why = state.catalog
      ? `compacting ${segments.deltas} delta${segments.deltas === 1 ? '' : 's'} into a new version`
      : 'the index has no catalog yet; writing a new version';
    o.log.info(why);
  } else if (o.compact) why = 'compaction asked for';

  // A whole new version: the previous one (deltas applied) with the change merged in.
  const tLoad2 = performance.now();
  const old = state ? loadPrevious() : undefined;
  loadMs += performance.now() - tLoad2;
  if (old && versionName(state!.current) !== old.version)
    fail(new Error('the index changed while this build read it; run the build again'));
  const oldByFile = groupBy(old?.articles ?? [], (a) => a.file);
  const parsedByFile = groupBy(corpus.articles, (a) => a.file);
  const articles = corpus.files.flatMap((f) =>
    f.known ? (oldByFile.get(f.file) ?? []) : (parsedByFile.get(f.file) ?? []),
  );
  const retiredSet = new Set(retired);

  let dense: DenseIndex | undefined;
  let denseMs = 0;
  if (o.embedder) {
    // The previous graph is extended in place (its file stays as it was until the new version is written).
    dense = old?.dense ?? DenseIndex.create(o.embedder.dims, newChunks.length, o.hnsw);
    dense.remove(retiredSet);
    await embedAll((vectors, part) => {
      const th = performance.now();
      dense!.add(
        vectors,
        part.map((c) => c.label),
      );
      denseMs += performance.now() - th;
    });
  }

  // Chunk order = lexical document numbers: the kept chunks in their previous order, then the new ones. That lets the
  // lexical index be merged instead of rebuilt (tokenising 100k chunks again would cost seconds).
  const oldChunks = old?.chunks ?? [];
  const drop = oldChunks.flatMap((c, i) => (retiredSet.has(c.label) ? [i] : []));
  const chunks: ChunkRecord[] = [
    ...oldChunks.filter((c) => !retiredSet.has(c.label)),
    ...newChunks.map(({ text: _t, ...r }) => r),
  ];
  const ti = performance.now();
  const lexical = old
    ? mergeBm25(
        old.lexical,
        drop,
        newChunks.map((c) => c.text),
      )
    : buildBm25(
        newChunks.map((c) => c.text),
        lexicalMode,
      );
  const indexMs = performance.now() - ti;

  const tWrite = performance.now();
  const denseDeleted = dense ? dense.size - chunks.length : 0;
  dense?.reserve(dense.size + limits.chunks);
  writeIndex(
    o.indexDir,
    {
      meta: meta({ articles: articles.length, chunks: chunks.length, denseElements: dense?.size ?? 0, denseDeleted }),
      articles,
      chunks,
      lexical,
      ...(dense ? { dense } : {}),
    },
    catalogAfter,
  );
  return report('version', { embed: embedMs, dense: denseMs, index: indexMs, write: performance.now() - tWrite });
}
