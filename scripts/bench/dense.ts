// The dense tier alone: build an HNSW graph over N clustered synthetic vectors (synthetic-embedder.ts, 384 wide like
// multilingual-e5-small) through the index's own DenseIndex, then measure it in fresh processes. No corpus and no
// lexical index, so a 1M graph can be measured without the 20–30 minute lexical build. Each phase prints one JSON line.
//   tsx scripts/bench/dense.ts build --n 1m --M 16 --efc 100 --dir D    # graph D/dense.hnsw; time, peak RSS, size
//   tsx scripts/bench/dense.ts truth --n 1m --queries 200 --dir T        # exact top 10 of each probe (T/truth.json)
//     (with --checkpoints 256000,512000: also among the first 256000, … chunks, T/truth-256000.json, …)
//   tsx scripts/bench/dense.ts query --dir D --truth T/truth.json --efs 16,32,64   # load time, RSS; recall@10, p50/p95/p99 per ef
//     (--graph dense-256000.hnsw: a checkpoint's graph in D)
// Figures from it describe HNSW on clustered synthetic vectors, not on a real model's.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import hnswlib, { type SearchResult } from 'hnswlib-node';
import { DenseIndex } from '../../src/index/dense.js';
import { FILES } from '../../src/index/format.js';
import { pct } from './percentiles.mjs';
import { syntheticEmbedder } from './synthetic-embedder.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    n: { type: 'string', default: '100k' },
    M: { type: 'string', default: '32' },
    efc: { type: 'string', default: '200' },
    dir: { type: 'string' },
    truth: { type: 'string' },
    queries: { type: 'string', default: '200' },
    efs: { type: 'string', default: '16,32,48,64,96,128,192,256,384' },
    checkpoints: { type: 'string', default: '' },
    graph: { type: 'string' },
    /** The weight of each text's own noise in the synthetic vectors (the bench's is 0.35): higher is fuzzier. */
    own: { type: 'string' },
  },
});

