import type { Config } from '../config/config.js';
import { createLogger } from '../log.js';
import { LockedError, takeLock } from '../sources/lock.js';
import type { LexicalMode } from '../text/tokenize.js';
import { cliConfig, fail, parseCli, run } from './args.js';
import { IndexingError, type IndexingOptions, runIndexing } from './indexing.js';

const USAGE = `usage: npm run -s index -- [--corpus DIR] [--out DIR] [--full | --compact] [--lexical-mode char-bigram|jieba]

Reads the corpus, splits and chunks its articles, embeds new or changed ones, and writes the hybrid index
(HNSW + BM25) to DIR (default: embeddings/). Incremental unless --full: a change is written as a new segment
beside the others, and segments of about the same size merge as they accumulate (all into one, now, with --compact).
Vectors come from the vector cache (VECTOR_CACHE_FILE) where the same model embedded the same passage before.`;

/** The options, checked, then the settings (a wrong option is reported before a wrong setting, as in every command). */
function readOptions(): { config: Config; options: IndexingOptions } {
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

run(async () => {
  const { config, options } = readOptions();
  const log = createLogger(config.LOG_LEVEL);
  let release: (() => void) | undefined;
  try {
    // One build per index at a time: `npm start`'s scheduled ingest may be building into the same folder.
    release = takeLock(options.indexDir);
    await runIndexing(config, options, log);
    release();
  } catch (e) {
    release?.(); // before fail(), which exits
    if (e instanceof IndexingError || e instanceof LockedError) fail(e.message, 1);
    throw e;
  }
});
