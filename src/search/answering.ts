import { chunkNumber, citation, type Hit, type LinkFor, type Quote, type SearchedPeriod } from './answer.js';
import type { AnswerSettings } from './gate.js';
import type { IndexView } from './index-view.js';
import type { AnswerNote } from './notes.js';
import type { Body } from './places.js';
import type { QuestionAnalysis } from './question.js';
import type { Ranked } from './retrieve.js';
import type { WeightedTerms } from './terms.js';

// What every way of answering (a fact, an overview, a list) is given, and what it gives back.

export interface Asked {
  view: IndexView;
  linkFor: LinkFor;
  /** The question as the user wrote it. */
  question: string;
  q: QuestionAnalysis;
  /** The words the answer is judged by, weighted. */
  terms: WeightedTerms;
  /** Bodies the question names (开发区, 濮阳市). */
  bodies: Body[];
  /** Other proper names it states (恒丰, 邮储). */
  names: string[];
  settings: AnswerSettings;
  /** How many hits to return. */
  top: number;
  /** Time the answering step spent in retrieval of its own (a list's BM25 searches), so timings put it there. */
  spent: { lexical: number };
}

/** A BM25 search made while answering, timed as retrieval. */
export function searchLexical(a: Asked, terms: string[], k: number, allow?: (doc: number) => boolean) {
  const t = performance.now();
  const found = a.view.bm25.search(terms, k, allow);
  a.spent.lexical += performance.now() - t;
  return found;
}

export interface Reply {
  answered: boolean;
  confidence: number;
  quotes: Quote[];
  hits: Hit[];
  notes: AnswerNote[];
  period: SearchedPeriod | null;
}

/** A quote as the reply carries it: the passage, its source, and a link to the passage. */
export function quoteOf(
  a: Asked,
  p: { articleId: string; chunkId: string; text: string; mark?: { start: number; end: number } },
): Quote {
  const article = a.view.articlesById.get(p.articleId)!;
  const url = a.linkFor(article, chunkNumber(p.chunkId), p.text);
  return { ...citation(article, p.chunkId, p.text, url), ...(p.mark ? { mark: p.mark } : {}) };
}

/** The ranked passages as hits. */
export function hitsOf(a: Asked, ranked: Ranked[]): Hit[] {
  return ranked.slice(0, a.top).map((r) => {
    const c = a.view.chunk(r.doc);
    const article = a.view.chunkArticle[r.doc]!;
    const url = a.linkFor(article, c.n);
    return { ...citation(article, c.id, a.view.chunkText(c), url), score: Number(r.score.toFixed(5)) };
  });
}
