// What a big live heap does to building a postings run: CPU time and full collections of one run of 65,536 chunks,
// with a fresh builder each time (what a build did before round five) and with one builder reused, alternated in one
// process, beside COPIES structured clones of the 100k corpus's articles, chunks and catalog (about 100 MiB each: 30
// make the heap a 3M-chunk build holds while its runs are built). docs/benchmarks.md "Round five: build and 3M":
//   nice -n 10 node --expose-gc --max-old-space-size=16384 --import tsx scripts/bench/postings-gc.ts CORPUS COPIES [ROUNDS]
import { PerformanceObserver } from 'node:perf_hooks';
import { planChange } from '../../src/index/plan.js';
import { buildPostings, type Postings, PostingsBuilder } from '../../src/index/postings.js';
import { DEFAULT_CHUNKING } from '../../src/ingest/chunk.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';

const [corpusDir, copies, rounds] = process.argv.slice(2);
if (!corpusDir || copies === undefined) {
  console.error('usage: node --expose-gc --import tsx scripts/bench/postings-gc.ts CORPUS_DIR COPIES [ROUNDS]');
  process.exit(2);
}
const corpus = await readCorpus(corpusDir);
const change = planChange([], corpus, 0, DEFAULT_CHUNKING);
const texts = change.newChunks.slice(0, 65_536).map((c) => c.text);
const ballast = Array.from({ length: Number(copies) }, () =>
  structuredClone({ articles: corpus.articles, chunks: change.newChunks, catalog: change.catalogAfter }),
);
(globalThis as { gc?: () => void }).gc?.();
const heap = process.memoryUsage().heapUsed / 2 ** 20;
console.log(
  `${texts.length} chunks a run; ${ballast.length} copies of the corpus beside them: heap ${heap.toFixed(0)} MiB`,
);

/** Full (mark-compact) and incremental-marking collections seen, with their main-thread time. */
const majors: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail: { kind: number } }).detail.kind;
    if (kind === 4 || kind === 8) majors.push(e.duration);
  }
}).observe({ entryTypes: ['gc'] });

const reused = new PostingsBuilder();
async function timed(label: string, build: () => Postings): Promise<void> {
  majors.length = 0;
  const c0 = process.cpuUsage();
  const p = build();
  const c = process.cpuUsage(c0);
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the observer report
  const gcMs = majors.reduce((s, x) => s + x, 0);
  const cpu = ((c.user + c.system) / 1e6).toFixed(2);
  console.log(
    `${label}: ${cpu} s of CPU, ${majors.length} full collections (${gcMs.toFixed(0)} ms), ${p.docs.length} postings`,
  );
}
for (let r = 0; r < Number(rounds ?? 3); r++) {
  await timed(`round ${r} fresh builder `, () => buildPostings(texts, 'char-bigram'));
  await timed(`round ${r} reused builder`, () => reused.build(texts, 'char-bigram'));
}
