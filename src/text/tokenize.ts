import { normalizeForSearch } from './normalize.js';
import { cutWords } from './segment.js';

// Lexical terms. Chinese has no spaces, so the default indexes character unigrams and bigrams (robust to unknown
// names and to segmentation errors); jieba words are the alternative, kept for measurement (docs/quality.md).

export type LexicalMode = 'char-bigram' | 'jieba';

const HAN = /\p{sc=Han}/u;
const HAN_RUN = /\p{sc=Han}+/gu;
const WORD = /[\p{L}\p{N}]+(?:\.\d+)?/gu;

/** Per code point: 0 not yet known, 1 Han, 2 not Han (filled as met, from the one definition above). */
const hanTable = new Uint8Array(0x110000);
function isHan(c: number): boolean {
  let h = hanTable[c]!;
  if (h === 0) {
    h = HAN.test(String.fromCodePoint(c)) ? 1 : 2;
    hanTable[c] = h;
  }
  return h === 1;
}

/** Where the char-bigram terms of a normalised text go: Han characters as code points, other words as strings. */
export interface BigramSink {
  unigram(c: number): void;
  bigram(a: number, b: number): void;
  word(w: string): void;
}

/**
 * The char-bigram terms of normalised text, in order: each Han character, and each pair of Han characters side by
 * side within a run, then the Latin words and numbers of what is left once the Han runs are taken out. Code points
 * rather than strings, so an index build makes no string per term (lexicalTerms makes them).
 */
export function visitBigramTerms(norm: string, sink: BigramSink): void {
  let prev = -1;
  let other = false;
  for (let i = 0; i < norm.length; ) {
    const c = norm.codePointAt(i)!;
    i += c > 0xffff ? 2 : 1;
    if (!isHan(c)) {
      prev = -1;
      other = true;
      continue;
    }
    if (prev >= 0) sink.bigram(prev, c);
    sink.unigram(c);
    prev = c;
  }
  if (other) for (const m of norm.replace(HAN_RUN, ' ').matchAll(WORD)) sink.word(m[0]);
}

export function lexicalTerms(text: string, mode: LexicalMode = 'char-bigram'): string[] {
  const norm = normalizeForSearch(text);
  const out: string[] = [];
  if (mode === 'jieba') {
    for (const w of cutWords(norm)) if (/[\p{L}\p{N}]/u.test(w)) out.push(w);
    return out;
  }
  visitBigramTerms(norm, {
    unigram: (c) => out.push(String.fromCodePoint(c)),
    bigram: (a, b) => out.push(String.fromCodePoint(a, b)),
    word: (w) => out.push(w),
  });
  return out;
}
