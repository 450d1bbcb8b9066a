import { closeSync, fstatSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Appender, type NumberArray, readArray, readArrayAsync, readAt } from './array-files.js';
import type { DensePart, Neighbour } from './dense.js';
import { DistanceHeap } from './distance-heap.js';
import { FILES } from './format.js';
import { HEADER_BYTES, type HnswHeader, isDeletedWord, linkCount, readHnswHeader } from './hnsw-file.js';
import { type Int16Dots, int16Dots } from './int16-dots.js';

// A large graph searched without loading hnswlib's file. hnswlib keeps each vector in float32 inside its graph: at 1M
// chunks × 384 dimensions that is 1.5 of the file's 1.84 GB, all read and held to search. Here the graph's links are
// taken out of that file with each vector in int16 (one scale per vector): 1.06 GB at 1M, read instead of it. The
// search is hnswlib's (greedy descent through the upper levels, a beam of `ef` on level 0, deleted and filtered
// elements still walked through) on int16 distances (int16-dots.ts), and the scores it returns are those: within 1e-4
// of the float32 cosine. int8 (0.66 GB) lost recall@10 at 1M, 0.97 at any ef, to near ties; scoring its best again
// with float32 vectors read from `dense.hnsw` meant random reads of a file not in memory, dense p95 24 ms
// (docs/benchmarks.md, round eleven).

const Q = FILES.quantized;
const FORMAT = 1;
/** No upper levels for this element. */
const NONE = 0xffffffff;

interface Head extends HnswHeader {
  format: number;
}

/** The vector at `from` of `v` in int16 (`into`, its length), returning its scale: |x| ≤ 32767 · scale. */
function quantize(v: Float32Array, from: number, into: Int16Array): number {
  let max = 0;
  for (let d = 0; d < into.length; d++) max = Math.max(max, Math.abs(v[from + d]!));
  const scale = max / 32767;
  const inverse = scale === 0 ? 0 : 1 / scale;
  for (let d = 0; d < into.length; d++) into[d] = Math.round(v[from + d]! * inverse);
  return scale;
}

/** Take the links and int16 vectors out of hnswlib's graph file `graphPath` into `dir`, a piece at a time. */
export function writeQuantized(graphPath: string, dir: string): void {
  const fd = openSync(graphPath, 'r');
  try {
    const h = readHnswHeader(fd, graphPath);
    const out = {
      links: new Appender(join(dir, Q.links), Uint32Array),
      codes: new Appender(join(dir, Q.codes), Int16Array),
      scales: new Appender(join(dir, Q.scales), Float32Array),
      labels: new Appender(join(dir, Q.labels), Float64Array),
    };
    const perPiece = Math.max(1, Math.floor((32 << 20) / h.blockBytes));
    const piece = new ArrayBuffer(perPiece * h.blockBytes);
    const words = new Uint32Array(piece);
    const floats = new Float32Array(piece);
    const code = new Int16Array(h.dims);
    const wordsPerBlock = h.blockBytes / 4;
    for (let first = 0; first < h.elements; first += perPiece) {
      const m = Math.min(perPiece, h.elements - first);
      readAt(fd, new Uint8Array(piece, 0, m * h.blockBytes), HEADER_BYTES + first * h.blockBytes, graphPath);
      for (let j = 0; j < m; j++) {
        const w = j * wordsPerBlock;
        out.links.pushAll(words, w, w + 1 + h.maxM0);
        out.scales.push(quantize(floats, w + h.vectorAt / 4, code));
        out.codes.pushAll(code);
        const l = w + h.labelAt / 4;
        out.labels.push(words[l]! + words[l + 1]! * 2 ** 32);
      }
    }
    for (const a of Object.values(out)) a.close();
    writeUpper(fd, h, graphPath, dir);
    writeFileSync(join(dir, Q.head), JSON.stringify({ format: FORMAT, ...h } satisfies Head));
  } finally {
    closeSync(fd);
  }
}

/** The upper levels: after the level-0 blocks, each element's byte count and links (about 1/M of elements have any). */
function writeUpper(fd: number, h: HnswHeader, graphPath: string, dir: string): void {
  const from = HEADER_BYTES + h.elements * h.blockBytes;
  const tail = new Uint32Array((fstatSync(fd).size - from) / 4);
  readAt(fd, new Uint8Array(tail.buffer), from, graphPath);
  const at = new Uint32Array(h.elements).fill(NONE);
  const upper = new Appender(join(dir, Q.upper), Uint32Array);
  const levelWords = 1 + h.maxM;
  let w = 0;
  for (let e = 0; e < h.elements; e++) {
    if (w >= tail.length) throw new Error(`${graphPath} ends before the upper links of element ${e}`);
    const words = tail[w++]! / 4;
    if (words === 0) continue;
    if (
      !Number.isInteger(words) ||
      words % levelWords !== 0 ||
      words / levelWords > h.maxLevel ||
      w + words > tail.length
    )
      throw new Error(`${graphPath}: element ${e} has ${tail[w - 1]} bytes of upper links`);
    at[e] = upper.count;
    upper.pushAll(tail, w, w + words);
    w += words;
  }
  upper.close();
  const atFile = new Appender(join(dir, Q.upperAt), Uint32Array);
  atFile.pushAll(at);
  atFile.close();
}

