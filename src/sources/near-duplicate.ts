import { createHash } from 'node:crypto';

// Near-duplicates: the same story in two feeds, or re-published with a changed title or a corrected sentence.
// MinHash over character 3-grams estimates the Jaccard similarity of two texts' 3-gram sets; edited copies of an
// article score far above different articles on the same topic (see test/near-duplicate.test.ts for the calibration
// on the sample pages).

export const MINHASH_PERMUTATIONS = 128;
/** Estimated 3-gram Jaccard similarity from which two texts are one story. */
export const NEAR_DUPLICATE_SIMILARITY = 0.6;
/** Texts with fewer 3-grams than this are only matched exactly: a few characters say little. */
const MIN_SHINGLES = 20;

/** The characters that carry the content: letters, digits and ideographs, after NFKC; no spaces or punctuation. */
export function contentChars(text: string): string {
  return text.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '');
}

/** Hash of the content characters: the same text however it was spaced, punctuated or wrapped. */
export function textHash(text: string): string {
  return createHash('sha1').update(contentChars(text)).digest('hex').slice(0, 20);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit finaliser (murmur3's): spreads x's bits so each seed acts as an independent permutation. */
function mix(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = Uint32Array.from({ length: MINHASH_PERMUTATIONS }, (_, i) => mix(0x9e3779b9 + i * 0x6d2b79f5));

/** The MinHash signature of a text, or undefined when it is too short to compare by similarity. */
export function minhash(text: string): Uint32Array | undefined {
  const chars = Array.from(contentChars(text));
  const shingles = new Set<number>();
  for (let i = 0; i + 3 <= chars.length; i++) shingles.add(fnv1a(chars[i]! + chars[i + 1]! + chars[i + 2]!));
  if (shingles.size < MIN_SHINGLES) return undefined;
  const sig = new Uint32Array(MINHASH_PERMUTATIONS).fill(0xffffffff);
  for (const s of shingles) {
    for (let k = 0; k < MINHASH_PERMUTATIONS; k++) {
      const h = mix(s ^ SEEDS[k]!);
      if (h < sig[k]!) sig[k] = h;
    }
  }
  return sig;
}

export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let k = 0; k < MINHASH_PERMUTATIONS; k++) if (a[k] === b[k]) same++;
  return same / MINHASH_PERMUTATIONS;
}

export const signatureToBlob = (s: Uint32Array): Buffer => Buffer.from(s.buffer, s.byteOffset, s.byteLength);
export const blobToSignature = (b: Buffer): Uint32Array =>
  new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
