import { closeSync, fstatSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LexicalMode } from '../text/tokenize.js';
import { Appender, type NumberArray, readArray, readAt, SequentialReader, writeArray } from './array-files.js';
import { grown, TermTable } from './term-table.js';

// The postings of one segment: for each term (sorted, so segments merge by walking their term lists side by side),
// the documents holding it in ascending order with their term frequencies, cut into blocks of BLOCK postings. Each
// block keeps its last document and the two numbers that bound any of its documents' BM25 score (the highest term
// frequency and the shortest document), so search can skip whole blocks that cannot reach the top k.

export const BLOCK = 128;
/** Fields per block in `blocks`: last document, highest term frequency, shortest document length. */
export const BLOCK_FIELDS = 3;

export interface Postings {
  mode: LexicalMode;
  /** Sorted by code unit (the `<` order of strings). */
  terms: string[];
  /** Postings of term t are docs[starts[t] … starts[t+1]] (Float64: no 4-billion limit on a segment). */
  starts: Float64Array;
  docs: Uint32Array;
  tfs: Uint16Array;
  /** Length (terms) of every document. */
  lengths: Uint32Array;
  /** BLOCK_FIELDS numbers per block, blocks in term order. */
  blocks: Uint32Array;
  /**
   * Postings read from disk on demand have this: term t's docs and tfs hold their values only once `load(t)` was
   * called (search calls it for the query's terms). Absent: every value is in memory.
   */
  load?: (t: number) => void;
}

export const FILES = {
  terms: 'lexical-terms.json',
  starts: 'lexical-starts.f64',
  docs: 'lexical-docs.u32',
  tfs: 'lexical-tfs.u16',
  blocks: 'lexical-blocks.u32',
  lengths: 'lexical-lengths.u32',
};

export const blockCount = (df: number): number => Math.ceil(df / BLOCK);

class Grow {
  a: Uint32Array = new Uint32Array(1 << 16);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) this.a = grown(this.a, this.a.length * 2);
    this.a[this.n++] = v;
  }
}

/** The (term, frequency) pairs of a run's documents in document order, each document's terms counted once. */
class RunPairs {
  readonly term = new Grow();
  readonly tf = new Grow();
  /** Where each document's pairs begin, and after the last document, where they end. */
  readonly docStart = new Grow();
  readonly lengths = new Grow();
  /** Two numbers per term id, side by side: the last document that held it, and where that document's pair is. */
  private seen = new Int32Array(2 << 16).fill(-1);
  private d = 0;
  private len = 0;

  constructor() {
    this.docStart.push(0);
  }

  add(id: number): void {
    this.len++;
    if (2 * id >= this.seen.length) this.grow(id);
    if (this.seen[2 * id] === this.d) {
      this.tf.a[this.seen[2 * id + 1]!]!++;
      return;
    }
    this.seen[2 * id] = this.d;
    this.seen[2 * id + 1] = this.term.n;
    this.term.push(id);
    this.tf.push(1);
  }

  endDoc(): void {
    this.lengths.push(this.len);
    this.docStart.push(this.term.n);
    this.len = 0;
    this.d++;
  }

  /** Empty again for the next run, keeping every buffer (see PostingsBuilder). */
  reset(): void {
    this.term.n = 0;
    this.tf.n = 0;
    this.docStart.n = 0;
    this.lengths.n = 0;
    this.docStart.push(0);
    this.seen.fill(-1);
    this.d = 0;
    this.len = 0;
  }

  private grow(id: number): void {
    const seen = new Int32Array(Math.max(2 * id + 2, this.seen.length * 2)).fill(-1);
    seen.set(this.seen);
    this.seen = seen;
  }
}

/** `a` if it holds `n` values, else a new array with room to spare (runs differ a little in size). */
function room<A extends NumberArray>(a: A, n: number): A {
  if (a.length >= n) return a;
  return new (a.constructor as new (n: number) => A)(n + (n >>> 3));
}

