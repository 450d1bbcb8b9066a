import { normalizeForSearch } from './normalize.js';
import { cutWords } from './segment.js';

// Lexical terms. Chinese has no spaces, so the default indexes character unigrams and bigrams (robust to unknown
// names and to segmentation errors); jieba words are the alternative, kept for measurement (docs/quality.md).

export type LexicalMode = 'char-bigram' | 'jieba';

const HAN_RUN = /\p{sc=Han}+/gu;
const WORD = /[\p{L}\p{N}]+(?:\.\d+)?/gu;

export function lexicalTerms(text: string, mode: LexicalMode = 'char-bigram'): string[] {
  const norm = normalizeForSearch(text);
  const out: string[] = [];
  if (mode === 'jieba') {
    for (const w of cutWords(norm)) if (/[\p{L}\p{N}]/u.test(w)) out.push(w);
    return out;
  }
  for (const m of norm.matchAll(HAN_RUN)) {
    const chars = Array.from(m[0]);
    for (let i = 0; i < chars.length; i++) {
      out.push(chars[i]!);
      if (i + 1 < chars.length) out.push(chars[i]! + chars[i + 1]!);
    }
  }
  // Latin words and numbers, what is left once the Han runs are taken out.
  for (const m of norm.replace(HAN_RUN, ' ').matchAll(WORD)) out.push(m[0]);
  return out;
}
