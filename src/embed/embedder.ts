import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '../log.js';
import { type ModelProfile, profileFor } from './profiles.js';

export interface Embedder {
  readonly profile: ModelProfile;
  readonly dims: number;
  /** Unit vectors for passages (chunks), in order. */
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface EmbedSettings {
  model: { name: string; explicit: boolean };
  modelDir: string;
  allowRemote: boolean;
  dtype: string;
  batchSize: number;
  threads: number;
  /** At most this many embedding calls run at once; the rest wait (a burst must not multiply model memory). */
  concurrency: number;
}

export type LoadResult = { ok: true; embedder: Embedder } | { ok: false; reason: string };

/** Thrown when the operator named a model explicitly and it cannot be loaded: no silent fallback then. */
export class ModelLoadError extends Error {}

/** A first-in first-out limit on concurrent async work. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

function localFolderProblem(dir: string, name: string): string | undefined {
  const folder = join(dir, name);
  if (!existsSync(folder)) return `no local copy at ${folder}`;
  for (const f of ['config.json', 'tokenizer.json'])
    if (!existsSync(join(folder, f))) return `${join(folder, f)} is missing`;
  if (!existsSync(join(folder, 'onnx'))) return `${join(folder, 'onnx')} is missing`;
  return undefined;
}

/**
 * Load the embedding model through transformers.js: from `<modelDir>/<name>/` first, else from the Hugging Face hub
 * when allowed. Where no model can be had, the result says why; the caller decides whether that is fatal (an
 * explicitly named model) or a loud fall-back to lexical search (the default model on a machine without internet).
 */
export async function loadEmbedder(s: EmbedSettings, log: Logger): Promise<LoadResult> {
  const { profile, known } = profileFor(s.model.name);
  if (!known) log.warn(`model "${s.model.name}" has no profile here; using mean pooling without prefixes`);
  const modelDir = resolve(s.modelDir);
  const local = localFolderProblem(modelDir, s.model.name);
  if (local && !s.allowRemote) {
    return fail(s, `${s.model.name}: ${local}, and downloads are off (ALLOW_REMOTE_MODELS=false)`);
  }
  const tf = await import('@huggingface/transformers');
  tf.env.localModelPath = `${modelDir}/`;
  tf.env.allowLocalModels = true;
  tf.env.allowRemoteModels = s.allowRemote;
  tf.env.cacheDir = join(modelDir, '.cache');
  let extractor: Awaited<ReturnType<typeof tf.pipeline<'feature-extraction'>>>;
  try {
    extractor = await tf.pipeline('feature-extraction', s.model.name, {
      dtype: s.dtype as 'q8',
      ...(s.threads > 0 ? { session_options: { intraOpNumThreads: s.threads, interOpNumThreads: 1 } } : {}),
    });
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    return fail(s, `${s.model.name} could not be loaded (${local ? `${local}; ` : ''}download: ${why})`);
  }
  const limiter = new Limiter(s.concurrency);
  const run = async (texts: string[]): Promise<Float32Array[]> => {
    const out = await limiter.run(() => extractor(texts, { pooling: profile.pooling, normalize: true }));
    const [n, d] = out.dims as [number, number];
    const data = out.data as Float32Array;
    return Array.from({ length: n }, (_, i) => data.slice(i * d, (i + 1) * d));
  };
  const [probe] = await run([`${profile.queryPrefix}probe`]);
  const dims = probe!.length;
  if (profile.dims !== undefined && profile.dims !== dims) {
    return fail(s, `${s.model.name} produced ${dims}-dimensional vectors; its profile expects ${profile.dims}`);
  }
  const embedder: Embedder = {
    profile,
    dims,
    async embedPassages(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += s.batchSize) {
        out.push(...(await run(texts.slice(i, i + s.batchSize).map((t) => profile.passagePrefix + t))));
      }
      return out;
    },
    async embedQuery(text) {
      return (await run([profile.queryPrefix + text]))[0]!;
    },
    async dispose() {
      await extractor.dispose();
    },
  };
  return { ok: true, embedder };
}

function fail(s: EmbedSettings, reason: string): LoadResult {
  if (s.model.explicit) {
    throw new ModelLoadError(
      `${reason}.\nThe model was named in EMBEDDING_MODEL, so there is no fallback. Either put the model in ` +
        `${join(s.modelDir, s.model.name)}/ (config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx ` +
        `or onnx/model.onnx), or allow downloads (ALLOW_REMOTE_MODELS=true) on a machine with internet, or unset ` +
        `EMBEDDING_MODEL to fall back to lexical search.`,
    );
  }
  return { ok: false, reason };
}

export function embedSettingsFrom(c: {
  model: { name: string; explicit: boolean };
  MODEL_DIR: string;
  ALLOW_REMOTE_MODELS: boolean;
  EMBEDDING_DTYPE: string;
  EMBED_BATCH_SIZE: number;
  EMBED_THREADS: number;
  EMBED_CONCURRENCY: number;
}): EmbedSettings {
  return {
    model: c.model,
    modelDir: c.MODEL_DIR,
    allowRemote: c.ALLOW_REMOTE_MODELS,
    dtype: c.EMBEDDING_DTYPE,
    batchSize: c.EMBED_BATCH_SIZE,
    threads: c.EMBED_THREADS,
    concurrency: c.EMBED_CONCURRENCY,
  };
}