/**
 * Builds postings run after run, reusing its buffers. Each new ArrayBuffer counts as external memory, and V8 runs a
 * full mark-compact each time that grows by tens of megabytes: a run of 65,536 chunks allocated about 400 MB of typed
 * arrays afresh and so caused about six of them, each marking the whole heap. With a 3M-chunk build's corpus in the
 * heap (about 3 GB) that tripled a run's CPU (measured: 15–17 s against 6–7 s with an empty heap). Reused buffers
 * stop those collections after the first run. The arrays of a returned Postings are views into the builder's
 * buffers, valid until its next `build`.
 */
export class PostingsBuilder {
  private readonly table = new TermTable();
  private readonly pairs = new RunPairs();
  private keys = new Float64Array(0);
  private cursor = new Float64Array(0);
  private starts = new Float64Array(0);
  private docs = new Uint32Array(0);
  private tfs = new Uint16Array(0);
  private blocks = new Uint32Array(0);

  build(texts: Iterable<string>, mode: LexicalMode): Postings {
    const { table, pairs } = this;
    table.reset();
    pairs.reset();
    table.onTerm = (id) => pairs.add(id);
    for (const text of texts) {
      table.add(text, mode);
      pairs.endDoc();
    }
    const unsorted = Array.from({ length: table.size }, (_, id) => table.term(id));
    this.keys = room(this.keys, unsorted.length);
    const order = sortedIds(unsorted, this.keys);
    const { docs, tfs, starts } = this.invert(order);
    const lengths = pairs.lengths.a.subarray(0, pairs.lengths.n);
    const terms = order.map((id) => unsorted[id]!);
    return { mode, terms, starts, docs, tfs, lengths, blocks: this.blocksOf(starts, docs, tfs, lengths) };
  }

  /** Counting sort of the run's pairs by term (ids in `order`); documents stay ascending within a term. */
  private invert(order: number[]): { docs: Uint32Array; tfs: Uint16Array; starts: Float64Array } {
    const { term, tf, docStart } = this.pairs;
    this.cursor = room(this.cursor, order.length);
    const cursor = this.cursor.fill(0, 0, order.length);
    for (let i = 0; i < term.n; i++) cursor[term.a[i]!]!++;
    this.starts = room(this.starts, order.length + 1);
    const starts = this.starts.subarray(0, order.length + 1);
    starts[0] = 0;
    for (let r = 0; r < order.length; r++) {
      const id = order[r]!;
      starts[r + 1] = starts[r]! + cursor[id]!;
      cursor[id] = starts[r]!;
    }
    this.docs = room(this.docs, term.n);
    this.tfs = room(this.tfs, term.n);
    const docs = this.docs.subarray(0, term.n);
    const tfs = this.tfs.subarray(0, term.n);
    for (let d = 0; d + 1 < docStart.n; d++) {
      for (let i = docStart.a[d]!; i < docStart.a[d + 1]!; i++) {
        const at = cursor[term.a[i]!]!++;
        docs[at] = d;
        tfs[at] = Math.min(tf.a[i]!, 65535);
      }
    }
    return { docs, tfs, starts };
  }

  private blocksOf(starts: Float64Array, docs: Uint32Array, tfs: Uint16Array, lengths: Uint32Array): Uint32Array {
    let n = 0;
    for (let t = 0; t + 1 < starts.length; t++) n += blockCount(starts[t + 1]! - starts[t]!);
    this.blocks = room(this.blocks, n * BLOCK_FIELDS);
    const blocks = this.blocks.subarray(0, n * BLOCK_FIELDS);
    blocksInto(blocks, starts, docs, tfs, lengths);
    return blocks;
  }
}

/** Postings of `texts` (document numbers are their positions), built in memory: for a run of a bounded size. */
export const buildPostings = (texts: Iterable<string>, mode: LexicalMode): Postings =>
  new PostingsBuilder().build(texts, mode);

