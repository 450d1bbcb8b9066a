// The answer gate's precision / answered curve: every question answered with the gate open (threshold 0), then, for
// each threshold, the share that would be answered and the share of those answered rightly.
import type { Answer } from '../../src/search/archive.js';

export interface GatePoint {
  /** The gate's evidence for this answer. */
  confidence: number;
  /** The answer would be right if given (answer in quote, right article). */
  right: boolean;
  /** The archive cannot answer this question (any answer is wrong). */
  unanswerable: boolean;
}

export const point = (a: Answer, right: boolean, unanswerable = false): GatePoint => ({
  confidence: a.confidence,
  right: right && !unanswerable,
  unanswerable,
});

export const THRESHOLDS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];

/** A markdown table: threshold, answered share, precision of answered, unanswerable answered. */
export function curve(name: string, points: GatePoint[]): string[] {
  const answerable = points.filter((p) => !p.unanswerable);
  const negatives = points.filter((p) => p.unanswerable);
  const rows = [
    `| ${name} (${answerable.length} answerable, ${negatives.length} unanswerable) | answered | precision | unanswerable answered |`,
    '|---|---|---|---|',
  ];
  for (const t of THRESHOLDS) {
    const ans = answerable.filter((p) => p.confidence >= t);
    const wrongNeg = negatives.filter((p) => p.confidence >= t).length;
    const all = ans.length + wrongNeg;
    const precision = all ? (ans.filter((p) => p.right).length / all).toFixed(3) : 'n/a';
    const answered = answerable.length ? (ans.length / answerable.length).toFixed(3) : 'n/a';
    rows.push(`| ≥ ${t.toFixed(2)} | ${answered} | ${precision} | ${wrongNeg}/${negatives.length} |`);
  }
  return rows;
}
