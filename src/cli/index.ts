import cliProgress from 'cli-progress';
import { type Embedder, embedSettingsFrom, loadEmbedder, ModelLoadError } from '../embed/embedder.js';
import { BuildError, buildIndex } from '../index/build.js';
import { formatWarning } from '../ingest/read-corpus.js';
import { createLogger } from '../log.js';
import type { LexicalMode } from '../text/tokenize.js';
import { cliConfig, fail, parseCli, run } from './args.js';

const USAGE = `usage: npm run -s index -- [--corpus DIR] [--out DIR] [--full | --compact] [--lexical-mode char-bigram|jieba]

Reads the corpus, splits and chunks its articles, embeds new or changed ones, and writes the hybrid index
(HNSW + BM25) to DIR (default: embeddings/). Incremental unless --full: a change is written as a new segment
beside the others, and segments of about the same size merge as they accumulate (all into one, now, with --compact).`;

run(async () => {
  const { values } = parseCli(USAGE, {
    corpus: { type: 'string' },
    out: { type: 'string' },
    full: { type: 'boolean' },
    compact: { type: 'boolean' },
    'lexical-mode': { type: 'string' },
  });
  const config = cliConfig();
  const log = createLogger(config.LOG_LEVEL);
  const lexical = (values['lexical-mode'] ?? 'char-bigram') as LexicalMode;
  if (!['char-bigram', 'jieba'].includes(lexical))
    fail(`--lexical-mode must be char-bigram or jieba, not "${lexical}"\n\n${USAGE}`);
  if (values.full && values.compact)
    fail(`--full rebuilds everything and --compact merges the existing segments into one; use one of them\n\n${USAGE}`);
  const corpusDir = values.corpus ?? config.CORPUS_DIR;
  const indexDir = values.out ?? config.INDEX_DIR;

  let embedder: Embedder | undefined;
  let lexicalReason: string | undefined;
  try {
    const r = await loadEmbedder(embedSettingsFrom(config), log);
    if (r.ok) embedder = r.embedder;
    else lexicalReason = r.reason;
  } catch (e) {
    if (e instanceof ModelLoadError) fail(e.message, 1);
    throw e;
  }
  if (!embedder) {
    log.warn('');
    log.warn('*** NO EMBEDDING MODEL: building a LEXICAL-ONLY index (BM25). ***');
    log.warn(`*** ${lexicalReason} ***`);
    log.warn('*** Questions will be matched by their words, not their meaning. See README "Embedding model". ***');
    log.warn('');
  } else log.info(`model: ${embedder.profile.name} (${embedder.dims} dimensions, ${embedder.profile.pooling} pooling)`);

  const tty = process.stderr.isTTY;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: 'embedding |{bar}| {value}/{total} chunks · {eta_formatted} left', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let lastLine = 0;
  try {
    const report = await buildIndex({
      corpusDir,
      indexDir,
      full: Boolean(values.full),
      compact: Boolean(values.compact),
      chunking: config.chunking,
      hnsw: config.hnsw,
      lexical,
      ...(embedder ? { embedder } : {}),
      ...(lexicalReason ? { lexicalReason } : {}),
      log,
      onProgress: (done, total) => {
        if (bar) {
          if (done === 0) bar.start(total, 0);
          else bar.update(done);
        } else if (total > 0 && (done === total || Date.now() - lastLine > 5000)) {
          lastLine = Date.now();
          log.info(`embedding: ${done}/${total} chunks`);
        }
      },
    });
    bar?.stop();
    for (const w of report.warnings) log.warn(formatWarning(w));
    const rate =
      report.embedded > 0 && report.embedMs > 0
        ? ` · ${Math.round((report.embedded / report.embedMs) * 1000)} chunks/s embedded`
        : '';
    const wrote = { index: 'written to', segment: 'updated (new segment) in', nothing: 'already up to date in' }[
      report.wrote
    ];
    log.info(
      `index ${report.mode === 'hybrid' ? 'HYBRID (dense + lexical)' : 'LEXICAL ONLY'} ${wrote} ${indexDir}: ` +
        `${report.articles} articles, ${report.chunks} chunks · ${report.added} added, ${report.changed} changed, ${report.removed} removed, ${report.unchanged} unchanged` +
        ` · ${report.embedded} chunks embedded${rate} · ${report.segments} segment${report.segments === 1 ? '' : 's'}` +
        `${report.merges.length ? ` (${report.merges.length} merged)` : ''} · ${(report.totalMs / 1000).toFixed(1)} s`,
    );
  } catch (e) {
    bar?.stop();
    if (e instanceof BuildError) fail(e.message, 1);
    throw e;
  } finally {
    await embedder?.dispose();
  }
});
