// The answer stage (`timingsMs.answer`) of two builds of the code in one process, question by question, which goes
// first alternating, so both meet the same load; docs/quality.md "Round six" reports it. Plain JavaScript over
// compiled trees: tsx's esbuild service, started under `chrt -f 1`, can spin at real-time priority and starve the
// machine. Each tree is compiled first (its dist/ from `npx tsc -p tsconfig.build.json --noCheck`, or any tsc output
// holding src/):
//   chrt -f 1 node scripts/bench/answer-stage-ab.mjs BEFORE_DIST AFTER_DIST INDEX_DIR QUESTIONS_FILE [COUNT]
// Pass 1 meets each question (and most of its articles) for the first time; RUNS=N passes (3). WARM=N warms up on
// the file's last N questions instead of the first 20, so pass 1 meets its articles cold but not the code.
// PERIOD=1 asks only the questions that name a time. MODEL=local-test/char-bert-random-384 asks a hybrid index (the
// bench's 100k tier) with the bench's random test model (from /tmp/local-news-bot-models), one embedder for both.
import { readFileSync } from 'node:fs';
import { testModelEmbedder, treeModules } from './compiled-tree.mjs';
import { pct } from './percentiles.mjs';

const [beforeDir, afterDir, indexDir, questionsFile, count] = process.argv.slice(2);
if (!beforeDir || !afterDir || !indexDir || !questionsFile) {
  console.error(
    'usage: node scripts/bench/answer-stage-ab.mjs BEFORE_DIST AFTER_DIST INDEX_DIR QUESTIONS_FILE [COUNT]',
  );
  process.exit(2);
}
const runs = Number(process.env.RUNS ?? 3);
const n = Number(count ?? 300);
const mod = (root, path) => treeModules(root)(path);

const all = readFileSync(questionsFile, 'utf8').trim().split('\n');
let questions = all.slice(0, n);
if (process.env.PERIOD) {
  const { analyzeQuestion } = await mod(beforeDir, 'search/question.js');
  questions = all.filter((q) => analyzeQuestion(q).period).slice(0, n);
}
const warm = process.env.WARM ? all.slice(-Number(process.env.WARM)) : questions.slice(0, 20);

const embedder = process.env.MODEL ? await testModelEmbedder(treeModules(beforeDir), process.env.MODEL) : undefined;

const sides = [];
for (const [name, root] of [
  ['before', beforeDir],
  ['after', afterDir],
]) {
  const { loadIndex } = await mod(root, 'index/store.js');
  const { Archive } = await mod(root, 'search/archive.js');
  const { linkBuilder } = await mod(root, 'search/links.js');
  const { sharedSegmenter } = await mod(root, 'text/segment.js');
  const archive = new Archive(loadIndex(indexDir, 384), embedder, linkBuilder('http://localhost'));
  // As the bot does at start (src/cli/start.ts).
  sharedSegmenter().loadWholeDictionary();
  sides.push({ name, archive, ms: questions.map(() => []) });
}
for (const s of sides) for (const q of warm) await s.archive.ask(q);
for (let r = 0; r < runs; r++)
  for (const [i, q] of questions.entries()) {
    for (const s of (i + r) % 2 === 0 ? sides : [...sides].reverse())
      s.ms[i].push((await s.archive.ask(q)).timingsMs.answer);
  }

const f = (xs) => [50, 95, 99].map((p) => pct(xs, p).toFixed(2)).join(' / ');
console.log(`${questions.length} questions, ${runs} passes${embedder ? ', hybrid' : ''}; p50 / p95 / p99 ms`);
for (const s of sides) {
  const medians = s.ms.map((xs) => pct(xs, 50));
  console.log(
    `${s.name.padEnd(6)} pass 1 ${f(s.ms.map((xs) => xs[0]))}${runs > 1 ? ` | later passes ${f(s.ms.flatMap((xs) => xs.slice(1)))}` : ''} | each question's median p50 / p95 ${pct(medians, 50).toFixed(2)} / ${pct(medians, 95).toFixed(2)}`,
  );
}
await embedder?.dispose();
