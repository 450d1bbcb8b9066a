import type { IndexData } from '../index/store.js';
import type { Article } from '../ingest/article.js';
import { normalizeForSearch } from '../text/normalize.js';
import { cutWords } from '../text/segment.js';
import { splitSentences } from '../text/sentences.js';
import type { Archive } from './archive.js';
import { byDay } from './browse.js';
import { analyzeQuestion } from './question.js';

// Search results as a search page lists them: every article that holds all the words searched, counted exactly,
// ranked by BM25 or by date, a page at a time, each with a snippet whose matches are marked. The words come from
// the query (question words dropped, long runs of Chinese cut into words); candidates come from the lexical index's
// postings, so a query never scans the whole archive's text.

export type ResultOrder = 'relevance' | 'date';

export interface ResultsQuery {
  text: string;
  /** Inclusive ISO dates (YYYY-MM-DD); a filter leaves out undated and year-unknown articles. */
  from?: string;
  to?: string;
  order?: ResultOrder;
  /** 1-based; clamped to the pages there are. */
  page?: number;
  perPage?: number;
  /** Passages (chunk ids) already on the page, such as an answer's quotes: snippets come from other passages. */
  exclude?: ReadonlySet<string>;
}

/** A span of a snippet or title to mark (offsets into that string). */
export interface Highlight {
  start: number;
  end: number;
}

export interface Snippet {
  chunkId: string;
  chunkN: number;
  text: string;
  highlights: Highlight[];
  /** The snippet starts or ends inside its passage. */
  cutStart: boolean;
  cutEnd: boolean;
}

export interface ResultItem {
  article: Article;
  score: number;
  titleHighlights: Highlight[];
  /** Absent when every matching passage of the article is already on the page (`exclude`). */
  snippet?: Snippet;
}

export interface Results {
  /** The words searched for, normalised. */
  words: string[];
  /** `all`: every result holds every word; `some`: none holds them all, these hold `matchedWords` of them. */
  match: 'all' | 'some';
  matchedWords: number;
  total: number;
  page: number;
  pages: number;
  perPage: number;
  items: ResultItem[];
}

export const RESULTS_PER_PAGE = 10;
const MAX_PER_PAGE = 50;
const MAX_WORDS = 8;
/** A run of Chinese this short is taken as one word, as typed; longer runs are cut into words. */
const WHOLE_RUN = 4;
const SNIPPET_CHARS = 110;
/** A title holding the words lifts an article by up to this share of the best passage score. */
const TITLE_WEIGHT = 0.5;

