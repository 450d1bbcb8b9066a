import type { Embedder } from '../embed/embedder.js';
import type { Bm25 } from '../index/bm25.js';
import type { ParallelOptions } from '../index/parallel-search.js';
import type { ChunkRecord, IndexData, SearchMode } from '../index/store.js';
import type { Article } from '../ingest/article.js';
import type { PartialDate } from '../ingest/dates.js';
import { normalizeForSearch } from '../text/normalize.js';
import { type Answer, closestOf, type LinkFor, type SearchedPeriod } from './answer.js';
import { answerFactoid } from './answer-factoid.js';
import { answerList } from './answer-list.js';
import { answerOverview } from './answer-overview.js';
import { isLoneUnknownName } from './answer-types.js';
import { type Asked, hitsOf, type Reply } from './answering.js';
import { pageOrder } from './browse.js';
import { type AnswerSettings, DEFAULT_ANSWER_SETTINGS } from './gate.js';
import { IndexView } from './index-view.js';
import { type AnswerNote, rangeOf } from './notes.js';
import { OPEN_END, OPEN_START, type Period } from './period.js';
import { bodiesIn, homeOf, namesIn, withoutHome } from './places.js';
import { analyzeQuestion, dateMatches, followUp, type QuestionAnalysis } from './question.js';
import { fuse, type Retrieved, retrieve } from './retrieve.js';
import { coverage, evidenceTerms, topicWords, weighTerms } from './terms.js';

// The one search API. The bot, the web pages and the command line are thin adapters over it.

export type {
  Answer,
  Citation,
  ClosestArticle,
  Hit,
  LinkFor,
  Quote,
  SearchedPeriod,
} from './answer.js';
export type { AnswerSettings } from './gate.js';

export interface AskOptions {
  top?: number;
  /** Inclusive ISO date filters. */
  from?: string;
  to?: string;
  /**
   * The conversation this question follows up ("那是哪天？" in reply to an answer): the earlier question and the
   * articles its answer quoted. The question is read in its light and those articles are preferred.
   */
  context?: AskContext;
  /** Today, for relative periods ("上周", "去年"); the clock by default. */
  now?: Date;
}

export interface AskContext {
  question: string;
  articleIds: string[];
}

export interface ArchiveStats {
  articles: number;
  chunks: number;
  papers: string[];
  firstDate: string | null;
  lastDate: string | null;
  undated: number;
  mode: SearchMode;
  modeReason?: string;
  model: string | null;
  builtAt: string;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
const NO_RETRIEVAL: Retrieved = {
  lexical: [],
  dense: [],
  queryVector: undefined,
  ms: { embed: 0, dense: 0, lexical: 0 },
};

export class Archive {
  readonly view: IndexView;
  readonly mode: SearchMode;
  readonly modeReason: string | undefined;
  readonly settings: AnswerSettings;

  constructor(
    readonly data: IndexData,
    private readonly embedder: Embedder | undefined,
    readonly linkFor: LinkFor,
    modeReason?: string,
    settings: Partial<AnswerSettings> = {},
    search: ParallelOptions = {},
  ) {
    this.view = new IndexView(data, embedder, search);
    this.mode = this.view.mode;
    this.modeReason = this.mode === 'lexical' ? (modeReason ?? data.meta.lexicalReason) : undefined;
    this.settings = { ...DEFAULT_ANSWER_SETTINGS, ...settings };
  }

  get bm25(): Bm25 {
    return this.view.bm25;
  }

  /** Stops the search threads (questions still get answers after, searched on this thread). */
  close(): Promise<void> {
    return this.view.bm25.close();
  }

  get articles(): Article[] {
    return this.data.articles;
  }

  /** The loaded embedder, when it is the named model: a reload keeps it instead of loading it again. */
  embedderFor(model: string): Embedder | undefined {
    return this.embedder?.profile.name === model ? this.embedder : undefined;
  }

  article(id: string): Article | undefined {
    return this.view.articlesById.get(id);
  }

  chunksOf(articleId: string): ChunkRecord[] {
    return this.view.chunksOf(articleId);
  }

  chunkText(c: ChunkRecord): string {
    return this.view.chunkText(c);
  }

