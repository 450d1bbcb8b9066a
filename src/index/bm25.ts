import { type LexicalMode, lexicalTerms } from '../text/tokenize.js';

// BM25 over a compressed-sparse-row posting list in typed arrays: compact on disk, loaded without parsing.

export const K1 = 1.2;
/** Beyond this many candidate documents, further (more common) query terms only re-rank. */
const MAX_CANDIDATES = 10_000;
export const B = 0.75;

export interface Bm25Data {
  mode: LexicalMode;
  terms: string[];
  /** postings of term t are docs[offsets[t] .. offsets[t+1]] with frequencies tfs[…] */
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
  /** Length of every document, the tail's included. */
  docLen: Uint32Array;
  /**
   * Postings of documents appended at load (delta segments), kept apart so that loading need not rebuild the arrays
   * above; their document numbers follow the others'. Flattened in when the index is written.
   */
  tail?: Bm25Postings;
}

/** A term list with its compressed-sparse-row postings. */
export interface Bm25Postings {
  terms: string[];
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
}

class Grow {
  a: Uint32Array = new Uint32Array(1 << 16);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

export function buildBm25(texts: Iterable<string>, mode: LexicalMode): Bm25Data {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const pTerm = new Grow();
  const pDoc = new Grow();
  const pTf = new Grow();
  const lens: number[] = [];
  let doc = 0;
  for (const text of texts) {
    const tf = new Map<number, number>();
    const toks = lexicalTerms(text, mode);
    for (const t of toks) {
      let id = termIds.get(t);
      if (id === undefined) {
        id = terms.length;
        terms.push(t);
        termIds.set(t, id);
      }
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    for (const [id, f] of tf) {
      pTerm.push(id);
      pDoc.push(doc);
      pTf.push(Math.min(f, 65535));
    }
    lens.push(toks.length);
    doc++;
  }
  // Counting sort of the (term, doc) pairs by term; docs stay ascending within a term.
  const offsets = new Uint32Array(terms.length + 1);
  for (let i = 0; i < pTerm.n; i++) offsets[pTerm.a[i]! + 1]!++;
  for (let t = 0; t < terms.length; t++) offsets[t + 1]! += offsets[t]!;
  const cursor = offsets.slice(0, terms.length);
  const docs = new Uint32Array(pTerm.n);
  const tfs = new Uint16Array(pTerm.n);
  for (let i = 0; i < pTerm.n; i++) {
    const at = cursor[pTerm.a[i]!]!++;
    docs[at] = pDoc.a[i]!;
    tfs[at] = pTf.a[i]!;
  }
  return { mode, terms, offsets, docs, tfs, docLen: Uint32Array.from(lens) };
}

/**
 * An index equal to building from scratch over the old documents without `drop` (the others keep their order, moved
 * down to close the gaps) followed by the new ones, without tokenising the old documents again.
 */
export function mergeBm25(old: Bm25Data, drop: Iterable<number>, newTexts: string[]): Bm25Data {
  const flat = old.tail ? flatten(old) : old;
  const added = buildBm25(newTexts, old.mode);
  const gaps = dropList(drop, flat.docLen.length);
  const kept = flat.docLen.length - gaps.length;
  return {
    ...mergePostings(flat, gaps, added, kept),
    mode: old.mode,
    docLen: mergeDocLen(flat.docLen, gaps, added.docLen),
  };
}

/**
 * The same index as `mergeBm25`, made for loading: the old arrays are compacted in place (`old` is consumed) and the
 * new documents' postings become the tail, so nothing of the size of the whole index is allocated or copied.
 */
export function appendBm25(old: Bm25Data, drop: Iterable<number>, newTexts: string[]): Bm25Data {
  if (old.tail) return mergeBm25(old, drop, newTexts);
  const gaps = dropList(drop, old.docLen.length);
  let { docs, tfs, offsets } = old;
  if (gaps.length > 0) {
    offsets = new Uint32Array(old.offsets.length);
    let at = 0;
    for (let t = 0; t < old.terms.length; t++) {
      at = shiftPostings(old, t, gaps, old.docs, old.tfs, at); // writes never pass reads: safe in place
      offsets[t + 1] = at;
    }
    docs = old.docs.subarray(0, at);
    tfs = old.tfs.subarray(0, at);
  }
  const kept = old.docLen.length - gaps.length;
  const added = buildBm25(newTexts, old.mode);
  const tail =
    added.docs.length > 0
      ? { terms: added.terms, offsets: added.offsets, docs: added.docs.map((d) => d + kept), tfs: added.tfs }
      : undefined;
  return {
    mode: old.mode,
    terms: old.terms,
    offsets,
    docs,
    tfs,
    docLen: mergeDocLen(old.docLen, gaps, added.docLen),
    ...(tail ? { tail } : {}),
  };
}

/** The tail merged into the main arrays. */
function flatten(d: Bm25Data): Bm25Data {
  const { tail, ...main } = d;
  if (!tail) return d;
  return { ...main, ...mergePostings(main, new Uint32Array(0), tail, 0) };
}

function dropList(drop: Iterable<number>, docs: number): Uint32Array {
  const gaps = Uint32Array.from(new Set(drop)).sort();
  if (gaps.length > 0 && gaps[gaps.length - 1]! >= docs)
    throw new RangeError(`document ${gaps[gaps.length - 1]} is not in the index`);
  return gaps;
}

function mergeDocLen(old: Uint32Array, gaps: Uint32Array, added: Uint32Array): Uint32Array {
  const docLen = new Uint32Array(old.length - gaps.length + added.length);
  let d = 0;
  let g = 0;
  old.forEach((l, i) => {
    if (g < gaps.length && gaps[g] === i) g++;
    else docLen[d++] = l;
  });
  docLen.set(added, d);
  return docLen;
}

/** `old`'s postings without the `gaps` documents (renumbered), then `added`'s, their documents numbered from `addedFrom`. */
function mergePostings(old: Bm25Postings, gaps: Uint32Array, added: Bm25Postings, addedFrom: number): Bm25Postings {
  const identity = gaps.length === 0;
  const termIds = new Map(old.terms.map((t, i) => [t, i]));
  const terms = [...old.terms];
  // For each merged term, its term id in `added` (or −1).
  const fromAdded: number[] = new Array<number>(old.terms.length).fill(-1);
  added.terms.forEach((t, a) => {
    const id = termIds.get(t);
    if (id !== undefined) fromAdded[id] = a;
    else {
      terms.push(t);
      fromAdded.push(a);
    }
  });
  // One pass, term by term: the old postings (renumbered, deleted ones dropped), then the new ones. Loading an index
  // with delta segments runs this over every posting (tens of millions), so runs of terms that gain no postings are
  // copied whole when nothing was dropped, and otherwise renumbers by a running shift rather than a lookup per posting.
  const docs = new Uint32Array(old.docs.length + added.docs.length);
  const tfs = new Uint16Array(docs.length);
  const offsets = new Uint32Array(terms.length + 1);
  let at = 0;
  const oldTerms = old.terms.length;
  const gaining = fromAdded.flatMap((a, t) => (a >= 0 ? [t] : []));
  let t = 0;
  for (const g of [...gaining, terms.length]) {
    // Terms t … g−1 gain nothing: copy (or filter) them, then term g gets its new postings.
    const end = Math.min(g, oldTerms);
    if (t < end) {
      if (identity) {
        const from = old.offsets[t]!;
        const to = old.offsets[end]!;
        docs.set(old.docs.subarray(from, to), at);
        tfs.set(old.tfs.subarray(from, to), at);
        for (let u = t; u < end; u++) offsets[u + 1] = at + old.offsets[u + 1]! - from;
        at += to - from;
      } else {
        for (let u = t; u < end; u++) {
          at = shiftPostings(old, u, gaps, docs, tfs, at);
          offsets[u + 1] = at;
        }
      }
    }
    for (let u = Math.max(t, oldTerms); u < g; u++) offsets[u + 1] = at;
    if (g === terms.length) break;
    if (g < oldTerms) at = shiftPostings(old, g, gaps, docs, tfs, at);
    const a = fromAdded[g]!;
    for (let p = added.offsets[a]!; p < added.offsets[a + 1]!; p++) {
      docs[at] = addedFrom + added.docs[p]!;
      tfs[at++] = added.tfs[p]!;
    }
    offsets[g + 1] = at;
    t = g + 1;
  }
  return {
    terms,
    docs: at === docs.length ? docs : docs.slice(0, at),
    tfs: at === tfs.length ? tfs : tfs.slice(0, at),
    offsets,
  };
}

/**
 * Term t's postings without the dropped documents (`gaps`, ascending), each moved down by the number of dropped
 * documents before it; returns the next free position.
 */
function shiftPostings(
  old: Bm25Postings,
  t: number,
  gaps: Uint32Array,
  docs: Uint32Array,
  tfs: Uint16Array,
  at: number,
): number {
  const src = old.docs;
  const srcTf = old.tfs;
  const to = old.offsets[t + 1]!;
  // Postings before the first dropped document keep their numbers: found by binary search, copied whole.
  const first = gaps.length > 0 ? gaps[0]! : 0xffffffff;
  let lo = old.offsets[t]!;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (src[mid]! < first) lo = mid + 1;
    else hi = mid;
  }
  const from = old.offsets[t]!;
  docs.set(src.subarray(from, lo), at);
  tfs.set(srcTf.subarray(from, lo), at);
  at += lo - from;
  let shift = 0;
  let next = first;
  for (let p = lo; p < to; p++) {
    const d = src[p]!;
    while (d > next) next = ++shift < gaps.length ? gaps[shift]! : 0xffffffff;
    if (d === next) continue; // a dropped document: the loop above counts it once a later posting passes it
    docs[at] = d - shift;
    tfs[at++] = srcTf[p]!;
  }
  return at;
}

export interface ScoredDoc {
  doc: number;
  score: number;
}

export class Bm25 {
  private readonly termIds: Map<string, number>;
  private readonly tailIds: Map<string, number>;
  private readonly avgdl: number;
  readonly size: number;
  /** Per document, K1 · (1 − B + B · len / avgdl): the length norm, computed once instead of per posting. */
  private readonly norm: Float32Array;

