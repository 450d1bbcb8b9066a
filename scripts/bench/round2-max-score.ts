import { B, type Bm25, K1, type LexicalPart, type ScoredDoc, termOf, termScore } from '../../src/index/bm25.js';
import { BLOCK, BLOCK_FIELDS, blockCount } from '../../src/index/postings.js';
import { TopK } from '../../src/index/top-k.js';

// The exact search of round two (commit 4f58efe's src/index/max-score.ts), kept so the benchmark can time it beside
// the current one on the same postings, question by question (before ÷ after in one run). Only `Round2Exact` is new.

/** Round two's exact search over a Bm25's index. */
export class Round2Exact {
  private readonly norms: Float64Array[];
  private readonly scratch: Scratch;
  private readonly avgdl: number;

  constructor(private readonly bm: Bm25) {
    const { parts, size, totalLength } = bm.index;
    this.avgdl = size > 0 ? totalLength / size : 1;
    this.norms = parts.map((p) => Float64Array.from(p.postings.lengths, (l) => this.normOf(l)));
    this.scratch = new Scratch(size);
  }

  private normOf(len: number): number {
    return K1 * (1 - B + (B * len) / this.avgdl);
  }

  search(queryTerms: string[], k: number): ScoredDoc[] {
    const q = [...new Set(queryTerms)];
    if (k <= 0 || q.length === 0) return [];
    const idfs = q.map((t) => (this.bm.df(t) > 0 ? this.bm.idf(t) : 0));
    const termIds = this.bm.index.parts.map((p) => q.map((t) => termOf(p, t)));
    const s = { idfs, termScore, k1Plus1: K1 + 1, normOf: (l: number) => this.normOf(l), norms: this.norms };
    return maxScoreSearch(this.bm.index.parts, termIds, s, k, this.scratch);
  }
}

// Exact top-k by MaxScore, term at a time. A question holds 20–40 terms (characters and character pairs), most of
// them common, so visiting the union of their postings document by document costs more than scoring them. Instead:
//  1. A threshold θ is set that at least k documents reach: the k-th best single-term score of the rarest terms.
//  2. Terms are taken by descending score bound into the "essential" set until the bounds of those left sum to well
//     under θ. Only documents holding an essential term can reach θ; their essential scores are accumulated by
//     scanning those (shorter) postings lists.
//  3. θ rises to the k-th best accumulated score (accumulated scores only grow); a candidate whose accumulated score
//     plus the bounds of the terms still to add stays under θ is dropped. The non-essential terms are then added to
//     the remaining candidates, strongest first, by skipping through their postings (block by block), dropping
//     candidates as the bounds left shrink.
//  4. The survivors are scored again term by term in query order (as every scorer sums), and the k best kept.
// Nothing that can reach the k-th best score is ever dropped, so the result is exactly exhaustive scoring's.

export interface Scoring {
  /** Query terms' inverse document frequencies (0: the term is in no live document), in query order. */
  idfs: number[];
  termScore: (idf: number, tf: number, norm: number) => number;
  /** K1 + 1, for loops that spell termScore out (the same operations in the same order: bit-equal scores). */
  k1Plus1: number;
  /** The length norm of a document of this length. */
  normOf: (len: number) => number;
  /** Per part, each document's length norm. */
  norms: Float64Array[];
}

interface Term {
  q: number;
  idf: number;
  /** The term's id in each part (−1: absent there). */
  ids: number[];
  /** Live documents holding it (an upper estimate: postings of deleted documents included). */
  postings: number;
  ub: number;
}

/** Sums of bounds and scores taken in another order may differ in the last bits: compare with this much slack. */
const SLACK = 1e-9;
const up = (x: number): number => x + Math.abs(x) * SLACK;
const down = (x: number): number => x - Math.abs(x) * SLACK;
/** How many of the rarest terms set the starting threshold. */
const SEED_TERMS = 4;
/** Essential terms are taken until the bounds of the rest sum to under this share of θ. */
const REST_SHARE = 0.5;
/** How many of the first-touched documents bound θ while essential terms are added. */
const LEADERS = 1024;

/** Per search, scratch arrays over the global documents (reused; cleared after use). */
export class Scratch {
  acc: Float64Array;
  /** 0: unknown, 1: allowed, 2: filtered out. */
  allowed: Uint8Array;
  /** Candidates, while a term's postings are scanned for them. */
  mark: Uint8Array;
  constructor(size: number) {
    this.acc = new Float64Array(size);
    this.allowed = new Uint8Array(size);
    this.mark = new Uint8Array(size);
  }
}

