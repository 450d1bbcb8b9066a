// hnswlib's graph and the quantized one taken out of it, in one process: the same queries (stored vectors, perturbed,
// seeded) interleaved twice at k 50, at ef 64 and 384; latency per search and the top 10's overlap. docs/benchmarks.md,
// round eleven, reports it.
//   node --import tsx scripts/bench/graph-ab.ts SEGMENT_DIR [DIMS]   (a segment folder holding dense.hnsw and graph.json)
import { join } from 'node:path';
import { DenseIndex } from '../../src/index/dense.js';
import { FILES } from '../../src/index/format.js';
import { QuantizedGraph } from '../../src/index/quantized-graph.js';

const at = process.argv[2];
if (!at) throw new Error('usage: graph-ab.ts SEGMENT_DIR [DIMS]');
const dims = Number(process.argv[3] ?? 384);
const hnsw = DenseIndex.read(join(at, FILES.graph), dims, 384);
const quantized = QuantizedGraph.read(at, dims, 384);

let seed = 11;
const rnd = (): number => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 2 ** 32;
};
const queries: number[][] = [];
for (let i = 0; i < 300; i++) {
  const v = quantized.vector(Math.floor(rnd() * quantized.size));
  for (let d = 0; d < dims; d++) v[d]! += (rnd() - 0.5) * 0.05;
  queries.push(Array.from(v));
}
const pct = (a: number[], p: number): string =>
  [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))]!.toFixed(2);
const spread = (a: number[]): string => `${pct(a, 0.5)} / ${pct(a, 0.95)} / ${pct(a, 0.99)}`;

for (const ef of [64, 384]) {
  hnsw.setEf(ef);
  quantized.setEf(ef);
  const th: number[] = [];
  const tq: number[] = [];
  let same = 0;
  for (let round = 0; round < 2; round++)
    for (const q of queries) {
      let t = performance.now();
      const a = hnsw.search(q, 50);
      th.push(performance.now() - t);
      t = performance.now();
      const b = quantized.search(q, 50);
      tq.push(performance.now() - t);
      const theirs = new Set(a.slice(0, 10).map((x) => x.label));
      same += b.slice(0, 10).filter((x) => theirs.has(x.label)).length;
    }
  console.log(
    `ef ${ef}: hnswlib ${spread(th)} ms | quantized ${spread(tq)} ms | top-10 overlap ${(same / (queries.length * 20)).toFixed(3)}`,
  );
}
