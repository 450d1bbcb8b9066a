// The lexical search before and after a change, in one process, interleaved question by question (so load on this
// shared machine falls on both alike). "new" is the product's own path (`Bm25.search`, split across THREADS search
// threads); "base" is another copy of max-score.ts (e.g. main's, copied aside: one thread) driven exactly the way
// main's `Bm25.search` drives it. The questions' terms are
// made as the benchmark makes them (`bm25.terms(question)`, every question whole), top k (50, as the ask path asks).
//   git show main:src/index/max-score.ts | sed "s#'./#'$PWD/src/index/#" > /tmp/base/max-score.ts
//   chrt -f 1 node --import tsx scripts/bench/lexical-ab.ts INDEX_DIR /tmp/base/max-score.ts [QUESTIONS] [CHECKED] [ROUNDS]
// or, base = the product's own search on one thread (one search on one thread against one split across THREADS):
//   chrt -f 1 node --import tsx scripts/bench/lexical-ab.ts /tmp/data/index-1000000 one-thread 300 10 3
// Environment: K (default 50), QUESTIONS_FILE (default /tmp/data/questions.txt), THREADS (default 2; 1: the new code
// on one thread), MIN_DOCS (the crossover under which a search is not split; default the product's).
// Under `chrt -f 1` the worker threads inherit the real-time policy. The load average is printed before and after.
// A warm pass first runs every question through both (reading postings, making window bounds) and checks that both
// return the same documents, scores and order, and the first CHECKED questions against exhaustive scoring; then
// ROUNDS timed passes, the order of the two alternating per question. Wall time by performance.now(), CPU time by
// process.cpuUsage().
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { B, Bm25, K1, lengthNorms, type ScoredDoc, termOf, termScore } from '../../src/index/bm25.js';
import { exhaustiveSearch } from '../../src/index/exhaustive.js';
import { loadIndex } from '../../src/index/store.js';
import { interleaved } from './interleaved.js';

const [indexDir, basePath, nArg = '300', checkedArg = '30', roundsArg = '2'] = process.argv.slice(2);
if (!indexDir || !basePath) {
  console.error(
    'usage: node --import tsx scripts/bench/lexical-ab.ts INDEX_DIR BASE_MAX_SCORE_TS [N] [CHECKED] [ROUNDS]',
  );
  process.exit(2);
}
const k = Number(process.env.K ?? 50);
const file = process.env.QUESTIONS_FILE ?? '/tmp/data/questions.txt';

interface BaseModule {
  Scratch: new (size: number) => unknown;
  // biome-ignore lint/suspicious/noExplicitAny: the base's own Scoring type
  maxScoreSearch: (...args: any[]) => ScoredDoc[];
}

const oneThread = basePath === 'one-thread';
const base = oneThread ? undefined : ((await import(basePath)) as BaseModule);
const t0 = performance.now();
const data = loadIndex(indexDir);
const threads = Number(process.env.THREADS ?? 2);
const bm = new Bm25(data.lexical, undefined, {
  threads,
  ...(process.env.MIN_DOCS ? { minDocs: Number(process.env.MIN_DOCS) } : {}),
  log: (line) => console.error(line),
});
if (!(await bm.started())) console.error('a search thread did not start');
console.error(
  `loaded ${data.chunks.length} chunks in ${Math.round(performance.now() - t0)} ms, search on ${bm.threads} threads`,
);
const loadBefore = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');

// What Bm25.search does, with the base's search.
const { index } = bm;
const avgdl = index.size > 0 ? index.totalLength / index.size : 1;
const norms = lengthNorms(
  index.parts.map((p) => p.postings.lengths),
  (len) => K1 * (1 - B + (B * len) / avgdl),
);
const baseScratch = base ? new base.Scratch(index.size) : undefined;
const one = oneThread ? new Bm25(data.lexical) : undefined;
function baseSearch(queryTerms: string[], kk: number): ScoredDoc[] {
  if (one) return one.search(queryTerms, kk);
  const q = [...new Set(queryTerms)];
  if (kk <= 0 || q.length === 0) return [];
  const idfs = q.map((t) => (bm.df(t) > 0 ? bm.idf(t) : 0));
  const termIds = index.parts.map((p) => q.map((t) => termOf(p, t)));
  return base!.maxScoreSearch(index.parts, termIds, { idfs, termScore, k1Plus1: K1 + 1, ...norms }, kk, baseScratch);
}
const newSearch = (terms: string[], kk: number): ScoredDoc[] => bm.search(terms, kk);

const questions = readFileSync(file, 'utf8').trim().split('\n').slice(0, Number(nArg));
const terms = questions.map((q) => bm.terms(q));
const same = (a: ScoredDoc[], b: ScoredDoc[]): boolean => JSON.stringify(a) === JSON.stringify(b);

let equalBase = 0;
let equalExhaustive = 0;
const checked = Math.min(Number(checkedArg), terms.length);
terms.forEach((t, i) => {
  const a = baseSearch(t, k);
  const b = newSearch(t, k);
  if (same(a, b)) equalBase++;
  else console.error(`question ${i}: new differs from base`);
  if (i < checked) {
    if (same(b, exhaustiveSearch(bm, t, k))) equalExhaustive++;
    else console.error(`question ${i}: new differs from exhaustive scoring`);
  }
});

const rounds = Number(roundsArg);
const timed = interleaved(terms, k, rounds, { base: baseSearch, new: newSearch });
console.log(
  JSON.stringify({
    index: indexDir,
    chunks: data.chunks.length,
    threads: bm.threads,
    loadBefore,
    loadAfter: loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
    k,
    questions: terms.length,
    rounds,
    ...timed,
    equalBase: `${equalBase}/${terms.length}`,
    equalExhaustive: `${equalExhaustive}/${checked}`,
    // searches split across all threads, and shares the main thread searched itself (a worker late or stopped)
    threadCounts: bm.threadCounts,
  }),
);
await bm.close();
