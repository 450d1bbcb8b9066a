// How each embedding model expects to be called. A model is a profile, so an operator can pick another by name.

export interface ModelProfile {
  name: string;
  pooling: 'mean' | 'cls';
  queryPrefix: string;
  passagePrefix: string;
  /** Known output size, checked after loading; undefined when the profile does not know it. */
  dims?: number;
  /**
   * Cosine similarity (question against its best passage) at which this model's match counts as an answer when the
   * question shares too few words with the text. Not calibrated here (no real model runs on the development
   * machines): measure with `npm run eval -- --calibrate` where the model runs. Absent: dense similarity is not
   * used as evidence unless ANSWER_DENSE_SIMILARITY sets it.
   */
  answerSimilarity?: number;
  note: string;
}

export const PROFILES: Record<string, Omit<ModelProfile, 'name'>> = {
  'Xenova/multilingual-e5-small': {
    pooling: 'mean',
    queryPrefix: 'query: ',
    passagePrefix: 'passage: ',
    dims: 384,
    note: 'multilingual, strong on Chinese (C-MTEB retrieval 59.9)',
  },
  'Xenova/multilingual-e5-base': {
    pooling: 'mean',
    queryPrefix: 'query: ',
    passagePrefix: 'passage: ',
    dims: 768,
    note: 'multilingual, larger and slower (C-MTEB retrieval 61.6)',
  },
  'Xenova/bge-small-zh-v1.5': {
    pooling: 'cls',
    queryPrefix: '为这个句子生成表示以用于检索相关文章：',
    passagePrefix: '',
    dims: 512,
    note: 'Chinese only (C-MTEB retrieval 61.8)',
  },
  'Xenova/paraphrase-multilingual-MiniLM-L12-v2': {
    pooling: 'mean',
    queryPrefix: '',
    passagePrefix: '',
    dims: 384,
    note: 'weak at retrieval (C-MTEB 24.5); not recommended',
  },
  // The generated test fixture (tools/make-test-model.ts): exercises the real code path, not semantic.
  'local-test/char-bert-random': {
    pooling: 'mean',
    queryPrefix: '',
    passagePrefix: '',
    dims: 64,
    note: 'random-weight test fixture, NOT a real model',
  },
  'local-test/char-bert-random-384': {
    pooling: 'mean',
    queryPrefix: '',
    passagePrefix: '',
    dims: 384,
    note: 'random-weight benchmark fixture, NOT a real model',
  },
};

export function profileFor(name: string): { profile: ModelProfile; known: boolean } {
  const p = PROFILES[name];
  if (p) return { profile: { name, ...p }, known: true };
  // An unknown model: mean pooling without prefixes is the common convention of sentence-transformers exports.
  return {
    profile: {
      name,
      pooling: 'mean',
      queryPrefix: '',
      passagePrefix: '',
      note: 'unknown model: mean pooling, no prefixes',
    },
    known: false,
  };
}
