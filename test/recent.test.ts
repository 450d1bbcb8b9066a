import { describe, expect, it } from 'vitest';
import { RecentMap } from '../src/recent.js';

describe('RecentMap', () => {
  it('keeps the max recently used entries at least, twice max at most', () => {
    const m = new RecentMap<number, string>(4);
    for (let i = 0; i < 4; i++) m.set(i, `v${i}`);
    expect([0, 1, 2, 3].map((i) => m.get(i))).toEqual(['v0', 'v1', 'v2', 'v3']);
    // Entry 0 is used again while the others are not: it outlives them.
    for (let i = 4; i < 12; i++) {
      m.set(i, `v${i}`);
      expect(m.get(0)).toBe('v0');
    }
    expect([1, 2, 3].map((i) => m.get(i))).toEqual([undefined, undefined, undefined]);
    expect(m.get(11)).toBe('v11');
    // Never more than twice max: of 100 entries set once, at most 8 are still there, and the last 4.
    for (let i = 100; i < 200; i++) m.set(i, `v${i}`);
    expect([196, 197, 198, 199].map((i) => m.get(i))).toEqual(['v196', 'v197', 'v198', 'v199']);
    expect(
      Array.from({ length: 100 }, (_, k) => m.get(100 + k)).filter((v) => v !== undefined).length,
    ).toBeLessThanOrEqual(8);
  });
});
