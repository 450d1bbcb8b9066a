import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DenseIndex } from '../src/index/dense.js';
import { FILES } from '../src/index/format.js';
import { QuantizedGraph, writeQuantized } from '../src/index/quantized-graph.js';

// The quantized graph against hnswlib's graph it was taken from, and against exact search over the float32 vectors.

const DIMS = 48;
const N = 4000;

/** A seeded generator, so every run tests the same vectors. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function unit(v: Float32Array): Float32Array {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Vectors around 40 centres, as passages around topics; labels not in element order (a merge's graph). */
function clustered(): { vectors: Float32Array[]; labels: number[] } {
  const r = random(7);
  const centres = Array.from({ length: 40 }, () => Float32Array.from({ length: DIMS }, () => r() - 0.5));
  const vectors = Array.from({ length: N }, (_, i) => unit(centres[i % 40]!.map((x) => x + (r() - 0.5) * 0.6)));
  const labels = Array.from({ length: N }, (_, i) => (i < N / 2 ? 5000 + i : i - N / 2));
  return { vectors, labels };
}

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < a.length; d++) {
    dot += a[d]! * b[d]!;
    na += a[d]! * a[d]!;
    nb += b[d]! * b[d]!;
  }
  return dot / Math.sqrt(na * nb);
};

describe('a quantized graph', () => {
  let dir: string;
  let data: ReturnType<typeof clustered>;
  let graph: DenseIndex;
  const deletedInFile = new Set<number>();
  const queries: number[][] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'quantized-'));
    data = clustered();
    graph = DenseIndex.create(DIMS, N, { M: 16, efConstruction: 100, efSearch: 64 });
    graph.add(data.vectors, data.labels);
    for (let i = 0; i < N; i += 97) deletedInFile.add(data.labels[i]!);
    graph.remove(deletedInFile);
    graph.write(join(dir, FILES.graph));
    writeQuantized(join(dir, FILES.graph), dir);
    const r = random(3);
    for (let i = 0; i < 60; i++) queries.push(Array.from(data.vectors[(i * 61) % N]!, (x) => x + (r() - 0.5) * 0.3));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Exact top k among the live vectors `allow` keeps. */
  const exact = (q: number[], k: number, skip: Set<number>, allow = (_l: number) => true): number[] =>
    data.labels
      .map((label, i) => ({ label, score: cosine(q, data.vectors[i]!) }))
      .filter((x) => !skip.has(x.label) && allow(x.label))
      .sort((a, b) => b.score - a.score || a.label - b.label)
      .slice(0, k)
      .map((x) => x.label);

  const recall = (g: QuantizedGraph, skip: Set<number>, allow?: (l: number) => boolean): number => {
    let found = 0;
    let asked = 0;
    for (const q of queries) {
      const truth = new Set(exact(q, 10, skip, allow));
      found += g.search(q, 10, allow).filter((x) => truth.has(x.label)).length;
      asked += truth.size;
    }
    return found / asked;
  };

  it('holds what the graph holds, deleted elements counted out', async () => {
    const g = await QuantizedGraph.readAsync(dir, DIMS, 64);
    expect(g.size).toBe(N);
    expect(g.live).toBe(N - deletedInFile.size);
    expect(g.deletedCount).toBe(deletedInFile.size);
    for (const i of [0, 1, 1999, 2000, 3998])
      if (!deletedInFile.has(data.labels[i]!)) expect(g.vector(data.labels[i]!)).toEqual(graph.vector(data.labels[i]!));
  });

  it('finds what exact search finds, with cosines within 1e-4, best first, never a deleted element', async () => {
    const g = QuantizedGraph.read(dir, DIMS, 64);
    expect(recall(g, deletedInFile)).toBeGreaterThanOrEqual(0.97);
    for (const q of queries.slice(0, 10)) {
      const got = g.search(q, 10);
      expect(got).toHaveLength(10);
      for (const x of got) {
        expect(deletedInFile.has(x.label)).toBe(false);
        expect(Math.abs(x.score - cosine(q, graph.vector(x.label)))).toBeLessThan(1e-4);
      }
      expect(got.map((x) => x.score)).toEqual([...got.map((x) => x.score)].sort((a, b) => b - a));
      // hnswlib's own search over the same graph, at the same ef, mostly agrees.
      const theirs = new Set(graph.search(q, 10).map((x) => x.label));
      expect(got.filter((x) => theirs.has(x.label)).length).toBeGreaterThanOrEqual(8);
    }
  });

  it('keeps only what a filter allows, and what is removed after loading', async () => {
    const g = await QuantizedGraph.readAsync(dir, DIMS, 64);
    const allow = (l: number): boolean => l % 20 === 3;
    for (const q of queries.slice(0, 10)) for (const x of g.search(q, 10, allow)) expect(allow(x.label)).toBe(true);
    expect(recall(g, deletedInFile, allow)).toBeGreaterThanOrEqual(0.9);
    const q = queries[0]!;
    const before = g.search(q, 5).map((x) => x.label);
    g.remove(before.slice(0, 2));
    expect(g.live).toBe(N - deletedInFile.size - 2);
    const after = g.search(q, 5).map((x) => x.label);
    expect(after).not.toContain(before[0]);
    expect(after).not.toContain(before[1]);
    expect(() => g.remove([before[0]!])).toThrow(/already deleted/u);
    expect(() => g.remove([123456])).toThrow(/no vector for chunk 123456/u);
    expect(() => g.vector(123456)).toThrow(/no vector for chunk 123456/u);
    expect(() => g.search(q.slice(0, DIMS - 8), 5)).toThrow(/the query has 40 dimensions, the graph's vectors 48/u);
    expect(() => g.search([...q, 0], 5)).toThrow(/the query has 49 dimensions/u);
  });

  it('returns no more than it holds live, and a larger ef finds at least as much', async () => {
    const g = await QuantizedGraph.readAsync(dir, DIMS, 16);
    expect(g.search(queries[0]!, N + 10)).toHaveLength(N - deletedInFile.size);
    const low = recall(g, deletedInFile);
    g.setEf(200);
    expect(recall(g, deletedInFile)).toBeGreaterThanOrEqual(low);
  });

  it('names a damaged or mismatched file', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'quantized-bad-'));
    try {
      const graphFile = join(copy, FILES.graph);
      writeFileSync(graphFile, readFileSync(join(dir, FILES.graph)));
      writeQuantized(graphFile, copy);
      await expect(QuantizedGraph.readAsync(copy, DIMS + 1, 64)).rejects.toThrow(
        /48-dimensional vectors, the index 49/u,
      );
      truncateSync(join(copy, FILES.quantized.codes), 100);
      await expect(QuantizedGraph.readAsync(copy, DIMS, 64)).rejects.toThrow(/graph-codes\.i16 is 100 bytes/u);
      expect(() => QuantizedGraph.read(copy, DIMS, 64)).toThrow(/graph-codes\.i16 is 100 bytes/u);
      writeQuantized(graphFile, copy);
      truncateSync(graphFile, 5000);
      await expect(QuantizedGraph.readAsync(copy, DIMS, 64)).rejects.toThrow(/dense\.hnsw is not a graph file/u);
      expect(() => writeQuantized(graphFile, copy)).toThrow(/dense\.hnsw is not a graph file hnswlib wrote/u);
      writeFileSync(graphFile, 'not a graph');
      expect(() => writeQuantized(graphFile, copy)).toThrow(/dense\.hnsw is shorter than its header/u);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
