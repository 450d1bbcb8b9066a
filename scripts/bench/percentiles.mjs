// Plain JavaScript, so the scripts that run over compiled trees (compiled-tree.mjs) share it with the TypeScript ones.

/** The p-th percentile (nearest rank) of some timings. */
export function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
