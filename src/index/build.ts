import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Embedder } from '../embed/embedder.js';
import { sha1 } from '../ingest/article.js';
import type { ChunkOptions } from '../ingest/chunk.js';
import { type Corpus, type CorpusWarning, type FileStat, readCorpus } from '../ingest/read-corpus.js';
import type { Logger } from '../log.js';
import type { LexicalMode } from '../text/tokenize.js';
import { DenseIndex, GRAPH_MIN, type HnswSettings } from './dense.js';
import { groupBy } from './group-by.js';
import { entryOf, mergeSegments, nextMerge, nextSegmentNumber } from './merge.js';
import { type Change, keepUnreadable, type NewChunk, planChange } from './plan.js';
import { buildPostings, mergePostings, PostingsBuilder, writePostings } from './postings.js';
import { type SegmentVectors, writeSegment } from './segment.js';
import {
  type CatalogEntry,
  type Commit,
  type Current,
  FORMAT_VERSION,
  fixFor,
  type IndexMeta,
  newName,
  readCommit,
  readCurrent,
  type SegmentEntry,
  writeCommit,
} from './store.js';

// Build or update the index. An update writes the new and changed articles as one new segment and deletes the chunks
// they replace by naming them in the new commit; nothing already written is touched. Segments then merge by size
// (merge.ts), each merge committed on its own, so the index stays a few segments without a daily rewrite. A full build
// writes one segment with bounded memory: postings are built in runs of RUN_CHUNKS chunks, written, and merged.

export { planChange } from './plan.js';

/** Chunks per run of postings in a full build: bounds its memory (about 0.3 GB a run) whatever the corpus size. */
export const RUN_CHUNKS = 65_536;
const EMBED_BATCH = 64;

export interface BuildOptions {
  corpusDir: string;
  indexDir: string;
  /** Ignore the existing index: parse, chunk and embed everything again. */
  full: boolean;
  /** Merge every segment into one (and drop deleted chunks) after the update. */
  compact?: boolean;
  /** Run the merges the policy asks for after the update (default true). */
  merge?: boolean;
  chunking: ChunkOptions;
  hnsw: HnswSettings;
  lexical?: LexicalMode;
  /** undefined: no model could be had; the index is lexical only, and `lexicalReason` says why. */
  embedder?: Embedder;
  lexicalReason?: string;
  log: Logger;
  onProgress?: (done: number, total: number) => void;
  /** Chunks per postings run (tests lower it). */
  runChunks?: number;
  /** Segments with at least this many chunks get an HNSW graph (default GRAPH_MIN; tests lower it). */
  graphMin?: number;
}

export interface MergeReport {
  segments: number;
  chunks: number;
  ms: number;
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
  /** What was written: a whole new index, a segment on the live one, or nothing (nothing changed). */
  wrote: 'index' | 'segment' | 'nothing';
  /** Segments after the build (and its merges). */
  segments: number;
  merges: MergeReport[];
  embedMs: number;
  /** HNSW insertion time. */
  denseMs: number;
  /** Postings build time. */
  indexMs: number;
  /** Where the time went: reading the previous state, reading the corpus, writing, merging. */
  phasesMs: { loadPrevious: number; readCorpus: number; write: number; merge: number };
  totalMs: number;
  rebuiltAll: boolean;
  /** Why everything was rebuilt. */
  why?: string;
}

export class BuildError extends Error {}

interface State {
  current: Current;
  commit: Commit;
}

/** What a build carries from step to step. */
interface Run {
  o: BuildOptions;
  t0: number;
  lexicalMode: LexicalMode;
  state?: State;
  why?: string;
  corpus?: Corpus;
  change?: Change;
  ms: {
    loadPrevious: number;
    readCorpus: number;
    write: number;
    merge: number;
    embed: number;
    dense: number;
    index: number;
  };
  merges: MergeReport[];
}

const failBuild = (e: unknown): never => {
  throw new BuildError(`${(e as Error).message}\nThe existing index was left as it is.`);
};

