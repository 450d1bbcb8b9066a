import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { embedSettingsFrom, Limiter, loadEmbedder, ModelLoadError } from '../src/embed/embedder.js';
import { profileFor } from '../src/embed/profiles.js';
import { silentLogger } from '../src/log.js';
import { tempDir, testEmbedder } from './support/fixtures.js';

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('embedding through transformers.js with the generated test model', () => {
  it('loads from the local folder with downloads off and returns unit vectors', async () => {
    const e = await testEmbedder();
    expect(e.dims).toBe(64);
    const [v] = await e.embedPassages(['开发区选派了首席服务员']);
    expect(Math.abs(dot(v!, v!) - 1)).toBeLessThan(1e-4);
    // Texts sharing characters are closer than texts that share none: the property the tests rely on.
    const q = await e.embedQuery('首席服务员');
    const [near, far] = await e.embedPassages(['开发区向16家企业选派了首席服务员', 'The park opened in June']);
    expect(dot(q, near!)).toBeGreaterThan(dot(q, far!) + 0.2);
    await e.dispose();
  });

  it('embeds in batches, preserving order', async () => {
    const e = await testEmbedder();
    const texts = Array.from({ length: 37 }, (_, i) => `第${i}条新闻`);
    const batched = await e.embedPassages(texts);
    const single = await e.embedPassages([texts[20]!]);
    expect(batched).toHaveLength(37);
    expect(Array.from(batched[20]!)).toEqual(Array.from(single[0]!));
    await e.dispose();
  });
});

describe('when no model can be had', () => {
  const base = { MODEL_DIR: tempDir('no-models'), ALLOW_REMOTE_MODELS: 'false' };

  it('the default model reports why, so the caller can fall back to lexical search loudly', async () => {
    const r = await loadEmbedder(embedSettingsFrom(loadConfig(base)), silentLogger);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.reason).toMatch(/Xenova\/multilingual-e5-small: no local copy at .*downloads are off/u);
  });

  it('a model the operator named is an error with instructions, never a silent fallback', async () => {
    const config = loadConfig({ ...base, EMBEDDING_MODEL: 'Xenova/bge-small-zh-v1.5' });
    await expect(loadEmbedder(embedSettingsFrom(config), silentLogger)).rejects.toThrow(ModelLoadError);
    await expect(loadEmbedder(embedSettingsFrom(config), silentLogger)).rejects.toThrow(
      /EMBEDDING_MODEL.*no fallback/su,
    );
  });
});

describe('profiles and limits', () => {
  it('knows the conventions of the default and the Chinese model', () => {
    expect(profileFor('Xenova/multilingual-e5-small').profile).toMatchObject({
      pooling: 'mean',
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
      dims: 384,
    });
    expect(profileFor('Xenova/bge-small-zh-v1.5').profile.pooling).toBe('cls');
    expect(profileFor('someone/unknown').known).toBe(false);
  });

  it('runs at most N jobs at once, first come first served', async () => {
    const limiter = new Limiter(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        limiter.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          order.push(i);
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
