// Benchmarks: index build, load, memory and question latency at about 1k, 10k and 100k chunks.
//   npm run bench            # 1k, 10k, 100k chunks; writes docs/benchmarks.md and docs/benchmarks.svg
//   npm run bench -- --quick # 1k and 3k chunks, fewer questions; prints only (under a minute)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config.js';
import { DEFAULT_DELTA_LIMITS } from '../src/index/build.js';
import { ensureTestModel, TEST_MODEL_384_NAME } from '../test/support/make-test-model.js';
import { addArticles, changeFirstArticle, sentencePool, writeSyntheticCorpus } from './bench/corpus.js';
import { ingestBench } from './bench/ingest.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    model: { type: 'string' },
    sizes: { type: 'string' },
    cmrc: { type: 'string', default: '../shared/eval/cmrc2018/cmrc2018_dev.squad.json' },
  },
});
const quick = Boolean(values.quick);
const sizes = values.sizes ? values.sizes.split(',').map(Number) : quick ? [1000, 3000] : [1000, 10_000, 100_000];
const model = values.model ?? TEST_MODEL_384_NAME;
const work = mkdtempSync(join(tmpdir(), 'bench-'));
// Generate the fixture model here, not inside a measured worker.
if (model === TEST_MODEL_384_NAME) ensureTestModel(join(tmpdir(), 'local-news-bot-models'), TEST_MODEL_384_NAME);