/**
 * Build or update the index. Incremental by default: articles are compared with the index's catalog by content hash,
 * files with unchanged bytes are not even parsed, and only new and changed articles are chunked and embedded.
 */
export async function buildIndex(o: BuildOptions): Promise<BuildReport> {
  const run: Run = {
    o,
    t0: performance.now(),
    lexicalMode: o.lexical ?? 'char-bigram',
    merges: [],
    ms: { loadPrevious: 0, readCorpus: 0, write: 0, merge: 0, embed: 0, dense: 0, index: 0 },
  };
  readPrevious(run);
  await readChangedCorpus(run);
  if (run.state && nothingChanged(run)) {
    const merged = o.compact ? mergeAsNeeded(run, run.state.commit) : run.state.commit;
    return report(run, 'nothing', merged.meta.segments.length);
  }
  const t = performance.now();
  const commit = run.state ? await writeUpdate(run, run.state) : await writeWhole(run);
  run.ms.write = performance.now() - t - run.ms.embed - run.ms.dense - run.ms.index;
  const merged = mergeAsNeeded(run, commit);
  return report(run, run.state ? 'segment' : 'index', merged.meta.segments.length);
}

/** The live commit, unless everything must be built again (and then why). */
function readPrevious(run: Run): void {
  const { o } = run;
  const t = performance.now();
  if (o.full) return;
  const currentFile = join(o.indexDir, 'CURRENT');
  if (existsSync(currentFile) && /^v-/u.test(readFileSync(currentFile, 'utf8'))) {
    run.why = `the index format changed (1 → ${FORMAT_VERSION})`;
    o.log.info(`rebuilding everything: ${run.why}`);
    return;
  }
  let state: State | undefined;
  try {
    const current = readCurrent(o.indexDir);
    if (current) state = { current, commit: readCommit(o.indexDir, current) };
  } catch (e) {
    failBuild(e);
  }
  run.ms.loadPrevious = performance.now() - t;
  if (!state) return;
  const m = state.commit.meta;
  if (m.mode === 'hybrid' && !o.embedder) {
    throw new BuildError(
      `the index in "${o.indexDir}" has embeddings from ${m.model?.name}, but no model can be loaded now (${o.lexicalReason}).\n` +
        `Nothing was changed. Make the model available, or rebuild lexical-only on purpose with --full.`,
    );
  }
  run.why = whyRebuildAll(m, o, run.lexicalMode);
  if (run.why) o.log.info(`rebuilding everything: ${run.why}`);
  else run.state = state;
}

/** Why the stored index cannot be updated and everything must be built again, if it cannot. */
function whyRebuildAll(m: IndexMeta, o: BuildOptions, lexicalMode: LexicalMode): string | undefined {
  if (m.mode === 'lexical' && o.embedder) return 'a model is available now; embedding every chunk';
  if (o.embedder && m.model && (m.model.name !== o.embedder.profile.name || m.model.dims !== o.embedder.dims))
    return `the model changed (${m.model.name} → ${o.embedder.profile.name})`;
  if (JSON.stringify(m.settings.chunking) !== JSON.stringify(o.chunking)) return 'the chunking settings changed';
  if (m.settings.lexical !== lexicalMode) return 'the lexical mode changed';
  if (o.embedder && (m.settings.hnsw.M !== o.hnsw.M || m.settings.hnsw.efConstruction !== o.hnsw.efConstruction))
    return 'the HNSW settings changed';
  return undefined;
}

