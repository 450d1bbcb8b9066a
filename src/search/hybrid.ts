// Reciprocal rank fusion: robust to the incomparable scales of BM25 and cosine similarity.

export const RRF_K = 60;

/** Fuse rankings (best first) into one score per key: Σ 1 / (k + rank), rank from 1. */
export function rrf(rankings: number[][], k = RRF_K): Map<number, number> {
  const scores = new Map<number, number>();
  for (const list of rankings) {
    list.forEach((key, i) => {
      scores.set(key, (scores.get(key) ?? 0) + 1 / (k + i + 1));
    });
  }
  return scores;
}

/** Keep at most `perGroup` items of each group, in order. */
export function capPerGroup<T, G>(items: T[], group: (t: T) => G, perGroup: number): T[] {
  const seen = new Map<G, number>();
  return items.filter((t) => {
    const g = group(t);
    const n = seen.get(g) ?? 0;
    seen.set(g, n + 1);
    return n < perGroup;
  });
}
