import { B, type Bm25, K1, type ScoredDoc, termOf } from '../../src/index/bm25.js';
import { TopK } from '../../src/index/top-k.js';

// The lexical search the index had before exact top-k (commit 53d7df1's Bm25.search), run over the same postings,
// so the benchmark can say in one process how exact search's time compares with it ("at 100k nothing gets slower").
// Terms rarest first; a common term (in more than 5% of a large collection) only adds to documents a rarer term
// found, and once 10,000 candidates are in play no term adds new ones. Not exact: a reference for speed only.

const MAX_CANDIDATES = 10_000;

export class OldHeuristic {
  private readonly norm: Float32Array;
  private readonly scores: Float32Array;

  constructor(private readonly bm: Bm25) {
    const { parts, size, totalLength } = bm.index;
    if (parts.length !== 1 || parts[0]!.global)
      throw new Error('the old heuristic is measured on an index of one segment without deletions');
    const avgdl = size > 0 ? totalLength / size : 1;
    const lengths = parts[0]!.postings.lengths;
    this.norm = new Float32Array(size);
    for (let d = 0; d < size; d++) this.norm[d] = K1 * (1 - B + (B * lengths[d]!) / avgdl);
    this.scores = new Float32Array(size);
  }

  search(queryTerms: string[], k: number): ScoredDoc[] {
    const part = this.bm.index.parts[0]!;
    const { starts, docs, tfs } = part.postings;
    const found = [...new Set(queryTerms)]
      .map((t) => termOf(part, t))
      .filter((t) => t >= 0)
      .map((t) => ({ t, df: starts[t + 1]! - starts[t]! }))
      .sort((a, b) => a.df - b.df);
    const size = this.bm.size;
    const common = Math.max(size / 20, 2000);
    const touched: number[] = [];
    const { scores, norm } = this;
    for (const { t, df } of found) {
      const idf = Math.log(1 + (size - df + 0.5) / (df + 0.5));
      const expand = (df <= common && touched.length < MAX_CANDIDATES) || touched.length === 0;
      for (let i = starts[t]!; i < starts[t + 1]!; i++) {
        const d = docs[i]!;
        if (scores[d] === 0) {
          if (!expand) continue;
          touched.push(d);
        }
        const f = tfs[i]!;
        scores[d] = scores[d]! + (idf * f * (K1 + 1)) / (f + norm[d]!);
      }
    }
    const top = new TopK(k);
    for (const d of touched) top.push(d, scores[d]!);
    for (const d of touched) scores[d] = 0;
    return top.sorted();
  }
}
