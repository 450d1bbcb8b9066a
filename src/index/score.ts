// BM25's constants and its per-term score, in a module of their own so the search worker (search-worker.ts) loads
// them without the tokenizer and its native dictionary.

export const K1 = 1.2;
export const B = 0.75;

/** One term's share of a document's score. Every scorer uses this, so equal inputs give bit-equal scores. */
export const termScore = (idf: number, tf: number, norm: number): number => (idf * tf * (K1 + 1)) / (tf + norm);

export interface ScoredDoc {
  doc: number;
  score: number;
}