const byString = (strings: string[]) => (a: number, b: number) => (strings[a]! < strings[b]! ? -1 : 1);

/**
 * Ids in the `<` order of their strings. Most terms are one or two UTF-16 units (Han characters and pairs): those are
 * sorted as numbers (the units, then the id, in one float), which is several times faster than comparing strings
 * through a callback; the longer ones are sorted as strings and the two lists merged. `keys` holds a float per string.
 */
function sortedIds(strings: string[], keys: Float64Array): number[] {
  const idBits = Math.ceil(Math.log2(strings.length + 1));
  // Two units and the missing-unit mark take 34 bits; a float holds 53 exactly.
  if (34 + idBits > 53) return strings.map((_, i) => i).sort(byString(strings));
  const scale = 2 ** idBits;
  let k = 0;
  const long: number[] = [];
  strings.forEach((s, id) => {
    if (s.length > 2) long.push(id);
    else keys[k++] = ((s.charCodeAt(0) + 1) * 0x20000 + (s.length === 2 ? s.charCodeAt(1) + 1 : 0)) * scale + id;
  });
  const short = keys.subarray(0, k).sort();
  long.sort(byString(strings));
  const out: number[] = [];
  let j = 0;
  for (const key of short) {
    const id = key % scale;
    while (j < long.length && strings[long[j]!]! < strings[id]!) out.push(long[j++]!);
    out.push(id);
  }
  while (j < long.length) out.push(long[j++]!);
  return out;
}

/** The block metadata of postings, into `blocks` (sized for them). */
function blocksInto(
  blocks: Uint32Array,
  starts: Float64Array,
  docs: Uint32Array,
  tfs: Uint16Array,
  lengths: Uint32Array,
): void {
  let b = 0;
  for (let t = 0; t + 1 < starts.length; t++) {
    for (let from = starts[t]!; from < starts[t + 1]!; from += BLOCK) {
      b = writeBlock(blocks, b, docs, tfs, lengths, from, Math.min(from + BLOCK, starts[t + 1]!));
    }
  }
}

function writeBlock(
  out: Uint32Array | Appender<Uint32Array>,
  b: number,
  docs: Uint32Array,
  tfs: Uint16Array,
  lengths: Uint32Array,
  from: number,
  to: number,
): number {
  let maxTf = 0;
  let minLen = 0xffffffff;
  for (let p = from; p < to; p++) {
    if (tfs[p]! > maxTf) maxTf = tfs[p]!;
    const l = lengths[docs[p]!]!;
    if (l < minLen) minLen = l;
  }
  if (out instanceof Uint32Array) {
    out[b * BLOCK_FIELDS] = docs[to - 1]!;
    out[b * BLOCK_FIELDS + 1] = maxTf;
    out[b * BLOCK_FIELDS + 2] = minLen;
  } else {
    out.push(docs[to - 1]!);
    out.push(maxTf);
    out.push(minLen);
  }
  return b + 1;
}

// --- on disk: one file per array, each written and read in pieces ---

export function writePostings(dir: string, p: Postings): void {
  writeFileSync(join(dir, FILES.terms), JSON.stringify({ mode: p.mode, terms: p.terms }));
  const write = (file: string, a: NumberArray): void => writeArray(join(dir, file), a);
  write(FILES.starts, p.starts);
  write(FILES.docs, p.docs);
  write(FILES.tfs, p.tfs);
  write(FILES.blocks, p.blocks);
  write(FILES.lengths, p.lengths);
}

/**
 * Open a segment's postings, checking that the files agree with each other and with `docs` documents. The term list,
 * lengths and block bounds are read now; each term's documents and frequencies when a search first needs them
 * (`Postings.load`), into arrays allocated whole but untouched (the system gives them memory as they fill), so
 * opening a million-chunk index does not read its gigabytes of postings, and a term is read once.
 */
