import { normalizeForSearch } from '../text/normalize.js';
import { cutWords } from '../text/segment.js';
import type { Span } from '../text/sentences.js';
import { type LexicalMode, lexicalTerms } from '../text/tokenize.js';

// Which of a question's terms a stretch of an article holds, weighted by rarity (IDF): the evidence a quote answers
// the question. An article is normalised once (NFKC, Simplified, lower case) and each term's occurrences found,
// so scoring a sentence is a few comparisons, not another normalisation.

export interface WeightedTerms {
  terms: string[];
  weights: number[];
  total: number;
}

/**
 * The terms a quote is judged by: the index's terms of each word of the question, so no bigram spans two words
 * ("区选" in "开发区选派") to count as a missing word of the question.
 */
export function evidenceTerms(content: string, mode: LexicalMode): string[] {
  if (mode === 'jieba') return lexicalTerms(content, mode);
  return cutWords(normalizeForSearch(content)).flatMap((w) => lexicalTerms(w, mode));
}

/** Words that carry no topic of their own ("的", "在", "和"). */
const FUNCTION_WORD = /^(?:的|了|在|和|与|及|是|有|对|把|被|将|从|向|为|等|上|中|里|内|也|都|就|还|又|并|或|而|着|过|地|得|之|其|该|此|这|那|个)$/u;

/**
 * The words of a topic, each weighted by its rarest index term: an article is about "示范区环保" when it holds both
 * words, whatever their length in characters.
 */
export function topicWords(topic: string, mode: LexicalMode, idf: (t: string) => number): WeightedTerms {
  const words = [...new Set(cutWords(normalizeForSearch(topic)))].filter(
    (w) => /[\p{L}\p{N}]/u.test(w) && !FUNCTION_WORD.test(w),
  );
  const weights = words.map((w) => Math.max(...lexicalTerms(w, mode).map(idf), 0));
  return { terms: words, weights, total: weights.reduce((x, y) => x + y, 0) };
}

/** Share of the terms' weight a text holds (titles, for looking articles up by name). */
export function coverage(text: string, q: WeightedTerms): number {
  return shareOf(q, new TermHits(text, q).all());
}

/** Distinct terms with their IDF weights. */
export function weighTerms(terms: string[], idf: (t: string) => number): WeightedTerms {
  const distinct = [...new Set(terms)];
  const weights = distinct.map(idf);
  return { terms: distinct, weights, total: weights.reduce((s, w) => s + w, 0) };
}

/** The question's terms found in one text, by position. */
export class TermHits {
  /** Per term, the offsets (into the raw text) where it starts. */
  private readonly at: number[][];
  private readonly lengths: number[];

  constructor(
    readonly text: string,
    private readonly q: WeightedTerms,
    private readonly offset = 0,
  ) {
    const norm = normalizeForSearch(text);
    // NFKC can change lengths ("㎡" → "m2"); then terms are looked up per span instead, which is slower but exact.
    this.aligned = norm.length === text.length;
    this.norm = norm;
    this.lengths = q.terms.map((t) => t.length);
    this.at = this.aligned ? q.terms.map((t) => occurrences(norm, t)) : [];
  }

  private readonly aligned: boolean;
  private readonly norm: string;

  /** Weight of the terms inside the span (offsets into the whole article: the text starts at `offset`). */
  weight(span: Span): number {
    const s = span.start - this.offset;
    const e = span.end - this.offset;
    let w = 0;
    if (!this.aligned) {
      const part = normalizeForSearch(this.text.slice(Math.max(0, s), Math.max(0, e)));
      this.q.terms.forEach((t, i) => {
        if (part.includes(t)) w += this.q.weights[i]!;
      });
      return w;
    }
    this.at.forEach((list, i) => {
      const len = this.lengths[i]!;
      if (list.some((p) => p >= s && p + len <= e)) w += this.q.weights[i]!;
    });
    return w;
  }

  /** Which terms (by index) are inside the span. */
  has(span: Span): boolean[] {
    const s = span.start - this.offset;
    const e = span.end - this.offset;
    if (!this.aligned) {
      const part = normalizeForSearch(this.text.slice(Math.max(0, s), Math.max(0, e)));
      return this.q.terms.map((t) => part.includes(t));
    }
    return this.at.map((list, i) => list.some((p) => p >= s && p + this.lengths[i]! <= e));
  }

  /** Offsets (into the article) of term occurrences inside the span: where the question's words are. */
  positions(span: Span): number[] {
    if (!this.aligned) return [];
    const s = span.start - this.offset;
    const e = span.end - this.offset;
    const out: number[] = [];
    for (const list of this.at) for (const p of list) if (p >= s && p < e) out.push(p + this.offset);
    return out;
  }

  /** The terms of the whole text, as flags. */
  all(): boolean[] {
    return this.q.terms.map((t) => this.norm.includes(t));
  }
}

function occurrences(text: string, term: string): number[] {
  const out: number[] = [];
  if (term === '') return out;
  for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) out.push(i);
  return out;
}

/** Share of the weight held by the union of flags. */
export function shareOf(q: WeightedTerms, ...flags: boolean[][]): number {
  if (q.total <= 0) return 0;
  let w = 0;
  q.terms.forEach((_t, i) => {
    if (flags.some((f) => f[i])) w += q.weights[i]!;
  });
  return w / q.total;
}
