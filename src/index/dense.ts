import { createRequire } from 'node:module';
import type { HierarchicalNSW } from 'hnswlib-node';

// hnswlib-node, cosine space. Labels are the chunks' permanent integer labels; deleted chunks are marked deleted.
// The native addon is loaded on first use: a lexical-only index never needs it (nor does reading the defaults below).
const require = createRequire(import.meta.url);
const hnswlib = (): typeof import('hnswlib-node') => require('hnswlib-node') as typeof import('hnswlib-node');

export interface HnswSettings {
  M: number;
  efConstruction: number;
  efSearch: number;
}

/** M 32 and query ef 384: recall@10 0.96 at 100k chunks (docs/benchmarks.md); hnswlib's own query ef of 10 loses recall. */
export const DEFAULT_HNSW: HnswSettings = { M: 32, efConstruction: 200, efSearch: 384 };

export class DenseIndex {
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

  static read(path: string, dims: number, efSearch: number): DenseIndex {
    const index = new (hnswlib().HierarchicalNSW)('cosine', dims);
    index.readIndexSync(path);
    index.setEf(efSearch);
    return new DenseIndex(index, dims);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  add(vectors: Float32Array[], labels: number[]): void {
    const need = this.index.getCurrentCount() + vectors.length;
    if (need > this.index.getMaxElements())
      this.index.resizeIndex(Math.max(need, Math.ceil(this.index.getMaxElements() * 1.5)));
    vectors.forEach((v, i) => {
      this.index.addPoint(Array.from(v), labels[i]!);
    });
  }

  /**
   * Room for `capacity` vectors. The room is saved with the index and allocated (not touched) when it is read, so
   * applying a delta's vectors at load does not copy the whole graph to grow it.
   */
  reserve(capacity: number): void {
    if (capacity > this.index.getMaxElements()) this.index.resizeIndex(capacity);
  }

  remove(labels: Iterable<number>): void {
    for (const l of labels) this.index.markDelete(l);
  }

  setEf(ef: number): void {
    this.index.setEf(ef);
  }

  /** Nearest chunks by cosine similarity (1 − distance), best first. */
  search(query: Float32Array, k: number, allow?: (label: number) => boolean): { label: number; score: number }[] {
    if (this.size === 0) return [];
    const r = this.index.searchKnn(Array.from(query), Math.min(k, this.size), allow);
    return r.neighbors.map((label, i) => ({ label, score: 1 - r.distances[i]! }));
  }

  write(path: string): void {
    this.index.writeIndexSync(path);
  }
}
