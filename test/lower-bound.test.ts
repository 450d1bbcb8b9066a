import { describe, expect, it } from 'vitest';
import { lowerBound } from '../src/search/lower-bound.js';

describe('lowerBound', () => {
  it.each([
    [[], 5, 0],
    [[1, 3, 3, 7], 0, 0],
    [[1, 3, 3, 7], 3, 1],
    [[1, 3, 3, 7], 4, 3],
    [[1, 3, 3, 7], 8, 4],
  ])('%j, %d → %d', (list, key, want) => {
    expect(lowerBound(list, key)).toBe(want);
  });

  it('orders ISO dates as strings, a period end past every date of its day', () => {
    const dates = ['2020-03-16', '2020-06-19', '2020-06-19', '2020-07-01'];
    expect(lowerBound(dates, '2020-06-19')).toBe(1);
    expect(lowerBound(dates, '2020-06-19~')).toBe(3);
  });
});
