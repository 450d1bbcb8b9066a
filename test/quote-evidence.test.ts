import { describe, expect, it } from 'vitest';
import { termEvidence } from '../src/search/quotes.js';
import { shareOf, type WeightedTerms } from '../src/search/terms.js';

// "开发区选派了多少名首席服务员？" weighed as the answer stage weighs it: rarer terms weigh more.
const q: WeightedTerms = { terms: ['开发区', '选派', '首席', '服务员'], weights: [1.2, 3.4, 4.1, 2.6], total: 11.3 };
const T = true;
const F = false;

describe('termEvidence', () => {
  const cases: [string, boolean[], boolean[], boolean[], number, number][] = [
    ['every term in the sentence', [T, T, T, T], [F, F, F, F], [], 1, 1],
    ['none anywhere', [F, F, F, F], [F, F, F, F], [], 0, 0],
    ['the title only: half credit, no attribute', [F, F, F, F], [T, T, F, F], [], 0.5 * (4.6 / 11.3), 0],
    ['the sentence holds what the title does not', [F, F, T, T], [T, T, F, F], [], 6.7 / 11.3 + 0.5 * (4.6 / 11.3), 1],
    [
      'the sentence before counts as context',
      [T, F, F, F],
      [F, F, F, F],
      [F, T, F, F],
      1.2 / 11.3 + 0.5 * (3.4 / 11.3),
      1.2 / 11.3,
    ],
    [
      'title and sentence before together',
      [F, F, T, F],
      [T, F, F, F],
      [F, T, F, F],
      4.1 / 11.3 + 0.5 * (4.6 / 11.3),
      4.1 / 10.1,
    ],
  ];
  it.each(cases)('%s', (_name, own, title, prev, coverage, attribute) => {
    const e = termEvidence(q, own, title, prev);
    expect(e.coverage).toBeCloseTo(coverage, 12);
    expect(e.attribute).toBeCloseTo(attribute, 12);
    // Exactly the sums the first pass made with shareOf before it was one sweep: quotes must not move.
    const ownShare = shareOf(q, own);
    expect(e.coverage).toBe(ownShare + 0.5 * (shareOf(q, own, title, prev) - ownShare));
  });

  it('is zero for a question without weight', () => {
    expect(termEvidence({ terms: [], weights: [], total: 0 }, [], [], [])).toEqual({ coverage: 0, attribute: 0 });
  });
});
