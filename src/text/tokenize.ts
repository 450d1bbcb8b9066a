import { normalizeForSearch } from './normalize.js';
import { cutWords } from './segment.js';

// Lexical terms. Chinese has no spaces, so the default indexes character unigrams and bigrams (robust to unknown
// names and to segmentation errors); jieba words are the alternative, kept for measurement (docs/quality.md).

export type LexicalMode = 'char-bigram' | 'jieba';

const HAN = /\p{sc=Han}/u;
/** A character of a Latin word or number (a Han character is one too, but is taken first). */
const WORD_CHAR = /[\p{L}\p{N}]/u;
const HAN_CHAR = 1;
const WORD_PART = 2;
const OTHER = 3;

/** Per code point: HAN_CHAR, WORD_PART or OTHER, filled as met from the two definitions above (0: not met yet). */
const kinds = new Uint8Array(0x110000);
function kindOf(c: number): number {
  let k = kinds[c]!;
  if (k === 0) {
    const s = String.fromCodePoint(c);
    k = HAN.test(s) ? HAN_CHAR : WORD_CHAR.test(s) ? WORD_PART : OTHER;
    kinds[c] = k;
  }
  return k;
}

const isDigit = (u: number): boolean => u >= 0x30 && u <= 0x39;

/** Where the char-bigram terms of a normalised text go: Han characters as code points, other words as strings. */
export interface BigramSink {
  unigram(c: number): void;
  bigram(a: number, b: number): void;
  word(w: string): void;
}

/**
 * The char-bigram terms of normalised text, in order: each Han character, and each pair of Han characters side by
 * side within a run of them; then the words: runs of letters and numbers outside the Han runs, a number taking a
 * decimal part (`[\p{L}\p{N}]+(?:\.\d+)?`). Code points rather than strings, so an index build makes no string per
 * term (lexicalTerms makes them).
 */
export function visitBigramTerms(norm: string, sink: BigramSink): void {
  let prev = -1;
  let wordStart = -1;
  const words: number[] = [];
  for (let i = 0; i < norm.length; ) {
    const at = i;
    const c = norm.codePointAt(i)!;
    i += c > 0xffff ? 2 : 1;
    const k = kindOf(c);
    if (k === HAN_CHAR) {
      if (wordStart >= 0) words.push(wordStart, at);
      wordStart = -1;
      if (prev >= 0) sink.bigram(prev, c);
      sink.unigram(c);
      prev = c;
      continue;
    }
    prev = -1;
    if (k === WORD_PART) {
      if (wordStart < 0) wordStart = at;
      continue;
    }
    if (wordStart < 0) continue;
    if (c === 0x2e && isDigit(norm.charCodeAt(i))) while (isDigit(norm.charCodeAt(i))) i++;
    words.push(wordStart, c === 0x2e && i > at + 1 ? i : at);
    wordStart = -1;
  }
  if (wordStart >= 0) words.push(wordStart, norm.length);
  for (let w = 0; w < words.length; w += 2) sink.word(norm.slice(words[w], words[w + 1]));
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
