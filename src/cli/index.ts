import cliProgress from 'cli-progress';
import type { Config } from '../config/config.js';
import { type Embedder, embedSettingsFrom, loadEmbedder, ModelLoadError } from '../embed/embedder.js';
import { BuildError, type BuildReport, buildIndex } from '../index/build.js';
import { formatWarning } from '../ingest/read-corpus.js';
import { createLogger, type Logger } from '../log.js';
import type { LexicalMode } from '../text/tokenize.js';
import { cliConfig, fail, parseCli, run } from './args.js';

const USAGE = `usage: npm run -s index -- [--corpus DIR] [--out DIR] [--full | --compact] [--lexical-mode char-bigram|jieba]

Reads the corpus, splits and chunks its articles, embeds new or changed ones, and writes the hybrid index
(HNSW + BM25) to DIR (default: embeddings/). Incremental unless --full: a change is written as a new segment
beside the others, and segments of about the same size merge as they accumulate (all into one, now, with --compact).`;

interface Options {
  corpusDir: string;
  indexDir: string;
  full: boolean;
  compact: boolean;
  lexical: LexicalMode;
}

/** The options, checked, then the settings (a wrong option is reported before a wrong setting, as in every command). */
function readOptions(): { config: Config; options: Options } {
  const { values } = parseCli(USAGE, {
    corpus: { type: 'string' },
    out: { type: 'string' },
    full: { type: 'boolean' },
    compact: { type: 'boolean' },
    'lexical-mode': { type: 'string' },
  });
  const lexical = (values['lexical-mode'] ?? 'char-bigram') as LexicalMode;
  if (!['char-bigram', 'jieba'].includes(lexical))
    fail(`--lexical-mode must be char-bigram or jieba, not "${lexical}"\n\n${USAGE}`);
  if (values.full && values.compact)
    fail(`--full rebuilds everything and --compact merges the existing segments into one; use one of them\n\n${USAGE}`);
  const config = cliConfig();
  const options = {
    corpusDir: values.corpus ?? config.CORPUS_DIR,
    indexDir: values.out ?? config.INDEX_DIR,
    full: Boolean(values.full),
    compact: Boolean(values.compact),
    lexical,
  };
  return { config, options };
}

type Model = { embedder: Embedder } | { lexicalReason: string };

/** The embedding model, or why the index will be lexical only (said loudly); a model named and not loaded exits 1. */
async function loadModel(config: Config, log: Logger): Promise<Model> {
  let r: Awaited<ReturnType<typeof loadEmbedder>>;
  try {
    r = await loadEmbedder(embedSettingsFrom(config), log);
  } catch (e) {
    if (e instanceof ModelLoadError) fail(e.message, 1);
    throw e;
  }
  if (!r.ok) {
    log.warn('');
    log.warn('*** NO EMBEDDING MODEL: building a LEXICAL-ONLY index (BM25). ***');
    log.warn(`*** ${r.reason} ***`);
    log.warn('*** Questions will be matched by their words, not their meaning. See README "Embedding model". ***');
    log.warn('');
    return { lexicalReason: r.reason };
  }
  const { embedder } = r;
  log.info(`model: ${embedder.profile.name} (${embedder.dims} dimensions, ${embedder.profile.pooling} pooling)`);
  return { embedder };
}

/** Embedding progress: a bar on a terminal, otherwise a log line every 5 s and at the end. */
function progressReporter(log: Logger): { onProgress: (done: number, total: number) => void; stop: () => void } {
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: 'embedding |{bar}| {value}/{total} chunks · {eta_formatted} left', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let lastLine = 0;
  const onProgress = (done: number, total: number): void => {
    if (bar) {
      if (done === 0) bar.start(total, 0);
      else bar.update(done);
    } else if (total > 0 && (done === total || Date.now() - lastLine > 5000)) {
      lastLine = Date.now();
      log.info(`embedding: ${done}/${total} chunks`);
    }
  };
  return { onProgress, stop: () => bar?.stop() };
}

function summary(report: BuildReport, indexDir: string): string {
  const mode = report.mode === 'hybrid' ? 'HYBRID (dense + lexical)' : 'LEXICAL ONLY';
  const wrote = { index: 'written to', segment: 'updated (new segment) in', nothing: 'already up to date in' }[
    report.wrote
  ];
  const segments = `${report.segments} segment${report.segments === 1 ? '' : 's'}${report.merges.length ? ` (${report.merges.length} merged)` : ''}`;
  const changes = `${report.added} added, ${report.changed} changed, ${report.removed} removed, ${report.unchanged} unchanged`;
  const rate =
    report.embedded > 0 && report.embedMs > 0
      ? ` · ${Math.round((report.embedded / report.embedMs) * 1000)} chunks/s embedded`
      : '';
  return (
    `index ${mode} ${wrote} ${indexDir}: ${report.articles} articles, ${report.chunks} chunks · ${changes}` +
    ` · ${report.embedded} chunks embedded${rate} · ${segments} · ${(report.totalMs / 1000).toFixed(1)} s`
  );
}

run(async () => {
  const { config, options } = readOptions();
  const log = createLogger(config.LOG_LEVEL);
  const model = await loadModel(config, log);
  const progress = progressReporter(log);
  try {
    const report = await buildIndex({
      ...options,
      chunking: config.chunking,
      hnsw: config.hnsw,
      ...model,
      log,
      onProgress: progress.onProgress,
    });
    progress.stop();
    for (const w of report.warnings) log.warn(formatWarning(w));
    log.info(summary(report, options.indexDir));
  } catch (e) {
    progress.stop();
    if (e instanceof BuildError) fail(e.message, 1);
    throw e;
  } finally {
    if ('embedder' in model) await model.embedder.dispose();
  }
});