export function openPostings(dir: string, docs: number): Postings {
  const { mode, terms, starts, nBlocks } = readTerms(dir);
  const nPostings = starts[terms.length]!;
  // In shared memory, so search threads read them without a copy (parallel-search.ts); untouched pages cost nothing
  // there either.
  const docsFile = new TermRanges(join(dir, FILES.docs), new Uint32Array(new SharedArrayBuffer(4 * nPostings)));
  const tfsFile = new TermRanges(join(dir, FILES.tfs), new Uint16Array(new SharedArrayBuffer(2 * nPostings)));
  const loaded = new Uint8Array(terms.length);
  return {
    mode,
    terms,
    starts,
    docs: docsFile.values,
    tfs: tfsFile.values,
    blocks: readArray(join(dir, FILES.blocks), Uint32Array, nBlocks * BLOCK_FIELDS),
    lengths: readArray(join(dir, FILES.lengths), Uint32Array, docs),
    load: (t) => {
      if (loaded[t] === 1) return;
      docsFile.read(starts[t]!, starts[t + 1]!);
      tfsFile.read(starts[t]!, starts[t + 1]!);
      loaded[t] = 1;
    },
  };
}

const closeOnCollect = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
});

/**
 * A typed-array file read range by range into an array of its whole length. The descriptor stays open while the
 * array is used, so a segment folder removed by a later merge stays readable to the index that had opened it.
 */
class TermRanges<A extends Uint32Array | Uint16Array> {
  private readonly fd: number;

  constructor(
    private readonly path: string,
    readonly values: A,
  ) {
    this.fd = openSync(path, 'r');
    const bytes = fstatSync(this.fd).size;
    const size = values.BYTES_PER_ELEMENT;
    if (bytes % size !== 0) {
      closeSync(this.fd);
      throw new Error(`${path} is ${bytes} bytes, not a whole number of ${size}-byte values`);
    }
    if (bytes !== values.byteLength) {
      closeSync(this.fd);
      throw new Error(
        `${path} is ${bytes} bytes, expected ${values.length} values of ${size} bytes (${values.byteLength})`,
      );
    }
    closeOnCollect.register(this, this.fd);
  }

  read(from: number, to: number): void {
    readAt(this.fd, this.values.subarray(from, to), from * this.values.BYTES_PER_ELEMENT, this.path);
  }
}

function readTerms(dir: string): { mode: LexicalMode; terms: string[]; starts: Float64Array; nBlocks: number } {
  const parsed = JSON.parse(readFileSync(join(dir, FILES.terms), 'utf8')) as { mode: LexicalMode; terms: string[] };
  if (!Array.isArray(parsed.terms)) throw new Error(`${FILES.terms} holds no term list`);
  const nTerms = parsed.terms.length;
  const starts = readArray(join(dir, FILES.starts), Float64Array, nTerms + 1);
  let nBlocks = 0;
  for (let t = 0; t < nTerms; t++) {
    const df = starts[t + 1]! - starts[t]!;
    if (!(df > 0)) throw new Error(`${FILES.starts}: term ${t} has ${df} postings`);
    nBlocks += blockCount(df);
  }
  return { mode: parsed.mode, terms: parsed.terms, starts, nBlocks };
}

/** Read a segment's postings whole, checking that the files agree with each other and with `docs` documents. */
export function readPostings(dir: string, docs: number): Postings {
  const { mode, terms, starts, nBlocks } = readTerms(dir);
  const nPostings = starts[terms.length]!;
  return {
    mode,
    terms,
    starts,
    docs: readArray(join(dir, FILES.docs), Uint32Array, nPostings),
    tfs: readArray(join(dir, FILES.tfs), Uint16Array, nPostings),
    blocks: readArray(join(dir, FILES.blocks), Uint32Array, nBlocks * BLOCK_FIELDS),
    lengths: readArray(join(dir, FILES.lengths), Uint32Array, docs),
  };
}

/** One input of a merge: a segment's postings folder, and where each of its documents goes (−1: dropped). */
export interface MergeInput {
  dir: string;
  /** New document number of each document of the input. */
  remap: Int32Array;
}