export function maxScoreSearch(
  parts: LexicalPart[],
  termIds: number[][],
  s: Scoring,
  k: number,
  scratch: Scratch,
  allow?: (doc: number) => boolean,
): ScoredDoc[] {
  const terms = termsOf(parts, termIds, s);
  if (terms.length === 0) return [];
  const ok = allowCheck(scratch.allowed, allow);
  const { acc } = scratch;
  const ess = new Accumulator(parts, s, acc, ok);
  let theta = startingThreshold(parts, terms, s, k, ok);
  let rest = terms.reduce((sum, t) => sum + t.ub, 0);
  let e = 0;
  try {
    // Essential terms until the rest's bounds sum to well under θ, raising θ as the accumulated scores grow.
    while (e < terms.length && !(up(rest) < theta * REST_SHARE)) {
      ess.add(terms[e]!);
      rest -= terms[e++]!.ub;
      theta = Math.max(theta, kthBest(ess.leaders(), acc, k));
    }
    // A copy: `touched` must still list every accumulated document for the clean-up below.
    let cands = prune(ess.unsorted().slice(), acc, rest, theta).sort();
    for (const t of terms.slice(e)) {
      rest -= t.ub;
      addTerm(parts, t, s, cands, acc, scratch.mark);
      theta = Math.max(theta, kthBest(cands, acc, k));
      cands = prune(cands, acc, rest, theta);
    }
    return rescore(parts, terms, s, cands, k);
  } finally {
    for (const g of ess.unsorted()) acc[g] = 0;
    if (allow) scratch.allowed.fill(0);
  }
}

/** Whether a global document passes the filter, asked once per document and search. */
function allowCheck(memo: Uint8Array, allow?: (doc: number) => boolean): (g: number) => boolean {
  if (!allow) return always;
  return (g) => {
    const m = memo[g]!;
    if (m !== 0) return m === 1;
    const a = allow(g);
    memo[g] = a ? 1 : 2;
    return a;
  };
}

/** The query's terms that some live document holds, by descending bound. */
function termsOf(parts: LexicalPart[], termIds: number[][], s: Scoring): Term[] {
  const out: Term[] = [];
  s.idfs.forEach((idf, q) => {
    if (idf <= 0) return;
    const ids = parts.map((_, i) => termIds[i]![q]!);
    let ub = 0;
    let postings = 0;
    parts.forEach((p, i) => {
      const t = ids[i]!;
      if (t < 0) return;
      postings += p.postings.starts[t + 1]! - p.postings.starts[t]!;
      const { blocks } = p.postings;
      for (let b = p.blockStart[t]!; b < p.blockStart[t + 1]!; b++) {
        const x = s.termScore(idf, blocks[b * BLOCK_FIELDS + 1]!, s.normOf(blocks[b * BLOCK_FIELDS + 2]!));
        if (x > ub) ub = x;
      }
    });
    if (postings > 0) out.push({ q, idf, ids, postings, ub });
  });
  return out.sort((a, b) => b.ub - a.ub);
}

/** Call `f` for every live posting of a term: (global document, term frequency, its norm). */
function eachPosting(
  parts: LexicalPart[],
  t: Term,
  s: Scoring,
  f: (g: number, tf: number, norm: number) => void,
): void {
  parts.forEach((p, i) => {
    const id = t.ids[i]!;
    if (id < 0) return;
    const { starts, docs, tfs } = p.postings;
    const norms = s.norms[i]!;
    const global = p.global;
    for (let at = starts[id]!; at < starts[id + 1]!; at++) {
      const d = docs[at]!;
      const g = global ? global[d]! : p.base + d;
      if (g >= 0) f(g, tfs[at]!, norms[d]!);
    }
  });
}

/** The highest k-th best single-term score among the rarest terms: at least k documents score that much. */
function startingThreshold(
  parts: LexicalPart[],
  terms: Term[],
  s: Scoring,
  k: number,
  ok: (g: number) => boolean,
): number {
  const rare = terms
    .filter((t) => t.postings >= k)
    .sort((a, b) => b.idf - a.idf)
    .slice(0, SEED_TERMS);
  let best = Number.NEGATIVE_INFINITY;
  for (const t of rare) {
    const top = new TopK(k);
    eachPosting(parts, t, s, (g, tf, norm) => {
      if (ok(g)) top.push(g, s.termScore(t.idf, tf, norm));
    });
    if (top.full) best = Math.max(best, down(top.threshold));
  }
  return best;
}

/** Scores of the essential terms, summed per document, and the (allowed) documents touched. */
class Accumulator {
  private touched = new Int32Array(1024);
  private n = 0;

  constructor(
    private readonly parts: LexicalPart[],
    private readonly s: Scoring,
    private readonly acc: Float64Array,
    private readonly ok: (g: number) => boolean,
  ) {}

