// One benchmark phase in its own process, so memory figures belong to that phase alone. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { type Embedder, embedSettingsFrom, loadEmbedder } from '../../src/embed/embedder.js';
import { buildIndex } from '../../src/index/build.js';
import { loadIndex } from '../../src/index/store.js';
import { silentLogger } from '../../src/log.js';
import { Archive } from '../../src/search/archive.js';
import { linkBuilder } from '../../src/search/links.js';
import { ensureTestModel, TEST_MODEL_384_NAME } from '../../tools/make-test-model.js';

const args = JSON.parse(process.argv[2]!) as {
  phase: 'build' | 'query' | 'load';
  compact?: boolean;
  corpusDir?: string;
  indexDir: string;
  model: string;
  questions?: string;
  concurrency?: number;
  queries?: number;
};
const MODEL_DIR = join(tmpdir(), 'local-news-bot-models');

const peakRssMb = (): number => Number(/VmHWM:\s+(\d+)/u.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
const rssMb = (): number => process.memoryUsage().rss / 1024 / 1024;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function embedder(): Promise<Embedder> {
  const config = loadConfig(
    args.model === TEST_MODEL_384_NAME
      ? { EMBEDDING_MODEL: TEST_MODEL_384_NAME, MODEL_DIR, ALLOW_REMOTE_MODELS: 'false', EMBEDDING_DTYPE: 'fp32' }
      : { EMBEDDING_MODEL: args.model },
  );
  if (args.model === TEST_MODEL_384_NAME) ensureTestModel(MODEL_DIR, TEST_MODEL_384_NAME);
  const r = await loadEmbedder(embedSettingsFrom(config), silentLogger);
  if (!r.ok) throw new Error(r.reason);
  return r.embedder;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const summary = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99) });

async function build(): Promise<unknown> {
  const e = await embedder();
  const config = loadConfig({});
  const r = await buildIndex({
    corpusDir: args.corpusDir!,
    indexDir: args.indexDir,
    full: false,
    compact: Boolean(args.compact),
    chunking: config.chunking,
    hnsw: config.hnsw,
    embedder: e,
    log: silentLogger,
  });
  return { ...r, warnings: r.warnings.length, peakRssMb: peakRssMb() };
}

async function query(): Promise<unknown> {
  gc();
  const before = rssMb();
  const t0 = performance.now();
  const data = loadIndex(args.indexDir, loadConfig({}).HNSW_EF_SEARCH);
  const loadMs = performance.now() - t0;
  gc();
  const indexRssMb = rssMb() - before;
  const e = await embedder();
  const archive = new Archive(data, e, linkBuilder('http://localhost'));
  const questions = readFileSync(args.questions!, 'utf8')
    .trim()
    .split('\n')
    .slice(0, args.queries ?? 300);
  for (const q of questions.slice(0, 20)) await archive.ask(q); // warm up
  const embed: number[] = [];
  const dense: number[] = [];
  const lexical: number[] = [];
  const answer: number[] = [];
  const whole: number[] = [];
  const vecs: Float32Array[] = [];
  for (const q of questions) {
    let t = performance.now();
    const v = await e.embedQuery(q);
    embed.push(performance.now() - t);
    vecs.push(v);
    t = performance.now();
    data.dense!.search(v, 50);
    dense.push(performance.now() - t);
    const terms = archive.bm25.terms(q);
    t = performance.now();
    archive.bm25.search(terms, 50);
    lexical.push(performance.now() - t);
    t = performance.now();
    const a = await archive.ask(q);
    whole.push(performance.now() - t);
    answer.push(a.timingsMs.answer);
  }
  // HNSW recall@10 against exact search over every stored vector, at the configured ef and around it.
  const labels = data.chunks.map((c) => c.label);
  const stored = labels.map((l) => Float32Array.from(data.dense!.index.getPoint(l)));
  const probes = vecs.slice(0, 100);
  const exact = probes.map((v) =>
    stored
      .map((s, i) => {
        let d = 0;
        for (let k = 0; k < s.length; k++) d += s[k]! * v[k]!;
        return { label: labels[i]!, d };
      })
      .sort((x, y) => y.d - x.d)
      .slice(0, 10),
  );
  const recallAt = (ef: number): { ef: number; recall: number; p95: number } => {
    data.dense!.setEf(ef);
    let found = 0;
    let total = 0;
    const times: number[] = [];
    probes.forEach((v, i) => {
      const t = performance.now();
      const approx = new Set(data.dense!.search(v, 10).map((r) => r.label));
      times.push(performance.now() - t);
      for (const x of exact[i]!) if (approx.has(x.label)) found++;
      total += exact[i]!.length;
    });
    return { ef, recall: found / total, p95: pct(times, 95) };
  };
  const configuredEf = loadConfig({}).HNSW_EF_SEARCH;
  const efSweep = [64, 128, 256, 384, 512].map(recallAt);
  const atConfigured = recallAt(configuredEf);
  const found = atConfigured.recall;
  const total = 1;
  // Throughput: questions through the bot's path, `concurrency` at a time.
  const concurrency = args.concurrency ?? 8;
  const t1 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < questions.length) await archive.ask(questions[next++]!);
    }),
  );
  const qps = questions.length / ((performance.now() - t1) / 1000);
  await e.dispose();
  return {
    chunks: data.chunks.length,
    loadMs,
    indexRssMb,
    embed: summary(embed),
    dense: summary(dense),
    lexical: summary(lexical),
    answer: summary(answer),
    whole: summary(whole),
    recallAt10: found / total,
    ef: configuredEf,
    efSweep,
    concurrency,
    qps,
    queries: questions.length,
  };
}

/** Loading alone (after an incremental build: the base version with its deltas applied). */
function load(): unknown {
  const t0 = performance.now();
  const data = loadIndex(args.indexDir, loadConfig({}).HNSW_EF_SEARCH);
  const s = data.meta.segments;
  return {
    loadMs: performance.now() - t0,
    chunks: data.chunks.length,
    deltas: s?.deltas ?? 0,
    pendingChunks: s ? s.addedChunks + s.retiredChunks : 0,
  };
}

const out = args.phase === 'build' ? await build() : args.phase === 'load' ? load() : await query();
process.stdout.write(`${JSON.stringify(out)}\n`);
