// The answer stage alone (`timingsMs.answer`: question analysis, fusion, quotes, the gate) over a built index, in one
// process, question by question; docs/quality.md "Speed" reports it. For a lexical index built by the bench (`--keep`):
//   chrt -f 1 node --import tsx scripts/bench/answer-stage.ts DIR/index-100000 DIR/questions.txt 300
// WHOLE_DICTIONARY=1 first loads jieba's whole dictionary, as a long-running bot has after its first questions.
import { readFileSync } from 'node:fs';
import { loadIndex } from '../../src/index/store.js';
import { Archive } from '../../src/search/archive.js';
import { linkBuilder } from '../../src/search/links.js';
import { tagWords } from '../../src/text/segment.js';
import { pct } from './percentiles.js';

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
if (process.env.WHOLE_DICTIONARY) tagWords('开发区'.repeat(15_000)); // past the partial loading's limit
for (const q of questions.slice(0, 20)) await archive.ask(q); // warm up
const ms: number[] = [];
for (const q of questions) ms.push((await archive.ask(q)).timingsMs.answer);
const f = (p: number): string => pct(ms, p).toFixed(2);
console.log(`answer stage p50 / p95 / p99: ${f(50)} / ${f(95)} / ${f(99)} ms over ${questions.length} questions`);