const QUOTED = /["“”「」『』]([^"“”「」『』]+)["“”「」『』]/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/u;
const HAN = /\p{sc=Han}/u;

/** The words of a query: quoted phrases whole, question words dropped, long Chinese runs cut into words. */
export function queryWords(text: string): string[] {
  const phrases: string[] = [];
  const rest = normalizeForSearch(text).replace(QUOTED, (_m, p: string) => {
    phrases.push(...p.split(SEPARATORS).filter(Boolean));
    return ' ';
  });
  const content = rest.trim() === '' ? '' : analyzeQuestion(rest).content;
  const words = [...phrases, ...content.split(SEPARATORS).flatMap(wordsOfPart)];
  // A word inside another adds nothing to an AND search.
  const distinct = [...new Set(words)];
  return distinct.filter((w) => !distinct.some((o) => o !== w && o.includes(w))).slice(0, MAX_WORDS);
}

function wordsOfPart(part: string): string[] {
  if (part === '') return [];
  if (!HAN.test(part) || Array.from(part).length <= WHOLE_RUN) return [part];
  // Single characters jieba leaves between words are particles ("已", "了") or pieces of a name it does not know
  // ("雪", "汇"): consecutive ones are joined again, and a lone one dropped.
  const out: string[] = [];
  let singles = '';
  const flush = (): void => {
    if (Array.from(singles).length > 1) out.push(singles);
    singles = '';
  };
  for (const w of cutWords(part)) {
    if (HAN.test(w) && Array.from(w).length === 1) singles += w;
    else {
      flush();
      if (w.trim() !== '') out.push(w);
    }
  }
  flush();
  return out;
}

/** Per loaded index: each chunk's article, and the titles normalised for matching. */
interface Lookup {
  chunkArticle: Article[];
  titles: string[];
  titleOf: Map<Article, string>;
}
const lookups = new WeakMap<IndexData, Lookup>();
function lookup(archive: Archive): Lookup {
  let l = lookups.get(archive.data);
  if (!l) {
    const byId = new Map(archive.data.articles.map((a) => [a.id, a]));
    const titles = archive.data.articles.map((a) => normalizeForSearch(a.title));
    l = {
      chunkArticle: archive.data.chunks.map((c) => byId.get(c.articleId)!),
      titles,
      titleOf: new Map(archive.data.articles.map((a, i) => [a, titles[i]!])),
    };
    lookups.set(archive.data, l);
  }
  return l;
}

/** Is an article inside an inclusive date filter? Without a filter every article is. */
export function inDateRange(date: string | undefined, from?: string, to?: string): boolean {
  if (!from && !to) return true;
  if (!date || date.startsWith('-')) return false;
  return (!from || date >= from.slice(0, date.length)) && (!to || date.slice(0, to.length) <= to);
}

/** Does a passage hold the word once both are normalised? (The raw text usually holds it as it is.) */
const holds = (raw: string, word: string): boolean => raw.includes(word) || normalizeForSearch(raw).includes(word);

/**
 * The chunks (document numbers) holding a word: the postings of its rarest lexical term, then the text decides (a
 * passage may hold a word's characters without the word). One postings list per word, however long the word.
 */
function chunksWith(archive: Archive, word: string, allow: (doc: number) => boolean): number[] {
  const { bm25 } = archive;
  const terms = [...new Set(bm25.terms(word))].sort((x, y) => bm25.df(x) - bm25.df(y));
  if (terms.length === 0 || bm25.df(terms[0]!) === 0) return [];
  const docs = bm25.search([terms[0]!], archive.data.chunks.length, allow).map((r) => r.doc);
  // A word that is its own single term (a character pair, a Latin word) needs no reading of the text.
  if (terms.length === 1 && terms[0] === word) return docs;
  return docs.filter((d) => holds(archive.chunkText(archive.data.chunks[d]!), word));
}

interface Matched {
  articles: Article[];
  matchedWords: number;
  match: 'all' | 'some';
}

/** The articles holding every word (in a passage or the title); failing that, those holding the most words. */
function matchArticles(archive: Archive, words: string[], q: ResultsQuery): Matched {
  const { chunkArticle, titles } = lookup(archive);
  const inRange = (a: Article): boolean => inDateRange(a.date, q.from, q.to);
  const allow = (d: number): boolean => inRange(chunkArticle[d]!);
  const counts = new Map<Article, number>();
  for (const w of words) {
    const holding = new Set(chunksWith(archive, w, allow).map((d) => chunkArticle[d]!));
    archive.data.articles.forEach((a, i) => {
      if (titles[i]!.includes(w) && inRange(a)) holding.add(a);
    });
    for (const a of holding) counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  let best = 0;
  for (const c of counts.values()) best = Math.max(best, c);
  const articles = [...counts.entries()].filter(([, c]) => c === best && best > 0).map(([a]) => a);
  return { articles, matchedWords: best, match: best === words.length ? 'all' : 'some' };
}

/** BM25 over the words' terms for every passage of the matched articles, keyed by chunk index. */
function passageScores(archive: Archive, words: string[], articles: Article[]): Map<number, number> {
  const { chunkArticle } = lookup(archive);
  const wanted = new Set(articles);
  const terms = [...new Set(words.flatMap((w) => archive.bm25.terms(w)))];
  const hits = archive.bm25.search(terms, archive.data.chunks.length, (d) => wanted.has(chunkArticle[d]!));
  return new Map(hits.map((h) => [h.doc, h.score]));
}

const dateKey = (a: Article): string => (a.date && !a.date.startsWith('-') ? a.date : '');

interface Ranked {
  article: Article;
  score: number;
  /** The article's scored passages, best first. */
  chunks: number[];
}

/** Scores and best passages of some articles: the best passage's BM25, lifted when the title holds the words. */
function scoreArticles(archive: Archive, words: string[], articles: Article[]): Ranked[] {
  const scores = passageScores(archive, words, articles);
  const { chunkArticle, titleOf } = lookup(archive);
  const chunksOf = new Map<Article, number[]>();
  for (const doc of [...scores.keys()].sort((x, y) => scores.get(y)! - scores.get(x)!)) {
    const a = chunkArticle[doc]!;
    const list = chunksOf.get(a);
    if (list) list.push(doc);
    else chunksOf.set(a, [doc]);
  }
  let top = 0;
  for (const s of scores.values()) top = Math.max(top, s);
  return articles.map((a) => {
    const chunks = chunksOf.get(a) ?? [];
    const title = titleOf.get(a)!;
    const inTitle = words.filter((w) => title.includes(w)).length / words.length;
    const best = chunks.length ? scores.get(chunks[0]!)! : 0;
    return { article: a, score: best + TITLE_WEIGHT * inTitle * top, chunks };
  });
}

/**
 * One page of the matched articles, in order. By date only the page's articles are scored (for their snippets); by
 * relevance all of them, since any may rank first.
 */
function rankedPage(
  archive: Archive,
  words: string[],
  matched: Article[],
  order: ResultOrder,
  slice: { from: number; to: number },
): Ranked[] {
  const pages = byDay(archive.data.articles);
  const keys = new Map(matched.map((a) => [a, { date: dateKey(a), at: pages.orderOf(a) }]));
  const byDate = (x: Article, y: Article): number => {
    const kx = keys.get(x)!;
    const ky = keys.get(y)!;
    return (kx.date < ky.date ? 1 : kx.date > ky.date ? -1 : 0) || kx.at - ky.at;
  };
  if (order === 'date') return scoreArticles(archive, words, [...matched].sort(byDate).slice(slice.from, slice.to));
  const scored = scoreArticles(archive, words, matched);
  scored.sort((x, y) => y.score - x.score || byDate(x.article, y.article));
  return scored.slice(slice.from, slice.to);
}

export function searchResults(archive: Archive, q: ResultsQuery): Results {
  const words = queryWords(q.text);
  const perPage = Math.max(1, Math.min(q.perPage ?? RESULTS_PER_PAGE, MAX_PER_PAGE));
  const empty = { words, match: 'all' as const, matchedWords: 0, total: 0, page: 1, pages: 0, perPage, items: [] };
  if (words.length === 0) return empty;
  const matched = matchArticles(archive, words, q);
  if (matched.articles.length === 0) return empty;
  const total = matched.articles.length;
  const pages = Math.ceil(total / perPage);
  const page = Math.max(1, Math.min(Math.floor(q.page ?? 1), pages));
  const slice = { from: (page - 1) * perPage, to: page * perPage };
  const ranked = rankedPage(archive, words, matched.articles, q.order ?? 'relevance', slice);
  const items = ranked.map((r): ResultItem => {
    const snippet = snippetFor(archive, r.article, r.chunks, words, q.exclude);
    return {
      article: r.article,
      score: Number(r.score.toFixed(5)),
      titleHighlights: highlightsIn(r.article.title, words),
      ...(snippet ? { snippet } : {}),
    };
  });
  return {
    words,
    match: matched.match,
    matchedWords: matched.matchedWords,
    total,
    page,
    pages,
    perPage,
    items,
  };
}

/**
 * The snippet of an article: from its best-scoring passage that is not already shown and holds a word, the window
 * holding the most distinct words. An article matched by its title alone gets its opening passage.
 */
function snippetFor(
  archive: Archive,
  a: Article,
  ranked: number[],
  words: string[],
  exclude: ReadonlySet<string> | undefined,
): Snippet | undefined {
  const shown = (id: string): boolean => exclude?.has(id) ?? false;
  const candidates = ranked.map((d) => archive.data.chunks[d]!).filter((c) => !shown(c.id));
  for (const c of candidates) {
    const text = archive.chunkText(c);
    const marks = highlightsIn(text, words);
    if (marks.length > 0) return windowAround(c, text, marks);
  }
  if (ranked.length > 0 && candidates.length === 0) return undefined;
  const first = archive.chunksOf(a.id).find((c) => !shown(c.id));
  return first ? windowAround(first, archive.chunkText(first), []) : undefined;
}

function windowAround(c: { id: string; n: number }, text: string, marks: Highlight[]): Snippet {
  // Windows start at a sentence holding a match (or shortly before a match far into a long sentence); the one
  // covering the most distinct matched words wins, the earliest among equals.
  const starts = splitSentences(text).flatMap((s) => {
    const first = marks.find((m) => m.start >= s.start && m.start < s.end);
    if (!first) return [];
    return [first.start - s.start > SNIPPET_CHARS - 30 ? Math.max(s.start, first.start - 12) : s.start];
  });
  let start = starts[0] ?? 0;
  let bestCount = -1;
  for (const s of starts) {
    const inside = marks.filter((x) => x.start >= s && x.end <= s + SNIPPET_CHARS);
    const covered = new Set(inside.map((x) => normalizeForSearch(text.slice(x.start, x.end)))).size;
    if (covered > bestCount) {
      bestCount = covered;
      start = s;
    }
  }
  while (start < text.length && /\s/u.test(text[start]!)) start++;
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (/[\ud800-\udbff]/u.test(text[end - 1] ?? '')) end -= 1;
  return {
    chunkId: c.id,
    chunkN: c.n,
    text: text.slice(start, end),
    highlights: marks
      .filter((m) => m.start >= start && m.end <= end)
      .map((m) => ({ start: m.start - start, end: m.end - start })),
    cutStart: start > 0,
    cutEnd: end < text.length,
  };
}

/**
 * Where the (normalised) words occur in a raw string, as raw offsets, merged where they overlap. Normalisation
 * almost always keeps the length; where it does not, the string is normalised a character at a time to map back.
 */
export function highlightsIn(raw: string, words: string[]): Highlight[] {
  let norm = normalizeForSearch(raw);
  let at: (i: number) => number = (i) => i;
  if (norm.length !== raw.length) {
    const map: number[] = [];
    norm = '';
    for (let i = 0; i < raw.length; ) {
      const ch = String.fromCodePoint(raw.codePointAt(i)!);
      const n = normalizeForSearch(ch);
      for (let k = 0; k < n.length; k++) map.push(i);
      norm += n;
      i += ch.length;
    }
    map.push(raw.length);
    at = (i) => map[i]!;
  }
  const spans: Highlight[] = [];
  for (const w of words) {
    for (let i = norm.indexOf(w); i >= 0; i = norm.indexOf(w, i + w.length)) {
      spans.push({ start: at(i), end: at(i + w.length) });
    }
  }
  spans.sort((x, y) => x.start - y.start || y.end - x.end);
  const merged: Highlight[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/**
 * Is the query a question rather than words to look up? It asks ("？", question words such as 什么/多少/哪里), which
 * the question analysis takes out of the words it matches.
 */
export function looksLikeQuestion(text: string): boolean {
  const norm = normalizeForSearch(text).replace(/\s+/gu, ' ').trim();
  if (/[?？]/u.test(norm)) return true;
  const a = analyzeQuestion(norm);
  const typed = a.answerType !== null && a.answerType !== 'other';
  return typed || a.intent === 'list' || a.intent === 'overview' || a.content !== norm;
}
