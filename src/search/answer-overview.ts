import { type Asked, hitsOf, quoteOf, type Reply } from './answering.js';
import { leadSpan, pickQuotes } from './quotes.js';
import type { Ranked } from './retrieve.js';
import { shareOf, TermHits } from './terms.js';

// An overview question ("…讲了什么", "…情况如何"): the top article's lead sentence, then the one or two sentences of
// it most relevant to the question.

const RELEVANT = 2;

/** Share of the question's weight the article's title and its retrieved passages hold. */
function articleEvidence(a: Asked, ranked: Ranked[], articleId: string): number {
  const article = a.view.articlesById.get(articleId)!;
  const passages = ranked
    .filter((r) => a.view.chunk(r.doc).articleId === articleId)
    .map((r) => new TermHits(a.view.chunkText(a.view.chunk(r.doc)), a.terms).all());
  return shareOf(a.terms, new TermHits(article.title, a.terms).all(), ...passages);
}

export function answerOverview(a: Asked, ranked: Ranked[]): Reply {
  const hits = hitsOf(a, ranked);
  const top = ranked[0];
  const none = { answered: false, confidence: 0, quotes: [], hits, notes: [], period: null };
  if (!top || a.terms.total === 0) return none;
  const article = a.view.chunkArticle[top.doc]!;
  const confidence = articleEvidence(a, ranked, article.id);
  if (confidence < a.settings.overview) return { ...none, confidence };
  const src = a.view.quoteSource(article);
  const lead = leadSpan(article.text);
  const chunkAt = (start: number): string =>
    src.chunks.find((c) => start >= c.start && start < c.end)?.id ?? `${article.id}:0`;
  const relevant = pickQuotes(
    [src],
    {
      terms: a.terms,
      answerType: null,
      measure: null,
      question: a.q.text,
      bodies: [],
    },
    { maxQuotes: RELEVANT + 2, closeTo: 0 },
  )
    .filter((p) => !lead || p.end <= lead.start || p.start >= lead.end)
    .slice(0, RELEVANT)
    .sort((x, y) => x.start - y.start);
  const quotes = [
    ...(lead
      ? [{ articleId: article.id, chunkId: chunkAt(lead.start), text: article.text.slice(lead.start, lead.end) }]
      : []),
    ...relevant,
  ].map((p) => quoteOf(a, p));
  return { answered: quotes.length > 0, confidence, quotes, hits, notes: [], period: null };
}
