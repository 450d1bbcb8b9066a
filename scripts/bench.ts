// Benchmarks: index build, load, memory, question latency and updates at 1k to 1M chunks.
//   npm run bench                       # 1k, 10k, 100k chunks; writes docs/benchmarks.generated.md and docs/benchmarks.svg
//   npm run bench -- --sizes 1m         # the 1M tier alone (clustered synthetic vectors; about an hour here)
//   npm run bench -- --quick            # 1k and 3k chunks, fewer questions; prints only (under a minute)
//   npm run bench -- --sizes 3m --lexical   # lexical only (no vectors): how far the format goes
//   node --expose-gc --import tsx scripts/bench/dense.ts build|truth|query …   # the dense tier alone (HNSW at 1M without a lexical build)
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config.js';
import { ensureTestModel, TEST_MODEL_384_NAME } from '../tools/make-test-model.js';
import {
  addArticles,
  addDay,
  changeFirstArticle,
  nextDay,
  sentencePool,
  writeSyntheticCorpus,
} from './bench/corpus.js';
import { ingestBench } from './bench/ingest.js';
import { plot } from './bench/plot.js';
import { SYNTHETIC_MODEL } from './bench/synthetic-embedder.js';
import type { BuildResult, LoadResult, QueryResult, WorkerArgs } from './bench/worker.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    model: { type: 'string' },
    lexical: { type: 'boolean' },
    sizes: { type: 'string' },
    out: { type: 'string' },
    plot: { type: 'string' },
    cmrc: { type: 'string', default: '../shared/eval/cmrc2018/cmrc2018_dev.squad.json' },
    keep: { type: 'boolean' },
    reuse: { type: 'string' },
  },
});
if (values.plot) {
  // Redraw the figure from saved tiers (runs of different sizes), e.g. --plot docs/benchmarks.json,docs/benchmarks-1m.json
  const saved = values.plot.split(',').flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Row[]);
  writeFileSync('docs/benchmarks.svg', plot(saved));
  process.exit(0);
}
const quick = Boolean(values.quick);
/** "1k", "100k", "1m" or a number of chunks. */
const parseSize = (s: string): number => {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/iu.exec(s.trim());
  if (!m) throw new Error(`--sizes: "${s}" is not a size like 10k or 1m`);
  return Math.round(Number(m[1]) * { '': 1, k: 1000, m: 1_000_000 }[m[2]!.toLowerCase() as '' | 'k' | 'm']);
};
const sizes = values.sizes ? values.sizes.split(',').map(parseSize) : quick ? [1000, 3000] : [1000, 10_000, 100_000];
/** The model of a tier: the random test model up to 100k-ish chunks, clustered synthetic vectors above. */
const modelFor = (size: number): string =>
  values.lexical ? 'none' : (values.model ?? (size >= 500_000 ? SYNTHETIC_MODEL : TEST_MODEL_384_NAME));
// --reuse DIR: a work folder kept by an earlier run (--keep); a tier whose build it holds is measured without
// writing its corpus and building it again (the build figures are the earlier run's).
const work = values.reuse ?? mkdtempSync(join(values.out ?? tmpdir(), 'bench-'));
// Generate the fixture model here, not inside a measured worker.
if (sizes.some((s) => modelFor(s) === TEST_MODEL_384_NAME))
  ensureTestModel(join(tmpdir(), 'local-news-bot-models'), TEST_MODEL_384_NAME);

