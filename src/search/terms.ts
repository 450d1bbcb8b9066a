import { normalizeForSearch } from '../text/normalize.js';
import { cutWords, type TaggedWord, tagWords } from '../text/segment.js';
import type { Span } from '../text/sentences.js';
import { type LexicalMode, lexicalTerms } from '../text/tokenize.js';
import { lowerBound } from './lower-bound.js';

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

/** Tags of words that say no topic: pronouns, adverbs, prepositions, conjunctions, particles, time and place words. */
const NO_TOPIC_TAG = /^(?:r|d|p|c|u|uj|ul|uz|ug|ud|uv|y|e|o|f|t|q|m|zg|x)$/u;
/** Verbs every question uses ("做", "开展", "进行"): not what a list is about. */
const GENERIC_VERB =
  /^(?:做|干|搞|开|写|有|是|要|在|去|来|给|让|进行|开展|发生|出现|提供|参加|举行|举办|召开|组织|采取|打算|计划|准备|推动|推进|加强|打造|实施|情况)$/u;

/** A word of the topic worth matching: not a function word, not a bare verb of asking. */
function topical(t: TaggedWord): boolean {
  if (!/[\p{L}\p{N}]/u.test(t.word) || GENERIC_VERB.test(t.word)) return false;
  if (t.tag === 'x') return /^\p{sc=Han}{2,}$/u.test(t.word) || /^[a-z0-9]{2,}$/u.test(t.word);
  if (/^v/u.test(t.tag) && t.tag !== 'vn') return t.word.length >= 2;
  return !NO_TOPIC_TAG.test(t.tag);
}

/**
 * The words of a topic, each weighted by its rarest index term: an article is about "示范区环保" when it holds both
 * words, whatever their length in characters. Words listed with "、" or "或" ("脱贫、贫困户") are alternatives: one
 * of them is enough, and together they weigh as the heaviest.
 */
export function topicWords(topic: string, mode: LexicalMode, idf: (t: string) => number): WeightedTerms {
  const weigh = (w: string): number => Math.max(...lexicalTerms(w, mode).map(idf), 0);
  const groups = normalizeForSearch(topic)
    .split(/\s*[、|或]\s*/u)
    .map((part) =>
      tagWords(part)
        .filter(topical)
        .map((t) => t.word),
    );
  // Alternatives are the last word before a "、" and the first after it; the rest stand alone.
  const terms: string[] = [];
  groups.forEach((g, i) => {
    if (i > 0 && g.length > 0 && terms.length > 0) terms[terms.length - 1] += `|${g.shift()}`;
    terms.push(...g);
  });
  const distinct = [...new Set(terms)];
  const weights = distinct.map((t) => Math.max(...t.split('|').map(weigh)));
  return { terms: distinct, weights, total: weights.reduce((x, y) => x + y, 0) };
}

/** Share of the terms' weight a text holds (titles, for looking articles up by name). */
export function coverage(text: string, q: WeightedTerms): number {
  return shareOf(q, heldIn(text, q));
}

/** Which of the terms a text holds, as flags: `new TermHits(text, q).all()` without finding where. */
export function heldIn(text: string, q: WeightedTerms): boolean[] {
  const norm = normalizeForSearch(text);
  return shapeOf(q).alternatives.map((xs) => holdsAny(norm, xs));
}

/** What finding a question's terms needs of each: its alternatives ("a|b"), and the length of the shortest. */
interface TermShape {
  alternatives: string[][];
  lengths: number[];
}

/**
 * Worked out once per set of terms, not once per text searched: answering a question builds a TermHits for every
 * candidate article and title with the same terms. Weighted terms are never changed once made.
 */
const shapes = new WeakMap<WeightedTerms, TermShape>();

