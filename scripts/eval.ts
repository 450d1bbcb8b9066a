// Retrieval and answer quality (docs/quality.md):
//   - the reader-question sets (data/eval/README.md): success per intent, unanswerable and chat lines;
//     the held-out sets report aggregate figures only;
//   - the sample questions (data/eval/sample-questions.jsonl) and CMRC 2018 dev: R@k, answer in quote, precision.
//
//   npm run eval                       # every set found but the held-out ones, with the settings' model (lexical here)
//   npm run eval -- --set heldout,heldout2,heldout3,heldout4   # the held-out sets, aggregates only: run once at the end of a change
//   npm run eval -- --set reader --failures   # the development reader set, with its failing lines
//   npm run eval -- --calibrate        # the answer gate's precision / answered curves
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
import { type AnswerSettings, Archive } from '../src/search/archive.js';
import { linkBuilder } from '../src/search/links.js';
import { answerSettings } from '../src/search/open.js';
import type { LexicalMode } from '../src/text/tokenize.js';
import { ensureTestModel, TEST_MODEL_NAME } from '../tools/make-test-model.js';
import { curve, type GatePoint, point } from './eval/calibrate.js';
import { failures, lostEvidence, readerTable, readLines, runReader } from './eval/reader.js';
import { type GoldQuestion, goldInQuote, RETRIEVAL_HEADER, retrievalRow, scoreRetrieval } from './eval/retrieval.js';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'all' },
    model: { type: 'string' },
    'lexical-mode': { type: 'string', default: 'char-bigram' },
    cmrc: { type: 'string' },
    limit: { type: 'string' },
    failures: { type: 'boolean' },
    calibrate: { type: 'boolean' },
  },
});
const config = configFromEnvironment();
const log = createLogger('warn');
/** The reader-question sets (data/eval/README.md), each named once: its file, its title, whether it is held out. */
const READER_SETS = [
  { set: 'reader', file: 'reader-questions.jsonl', title: 'reader (development)' },
  { set: 'heldout', file: 'reader-heldout.jsonl', title: 'reader (held-out)', heldOut: true },
  {
    set: 'heldout2',
    file: 'reader-heldout2.jsonl',
    title: 'reader (second held-out, written independently)',
    heldOut: true,
  },
  {
    set: 'heldout3',
    file: 'reader-heldout3.jsonl',
    title: 'reader (third held-out, written independently)',
    heldOut: true,
  },
  {
    set: 'heldout4',
    file: 'reader-heldout4.jsonl',
    title: 'reader (fourth held-out: traps and chatter, written independently)',
    heldOut: true,
  },
] as const;
const SETS = [...READER_SETS.map((r) => r.set), 'sample', 'cmrc'] as const;
/** Held-out sets run only when named: each look at them is a little tuning. */
const HELD_OUT: readonly string[] = READER_SETS.filter((r) => 'heldOut' in r).map((r) => r.set);
const wanted = (s: (typeof SETS)[number]): boolean =>
  values.set === 'all' ? !HELD_OUT.includes(s) : values.set!.split(',').includes(s);
const cmrcPath = values.cmrc ?? config.EVAL_CMRC_PATH;
const limit = values.limit ? Number(values.limit) : Infinity;
/** Reader questions' relative periods are read against a fixed day, so the figures do not drift with the clock. */
const READER_NOW = new Date('2026-11-30T12:00:00Z');
const lexicalMode = values['lexical-mode'] as LexicalMode;

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

/** Index a corpus into a temporary folder and open it. */
async function openCorpus(corpusDir: string, emb: Embedder | undefined, settings: Partial<AnswerSettings> = {}) {
  const indexDir = mkdtempSync(join(tmpdir(), 'eval-index-'));
  const t0 = performance.now();
  const report = await buildIndex({
    corpusDir,
    indexDir,
    full: true,
    chunking: config.chunking,
    hnsw: config.hnsw,
    lexical: lexicalMode,
    ...(emb ? { embedder: emb } : { lexicalReason: 'no model' }),
    log,
  });
  const buildS = (performance.now() - t0) / 1000;
  const archive = new Archive(
    loadIndex(indexDir, config.HNSW_EF_SEARCH),
    emb,
    linkBuilder('http://localhost'),
    undefined,
    {
      ...answerSettings(config, emb),
      ...settings,
    },
  );
  rmSync(indexDir, { recursive: true, force: true });
  const mode = `${report.mode}${emb ? ` (${emb.profile.name})` : ''}, ${lexicalMode}`;
  return { archive, buildS, mode, chunks: report.chunks };
}

/** CMRC 2018 dev as a feed corpus in a temporary folder, with its questions. */
function cmrcCorpus(): { dir: string; questions: GoldQuestion[] } {
  const squad = JSON.parse(readFileSync(cmrcPath, 'utf8')) as {
    data: {
      title: string;
      paragraphs: { id: string; context: string; qas: { question: string; answers: { text: string }[] }[] }[];
    }[];
  };
  const dir = mkdtempSync(join(tmpdir(), 'cmrc-corpus-'));
  const lines: string[] = [];
  const questions: GoldQuestion[] = [];
  for (const d of squad.data) {
    for (const p of d.paragraphs) {
      lines.push(JSON.stringify({ id: p.id, title: d.title, source: 'CMRC 2018 (Wikipedia)', text: p.context }));
      for (const qa of p.qas) questions.push({ question: qa.question, answers: qa.answers.map((x) => x.text) });
    }
  }
  writeFileSync(join(dir, 'cmrc.jsonl'), `${lines.join('\n')}\n`);
  return { dir, questions: questions.slice(0, limit) };
}