/**
 * Merge segments' postings into `outDir`, streaming: each input is read front to back through small windows and the
 * output is appended through buffers, so memory holds the term lists and the remaps, never the postings. Inputs are
 * given in document order (their new numbers ascend from one input to the next), which keeps every term's postings
 * ascending.
 */
export function mergePostings(inputs: MergeInput[], outDir: string, mode: LexicalMode): { postings: number } {
  const ins = inputs.map((x) => openInput(x));
  const lengths = mergedLengths(ins);
  const out = {
    starts: new Appender(join(outDir, FILES.starts), Float64Array),
    docs: new Appender(join(outDir, FILES.docs), Uint32Array),
    tfs: new Appender(join(outDir, FILES.tfs), Uint16Array),
    blocks: new Appender(join(outDir, FILES.blocks), Uint32Array),
  };
  const terms: string[] = [];
  const block = { docs: new Uint32Array(BLOCK), tfs: new Uint16Array(BLOCK), n: 0 };
  const flushBlock = (): void => {
    writeBlock(out.blocks, 0, block.docs, block.tfs, lengths, 0, block.n);
    out.docs.pushAll(block.docs, 0, block.n);
    out.tfs.pushAll(block.tfs, 0, block.n);
    block.n = 0;
  };
  out.starts.push(0);
  for (;;) {
    let term: string | undefined;
    for (const x of ins) {
      const t = x.terms[x.t];
      if (t !== undefined && (term === undefined || t < term)) term = t;
    }
    if (term === undefined) break;
    const before = out.docs.count + block.n;
    for (const x of ins) {
      if (x.terms[x.t] !== term) continue;
      const df = x.starts[x.t + 1]! - x.starts[x.t]!;
      const docs = x.docs.take(df);
      const tfs = x.tfs.take(df);
      for (let i = 0; i < df; i++) {
        const d = x.remap[docs[i]!]!;
        if (d < 0) continue;
        block.docs[block.n] = d;
        block.tfs[block.n++] = tfs[i]!;
        if (block.n === BLOCK) flushBlock();
      }
      x.t++;
    }
    if (block.n > 0) flushBlock();
    if (out.docs.count > before) {
      terms.push(term);
      out.starts.push(out.docs.count);
    }
  }
  const postings = out.docs.count;
  for (const a of Object.values(out)) a.close();
  for (const x of ins) {
    x.docs.close();
    x.tfs.close();
  }
  writeArray(join(outDir, FILES.lengths), lengths);
  writeFileSync(join(outDir, FILES.terms), JSON.stringify({ mode, terms }));
  return { postings };
}

interface OpenInput {
  terms: string[];
  starts: Float64Array;
  t: number;
  docs: SequentialReader<Uint32Array>;
  tfs: SequentialReader<Uint16Array>;
  remap: Int32Array;
  lengths: Uint32Array;
}

function openInput(x: MergeInput): OpenInput {
  const parsed = JSON.parse(readFileSync(join(x.dir, FILES.terms), 'utf8')) as { terms: string[] };
  const lengths = readArray(join(x.dir, FILES.lengths), Uint32Array, x.remap.length);
  return {
    terms: parsed.terms,
    starts: readArray(join(x.dir, FILES.starts), Float64Array, parsed.terms.length + 1),
    t: 0,
    docs: new SequentialReader(join(x.dir, FILES.docs), Uint32Array),
    tfs: new SequentialReader(join(x.dir, FILES.tfs), Uint16Array),
    remap: x.remap,
    lengths,
  };
}

function mergedLengths(ins: OpenInput[]): Uint32Array {
  let n = 0;
  for (const x of ins) for (const d of x.remap) if (d >= 0) n = Math.max(n, d + 1);
  const lengths = new Uint32Array(n);
  for (const x of ins)
    x.remap.forEach((d, i) => {
      if (d >= 0) lengths[d] = x.lengths[i]!;
    });
  return lengths;
}