  constructor(readonly data: Bm25Data) {
    this.termIds = new Map(data.terms.map((t, i) => [t, i]));
    this.tailIds = new Map((data.tail?.terms ?? []).map((t, i) => [t, i]));
    this.size = data.docLen.length;
    let sum = 0;
    for (const l of data.docLen) sum += l;
    this.avgdl = this.size > 0 ? sum / this.size : 1;
    this.norm = new Float32Array(this.size);
    for (let d = 0; d < this.size; d++) this.norm[d] = K1 * (1 - B + (B * data.docLen[d]!) / this.avgdl);
  }

  /** Where a term's postings are: in the main arrays and in the tail (−1: none). */
  private locate(term: string): { main: number; tail: number; df: number } {
    const main = this.termIds.get(term) ?? -1;
    const tail = this.tailIds.get(term) ?? -1;
    const { offsets } = this.data;
    const t = this.data.tail;
    const df =
      (main < 0 ? 0 : offsets[main + 1]! - offsets[main]!) +
      (tail < 0 || !t ? 0 : t.offsets[tail + 1]! - t.offsets[tail]!);
    return { main, tail, df };
  }

  df(term: string): number {
    return this.locate(term).df;
  }

  idf(term: string): number {
    const df = this.df(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  terms(text: string): string[] {
    return lexicalTerms(text, this.data.mode);
  }

  /**
   * The k best documents for the query terms; `allow` filters documents (dates). Terms are taken rarest first; a
   * common term (in more than 5% of a large collection: "的", "开发") only adds to documents a rarer term found,
   * and once 10,000 candidates are in play no term adds new ones: the rarest terms define the candidates, the
   * others rank them. Collections under 10,000 documents are scored exactly. The top k come from a bounded heap.
   */
  search(queryTerms: string[], k: number, allow?: (doc: number) => boolean): ScoredDoc[] {
    const found = [...new Set(queryTerms)]
      .map((t) => this.locate(t))
      .filter((x) => x.df > 0)
      .sort((a, b) => a.df - b.df);
    if (found.length === 0) return [];
    const scores = this.scratch();
    const touched: number[] = [];
    const common = Math.max(this.size / 20, 2000);
    const { tail } = this.data;
    for (const { main, tail: inTail, df } of found) {
      const idf = Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
      const expand = (df <= common && touched.length < MAX_CANDIDATES) || touched.length === 0;
      if (main >= 0) this.score(this.data, main, idf, expand, scores, touched);
      if (inTail >= 0 && tail) this.score(tail, inTail, idf, expand, scores, touched);
    }
    const top = topK(touched, k, (d) => scores[d]!, allow);
    for (const d of touched) scores[d] = 0;
    return top;
  }

  private score(
    p: Bm25Postings,
    t: number,
    idf: number,
    expand: boolean,
    scores: Float32Array,
    touched: number[],
  ): void {
    const { offsets, docs, tfs } = p;
    const norm = this.norm;
    for (let i = offsets[t]!; i < offsets[t + 1]!; i++) {
      const d = docs[i]!;
      if (scores[d] === 0) {
        if (!expand) continue;
        touched.push(d);
      }
      const f = tfs[i]!;
      scores[d] = scores[d]! + (idf * f * (K1 + 1)) / (f + norm[d]!);
    }
  }

  private buffer?: Float32Array;
  /** One zeroed score array per index, reused by every query (and cleared after it). */
  private scratch(): Float32Array {
    this.buffer ??= new Float32Array(this.size);
    return this.buffer;
  }
}

/** The k highest-scoring docs, best first (ties: lower doc first), with a binary min-heap of size k. */
function topK(
  candidates: number[],
  k: number,
  score: (d: number) => number,
  allow?: (d: number) => boolean,
): ScoredDoc[] {
  const heap: ScoredDoc[] = [];
  const worse = (a: ScoredDoc, b: ScoredDoc): boolean => a.score < b.score || (a.score === b.score && a.doc > b.doc);
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const doc of candidates) {
    if (allow && !allow(doc)) continue;
    const item = { doc, score: score(doc) };
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (worse(heap[0]!, item)) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.doc - b.doc);
}

// --- on disk: one binary file of the arrays, and the terms as JSON ---

export function serializeBm25(data: Bm25Data): { bin: Buffer; terms: string } {
  const d = flatten(data);
  const parts = [d.offsets, d.docs, d.docLen];
  const header = new Uint32Array([d.terms.length, d.docs.length, d.docLen.length]);
  const tfBytes = Buffer.from(d.tfs.buffer, d.tfs.byteOffset, d.tfs.byteLength);
  const bin = Buffer.concat([
    Buffer.from(header.buffer),
    ...parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)),
    tfBytes,
  ]);
  return { bin, terms: JSON.stringify({ mode: d.mode, terms: d.terms }) };
}