/** The corpus, parsing only files whose bytes (and manifest entry) changed, and what that changes. */
async function readChangedCorpus(run: Run): Promise<void> {
  const t = performance.now();
  const catalog = run.state?.commit.catalog ?? [];
  const catalogByFile = groupBy(catalog, (e) => e.file);
  const { fileHashes: hashes = {}, fileStats: stats = {} } = run.state?.commit.meta.corpus ?? {};
  const corpus = await readCorpus(
    run.o.corpusDir,
    (file, h) => (hashes[file] === h ? (catalogByFile.get(file) ?? []).map((e) => e.id) : undefined),
    // A file whose size, time and inode are as recorded is not read at all (a decade's feeds are gigabytes).
    (file) => (hashes[file] ? { sha1: hashes[file], ...(stats[file] ? { stat: stats[file] } : {}) } : undefined),
  );
  keepUnreadable(corpus, catalogByFile, hashes);
  if (corpus.files.length === 0 && catalog.length > 0)
    failBuild(
      new Error(
        `the corpus folder "${run.o.corpusDir}" holds no .txt or .jsonl files, but the index holds ` +
          `${catalog.length} articles (a wrong path, or a volume not mounted?). To empty the index on purpose, run ` +
          'with --full.',
      ),
    );
  run.corpus = corpus;
  run.ms.readCorpus = performance.now() - t;
  run.change = planChange(catalog, corpus, run.state?.commit.meta.nextLabel ?? 0, run.o.chunking);
}

const fileHashesOf = (corpus: Corpus): Record<string, string> =>
  Object.fromEntries(corpus.files.map((f) => [f.file, f.sha1]));

const fileStatsOf = (corpus: Corpus): Record<string, FileStat> =>
  Object.fromEntries(corpus.files.flatMap((f) => (f.stat ? [[f.file, f.stat]] : [])));

/** The index already says exactly this. */
function nothingChanged(run: Run): boolean {
  const { state, corpus, change } = run;
  const m = state!.commit.meta;
  return (
    JSON.stringify(fileHashesOf(corpus!)) === JSON.stringify(m.corpus.fileHashes ?? {}) &&
    m.corpus.dir === run.o.corpusDir &&
    change!.fresh.length === 0 &&
    change!.removed === 0
  );
}

const corpusFingerprint = (catalog: CatalogEntry[]): string =>
  sha1(catalog.map((a) => `${a.id}:${a.contentHash}`).join('\n')).slice(0, 16);

/** The index's meta after this build. */
function metaOf(run: Run, segments: SegmentEntry[], chunks: number): IndexMeta {
  const { o, corpus, change } = run;
  const e = o.embedder;
  return {
    formatVersion: FORMAT_VERSION,
    mode: e ? 'hybrid' : 'lexical',
    ...(e ? {} : { lexicalReason: o.lexicalReason ?? 'no embedding model' }),
    model: e
      ? {
          name: e.profile.name,
          pooling: e.profile.pooling,
          queryPrefix: e.profile.queryPrefix,
          passagePrefix: e.profile.passagePrefix,
          dims: e.dims,
        }
      : null,
    settings: {
      chunking: o.chunking,
      hnsw: { M: o.hnsw.M, efConstruction: o.hnsw.efConstruction },
      lexical: run.lexicalMode,
    },
    corpus: {
      dir: o.corpusDir,
      fingerprint: corpusFingerprint(change!.catalogAfter),
      files: corpus!.files.length,
      fileHashes: fileHashesOf(corpus!),
      fileStats: fileStatsOf(corpus!),
    },
    counts: { articles: change!.catalogAfter.length, chunks },
    nextLabel: change!.nextLabel,
    segments,
    builtAt: new Date().toISOString(),
    buildMs: Math.round(performance.now() - run.t0),
  };
}

/** Embed chunks in batches, handing each batch's vectors on in order. */
async function embedChunks(run: Run, chunks: NewChunk[], take: (vectors: Float32Array[]) => void): Promise<void> {
  const e = run.o.embedder;
  if (!e) return;
  run.o.onProgress?.(0, chunks.length);
  for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
    const part = chunks.slice(i, i + EMBED_BATCH);
    const t = performance.now();
    const vectors = await e.embedPassages(part.map((c) => c.text));
    run.ms.embed += performance.now() - t;
    const th = performance.now();
    take(vectors);
    run.ms.dense += performance.now() - th;
    run.o.onProgress?.(Math.min(i + EMBED_BATCH, chunks.length), chunks.length);
  }
}

