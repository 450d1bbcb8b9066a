/** The p-th percentile (nearest rank) of some timings. */
export function pct(xs: number[], p: number): number;
