import { createRequire } from 'node:module';
import type { BruteforceSearch, HierarchicalNSW } from 'hnswlib-node';
import { readAhead } from './read-ahead.js';

// Dense search over segments, cosine space, by the chunks' permanent integer labels. A large segment keeps an HNSW
// graph (hnswlib-node), which holds its vectors (the largest are loaded without them: quantized-graph.ts); a small one
// keeps only its vectors and is searched exactly (hnswlib's brute force, in C++), so a day's articles are searchable
// at once without building or growing a graph. Deleted chunks are marked deleted and never returned.
// The native addon is loaded on first use: a lexical-only index never needs it (nor does reading the defaults below).
const require = createRequire(import.meta.url);
const hnswlib = (): typeof import('hnswlib-node') => require('hnswlib-node') as typeof import('hnswlib-node');

export interface HnswSettings {
  M: number;
  efConstruction: number;
  efSearch: number;
}

/**
 * M 32 and query ef 384: recall@10 0.96 at 100k chunks of the test model's vectors, the hardest curve measured; on
 * clustered synthetic vectors ef 384 gives 0.999–1.00 at p95 2–3 ms up to 512k (docs/benchmarks.md, "Round four"),
 * where a small ef loses recall as the graph grows, so the ef is not lowered on the easy one. hnswlib's own query ef of 10 loses recall.
 */
export const DEFAULT_HNSW: HnswSettings = { M: 32, efConstruction: 200, efSearch: 384 };

/** Segments with fewer chunks than this are searched exactly instead of through a graph. */
export const GRAPH_MIN = 2048;

/**
 * Graphs of at least this many elements are also written quantized (quantized-graph.ts) and loaded that way: from
 * here on loading hnswlib's float32 file is what a load waits for (0.3 s at 100k, 2.2–10 s at 1M). Smaller ones keep
 * hnswlib's own search, which is faster (1.4 against 2.6 ms p95 at 1M, ef 384). Tests lower it.
 */
export const QUANTIZE_FROM = { elements: 1 << 18 };

export interface Neighbour {
  label: number;
  score: number;
}

/** One segment's vectors: a graph, or a flat list searched exactly. */
export interface DensePart {
  readonly kind: 'graph' | 'flat';
  readonly dims: number;
  /** Live vectors. */
  readonly live: number;
  search(query: number[], k: number, allow?: (label: number) => boolean): Neighbour[];
  vector(label: number): Float32Array;
  remove(labels: Iterable<number>): void;
  /** The query ef of a graph. */
  setEf?(ef: number): void;
}

/** The k nearest of a graph or flat index (never more than it holds live), as cosine similarities. */
function nearest(
  index: HierarchicalNSW | BruteforceSearch,
  live: number,
  query: number[],
  k: number,
  allow?: (label: number) => boolean,
): Neighbour[] {
  const n = Math.min(k, live);
  if (n <= 0) return [];
  const r = index.searchKnn(query, n, allow);
  return r.neighbors.map((label, i) => ({ label, score: 1 - r.distances[i]! }));
}

export class DenseIndex implements DensePart {
  readonly kind = 'graph';
  private deleted = 0;

  private constructor(
    readonly index: HierarchicalNSW,
    readonly dims: number,
  ) {}

  static create(dims: number, capacity: number, s: HnswSettings): DenseIndex {
    const index = new (hnswlib().HierarchicalNSW)('cosine', dims);
    index.initIndex(Math.max(16, capacity), s.M, s.efConstruction, 100);
    index.setEf(s.efSearch);
    return new DenseIndex(index, dims);
  }

  /** A saved graph; `deleted` of its elements are marked deleted in the file. */
  static read(path: string, dims: number, efSearch: number, deleted = 0): DenseIndex {
    const index = new (hnswlib().HierarchicalNSW)('cosine', dims);
    index.readIndexSync(path);
    return DenseIndex.opened(index, dims, efSearch, deleted);
  }

  /**
   * `read` on one of libuv's threads, so the caller's thread can read the lexical parts meanwhile, with the file read
   * ahead of hnswlib's single stream (a cold 1M graph is most of a load).
   */
  static async readAsync(path: string, dims: number, efSearch: number, deleted = 0): Promise<DenseIndex> {
    const index = new (hnswlib().HierarchicalNSW)('cosine', dims);
    const ahead = readAhead(path);
    try {
      await index.readIndex(path);
    } finally {
      await ahead.stop();
    }
    return DenseIndex.opened(index, dims, efSearch, deleted);
  }

