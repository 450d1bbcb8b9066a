import { B, type Bm25, K1, type ScoredDoc, termOf, termScore } from './bm25.js';

/**
 * BM25 by scoring every posting of every query term: the reference that `Bm25.search`, which skips, must equal
 * exactly (the same documents, scores and order). Used by the tests and the benchmark, never to answer questions.
 */
export function exhaustiveSearch(
  bm: Bm25,
  queryTerms: string[],
  k: number,
  allow?: (doc: number) => boolean,
): ScoredDoc[] {
  const { index } = bm;
  const scores = new Float64Array(index.size);
  const hit = new Uint8Array(index.size);
  const avgdl = index.size > 0 ? index.totalLength / index.size : 1;
  for (const term of new Set(queryTerms)) {
    const df = bm.df(term);
    if (df <= 0) continue;
    const idf = bm.idf(term);
    for (const part of index.parts) {
      const { starts, docs, tfs, lengths } = part.postings;
      const t = termOf(part, term);
      if (t < 0) continue;
      for (let p = starts[t]!; p < starts[t + 1]!; p++) {
        const d = docs[p]!;
        const g = part.global ? part.global[d]! : part.base + d;
        if (g < 0) continue;
        scores[g]! += termScore(idf, tfs[p]!, K1 * (1 - B + (B * lengths[d]!) / avgdl));
        hit[g] = 1;
      }
    }
  }
  const out: ScoredDoc[] = [];
  for (let g = 0; g < index.size; g++) if (hit[g] && (!allow || allow(g))) out.push({ doc: g, score: scores[g]! });
  return out.sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, Math.max(0, k));
}