/** The new chunks' vectors: a graph when there are enough of them, else a flat list. */
async function vectorsOf(run: Run, chunks: NewChunk[]): Promise<SegmentVectors | undefined> {
  const e = run.o.embedder;
  if (!e) return undefined;
  if (chunks.length >= (run.o.graphMin ?? GRAPH_MIN)) {
    const graph = DenseIndex.create(e.dims, chunks.length, run.o.hnsw);
    let at = 0;
    await embedChunks(run, chunks, (vs) => {
      graph.add(
        vs,
        vs.map(() => chunks[at++]!.label),
      );
    });
    return { graph };
  }
  const flat = new Float32Array(chunks.length * e.dims);
  let at = 0;
  await embedChunks(run, chunks, (vs) => {
    for (const v of vs) flat.set(v, at++ * e.dims);
  });
  return { flat };
}

const recordOf = ({ text: _t, ...r }: NewChunk) => r;

/** An update: the new chunks as one new segment, the replaced ones deleted, committed. */
async function writeUpdate(run: Run, state: State): Promise<Commit> {
  const { o } = run;
  const change = run.change!;
  const { commit } = state;
  const segments = commit.meta.segments.map((s) => ({ ...s }));
  const deletes: Commit['deletes'] = Object.fromEntries(Object.entries(commit.deletes).map(([k, v]) => [k, [...v]]));
  for (const label of change.retired) {
    const s = segments.find((x) => x.firstLabel <= label && label <= x.lastLabel);
    if (!s) failBuild(new Error(`chunk ${label} is in the catalog but in no segment; ${fixFor(o.indexDir)}`));
    deletes[s!.name] ??= [];
    deletes[s!.name]!.push(label);
    s!.deleted++;
  }
  if (change.newChunks.length > 0 || change.upserts.length > 0) {
    const vectors = await vectorsOf(run, change.newChunks);
    const ti = performance.now();
    const postings = buildPostings(
      change.newChunks.map((c) => c.text),
      run.lexicalMode,
    );
    run.ms.index += performance.now() - ti;
    const name = newName('s', nextSegmentNumber(segments));
    const meta = writeSegment(o.indexDir, name, {
      articles: change.upserts,
      chunks: change.newChunks.map(recordOf),
      lexical: postings,
      ...(vectors ? { vectors } : {}),
    });
    segments.push(entryOf(name, meta));
  }
  const chunks = commit.meta.counts.chunks - change.retired.length + change.newChunks.length;
  const next: Commit = { meta: metaOf(run, segments, chunks), catalog: change.catalogAfter, deletes };
  publish(run, next);
  return next;
}

/** Commit, unless another build committed since this one read the index. */
function publish(run: Run, commit: Commit): void {
  const now = readCurrent(run.o.indexDir)?.commit;
  if (run.state && now !== run.state.current.commit)
    failBuild(new Error('the index changed while this build read it; run the build again'));
  writeCommit(run.o.indexDir, commit);
}

/** A whole new index: every chunk in one segment, postings built in runs and merged; committed. */
async function writeWhole(run: Run): Promise<Commit> {
  const { o } = run;
  const change = run.change!;
  mkdirSync(o.indexDir, { recursive: true });
  const vectors = await vectorsOf(run, change.newChunks);
  const name = newName('s', 1);
  const articles = new Set(change.catalogAfter.map((e) => e.id));
  const meta = writeSegment(o.indexDir, name, {
    articles: run.corpus!.articles.filter((a) => articles.has(a.id)),
    chunks: change.newChunks.map(recordOf),
    lexical: (tmp) => {
      const ti = performance.now();
      writePostingsInRuns(run, change.newChunks, tmp);
      run.ms.index += performance.now() - ti;
    },
    ...(vectors ? { vectors } : {}),
  });
  const commit: Commit = {
    meta: metaOf(run, [entryOf(name, meta)], change.newChunks.length),
    catalog: change.catalogAfter,
    deletes: {},
  };
  writeCommit(o.indexDir, commit);
  return commit;
}

