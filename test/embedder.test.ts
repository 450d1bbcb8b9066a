import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { type Embedder, embedSettingsFrom, Limiter, loadEmbedder, ModelLoadError } from '../src/embed/embedder.js';
import { createLogger, silentLogger } from '../src/log.js';
import { ensureTestModel, testModelEnv } from '../tools/make-test-model.js';
import { tempDir, testEmbedder } from './support/fixtures.js';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const distance = (a: Float32Array, b: Float32Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
};

/** How far a unit vector lies from the span of others (Gram–Schmidt): 0 when it is a combination of them. */
function residual(v: Float32Array, basis: Float32Array[]): number {
  const ortho: number[][] = [];
  for (const b of basis) {
    const u = Array.from(b);
    for (const o of ortho) {
      const p = dot(u, o);
      for (let i = 0; i < u.length; i++) u[i]! -= p * o[i]!;
    }
    const n = Math.sqrt(dot(u, u));
    ortho.push(u.map((x) => x / n));
  }
  const r = Array.from(v);
  for (const o of ortho) {
    const p = dot(r, o);
    for (let i = 0; i < r.length; i++) r[i]! -= p * o[i]!;
  }
  return Math.sqrt(dot(r, r));
}

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

describe('each model is called as its profile says, through the real loading path', () => {
  // Stand-ins for real models: the generated weights under the real names. The same width gives the same weights, so
  // a stand-in without a profile (no prefix, mean pooling) shows what text the named model was given and how pooled.
  const dir = tempDir('profile-models');
  const warnings: string[] = [];
  const load = async (name: string, shape: { dims: number; boundaryTokens?: boolean }): Promise<Embedder> => {
    ensureTestModel(dir, name, shape);
    const config = loadConfig(testModelEnv(name, dir));
    const r = await loadEmbedder(
      embedSettingsFrom(config),
      createLogger('warn', (l) => warnings.push(l)),
    );
    if (!r.ok) throw new Error(r.reason);
    return r.embedder;
  };
  const text = '开发区选派了首席服务员';
  let plain: Embedder;
  let plain512: Embedder;
  let e5: Embedder;
  let bge: Embedder;
  beforeAll(async () => {
    plain = await load('someone/unprofiled-384', { dims: 384 });
    plain512 = await load('someone/unprofiled-512', { dims: 512 });
    e5 = await load('Xenova/multilingual-e5-small', { dims: 384 });
    // Without [CLS] in front, [CLS] pooling reads the text's own first token, which shows what the model was given.
    bge = await load('Xenova/bge-small-zh-v1.5', { dims: 512, boundaryTokens: false });
  });
  afterAll(async () => {
    for (const e of [plain, plain512, e5, bge]) await e?.dispose();
  });

  it('a model without a profile says so, and is called without prefixes with mean pooling', async () => {
    expect(warnings.join('\n')).toMatch(
      /"someone\/unprofiled-384" has no profile here; using mean pooling without prefixes/u,
    );
    const [asPassage] = await plain.embedPassages([text]);
    expect(distance(await plain.embedQuery(text), asPassage!)).toBeLessThan(1e-5);
  });

  it('e5 is given "query: …" for a question and "passage: …" for a passage', async () => {
    const [asQuery, asPassage, bare] = await plain.embedPassages([`query: ${text}`, `passage: ${text}`, text]);
    expect(distance(await e5.embedQuery(text), asQuery!)).toBeLessThan(1e-5);
    expect(distance((await e5.embedPassages([text]))[0]!, asPassage!)).toBeLessThan(1e-5);
    expect(distance(asQuery!, bare!)).toBeGreaterThan(0.05);
  });

  it('e5 pools by the mean: a passage lies in the span of its parts', async () => {
    const [prefix, a, b] = await plain.embedPassages(['passage:', '首席', '服务员']);
    const [whole] = await e5.embedPassages(['首席服务员']);
    expect(residual(whole!, [prefix!, a!, b!])).toBeLessThan(1e-4);
    // The measure can fail: a text of other characters lies far outside that span.
    expect(residual((await e5.embedPassages(['濮阳日报']))[0]!, [prefix!, a!, b!])).toBeGreaterThan(0.3);
  });

  it('bge pools by the first token, and a question is given its instruction first', async () => {
    expect(bge.dims).toBe(512);
    const [instruction, firstOfPassage] = await plain512.embedPassages(['为', '恒']);
    // A passage has no prefix: its first character is what is pooled, whatever follows it.
    expect(distance((await bge.embedPassages(['恒丰电子']))[0]!, firstOfPassage!)).toBeLessThan(1e-5);
    // A question starts with the instruction 为这个句子生成表示以用于检索相关文章：, so its first character is pooled.
    expect(distance(await bge.embedQuery('恒丰电子'), instruction!)).toBeLessThan(1e-5);
    expect(distance(await bge.embedQuery(text), instruction!)).toBeLessThan(1e-5);
  });
});

describe('limits', () => {
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
