import { type Span, splitSentences, trimSpan } from '../text/sentences.js';
import type { AnswerKind } from './question.js';

// Pick the one to three sentences that best answer a question, and quote them verbatim: every quote is a slice of
// its article's clean text, so it cannot say anything the paper did not.

export interface Candidate {
  articleId: string;
  chunkId: string;
  /** Article text and the chunk's span in it. */
  text: string;
  start: number;
  end: number;
  /** 0-based rank after fusion. */
  rank: number;
}

export interface PickedQuote {
  articleId: string;
  chunkId: string;
  start: number;
  end: number;
  text: string;
  score: number;
  coverage: number;
}

export interface QuoteOptions {
  terms: string[];
  idf: (term: string) => number;
  kind: AnswerKind;
  maxQuotes?: number;
  /** Longest quote; a longer sentence is cut to its best clauses (still an exact slice). */
  maxChars?: number;
}

const NUMBER = /\d|[一二三四五六七八九十百千万亿两]+(?:个|名|家|项|次|人|户|万|亿|元)/u;
const TIME = /\d{1,2}\s*月|\d{4}\s*年|\d{1,2}\s*日|上午|下午|昨日|今年|去年/u;
const PERSON = /书记|主任|市长|县长|区长|总经理|负责人|局长|记者|董事长|\p{sc=Han}{2,3}(?:表示|说|强调|指出|要求)/u;
const PLACE = /\p{sc=Han}{1,6}(?:区|县|市|镇|村|路|园|街道|省)/u;
/** A two-sentence quote must earn its length. */
const PAIR_COST = 0.03;
/** Further quotes must score at least this share of the best one. */
const SECOND_QUOTE = 0.7;
const KIND_PATTERN: Record<AnswerKind, RegExp | undefined> = {
  number: NUMBER,
  time: TIME,
  person: PERSON,
  place: PLACE,
  other: undefined,
};

/** Share of the question's term weight (IDF) a passage contains. */
export function coverage(
  passage: string,
  terms: string[],
  idf: (t: string) => number,
  termsOf: (s: string) => string[],
): number {
  const distinct = [...new Set(terms)];
  if (distinct.length === 0) return 0;
  const have = new Set(termsOf(passage));
  let total = 0;
  let hit = 0;
  for (const t of distinct) {
    const w = idf(t);
    total += w;
    if (have.has(t)) hit += w;
  }
  return total > 0 ? hit / total : 0;
}

/** Cut a long sentence to the window of clauses carrying the most matched weight. */
function bestWindow(text: string, s: Span, max: number, weight: (s: string) => number): Span {
  if (s.end - s.start <= max) return s;
  const clauses: Span[] = [];
  let start = s.start;
  for (let i = s.start; i < s.end; i++) {
    if ('，,；;：:'.includes(text[i]!)) {
      clauses.push({ start, end: i + 1 });
      start = i + 1;
    }
  }
  if (start < s.end) clauses.push({ start, end: s.end });
  let best: Span = { start: s.start, end: Math.min(s.end, s.start + max) };
  let bestW = -1;
  for (let i = 0; i < clauses.length; i++) {
    let j = i;
    while (j + 1 < clauses.length && clauses[j + 1]!.end - clauses[i]!.start <= max) j++;
    const span = { start: clauses[i]!.start, end: clauses[j]!.end };
    if (span.end - span.start > max) continue;
    const w = weight(text.slice(span.start, span.end));
    if (w > bestW) {
      bestW = w;
      best = span;
    }
  }
  // Do not end a quote on a dangling comma.
  const trimmed = trimSpan(text, best);
  if (/[，,；;：:]$/u.test(text.slice(trimmed.start, trimmed.end))) trimmed.end -= 1;
  return trimmed;
}

export function pickQuotes(candidates: Candidate[], o: QuoteOptions, termsOf: (s: string) => string[]): PickedQuote[] {
  const maxQuotes = o.maxQuotes ?? 3;
  const maxChars = o.maxChars ?? 160;
  const pattern = KIND_PATTERN[o.kind];
  const scored: PickedQuote[] = [];
  for (const c of candidates) {
    const chunk = c.text.slice(c.start, c.end);
    const sentences = splitSentences(chunk)
      .map((sp) => trimSpan(c.text, { start: c.start + sp.start, end: c.start + sp.end }))
      .filter((sp) => sp.end - sp.start >= 4);
    // A quote is one sentence, or two in a row when the answer sits next to the sentence that matches the question.
    const spans: { span: Span; pair: boolean }[] = [];
    sentences.forEach((sp, i) => {
      spans.push({ span: sp, pair: false });
      const next = sentences[i + 1];
      if (next && next.end - sp.start <= maxChars) spans.push({ span: { start: sp.start, end: next.end }, pair: true });
    });
    for (const { span: abs, pair } of spans) {
      const span = bestWindow(c.text, abs, maxChars, (s) => coverage(s, o.terms, o.idf, termsOf));
      const text = c.text.slice(span.start, span.end);
      const cov = coverage(text, o.terms, o.idf, termsOf);
      const typeBonus = pattern?.test(text) ? 0.12 : 0;
      const rankPrior = 0.1 / (1 + c.rank);
      const score = cov + typeBonus + rankPrior - (pair ? PAIR_COST : 0);
      scored.push({
        articleId: c.articleId,
        chunkId: c.chunkId,
        start: span.start,
        end: span.end,
        text,
        coverage: cov,
        score,
      });
    }
  }
  scored.sort((a, b) => b.score - a.score || a.start - b.start);
  const out: PickedQuote[] = [];
  const best = scored[0];
  if (!best) return out;
  for (const q of scored) {
    if (out.length >= maxQuotes) break;
    if (q.score < best.score * SECOND_QUOTE) break;
    // One quote per place: skip overlaps and a second quote from an article already quoted twice.
    if (out.some((p) => p.articleId === q.articleId && p.start < q.end && q.start < p.end)) continue;
    if (out.filter((p) => p.articleId === q.articleId).length >= 2) continue;
    out.push(q);
  }
  return out;
}
