import type { Article } from '../ingest/article.js';
import { type Asked, hitsOf, quoteOf, type Reply } from './answering.js';
import { constraintsOf } from './constraints.js';
import { factoidConfidence, SECOND_QUOTE_SHARE } from './gate.js';
import { whatHead } from './mention.js';
import { type AnswerNote, rangeOf } from './notes.js';
import { inPeriod } from './period.js';
import { districtsOf, ORG_NAME_END, unknownWordsIn } from './places.js';
import { claimsOf } from './predicate.js';
import { type PickedQuote, pickQuotes, type QuoteSource } from './quotes.js';
import type { Ranked, Retrieved } from './retrieve.js';

// A fact question: the sentence that holds the answer, found among the best passages and the whole text of the best
// articles (the answer is often the sentence after the one that matches), quoted with the answer marked.

/** Passages quoted from, after fusion. */
const QUOTE_PASSAGES = 8;
/** Articles read whole (up to WHOLE_CHARS), not only their retrieved passages. */
const WHOLE_ARTICLES = 2;
const WHOLE_CHARS = 4000;

/** The best passages grouped by article, the first articles read whole at a rank just below their best passage. */
export function quoteSources(a: Asked, ranked: Ranked[], passages = QUOTE_PASSAGES): QuoteSource[] {
  const byArticle = new Map<string, { article: Article; parts: QuoteSource['parts'] }>();
  ranked.slice(0, passages).forEach((r, rank) => {
    const c = a.view.chunk(r.doc);
    const article = a.view.chunkArticle[r.doc]!;
    const entry = byArticle.get(article.id) ?? { article, parts: [] };
    entry.parts.push({ start: c.start, end: c.end, rank });
    byArticle.set(article.id, entry);
  });
  return [...byArticle.values()].map(({ article, parts }, i) => {
    const whole = i < WHOLE_ARTICLES && article.text.length <= WHOLE_CHARS;
    if (whole) {
      const best = Math.min(...parts.map((p) => p.rank));
      parts.push({ start: 0, end: article.text.length, rank: best + 2 });
    }
    // Only an article read whole is worth normalising whole (and keeping so); the others are read in their parts.
    return a.view.quoteSource(article, parts, whole);
  });
}

/**
 * What a question asking what something is or says is about: its names, the bodies it names and the noun after
 * 什么 ("什么问题"). Not for a count, a date, a name or a place: "范县1件" is the answer to how many.
 */
export function subjectsOf(a: Pick<Asked, 'q' | 'names' | 'bodies'>): string[] {
  const t = a.q.answerType;
  if (a.q.intent === 'factoid' && t !== 'other' && t !== null) return [];
  const head = whatHead(a.q.text);
  return [...new Set([...a.names, ...a.bodies.map((b) => b.word), ...(head ? [head] : [])])];
}

/** A model's vote: the sentence of the most similar passage most similar to the question, if it is similar enough. */
async function denseAnswer(a: Asked, r: Retrieved): Promise<PickedQuote | undefined> {
  const threshold = a.settings.denseSimilarity;
  const best = r.dense[0];
  if (threshold === null || !best || !r.queryVector || best.score < threshold) return undefined;
  const article = a.view.chunkArticle[best.doc]!;
  const c = a.view.chunk(best.doc);
  const src = a.view.quoteSource(article, [{ start: c.start, end: c.end, rank: 0 }]);
  const sentences = pickQuotes([src], { ...noTerms(a), answerType: null }, { maxQuotes: 12 });
  if (sentences.length === 0) return undefined;
  const vecs = await a.view.embedder!.embedPassages(sentences.map((s) => s.text));
  const qv = r.queryVector;
  const sims = vecs.map((v) => v.reduce((s, x, i) => s + x * qv[i]!, 0));
  return sentences[sims.indexOf(Math.max(...sims))];
}

const noTerms = (a: Asked) => ({
  terms: { terms: [], weights: [], total: 0 },
  answerType: a.q.answerType,
  measure: a.q.measure,
  question: a.q.text,
  bodies: [],
});