function worker(args: Record<string, unknown>): any {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'scripts/bench/worker.ts', JSON.stringify(args)],
    { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

const pool = await sentencePool(values.cmrc!);
// Questions: the sample questions and CMRC's, which ask about text the synthetic corpus is made of.
const qs = readFileSync('data/eval/sample-questions.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { question: string }).question);
try {
  const squad = JSON.parse(readFileSync(values.cmrc!, 'utf8')) as {
    data: { paragraphs: { qas: { question: string }[] }[] }[];
  };
  for (const d of squad.data) for (const p of d.paragraphs) for (const q of p.qas) qs.push(q.question);
} catch {
  /* CMRC not present: the sample questions alone */
}
const questionsFile = join(work, 'questions.txt');
writeFileSync(questionsFile, `${qs.join('\n')}\n`);

const rows: any[] = [];
for (const size of sizes) {
  const corpusDir = join(work, `corpus-${size}`);
  const indexDir = join(work, `index-${size}`);
  writeSyntheticCorpus(corpusDir, pool, size);
  process.stderr.write(`bench: ${size} chunks: building…\n`);
  const build = worker({ phase: 'build', corpusDir, indexDir, model });
  process.stderr.write(
    `bench: ${size} chunks: ${build.chunks} built in ${(build.totalMs / 1000).toFixed(1)} s; querying…\n`,
  );
  const query = worker({
    phase: 'query',
    indexDir,
    model,
    questions: questionsFile,
    queries: quick ? 100 : 300,
    concurrency: 8,
  });
  addArticles(corpusDir, 1);
  const inc = worker({ phase: 'build', corpusDir, indexDir, model });
  const incLoad = worker({ phase: 'load', indexDir, model });
  // The worst load before compaction: deltas holding as many chunks as the limit allows, one article changed.
  changeFirstArticle(corpusDir);
  const changedChunks = 8; // the changed article's chunks, retired and added (about 7 + 1)
  addArticles(corpusDir, 2, DEFAULT_DELTA_LIMITS.chunks - 1 - 2 * changedChunks);
  const full = worker({ phase: 'build', corpusDir, indexDir, model });
  const fullLoad = worker({ phase: 'load', indexDir, model });
  const compact = worker({ phase: 'build', corpusDir, indexDir, model, compact: true });
  rows.push({ size, build, query, inc, incLoad, full, fullLoad, compact });
  rmSync(corpusDir, { recursive: true, force: true });
  rmSync(indexDir, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });

const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);
const ms = (s: { p50: number; p95: number; p99: number }): string => `${f2(s.p50)} / ${f2(s.p95)} / ${f2(s.p99)}`;
const table = [
  '| chunks | build: embed chunks/s | build: HNSW insert chunks/s | build: BM25 chunks/s | build total | build peak RSS | load | loaded index RSS (per 10k chunks) | HNSW recall@10 (ef) |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.build.chunks} | ${Math.round(r.build.embedded / (r.build.embedMs / 1000))} | ${Math.round(r.build.embedded / (r.build.denseMs / 1000))} | ${Math.round(r.build.chunks / (r.build.indexMs / 1000))} | ${f1(r.build.totalMs / 1000)} s | ${Math.round(r.build.peakRssMb)} MB | ${Math.round(r.query.loadMs)} ms | ${Math.round(r.query.indexRssMb)} MB (${f1((r.query.indexRssMb / r.build.chunks) * 10_000)} MB) | ${f2(r.query.recallAt10)} (${r.query.ef}) |`,
  ),
].join('\n');
const incremental = [
  '| chunks | +1 article: written as | total | read previous state | read corpus | embedding* | write | load afterwards (base + delta) | load with deltas at the limit | compaction (`--compact`): total / write |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.build.chunks} | ${r.inc.wrote} (${r.inc.embedded} chunk${r.inc.embedded === 1 ? '' : 's'}) | ${Math.round(r.inc.totalMs)} ms | ${r.inc.phasesMs.loadPrevious} ms | ${r.inc.phasesMs.readCorpus} ms | ${Math.round(r.inc.embedMs)} ms | ${r.inc.phasesMs.write} ms | ${Math.round(r.incLoad.loadMs)} ms | ${Math.round(r.fullLoad.loadMs)} ms (${r.full.wrote}: ${r.fullLoad.pendingChunks} chunks pending, ${r.fullLoad.deltas} deltas) | ${Math.round(r.compact.totalMs)} ms / ${r.compact.phasesMs.write} ms |`,
  ),
].join('\n');
const latency = [
  '| chunks | query embedding* | dense (HNSW) | lexical (BM25) | fusion + answer | whole ask | throughput (8 concurrent) |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.build.chunks} | ${ms(r.query.embed)} | ${ms(r.query.dense)} | ${ms(r.query.lexical)} | ${ms(r.query.answer)} | ${ms(r.query.whole)} | ${f1(r.query.qps)} questions/s |`,
  ),
].join('\n');
const settings = loadConfig({});
const header = `Default settings: HNSW M ${settings.HNSW_M}, efConstruction ${settings.HNSW_EF_CONSTRUCTION}, query ef ${settings.HNSW_EF_SEARCH}; chunks of ${settings.CHUNK_TARGET_CHARS}–${settings.CHUNK_MAX_CHARS} characters. Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. Date: ${new Date().toISOString().slice(0, 10)}. Command: \`npm run bench${quick ? ' -- --quick' : ''}\`. Model: \`${model}\`${model.startsWith('local-test/') ? ' (random-weight test fixture, 384 dimensions like multilingual-e5-small: embedding figures measure the pipeline, not a real model)' : ''}.`;
const efTable = [
  `| chunks | ${(rows[0]?.query.efSweep ?? []).map((e: any) => `ef ${e.ef}: recall@10 / p95 ms`).join(' | ')} |`,
  `|---|${(rows[0]?.query.efSweep ?? []).map(() => '---').join('|')}|`,
  ...rows.map(
    (r) => `| ${r.build.chunks} | ${r.query.efSweep.map((e: any) => `${f2(e.recall)} / ${f2(e.p95)}`).join(' | ')} |`,
  ),
].join('\n');
// The ingest table (live sources): scripts/bench/ingest.ts.
const ingestTable = await ingestBench({ quick, model });
const report = `${header}\n\nBuild, load and memory:\n\n${table}\n\nIncremental indexing: one new article (a new day's feed file) into the index above, and loading afterwards; then one article of the big feed corrected and enough new articles to bring the deltas to the compaction limit (${DEFAULT_DELTA_LIMITS.chunks} chunks), and loading that; then folding the deltas into a new version:\n\n${incremental}\n\nLatency in ms, p50 / p95 / p99 over ${rows[0]?.query.queries} questions:\n\n${latency}\n\nHNSW query ef against recall@10 (vs exact search) and dense p95 latency:\n\n${efTable}\n\n${ingestTable}`;
process.stdout.write(`${report}\n`);