function shapeOf(q: WeightedTerms): TermShape {
  let shape = shapes.get(q);
  if (!shape) {
    const alternatives = q.terms.map((t) => t.split('|'));
    shape = { alternatives, lengths: alternatives.map((xs) => Math.min(...xs.map((x) => x.length))) };
    shapes.set(q, shape);
  }
  return shape;
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
  private readonly alternatives: string[][];

  constructor(
    readonly text: string,
    private readonly q: WeightedTerms,
    private readonly offset = 0,
    normalized?: string,
  ) {
    const norm = normalized ?? normalizeForSearch(text);
    // NFKC can change lengths ("㎡" → "m2"); then terms are looked up per span instead, which is slower but exact.
    this.aligned = norm.length === text.length;
    this.norm = norm;
    // A term "a|b" is found where either is; positions keep the length of the shorter.
    const shape = shapeOf(q);
    this.lengths = shape.lengths;
    this.alternatives = shape.alternatives;
    // In order of offset, also for a term "a|b" (hasEach sweeps them in order).
    const sorted = (xs: string[]): number[] =>
      xs.length > 1 ? xs.flatMap((x) => occurrences(norm, x)).sort((a, b) => a - b) : occurrences(norm, xs[0]!);
    this.at = this.aligned ? shape.alternatives.map(sorted) : [];
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
      this.alternatives.forEach((xs, i) => {
        if (holdsAny(part, xs)) w += this.q.weights[i]!;
      });
      return w;
    }
    this.at.forEach((list, i) => {
      if (within(list, s, e - this.lengths[i]!)) w += this.q.weights[i]!;
    });
    return w;
  }

  /** Which terms (by index) are inside the span. */
  has(span: Span): boolean[] {
    const s = span.start - this.offset;
    const e = span.end - this.offset;
    if (!this.aligned) {
      const part = normalizeForSearch(this.text.slice(Math.max(0, s), Math.max(0, e)));
      return this.alternatives.map((xs) => holdsAny(part, xs));
    }
    return this.at.map((list, i) => within(list, s, e - this.lengths[i]!));
  }

  /**
   * `has` for many spans at once (sorted by start, not overlapping): one sweep over each term's occurrences instead of
   * one per span, which for a whole article read sentence by sentence is the difference between linear and quadratic.
   */
  hasEach(spans: Span[]): boolean[][] {
    if (!this.aligned) return spans.map((sp) => this.has(sp));
    const out = spans.map(() => new Array<boolean>(this.at.length).fill(false));
    this.at.forEach((list, i) => {
      const len = this.lengths[i]!;
      let j = 0;
      for (const p of list) {
        const at = p + this.offset;
        while (j < spans.length && spans[j]!.end < at + len) j++;
        if (j === spans.length) break;
        if (spans[j]!.start <= at) out[j]![i] = true;
      }
    });
    return out;
  }

  /** Offsets (into the article) of term occurrences inside the span: where the question's words are. */
  positions(span: Span): number[] {
    if (!this.aligned) return [];
    const s = span.start - this.offset;
    const e = span.end - this.offset;
    const out: number[] = [];
    // Each list is in order: from the first occurrence in the span (a common term occurs hundreds of times).
    for (const list of this.at)
      for (let i = lowerBound(list, s); i < list.length && list[i]! < e; i++) out.push(list[i]! + this.offset);
    return out;
  }

  /** The terms of the whole text, as flags. */
  all(): boolean[] {
    return this.alternatives.map((xs) => holdsAny(this.norm, xs));
  }
}

/** Does the sorted list hold a value in [lo, hi]? A binary search: a common term occurs hundreds of times. */
function within(list: number[], lo: number, hi: number): boolean {
  const i = lowerBound(list, lo);
  return i < list.length && list[i]! <= hi;
}

const holdsAny = (text: string, alternatives: string[]): boolean =>
  alternatives.some((x) => x !== '' && text.includes(x));

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
  for (let i = 0; i < q.weights.length; i++) if (flags.some((f) => f[i])) w += q.weights[i]!;
  return w / q.total;
}
