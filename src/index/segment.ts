import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../ingest/article.js';
import { readArray, writeArray } from './array-files.js';
import { DenseIndex, type DensePart, FlatIndex, QUANTIZE_FROM } from './dense.js';
import { type ChunkRecord, FILES, IndexLoadError, needFile, writeFolder } from './format.js';
import { openPostings, type Postings, writePostings } from './postings.js';
import { QuantizedGraph, writeQuantized } from './quantized-graph.js';
import { readRecords, writeRecords } from './records.js';

// A segment: a set of chunks written once and never changed. It holds their records, the records of the articles they
// come from (as they were when the chunks were cut), their postings, and their vectors (a graph, or flat). Later
// builds delete chunks by naming them in their commit, not by touching the segment.

export interface SegmentMeta {
  chunks: number;
  articles: number;
  firstLabel: number;
  lastLabel: number;
  dense: 'graph' | 'flat' | 'none';
  /** Elements of the graph marked deleted when it was written (a merge kept its largest input's graph). */
  graphDeleted: number;
}

export interface Segment {
  name: string;
  meta: SegmentMeta;
  /** In label order, which is document order. */
  chunks: ChunkRecord[];
  articles: Article[];
  postings: Postings;
  dense?: DensePart;
}

export type SegmentVectors = { graph: DenseIndex } | { flat: Float32Array };

export interface NewSegment {
  articles: Iterable<Article>;
  /** Ascending labels. */
  chunks: ChunkRecord[];
  /** The postings, or a function that writes them into the folder (a streamed merge). */
  lexical: Postings | ((tmp: string) => void);
  vectors?: SegmentVectors;
}

/** Write a segment folder (through a temporary one); returns its meta. */
export function writeSegment(dir: string, name: string, s: NewSegment): SegmentMeta {
  const meta: SegmentMeta = {
    chunks: s.chunks.length,
    articles: 0,
    firstLabel: s.chunks[0]?.label ?? 0,
    lastLabel: s.chunks.at(-1)?.label ?? -1,
    dense: !s.vectors ? 'none' : 'graph' in s.vectors ? 'graph' : 'flat',
    graphDeleted: s.vectors && 'graph' in s.vectors ? s.vectors.graph.deletedCount : 0,
  };
  writeFolder(dir, name, (tmp) => {
    meta.articles = writeRecords(tmp, s.articles, s.chunks);
    if (typeof s.lexical === 'function') s.lexical(tmp);
    else writePostings(tmp, s.lexical);
    if (s.vectors && 'graph' in s.vectors) {
      s.vectors.graph.write(join(tmp, FILES.graph));
      if (s.vectors.graph.size >= QUANTIZE_FROM.elements) writeQuantized(join(tmp, FILES.graph), tmp);
    } else if (s.vectors) writeArray(join(tmp, FILES.vectors), s.vectors.flat);
    writeFileSync(join(tmp, FILES.segment), JSON.stringify(meta, null, 2));
  });
  return meta;
}

/** Read a segment, checking its parts agree; `dims` and `efSearch` when the index is hybrid. */
export function readSegment(
  at: string,
  name: string,
  fix: string,
  dense?: { dims: number; efSearch: number },
): Segment {
  const need = needFile(at, fix);
  try {
    const meta = JSON.parse(readFileSync(need(FILES.segment), 'utf8')) as SegmentMeta;
    const { chunks, articles } = readRecords(at, fix);
    if (chunks.length !== meta.chunks || articles.length !== meta.articles)
      throw new IndexLoadError(
        `segment ${at}: segment.json says ${meta.chunks} chunks and ${meta.articles} articles, the files hold ${chunks.length} and ${articles.length}; ${fix}`,
      );
    let postings: Postings;
    try {
      postings = openPostings(at, chunks.length);
    } catch (e) {
      throw new IndexLoadError(`lexical index of segment ${at} is damaged (${(e as Error).message}); ${fix}`);
    }
    const segment = { name, meta, chunks, articles, postings };
    return dense ? withDense(segment, at, dense, fix) : segment;
  } catch (e) {
    if (e instanceof IndexLoadError) throw e;
    throw new IndexLoadError(`index segment "${at}" is damaged (${(e as Error).message}); ${fix}`);
  }
}

/** A segment read without its vectors, with them: read here, or the graph `readGraphAsync` read. */
export function withDense(
  segment: Segment,
  at: string,
  dense: { dims: number; efSearch: number },
  fix: string,
  graph?: DensePart,
): Segment {
  return { ...segment, dense: readDense(at, segment.meta, segment.chunks, dense, fix, graph) };
}

/** Whether a segment's graph was also written quantized, and is loaded that way. */
const quantized = (at: string): boolean => existsSync(join(at, FILES.quantized.head));

/** A segment's graph read on libuv's threads (`withDense` then takes it), or undefined if it has none. */
export async function readGraphAsync(
  at: string,
  s: { dims: number; efSearch: number },
  fix: string,
): Promise<DensePart | undefined> {
  let meta: SegmentMeta;
  try {
    meta = JSON.parse(readFileSync(join(at, FILES.segment), 'utf8')) as SegmentMeta;
  } catch {
    return undefined; // readSegment names what is wrong with segment.json
  }
  if (meta.dense !== 'graph') return undefined;
  const path = needFile(at, fix)(FILES.graph);
  const reading = quantized(at)
    ? QuantizedGraph.readAsync(at, s.dims, s.efSearch)
    : DenseIndex.readAsync(path, s.dims, s.efSearch, meta.graphDeleted);
  return reading.catch((e: unknown) => {
    throw graphUnreadable(at, e, fix);
  });
}

const graphUnreadable = (at: string, e: unknown, fix: string): IndexLoadError =>
  e instanceof IndexLoadError
    ? e
    : new IndexLoadError(`dense index ${join(at, FILES.graph)} cannot be read (${(e as Error).message}); ${fix}`);

function readDense(
  at: string,
  meta: SegmentMeta,
  chunks: ChunkRecord[],
  s: { dims: number; efSearch: number },
  fix: string,
  graph?: DensePart,
): DensePart {
  const need = needFile(at, fix);
  if (meta.dense === 'graph') {
    let g: DensePart;
    try {
      const path = need(FILES.graph);
      g =
        graph ??
        (quantized(at)
          ? QuantizedGraph.read(at, s.dims, s.efSearch)
          : DenseIndex.read(path, s.dims, s.efSearch, meta.graphDeleted));
    } catch (e) {
      throw graphUnreadable(at, e, fix);
    }
    if (g.live !== chunks.length || g.dims !== s.dims)
      throw new IndexLoadError(
        `dense index ${join(at, FILES.graph)} holds ${g.live} live vectors, expected ${chunks.length}; ${fix}`,
      );
    return g;
  }
  if (meta.dense !== 'flat') throw new IndexLoadError(`segment ${at} has no vectors, but the index is hybrid; ${fix}`);
  let vectors: Float32Array;
  try {
    vectors = readArray(need(FILES.vectors), Float32Array, chunks.length * s.dims);
  } catch (e) {
    if (e instanceof IndexLoadError) throw e;
    throw new IndexLoadError(`${(e as Error).message} (${chunks.length} chunks × ${s.dims} dimensions); ${fix}`);
  }
  return new FlatIndex(
    vectors,
    chunks.map((c) => c.label),
    s.dims,
  );
}

/** Local document number of each label of a segment (chunks are in label order). */
export function docOfLabel(chunks: ChunkRecord[], label: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const l = chunks[mid]!.label;
    if (l === label) return mid;
    if (l < label) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
