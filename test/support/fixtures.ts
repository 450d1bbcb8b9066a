import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Config, loadConfig } from '../../src/config/config.js';
import { type Embedder, embedSettingsFrom, loadEmbedder } from '../../src/embed/embedder.js';
import { type BuildReport, buildIndex } from '../../src/index/build.js';
import { silentLogger } from '../../src/log.js';
import { TEST_MODEL_NAME, testModelEnv } from '../../tools/make-test-model.js';

export const TEST_MODEL_DIR = resolve('test/.tmp/models');

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ ...testModelEnv(TEST_MODEL_NAME, TEST_MODEL_DIR), LOG_LEVEL: 'error', ...env });
}

export async function testEmbedder(config = testConfig()): Promise<Embedder> {
  const r = await loadEmbedder(embedSettingsFrom(config), silentLogger);
  if (!r.ok) throw new Error(r.reason);
  return r.embedder;
}

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `${prefix}-`));

/** A private copy of the sample corpus, for tests that change it. */
export function sampleCopy(): string {
  const dir = tempDir('corpus');
  cpSync('data/sample', dir, { recursive: true });
  return dir;
}

export async function buildTestIndex(opts: {
  corpusDir?: string;
  indexDir?: string;
  embedder?: Embedder;
  full?: boolean;
  compact?: boolean;
  merge?: boolean;
  runChunks?: number;
  graphMin?: number;
  config?: Config;
}): Promise<BuildReport & { indexDir: string }> {
  const config = opts.config ?? testConfig();
  const indexDir = opts.indexDir ?? tempDir('index');
  const report = await buildIndex({
    corpusDir: opts.corpusDir ?? 'data/sample',
    indexDir,
    full: opts.full ?? false,
    ...(opts.compact ? { compact: true } : {}),
    ...(opts.merge === false ? { merge: false } : {}),
    ...(opts.runChunks ? { runChunks: opts.runChunks } : {}),
    ...(opts.graphMin ? { graphMin: opts.graphMin } : {}),
    chunking: config.chunking,
    hnsw: config.hnsw,
    ...(opts.embedder ? { embedder: opts.embedder } : { lexicalReason: 'test: no model' }),
    log: silentLogger,
  });
  return { ...report, indexDir };
}
