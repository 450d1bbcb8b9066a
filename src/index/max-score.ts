import type { ScoredDoc } from './score.js';
import { TopK } from './top-k.js';

// Exact top-k by MaxScore over windows of documents, in document order. A question holds 20–40 terms (characters
// and character pairs), most of them common, and a handful of rare pairs decide its best documents. So:
//  1. Each segment is cut into windows of 2 ** WINDOW_SHIFT documents, and each query term has, per window it occurs in, the
//     highest score it gives any document there (computed from its postings once, then kept: window bounds). A
//     window's bound is the sum of its terms' bounds; a rare term lifts only the few windows that hold it.
//  2. Windows are visited in document order, and a window whose bound is under θ, the k-th best score found so far, is
//     skipped (θ starts at a probe's, which at least k documents reach): no document there can enter the top k. (At 1M
//     chunks nearly every window holds some rare pair of the question, so visiting the best first skipped almost
//     nothing, and document order reads postings and bounds front to back: 0.95× per question, measured.)
//  3. Within a window (MaxScore): terms by ascending window bound; the longest prefix whose bounds sum to under θ is
//     "non-essential" (a document holding only those cannot reach θ). The essential terms' postings in the window are
//     summed into a small array (a bitmap marks the documents touched, which then come out in document order); each
//     document touched gets the non-essential terms added, and is dropped as soon as its score plus the bounds left is
//     under θ. A common term answers from a bitmap of its holders whether the document holds it, so those it lacks
//     are taken out first, a bit each (most candidates lack most common terms, and most are dropped there); then the
//     rest, strongest first, each holder's frequency found by galloping through the term's postings.
//  4. A document that survives is scored exactly, term by term in query order (as every scorer sums), and offered
//     to the top k (ties to the lower document).
// Nothing that can reach the k-th best score is ever dropped, so the result is exactly exhaustive scoring's.
//
// A search covers a range of windows (`Scratch.range`): all of them, or one share of a search split across threads
// (parallel-search.ts). It then reads only its range's postings, and keeps window bounds for its range only.

/** One segment as search reads it: typed arrays only, so a worker thread can be given them (shared, not copied). */
export interface SearchPart {
  docs: Uint32Array;
  tfs: Uint16Array;
  /** Documents, deleted ones included. */
  size: number;
  /** Global number of the part's first document (documents are numbered across parts, live ones only). */
  base: number;
  /** Global number of each document, −1 for deleted ones; absent when none is deleted (then base + local). */
  global?: Int32Array;
  /** Local number of each live document (global − base); absent when none is deleted. */
  local?: Int32Array;
  /** Each document's length id (`lengthNorms`). */
  lengthIds: Uint16Array | Uint32Array;
}

/** What scores a document, the same for every query of an index. */
export interface Scoring {
  /** The length norm of each length id. */
  normOf: Float64Array;
  termScore: (idf: number, tf: number, norm: number) => number;
  /** K1 + 1, for loops that spell termScore out (pruning only; final scores go through termScore). */
  k1Plus1: number;
}

/** A query: its terms, and where each one's postings are in each part. */
export interface Query {
  /** Query terms' inverse document frequencies (0: the term is in no live document), in query order. */
  idfs: Float64Array;
  /** For part p and query term q, at p × terms + q: the term's id in the part (−1: absent there). */
  ids: Int32Array;
  /** … and its postings, positions starts[·] … ends[·] of the part's docs and tfs. */
  starts: Float64Array;
  ends: Float64Array;
}

/** Global windows `from` … `to` − 1 (windows are numbered part after part, in document order). */
export interface WindowRange {
  from: number;
  to: number;
}

/**
 * What the ranges of one search, searched at the same time, share: each one's best exact scores so far, and from all
 * of them a θ (the k-th best of their union: higher than any range's own k-th best, as one thread's would be).
 */
export interface SharedThreshold {
  /** How many best scores a range publishes (a larger k shares only each range's k-th best). */
  readonly depth: number;
  /** This range's best scores, best first: at least i + 1 of its documents score at least best[i] (exactly). */
  publish(best: Float64Array, n: number): void;
  /** This range's k-th best score so far (a score at least k of its documents reach). */
  offer(theta: number): void;
  /** A score at least k documents of the ranges reach: the k-th best of the union, or the best range's k-th (0: none). */
  get(): number;
}