/** Postings of many chunks with bounded memory: runs built in memory and written, then merged by streaming. */
function writePostingsInRuns(run: Run, chunks: NewChunk[], dir: string): void {
  const size = run.o.runChunks ?? RUN_CHUNKS;
  if (chunks.length <= size) {
    writePostings(
      dir,
      buildPostings(
        chunks.map((c) => c.text),
        run.lexicalMode,
      ),
    );
    return;
  }
  const runs: { dir: string; remap: Int32Array }[] = [];
  // One builder for every run: its buffers are reused, so a run allocates no new typed arrays (see PostingsBuilder).
  const builder = new PostingsBuilder();
  try {
    for (let from = 0; from < chunks.length; from += size) {
      const at = join(dir, `.run-${runs.length}`);
      mkdirSync(at);
      const part = chunks.slice(from, from + size);
      writePostings(
        at,
        builder.build(
          part.map((c) => c.text),
          run.lexicalMode,
        ),
      );
      runs.push({ dir: at, remap: Int32Array.from(part, (_, i) => from + i) });
      run.o.log.info(`postings run ${runs.length} of ${Math.ceil(chunks.length / size)} written`);
    }
    mergePostings(runs, dir, run.lexicalMode);
  } finally {
    for (const r of runs) rmSync(r.dir, { recursive: true, force: true });
  }
}

/** The merges the policy asks for (or all segments into one, for --compact), each committed. */
function mergeAsNeeded(run: Run, commit: Commit): Commit {
  const { o } = run;
  if (o.merge === false && !o.compact) return commit;
  let live = commit;
  for (;;) {
    const segs = live.meta.segments;
    const all = segs.length > 1 || segs.some((s) => s.deleted > 0);
    const m = o.compact ? (all ? { from: 0, to: segs.length } : undefined) : nextMerge(segs);
    if (!m) return live;
    const t = performance.now();
    const dims = live.meta.model?.dims;
    live = mergeSegments(live, m.from, m.to, {
      dir: o.indexDir,
      hnsw: o.hnsw,
      graphMin: o.graphMin ?? GRAPH_MIN,
      ...(dims ? { dims } : {}),
    });
    writeCommit(o.indexDir, { ...live, meta: { ...live.meta, builtAt: new Date().toISOString() } });
    const ms = performance.now() - t;
    run.ms.merge += ms;
    run.merges.push({
      segments: m.to - m.from,
      chunks: segs.slice(m.from, m.to).reduce((n, s) => n + s.chunks - s.deleted, 0),
      ms,
    });
    o.log.info(`merged ${m.to - m.from} segments (${run.merges.at(-1)!.chunks} chunks) in ${(ms / 1000).toFixed(1)} s`);
  }
}

function report(run: Run, wrote: BuildReport['wrote'], segments?: number): BuildReport {
  const { o, change, corpus, ms } = run;
  const c = change!;
  return {
    mode: o.embedder ? 'hybrid' : 'lexical',
    added: c.added,
    changed: c.changed,
    removed: c.removed,
    unchanged: c.unchanged,
    articles: c.catalogAfter.length,
    chunks: (run.state?.commit.meta.counts.chunks ?? 0) - c.retired.length + c.newChunks.length,
    embedded: o.embedder ? c.newChunks.length : 0,
    warnings: corpus!.warnings,
    filesReused: c.known.size,
    wrote,
    segments: segments ?? run.state?.commit.meta.segments.length ?? 0,
    merges: run.merges,
    embedMs: ms.embed,
    denseMs: ms.dense,
    indexMs: ms.index,
    phasesMs: {
      loadPrevious: Math.round(ms.loadPrevious),
      readCorpus: Math.round(ms.readCorpus),
      write: Math.round(ms.write),
      merge: Math.round(ms.merge),
    },
    totalMs: performance.now() - run.t0,
    rebuiltAll: !run.state,
    ...(run.why ? { why: run.why } : {}),
  };
}
