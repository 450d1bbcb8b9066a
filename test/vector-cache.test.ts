import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../src/embed/embedder.js';
import { withVectorCache } from '../src/embed/vector-cache.js';
import { currentVersion } from '../src/index/store.js';
import { silentLogger } from '../src/log.js';
import { openArchive } from '../src/search/open.js';
import { buildTestIndex, tempDir, testConfig, testEmbedder } from './support/fixtures.js';

// The vector cache under the real embedding path (the generated test model through transformers.js).

let model: Embedder;
beforeAll(async () => {
  model = await testEmbedder();
});
afterAll(() => model.dispose());

/** The model, not disposed by the cache (one model serves every test). */
const shared = (): Embedder => ({ ...model, embedPassages: (t) => model.embedPassages(t), dispose: async () => {} });

/** An embedder that dies after `batches` calls: a build killed mid-embedding. */
function dying(batches: number): Embedder {
  let calls = 0;
  return {
    ...shared(),
    async embedPassages(texts) {
      if (calls++ >= batches) throw new Error('killed');
      return model.embedPassages(texts);
    },
  };
}

const topHits = async (indexDir: string): Promise<string[]> => {
  const config = testConfig({ INDEX_DIR: indexDir });
  const archive = await openArchive(config, silentLogger, { embedder: model });
  const qs = [
    '开发区向多少家外经外贸外资企业选派了首席服务员？',
    '恒丰电子已申请了多少项专利？',
    '雪汇食品公司总经理是谁？',
  ];
  const out: string[] = [];
  for (const q of qs)
    out.push(...(await archive.ask(q)).hits.slice(0, 3).map((h) => `${h.chunkId}:${h.score.toFixed(6)}`));
  return out;
};

describe('vector cache', () => {
  it('a --full rebuild with the same model embeds nothing again, and gives the same index', async () => {
    const file = join(tempDir('vcache'), 'vectors.sqlite');
    const first = withVectorCache(shared(), file, 'test|fp32');
    const built = await buildTestIndex({ embedder: first });
    expect(first.stats).toEqual({ reused: 0, embedded: built.chunks });
    const before = await topHits(built.indexDir);

    const second = withVectorCache(shared(), file, 'test|fp32');
    const rebuilt = await buildTestIndex({ embedder: second, indexDir: built.indexDir, full: true });
    expect(rebuilt.rebuiltAll).toBe(true);
    expect(second.stats).toEqual({ reused: built.chunks, embedded: 0 });
    expect(await topHits(built.indexDir)).toEqual(before);
    await first.dispose();
    await second.dispose();
  });

  it('a build killed mid-embedding leaves the index as it was, and the next one resumes where it stopped', async () => {
    const file = join(tempDir('vcache'), 'vectors.sqlite');
    const indexDir = tempDir('index');
    const killed = withVectorCache(dying(1), file, 'test|fp32');
    await expect(buildTestIndex({ embedder: killed, indexDir })).rejects.toThrow('killed');
    expect(currentVersion(indexDir)).toBeUndefined();
    // buildIndex embeds 64 chunks a batch; the first batch was committed before the "kill".
    expect(killed.stats.embedded).toBe(64);
    await killed.dispose();

    const resumed = withVectorCache(shared(), file, 'test|fp32');
    const built = await buildTestIndex({ embedder: resumed, indexDir });
    expect(resumed.stats).toEqual({ reused: 64, embedded: built.chunks - 64 });
    await resumed.dispose();
  });

  it('another model (or precision) shares nothing', async () => {
    const file = join(tempDir('vcache'), 'vectors.sqlite');
    const a = withVectorCache(shared(), file, 'test|fp32');
    await a.embedPassages(['开发区召开复工复产工作推进会']);
    const b = withVectorCache(shared(), file, 'test|q8');
    await b.embedPassages(['开发区召开复工复产工作推进会']);
    expect(b.stats).toEqual({ reused: 0, embedded: 1 });
    const c = withVectorCache(shared(), file, 'test|fp32');
    const [v] = await c.embedPassages(['开发区召开复工复产工作推进会']);
    expect(c.stats).toEqual({ reused: 1, embedded: 0 });
    expect(Array.from(v!)).toEqual(Array.from((await model.embedPassages(['开发区召开复工复产工作推进会']))[0]!));
    for (const e of [a, b, c]) await e.dispose();
  });
});