/** Windows per part, in order: part i's windows are global first[i] … first[i+1] − 1. */
export function firstWindows(parts: { size: number }[], shift: number): number[] {
  const first = [0];
  for (const p of parts) first.push(first.at(-1)! + Math.ceil(p.size / 2 ** shift));
  return first;
}

/** Documents per window: 2 ** WINDOW_SHIFT (measured at 100k and 1M chunks: 2 ** 10 and 2 ** 11 were slower). */
export const WINDOW_SHIFT = 12;
/**
 * Window bounds and bitmaps kept for terms searched before, in bytes, over all windows (a share of the windows keeps
 * its share of this): the least recently searched terms' go first.
 */
const BOUNDS_CACHE_BYTES = 256 * 2 ** 20;
/**
 * A term held by at least this share of a part's documents also keeps a bitmap of them: no larger than its postings'
 * document numbers, it answers "does candidate d hold the term?" with one bit, where a search of its postings reads
 * several places of a long list (most candidates lack most common terms, and are dropped on that answer alone).
 */
const BITMAP_MIN_SHARE = 1 / 32;

/** Sums of bounds and scores taken in another order may differ in the last bits: compare with this much slack. */
const SLACK = 1e-9;
const up = (x: number): number => x + Math.abs(x) * SLACK;

/** The probe: at most this many of the rarest terms, with at most this many postings in all (or this share of the
 * documents), and how many of their best documents per k are scored exactly. */
const PROBE_TERMS = 8;
const PROBE_MIN_POSTINGS = 4096;
const PROBE_SHARE = 1 / 128;
const PROBE_DOCS_PER_K = 2;
/** Essential terms are taken in a window until the others' bounds sum to under this share of θ. */
const REST_SHARE = 1;

/** A term's highest score in each window (of one part) where it has postings. */
export interface WindowBounds {
  windows: Int32Array;
  maxes: Float64Array;
  /** The position of the term's first posting in each window (so a window's postings are found without a search). */
  firsts: Float64Array;
  ub: number;
  /**
   * Which of the range's documents hold the term, a bit each, from local document `bitFrom` (empty: not kept, see
   * BITMAP_MIN_SHARE).
   */
  holders: Int32Array;
  bitFrom: number;
}

const NO_BITMAP = new Int32Array(0);
const bytesOf = (b: WindowBounds): number => b.windows.byteLength * 5 + b.holders.byteLength;
/** Whether bitmap `bits` (non-empty) has document d. */
const holds = (bits: Int32Array, d: number): boolean => (bits[d >>> 5]! & (1 << (d & 31))) !== 0;

/** A query term's postings in one part (those in the search's range). */
interface PartTerm {
  start: number;
  end: number;
  bounds: WindowBounds;
}

interface Term {
  q: number;
  idf: number;
  /** Per part (undefined: absent there, or outside the range). */
  parts: (PartTerm | undefined)[];
  /** Postings in the range, deleted documents' included. */
  postings: number;
}

/** Per index and range of windows, what searches reuse: window bounds of terms, the filter's memo and a window's accumulators. */
export class Scratch {
  readonly window: number;
  readonly acc: Float64Array;
  /** The window's documents touched by an essential term, a bit each. */
  readonly marks: Int32Array;
  readonly ne = new NonEssential();
  /** 0: unknown, 1: allowed, 2: filtered out (by global document; made at the first filtered search). */
  allowed = new Uint8Array(0);
  readonly probe: Probe;
  /** A window's terms by bound. */
  present = new Int32Array(64);
  /** Per part, the local documents of the range: [from, to) (empty: to ≤ from). */
  readonly docsFrom: number[] = [];
  readonly docsTo: number[] = [];
  /** Documents in the range, in every part, and the range's share of them. */
  readonly docs: number;
  readonly all: number;
  readonly share: number;
  private readonly bounds = new Map<string, WindowBounds>();
  private bytes = 0;
  private readonly cacheBytes: number;

