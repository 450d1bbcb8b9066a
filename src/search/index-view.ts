import type { Embedder } from '../embed/embedder.js';
import { Bm25 } from '../index/bm25.js';
import type { ParallelOptions } from '../index/parallel-search.js';
import { textHolds } from '../index/records.js';
import type { ChunkRecord, IndexData, SearchMode } from '../index/store.js';
import type { Article } from '../ingest/article.js';
import { RecentMap } from '../recent.js';
import { normalizeForSearch } from '../text/normalize.js';
import { type Span, splitSentences, trimSpan } from '../text/sentences.js';
import { DateIndex } from './dated.js';
import type { QuoteSource } from './quotes.js';

/** An article's text as answering reads it: normalised once, split into sentences once. */
export interface ArticleText {
  /** NFKC, Simplified, lower case; `aligned` when it has the same length as the text, offset for offset. */
  norm: string;
  aligned: boolean;
  /** Sentences (trimmed, at least four characters), in order. */
  sentences: Span[];
}

/** Articles whose text is kept read: answering returns to the same few articles. */
const TEXT_CACHE = 512;
/** Terms whose IDF (and, apart, DF) is kept: questions reuse the same few thousand words, and a lookup searches the term table. */
const IDF_CACHE = 50_000;

// The loaded index with the lookups the answering steps need, built once per loaded version.

export class IndexView {
  readonly bm25: Bm25;
  readonly articlesById: Map<string, Article>;
  readonly chunkByLabel: Map<number, number>;
  /** The article of each chunk (by chunk number in `data.chunks`). */
  readonly chunkArticle: Article[];
  /** Each article's chunks, in order (chunk numbers). */
  private readonly chunksByArticle = new Map<string, number[]>();
  /** The archive by date: periods and "the newest" are slices of it. */
  readonly dates: DateIndex;
  readonly mode: SearchMode;
  private readonly texts = new RecentMap<string, ArticleText>(TEXT_CACHE);
  private readonly idfs = new Map<string, number>();
  private readonly dfs = new Map<string, number>();
  /** Articles by a name in their byline (reporters, photographers…). */
  private readonly byName = new Map<string, Article[]>();

  /** `search`: how many threads one lexical search may be split across (parallel-search.ts). */
  constructor(
    readonly data: IndexData,
    readonly embedder: Embedder | undefined,
    search: ParallelOptions = {},
  ) {
    this.bm25 = new Bm25(data.lexical, undefined, search);
    this.articlesById = new Map(data.articles.map((a) => [a.id, a]));
    this.chunkByLabel = new Map(data.chunks.map((c, i) => [c.label, i]));
    this.chunkArticle = data.chunks.map((c) => this.articlesById.get(c.articleId)!);
    data.chunks.forEach((c, i) => {
      const list = this.chunksByArticle.get(c.articleId);
      if (list) list.push(i);
      else this.chunksByArticle.set(c.articleId, [i]);
    });
    this.dates = new DateIndex(data.articles);
    this.mode = data.dense && embedder ? 'hybrid' : 'lexical';
    for (const a of data.articles) {
      const b = a.byline;
      for (const name of new Set([...b.reporters, ...b.correspondents, ...b.photographers, ...b.authors]))
        this.byName.set(name, [...(this.byName.get(name) ?? []), a]);
    }
  }

  /** Articles whose byline holds the name (or one of "a|b"). */
  bylined(name: string): Article[] {
    return name.split('|').flatMap((n) => this.byName.get(n) ?? []);
  }

  chunk(doc: number): ChunkRecord {
    return this.data.chunks[doc]!;
  }

  chunksOf(articleId: string): ChunkRecord[] {
    return (this.chunksByArticle.get(articleId) ?? []).map((i) => this.data.chunks[i]!);
  }

  chunkText(c: ChunkRecord): string {
    return this.articlesById.get(c.articleId)!.text.slice(c.start, c.end);
  }

  /** Does the article's text hold `s`? Without decoding a text that does not (records.ts `textHolds`). */
  textHolds(a: Article, s: string): boolean {
    return textHolds(a, s);
  }

  /**
   * Live documents holding a term (Bm25 `df`), kept: answering asks it of each name and word of a question (~30 a
   * question), and each ask searches the term table.
   */
  df(t: string): number {
    return kept(this.dfs, t, () => this.bm25.df(t));
  }

  /** IDF of a term; a term the archive never holds weighs more than its rarest. */
  idf(t: string): number {
    return kept(this.idfs, t, () => (this.df(t) > 0 ? this.bm25.idf(t) : this.bm25.idf('\u0000') + 1));
  }

  /**
   * An article as quote material, with the parts retrieval found (or the whole text). `read`: with the article's
   * text normalised and split whole (cached); without, only the parts are, which is cheaper for a long article
   * quoted from one passage.
   */
  quoteSource(a: Article, parts?: QuoteSource['parts'], read = true): QuoteSource {
    return {
      articleId: a.id,
      title: a.title,
      ...(a.date ? { date: a.date } : {}),
      ...(a.section ? { section: a.section } : {}),
      text: a.text,
      chunks: this.chunksOf(a.id),
      parts: parts ?? [{ start: 0, end: a.text.length, rank: 0 }],
      ...(read ? { read: this.textOf(a) } : {}),
    };
  }

  /** The article's text read for answering (cached for the most recently used articles). */
  textOf(a: Article): ArticleText {
    const hit = this.texts.get(a.id);
    if (hit) return hit;
    const norm = normalizeForSearch(a.text);
    const sentences = splitSentences(a.text)
      .map((sp) => trimSpan(a.text, sp))
      .filter((sp) => sp.end - sp.start >= 4);
    const t = { norm, aligned: norm.length === a.text.length, sentences };
    this.texts.set(a.id, t);
    return t;
  }
}

/**
 * `map`'s value for `t`, computed once: a loaded index never changes (a new version gets a new view), so a kept value
 * is never stale; past IDF_CACHE terms the map starts again.
 */
function kept(map: Map<string, number>, t: string, compute: () => number): number {
  let v = map.get(t);
  if (v === undefined) {
    v = compute();
    if (map.size >= IDF_CACHE) map.clear();
    map.set(t, v);
  }
  return v;
}
