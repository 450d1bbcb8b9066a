import { describe, expect, it } from 'vitest';
import { int16Dots } from '../src/index/int16-dots.js';

// The WebAssembly dot products against a plain sum, for widths the graph uses and widths it falls back on.

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('int16 dot products', () => {
  it.each([
    { dims: 384, simd: true },
    { dims: 8, simd: true },
    { dims: 48, simd: true },
    { dims: 30, simd: false },
    { dims: 384, simd: false, allowSimd: false },
  ])('$dims dimensions: SIMD $simd, the same sums as a plain loop', ({ dims, simd, allowSimd }) => {
    const n = 50;
    const dots = int16Dots(n * dims, dims, allowSimd ?? true);
    expect(dots.simd).toBe(simd);
    const r = random(dims);
    for (let i = 0; i < dots.codes.length; i++) dots.codes[i] = Math.round((r() * 2 - 1) * 32767);
    // The extremes too: every code at ±32767 in the last vector.
    for (let d = 0; d < dims; d++) dots.codes[(n - 1) * dims + d] = d % 2 ? 32767 : -32767;
    const q = Float32Array.from({ length: dims }, () => r() * 2 - 1);
    dots.setQuery(q);
    for (let e = 0; e < n; e++) {
      const want = dotOf(q, dots.codes.subarray(e * dims, (e + 1) * dims));
      // float32 sums (SIMD) of up to 384 terms of at most 32767: relative error well under 1e-5 of the terms' size.
      expect(Math.abs(dots.dot(e) - want)).toBeLessThanOrEqual(1e-5 * 32767 * dims);
    }
    // The query is copied: changing the caller's array afterwards changes no sum.
    const before = dots.dot(0);
    const kept = q.slice();
    q.fill(0);
    expect(dots.dot(0)).toBe(before);
    q.set(kept);
    // A new query is used from the next call on.
    const q2 = q.map((x) => -x);
    dots.setQuery(q2);
    const want3 = -dotOf(q, dots.codes.subarray(3 * dims, 4 * dims));
    expect(Math.abs(dots.dot(3) - want3)).toBeLessThanOrEqual(1e-5 * 32767 * dims);
    expect(Math.abs(want3)).toBeGreaterThan(1e-4 * 32767 * dims);
  });

  it('an empty set of vectors still answers nothing without failing', () => {
    expect(int16Dots(0, 384).codes).toHaveLength(0);
  });
});

function dotOf(q: Float32Array, c: Int16Array): number {
  let s = 0;
  for (let d = 0; d < q.length; d++) s += q[d]! * c[d]!;
  return s;
}
