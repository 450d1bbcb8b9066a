import type { SearchMode } from '../index/store.js';
import type { Article } from '../ingest/article.js';
import type { Span } from '../text/sentences.js';
import type { Intent } from './intent.js';
import type { AnswerNote } from './notes.js';
import type { AnswerType, Asks } from './question-words.js';

// What the search core answers: the one shape every adapter (bot, pages, terminal, `ask --json`) renders.

/** Where a passage comes from, with the passage itself. */
export interface Citation {
  text: string;
  articleId: string;
  chunkId: string;
  title: string;
  date: string | null;
  source: string;
  url: string;
  /** How the title and the date read (render/labels.ts): a derived title or an estimated date shows as such. */
  titleOrigin?: Article['titleOrigin'];
  kind?: Article['kind'];
  dateOrigin?: Article['dateOrigin'];
}

/** A verbatim quote chosen to answer the question. */
export interface Quote extends Citation {
  /** The answer inside the quote ("47名"), as UTF-16 offsets into `text`: renderers emphasise it. */
  mark?: Span;
}

/** A retrieved passage, with its fused score; for a list, a further article of the list with its lead quote. */
export interface Hit extends Citation {
  score: number;
}

/** An article offered when there is no clear answer: the one definition every renderer formats. */
export type ClosestArticle = Omit<Citation, 'text' | 'chunkId'>;

/** The time searched, as the reply should say it. */
export interface SearchedPeriod {
  /** What the question (or the filter) said: "7月份", "上周", "最近", "2020-06-01 to 2020-06-30". */
  said: string;
  /** Inclusive bounds searched (ISO, or "--MM-DD" for any year); null for the newest articles without bounds. */
  from: string | null;
  to: string | null;
  /** "最近/latest": newest first. */
  latest: boolean;
  /** Resolved against today. */
  relative: boolean;
  /** Articles the archive holds in the period (before matching the topic); null when not counted (a factoid). */
  articles: number | null;
}

export interface Answer {
  question: string;
  /** What the question asks for; `chatter` (thanks, greetings, emoji) is answered with nothing at all. */
  intent: Intent;
  /** For a factoid, what it asks (who, when, how many…) and the type of text that answers it; otherwise null. */
  asks: Asks | null;
  answerType: AnswerType | null;
  /** The period searched, when the question (or a filter) names one. */
  period: SearchedPeriod | null;
  answered: boolean;
  /** The evidence behind `answered` (0–1): term coverage of the best quote, adjusted by its answer type and body. */
  confidence: number;
  mode: SearchMode;
  /**
   * The reply: for a factoid one to three quotes, best first; for an overview the top article's lead and its most
   * relevant sentences; for a list the first page of articles (one lead quote each), newest first.
   */
  quotes: Quote[];
  /** Further results in the reply's order: the rest of a list, or the retrieved passages. */
  hits: Hit[];
  /** When there is no clear answer: the closest articles, one each, best first. */
  closest: ClosestArticle[];
  timingsMs: { embed: number; dense: number; lexical: number; answer: number; total: number };
  /** Something the user should know about how this answer was made. */
  notes: AnswerNote[];
}

export type LinkFor = (article: Article, chunkN?: number, quote?: string) => string;

/** Articles listed as "closest" when there is no clear answer. */
export const CLOSEST_ARTICLES = 5;

/** The chunk number of a chunk id ("abc:3" → 3). */
export const chunkNumber = (chunkId: string): number => Number(chunkId.slice(chunkId.lastIndexOf(':') + 1));

export function citation(a: Article, chunkId: string, text: string, url: string): Citation {
  return {
    text,
    articleId: a.id,
    chunkId,
    title: a.title,
    date: a.date ?? null,
    source: a.source,
    url,
    titleOrigin: a.titleOrigin,
    kind: a.kind,
    dateOrigin: a.dateOrigin,
  };
}

/** The closest articles for a reply without a clear answer: the hits' articles, one each, in order. */
export function closestOf(hits: Citation[]): ClosestArticle[] {
  const seen = new Set<string>();
  const out: ClosestArticle[] = [];
  for (const h of hits) {
    if (seen.has(h.articleId)) continue;
    seen.add(h.articleId);
    const { text: _text, chunkId: _chunk, ...article } = h;
    out.push(article);
    if (out.length >= CLOSEST_ARTICLES) break;
  }
  return out;
}
