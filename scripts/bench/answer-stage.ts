// The answer stage alone (`timingsMs.answer`: question analysis, fusion, quotes, the gate) over a built index, in one
// process, question by question; docs/quality.md "Speed" reports it. For a lexical index built by the bench (`--keep`):
//   chrt -f 1 node --import tsx scripts/bench/answer-stage.ts DIR/index-100000 DIR/questions.txt 300
// WHOLE_DICTIONARY=1 first loads jieba's whole dictionary, as the bot does at start. RUNS=3 asks every question three
// times and also reports the p95 of each question's median: which questions are slow, apart from which run they met.
import { readFileSync } from 'node:fs';
import { loadIndex } from '../../src/index/store.js';
import { Archive } from '../../src/search/archive.js';
import { linkBuilder } from '../../src/search/links.js';
import { sharedSegmenter } from '../../src/text/segment.js';
import { pct } from './percentiles.mjs';

const [indexDir, questionsFile, count] = process.argv.slice(2);
if (!indexDir || !questionsFile) {
  console.error('usage: node --import tsx scripts/bench/answer-stage.ts INDEX_DIR QUESTIONS_FILE [COUNT]');
  process.exit(2);
}
const archive = new Archive(loadIndex(indexDir, 384), undefined, linkBuilder('http://localhost'));
const questions = readFileSync(questionsFile, 'utf8')
  .trim()
  .split('\n')
  .slice(0, Number(count ?? 300));
if (process.env.WHOLE_DICTIONARY) sharedSegmenter().loadWholeDictionary();
for (const q of questions.slice(0, 20)) await archive.ask(q); // warm up
const runs = Number(process.env.RUNS ?? 1);
const perQuestion: number[][] = questions.map(() => []);
for (let r = 0; r < runs; r++)
  for (const [i, q] of questions.entries()) perQuestion[i]!.push((await archive.ask(q)).timingsMs.answer);
const ms = perQuestion.map((xs) => xs[0]!);
const f = (xs: number[], p: number): string => pct(xs, p).toFixed(2);
console.log(
  `answer stage p50 / p95 / p99: ${f(ms, 50)} / ${f(ms, 95)} / ${f(ms, 99)} ms over ${questions.length} questions`,
);
if (runs > 1) {
  const medians = perQuestion.map((xs) => pct(xs, 50));
  console.log(`each question's median of ${runs} runs: p50 / p95 ${f(medians, 50)} / ${f(medians, 95)} ms`);
}