  /**
   * `shift`: documents per window, 2 ** shift (tests lower it to cut small collections into many windows); `range`:
   * the windows searched (all of them when absent).
   */
  constructor(
    parts: { size: number }[],
    readonly shift = WINDOW_SHIFT,
    range?: WindowRange,
  ) {
    this.window = 2 ** shift;
    this.acc = new Float64Array(this.window);
    this.marks = new Int32Array(Math.ceil(this.window / 32));
    this.probe = new Probe();
    const first = firstWindows(parts, shift);
    const from = range?.from ?? 0;
    const to = range?.to ?? first.at(-1)!;
    let docs = 0;
    let all = 0;
    parts.forEach((p, i) => {
      const lo = Math.max(from, first[i]!) - first[i]!;
      const hi = Math.min(to, first[i + 1]!) - first[i]!;
      this.docsFrom.push(Math.min(lo * this.window, p.size));
      this.docsTo.push(Math.min(Math.max(hi, lo) * this.window, p.size));
      docs += this.docsTo[i]! - this.docsFrom[i]!;
      all += p.size;
    });
    this.docs = docs;
    this.all = all;
    this.share = all > 0 ? docs / all : 1;
    this.cacheBytes = BOUNDS_CACHE_BYTES * this.share;
  }

  boundsOf(part: number, id: number, make: () => WindowBounds): WindowBounds {
    const key = `${part}:${id}`;
    const hit = this.bounds.get(key);
    if (hit) {
      // Last in the map's order: the map is kept from least to most recently used.
      this.bounds.delete(key);
      this.bounds.set(key, hit);
      return hit;
    }
    const b = make();
    this.bounds.set(key, b);
    this.bytes += bytesOf(b);
    for (const [k, v] of this.bounds) {
      if (this.bytes <= this.cacheBytes || v === b) break;
      this.bounds.delete(k);
      this.bytes -= bytesOf(v);
    }
    return b;
  }
}

/** What a search of one range may be given besides its query. */
export interface RangeOptions {
  /** Keeps only some global documents (dates); `size`: the index's live documents. */
  allow?: { ok: (doc: number) => boolean; size: number };
  /** A score at least k documents reach (another range's k-th best). */
  floor?: number;
  /** The k-th best score of the other ranges searched at the same time. */
  shared?: SharedThreshold;
}

/**
 * The k best documents of the scratch's range of windows, best first, ties to the lower document. Merged with the
 * other ranges' k best (`mergeTop`), they are exactly the k best of all.
 */
export function maxScoreSearch(
  parts: SearchPart[],
  query: Query,
  s: Scoring,
  k: number,
  scratch: Scratch,
  opts: RangeOptions = {},
): ScoredDoc[] {
  const terms = termsOf(parts, query, s, scratch);
  if (terms.length === 0) return [];
  const { allow, shared } = opts;
  if (allow && scratch.allowed.length !== allow.size) scratch.allowed = new Uint8Array(allow.size);
  const ok = allowCheck(scratch.allowed, allow?.ok);
  try {
    if (scratch.present.length < terms.length) scratch.present = new Int32Array(terms.length);
    const grid = windowGrid(parts, terms, scratch.window);
    // The probe's best scores only when they are shared: one thread alone needs only its k-th best.
    const publishing = shared !== undefined && k <= shared.depth;
    const probe = probeThreshold({ parts, terms, s, scratch, ok }, grid, k, publishing);
    const top = new TopK(k, Math.max(probe.theta, opts.floor ?? Number.NEGATIVE_INFINITY));
    // Sharing θ keeps exactness: every score a range publishes is, at place i, reached by i + 1 of its documents
    // (exact scores of documents in its top k, or of those its probe scored), and the ranges' documents are distinct,
    // so the k-th best of the union is reached by k documents; so is a θ offered (the k-th best exact score among k
    // documents of one range, or the probe's). A document whose bound is under θ (strictly: a tie stays) cannot be
    // among the k best. Each range's top k then holds every document of the range that is among the k best of all,
    // and merging the ranges' lists gives exactly those.
    const mine = publishing ? new Float64Array(k) : undefined;
    let taken = -1;
    const exchange = (): void => {
      if (!shared) return;
      if (mine && top.taken !== taken) {
        taken = top.taken;
        // Place by place the better of the top k's and the probe's scores (either way that many documents reach it).
        const n = top.bestScores(mine);
        const pb = probe.best;
        for (let i = 0; i < pb.length; i++) if (i >= n || pb[i]! > mine[i]!) mine[i] = pb[i]!;
        shared.publish(mine, Math.max(n, pb.length));
      }
      if (top.threshold > 0) shared.offer(top.threshold);
      const theta = shared.get();
      if (theta > top.threshold) top.raise(theta);
    };
    exchange();
    for (const w of grid.order) {
      if (up(grid.total[w]!) < top.threshold) continue;
      scoreWindow({ parts, terms, s, scratch, ok, top }, grid, w);
      exchange();
    }
    return top.sorted();
  } finally {
    if (allow) scratch.allowed.fill(0);
  }
}