const DIMS = 384;
const BATCH = 64;
const size = (s: string): number => {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/iu.exec(s);
  if (!m) throw new Error(`--n: "${s}" is not a size like 100k or 1m`);
  return Math.round(Number(m[1]) * { '': 1, k: 1e3, m: 1e6 }[m[2]!.toLowerCase() as '' | 'k' | 'm']);
};
const peakRssMb = (): number => Number(/VmHWM:\s+(\d+)/u.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
const rssMb = (): number => process.memoryUsage().rss / 2 ** 20;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const load = (): number => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const dirOf = (d: string | undefined): string => {
  if (!d) throw new Error('--dir is required');
  mkdirSync(d, { recursive: true });
  return d;
};
const e = syntheticEmbedder(values.own ? Number(values.own) : undefined);
/** Chunk i's text and a probe's: any distinct texts are independent draws from the embedder's clusters. */
const chunkText = (i: number): string => `chunk ${i}`;
const probeText = (i: number): string => `question ${i}`;

async function build(): Promise<object> {
  const n = size(values.n!);
  const dir = dirOf(values.dir);
  const s = { M: Number(values.M), efConstruction: Number(values.efc), efSearch: 64 };
  const checkpoints = new Set(values.checkpoints ? values.checkpoints.split(',').map(size) : []);
  const t0 = performance.now();
  const graph = DenseIndex.create(DIMS, n, s);
  let embedMs = 0;
  let checkpointMs = 0;
  const reached: { n: number; insertS: number }[] = [];
  const loads: number[] = [];
  for (let i = 0; i < n; i += BATCH) {
    const labels = Array.from({ length: Math.min(BATCH, n - i) }, (_, j) => i + j);
    const t = performance.now();
    const vs = await e.embedPassages(labels.map(chunkText));
    embedMs += performance.now() - t;
    graph.add(vs, labels);
    // A copy of the graph so far at each checkpoint (D/dense-250000.hnsw): figures at smaller sizes from one build.
    if (checkpoints.has(i + labels.length)) {
      const tc = performance.now();
      reached.push({ n: i + labels.length, insertS: Math.round((tc - t0 - embedMs - checkpointMs) / 1000) });
      graph.write(join(dir, `dense-${i + labels.length}.hnsw`));
      checkpointMs += performance.now() - tc;
    }
    if ((i + BATCH) % 32_000 === 0) {
      loads.push(load());
      process.stderr.write(`dense build: ${i + BATCH} in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    }
  }
  const insertMs = performance.now() - t0 - embedMs - checkpointMs;
  const tw = performance.now();
  const file = join(dir, FILES.graph);
  graph.write(file);
  const writeMs = performance.now() - tw;
  return {
    n,
    ...s,
    insertMs: Math.round(insertMs),
    insertPerS: Math.round(n / (insertMs / 1000)),
    vectorGenMs: Math.round(embedMs),
    writeMs: Math.round(writeMs),
    fileMb: Math.round(statSync(file).size / 2 ** 20),
    peakRssMb: Math.round(peakRssMb()),
    checkpoints: reached,
    loadAvg: { min: Math.min(...loads), max: Math.max(...loads) },
  };
}

/**
 * Exact top 10 of each probe over every chunk: hnswlib's brute force (cosine, in C++), as the main bench's recall
 * check uses; also how the synthetic neighbourhoods look (similarity of the 1st, 10th and 11th neighbour, and of
 * an average chunk, over a sample of chunks).
 */
async function truth(): Promise<object> {
  const n = size(values.n!);
  const dir = dirOf(values.dir);
  const q = Number(values.queries);
  const probes = (await e.embedPassages(Array.from({ length: q }, (_, i) => probeText(i)))).map((v) => Array.from(v));
  const exact = new hnswlib.BruteforceSearch('cosine', DIMS);
  exact.initIndex(n);
  const sample: Float32Array[] = [];
  // The exact neighbours among the first c chunks too, for the graphs a build wrote at its checkpoints.
  const checkpoints = values.checkpoints ? values.checkpoints.split(',').map(size) : [];
  const write = (file: string, m: number): SearchResult[] => {
    const top = probes.map((p) => exact.searchKnn(p, 11));
    writeFileSync(join(dir, file), JSON.stringify({ n: m, probes: q, top: top.map((r) => r.neighbors.slice(0, 10)) }));
    return top;
  };
  for (let i = 0; i < n; i += BATCH) {
    const labels = Array.from({ length: Math.min(BATCH, n - i) }, (_, j) => i + j);
    const vs = await e.embedPassages(labels.map(chunkText));
    for (const [j, v] of vs.entries()) exact.addPoint(Array.from(v), labels[j]!);
    if (sample.length < 2000) sample.push(vs[0]!);
    const m = i + labels.length;
    if (checkpoints.includes(m)) write(`truth-${m}.json`, m);
  }
  const top = write('truth.json', n);
  const mean = (xs: number[]): number => r3(xs.reduce((a, b) => a + b, 0) / xs.length);
  const at = (r: { distances: number[] }, k: number): number => 1 - r.distances[k]!;
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
    let s = 0;
    for (let d = 0; d < DIMS; d++) s += a[d]! * b[d]!;
    return s;
  };
  return {
    n,
    probes: q,
    cos1: mean(top.map((r) => at(r, 0))),
    cos10: mean(top.map((r) => at(r, 9))),
    cos11: mean(top.map((r) => at(r, 10))),
    cosMean: mean(probes.flatMap((p) => sample.map((v) => dot(p, v)))),
  };
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

async function query(): Promise<object> {
  const dir = dirOf(values.dir);
  const t = JSON.parse(readFileSync(values.truth ?? join(dir, 'truth.json'), 'utf8')) as { n: number; top: number[][] };
  const probes = (await e.embedPassages(t.top.map((_, i) => probeText(i)))).map((v) => Array.from(v));
  gc();
  const before = rssMb();
  const t0 = performance.now();
  const graph = DenseIndex.read(join(dir, values.graph ?? FILES.graph), DIMS, 64);
  const loadMs = performance.now() - t0;
  gc();
  const loadedRssMb = rssMb() - before;
  if (graph.live !== t.n) throw new Error(`graph holds ${graph.live} vectors, truth is over ${t.n}`);
  const curve = values.efs!.split(',').map((x) => {
    const ef = Number(x);
    graph.setEf(ef);
    for (const p of probes.slice(0, 20)) graph.search(p, 10); // warm up
    const at10: number[] = [];
    const at50: number[] = [];
    let found = 0;
    probes.forEach((p, i) => {
      const s = performance.now();
      const r = graph.search(p, 10);
      at10.push(performance.now() - s);
      const want = new Set(t.top[i]);
      for (const x of r) if (want.has(x.label)) found++;
    });
    // The ask path asks for 50 neighbours (hnswlib then searches with max(ef, 50)): a pass of its own, so the
    // first pass does not warm its caches.
    for (const p of probes) {
      const s = performance.now();
      graph.search(p, 50);
      at50.push(performance.now() - s);
    }
    const ms = (xs: number[]): number[] => [50, 95, 99].map((q) => r3(pct(xs, q)));
    return { ef, recallAt10: r3(found / (10 * probes.length)), k10: ms(at10), k50: ms(at50), load: load() };
  });
  return { n: t.n, loadMs: Math.round(loadMs), loadedRssMb: Math.round(loadedRssMb), curve };
}

const phases: Record<string, () => Promise<object>> = { build, truth, query };
const run = phases[positionals[0] ?? ''];
if (!run) throw new Error('dense bench: the phase is build, truth or query');
process.stdout.write(`${JSON.stringify(await run())}\n`);
