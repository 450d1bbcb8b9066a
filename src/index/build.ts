import { sha1, type Article } from '../ingest/article.js';
import { chunkArticle, type ChunkOptions } from '../ingest/chunk.js';
import { readCorpus, type CorpusWarning } from '../ingest/read-corpus.js';
import type { Embedder } from '../embed/embedder.js';
import type { Logger } from '../log.js';
import type { LexicalMode } from '../text/tokenize.js';
import { buildBm25, mergeBm25 } from './bm25.js';
import { DenseIndex, type HnswSettings } from './dense.js';
import { currentVersion, FORMAT_VERSION, IndexLoadError, loadIndex, writeIndex, type ChunkRecord, type IndexData, type IndexMeta } from './store.js';

export interface BuildOptions {
  corpusDir: string;
  indexDir: string;
  full: boolean;
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
  /** Files whose articles were reused without parsing (unchanged bytes). */
  filesReused: number;
  embedMs: number;
  /** HNSW insertion time. */
  denseMs: number;
  /** Lexical (BM25) build time. */
  indexMs: number;
  /** Where the time went: loading the previous index, reading the corpus, writing the new version. */
  phasesMs: { loadPrevious: number; readCorpus: number; write: number };
  totalMs: number;
  rebuiltAll: boolean;
  why?: string;
}

export class BuildError extends Error {}

function corpusFingerprint(articles: Article[]): string {
  return sha1(articles.map((a) => `${a.id}:${a.contentHash}`).join('\n')).slice(0, 16);
}

/**
 * Build or update the index. Incremental by default: articles are compared by content hash; only new and changed
 * ones are chunked and embedded, removed ones are marked deleted in HNSW; the lexical index is rebuilt from the
 * live chunks (tokenising is cheap next to embedding and keeps the postings compact).
 */
