import { pct } from './percentiles.mjs';

// Two searches timed question by question in one process, which goes first alternating per question and per round,
// so load on this shared machine falls on both alike (lexical-ab.ts, split-ab.ts).

type Search = (terms: string[], k: number) => unknown;

export interface Side {
  /** Wall-time p50 / p95 / p99 over every timed search, ms. */
  p50p95p99: string;
  cpuMsPerQuestion: number;
}

export function interleaved(
  terms: string[][],
  k: number,
  rounds: number,
  searches: { base: Search; new: Search },
): { base: Side; new: Side; medianRatioNewOverBase: number } {
  const wall = { base: [] as number[], new: [] as number[] };
  const cpu = { base: 0, new: 0 };
  const per = { base: terms.map(() => [] as number[]), new: terms.map(() => [] as number[]) };
  const time = (which: 'base' | 'new', i: number): void => {
    const c = process.cpuUsage();
    const t = performance.now();
    searches[which](terms[i]!, k);
    const ms = performance.now() - t;
    const used = process.cpuUsage(c);
    cpu[which] += (used.user + used.system) / 1000;
    wall[which].push(ms);
    per[which][i]!.push(ms);
  };
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < terms.length; i++) {
      const [first, second] = (i + r) % 2 === 0 ? (['base', 'new'] as const) : (['new', 'base'] as const);
      time(first, i);
      time(second, i);
    }
  const runs = terms.length * rounds;
  const median = (xs: number[]): number => pct(xs, 50);
  const side = (which: 'base' | 'new'): Side => ({
    p50p95p99: [50, 95, 99].map((p) => pct(wall[which], p).toFixed(2)).join(' / '),
    cpuMsPerQuestion: +(cpu[which] / runs).toFixed(2),
  });
  return {
    base: side('base'),
    new: side('new'),
    medianRatioNewOverBase: +median(terms.map((_, i) => median(per.new[i]!) / median(per.base[i]!))).toFixed(3),
  };
}
