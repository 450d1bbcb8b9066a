// What grows in the benchmark's query phase (worker.ts) at 1M: memory after each of its passes, in its order (the
// JS heap, array buffers, resident anonymous and file memory, and how many postings the questions read in), lexical only:
//   chrt -f 1 node --expose-gc --max-old-space-size=16384 --import tsx scripts/bench/query-memory.ts [INDEX_DIR]
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/config.js';
import { exhaustiveSearch } from '../../src/index/exhaustive.js';
import { loadIndex } from '../../src/index/store.js';
import { Archive } from '../../src/search/archive.js';
import { linkBuilder } from '../../src/search/links.js';
import { Round2Exact } from './round2-max-score.js';

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mb = (x: number) => Math.round(x / 2 ** 20);
function smaps(): string {
  const s = readFileSync('/proc/self/smaps_rollup', 'utf8');
  const f = (k: string) =>
    mb(Number(/^(\S+):\s+(\d+) kB/m.exec(s.split('\n').find((l) => l.startsWith(`${k}:`))!)![2]) * 1024);
  return `anon ${f('Anonymous')} file ${f('Rss') - f('Anonymous')}`;
}
let postingsBytes = 0;
let loadedTerms = 0;
let rss0 = 0;
function snap(what: string): void {
  gc();
  const m = process.memoryUsage();
  console.log(
    `${what.padEnd(34)} rss ${mb(m.rss)} (+${mb(m.rss - rss0)}) heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)} | ${smaps()} | postings read ${mb(postingsBytes)} MB (${loadedTerms} terms)`,
  );
}
gc();
rss0 = process.memoryUsage().rss;
snap('start');
const data = loadIndex(process.argv[2] ?? '/tmp/data/index-1000000', loadConfig({}).HNSW_EF_SEARCH);
for (const p of data.lexical.parts) {
  const load = p.postings.load!;
  const seen = new Uint8Array(p.postings.terms.length);
  p.postings.load = (t) => {
    if (!seen[t]) {
      seen[t] = 1;
      loadedTerms++;
      postingsBytes += (p.postings.starts[t + 1]! - p.postings.starts[t]!) * 6;
    }
    load(t);
  };
}
snap('loaded');
const threads = loadConfig({}).SEARCH_THREADS;
const archive = new Archive(
  data,
  undefined,
  linkBuilder('http://localhost'),
  undefined,
  {},
  { threads, log: console.error },
);
await archive.bm25.started();
snap(`archive (${archive.bm25.threads} threads)`);
const questions = readFileSync('/tmp/data/questions.txt', 'utf8').trim().split('\n').slice(0, 300);
await archive.ask(questions.at(-1)!);
archive.bm25.search(archive.bm25.terms(questions.at(-2)!), 50);
snap('cold questions');
for (const q of questions.slice(0, 20)) await archive.ask(q);
snap('warm-up asks (20)');
for (const q of questions) archive.bm25.search(archive.bm25.terms(q), 50);
snap('lexical pass (postings read in)');
for (const q of questions) archive.bm25.search(archive.bm25.terms(q), 50);
snap('lexical pass again');
for (const q of questions) await archive.ask(q);
snap('whole-ask pass');
{
  const round2 = new Round2Exact(archive.bm25);
  for (const q of questions) round2.search(archive.bm25.terms(q), 50);
  snap('round two search pass (held)');
}
snap('round two search dropped');
for (const q of questions.slice(0, 100)) {
  const t = archive.bm25.terms(q);
  exhaustiveSearch(archive.bm25, t, 50);
}
snap('exhaustive check (100)');
let next = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < questions.length) await archive.ask(questions[next++]!);
  }),
);
snap('throughput (8 at a time)');
await archive.close();
snap('archive closed');
