// One benchmark phase in its own process, so memory figures belong to that phase alone. Prints one JSON line.
import { readFileSync } from 'node:fs';
import hnswlib from 'hnswlib-node';
import { loadConfig } from '../../src/config/config.js';
import { type Embedder, embedSettingsFrom, loadEmbedder } from '../../src/embed/embedder.js';
import { type BuildReport, buildIndex } from '../../src/index/build.js';
import { exhaustiveSearch } from '../../src/index/exhaustive.js';
import { type IndexData, loadIndexAsync } from '../../src/index/store.js';
import { silentLogger } from '../../src/log.js';
import { Archive } from '../../src/search/archive.js';
import { linkBuilder } from '../../src/search/links.js';
import { sharedSegmenter } from '../../src/text/segment.js';
import { BENCH_MODEL_DIR, ensureTestModel, TEST_MODEL_384_NAME, testModelEnv } from '../../tools/make-test-model.js';
import { OldHeuristic } from './old-heuristic.js';
import { pct } from './percentiles.mjs';
import { Round2Exact } from './round2-max-score.js';
import { SYNTHETIC_MODEL, syntheticEmbedder } from './synthetic-embedder.js';

export interface WorkerArgs {
  phase: 'build' | 'query' | 'load';
  compact?: boolean;
  corpusDir?: string;
  indexDir: string;
  model: string;
  questions?: string;
  concurrency?: number;
  queries?: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export type BuildResult = Omit<BuildReport, 'warnings'> & { warnings: number; peakRssMb: number };

export interface LoadResult {
  loadMs: number;
  chunks: number;
  segments: number;
  peakRssMb: number;
  /** Growth of resident memory from loading the index, and its lexical and dense parts' share of it. */
  indexRssMb: number;
}

export interface EfPoint {
  ef: number;
  recall: number;
  p95: number;
}

export interface QueryResult extends LoadResult {
  /** The first question after loading (its terms' postings read from disk): lexical search, and the whole ask. */
  cold: { lexical: number; whole: number };
  /**
   * Resident memory of the index once the questions were asked through the bot's path (postings are read as terms are
   * first searched): before the benchmark's own comparisons (round two's search, exhaustive scoring, brute-force
   * vectors), whose arrays span every document and are not all handed back, and without the model's own memory.
   */
  indexRssAfterMb: number;
  embed: Percentiles;
  dense: Percentiles;
  lexical: Percentiles;
  /** The pre-exact heuristic (old-heuristic.ts) on the same questions, interleaved; absent above OLD_MAX chunks. */
  oldLexical?: Percentiles;
  /** Median over questions of exact time / old heuristic time. */
  oldRatio?: number;
  /** Round two's exact search (round2-max-score.ts) on the same questions, interleaved, and the median ratio. */
  round2Lexical: Percentiles;
  round2Ratio: number;
  answer: Percentiles;
  whole: Percentiles;
  /** Questions whose pruned lexical top 50 was checked against exhaustive scoring, and how many differed. */
  exact: { checked: number; differ: number };
  recallAt10: number;
  ef: number;
  efSweep: EfPoint[];
  concurrency: number;
  qps: number;
  queries: number;
}

const args = JSON.parse(process.argv[2]!) as WorkerArgs;

const peakRssMb = (): number => Number(/VmHWM:\s+(\d+)/u.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
const rssMb = (): number => process.memoryUsage().rss / 1024 / 1024;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function embedder(): Promise<Embedder | undefined> {
  if (args.model === 'none') return undefined;
  if (args.model === SYNTHETIC_MODEL) return syntheticEmbedder();
  const test = args.model === TEST_MODEL_384_NAME;
  const config = loadConfig(
    test ? testModelEnv(TEST_MODEL_384_NAME, BENCH_MODEL_DIR) : { EMBEDDING_MODEL: args.model },
  );
  if (test) ensureTestModel(BENCH_MODEL_DIR, TEST_MODEL_384_NAME);
  const r = await loadEmbedder(embedSettingsFrom(config), silentLogger);
  if (!r.ok) throw new Error(r.reason);
  return r.embedder;
}

const summary = (xs: number[]): Percentiles => ({ p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99) });

async function build(): Promise<BuildResult> {
  const e = await embedder();
  const config = loadConfig({});
  const r = await buildIndex({
    corpusDir: args.corpusDir!,
    indexDir: args.indexDir,
    full: false,
    compact: Boolean(args.compact),
    chunking: config.chunking,
    hnsw: config.hnsw,
    ...(e ? { embedder: e } : { lexicalReason: 'benchmark: lexical only' }),
    log: silentLogger,
  });
  return { ...r, warnings: r.warnings.length, peakRssMb: peakRssMb() };
}

let rssBefore = 0;

/** Loading as every command and the bot do (src/search/open.ts): the graphs read on libuv's threads beside the rest. */
async function timedLoad(): Promise<{ data: IndexData; result: LoadResult }> {
  gc();
  const before = rssMb();
  rssBefore = before;
  const t0 = performance.now();
  const data = await loadIndexAsync(args.indexDir, loadConfig({}).HNSW_EF_SEARCH);
  const loadMs = performance.now() - t0;
  gc();
  return {
    data,
    result: {
      loadMs,
      chunks: data.chunks.length,
      segments: data.meta.segments.length,
      peakRssMb: peakRssMb(),
      indexRssMb: rssMb() - before,
    },
  };
}

/** Above this many chunks the old heuristic is not measured (its own arrays would cost memory and time). */
const OLD_MAX = 300_000;

interface Stages {
  embed: number[];
  dense: number[];
  lexical: number[];
  /** Our lexical search again, interleaved with the comparisons (ratios are taken against these). */
  ours: number[];
  old: number[];
  round2: number[];
  answer: number[];
  whole: number[];
  vectors: Float32Array[];
  /** Resident memory right after the whole-ask pass. */
  rssAfterAsk: number;
}

/**
 * Three passes over the questions, each question once per pass, after a warm-up: each stage alone; then the whole
 * ask path as the bot runs it; then the comparisons. Kept apart because the comparisons' engines hold arrays of their
 * own (round two's span every document) that, run between our stages, evict our postings from the caches, though the
 * bot never holds them: with them interleaved, round six's 1M tier put lexical p95 at 66.7 ms where lexical-ab.ts,
 * without them, gave 17–22.
 */
async function timeStages(
  archive: Archive,
  data: IndexData,
  e: Embedder | undefined,
  questions: string[],
): Promise<Stages> {
  for (const q of questions.slice(0, 20)) await archive.ask(q); // warm up
  // Every question's postings read in once, untimed: postings are read from disk as a term is first searched, which a
  // bot that has run a while has long done (the first question after loading is timed apart, as `cold`).
  for (const q of questions) archive.bm25.search(archive.bm25.terms(q), 50);
  const s: Stages = {
    embed: [],
    dense: [],
    lexical: [],
    ours: [],
    old: [],
    round2: [],
    answer: [],
    whole: [],
    vectors: [],
    rssAfterAsk: 0,
  };
  for (const q of questions) {
    let t = performance.now();
    if (e && data.dense) {
      const v = await e.embedQuery(q);
      s.embed.push(performance.now() - t);
      s.vectors.push(v);
      t = performance.now();
      data.dense.search(v, 50);
      s.dense.push(performance.now() - t);
    }
    const terms = archive.bm25.terms(q);
    t = performance.now();
    archive.bm25.search(terms, 50);
    s.lexical.push(performance.now() - t);
  }
  for (const q of questions) {
    const t = performance.now();
    const a = await archive.ask(q);
    s.whole.push(performance.now() - t);
    s.answer.push(a.timingsMs.answer);
  }
  gc();
  s.rssAfterAsk = rssMb();
  compareLexical(archive, data, questions, s);
  return s;
}

/** Our lexical search against the old heuristic and round two's exact search, interleaved question by question. */
function compareLexical(archive: Archive, data: IndexData, questions: string[], s: Stages): void {
  const round2 = new Round2Exact(archive.bm25);
  const old =
    data.chunks.length <= OLD_MAX && data.lexical.parts.length === 1 ? new OldHeuristic(archive.bm25) : undefined;
  for (const q of questions) {
    const terms = archive.bm25.terms(q);
    let t = performance.now();
    archive.bm25.search(terms, 50);
    s.ours.push(performance.now() - t);
    if (old) {
      t = performance.now();
      old.search(terms, 50);
      s.old.push(performance.now() - t);
    }
    t = performance.now();
    round2.search(terms, 50);
    s.round2.push(performance.now() - t);
  }
}

/** Lexical top 50 of the first questions against exhaustive scoring. */
function checkExact(archive: Archive, questions: string[]): { checked: number; differ: number } {
  let differ = 0;
  for (const q of questions) {
    const terms = archive.bm25.terms(q);
    const a = archive.bm25.search(terms, 50);
    if (JSON.stringify(a) !== JSON.stringify(exhaustiveSearch(archive.bm25, terms, 50))) differ++;
  }
  return { checked: questions.length, differ };
}

/** HNSW recall@10 against exact search over every stored vector (hnswlib's brute force), at several ef. */
function efCurve(data: IndexData, probes: Float32Array[], efs: number[]): EfPoint[] {
  const dense = data.dense!;
  const exact = new hnswlib.BruteforceSearch('cosine', dense.dims);
  exact.initIndex(data.chunks.length);
  for (const c of data.chunks) exact.addPoint(Array.from(dense.vector(c.label)), c.label);
  const truth = probes.map((v) => new Set(exact.searchKnn(Array.from(v), 10).neighbors));
  return efs.map((ef) => {
    dense.setEf(ef);
    let found = 0;
    const times: number[] = [];
    probes.forEach((v, i) => {
      const t = performance.now();
      const approx = dense.search(v, 10);
      times.push(performance.now() - t);
      for (const x of approx) if (truth[i]!.has(x.label)) found++;
    });
    return { ef, recall: found / (10 * probes.length), p95: pct(times, 95) };
  });
}

/** Questions through the bot's path, `concurrency` at a time. */
async function throughput(archive: Archive, questions: string[], concurrency: number): Promise<number> {
  const t1 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < questions.length) await archive.ask(questions[next++]!);
    }),
  );
  return questions.length / ((performance.now() - t1) / 1000);
}

