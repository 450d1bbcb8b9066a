// Load a built index in a fresh process and ask it questions: load time, resident memory after loading (after a
// collection), then per question lexical search and the whole ask path, and how many of them found passages and
// quoted something. For indexes too big for the whole bench (the 3M tier in docs/benchmarks.md):
//   node --expose-gc --import tsx scripts/bench/load-and-ask.ts INDEX_DIR QUESTIONS_FILE [COUNT]
import { readFileSync } from 'node:fs';
import { loadIndex } from '../../src/index/store.js';
import { Archive } from '../../src/search/archive.js';
import { linkBuilder } from '../../src/search/links.js';
import { pct } from './percentiles.mjs';

const [indexDir, questionsFile, count] = process.argv.slice(2);
if (!indexDir || !questionsFile) {
  console.error('usage: node --expose-gc --import tsx scripts/bench/load-and-ask.ts INDEX_DIR QUESTIONS_FILE [COUNT]');
  process.exit(2);
}
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);
const peakMib = (): number =>
  Math.round(Number(/VmHWM:\s+(\d+)/u.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024);

gc();
const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const data = loadIndex(indexDir, 384);
const loadMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
gc();
const rssLoaded = process.memoryUsage().rss;
console.log(
  `loaded ${data.chunks.length} chunks (${data.meta.segments.length} segments) in ${Math.round(loadMs)} ms ` +
    `(${Math.round((cpu.user + cpu.system) / 1000)} ms of CPU); resident ${mib(rssLoaded)} MiB ` +
    `(${mib(rssLoaded - rssBefore)} MiB for the index), peak ${peakMib()} MiB`,
);

const archive = new Archive(data, undefined, linkBuilder('http://localhost'));
const questions = readFileSync(questionsFile, 'utf8')
  .trim()
  .split('\n')
  .slice(0, Number(count ?? 50));
const lexical: number[] = [];
const whole: number[] = [];
let found = 0;
let quoted = 0;
for (const q of questions) {
  const terms = archive.bm25.terms(q);
  let t = performance.now();
  const hits = archive.bm25.search(terms, 50);
  lexical.push(performance.now() - t);
  if (hits.length > 0) found++;
  t = performance.now();
  const a = await archive.ask(q);
  whole.push(performance.now() - t);
  if (a.quotes.length > 0) quoted++;
}
gc();
const f = (xs: number[]): string => [50, 95, 99].map((p) => pct(xs, p).toFixed(1)).join(' / ');
console.log(
  `${questions.length} questions: ${found} with lexical hits, ${quoted} answered with quotes; ` +
    `lexical p50 / p95 / p99 ${f(lexical)} ms, whole ask ${f(whole)} ms (the first ones read their postings from ` +
    `disk); resident after ${mib(process.memoryUsage().rss)} MiB, peak ${peakMib()} MiB`,
);