  add(t: Term): void {
    this.parts.forEach((p, i) => {
      const id = t.ids[i]!;
      if (id < 0) return;
      this.reserve(p.postings.starts[id + 1]! - p.postings.starts[id]!);
      this.n = addPostings(p, id, t.idf, this.s.norms[i]!, this.acc, this.touched, this.n, this.ok, this.s);
    });
  }

  private reserve(more: number): void {
    if (this.n + more <= this.touched.length) return;
    const bigger = new Int32Array(Math.max(this.touched.length * 2, this.n + more));
    bigger.set(this.touched.subarray(0, this.n));
    this.touched = bigger;
  }

  unsorted(): Int32Array {
    return this.touched.subarray(0, this.n);
  }

  /**
   * The documents touched first, by the rarest terms: the likely best. Their k-th best score is a lower bound of
   * the k-th best of all, found at a bounded cost.
   */
  leaders(): Int32Array {
    return this.touched.subarray(0, Math.min(this.n, LEADERS));
  }
}

/** One term's postings in one part added to the accumulators; new documents go on `touched` from `n`. */
function addPostings(
  p: LexicalPart,
  id: number,
  idf: number,
  norms: Float64Array,
  acc: Float64Array,
  touched: Int32Array,
  n: number,
  ok: (g: number) => boolean,
  s: Scoring,
): number {
  const { starts, docs, tfs } = p.postings;
  const global = p.global;
  const base = p.base;
  if (global === undefined && ok === always && docs.length < 2 ** 31) {
    // The common case, kept tight (integer positions, termScore spelled out): no deleted documents, no filter.
    const k1 = s.k1Plus1;
    const end = starts[id + 1]! | 0;
    for (let at = starts[id]! | 0; at < end; at++) {
      const d = docs[at]!;
      const g = base + d;
      const a = acc[g]!;
      if (a === 0) touched[n++] = g;
      const tf = tfs[at]!;
      acc[g] = a + (idf * tf * k1) / (tf + norms[d]!);
    }
    return n;
  }
  const end = starts[id + 1]!;
  for (let at = starts[id]!; at < end; at++) {
    const d = docs[at]!;
    const g = global === undefined ? base + d : global[d]!;
    if (g < 0) continue;
    if (acc[g] === 0) {
      if (!ok(g)) continue;
      touched[n++] = g;
    }
    acc[g] = acc[g]! + s.termScore(idf, tfs[at]!, norms[d]!);
  }
  return n;
}

const always = (): boolean => true;

const leaderScores = new Float64Array(LEADERS);

/** The k-th best accumulated score among `docs` (a lower bound of the k-th best final score), or −∞. */
function kthBest(docs: Int32Array, acc: Float64Array, k: number): number {
  if (docs.length < k) return Number.NEGATIVE_INFINITY;
  const xs = docs.length <= LEADERS ? leaderScores.subarray(0, docs.length) : new Float64Array(docs.length);
  for (let i = 0; i < docs.length; i++) xs[i] = acc[docs[i]!]!;
  return down(select(xs, docs.length - k));
}

/** The value that would be at position `n` if `xs` were sorted ascending (quickselect; `xs` is reordered). */
function select(xs: Float64Array, n: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! < pivot) i++;
      while (xs[j]! > pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i++] = xs[j]!;
        xs[j--] = t;
      }
    }
    if (n <= j) hi = j;
    else if (n >= i) lo = i;
    else return xs[n]!;
  }
  return xs[n]!;
}

/** The candidates that can still reach θ with at most `rest` more (kept in place, in order). */
function prune(docs: Int32Array, acc: Float64Array, rest: number, theta: number): Int32Array {
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    const g = docs[i]!;
    if (up(acc[g]! + rest) >= theta) docs[n++] = g;
  }
  return docs.subarray(0, n);
}

/** Add one term's scores to the candidates (ascending): by skipping when they are few, by scanning when many. */
function addTerm(
  parts: LexicalPart[],
  t: Term,
  s: Scoring,
  cands: Int32Array,
  acc: Float64Array,
  mark: Uint8Array,
): void {
  if (cands.length === 0) return;
  if (cands.length * 4 >= t.postings) {
    // Many candidates: scan the postings and pick them out.
    for (const g of cands) mark[g] = 1;
    parts.forEach((p, i) => {
      if (t.ids[i]! >= 0) scanMarked(p, t.ids[i]!, t.idf, s.norms[i]!, acc, mark, s);
    });
    for (const g of cands) mark[g] = 0;
    return;
  }
  lookup(parts, t, s, cands, (g, x) => {
    acc[g]! += x;
  });
}

