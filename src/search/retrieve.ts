import type { ScoredDoc } from '../index/bm25.js';
import type { Article } from '../ingest/article.js';
import { capPerGroup, rrf } from './hybrid.js';
import type { IndexView } from './index-view.js';
import { inPeriod, type Period } from './period.js';

// Retrieve (BM25 and, with a model, HNSW) and fuse (reciprocal rank fusion, with the earlier answer's articles and
// the question's period as further rankings).

export const CANDIDATES = 50;
/** At most this many passages of one article among the ranked results. */
export const PER_ARTICLE = 2;

export interface Retrieved {
  lexical: ScoredDoc[];
  dense: ScoredDoc[];
  queryVector: Float32Array | undefined;
  ms: { embed: number; dense: number; lexical: number };
}

export interface Ranked {
  doc: number;
  score: number;
}

/** Lexical and dense candidates; `allow` keeps only some articles (a date filter). */
export async function retrieve(
  view: IndexView,
  terms: string[],
  question: string,
  allow?: (a: Article) => boolean,
  k = CANDIDATES,
): Promise<Retrieved> {
  const allowDoc = allow ? (doc: number) => allow(view.chunkArticle[doc]!) : undefined;
  const tl = performance.now();
  const lexical = view.bm25.search(terms, k, allowDoc);
  const ms = { embed: 0, dense: 0, lexical: performance.now() - tl };
  if (view.mode !== 'hybrid') return { lexical, dense: [], queryVector: undefined, ms };
  const te = performance.now();
  const queryVector = await view.embedder!.embedQuery(question);
  ms.embed = performance.now() - te;
  const td = performance.now();
  const allowLabel = allowDoc
    ? (label: number) => {
        const doc = view.chunkByLabel.get(label);
        return doc !== undefined && allowDoc(doc);
      }
    : undefined;
  const dense = view.data
    .dense!.search(queryVector, k, allowLabel)
    .map((r) => ({ doc: view.chunkByLabel.get(r.label)!, score: r.score }))
    .filter((r) => r.doc !== undefined);
  ms.dense = performance.now() - td;
  return { lexical, dense, queryVector, ms };
}

export interface FuseBoosts {
  /** Articles an earlier answer quoted (a follow-up prefers them). */
  earlier?: string[];
  /** The period a question names: its articles are lifted, and where some candidates are of it, others dropped. */
  period?: Period | null;
}

/**
 * Does an article belong to the period, by its date or by naming it? The passage's text is read only if need be:
 * reading an article's text from the index costs more than all the rest of this test.
 */
function ofPeriod(view: IndexView, doc: number, p: Period, says: (a: Article) => boolean): boolean {
  const a = view.chunkArticle[doc]!;
  if (inPeriod(a.date, p) || a.mentionedDates.some((m) => inPeriod(m.date, p))) return true;
  // "2023年" written in the passage; a relative period ("今年") in a passage counts from the paper's date, not ours.
  return !p.relative && says(a) && view.chunkText(view.chunk(doc)).includes(p.said);
}

/**
 * A question naming a time prefers passages of that time and, where it is clear (some candidates are of it), drops
 * those of articles dated by their source outside it that do not name it either ("2022年" for a question about
 * 2023). Undated articles, and those whose date is only inferred, stay: nothing says they are of another time.
 */
function restrictToPeriod(view: IndexView, docs: number[], p: Period): { dated: number[]; kept: number[] } {
  // Whether each article's text says the period, asked once: several candidates are passages of one article, and
  // an article that does not say it is not kept decoded, so asking again would read it again.
  const said = new Map<Article, boolean>();
  const says = (a: Article): boolean => {
    let v = said.get(a);
    if (v === undefined) {
      v = view.textHolds(a, p.said);
      said.set(a, v);
    }
    return v;
  };
  const dated = docs.filter((d) => ofPeriod(view, d, p, says));
  if (dated.length === 0) return { dated, kept: docs };
  const isDated = new Set(dated);
  // Only a date the source gives (an issue date, a feed's date) rules an article out; a date inferred from the
  // events a text mentions (an encyclopaedia article's latest year) may be of another time than the question's.
  const kept = docs.filter((d) => {
    const a = view.chunkArticle[d]!;
    const given = a.dateOrigin === 'issue-date' || a.dateOrigin === 'feed';
    return !given || !a.date || a.date.startsWith('-') || isDated.has(d) || says(a);
  });
  return { dated, kept };
}

/** One ranking from retrieval and boosts, best first, at most PER_ARTICLE passages per article. */
export function fuse(view: IndexView, r: Retrieved, boosts: FuseBoosts = {}): Ranked[] {
  const rankings = [r.lexical.map((x) => x.doc), r.dense.map((x) => x.doc)];
  let pool = [...new Set([...r.lexical, ...r.dense].map((x) => x.doc))];
  if (boosts.earlier && boosts.earlier.length > 0) {
    const earlier = new Set(boosts.earlier);
    rankings.push(pool.filter((doc) => earlier.has(view.chunkArticle[doc]!.id)));
  }
  if (boosts.period && !boosts.period.latest) {
    const { dated, kept } = restrictToPeriod(view, pool, boosts.period);
    rankings.push(dated);
    pool = kept;
  }
  const keep = new Set(pool);
  // Each candidate's article and date looked up once, not in every comparison: with a model, lexical and dense
  // ranks tie in pairs, so the sort compares dates often (a fifth of fusion's time at 100k, measured).
  const ordered: Fused[] = [];
  for (const [doc, score] of rrf(rankings)) {
    if (!keep.has(doc)) continue;
    const article = view.chunkArticle[doc]!;
    ordered.push({ doc, score, article, date: article.date ?? '' });
  }
  // A stable sort, so ties of score and date keep the order fusion met them in.
  ordered.sort((a, b) => b.score - a.score || b.date.localeCompare(a.date));
  // At most PER_ARTICLE passages of an article, grouped by the article itself: IndexView keeps one article object per
  // id, so this is grouping by id without hashing ids.
  return capPerGroup(ordered, (x) => x.article, PER_ARTICLE).map(({ doc, score }) => ({ doc, score }));
}

interface Fused extends Ranked {
  article: Article;
  date: string;
}