  /** Analyse → retrieve → fuse → answer by intent. */
  async ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    const t0 = performance.now();
    const asked = this.analyse(question, opts);
    if (asked.q.intent === 'chatter') return this.reply(asked, emptyReply(), NO_RETRIEVAL, t0);
    const filter = dateFilter(opts);
    // A list, or an overview of a period ("2020年上半年工作怎么样"), is answered with the period's dated articles.
    if (asked.q.period && asked.q.intent === 'overview') asked.q.intent = 'list';
    if (asked.q.intent === 'list') {
      const period = asked.q.period ?? filterPeriod(opts);
      const reply = answerList(asked, { period, ...(filter ? { filter } : {}) }, this.topicTerms(asked.q));
      return this.reply(asked, await this.withClosest(asked, reply, filter), NO_RETRIEVAL, t0);
    }
    const retrieved = await retrieve(this.view, this.bm25.terms(asked.q.content), question, filter);
    const ranked = fuse(this.view, retrieved, { earlier: opts.context?.articleIds, period: asked.q.period });
    const reply =
      asked.q.intent === 'overview' ? answerOverview(asked, ranked) : await answerFactoid(asked, ranked, retrieved);
    return this.reply(asked, reply, retrieved, t0, filterPeriod(opts));
  }

  /** Read the question (in the light of the one it follows up) and weigh its words against the archive. */
  private analyse(question: string, opts: AskOptions): Asked {
    const own = analyzeQuestion(question, opts.now);
    if (own.intent === 'factoid' && isLoneUnknownName(own.text, (t) => this.view.df(t))) own.intent = 'chatter';
    const earlier = opts.context ? analyzeQuestion(opts.context.question, opts.now) : null;
    const read = earlier ? followUp(own, earlier, { question, ...(opts.now ? { now: opts.now } : {}) }) : own;
    const q = { ...read, content: withoutHome(read.content, this.homes()) };
    return {
      view: this.view,
      linkFor: this.linkFor,
      question,
      q,
      terms: weighTerms(evidenceTerms(q.content, this.data.lexical.mode), (t) => this.view.idf(t)),
      bodies: q.intent === 'factoid' ? bodiesIn(q.text) : [],
      names: q.intent === 'factoid' ? namesIn(q.text) : [],
      settings: this.settings,
      top: Math.max(1, Math.min(opts.top ?? 5, 25)),
      spent: { lexical: 0 },
    };
  }

  private homeCities: string[] | undefined;
  /** The cities the archive's local papers are of ("濮阳日报" → 濮阳). */
  private homes(): string[] {
    this.homeCities ??= [
      ...new Set(this.data.articles.map((a) => homeOf(a.source)).filter((h): h is string => h !== null)),
    ];
    return this.homeCities;
  }

  private topicTerms(q: QuestionAnalysis) {
    return topicWords(q.topic, this.data.lexical.mode, (t) => this.view.idf(t));
  }

  /** A list that found nothing still offers the articles closest to its topic. */
  private async withClosest(asked: Asked, reply: Reply, filter?: (a: Article) => boolean): Promise<Reply> {
    if (reply.answered || asked.q.topic === '') return reply;
    const retrieved = await retrieve(this.view, this.bm25.terms(asked.q.topic), asked.question, filter);
    const ranked = fuse(this.view, retrieved);
    asked.spent.lexical += retrieved.ms.lexical;
    return { ...reply, hits: hitsOf(asked, ranked) };
  }

  private reply(asked: Asked, r: Reply, retrieved: Retrieved, t0: number, filtered?: Period | null): Answer {
    const ms = { ...retrieved.ms, lexical: retrieved.ms.lexical + asked.spent.lexical };
    const total = performance.now() - t0;
    const notes = [...r.notes, ...this.modeNotes(asked.q)];
    if (filtered && r.hits.length === 0 && r.quotes.length === 0)
      notes.push({ code: 'filter-empty', range: rangeOf(filtered) });
    return {
      question: asked.question,
      intent: asked.q.intent,
      asks: asked.q.intent === 'factoid' ? asked.q.asks : null,
      answerType: asked.q.intent === 'factoid' ? asked.q.answerType : null,
      period: r.period ?? factoidPeriod(asked.q, filtered),
      answered: r.answered,
      confidence: Number(r.confidence.toFixed(3)),
      mode: this.mode,
      quotes: r.quotes,
      hits: r.hits,
      closest: r.answered ? [] : closestOf(r.hits),
      timingsMs: {
        embed: round(ms.embed),
        dense: round(ms.dense),
        lexical: round(ms.lexical),
        answer: round(total - ms.embed - ms.dense - ms.lexical),
        total: round(total),
      },
      notes,
    };
  }