const closeOnCollect = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
});

interface Arrays {
  links: Uint32Array;
  upperAt: Uint32Array;
  upper: Uint32Array;
  scales: Float32Array;
  labels: Float64Array;
}

/** The files of `Arrays` and of the codes, which are read into `dots`, with their value counts. */
function arrayFiles(at: string, h: Head, dots: Int16Dots) {
  const n = h.elements;
  const intoDots = (): NumberArray => dots.codes;
  return [
    [join(at, Q.links), Uint32Array, n * (1 + h.maxM0), undefined],
    [join(at, Q.upperAt), Uint32Array, n, undefined],
    [join(at, Q.upper), Uint32Array, undefined, undefined],
    [join(at, Q.scales), Float32Array, n, undefined],
    [join(at, Q.labels), Float64Array, n, undefined],
    [join(at, Q.codes), Int16Array, n * h.dims, intoDots],
  ] as const;
}

function asArrays(x: NumberArray[]): Arrays {
  const [links, upperAt, upper, scales, labels] = x;
  return { links, upperAt, upper, scales, labels } as Arrays;
}

function readHead(at: string, dims: number): Head {
  const h = JSON.parse(readFileSync(join(at, Q.head), 'utf8')) as Head;
  if (h.format !== FORMAT) throw new Error(`${Q.head} is format ${h.format}, this version reads ${FORMAT}`);
  if (h.dims !== dims) throw new Error(`${Q.head} holds ${h.dims}-dimensional vectors, the index ${dims}`);
  return h;
}

export class QuantizedGraph implements DensePart {
  readonly kind = 'graph';
  readonly dims: number;
  private readonly gone: Uint8Array;
  private deleted = 0;
  private readonly visited: Uint32Array;
  private epoch = 0;
  /** Elements in label order, made on the first lookup by label when labels are not already ascending. */
  private byLabel?: Uint32Array;
  private readonly ascending: boolean;
  /** `dense.hnsw`, open for `vector` (kept open so a merge that removes the folder cannot take it away). */
  private readonly fd: number;