export async function answerFactoid(a: Asked, ranked: Ranked[], r: Retrieved): Promise<Reply> {
  const typeAsked = a.q.answerType !== null && a.q.answerType !== 'other' && a.q.answerType !== 'reason';
  const picked = pickQuotes(quoteSources(a, ranked), {
    terms: a.terms,
    answerType: a.q.answerType,
    measure: a.q.measure,
    question: a.q.text,
    bodies: a.bodies,
    focus: a.q.focus,
    numbers: a.q.numbers,
    names: a.names,
    head: a.q.head,
    future: a.q.future,
    subjects: subjectsOf(a),
    distinct: distinctNames(a),
    person: { whoIs: a.q.whoIs, office: a.q.office },
    predicate: claimsOf(a.q.text, a.q.asks),
    fits: constraintsOf(a.q),
  });
  const confidence = factoidConfidence(picked[0], a.q.answerType, a.q.head);
  const offPeriod = picked[0] ? outsidePeriod(a, picked[0].articleId) : null;
  let answered = a.terms.total > 0 && confidence >= a.settings.factoid && offPeriod === null;
  // When the best quote holds the type asked for, the others must too: a count without a number adds nothing.
  const needType = typeAsked && (picked[0]?.typed ?? 0) >= 0.5;
  let chosen = answered
    ? picked.filter(
        (p, i) =>
          i === 0 ||
          (factoidConfidence(p, a.q.answerType, a.q.head) >= a.settings.factoid * SECOND_QUOTE_SHARE &&
            (!needType || p.typed >= 0.5)),
      )
    : [];
  // A multilingual model can match a question that shares no words with the text ("industrial park" ↔ 产业园).
  if (!answered) {
    const dense = await denseAnswer(a, r);
    if (dense) {
      chosen = [dense];
      answered = true;
    }
  }
  return {
    answered,
    // An answer from another time than the question's is no evidence at all.
    confidence: offPeriod ? 0 : confidence,
    quotes: chosen.map((p) => quoteOf(a, p)),
    hits: hitsOf(a, ranked),
    notes: offPeriod ? [offPeriod] : [],
    period: null,
  };
}

/**
 * The names and districts of the question that the archive holds (each of their index terms is in some article):
 * one of these missing from the quote's article means the quote is about another firm, person or place. A name the
 * archive never writes may be the reader's spelling of one it does ("马赛罗" for 马塞罗), so it is not held against a
 * quote beyond the context check.
 */
function distinctNames(a: Asked): string[] {
  const known = (w: string): boolean => {
    const terms = a.view.bm25.terms(w);
    return terms.length > 0 && terms.every((t) => a.view.df(t) > 0);
  };
  // Not a piece of a transliterated name ("韦斯·昂塞尔德", spelt many ways), nor a word jieba ran into a particle
  // ("王是", "张静美的").
  const whole = (w: string): boolean =>
    !besideDot(a.q.text, w) && !/^[的是了在和与自为被将把]|[的是了在和与自为被将把]$/u.test(w);
  // A body's own name ("农业银行") is never a spelling of another's: held against a quote even if the archive lacks it.
  const firm = (w: string): boolean => ORG_NAME_END.test(w);
  return [...a.names, ...unknownWordsIn(a.q.text), ...districtsOf(a.bodies)].filter(
    (w) => whole(w) && (firm(w) || known(w)),
  );
}

const DOTS = ['·', '・', '•'];

/**
 * Does the word stand next to a name dot in the text (`[·・•]w|w[·・•]` as a pattern)? Looked for as strings: a
 * pattern made for every name of every question was compiled each time. A word holding a pattern character is still
 * read as a pattern, as it always was.
 */
function besideDot(text: string, w: string): boolean {
  if (/[\\^$.*+?()[\]{}|/]/u.test(w)) return new RegExp(`[·・•]${w}|${w}[·・•]`, 'u').test(text);
  return DOTS.some((d) => text.includes(d + w) || text.includes(w + d));
}

/** Does the article's text name the period as the question says it ("2019年", "3月19日"), spaces aside? */
function saysPeriod(a: Asked, article: Article, said: string): boolean {
  const want = said.replace(/\s+/gu, '');
  if (article.text.includes(want)) return true;
  return a.view.textOf(article).norm.replace(/\s+/gu, '').includes(want);
}

/**
 * Does the article state a year of the period ("1998" for "1998/7/18", any of 1958–1964 for "1958-1964年")? A
 * period of any year ("3月16日") has none to contradict.
 */
function saysYear(article: Article, p: { from?: string; to?: string }): boolean {
  if (!p.from || !p.to || p.from.startsWith('--')) return true;
  const first = Number(p.from.slice(0, 4));
  const last = Math.min(Number(p.to.slice(0, 4)), first + 30);
  for (let y = first; y <= last; y++) if (article.text.includes(String(y))) return true;
  return false;
}

/**
 * A question about a time (a year, a date: "2019年开发区…"; or relative to today, "去年的进出口总额") is not
 * answered by an article of another time, unless the article speaks of that time in the same words (the paper's own
 * "今年", which the reader repeats).
 */
function outsidePeriod(a: Asked, articleId: string): AnswerNote | null {
  const p = a.q.period;
  if (!p || p.latest) return null;
  const article = a.view.articlesById.get(articleId)!;
  if (inPeriod(article.date, p)) return null;
  if (p.relative ? saysPeriod(a, article, p.said) : !p.from || saysYear(article, p)) return null;
  return { code: 'outside-period', said: p.said, range: rangeOf(p), articleDate: article.date ?? null };
}
