import { normalizeForSearch } from '../text/normalize.js';
import { type Asked, hitsOf, quoteOf, type Reply } from './answering.js';
import { onlyListed, whatHead } from './mention.js';
import { bodiesIn, namesIn } from './places.js';
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

/**
 * The words an overview is about that the article may only name in passing: the question's names and bodies, the
 * noun after 什么 ("什么内容"), and its rarest term.
 */
function overviewSubjects(a: Asked): string[] {
  // The rarest terms of two characters or more, ties included (the index's bigrams of "倡议书": 倡议, 议书).
  const long = a.terms.terms.map((t, i) => [t, a.terms.weights[i]!] as const).filter(([t]) => t.length >= 2);
  const top = Math.max(...long.map(([, w]) => w));
  const rarest = long.filter(([, w]) => w >= top - 1e-6).map(([t]) => t);
  const head = whatHead(a.q.text);
  const bodies = bodiesIn(a.q.text).map((b) => b.word);
  return [...new Set([...namesIn(a.q.text), ...bodies, ...(head ? [head] : []), ...rarest])];
}

/** The article has a subject of the question only as an item of a list or a tally: it says nothing of it. */
const LISTED_ONLY = 0.4;

export function answerOverview(a: Asked, ranked: Ranked[]): Reply {
  const hits = hitsOf(a, ranked);
  const top = ranked[0];
  const none = { answered: false, confidence: 0, quotes: [], hits, notes: [], period: null };
  if (!top || a.terms.total === 0) return none;
  const article = a.view.chunkArticle[top.doc]!;
  const src = a.view.quoteSource(article);
  const norm = src.read?.norm ?? normalizeForSearch(article.text);
  const listed = overviewSubjects(a).some((w) => onlyListed(norm, w));
  const confidence = articleEvidence(a, ranked, article.id) * (listed ? LISTED_ONLY : 1);
  if (confidence < a.settings.overview) return { ...none, confidence };
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