  private static opened(index: HierarchicalNSW, dims: number, efSearch: number, deleted: number): DenseIndex {
    index.setEf(efSearch);
    const d = new DenseIndex(index, dims);
    d.deleted = deleted;
    return d;
  }

  /** Elements in the graph, deleted ones included. */
  get size(): number {
    return this.index.getCurrentCount();
  }

  get live(): number {
    return this.size - this.deleted;
  }

  get deletedCount(): number {
    return this.deleted;
  }

  add(vectors: ArrayLike<number>[], labels: number[]): void {
    const need = this.index.getCurrentCount() + vectors.length;
    if (need > this.index.getMaxElements())
      this.index.resizeIndex(Math.max(need, Math.ceil(this.index.getMaxElements() * 1.5)));
    vectors.forEach((v, i) => {
      this.index.addPoint(Array.from(v), labels[i]!);
    });
  }

  remove(labels: Iterable<number>): void {
    for (const l of labels) {
      this.index.markDelete(l);
      this.deleted++;
    }
  }

  setEf(ef: number): void {
    this.index.setEf(ef);
  }

  search(query: number[], k: number, allow?: (label: number) => boolean): Neighbour[] {
    return nearest(this.index, this.live, query, k, allow);
  }

  vector(label: number): Float32Array {
    return Float32Array.from(this.index.getPoint(label));
  }

  write(path: string): void {
    this.index.writeIndexSync(path);
  }
}

/** A small segment's vectors, searched exactly. */
export class FlatIndex implements DensePart {
  readonly kind = 'flat';
  private readonly index: BruteforceSearch;
  private readonly row = new Map<number, number>();
  private removed = 0;

  /** `vectors`: labels.length × dims, in label order. */
  constructor(
    private readonly vectors: Float32Array,
    labels: ArrayLike<number>,
    readonly dims: number,
  ) {
    this.index = new (hnswlib().BruteforceSearch)('cosine', dims);
    this.index.initIndex(Math.max(1, labels.length));
    for (let i = 0; i < labels.length; i++) {
      this.row.set(labels[i]!, i);
      this.index.addPoint(Array.from(vectors.subarray(i * dims, (i + 1) * dims)), labels[i]!);
    }
  }

  get live(): number {
    return this.row.size - this.removed;
  }

  remove(labels: Iterable<number>): void {
    for (const l of labels) {
      this.index.removePoint(l);
      this.removed++;
    }
  }

  search(query: number[], k: number, allow?: (label: number) => boolean): Neighbour[] {
    return nearest(this.index, this.live, query, k, allow);
  }

  vector(label: number): Float32Array {
    const i = this.row.get(label);
    if (i === undefined) throw new Error(`no vector for chunk ${label}`);
    return this.vectors.slice(i * this.dims, (i + 1) * this.dims);
  }
}

/** The dense parts of all segments, searched together. */
export class DenseSet {
  /** `lastLabels[i]`: the highest label part i can hold (parts' label ranges ascend). */
  constructor(
    readonly parts: DensePart[],
    readonly dims: number,
    private readonly lastLabels: number[],
  ) {}

  /** The stored vector of a live chunk. */
  vector(label: number): Float32Array {
    const i = this.lastLabels.findIndex((last) => label <= last);
    if (i < 0) throw new Error(`no vector for chunk ${label}`);
    return this.parts[i]!.vector(label);
  }

  get live(): number {
    return this.parts.reduce((n, p) => n + p.live, 0);
  }

  setEf(ef: number): void {
    for (const p of this.parts) p.setEf?.(ef);
  }

  /** Nearest chunks by cosine similarity (1 − distance), best first. */
  search(query: Float32Array, k: number, allow?: (label: number) => boolean): Neighbour[] {
    const q = Array.from(query);
    const all = this.parts.flatMap((p) => p.search(q, k, allow));
    return all.sort((a, b) => b.score - a.score || a.label - b.label).slice(0, k);
  }
}
