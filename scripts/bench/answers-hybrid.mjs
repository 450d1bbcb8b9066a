// Every answer of a hybrid index (the bench's 100k tier) with the random test model, as data, to compare two builds
// of the code that must answer alike (a speed change); docs/quality.md "Round seven" used it. Plain JavaScript over a
// compiled tree (as answer-stage-ab.mjs: its dist/ or any tsc output holding src/), so it runs the same on main:
//   node scripts/bench/answers-hybrid.mjs DIST OUT.jsonl [COUNT] [INDEX_DIR] [QUESTIONS_FILE]
//   cmp before.jsonl after.jsonl
// The first COUNT questions (300) of QUESTIONS_FILE (/tmp/data/questions.txt) over INDEX_DIR (/tmp/lead-h100k/index),
// asked twice (the second pass meets the caches), one line per answer: its JSON without the timings.
import { readFileSync, writeFileSync } from 'node:fs';
import { testModelEmbedder, treeModules } from './compiled-tree.mjs';

const [root, out, count, indexDir = '/tmp/lead-h100k/index', questionsFile = '/tmp/data/questions.txt'] =
  process.argv.slice(2);
if (!root || !out) {
  console.error('usage: node scripts/bench/answers-hybrid.mjs DIST OUT.jsonl [COUNT] [INDEX_DIR] [QUESTIONS_FILE]');
  process.exit(2);
}
const mod = treeModules(root);
const { loadIndex } = await mod('index/store.js');
const { Archive } = await mod('search/archive.js');
const { linkBuilder } = await mod('search/links.js');
const { sharedSegmenter } = await mod('text/segment.js');
const embedder = await testModelEmbedder(mod, 'local-test/char-bert-random-384');
const archive = new Archive(loadIndex(indexDir, 384), embedder, linkBuilder('http://localhost'));
if (archive.mode !== 'hybrid') throw new Error(`${indexDir} is not a hybrid index of the test model`);
sharedSegmenter().loadWholeDictionary();
const questions = readFileSync(questionsFile, 'utf8')
  .trim()
  .split('\n')
  .slice(0, Number(count ?? 300));
const lines = [];
for (let pass = 0; pass < 2; pass++)
  for (const q of questions) {
    const { timingsMs: _, ...answer } = await archive.ask(q);
    lines.push(JSON.stringify(answer));
  }
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`${lines.length} answers written to ${out}`);
await embedder.dispose();
