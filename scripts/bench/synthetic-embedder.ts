import type { Embedder } from '../../src/embed/embedder.js';
import { sha1 } from '../../src/ingest/article.js';
import { rng } from '../../tools/random.js';

// Clustered synthetic vectors at the real model's width, for the tiers where embedding every chunk with a model (even
// the random test model, about 400 chunks/s here) would take longer than the rest of the benchmark. A text's vector
// is a deterministic function of the text: a topic centre, a sub-topic direction and the text's own noise, normalised
// (three scales of clustering, as real embeddings have), so a question lands among the chunks of its topic. Dense
// figures measured with it describe HNSW on this distribution, not a real model's.

export const SYNTHETIC_MODEL = 'bench/clustered-synthetic-384';
const DIMS = 384;
const TOPICS = 1024;
const SUBTOPICS = 64;

function unit(random: () => number, dims: number): Float32Array {
  const v = new Float32Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i += 2) {
    // Box–Muller: two normal values per pair of uniform ones.
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const a = 2 * Math.PI * random();
    v[i] = r * Math.cos(a);
    if (i + 1 < dims) v[i + 1] = r * Math.sin(a);
  }
  for (const x of v) norm += x * x;
  const s = 1 / Math.sqrt(norm);
  for (let i = 0; i < dims; i++) v[i]! *= s;
  return v;
}

/** `own`: the weight of a text's own noise beside its topic (1) and sub-topic (0.55); scripts/bench/dense.ts varies it. */
export function syntheticEmbedder(own = 0.35): Embedder {
  const topics = Array.from({ length: TOPICS }, (_, t) => unit(rng(1000 + t), DIMS));
  const vectorOf = (text: string): Float32Array => {
    const h = sha1(text);
    const seed = Number.parseInt(h.slice(0, 8), 16);
    const topic = seed % TOPICS;
    const sub = Number.parseInt(h.slice(8, 12), 16) % SUBTOPICS;
    const subDir = unit(rng(1_000_000 + topic * SUBTOPICS + sub), DIMS);
    const noise = unit(rng(seed ^ 0x5bd1e995), DIMS);
    const c = topics[topic]!;
    const v = new Float32Array(DIMS);
    let norm = 0;
    for (let i = 0; i < DIMS; i++) {
      v[i] = c[i]! + 0.55 * subDir[i]! + own * noise[i]!;
      norm += v[i]! * v[i]!;
    }
    const s = 1 / Math.sqrt(norm);
    for (let i = 0; i < DIMS; i++) v[i]! *= s;
    return v;
  };
  return {
    profile: {
      name: SYNTHETIC_MODEL,
      pooling: 'mean',
      queryPrefix: '',
      passagePrefix: '',
      note: 'benchmark only: clustered synthetic vectors, not a model',
    },
    dims: DIMS,
    embedPassages: async (texts) => texts.map(vectorOf),
    embedQuery: async (text) => vectorOf(text),
    dispose: async () => {},
  };
}
