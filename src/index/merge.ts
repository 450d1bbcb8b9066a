import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../ingest/article.js';
import { readArray } from './array-files.js';
import { DenseIndex, type HnswSettings } from './dense.js';
import { type ChunkRecord, FILES, fixFor, newName, type SegmentEntry } from './format.js';
import { mergePostings } from './postings.js';
import { readRecords } from './records.js';
import { docOfLabel, type SegmentMeta, type SegmentVectors, writeSegment } from './segment.js';
import type { Commit } from './store.js';

// Segments merge by size, as in Lucene's log merge policy: segments of about the same size (the same power of
// MERGE_FACTOR above MIN_LEVEL chunks) that lie side by side are merged once there are MERGE_FACTOR of them, so a day's
// segment is merged a few times in its life rather than the whole index rewritten every day. A segment that is mostly
// deleted chunks is rewritten alone. Merging adjacent segments keeps each segment's labels one ascending range.

export const MERGE_FACTOR = 8;
export const MIN_LEVEL = 512;
/** A segment with more than this share of its chunks deleted is rewritten without them. */
const MAX_DELETED_SHARE = 1 / 3;
/** A merge builds a new graph rather than extending its largest input's when that one has this share deleted. */
const MAX_GRAPH_DELETED_SHARE = 1 / 4;

const level = (e: SegmentEntry): number =>
  Math.max(0, Math.round(Math.log(Math.max(1, e.chunks - e.deleted) / MIN_LEVEL) / Math.log(MERGE_FACTOR)));

/** The next merge the policy asks for: segments from … to − 1, or nothing. */
export function nextMerge(segments: SegmentEntry[]): { from: number; to: number } | undefined {
  const mostlyDeleted = segments.findIndex((e) => e.deleted > 0 && e.deleted > e.chunks * MAX_DELETED_SHARE);
  if (mostlyDeleted >= 0) return { from: mostlyDeleted, to: mostlyDeleted + 1 };
  for (let i = 0; i < segments.length; ) {
    let j = i + 1;
    while (j < segments.length && level(segments[j]!) === level(segments[i]!)) j++;
    if (j - i >= MERGE_FACTOR) return { from: i, to: i + MERGE_FACTOR };
    i = j;
  }
  return undefined;
}

interface Input {
  entry: SegmentEntry;
  at: string;
  chunks: ChunkRecord[];
  articles: Article[];
  gone: Set<number>;
}

export interface MergeOptions {
  dir: string;
  hnsw: HnswSettings;
  /** A merged segment with at least this many chunks gets a graph. */
  graphMin: number;
  /** Vector width when the index is hybrid. */
  dims?: number;
}

/** Merge segments from … to − 1 of a commit into one new segment; returns the commit that uses it instead. */
export function mergeSegments(commit: Commit, from: number, to: number, o: MergeOptions): Commit {
  const fix = fixFor(o.dir);
  const inputs = commit.meta.segments.slice(from, to).map((entry): Input => {
    const at = join(o.dir, entry.name);
    const { chunks, articles } = readRecords(at, fix);
    const gone = new Set((commit.deletes[entry.name] ?? []).map((l) => docOfLabel(chunks, l)));
    return { entry, at, chunks, articles, gone };
  });
  const liveIds = new Set(commit.catalog.map((e) => e.id));
  const chunks = inputs.flatMap((x) => x.chunks.filter((_, d) => !x.gone.has(d)));
  const articles = new Map<string, Article>();
  for (const x of inputs) for (const a of x.articles) if (liveIds.has(a.id)) articles.set(a.id, a);
  let next = 0;
  const remaps = inputs.map((x) => Int32Array.from(x.chunks, (_, d) => (x.gone.has(d) ? -1 : next++)));
  const name = newName('s', nextSegmentNumber(commit.meta.segments));
  const vectors = o.dims ? mergedVectors(inputs, chunks.length, o.dims, o.hnsw, o.graphMin) : undefined;
  const meta = writeSegment(o.dir, name, {
    articles: articles.values(),
    chunks,
    lexical: (tmp) => {
      mergePostings(
        inputs.map((x, i) => ({ dir: x.at, remap: remaps[i]! })),
        tmp,
        commit.meta.settings.lexical,
      );
    },
    ...(vectors ? { vectors } : {}),
  });
  const deletes = { ...commit.deletes };
  for (const x of inputs) delete deletes[x.entry.name];
  const segments = [...commit.meta.segments];
  segments.splice(from, to - from, entryOf(name, meta));
  return { ...commit, deletes, meta: { ...commit.meta, segments } };
}

export const entryOf = (name: string, m: SegmentMeta): SegmentEntry => ({
  name,
  chunks: m.chunks,
  deleted: 0,
  firstLabel: m.firstLabel,
  lastLabel: m.lastLabel,
  dense: m.dense,
});

export const nextSegmentNumber = (segments: SegmentEntry[]): number =>
  1 + Math.max(0, ...segments.map((s) => Number(/^s-(\d+)/u.exec(s.name)?.[1] ?? 0)));

/**
 * The merged segment's vectors: flat when small; otherwise the largest input's graph (read from its file), its
 * deleted chunks marked, with the other inputs' vectors added, or a new graph if too much of it is deleted.
 */
function mergedVectors(
  inputs: Input[],
  live: number,
  dims: number,
  hnsw: HnswSettings,
  graphMin: number,
): SegmentVectors {
  const graphs = inputs.filter((x) => x.entry.dense === 'graph');
  const biggest = graphs.sort((a, b) => b.entry.chunks - a.entry.chunks)[0];
  if (live < graphMin) {
    const flat = new Float32Array(live * dims);
    let at = 0;
    for (const x of inputs) for (const v of liveVectors(x, dims, hnsw)) flat.set(v, at++ * dims);
    return { flat };
  }
  const meta = biggest ? (JSON.parse(readFileSync(join(biggest.at, FILES.segment), 'utf8')) as SegmentMeta) : undefined;
  const keep =
    biggest &&
    meta &&
    meta.graphDeleted + biggest.gone.size <= (meta.chunks + meta.graphDeleted) * MAX_GRAPH_DELETED_SHARE;
  const graph =
    keep && biggest
      ? DenseIndex.read(join(biggest.at, FILES.graph), dims, hnsw.efSearch, meta!.graphDeleted)
      : DenseIndex.create(dims, live, hnsw);
  if (keep && biggest) graph.remove([...biggest.gone].map((d) => biggest.chunks[d]!.label));
  for (const x of inputs) {
    if (keep && x === biggest) continue;
    const labels = x.chunks.filter((_, d) => !x.gone.has(d)).map((c) => c.label);
    graph.add([...liveVectors(x, dims, hnsw)], labels);
  }
  return { graph };
}

/** An input segment's live vectors, in label order. */
function* liveVectors(x: Input, dims: number, hnsw: HnswSettings): Generator<Float32Array> {
  if (x.entry.dense === 'flat') {
    const all = readArray(join(x.at, FILES.vectors), Float32Array, x.chunks.length * dims);
    for (let d = 0; d < x.chunks.length; d++) if (!x.gone.has(d)) yield all.subarray(d * dims, (d + 1) * dims);
    return;
  }
  const meta = JSON.parse(readFileSync(join(x.at, FILES.segment), 'utf8')) as SegmentMeta;
  const graph = DenseIndex.read(join(x.at, FILES.graph), dims, hnsw.efSearch, meta.graphDeleted);
  for (let d = 0; d < x.chunks.length; d++) if (!x.gone.has(d)) yield graph.vector(x.chunks[d]!.label);
}
