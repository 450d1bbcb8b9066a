import { type LexicalMode, lexicalTerms } from '../text/tokenize.js';
import { type Query, type SearchPart, WINDOW_SHIFT } from './max-score.js';
import { type ParallelOptions, ParallelSearch } from './parallel-search.js';
import { blockCount, buildPostings, type Postings } from './postings.js';
import { B, K1, type ScoredDoc, termScore } from './score.js';

// BM25 over segments' postings, with the statistics of the live documents only (deleted ones are skipped and their
// terms subtracted from the document frequencies), so an index updated by segments scores exactly like one built from
// scratch. Search is exact top-k by MaxScore with block bounds: it returns what scoring every posting would.

export { B, K1, type ScoredDoc, termScore } from './score.js';

/** One segment's postings as search sees them. */
export interface LexicalPart {
  postings: Postings;
  /** Global number of the part's first document (documents are numbered across parts, live ones only). */
  base: number;
  /** Global number of each document, −1 for deleted ones; absent when none is deleted (then base + local). */
  global?: Int32Array;
  /** Local number of each live document (global − base); absent when none is deleted. */
  local?: Int32Array;
  /** First block of each term: blockStart[t] … blockStart[t+1]. */
  blockStart: Uint32Array;
}

export interface LexicalIndex {
  mode: LexicalMode;
  parts: LexicalPart[];
  /** Live documents. */
  size: number;
  /** Total length of the live documents. */
  totalLength: number;
  /** Per term, how many deleted documents still hold it in their segment's postings. */
  deletedDf: Map<string, number>;
}

export interface LexicalSegment {
  postings: Postings;
  /** Deleted local documents, and their texts (to take their terms out of the statistics). */
  deleted?: { docs: number[]; texts: string[] };
}

/** The search structure over segments' postings, given in document order. */
export function lexicalIndex(mode: LexicalMode, segments: LexicalSegment[]): LexicalIndex {
  let base = 0;
  let totalLength = 0;
  const deletedDf = new Map<string, number>();
  const parts = segments.map(({ postings, deleted }): LexicalPart => {
    if (postings.mode !== mode) throw new Error(`a segment's lexical mode is ${postings.mode}, the index's ${mode}`);
    const n = postings.lengths.length;
    for (let d = 0; d < n; d++) totalLength += postings.lengths[d]!;
    let global: Int32Array | undefined;
    let local: Int32Array | undefined;
    if (deleted && deleted.docs.length > 0) {
      global = new Int32Array(n);
      const gone = new Set(deleted.docs);
      local = new Int32Array(n - gone.size);
      let g = base;
      for (let d = 0; d < n; d++) {
        if (gone.has(d)) global[d] = -1;
        else {
          local[g - base] = d;
          global[d] = g++;
        }
      }
      for (const d of gone) totalLength -= postings.lengths[d]!;
      for (const text of deleted.texts)
        for (const t of new Set(lexicalTerms(text, mode))) deletedDf.set(t, (deletedDf.get(t) ?? 0) + 1);
    }
    const part = {
      postings,
      base,
      ...(global && local ? { global, local } : {}),
      blockStart: blockStarts(postings.starts),
    };
    base += n - (deleted ? new Set(deleted.docs).size : 0);
    return part;
  });
  return { mode, parts, size: base, totalLength, deletedDf };
}

/** An index of texts held in memory (one segment): for tests and small collections. */
export const lexicalIndexOf = (texts: Iterable<string>, mode: LexicalMode): LexicalIndex =>
  lexicalIndex(mode, [{ postings: buildPostings(texts, mode) }]);

function blockStarts(starts: Float64Array): Uint32Array {
  const out = new Uint32Array(starts.length);
  for (let t = 0; t + 1 < starts.length; t++) out[t + 1] = out[t]! + blockCount(starts[t + 1]! - starts[t]!);
  return out;
}

export interface LengthNorms {
  /** Per part, each document's length id. */
  lengthIds: (Uint16Array | Uint32Array)[];
  /** The length norm of each length id. */
  normOf: Float64Array;
}

/**
 * Documents' length norms as a small table and a 2-byte id per document (its length, when every length is under
 * 65,536; otherwise its rank among the distinct lengths, 4 bytes). Search reads a norm for every posting it scores,
 * in documents spread over the whole index: 2 bytes a document instead of an 8-byte norm keep four times as many of
 * them in cache. The table's values are the norms themselves, so scores stay bit for bit the same.
 */