/** The k best of ranges' results (each best first, ties to the lower document), in the same order. */
export function mergeTop(lists: ScoredDoc[][], k: number): ScoredDoc[] {
  if (lists.length === 1) return lists[0]!.slice(0, k);
  return lists
    .flat()
    .sort((a, b) => b.score - a.score || a.doc - b.doc)
    .slice(0, k);
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

const always = (): boolean => true;

/**
 * The query's terms that some live document holds, in query order, with their postings in the range and window bounds.
 */
function termsOf(parts: SearchPart[], query: Query, s: Scoring, scratch: Scratch): Term[] {
  const out: Term[] = [];
  const nq = query.idfs.length;
  query.idfs.forEach((idf, q) => {
    if (idf <= 0) return;
    let postings = 0;
    const inParts = parts.map((p, i): PartTerm | undefined => {
      const id = query.ids[i * nq + q]!;
      const lo = scratch.docsFrom[i]!;
      const hi = scratch.docsTo[i]!;
      if (id < 0 || hi <= lo) return undefined;
      let start = query.starts[i * nq + q]!;
      let end = query.ends[i * nq + q]!;
      if (lo > 0) start = advance(p.docs, start, end, lo);
      if (hi < p.size) end = advance(p.docs, start, end, hi);
      if (end <= start) return undefined;
      postings += end - start;
      const bounds = scratch.boundsOf(i, id, () => windowBounds(p, start, end, idf, s, scratch.shift, lo, hi));
      return { start, end, bounds };
    });
    if (postings > 0) out.push({ q, idf, parts: inParts, postings });
  });
  return out;
}

/** A term's highest score in each window it has postings in, from its postings in the range (local documents [lo, hi)). */
function windowBounds(
  p: SearchPart,
  start: number,
  end: number,
  idf: number,
  s: Scoring,
  shift: number,
  lo: number,
  hi: number,
): WindowBounds {
  const { docs, tfs, lengthIds } = p;
  let count = 0;
  let last = -1;
  for (let at = start; at < end; at++) {
    const w = docs[at]! >>> shift;
    if (w !== last) {
      count++;
      last = w;
    }
  }
  const windows = new Int32Array(count);
  const maxes = new Float64Array(count);
  const firsts = new Float64Array(count);
  const holders = end - start >= (hi - lo) * BITMAP_MIN_SHARE ? new Int32Array(Math.ceil((hi - lo) / 32)) : NO_BITMAP;
  const bitmap = holders.length > 0;
  let i = -1;
  last = -1;
  let ub = 0;
  for (let at = start; at < end; at++) {
    const d = docs[at]!;
    const w = d >>> shift;
    if (w !== last) {
      windows[++i] = last = w;
      firsts[i] = at;
    }
    const x = s.termScore(idf, tfs[at]!, s.normOf[lengthIds[d]!]!);
    if (x > maxes[i]!) maxes[i] = x;
    if (x > ub) ub = x;
    if (bitmap) holders[(d - lo) >>> 5]! |= 1 << ((d - lo) & 31);
  }
  return { windows, maxes, firsts, ub, holders, bitFrom: lo };
}

/**
 * A threshold at least k documents reach, found cheaply: the documents scoring best on the rarest terms alone (their
 * postings summed), scored exactly; the k-th best of those exact scores. The best documents of a question hold most of
 * its rare terms, so this starts θ close to where it ends.
 */
function probeThreshold(
  x: Omit<Search, 'top'>,
  grid: Grid,
  k: number,
  keepBest: boolean,
): { theta: number; best: Float64Array } {
  const { parts, terms, s, scratch } = x;
  // A range's share of the probe: the probes of ranges searched at the same time sum to about one search's, and
  // their θs are shared. At least k documents are still scored (θ is the k-th best of them).
  const share = scratch.share;
  const rare = [...terms].sort((a, b) => a.postings - b.postings);
  const chosen: Term[] = [];
  let budget = Math.max(PROBE_MIN_POSTINGS, scratch.all * PROBE_SHARE) * share;
  for (const t of rare) {
    budget -= t.postings;
    if (budget < 0 || chosen.length === PROBE_TERMS) break;
    chosen.push(t);
  }
  if (chosen.length === 0) return NO_PROBE;
  const { docs, scores } = scratch.probe.sum(parts, chosen, s, x.ok);
  if (docs.length < k) return NO_PROBE;
  const m = Math.max(k, Math.ceil(k * PROBE_DOCS_PER_K * share));
  const exact = exactScoresOf(x, grid, best(docs, scores, Math.min(docs.length, m)));
  if (!keepBest) return { theta: select(exact, exact.length - k), best: NO_PROBE.best };
  // Best first, the best k (what a range shares of its probe; see maxScoreSearch).
  exact.sort().reverse();
  return { theta: exact[k - 1]!, best: exact.subarray(0, k) };
}

const NO_PROBE = { theta: Number.NEGATIVE_INFINITY, best: new Float64Array(0) };

/** Global documents' (ascending) exact scores, term by term in query order, each found from its window's postings. */
function exactScoresOf(x: Omit<Search, 'top'>, grid: Grid, docs: Int32Array): Float64Array {
  const scores = new Float64Array(docs.length);
  let j0 = 0;
  x.parts.forEach((p, i) => {
    const end = i + 1 < x.parts.length ? x.parts[i + 1]!.base : Number.POSITIVE_INFINITY;
    let j1 = j0;
    while (j1 < docs.length && docs[j1]! < end) j1++;
    const local = Int32Array.from(docs.subarray(j0, j1), (g) => (p.local ? p.local[g - p.base]! : g - p.base));
    const { normOf } = x.s;
    const { docs: pd, tfs, lengthIds: ids } = p;
    const nt = x.terms.length;
    x.terms.forEach((t, ti) => {
      const pt = t.parts[i];
      if (!pt) return;
      const { holders: bits, bitFrom } = pt.bounds;
      for (let j = 0; j < local.length; j++) {
        const d = local[j]!;
        const cell = (grid.first[i]! + (d >>> x.scratch.shift)) * nt + ti;
        if (grid.bound[cell] === 0 || (bits.length > 0 && !holds(bits, d - bitFrom))) continue;
        const at = advance(pd, grid.start[cell]!, pt.end, d);
        if (at < pt.end && pd[at] === d) scores[j0 + j]! += x.s.termScore(t.idf, tfs[at]!, normOf[ids[d]!]!);
      }
    });
    j0 = j1;
  });
  return scores;
}

/**
 * Partial scores for the probe: the chosen terms' postings merged in document order and summed per document (a few
 * lists read front to back, rather than adding into an array over every document, whose cells a rare term's postings
 * hit far apart: a cache miss each).
 */
class Probe {
  private docs = new Int32Array(1024);
  private scores = new Float64Array(1024);
  /** Per list: where it is, where it ends, its term's idf, and its next document (Infinity once it is done). */
  private readonly at = new Float64Array(PROBE_TERMS);
  private readonly end = new Float64Array(PROBE_TERMS);
  private readonly idf = new Float64Array(PROBE_TERMS);
  private readonly head = new Float64Array(PROBE_TERMS);

  /** The chosen terms' scores summed per (allowed, live) document, in ascending global order. */
  sum(
    parts: SearchPart[],
    chosen: Term[],
    s: Scoring,
    ok: (g: number) => boolean,
  ): { docs: Int32Array; scores: Float64Array } {
    let n = 0;
    parts.forEach((p, i) => {
      let lists = 0;
      let postings = 0;
      for (const t of chosen) {
        const pt = t.parts[i];
        if (!pt) continue;
        this.at[lists] = pt.start;
        this.end[lists] = pt.end;
        this.idf[lists] = t.idf;
        this.head[lists++] = p.docs[pt.start]!;
        postings += pt.end - pt.start;
      }
      if (n + postings > this.docs.length) this.grow(n + postings);
      n = this.merge(p, lists, s, ok, n);
    });
    return { docs: this.docs.subarray(0, n), scores: this.scores.subarray(0, n) };
  }

  private merge(p: SearchPart, lists: number, s: Scoring, ok: (g: number) => boolean, n0: number): number {
    const { docs, tfs, lengthIds: ids } = p;
    const { at, end, idf, head } = this;
    let n = n0;
    for (;;) {
      let d = Number.POSITIVE_INFINITY;
      for (let j = 0; j < lists; j++) if (head[j]! < d) d = head[j]!;
      if (d === Number.POSITIVE_INFINITY) return n;
      let sum = 0;
      for (let j = 0; j < lists; j++) {
        if (head[j] !== d) continue;
        const a = at[j]!;
        sum += s.termScore(idf[j]!, tfs[a]!, s.normOf[ids[d]!]!);
        at[j] = a + 1;
        head[j] = a + 1 < end[j]! ? docs[a + 1]! : Number.POSITIVE_INFINITY;
      }
      const g = p.global ? p.global[d]! : p.base + d;
      if (g < 0 || !ok(g)) continue;
      this.docs[n] = g;
      this.scores[n++] = sum;
    }
  }

  private grow(size: number): void {
    const docs = new Int32Array(Math.max(size, this.docs.length * 2));
    const scores = new Float64Array(docs.length);
    docs.set(this.docs);
    scores.set(this.scores);
    this.docs = docs;
    this.scores = scores;
  }
}

/** The `m` documents (about: ties are kept) with the highest partial scores, in their order. */
function best(docs: Int32Array, scores: Float64Array, m: number): Int32Array {
  const cut = select(Float64Array.from(scores), docs.length - m);
  const out = new Int32Array(docs.length);
  let n = 0;
  for (let j = 0; j < docs.length; j++) if (scores[j]! >= cut) out[n++] = docs[j]!;
  return out.subarray(0, n);
}

/** The value that would be at position `n` if `xs` were sorted ascending (quickselect; `xs` is reordered). */
export function select(xs: Float64Array, n: number): number {
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

/** Every window of every part, each term's bound there (a row per window), and the windows any term reaches (in document order). */
interface Grid {
  /** Window w's bound for term t: bound[w * terms + t] (0: the term has no posting there). */
  bound: Float64Array;
  /** Where term t's postings in window w begin: start[w * terms + t]. */
  start: Float64Array;
  /** Per part, the number of its first window. */
  first: number[];
  total: Float64Array;
  part: Int32Array;
  /** Window number within its part. */
  local: Int32Array;
  order: number[];
}

function windowGrid(parts: SearchPart[], terms: Term[], window: number): Grid {
  const first = firstWindows(parts, Math.log2(window));
  const windows = first.at(-1)!;
  const nt = terms.length;
  const g: Grid = {
    bound: new Float64Array(windows * nt),
    start: new Float64Array(windows * nt),
    first,
    total: new Float64Array(windows),
    part: new Int32Array(windows),
    local: new Int32Array(windows),
    order: [],
  };
  parts.forEach((_, i) => {
    for (let w = first[i]!; w < first[i + 1]!; w++) {
      g.part[w] = i;
      g.local[w] = w - first[i]!;
    }
  });
  terms.forEach((t, ti) => {
    t.parts.forEach((pt, i) => {
      if (!pt) return;
      const { windows: ws, maxes, firsts } = pt.bounds;
      for (let j = 0; j < ws.length; j++) {
        const w = first[i]! + ws[j]!;
        g.bound[w * nt + ti] = maxes[j]!;
        g.start[w * nt + ti] = firsts[j]!;
        g.total[w]! += maxes[j]!;
      }
    });
  });
  for (let w = 0; w < windows; w++) if (g.total[w]! > 0) g.order.push(w);
  return g;
}

interface Search {
  parts: SearchPart[];
  terms: Term[];
  s: Scoring;
  scratch: Scratch;
  ok: (g: number) => boolean;
  top: TopK;
}

/** One window: the essential terms summed, the others added to the documents that can still reach θ. */
function scoreWindow(x: Search, grid: Grid, w: number): void {
  const nt = x.terms.length;
  const i = grid.part[w]!;
  const p = x.parts[i]!;
  const from = grid.local[w]! * x.scratch.window;
  const to = Math.min(from + x.scratch.window, p.size);
  const row = grid.bound.subarray(w * nt, (w + 1) * nt);
  const starts = grid.start.subarray(w * nt, (w + 1) * nt);
  // The terms present, by ascending bound; the non-essential prefix sums to under θ.
  const present = presentByBound(row, x.scratch.present);
  let rest = 0;
  let e = 0;
  const limit = x.top.threshold * REST_SHARE;
  while (e < present.length && up(rest + row[present[e]!]!) < limit) rest += row[present[e++]!]!;
  for (let j = e; j < present.length; j++) {
    const t = x.terms[present[j]!]!;
    accumulate(p, t.idf, x.s, starts[present[j]!]!, t.parts[i]!.end, from, to, x);
  }
  const ne = nonEssentialOf(x, i, present, e, row, starts);
  offerTouched(x, p, i, from, to, { ne, rest, row, starts });
}

/** What a window's candidates are checked with. */
interface WindowTerms {
  ne: NonEssential;
  /** The non-essential terms' bounds, summed. */
  rest: number;
  row: Float64Array;
  starts: Float64Array;
}

/**
 * The documents the essential terms touched, in document order (the non-essential terms' cursors only move forward),
 * read off the window's bitmap of touched documents: each that can still reach θ is scored exactly and offered.
 */
function offerTouched(x: Search, p: SearchPart, i: number, from: number, to: number, wt: WindowTerms): void {
  const { acc, marks } = x.scratch;
  const { docs, tfs, lengthIds: ids } = p;
  const { normOf, k1Plus1 } = x.s;
  const words = (to - from + 31) >>> 5;
  for (let m = 0; m < words; m++) {
    let bits = marks[m]!;
    if (bits === 0) continue;
    marks[m] = 0;
    while (bits !== 0) {
      const l = (m << 5) | (31 - Math.clz32(bits & -bits));
      bits &= bits - 1;
      const partial = acc[l]!;
      acc[l] = 0;
      if (up(partial + wt.rest) < x.top.threshold) continue;
      const d = from + l;
      if (!completes(wt.ne, docs, tfs, normOf[ids[d]!]!, k1Plus1, d, partial + wt.rest, x.top.threshold)) continue;
      const g = p.global ? p.global[d]! : p.base + d;
      x.top.push(g, exactScore(x, p, i, d, wt.row, wt.starts));
    }
  }
}

/** A window's non-essential terms, strongest first, as flat arrays for the candidate loop (reused across windows). */
export class NonEssential {
  n = 0;
  idf = new Float64Array(64);
  end = new Float64Array(64);
  bound = new Float64Array(64);
  cursor = new Float64Array(64);
  holders: Int32Array[] = [];
  /** The local document of each holders' bitmap's first bit. */
  bitFrom = new Int32Array(64);
  /** The terms (of the first 32) that have a holders' bitmap, and how many. */
  withBits = new Int32Array(32);
  nBits = 0;

  reserve(n: number): void {
    if (n <= this.idf.length) return;
    this.idf = new Float64Array(n);
    this.end = new Float64Array(n);
    this.bound = new Float64Array(n);
    this.cursor = new Float64Array(n);
    this.bitFrom = new Int32Array(n);
  }
}

function nonEssentialOf(
  x: Search,
  i: number,
  present: Int32Array,
  e: number,
  row: Float64Array,
  starts: Float64Array,
): NonEssential {
  const { ne } = x.scratch;
  ne.reserve(e);
  ne.n = e;
  ne.nBits = 0;
  for (let j = 0; j < e; j++) {
    const t = present[e - 1 - j]!;
    const term = x.terms[t]!;
    ne.idf[j] = term.idf;
    ne.end[j] = term.parts[i]!.end;
    ne.bound[j] = row[t]!;
    ne.cursor[j] = starts[t]!;
    ne.holders[j] = term.parts[i]!.bounds.holders;
    ne.bitFrom[j] = term.parts[i]!.bounds.bitFrom;
    if (j < 32 && ne.holders[j]!.length > 0) ne.withBits[ne.nBits++] = j;
  }
  return ne;
}

/**
 * Whether document d, at most `bound0` with every non-essential term at its window bound, still reaches θ once they
 * are added one by one, dropped as soon as it cannot; their cursors move forward to d. First the terms whose holders'
 * bitmap says d lacks them (a bit each: most candidates lack most common terms, and are dropped here without a
 * search), then the others strongest first, each found by galloping through its postings.
 */
function completes(
  ne: NonEssential,
  docs: Uint32Array,
  tfs: Uint16Array,
  norm: number,
  k1: number,
  d: number,
  bound0: number,
  theta: number,
): boolean {
  let bound = bound0;
  if (up(bound) < theta) return false;
  let lack = 0;
  for (let m = 0; m < ne.nBits; m++) {
    const j = ne.withBits[m]!;
    if (holds(ne.holders[j]!, d - ne.bitFrom[j]!)) continue;
    lack |= 1 << j;
    bound -= ne.bound[j]!;
    if (up(bound) < theta) return false;
  }
  for (let j = 0; j < ne.n; j++) {
    if (j < 32 && (lack & (1 << j)) !== 0) continue;
    bound -= ne.bound[j]!;
    if (j >= 32 && ne.holders[j]!.length > 0 && !holds(ne.holders[j]!, d - ne.bitFrom[j]!)) {
      if (up(bound) < theta) return false;
      continue;
    }
    const end = ne.end[j]!;
    const at = advance(docs, ne.cursor[j]!, end, d);
    ne.cursor[j] = at;
    if (at < end && docs[at] === d) {
      const tf = tfs[at]!;
      bound += (ne.idf[j]! * tf * k1) / (tf + norm);
    }
    if (up(bound) < theta) return false;
  }
  return true;
}

/** The essential term's postings in [from, to) added to the window's accumulators, each document touched marked. */
function accumulate(
  p: SearchPart,
  idf: number,
  s: Scoring,
  at0: number,
  end: number,
  from: number,
  to: number,
  x: Search,
): void {
  const { docs, tfs, lengthIds: ids } = p;
  const { acc, marks } = x.scratch;
  const { normOf, k1Plus1: k1 } = s;
  if (p.global === undefined && x.ok === always) {
    // The common case, kept tight: no deleted documents, no filter.
    for (let at = at0; at < end; at++) {
      const d = docs[at]!;
      if (d >= to) break;
      const l = d - from;
      const a = acc[l]!;
      if (a === 0) marks[l >>> 5]! |= 1 << (l & 31);
      const tf = tfs[at]!;
      acc[l] = a + (idf * tf * k1) / (tf + normOf[ids[d]!]!);
    }
    return;
  }
  for (let at = at0; at < end; at++) {
    const d = docs[at]!;
    if (d >= to) break;
    const g = p.global === undefined ? p.base + d : p.global[d]!;
    if (g < 0) continue;
    const l = d - from;
    if (acc[l] === 0) {
      if (!x.ok(g)) continue;
      marks[l >>> 5]! |= 1 << (l & 31);
    }
    acc[l] = acc[l]! + s.termScore(idf, tfs[at]!, normOf[ids[d]!]!);
  }
}

/**
 * Document d's score, term by term in query order (as exhaustive scoring sums), over the terms present in its window
 * (`row`: their bounds there; `starts`: their first postings there).
 */
function exactScore(x: Search, p: SearchPart, i: number, d: number, row: Float64Array, starts: Float64Array): number {
  const { docs, tfs } = p;
  const norm = x.s.normOf[p.lengthIds[d]!]!;
  let score = 0;
  x.terms.forEach((t, ti) => {
    const pt = t.parts[i];
    if (!pt || row[ti] === 0) return;
    const { holders: bits, bitFrom } = pt.bounds;
    if (bits.length > 0 && !holds(bits, d - bitFrom)) return;
    const at = advance(docs, starts[ti]!, pt.end, d);
    if (at < pt.end && docs[at] === d) score += x.s.termScore(t.idf, tfs[at]!, norm);
  });
  return score;
}

/** The terms present in a window (bound above 0), by ascending bound (insertion sort: a question has few terms). */
function presentByBound(row: Float64Array, out: Int32Array): Int32Array {
  let n = 0;
  for (let t = 0; t < row.length; t++) {
    const b = row[t]!;
    if (b <= 0) continue;
    let j = n++;
    while (j > 0 && row[out[j - 1]!]! > b) {
      out[j] = out[j - 1]!;
      j--;
    }
    out[j] = t;
  }
  return out.subarray(0, n);
}

/** The first position at or after `at` whose document is at least `doc`, galloping. */
function advance(docs: Uint32Array, at: number, end: number, doc: number): number {
  if (at >= end || docs[at]! >= doc) return at;
  let lo = at;
  let step = 1;
  let hi = at + 1;
  while (hi < end && docs[hi]! < doc) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > end) hi = end;
  lo++;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (docs[mid]! < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