  private modeNotes(q: QuestionAnalysis): AnswerNote[] {
    if (q.intent === 'chatter' || this.mode === 'hybrid' || q.hasHan) return [];
    if (!this.data.articles.some((a) => /\p{sc=Han}/u.test(a.text))) return [];
    return [{ code: 'words-only' }];
  }

  /**
   * Articles of a date (day precision; a year-less article date matches on month and day): newest day first, each day
   * in the order the paper printed it (the front page's lead first), as the site's day page lists them.
   */
  news(date: PartialDate): Article[] {
    return this.data.articles
      .filter((a) => dateMatches(a.date, date))
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || pageOrder(a, b));
  }

  /** Dates that have articles, newest first, with counts. */
  dates(): { date: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const a of this.data.articles) if (a.date) counts.set(a.date, (counts.get(a.date) ?? 0) + 1);
    return [...counts.entries()].map(([date, count]) => ({ date, count })).sort((a, b) => b.date.localeCompare(a.date));
  }

  /** Articles whose id starts with, or whose title contains, the text: for autocomplete and /source. */
  findArticles(text: string, limit = 25): Article[] {
    const q = normalizeForSearch(text.trim());
    if (q === '') return this.data.articles.slice(0, limit);
    const exact = this.view.articlesById.get(text.trim());
    if (exact) return [exact];
    const byId = this.data.articles.filter((a) => a.id.startsWith(q));
    const byTitle = this.data.articles.filter((a) => normalizeForSearch(a.title).includes(q));
    if (byId.length + byTitle.length > 0) return [...new Set([...byId, ...byTitle])].slice(0, limit);
    // Otherwise the titles sharing most of the words.
    const terms = weighTerms(this.bm25.terms(q), (t) => this.bm25.idf(t));
    return this.data.articles
      .map((a) => ({ a, c: coverage(a.title, terms) }))
      .filter((x) => x.c > 0.3)
      .sort((x, y) => y.c - x.c)
      .slice(0, limit)
      .map((x) => x.a);
  }

  stats(): ArchiveStats {
    const dated = this.data.articles
      .map((a) => a.date)
      .filter((d): d is string => Boolean(d) && !d!.startsWith('-'))
      .sort();
    return {
      articles: this.data.articles.length,
      chunks: this.data.chunks.length,
      papers: [...new Set(this.data.articles.map((a) => a.source))].sort(),
      firstDate: dated[0] ?? null,
      lastDate: dated[dated.length - 1] ?? null,
      undated: this.data.articles.length - dated.length,
      mode: this.mode,
      ...(this.modeReason ? { modeReason: this.modeReason } : {}),
      model: this.mode === 'hybrid' ? this.data.meta.model!.name : null,
      builtAt: this.data.meta.builtAt,
    };
  }
}

function emptyReply(): Reply {
  return { answered: false, confidence: 0, quotes: [], hits: [], notes: [], period: null };
}

/** The user's own date filter (`--from/--to`, `/ask from: to:`) as an article test. */
function dateFilter(opts: AskOptions): ((a: Article) => boolean) | undefined {
  if (!opts.from && !opts.to) return undefined;
  return (a) => {
    if (!a.date || a.date.startsWith('-')) return false;
    return (!opts.from || a.date >= opts.from) && (!opts.to || a.date.slice(0, opts.to.length) <= opts.to);
  };
}

/** The user's filter as the period searched. */
function filterPeriod(opts: AskOptions): Period | null {
  if (!opts.from && !opts.to) return null;
  const from = opts.from ?? OPEN_START;
  const to = opts.to ?? OPEN_END;
  return {
    // The reader's own bounds, in no language: every renderer words the range itself.
    said: [opts.from, opts.to].filter(Boolean).join(' – '),
    start: 0,
    end: 0,
    latest: false,
    relative: false,
    from,
    to,
  };
}

/** The period a factoid preferred, as the reply says it. */
function factoidPeriod(q: QuestionAnalysis, filtered?: Period | null): SearchedPeriod | null {
  const p = filtered ?? (q.period && !q.period.latest ? q.period : null);
  if (!p) return null;
  return {
    said: p.said,
    from: p.from ?? null,
    to: p.to ?? null,
    latest: p.latest,
    relative: p.relative,
    articles: null,
  };
}