/** One term's postings in one part added to the marked documents' accumulators. */
function scanMarked(
  p: LexicalPart,
  id: number,
  idf: number,
  norms: Float64Array,
  acc: Float64Array,
  mark: Uint8Array,
  s: Scoring,
): void {
  const { starts, docs, tfs } = p.postings;
  const k1 = s.k1Plus1;
  const global = p.global;
  const base = p.base;
  const end = starts[id + 1]!;
  if (global === undefined && docs.length < 2 ** 31) {
    // The common case, kept tight like addPostings' (termScore spelled out: bit-equal).
    for (let at = starts[id]! | 0; at < end; at++) {
      const d = docs[at]!;
      const g = base + d;
      if (mark[g] !== 1) continue;
      const tf = tfs[at]!;
      acc[g] = acc[g]! + (idf * tf * k1) / (tf + norms[d]!);
    }
    return;
  }
  for (let at = starts[id]!; at < end; at++) {
    const d = docs[at]!;
    const g = global === undefined ? base + d : global[d]!;
    if (g >= 0 && mark[g] === 1) acc[g] = acc[g]! + s.termScore(idf, tfs[at]!, norms[d]!);
  }
}

/** For each candidate (ascending) that holds the term, its score for the term, found by skipping. */
function lookup(
  parts: LexicalPart[],
  t: Term,
  s: Scoring,
  cands: Int32Array,
  f: (g: number, score: number) => void,
): void {
  let c = 0;
  parts.forEach((p, i) => {
    const end = i + 1 < parts.length ? parts[i + 1]!.base : Number.POSITIVE_INFINITY;
    const id = t.ids[i]!;
    if (id < 0) {
      while (c < cands.length && cands[c]! < end) c++;
      return;
    }
    const cur = {
      start: p.postings.starts[id]!,
      end: p.postings.starts[id + 1]!,
      firstBlock: p.blockStart[id]!,
      pos: 0,
    };
    cur.pos = cur.start;
    for (; c < cands.length && cands[c]! < end; c++) {
      const g = cands[c]!;
      const d = p.local ? p.local[g - p.base]! : g - p.base;
      if (seek(p, cur, d)) f(g, s.termScore(t.idf, p.postings.tfs[cur.pos]!, s.norms[i]![d]!));
    }
  });
}

/** The candidates' exact scores, summed in query order, and the k best. */
function rescore(parts: LexicalPart[], terms: Term[], s: Scoring, cands: Int32Array, k: number): ScoredDoc[] {
  const contrib = new Float64Array(cands.length * s.idfs.length);
  const nq = s.idfs.length;
  const index = new Map<number, number>();
  cands.forEach((g, i) => {
    index.set(g, i);
  });
  for (const t of terms) {
    lookup(parts, t, s, cands, (g, x) => {
      contrib[index.get(g)! * nq + t.q] = x;
    });
  }
  const top = new TopK(k);
  cands.forEach((g, i) => {
    let score = 0;
    for (let q = 0; q < nq; q++) score += contrib[i * nq + q]!;
    top.push(g, score);
  });
  return top.sorted();
}

interface Cursor {
  start: number;
  end: number;
  firstBlock: number;
  pos: number;
}

/** Move a cursor to its first posting at or after `doc`, skipping whole blocks; true if that posting is `doc`. */
function seek(part: LexicalPart, c: Cursor, doc: number): boolean {
  const { docs, blocks } = part.postings;
  if (c.pos >= c.end) return false;
  if (docs[c.pos]! >= doc) return docs[c.pos] === doc;
  const last = c.firstBlock + blockCount(c.end - c.start) - 1;
  let b = c.firstBlock + Math.floor((c.pos - c.start) / BLOCK);
  // Gallop over the blocks' last documents, then binary search between the last two probes.
  let step = 1;
  let lo = b;
  while (b <= last && blocks[b * BLOCK_FIELDS]! < doc) {
    lo = b + 1;
    b += step;
    step *= 2;
  }
  let hi = Math.min(b, last + 1);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (blocks[mid * BLOCK_FIELDS]! < doc) lo = mid + 1;
    else hi = mid;
  }
  if (lo > last) {
    c.pos = c.end;
    return false;
  }
  // In block lo, whose last document is ≥ doc: binary search for the first posting ≥ doc.
  let p = Math.max(c.pos, c.start + (lo - c.firstBlock) * BLOCK);
  let q = Math.min(c.end, c.start + (lo - c.firstBlock + 1) * BLOCK) - 1;
  while (p < q) {
    const mid = (p + q) >>> 1;
    if (docs[mid]! < doc) p = mid + 1;
    else q = mid;
  }
  c.pos = p;
  return docs[p] === doc;
}