  private constructor(
    private readonly h: Head,
    private readonly a: Arrays,
    private readonly dots: Int16Dots,
    graphPath: string,
    private ef: number,
  ) {
    this.dims = h.dims;
    this.gone = new Uint8Array(h.elements);
    const stride = 1 + h.maxM0;
    for (let e = 0; e < h.elements; e++) {
      if (isDeletedWord(a.links[e * stride]!)) {
        this.gone[e] = 1;
        this.deleted++;
      }
    }
    let ascending = true;
    for (let e = 1; e < h.elements && ascending; e++) ascending = a.labels[e - 1]! < a.labels[e]!;
    this.ascending = ascending;
    this.visited = new Uint32Array(h.elements);
    this.fd = openSync(graphPath, 'r');
    try {
      const file = readHnswHeader(this.fd, graphPath);
      if (file.elements !== h.elements || file.blockBytes !== h.blockBytes || file.enterPoint !== h.enterPoint)
        throw new Error(`${graphPath} is not the graph ${Q.head} was taken from`);
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
    closeOnCollect.register(this, this.fd);
  }

  /** The quantized graph of segment folder `at`; `graphPath` its `dense.hnsw`. */
  static read(at: string, dims: number, efSearch: number): QuantizedGraph {
    const h = readHead(at, dims);
    const dots = int16Dots(h.elements * h.dims, h.dims);
    const arrays = arrayFiles(at, h, dots).map(([path, make, n, alloc]) => readArray(path, make, n, alloc));
    return new QuantizedGraph(h, asArrays(arrays), dots, join(at, FILES.graph), efSearch);
  }

  /** `read` with the files read on libuv's threads, side by side. */
  static async readAsync(at: string, dims: number, efSearch: number): Promise<QuantizedGraph> {
    const h = readHead(at, dims);
    const dots = int16Dots(h.elements * h.dims, h.dims);
    const reading = arrayFiles(at, h, dots).map(([path, make, n, alloc]) => readArrayAsync(path, make, n, alloc));
    return new QuantizedGraph(h, asArrays(await Promise.all(reading)), dots, join(at, FILES.graph), efSearch);
  }

  get size(): number {
    return this.h.elements;
  }

  get live(): number {
    return this.h.elements - this.deleted;
  }

  get deletedCount(): number {
    return this.deleted;
  }

  setEf(ef: number): void {
    this.ef = ef;
  }

  remove(labels: Iterable<number>): void {
    for (const l of labels) {
      const e = this.element(l);
      if (e < 0) throw new Error(`no vector for chunk ${l}`);
      if (this.gone[e]) throw new Error(`chunk ${l} is already deleted`);
      this.gone[e] = 1;
      this.deleted++;
    }
  }

  vector(label: number): Float32Array {
    const e = this.element(label);
    if (e < 0) throw new Error(`no vector for chunk ${label}`);
    return this.readVector(e);
  }

  search(query: ArrayLike<number>, k: number, allow?: (label: number) => boolean): Neighbour[] {
    // As hnswlib refuses one: the dot products read `dims` values whatever the query's length.
    if (query.length !== this.dims)
      throw new Error(`the query has ${query.length} dimensions, the graph's vectors ${this.dims}`);
    const n = Math.min(k, this.live);
    if (n <= 0) return [];
    const q = unit(query);
    const { elements, distances } = this.beam(q, Math.max(this.ef, n), allow);
    const out: Neighbour[] = [];
    for (let i = 0; i < elements.length; i++)
      out.push({ label: this.a.labels[elements[i]!]!, score: 1 - distances[i]! });
    return out.sort((x, y) => y.score - x.score || x.label - y.label).slice(0, n);
  }

  /** 1 − cosine between the unit query (set in `dots`) and element e's int16 vector. */
  private distance(e: number): number {
    return 1 - this.a.scales[e]! * this.dots.dot(e);
  }

  /** hnswlib's search (hnswalg.h, searchKnn): the beam's elements, nearest first by int16 distance. */
  private beam(
    q: Float32Array,
    ef: number,
    allow?: (label: number) => boolean,
  ): { elements: Uint32Array; distances: Float64Array } {
    const { links, upperAt, upper, labels } = this.a;
    const stride = 1 + this.h.maxM0;
    const levelWords = 1 + this.h.maxM;
    this.dots.setQuery(q);
    let at = this.h.enterPoint;
    let atDistance = this.distance(at);
    for (let level = this.h.maxLevel; level > 0; level--) {
      for (let moved = true; moved; ) {
        moved = false;
        const block = upperAt[at]! + (level - 1) * levelWords;
        const count = linkCount(upper[block]!);
        for (let i = 1; i <= count; i++) {
          const x = upper[block + i]!;
          const d = this.distance(x);
          if (d < atDistance) {
            atDistance = d;
            at = x;
            moved = true;
          }
        }
      }
    }
    if (++this.epoch === 0xffffffff) {
      this.visited.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    const ok = (e: number): boolean => this.gone[e] === 0 && (!allow || allow(labels[e]!));
    const found = new DistanceHeap(ef + 1, true);
    const next = new DistanceHeap(ef * 2, false);
    this.visited[at] = epoch;
    next.push(atDistance, at);
    let bound = Number.POSITIVE_INFINITY;
    if (ok(at)) {
      found.push(atDistance, at);
      bound = atDistance;
    }
    while (next.size > 0) {
      if (next.topDistance > bound && found.size === ef) break;
      const c = next.topElement;
      next.pop();
      const block = c * stride;
      const count = linkCount(links[block]!);
      for (let i = 1; i <= count; i++) {
        const x = links[block + i]!;
        if (this.visited[x] === epoch) continue;
        this.visited[x] = epoch;
        const d = this.distance(x);
        if (found.size < ef || d < bound) {
          next.push(d, x);
          if (ok(x)) found.push(d, x);
          if (found.size > ef) found.pop();
          if (found.size > 0) bound = found.topDistance;
        }
      }
    }
    const elements = new Uint32Array(found.size);
    const distances = new Float64Array(found.size);
    for (let i = found.size - 1; i >= 0; i--) {
      elements[i] = found.topElement;
      distances[i] = found.topDistance;
      found.pop();
    }
    return { elements, distances };
  }

  /** Element e's float32 vector, read from `dense.hnsw`. */
  private readVector(e: number): Float32Array {
    const v = new Float32Array(this.dims);
    readAt(this.fd, v, HEADER_BYTES + e * this.h.blockBytes + this.h.vectorAt, FILES.graph);
    return v;
  }

  /** The element holding a label, or −1. */
  private element(label: number): number {
    const { labels } = this.a;
    if (!this.ascending && !this.byLabel) {
      this.byLabel = new Uint32Array(this.h.elements);
      for (let e = 0; e < this.byLabel.length; e++) this.byLabel[e] = e;
      this.byLabel.sort((x, y) => labels[x]! - labels[y]!);
    }
    const order = this.byLabel;
    const labelAt = (i: number): number => labels[order ? order[i]! : i]!;
    let lo = 0;
    let hi = this.h.elements - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const l = labelAt(mid);
      if (l === label) return order ? order[mid]! : mid;
      if (l < label) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** The query as a unit vector (hnswlib's cosine space normalises it too). */
function unit(query: ArrayLike<number>): Float32Array {
  let norm = 0;
  for (let d = 0; d < query.length; d++) norm += query[d]! * query[d]!;
  const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const q = new Float32Array(query.length);
  for (let d = 0; d < query.length; d++) q[d] = query[d]! * s;
  return q;
}