export async function buildIndex(o: BuildOptions): Promise<BuildReport> {
  const t0 = performance.now();
  const mode = o.embedder ? 'hybrid' : 'lexical';
  const lexicalMode = o.lexical ?? 'char-bigram';

  let prev: IndexData | undefined;
  let why: string | undefined;
  const tLoad = performance.now();
  if (!o.full && currentVersion(o.indexDir)) {
    try {
      prev = loadIndex(o.indexDir, o.hnsw.efSearch);
    } catch (e) {
      throw new BuildError(`${(e as IndexLoadError).message}\nThe existing index was left as it is.`);
    }
    const m = prev.meta;
    if (m.mode === 'hybrid' && !o.embedder) {
      throw new BuildError(
        `the index in "${o.indexDir}" has embeddings from ${m.model?.name}, but no model can be loaded now (${o.lexicalReason}).\n` +
          `Nothing was changed. Make the model available, or rebuild lexical-only on purpose with --full.`,
      );
    }
    if (m.mode === 'lexical' && o.embedder) why = 'a model is available now; embedding every chunk';
    else if (o.embedder && m.model && (m.model.name !== o.embedder.profile.name || m.model.dims !== o.embedder.dims)) why = `the model changed (${m.model.name} → ${o.embedder.profile.name})`;
    else if (JSON.stringify(m.settings.chunking) !== JSON.stringify(o.chunking)) why = 'the chunking settings changed';
    else if (m.settings.lexical !== lexicalMode) why = 'the lexical mode changed';
    else if (o.embedder && (m.settings.hnsw.M !== o.hnsw.M || m.settings.hnsw.efConstruction !== o.hnsw.efConstruction)) why = 'the HNSW settings changed';
    if (why) {
      o.log.info(`rebuilding everything: ${why}`);
      prev = undefined;
    }
  }

  const loadPrevious = performance.now() - tLoad;
  const tRead = performance.now();
  // Files whose bytes (and manifest entry) are unchanged keep their parsed articles.
  const prevByFile = new Map<string, Article[]>();
  for (const a of prev?.articles ?? []) {
    const list = prevByFile.get(a.file);
    if (list) list.push(a);
    else prevByFile.set(a.file, [a]);
  }
  const hashes = prev?.meta.corpus.fileHashes ?? {};
  const corpus = await readCorpus(o.corpusDir, (file, sha1) => (hashes[file] === sha1 ? prevByFile.get(file) : undefined));

  const readMs = performance.now() - tRead;
  const prevArticles = new Map((prev?.articles ?? []).map((a) => [a.id, a]));
  const nowIds = new Set(corpus.articles.map((a) => a.id));
  let added = 0;
  let changed = 0;
  let unchanged = 0;
  const fresh: Article[] = [];
  for (const a of corpus.articles) {
    const p = prevArticles.get(a.id);
    if (!p) {
      added++;
      fresh.push(a);
    } else if (p.contentHash !== a.contentHash) {
      changed++;
      fresh.push(a);
    } else unchanged++;
  }
  const removed = [...prevArticles.keys()].filter((id) => !nowIds.has(id)).length;
  const freshIds = new Set(fresh.map((a) => a.id));

  // Chunks of unchanged articles keep their labels (and vectors); the others' labels are retired.
  const kept: ChunkRecord[] = [];
  const retired: number[] = [];
  for (const c of prev?.chunks ?? []) {
    if (nowIds.has(c.articleId) && !freshIds.has(c.articleId)) kept.push(c);
    else retired.push(c.label);
  }
  let nextLabel = prev?.meta.nextLabel ?? 0;
  const newChunks: (ChunkRecord & { text: string })[] = [];
  for (const a of fresh) {
    for (const c of chunkArticle(a, o.chunking)) newChunks.push({ label: nextLabel++, id: c.id, articleId: c.articleId, n: c.n, start: c.start, end: c.end, text: c.text });
  }

  // Dense: copy the previous HNSW graph, retire, add.
  let dense: DenseIndex | undefined;
  let embedMs = 0;
  let denseMs = 0;
  let embedded = 0;
  if (o.embedder) {
    const dims = o.embedder.dims;
    // The previous graph is already in memory from loading the index; it is extended in place (its file stays as
    // it was until the new version is written).
    if (prev?.dense && prev.meta.model) {
      dense = prev.dense;
    } else dense = DenseIndex.create(dims, newChunks.length, o.hnsw);
    dense.remove(retired);
    const batch = 64;
    o.onProgress?.(0, newChunks.length);
    for (let i = 0; i < newChunks.length; i += batch) {
      const part = newChunks.slice(i, i + batch);
      const te = performance.now();
      const vectors = await o.embedder.embedPassages(part.map((c) => c.text));
      embedMs += performance.now() - te;
      const th = performance.now();
      dense.add(vectors, part.map((c) => c.label));
      denseMs += performance.now() - th;
      embedded += part.length;
      o.onProgress?.(embedded, newChunks.length);
    }
  }

  // Chunk order = lexical document numbers: the kept chunks in their previous order, then the new ones. That lets the
  // lexical index be merged instead of rebuilt (tokenising 100k chunks again would cost seconds).
  const articleText = new Map(corpus.articles.map((a) => [a.id, a.text]));
  const keptLabels = new Set(kept.map((c) => c.label));
  const keepMap = new Int32Array(prev?.chunks.length ?? 0).fill(-1);
  let k = 0;
  (prev?.chunks ?? []).forEach((c, i) => {
    if (keptLabels.has(c.label)) keepMap[i] = k++;
  });
  const chunks: ChunkRecord[] = [...(prev?.chunks ?? []).filter((c) => keptLabels.has(c.label)), ...newChunks.map(({ text: _t, ...r }) => r)];
  const ti = performance.now();
  const newTexts = newChunks.map((c) => c.text);
  const lexical = prev
    ? mergeBm25(prev.lexical, keepMap, newTexts)
    : buildBm25(
        chunks.map((c) => articleText.get(c.articleId)!.slice(c.start, c.end)),
        lexicalMode,
      );
  const indexMs = performance.now() - ti;

  const denseDeleted = dense ? dense.size - chunks.length : 0;
  const meta: IndexMeta = {
    formatVersion: FORMAT_VERSION,
    mode,
    ...(mode === 'lexical' ? { lexicalReason: o.lexicalReason ?? 'no embedding model' } : {}),
    model: o.embedder
      ? { name: o.embedder.profile.name, pooling: o.embedder.profile.pooling, queryPrefix: o.embedder.profile.queryPrefix, passagePrefix: o.embedder.profile.passagePrefix, dims: o.embedder.dims }
      : null,
    settings: { chunking: o.chunking, hnsw: { M: o.hnsw.M, efConstruction: o.hnsw.efConstruction }, lexical: lexicalMode },
    corpus: { dir: o.corpusDir, fingerprint: corpusFingerprint(corpus.articles), files: corpus.files.length, fileHashes: Object.fromEntries(corpus.files.map((f) => [f.file, f.sha1])) },
    counts: { articles: corpus.articles.length, chunks: chunks.length, denseElements: dense?.size ?? 0, denseDeleted },
    nextLabel,
    builtAt: new Date().toISOString(),
    buildMs: Math.round(performance.now() - t0),
  };
  const tWrite = performance.now();
  writeIndex(o.indexDir, { meta, articles: corpus.articles, chunks, lexical, ...(dense ? { dense } : {}) });
  const writeMs = performance.now() - tWrite;
  return {
    mode,
    added,
    changed,
    removed,
    unchanged,
    articles: corpus.articles.length,
    chunks: chunks.length,
    embedded,
    warnings: corpus.warnings,
    filesReused: corpus.files.filter((f) => f.reused).length,
    embedMs,
    denseMs,
    indexMs,
    phasesMs: { loadPrevious: Math.round(loadPrevious), readCorpus: Math.round(readMs), write: Math.round(writeMs) },
    totalMs: performance.now() - t0,
    rebuiltAll: !prev,
    ...(why ? { why } : {}),
  };
}