function worker<T>(args: WorkerArgs): T {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=16384', '--import', 'tsx', 'scripts/bench/worker.ts', JSON.stringify(args)],
    { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

const diskMb = (dir: string): number =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .reduce((n, d) => n + statSync(join(d.parentPath, d.name)).size, 0) /
  2 ** 20;

export interface Row {
  size: number;
  model: string;
  build: BuildResult;
  diskMb: number;
  query: QueryResult;
  one: BuildResult;
  oneLoad: LoadResult;
  day: BuildResult;
  dayLoad: LoadResult;
  compact: BuildResult;
}

function questionsFile(): string {
  // The sample questions and CMRC's, which ask about text the synthetic corpus is made of.
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
  const file = join(work, 'questions.txt');
  writeFileSync(file, `${qs.join('\n')}\n`);
  return file;
}

function tier(size: number, pool: string[], questions: string): Row {
  const model = modelFor(size);
  const corpusDir = join(work, `corpus-${size}`);
  const indexDir = join(work, `index-${size}`);
  const say = (m: string): boolean => process.stderr.write(`bench: ${size} chunks: ${m}\n`);
  const built = join(work, `build-${size}-${model.replace(/\W/gu, '_')}.json`);
  let build: BuildResult;
  if (values.reuse && existsSync(built)) {
    build = JSON.parse(readFileSync(built, 'utf8')) as BuildResult;
    say(`reusing the index built earlier in ${indexDir}`);
  } else {
    writeSyntheticCorpus(corpusDir, pool, size);
    say(`building (${model})…`);
    build = worker<BuildResult>({ phase: 'build', corpusDir, indexDir, model });
    writeFileSync(built, JSON.stringify(build));
  }
  const disk = diskMb(indexDir);
  say(`${build.chunks} built in ${(build.totalMs / 1000).toFixed(1)} s; querying…`);
  const query = worker<QueryResult>({
    phase: 'query',
    indexDir,
    model,
    questions,
    queries: quick ? 100 : 300,
    concurrency: 8,
  });
  say('one article, then a day of 500 chunks with a correction…');
  // New days after any a kept corpus already holds (--reuse): writing day 1 again would be no change at all.
  const day1 = nextDay(corpusDir);
  addArticles(corpusDir, day1);
  const one = worker<BuildResult>({ phase: 'build', corpusDir, indexDir, model });
  const oneLoad = worker<LoadResult>({ phase: 'load', indexDir, model });
  changeFirstArticle(corpusDir);
  addDay(corpusDir, day1 + 1, pool, 500);
  const day = worker<BuildResult>({ phase: 'build', corpusDir, indexDir, model });
  const dayLoad = worker<LoadResult>({ phase: 'load', indexDir, model });
  say('merging every segment into one (--compact)…');
  const compact = worker<BuildResult>({ phase: 'build', corpusDir, indexDir, model, compact: true });
  if (!values.keep && !values.reuse) {
    rmSync(corpusDir, { recursive: true, force: true });
    rmSync(indexDir, { recursive: true, force: true });
  }
  return { size, model, build, diskMb: disk, query, one, oneLoad, day, dayLoad, compact };
}

const pool = await sentencePool(values.cmrc!);
const questions = questionsFile();
const rows = sizes.map((s) => tier(s, pool, questions));
if (values.keep) process.stderr.write(`bench: kept the corpora and indexes in ${work}\n`);
else if (!values.reuse) rmSync(work, { recursive: true, force: true });

const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);
const ms = (s: { p50: number; p95: number; p99: number }): string => `${f2(s.p50)} / ${f2(s.p95)} / ${f2(s.p99)}`;
const rate = (n: number, t: number): string => (t > 0 ? String(Math.round(n / (t / 1000))) : '–');
const mark = (r: Row): string => (r.model === SYNTHETIC_MODEL ? '†' : r.model === 'none' ? '‡' : '*');
const buildTable = [
  '| chunks | vectors | build: embed chunks/s | HNSW insert chunks/s | postings chunks/s | build total | build peak RSS | disk | load | loaded index RSS | lexical exact (top 50 = exhaustive) | HNSW recall@10 (ef) |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.build.chunks} | ${mark(r)} | ${rate(r.build.embedded, r.build.embedMs)} | ${rate(r.build.embedded, r.build.denseMs)} | ${rate(r.build.chunks, r.build.indexMs)} | ${f1(r.build.totalMs / 1000)} s | ${Math.round(r.build.peakRssMb)} MB | ${Math.round(r.diskMb)} MB | ${Math.round(r.query.loadMs)} ms | ${Math.round(r.query.indexRssMb)} MB | ${r.query.exact.checked - r.query.exact.differ}/${r.query.exact.checked} | ${r.model === 'none' ? '–' : `${f2(r.query.recallAt10)} (${r.query.ef})`} |`,
  ),
].join('\n');
const updates = [
  '| chunks | +1 article: total / embedding | load after (segments) | +500-chunk day: total / embedding / write | merges | load after (segments) | `--compact`: merge time / peak RSS |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.build.chunks} | ${Math.round(r.one.totalMs)} ms / ${Math.round(r.one.embedMs)} ms | ${Math.round(r.oneLoad.loadMs)} ms (${r.oneLoad.segments}) | ${Math.round(r.day.totalMs)} ms / ${Math.round(r.day.embedMs)} ms / ${r.day.phasesMs.write} ms | ${r.day.merges.length} | ${Math.round(r.dayLoad.loadMs)} ms (${r.dayLoad.segments}) | ${f1(r.compact.phasesMs.merge / 1000)} s / ${Math.round(r.compact.peakRssMb)} MB |`,
  ),
].join('\n');
const latency = [
  '| chunks | vectors | query embedding | dense (HNSW) | lexical (BM25, exact) | fusion + answer | whole ask | throughput (8 concurrent) |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.build.chunks} | ${mark(r)} | ${ms(r.query.embed)} | ${r.model === 'none' ? '–' : ms(r.query.dense)} | ${ms(r.query.lexical)} | ${ms(r.query.answer)} | ${ms(r.query.whole)} | ${f1(r.query.qps)} questions/s |`,
  ),
].join('\n');
const old = [
  "| chunks | lexical exact: p50 / p95 / p99 | round two's exact search, same questions, interleaved: p50 / p95 / p99 | now ÷ round two (median per question) | the old heuristic, same questions: p50 / p95 / p99 | exact ÷ old (median per question) | first question after load: lexical / whole ask | index RSS: loaded / after the questions |",
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.build.chunks} | ${ms(r.query.lexical)} | ${ms(r.query.round2Lexical)} | ${f2(r.query.round2Ratio)} | ${r.query.oldLexical ? ms(r.query.oldLexical) : '–'} | ${r.query.oldRatio ? f2(r.query.oldRatio) : '–'} | ${f1(r.query.cold.lexical)} / ${f1(r.query.cold.whole)} ms | ${Math.round(r.query.indexRssMb)} / ${Math.round(r.query.indexRssAfterMb)} MB |`,
  ),
].join('\n');
const efs = rows.find((r) => r.model !== 'none')?.query.efSweep ?? [];
const efTable = [
  `| chunks | vectors | ${efs.map((e) => `ef ${e.ef}: recall@10 / p95 ms`).join(' | ')} |`,
  `|---|---|${efs.map(() => '---').join('|')}|`,
  ...rows
    .filter((r) => r.model !== 'none')
    .map(
      (r) =>
        `| ${r.build.chunks} | ${mark(r)} | ${r.query.efSweep.map((e) => `${f2(e.recall)} / ${f2(e.p95)}`).join(' | ')} |`,
    ),
].join('\n');
const settings = loadConfig({});
const command = `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const header = `Default settings: HNSW M ${settings.HNSW_M}, efConstruction ${settings.HNSW_EF_CONSTRUCTION}, query ef ${settings.HNSW_EF_SEARCH}; chunks of ${settings.CHUNK_TARGET_CHARS}–${settings.CHUNK_MAX_CHARS} characters. Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, shared with other work. Date: ${new Date().toISOString().slice(0, 10)}. Command: \`${command}\`.

Vectors: * \`${TEST_MODEL_384_NAME}\`, the random-weight test model (384 dimensions like multilingual-e5-small: embedding figures measure the pipeline, not a real model); † \`${SYNTHETIC_MODEL}\`, clustered synthetic vectors of the same width (dense figures describe HNSW on that distribution, not a real model's); ‡ none (a lexical-only index).`;
// The ingest table (live sources, #15): scripts/bench/ingest.ts, on the test model unless --model names one.
const ingestTable = await ingestBench({ quick, model: values.model ?? TEST_MODEL_384_NAME, command });
const report = `${header}\n\nBuild, load and memory:\n\n${buildTable}\n\nUpdates: one new article (a new day's feed file), then one article of the big feed corrected and a day of about 500 new chunks; loading after each; then every segment merged into one:\n\n${updates}\n\nLatency in ms, p50 / p95 / p99 over ${rows[0]?.query.queries} questions:\n\n${latency}\n\nExact lexical search against round two's exact search (scripts/bench/round2-max-score.ts) and the heuristic before it (scripts/bench/old-heuristic.ts, measured up to 300k chunks), the first question after loading (postings are read as terms are first searched), and the index's memory:\n\n${old}\n\nHNSW query ef against recall@10 (vs exact search) and dense p95 latency:\n\n${efTable}\n\n${ingestTable}`;
process.stdout.write(`${report}\n`);

if (!quick) {
  mkdirSync('docs', { recursive: true });
  const tag = values.sizes ? `-${values.sizes.replace(/,/gu, '-')}` : '';
  writeFileSync(`docs/benchmarks${tag}.generated.md`, report);
  writeFileSync(`docs/benchmarks${tag}.json`, JSON.stringify(rows, null, 1));
  // In the layout the linter keeps (npm test checks docs/ too).
  execFileSync(
    process.execPath,
    ['node_modules/@biomejs/biome/bin/biome', 'format', '--write', `docs/benchmarks${tag}.json`],
    {
      stdio: 'ignore',
    },
  );
  if (!values.sizes) writeFileSync('docs/benchmarks.svg', plot(rows));
  process.stderr.write(`bench: wrote docs/benchmarks${tag}.generated.md and .json\n`);
}
