import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_HNSW, type HnswSettings } from '../index/dense.js';
import { type ChunkOptions, DEFAULT_CHUNKING } from '../ingest/chunk.js';
import { LANGUAGES } from '../render/language.js';

// Every setting, read and validated here once, then passed down. Nothing else reads process.env. Defaults that are
// the core's own (chunking, HNSW) are defined beside the code they tune and only referred to here.

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);
const snowflake = z.string().regex(/^\d{17,20}$/u, 'a Discord id (17–20 digits)');

export const ConfigSchema = z.object({
  CORPUS_DIR: z.string().min(1).default('data/sample'),
  INDEX_DIR: z.string().min(1).default('embeddings'),

  EMBEDDING_MODEL: z.string().min(1).optional(),
  MODEL_DIR: z.string().min(1).default('models'),
  ALLOW_REMOTE_MODELS: bool.default(true),
  EMBEDDING_DTYPE: z.enum(['q8', 'fp32', 'fp16', 'int8', 'uint8', 'q4']).default('q8'),
  EMBED_BATCH_SIZE: int(1, 256).default(16),
  EMBED_THREADS: int(0, 64).default(0),
  EMBED_CONCURRENCY: int(1, 16).default(1),

  HNSW_M: int(4, 128).default(DEFAULT_HNSW.M),
  HNSW_EF_CONSTRUCTION: int(10, 2000).default(DEFAULT_HNSW.efConstruction),
  HNSW_EF_SEARCH: int(10, 2000).default(DEFAULT_HNSW.efSearch),
  /**
   * Threads one lexical search may be split across (1: one thread). Only a large index is split
   * (src/index/parallel-search.ts); measured on two cores, where a second search thread helps: docs/benchmarks.md.
   */
  SEARCH_THREADS: int(1, 64).default(Math.min(2, availableParallelism())),

  CHUNK_TARGET_CHARS: int(40, 1000).default(DEFAULT_CHUNKING.targetChars),
  CHUNK_MAX_CHARS: int(60, 1500).default(DEFAULT_CHUNKING.maxChars),
  CHUNK_OVERLAP_SENTENCES: int(0, 5).default(DEFAULT_CHUNKING.overlapSentences),

  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_APPLICATION_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_QUESTION_CHANNELS: list.pipe(z.array(snowflake)).default([]),
  DISCORD_REST_URL: z.url().optional(),

  WEB_ENABLED: bool.default(true),
  WEB_HOST: z.string().min(1).default('127.0.0.1'),
  WEB_PORT: int(0, 65535).default(8787),
  PUBLIC_BASE_URL: z.url().optional(),
  // --- archive site (web/) ---
  WEB_SEARCH_PER_MINUTE: int(1, 10000).default(20),
  WEB_TRUST_PROXY: bool.default(false),

  RATE_LIMIT_USER_PER_MINUTE: int(1, 1000).default(6),
  RATE_LIMIT_CHANNEL_PER_MINUTE: int(1, 10000).default(30),
  MAX_QUESTION_CHARS: int(20, 4000).default(500),

  // The bot as a service: flood control and shutdown.
  /** Questions that may wait for their turn in one channel, beyond RATE_LIMIT_CHANNEL_PER_MINUTE. */
  RATE_LIMIT_CHANNEL_QUEUE: int(0, 10000).default(100),
  /** The longest a question may wait for its channel's turn; a longer line refuses, without blame. */
  RATE_LIMIT_CHANNEL_WAIT_SECONDS: int(1, 600).default(120),
  /** On SIGTERM/SIGINT, how long replies under way may take before the bot exits anyway. */
  SHUTDOWN_GRACE_SECONDS: int(1, 300).default(8),

  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),

  // --- Live sources (#15): feeds, web pages, e-paper PDFs, folders; and the embedding vector cache ---
  SOURCES_FILE: z.string().min(1).default('sources.json'),
  VECTOR_CACHE: bool.default(true),
  /** Unset: INDEX_DIR/vector-cache.sqlite */
  VECTOR_CACHE_FILE: z.string().min(1).optional(),
  // --- Answers (src/search/gate.ts) ---
  /** Cosine similarity at which a model's best passage answers a question that shares too few words with it. */
  ANSWER_DENSE_SIMILARITY: z.coerce.number().min(0).max(1).optional(),
  /** Where `npm run eval` finds the CMRC 2018 dev set (SQuAD JSON); it is not in the repository (licence). */
  EVAL_CMRC_PATH: z.string().min(1).default('../shared/eval/cmrc2018/cmrc2018_dev.squad.json'),
  // --- Reply language (src/render/language.ts, messages.ts) ---
  /**
   * The language of replies that have no question to tell it by (buttons, errors, a bare date, the chat banner) when
   * the reader's Discord locale is neither Chinese nor English: zh (Simplified Chinese) or en.
   */
  DEFAULT_REPLY_LANGUAGE: z.enum(LANGUAGES).default('zh'),
});

export type RawConfig = z.output<typeof ConfigSchema>;

export interface Config extends RawConfig {
  /** The model to use, and whether the operator named it (a named model that fails is an error, not a fallback). */
  model: { name: string; explicit: boolean };
  publicBaseUrl: string;
  /** The chunking and HNSW settings as the core takes them. */
  chunking: ChunkOptions;
  hnsw: HnswSettings;
  /** Where fetched sources are written (inside the corpus, so the index reads them) and their state is kept. */
  sourcesDir: string;
  /** The embedding vector cache's SQLite file, or undefined when VECTOR_CACHE=false. */
  vectorCacheFile: string | undefined;
}

export const DEFAULT_MODEL = 'Xenova/multilingual-e5-small';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validate settings from an environment (process.env after dotenv, or a test's object). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty values in .env mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = String(i.path[0] ?? '');
        // Never echo a secret back into a log.
        const shown = key === 'DISCORD_TOKEN' ? '' : cleaned[key] !== undefined ? ` (got "${cleaned[key]}")` : '';
        return `${key}: ${i.message}${shown}`;
      }),
    );
  }
  const c = parsed.data;
  if (c.CHUNK_TARGET_CHARS > c.CHUNK_MAX_CHARS) {
    throw new ConfigError([
      `CHUNK_TARGET_CHARS (${c.CHUNK_TARGET_CHARS}) must not exceed CHUNK_MAX_CHARS (${c.CHUNK_MAX_CHARS})`,
    ]);
  }
  return {
    ...c,
    chunking: {
      targetChars: c.CHUNK_TARGET_CHARS,
      maxChars: c.CHUNK_MAX_CHARS,
      overlapSentences: c.CHUNK_OVERLAP_SENTENCES,
    },
    hnsw: { M: c.HNSW_M, efConstruction: c.HNSW_EF_CONSTRUCTION, efSearch: c.HNSW_EF_SEARCH },
    model: { name: c.EMBEDDING_MODEL ?? DEFAULT_MODEL, explicit: c.EMBEDDING_MODEL !== undefined },
    sourcesDir: join(c.CORPUS_DIR, 'sources'),
    vectorCacheFile: c.VECTOR_CACHE ? (c.VECTOR_CACHE_FILE ?? join(c.INDEX_DIR, 'vector-cache.sqlite')) : undefined,
    publicBaseUrl: (
      c.PUBLIC_BASE_URL ?? `http://${c.WEB_HOST === '0.0.0.0' ? 'localhost' : c.WEB_HOST}:${c.WEB_PORT}`
    ).replace(/\/+$/u, ''),
  };
}
