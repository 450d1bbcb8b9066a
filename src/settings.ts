import type { Config } from './config/config.js';
import type { ChunkOptions } from './ingest/chunk.js';

export function chunkingFrom(c: Config): ChunkOptions {
  return {
    targetChars: c.CHUNK_TARGET_CHARS,
    maxChars: c.CHUNK_MAX_CHARS,
    overlapSentences: c.CHUNK_OVERLAP_SENTENCES,
  };
}