export function deserializeBm25(bin: Buffer, termsJson: string): Bm25Data {
  const parsed = JSON.parse(termsJson) as { mode: LexicalMode; terms: string[] };
  // The typed arrays are views of the file's bytes; a Buffer that does not start on a 4-byte boundary (small files
  // come from a shared pool) is copied first.
  let ab: ArrayBuffer = bin.buffer as ArrayBuffer;
  let base = bin.byteOffset;
  if (base % 4 !== 0) {
    ab = new ArrayBuffer(bin.length + ((4 - (bin.length % 4)) % 4));
    new Uint8Array(ab).set(bin);
    base = 0;
  }
  if (bin.length < 12) throw new Error(`lexical index: file is ${bin.length} bytes, too short for its header`);
  const header = new Uint32Array(ab, base, 3);
  const [nTerms, nPostings, nDocs] = [header[0]!, header[1]!, header[2]!];
  if (nTerms !== parsed.terms.length)
    throw new Error(`lexical index: ${nTerms} terms in the binary, ${parsed.terms.length} in the term list`);
  const need = 12 + 4 * (nTerms + 1 + 2 * nPostings + nDocs) - 2 * nPostings;
  if (need !== bin.length) throw new Error(`lexical index: file is ${bin.length} bytes, expected ${need}`);
  let at = base + 12;
  const offsets = new Uint32Array(ab, at, nTerms + 1);
  at += offsets.byteLength;
  const docs = new Uint32Array(ab, at, nPostings);
  at += docs.byteLength;
  const docLen = new Uint32Array(ab, at, nDocs);
  at += docLen.byteLength;
  const tfs = new Uint16Array(ab, at, nPostings);
  return { mode: parsed.mode, terms: parsed.terms, offsets, docs, tfs, docLen };
}