/**
 * The first questions after loading, before any warm-up, when their terms' postings are still on disk: one through
 * the whole ask path, another through lexical search alone.
 */
async function coldQuestions(archive: Archive, questions: string[]): Promise<{ lexical: number; whole: number }> {
  let t = performance.now();
  await archive.ask(questions.at(-1)!);
  const whole = performance.now() - t;
  const terms = archive.bm25.terms(questions.at(-2)!);
  t = performance.now();
  archive.bm25.search(terms, 50);
  return { lexical: performance.now() - t, whole };
}

async function query(): Promise<QueryResult> {
  const { data, result } = await timedLoad();
  const withoutModel = rssMb();
  const e = await embedder();
  gc();
  const modelMb = rssMb() - withoutModel;
  // jieba's whole dictionary, as the bot loads it at start (src/cli/start.ts), so no timed question pays for its words.
  sharedSegmenter().loadWholeDictionary();
  // Lexical search on as many threads as the product's setting gives (SEARCH_THREADS; split at 1M, not at 100k),
  // started before the first question as a bot's are long before its first.
  const threads = loadConfig({}).SEARCH_THREADS;
  const archive = new Archive(data, e, linkBuilder('http://localhost'), undefined, {}, { threads, log: console.error });
  await archive.bm25.started();
  const questions = readFileSync(args.questions!, 'utf8')
    .trim()
    .split('\n')
    .slice(0, args.queries ?? 300);
  const cold = await coldQuestions(archive, questions);
  const s = await timeStages(archive, data, e, questions);
  const exact = checkExact(archive, questions.slice(0, 100));
  const configuredEf = loadConfig({}).HNSW_EF_SEARCH;
  const sweep = data.dense
    ? efCurve(data, s.vectors.slice(0, 100), [...new Set([32, 64, 128, 256, 384, 512, configuredEf])])
    : [];
  data.dense?.setEf(configuredEf);
  const concurrency = args.concurrency ?? 8;
  const qps = await throughput(archive, questions, concurrency);
  await e?.dispose();
  await archive.close();
  const indexRssAfterMb = s.rssAfterAsk - modelMb - rssBefore;
  const none = { p50: 0, p95: 0, p99: 0 };
  return {
    ...result,
    cold,
    indexRssAfterMb,
    embed: s.embed.length ? summary(s.embed) : none,
    dense: s.dense.length ? summary(s.dense) : none,
    lexical: summary(s.lexical),
    ...(s.old.length
      ? {
          oldLexical: summary(s.old),
          oldRatio: pct(
            s.ours.map((x, i) => x / s.old[i]!),
            50,
          ),
        }
      : {}),
    round2Lexical: summary(s.round2),
    round2Ratio: pct(
      s.ours.map((x, i) => x / s.round2[i]!),
      50,
    ),
    answer: summary(s.answer),
    whole: summary(s.whole),
    exact,
    recallAt10: sweep.find((x) => x.ef === configuredEf)?.recall ?? 0,
    ef: configuredEf,
    efSweep: sweep.filter((x) => [32, 64, 128, 256, 384, 512].includes(x.ef)),
    concurrency,
    qps,
    queries: questions.length,
  };
}

const out = args.phase === 'build' ? await build() : args.phase === 'load' ? (await timedLoad()).result : await query();
process.stdout.write(`${JSON.stringify(out)}\n`);
