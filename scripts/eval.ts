// Retrieval and answer quality: Recall@1/5/10 and MRR@10 at chunk level, and the answer-in-quote rate, on the
// sample question set (data/eval/sample-questions.jsonl) and on the CMRC 2018 dev set (../shared/eval/cmrc2018).
//
//   npm run eval                       # both sets, with whatever model the settings give (lexical here)
//   npm run eval -- --set cmrc --lexical-mode jieba
//   npm run eval -- --model test       # the generated random test model: exercises the hybrid path, not semantic
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { configFromEnvironment } from '../src/config/env.js';
import { type Embedder, embedSettingsFrom, loadEmbedder } from '../src/embed/embedder.js';
import { buildIndex } from '../src/index/build.js';
import { loadIndex } from '../src/index/store.js';
import { createLogger } from '../src/log.js';
import { Archive } from '../src/search/archive.js';
import { linkBuilder } from '../src/search/links.js';
import { squash } from '../src/text/normalize.js';
import type { LexicalMode } from '../src/text/tokenize.js';
import { ensureTestModel, TEST_MODEL_NAME } from '../tools/make-test-model.js';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'all' },
    model: { type: 'string' },
    'lexical-mode': { type: 'string', default: 'char-bigram' },
    cmrc: { type: 'string', default: '../shared/eval/cmrc2018/cmrc2018_dev.squad.json' },
    limit: { type: 'string' },
  },
});
const config = configFromEnvironment();
const log = createLogger('warn');

interface Q {
  question: string;
  answers: string[];
}

async function embedder(): Promise<Embedder | undefined> {
  if (values.model === 'test') {
    const dir = ensureTestModel(join(tmpdir(), 'local-news-bot-models'));
    const r = await loadEmbedder(
      {
        ...embedSettingsFrom(config),
        model: { name: TEST_MODEL_NAME, explicit: true },
        modelDir: dir.slice(0, -TEST_MODEL_NAME.length - 1),
        dtype: 'fp32',
      },
      log,
    );
    return r.ok ? r.embedder : undefined;
  }
  const r = await loadEmbedder(
    embedSettingsFrom(values.model ? { ...config, model: { name: values.model, explicit: true } } : config),
    log,
  );
  return r.ok ? r.embedder : undefined;
}

async function evaluate(
  name: string,
  corpusDir: string,
  questions: Q[],
  emb: Embedder | undefined,
  negatives: string[] = [],
): Promise<string> {
  const indexDir = mkdtempSync(join(tmpdir(), 'eval-index-'));
  const t0 = performance.now();
  const report = await buildIndex({
    corpusDir,
    indexDir,
    full: true,
    chunking: config.chunking,
    hnsw: config.hnsw,
    lexical: values['lexical-mode'] as LexicalMode,
    ...(emb ? { embedder: emb } : { lexicalReason: 'no model' }),
    log,
  });
  const buildS = (performance.now() - t0) / 1000;
  const archive = new Archive(loadIndex(indexDir, config.HNSW_EF_SEARCH), emb, linkBuilder('http://localhost'));
  let r1 = 0;
  let r5 = 0;
  let r10 = 0;
  let mrr = 0;
  let inQuote = 0;
  let answered = 0;
  let quoteChars = 0;
  let nQuotes = 0;
  const tq = performance.now();
  for (const q of questions) {
    const a = await archive.ask(q.question, { top: 10 });
    const gold = q.answers.map(squash).filter(Boolean);
    const rank = a.hits.findIndex((h) => gold.some((g) => squash(h.text).includes(g)));
    if (rank === 0) r1++;
    if (rank >= 0 && rank < 5) r5++;
    if (rank >= 0 && rank < 10) {
      r10++;
      mrr += 1 / (rank + 1);
    }
    if (a.answered) answered++;
    const quoted = squash(a.quotes.map((x) => x.text).join(''));
    if (gold.some((g) => quoted.includes(g))) inQuote++;
    for (const x of a.quotes) {
      quoteChars += Array.from(x.text).length;
      nQuotes++;
    }
  }
  const perQ = (performance.now() - tq) / questions.length;
  let falseAnswers = 0;
  for (const q of negatives) if ((await archive.ask(q)).answered) falseAnswers++;
  rmSync(indexDir, { recursive: true, force: true });
  const n = questions.length;
  const f = (x: number): string => (x / n).toFixed(3);
  return `| ${name} | ${report.mode}${emb ? ` (${emb.profile.name})` : ''}, ${values['lexical-mode']} | ${n} | ${report.chunks} | ${f(r1)} | ${f(r5)} | ${f(r10)} | ${(mrr / n).toFixed(3)} | ${f(inQuote)} | ${f(answered)} | ${nQuotes ? Math.round(quoteChars / nQuotes) : 0} | ${negatives.length ? `${falseAnswers}/${negatives.length}` : 'n/a'} | ${buildS.toFixed(1)} s / ${perQ.toFixed(1)} ms |`;
}

const emb = await embedder();
const rows: string[] = [];
const limit = values.limit ? Number(values.limit) : Infinity;
if (values.set === 'all' || values.set === 'sample') {
  const qs = readFileSync('data/eval/sample-questions.jsonl', 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Q);
  const negatives = readFileSync('data/eval/sample-unanswerable.txt', 'utf8').trim().split('\n');
  rows.push(await evaluate('sample pages', 'data/sample', qs.slice(0, limit), emb, negatives));
}
if (values.set === 'all' || values.set === 'cmrc') {
  if (!existsSync(values.cmrc!)) {
    console.error(`CMRC 2018 dev set not found at ${values.cmrc}; pass --cmrc PATH`);
  } else {
    const squad = JSON.parse(readFileSync(values.cmrc!, 'utf8')) as {
      data: {
        title: string;
        paragraphs: { id: string; context: string; qas: { question: string; answers: { text: string }[] }[] }[];
      }[];
    };
    const dir = mkdtempSync(join(tmpdir(), 'cmrc-corpus-'));
    const lines: string[] = [];
    const qs: Q[] = [];
    for (const d of squad.data) {
      for (const p of d.paragraphs) {
        lines.push(JSON.stringify({ id: p.id, title: d.title, source: 'CMRC 2018 (Wikipedia)', text: p.context }));
        for (const qa of p.qas) qs.push({ question: qa.question, answers: qa.answers.map((x) => x.text) });
      }
    }
    writeFileSync(join(dir, 'cmrc.jsonl'), `${lines.join('\n')}\n`);
    rows.push(await evaluate('CMRC 2018 dev', dir, qs.slice(0, limit), emb));
    rmSync(dir, { recursive: true, force: true });
  }
}
await emb?.dispose();
console.log(
  '| set | mode | questions | chunks | R@1 | R@5 | R@10 | MRR@10 | answer in quote | answered | quote chars | answered unanswerable | build / per question |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