export function lengthNorms(lengths: Uint32Array[], norm: (len: number) => number): LengthNorms {
  let max = 0;
  for (const ls of lengths) for (let d = 0; d < ls.length; d++) if (ls[d]! > max) max = ls[d]!;
  if (max < 0x10000) {
    const normOf = new Float64Array(max + 1);
    for (let len = 0; len <= max; len++) normOf[len] = norm(len);
    return { lengthIds: lengths.map((ls) => Uint16Array.from(ls)), normOf };
  }
  const distinct = [...new Set(lengths.flatMap((ls) => [...new Set(ls)]))].sort((a, b) => a - b);
  const id = new Map(distinct.map((len, i) => [len, i]));
  return {
    lengthIds: lengths.map((ls) => Uint32Array.from(ls, (len) => id.get(len)!)),
    normOf: Float64Array.from(distinct, norm),
  };
}

/** Index of `term` in a sorted term list, or −1. */
export function findTerm(terms: string[], term: string): number {
  let lo = 0;
  let hi = terms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const t = terms[mid]!;
    if (t === term) return mid;
    if (t < term) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** A term's id in a part (−1: absent), its postings in memory. */
export function termOf(p: LexicalPart, term: string): number {
  const t = findTerm(p.postings.terms, term);
  if (t >= 0) p.postings.load?.(t);
  return t;
}

export class Bm25 {
  readonly size: number;
  private readonly avgdl: number;
  private readonly searcher: ParallelSearch;

  /**
   * `windowShift`: search's documents per window, 2 ** windowShift (tests lower it); `threads`: how many threads one
   * search may be split across (one by default; see parallel-search.ts).
   */
  constructor(
    readonly index: LexicalIndex,
    windowShift?: number,
    threads: ParallelOptions = {},
  ) {
    this.size = index.size;
    this.avgdl = index.size > 0 ? index.totalLength / index.size : 1;
    // Each document's length norm, K1 · (1 − B + B · len / avgdl), as a table by length (see `lengthNorms`).
    const { lengthIds, normOf } = lengthNorms(
      index.parts.map((p) => p.postings.lengths),
      (len) => this.norm(len),
    );
    const parts = index.parts.map(
      (p, i): SearchPart => ({
        docs: p.postings.docs,
        tfs: p.postings.tfs,
        size: p.postings.lengths.length,
        base: p.base,
        ...(p.global && p.local ? { global: p.global, local: p.local } : {}),
        lengthIds: lengthIds[i]!,
      }),
    );
    this.searcher = new ParallelSearch(
      parts,
      { normOf, termScore, k1Plus1: K1 + 1 },
      windowShift ?? WINDOW_SHIFT,
      threads,
    );
  }

  private norm(len: number): number {
    return K1 * (1 - B + (B * len) / this.avgdl);
  }

  /** Live documents holding the term. */
  df(term: string): number {
    let df = -(this.index.deletedDf.get(term) ?? 0);
    for (const p of this.index.parts) {
      const t = findTerm(p.postings.terms, term);
      if (t >= 0) df += p.postings.starts[t + 1]! - p.postings.starts[t]!;
    }
    return df;
  }

  idf(term: string): number {
    return this.idfOf(this.df(term));
  }

  private idfOf(df: number): number {
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  terms(text: string): string[] {
    return lexicalTerms(text, this.index.mode);
  }

  /** Threads one search is split across (1: not split). */
  get threads(): number {
    return this.searcher.threads;
  }

  /** Searches split across all threads, and shares of searches the main thread searched instead of a worker. */
  get threadCounts(): { split: number; here: number } {
    return { ...this.searcher.counts };
  }

  /** Resolves when the search threads have started (true) or one could not (false: its share runs on this thread). */
  started(): Promise<boolean> {
    return this.searcher.started();
  }

  /**
   * The k best documents for the query terms, best first, ties to the lower document; `allow` filters documents
   * (dates). Exact: the same documents, scores and order as scoring every posting (`exhaustiveSearch`).
   */
  search(queryTerms: string[], k: number, allow?: (doc: number) => boolean): ScoredDoc[] {
    const q = [...new Set(queryTerms)];
    if (k <= 0 || q.length === 0) return [];
    const nq = q.length;
    const { parts } = this.index;
    const query: Query = {
      idfs: Float64Array.from(q, (t) => {
        const df = this.df(t);
        return df > 0 ? this.idfOf(df) : 0;
      }),
      ids: new Int32Array(parts.length * nq),
      starts: new Float64Array(parts.length * nq),
      ends: new Float64Array(parts.length * nq),
    };
    parts.forEach((p, i) => {
      q.forEach((t, j) => {
        // Reads the term's postings into memory (shared with the search threads) before any thread searches them.
        const id = termOf(p, t);
        query.ids[i * nq + j] = id;
        if (id < 0) return;
        query.starts[i * nq + j] = p.postings.starts[id]!;
        query.ends[i * nq + j] = p.postings.starts[id + 1]!;
      });
    });
    return this.searcher.search(query, k, allow ? { ok: allow, size: this.size } : undefined);
  }

  /** Stops the search threads; searches still work after, on this thread alone. */
  close(): Promise<void> {
    return this.searcher.close();
  }
}
