// Every answer of the development sets as data, to diff before and after a change that must not change answers (a
// speed change): the reader set, the sample questions and their unanswerable ones, and CMRC 2018 dev, each asked as
// `npm run eval` asks it. One JSON line per question: answered, intent, confidence, the quotes (article, text, mark).
//   node --import tsx scripts/eval/answers-snapshot.ts OUT.jsonl [--cmrc PATH] [--limit N]
//   diff <(cut -c1-2000 before.jsonl) <(cut -c1-2000 after.jsonl)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { configFromEnvironment } from '../../src/config/env.js';
import { buildIndex } from '../../src/index/build.js';
import { loadIndex } from '../../src/index/store.js';
import { createLogger } from '../../src/log.js';
import { type Answer, Archive, type AskOptions } from '../../src/search/archive.js';
import { linkBuilder } from '../../src/search/links.js';
import { answerSettings } from '../../src/search/open.js';
import { readLines } from './reader.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { cmrc: { type: 'string' }, limit: { type: 'string' } },
});
const outFile = positionals[0];
if (!outFile) {
  console.error('usage: node --import tsx scripts/eval/answers-snapshot.ts OUT.jsonl [--cmrc PATH] [--limit N]');
  process.exit(2);
}
const config = configFromEnvironment();
const log = createLogger('warn');
const limit = values.limit ? Number(values.limit) : Infinity;
/** As scripts/eval.ts: the reader set's relative periods are read against this day. */
const READER_NOW = new Date('2026-11-30T12:00:00Z');

async function open(corpusDir: string): Promise<Archive> {
  const indexDir = mkdtempSync(join(tmpdir(), 'snapshot-index-'));
  await buildIndex({
    corpusDir,
    indexDir,
    full: true,
    chunking: config.chunking,
    hnsw: config.hnsw,
    lexical: 'char-bigram',
    lexicalReason: 'no model',
    log,
  });
  const data = loadIndex(indexDir, config.HNSW_EF_SEARCH);
  rmSync(indexDir, { recursive: true, force: true });
  return new Archive(data, undefined, linkBuilder('http://localhost'), undefined, answerSettings(config, undefined));
}

/** What an answer says, without its timings. */
function shape(set: string, question: string, a: Answer): string {
  return JSON.stringify({
    set,
    question,
    answered: a.answered,
    intent: a.intent,
    answerType: a.answerType,
    confidence: a.confidence,
    quotes: a.quotes.map((q) => ({ id: q.articleId, chunk: q.chunkId, text: q.text, mark: q.mark ?? null })),
    hits: a.hits.map((h) => h.chunkId),
  });
}

const lines: string[] = [];
async function askAll(set: string, archive: Archive, questions: string[], opts: AskOptions): Promise<void> {
  for (const q of questions.slice(0, limit)) lines.push(shape(set, q, await archive.ask(q, opts)));
}

const sample = await open('data/sample');
const reader = readLines('data/eval/reader-questions.jsonl').map((l) => l.question);
await askAll('reader', sample, reader, { top: 10, now: READER_NOW });
const sampleQs = readFileSync('data/eval/sample-questions.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { question: string }).question);
await askAll('sample', sample, sampleQs, { top: 10 });
await askAll(
  'sample-unanswerable',
  sample,
  readFileSync('data/eval/sample-unanswerable.txt', 'utf8').trim().split('\n'),
  {},
);

const squad = JSON.parse(readFileSync(values.cmrc ?? config.EVAL_CMRC_PATH, 'utf8')) as {
  data: { title: string; paragraphs: { id: string; context: string; qas: { question: string }[] }[] }[];
};
const dir = mkdtempSync(join(tmpdir(), 'snapshot-cmrc-'));
const paragraphs = squad.data.flatMap((d) => d.paragraphs.map((p) => ({ title: d.title, ...p })));
writeFileSync(
  join(dir, 'cmrc.jsonl'),
  `${paragraphs.map((p) => JSON.stringify({ id: p.id, title: p.title, source: 'CMRC 2018 (Wikipedia)', text: p.context })).join('\n')}\n`,
);
const cmrc = await open(dir);
rmSync(dir, { recursive: true, force: true });
await askAll(
  'cmrc',
  cmrc,
  paragraphs.flatMap((p) => p.qas.map((qa) => qa.question)),
  { top: 10 },
);
writeFileSync(outFile, `${lines.join('\n')}\n`);
console.log(`${lines.length} answers written to ${outFile}`);