if (!quick) {
  mkdirSync('docs', { recursive: true });
  writeFileSync('docs/benchmarks.generated.md', report);
  writeFileSync('docs/benchmarks.svg', plot(rows));
  process.stderr.write('bench: wrote docs/benchmarks.generated.md and docs/benchmarks.svg\n');
}

/** Latency (p95, log scale) and memory against corpus size, as a small SVG. */
function plot(rs: any[]): string {
  const W = 720;
  const H = 300;
  const pad = 50;
  const xs = rs.map((r) => Math.log10(r.build.chunks));
  const x = (v: number): number =>
    pad + ((v - Math.min(...xs)) / Math.max(1e-9, Math.max(...xs) - Math.min(...xs))) * (W / 2 - 2 * pad);
  const series: [string, string, (r: any) => number][] = [
    ['dense', '#1f77b4', (r) => r.query.dense.p95],
    ['lexical', '#ff7f0e', (r) => r.query.lexical.p95],
    ['fusion+answer', '#2ca02c', (r) => r.query.answer.p95],
    ['whole ask', '#d62728', (r) => r.query.whole.p95],
  ];
  const ly = (v: number): number => H - pad - ((Math.log10(Math.max(v, 0.01)) + 2) / 4) * (H - 2 * pad); // 0.01 ms … 100 ms
  let s = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11"><title>Benchmarks: p95 latency and loaded index memory against index size</title>`;
  s += `<text x="${pad}" y="18" font-size="13">p95 latency (ms, log) vs chunks</text><text x="${W / 2 + pad}" y="18" font-size="13">loaded index RSS (MB) vs chunks</text>`;
  for (const v of [0.01, 0.1, 1, 10, 100])
    s += `<line x1="${pad}" x2="${W / 2 - pad}" y1="${ly(v)}" y2="${ly(v)}" stroke="#ddd"/><text x="4" y="${ly(v) + 4}">${v}</text>`;
  series.forEach(([name, color, get], i) => {
    s += `<polyline fill="none" stroke="${color}" stroke-width="2" points="${rs.map((r, k) => `${x(xs[k]!)},${ly(get(r))}`).join(' ')}"/>`;
    s += `<text x="${pad + 5}" y="${40 + i * 14}" fill="${color}">${name}</text>`;
  });
  rs.forEach((r, k) => {
    s += `<text x="${x(xs[k]!) - 15}" y="${H - pad + 16}">${r.build.chunks}</text>`;
  });
  const maxMem = Math.max(...rs.map((r) => r.query.indexRssMb), 1);
  const my = (v: number): number => H - pad - (v / maxMem) * (H - 2 * pad);
  const x2 = (v: number): number => x(v) + W / 2;
  s += `<polyline fill="none" stroke="#9467bd" stroke-width="2" points="${rs.map((r, k) => `${x2(xs[k]!)},${my(r.query.indexRssMb)}`).join(' ')}"/>`;
  rs.forEach((r, k) => {
    s += `<text x="${x2(xs[k]!) - 15}" y="${H - pad + 16}">${r.build.chunks}</text><text x="${x2(xs[k]!) + 4}" y="${my(r.query.indexRssMb) - 4}">${Math.round(r.query.indexRssMb)}</text>`;
  });
  return `${s}</svg>\n`;
}
