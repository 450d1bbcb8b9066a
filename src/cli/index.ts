import { createLogger } from '../log.js';
import { LockedError, takeLock } from '../sources/lock.js';
import type { LexicalMode } from '../text/tokenize.js';
import { cliConfig, fail, parseCli, run } from './args.js';
import { IndexingError, runIndexing } from './indexing.js';

const USAGE = `usage: npm run -s index -- [--corpus DIR] [--out DIR] [--full | --compact] [--lexical-mode char-bigram|jieba]

Reads the corpus, splits and chunks its articles, embeds new or changed ones, and writes the hybrid index
(HNSW + BM25) to DIR (default: embeddings/). Incremental unless --full: a small change is written as a delta
beside the live version, and the deltas are folded into a new version once they grow (or now, with --compact).
Vectors come from the vector cache (VECTOR_CACHE_FILE) where the same model embedded the same passage before.`;

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
    fail(`--full rebuilds everything and --compact folds the existing deltas in; use one of them\n\n${USAGE}`);
  const indexDir = values.out ?? config.INDEX_DIR;
  let release: (() => void) | undefined;
  try {
    release = takeLock(indexDir);
    await runIndexing(
      config,
      {
        corpusDir: values.corpus ?? config.CORPUS_DIR,
        indexDir,
        full: Boolean(values.full),
        compact: Boolean(values.compact),
        lexical,
      },
      log,
    );
    release();
  } catch (e) {
    release?.();
    if (e instanceof IndexingError || e instanceof LockedError) fail(e.message, 1);
    throw e;
  }
});