const readJsonl = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

/** The reader sets on the sample archive; the held-out ones as aggregates only. */
async function readerSets(emb: Embedder | undefined, out: string[]): Promise<void> {
  const { archive, mode } = await openCorpus('data/sample', emb);
  for (const { set, file, title } of READER_SETS) {
    if (!wanted(set)) continue;
    const judged = await runReader(archive, readLines(`data/eval/${file}`).slice(0, limit), READER_NOW);
    out.push('', ...readerTable(`${title}, ${mode}`, judged));
    if (set === 'reader' && values.failures) out.push('', '```', ...failures(judged), '```');
  }
}

async function retrievalSets(emb: Embedder | undefined, out: string[], missing: string[]): Promise<void> {
  const rows: string[] = [];
  if (wanted('sample')) {
    const { archive, buildS, mode, chunks } = await openCorpus('data/sample', emb);
    const qs = readJsonl<GoldQuestion>('data/eval/sample-questions.jsonl').slice(0, limit);
    const negatives = readFileSync('data/eval/sample-unanswerable.txt', 'utf8').trim().split('\n');
    rows.push(retrievalRow('sample pages', mode, chunks, await scoreRetrieval(archive, qs, negatives), buildS));
  }
  if (wanted('cmrc')) {
    if (!existsSync(cmrcPath)) missing.push(cmrcMissing());
    else {
      const { dir, questions } = cmrcCorpus();
      const { archive, buildS, mode, chunks } = await openCorpus(dir, emb);
      rows.push(retrievalRow('CMRC 2018 dev', mode, chunks, await scoreRetrieval(archive, questions), buildS));
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (rows.length) out.push('', ...RETRIEVAL_HEADER, ...rows);
}

function cmrcMissing(): string {
  return `CMRC 2018 dev NOT RUN: no file at ${cmrcPath}. Get cmrc2018_dev.json from the CMRC 2018 project (github.com/ymcui/cmrc2018, squad-style-data/; CC BY-SA 4.0) and point EVAL_CMRC_PATH (or --cmrc) at it.`;
}

/** The gate opened (thresholds 0) on every development set, for the curves in docs/quality.md. */
async function calibrate(emb: Embedder | undefined, out: string[]): Promise<void> {
  const open = { factoid: 0, overview: 0, list: 0 };
  const { archive } = await openCorpus('data/sample', emb, open);
  const reader = await runReader(archive, readLines(`data/eval/${READER_SETS[0].file}`), READER_NOW);
  const byIntent = (intent: string): GatePoint[] =>
    reader
      .filter((j) => j.answer.intent === intent && j.line.intent !== 'chatter')
      .map((j) => point(j.answer, j.right, j.line.intent === 'unanswerable'));
  out.push('', ...curve('reader (development), factoid replies', byIntent('factoid')));
  out.push('', ...curve('reader (development), overview replies', byIntent('overview')));
  out.push('', ...curve('reader (development), list replies', byIntent('list')));
  const sample: GatePoint[] = [];
  for (const q of readJsonl<GoldQuestion>('data/eval/sample-questions.jsonl')) {
    const a = await archive.ask(q.question);
    sample.push(point(a, goldInQuote(a, q.answers)));
  }
  for (const q of readFileSync('data/eval/sample-unanswerable.txt', 'utf8').trim().split('\n'))
    sample.push(point(await archive.ask(q), false, true));
  out.push('', ...curve('sample questions', sample));
  if (!existsSync(cmrcPath)) return;
  const { dir, questions } = cmrcCorpus();
  const cmrc = await openCorpus(dir, emb, open);
  const points: GatePoint[] = [];
  for (const q of questions) {
    const a = await cmrc.archive.ask(q.question, { top: 10 });
    points.push(point(a, goldInQuote(a, q.answers)));
  }
  rmSync(dir, { recursive: true, force: true });
  out.push('', ...curve('CMRC 2018 dev', points));
}

const emb = await embedder();
const out: string[] = [];
const missing: string[] = [];
const ran = SETS.filter((s) => wanted(s) && (s !== 'cmrc' || existsSync(cmrcPath)));
if (values.calibrate) await calibrate(emb, out);
else {
  await readerSets(emb, out);
  await retrievalSets(emb, out, missing);
}
await emb?.dispose();
console.log(`EVAL: ${values.calibrate ? 'gate calibration' : `sets run: ${ran.join(', ') || 'none'}`}`);
for (const m of missing) console.log(`EVAL: ${m}`);
if (values.set === 'all')
  console.log(`EVAL: the held-out reader sets run only when named: --set ${HELD_OUT.join(',')}`);
for (const e of new Set(lostEvidence))
  console.log(`EVAL: WARNING evidence in no article of the archive (the ingest lost or changed it): ${e}`);
console.log(out.join('\n'));
