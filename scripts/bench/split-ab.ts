// Two split lexical searches, before and after a change, in one process over one loaded index, interleaved question
// by question (the order swapped per question), as lexical-ab.ts does for one search against one thread. "base" is
// another commit's src/ copied aside, whose Bm25 is made the same way (its own search threads); the copy goes inside
// the worktree (scratch/ is ignored by git), where its imports find node_modules:
//   mkdir -p scratch/base && git archive main src | tar -x -C scratch/base
//   chrt -f 1 node --import tsx scripts/bench/split-ab.ts INDEX_DIR scratch/base/src [N] [CHECKED] [ROUNDS]
// Environment: K (default 50), QUESTIONS_FILE (default /tmp/data/questions.txt), THREADS (default 2, both searches).
// Checks first that both return the same documents, scores and order for every question, and the first CHECKED
// against exhaustive scoring; prints the load average before and after the timed rounds.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bm25 } from '../../src/index/bm25.js';
import { exhaustiveSearch } from '../../src/index/exhaustive.js';
import { loadIndex } from '../../src/index/store.js';
import { interleaved } from './interleaved.js';

const [indexDir, baseDir, nArg = '300', checkedArg = '10', roundsArg = '3'] = process.argv.slice(2);
if (!indexDir || !baseDir) {
  console.error('usage: node --import tsx scripts/bench/split-ab.ts INDEX_DIR BASE_SRC_DIR [N] [CHECKED] [ROUNDS]');
  process.exit(2);
}
const k = Number(process.env.K ?? 50);
const threads = Number(process.env.THREADS ?? 2);
const Base = (await import(pathToFileURL(resolve(baseDir, 'index/bm25.ts')).href)).Bm25 as typeof Bm25;
const data = loadIndex(indexDir);
const bm = new Bm25(data.lexical, undefined, { threads });
const base = new Base(data.lexical, undefined, { threads });
if (!(await bm.started()) || !(await base.started())) console.error('a search thread did not start');
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const questions = readFileSync(process.env.QUESTIONS_FILE ?? '/tmp/data/questions.txt', 'utf8')
  .trim()
  .split('\n')
  .slice(0, Number(nArg));
const terms = questions.map((q) => bm.terms(q));
const checked = Math.min(Number(checkedArg), terms.length);
let equalBase = 0;
let equalExhaustive = 0;
terms.forEach((t, i) => {
  const b = JSON.stringify(bm.search(t, k));
  if (JSON.stringify(base.search(t, k)) === b) equalBase++;
  else console.error(`question ${i}: new differs from base`);
  if (i >= checked) return;
  if (b === JSON.stringify(exhaustiveSearch(bm, t, k))) equalExhaustive++;
  else console.error(`question ${i}: new differs from exhaustive scoring`);
});
const loadBefore = load();
const rounds = Number(roundsArg);
const timed = interleaved(terms, k, rounds, { base: (t, n) => base.search(t, n), new: (t, n) => bm.search(t, n) });
console.log(
  JSON.stringify({
    index: indexDir,
    k,
    threads,
    loadBefore,
    loadAfter: load(),
    questions: terms.length,
    rounds,
    base: { ...timed.base, threadCounts: base.threadCounts },
    new: { ...timed.new, threadCounts: bm.threadCounts },
    medianRatioNewOverBase: timed.medianRatioNewOverBase,
    equalBase: `${equalBase}/${terms.length}`,
    equalExhaustive: `${equalExhaustive}/${checked}`,
  }),
);
await bm.close();
await base.close();
