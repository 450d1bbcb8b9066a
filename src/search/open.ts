import type { Config } from '../config/config.js';
import { type Embedder, embedSettingsFrom, loadEmbedder } from '../embed/embedder.js';
import { loadIndexAsync } from '../index/store.js';
import type { Logger } from '../log.js';
import { type AnswerSettings, Archive } from './archive.js';
import { linkBuilder } from './links.js';

/**
 * Open the index for questions: the index names its model, and that model is loaded for queries. If it cannot be
 * loaded, questions are answered lexically and the answer says so; the index itself is never changed here.
 */
export async function openArchive(
  config: Config,
  log: Logger,
  opts: { indexDir?: string; embedder?: Embedder; quiet?: boolean } = {},
): Promise<Archive> {
  const dir = opts.indexDir ?? config.INDEX_DIR;
  const data = await loadIndexAsync(dir, config.HNSW_EF_SEARCH);
  // A passed-in embedder is reused only for the model this index was built with.
  let embedder = opts.embedder && data.meta.model?.name === opts.embedder.profile.name ? opts.embedder : undefined;
  let reason: string | undefined;
  if (data.meta.mode === 'hybrid' && data.meta.model && !embedder) {
    const r = await loadEmbedder(
      embedSettingsFrom({ ...config, model: { name: data.meta.model.name, explicit: false } }),
      log,
    );
    if (r.ok) embedder = r.embedder;
    else {
      reason = `the index's model cannot be loaded: ${r.reason}`;
      if (!opts.quiet) log.warn(`LEXICAL SEARCH ONLY: ${reason}`);
    }
  } else if (data.meta.mode === 'lexical' && !opts.quiet) {
    log.warn(`LEXICAL SEARCH ONLY: this index has no embeddings (${data.meta.lexicalReason ?? 'no model'})`);
  }
  return new Archive(data, embedder, linkBuilder(config.publicBaseUrl), reason, answerSettings(config, embedder), {
    threads: config.SEARCH_THREADS,
    log: (line) => log.warn(line),
  });
}

/** The answer gate's settings: the calibrated defaults, and the model's similarity threshold where one is set. */
export function answerSettings(config: Config, embedder: Embedder | undefined): Partial<AnswerSettings> {
  const dense = config.ANSWER_DENSE_SIMILARITY ?? embedder?.profile.answerSimilarity;
  return dense === undefined ? {} : { denseSimilarity: dense };
}
