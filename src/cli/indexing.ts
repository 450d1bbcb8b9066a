import cliProgress from 'cli-progress';
import type { Config } from '../config/config.js';
import { type Embedder, embedSettingsFrom, loadEmbedder, ModelLoadError } from '../embed/embedder.js';
import { type CachedEmbedder, VectorCacheError, withVectorCache } from '../embed/vector-cache.js';
import { BuildError, type BuildReport, buildIndex } from '../index/build.js';
import { formatWarning } from '../ingest/read-corpus.js';
import type { Logger } from '../log.js';
import { counted } from '../text/counted.js';
import type { LexicalMode } from '../text/tokenize.js';

// Building the index from a command (`index`, `ingest`): the model (behind the vector cache), a progress bar that
// says how much came from the cache, and one summary line.

export class IndexingError extends Error {}

export interface IndexingOptions {
  corpusDir: string;
  indexDir: string;
  full: boolean;
  compact: boolean;
  lexical: LexicalMode;
}

/** The model, cached; undefined (with the reason, loudly logged) when there is none and none was named. */
async function loadIndexEmbedder(
  config: Config,
  log: Logger,
): Promise<{ embedder?: CachedEmbedder | Embedder; lexicalReason?: string }> {
  let r: Awaited<ReturnType<typeof loadEmbedder>>;
  try {
    r = await loadEmbedder(embedSettingsFrom(config), log);
  } catch (e) {
    if (e instanceof ModelLoadError) throw new IndexingError(e.message);
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
  const e = r.embedder;
  log.info(`model: ${e.profile.name} (${e.dims} dimensions, ${e.profile.pooling} pooling)`);
  if (!config.vectorCacheFile) return { embedder: e };
  try {
    return { embedder: withVectorCache(e, config.vectorCacheFile, `${e.profile.name}|${config.EMBEDDING_DTYPE}`) };
  } catch (err) {
    await e.dispose();
    if (err instanceof VectorCacheError) throw new IndexingError(err.message);
    throw err;
  }
}

const reusedOf = (e: Embedder | undefined): number => (e && 'stats' in e ? (e as CachedEmbedder).stats.reused : 0);

/** Embedding progress: a bar on a terminal, otherwise a log line every 5 s and at the end; both say what was reused. */
function progressReporter(
  log: Logger,
  embedder: Embedder | undefined,
): { onProgress: (done: number, total: number) => void; stop: () => void } {
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          format: 'embedding |{bar}| {value}/{total} chunks ({reused} from the vector cache) · {eta_formatted} left',
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let lastLine = 0;
  const onProgress = (done: number, total: number): void => {
    const reused = reusedOf(embedder);
    if (bar) {
      if (done === 0) bar.start(total, 0, { reused });
      else bar.update(done, { reused });
    } else if (total > 0 && (done === total || Date.now() - lastLine > 5000)) {
      lastLine = Date.now();
      log.info(`embedding: ${done}/${total} chunks (${reused} from the vector cache)`);
    }
  };
  return { onProgress, stop: () => bar?.stop() };
}

function summary(report: BuildReport, indexDir: string, reused: number): string {
  const mode = report.mode === 'hybrid' ? 'HYBRID (dense + lexical)' : 'LEXICAL ONLY';
  const wrote = { index: 'written to', segment: 'updated (new segment) in', nothing: 'already up to date in' }[
    report.wrote
  ];
  const segments = `${counted(report.segments, 'segment')}${report.merges.length ? ` (${report.merges.length} merged)` : ''}`;
  const changes = `${report.added} added, ${report.changed} changed, ${report.removed} removed, ${report.unchanged} unchanged`;
  const embeddedNow = report.embedded - reused;
  const rate =
    embeddedNow > 0 && report.embedMs > 0
      ? ` · ${Math.round((embeddedNow / report.embedMs) * 1000)} chunks/s embedded`
      : '';
  const cached = reused ? ` (${reused} from the vector cache)` : '';
  return (
    `index ${mode} ${wrote} ${indexDir}: ${report.articles} articles, ${report.chunks} chunks · ${changes}` +
    ` · ${report.embedded} chunks embedded${cached}${rate} · ${segments} · ${(report.totalMs / 1000).toFixed(1)} s`
  );
}

/** Build or update the index and log what happened. Throws IndexingError with a message for the user. */
export async function runIndexing(config: Config, o: IndexingOptions, log: Logger): Promise<BuildReport> {
  const { embedder, lexicalReason } = await loadIndexEmbedder(config, log);
  const startedAt = Date.now();
  const progress = progressReporter(log, embedder);
  try {
    const report = await buildIndex({
      ...o,
      chunking: config.chunking,
      hnsw: config.hnsw,
      ...(embedder ? { embedder } : {}),
      ...(lexicalReason ? { lexicalReason } : {}),
      log,
      onProgress: progress.onProgress,
    });
    progress.stop();
    for (const w of report.warnings) log.warn(formatWarning(w));
    log.info(summary(report, o.indexDir, reusedOf(embedder)));
    // After a full build every live chunk was looked up: the rest of this model's vectors are stale.
    if (o.full && embedder && 'prune' in embedder) {
      const n = (embedder as CachedEmbedder).prune(startedAt);
      if (n > 0) log.info(`vector cache: ${n} vectors of chunks no longer indexed removed`);
    }
    return report;
  } catch (e) {
    progress.stop();
    if (e instanceof BuildError) throw new IndexingError(e.message);
    throw e;
  } finally {
    await embedder?.dispose();
  }
}
