import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  firstWindows,
  maxScoreSearch,
  mergeTop,
  type Query,
  type RangeOptions,
  type Scoring,
  Scratch,
  type SearchPart,
  type SharedThreshold,
  select,
  type WindowRange,
} from './max-score.js';
import type { ScoredDoc } from './score.js';

// One lexical search split across threads. At 1M chunks a search is bound by memory access over gigabytes of postings,
// not by pruning, so on a machine with a second core the windows (max-score.ts) are cut into as many ranges as there
// are search threads, of equal numbers of windows: this thread searches the first, a worker thread each other one.
// The arrays a search reads are in SharedArrayBuffers, so a worker sees them without a copy; each thread keeps the
// window bounds of its own range only, so the bounds kept take no more memory than one thread's would.
//
// `search` stays synchronous: the query goes to each worker by a MessagePort, this thread searches its range and then
// spins briefly, then waits (Atomics.wait), on a word in shared memory that each worker sets once it has written its
// top k to shared memory too (a failure comes by the port, read synchronously: receiveMessageOnPort). The ranges share
// their best scores so far, and θ is the k-th best of them all (SharedTop; see maxScoreSearch for why exactness
// holds); their top k are merged.
//
// A worker not yet started, busy with a search this thread gave up waiting for, or stopped, has its range searched
// here instead (after this thread's own): a search never waits on a worker that cannot answer, and never misses a
// range. A worker that stops is logged once and not used again.

/** Below this many live documents a search stays on one thread: the hand-over costs more than the half it saves. */
export const PARALLEL_MIN_DOCS = 200_000;
/** Larger k (a list of every match) is searched on one thread: its results would be copied between threads. */
const PARALLEL_MAX_K = 10_000;
/** How long this thread waits for a worker's share before searching it itself (not an error: it is then slow). */
const WAIT_MS = 2_000;

/** How long this thread spins on a worker's share before it waits (Atomics.wait) for it. */
const SPIN_MS = 0.3;

/** Control words, per worker (Int32Array indices): the state below, and 1 once the worker runs. */
export const STATE = 0;
export const READY = 1;
/** STATE values. */
export const IDLE = 0;
export const POSTED = 1;
export const DONE = 2;
export const CLOSE = 3;

export interface ParallelOptions {
  /** Search threads, this one included (1: no worker). */
  threads?: number;
  /** The crossover: an index of fewer live documents is searched on one thread (tests lower it). */
  minDocs?: number;
  /** Where a worker that cannot start or stops is reported. */
  log?: (line: string) => void;
  /** The worker's entry module (tests give a broken one). */
  entry?: URL;
  /** How long a search waits for a worker's share before doing it itself (tests shorten it). */
  waitMs?: number;
}

/** What a worker is given once: the arrays (shared), the scoring, its range and its control words. */
export interface WorkerInit {
  parts: SearchPart[];
  normOf: Float64Array;
  shift: number;
  range: WindowRange;
  ctl: Int32Array;
  out: SharedResult;
  top: SharedTopMemory;
  /** This worker's range's number (its place in `top`). */
  me: number;
  port: MessagePort;
  /** Set by the TypeScript bootstrap (search-worker-tsx.mjs): the module it loads. */
  entry?: string;
}

export interface WorkerQuery extends Query {
  seq: number;
  k: number;
}

/** A worker's failure, by its port (its results are written to its SharedResult). */
export type WorkerReply = { seq: number; error: string };

/** Where a worker writes its top k: the search's number and how many (−1: it failed, see its port), then them. */
export interface SharedResult {
  head: Int32Array;
  docs: Int32Array;
  scores: Float64Array;
}

export const HEAD_SEQ = 0;
export const HEAD_COUNT = 1;

const sharedResult = (): SharedResult => ({
  head: new Int32Array(new SharedArrayBuffer(8)),
  docs: new Int32Array(new SharedArrayBuffer(4 * PARALLEL_MAX_K)),
  scores: new Float64Array(new SharedArrayBuffer(8 * PARALLEL_MAX_K)),
});

/**
 * θ shared between threads: a positive float64's bits, read as an int64, order as the float does, so the largest
 * offered is kept by compare-and-swap on a BigInt64Array. Only positive values are offered (0 means none yet).
 */
export class SharedTheta {
  private readonly f = new Float64Array(1);
  private readonly b = new BigInt64Array(this.f.buffer);

  constructor(readonly bits: BigInt64Array) {}

  get(): number {
    this.b[0] = Atomics.load(this.bits, 0);
    return this.f[0]!;
  }

  offer(theta: number): void {
    this.f[0] = theta;
    const want = this.b[0]!;
    let seen = Atomics.load(this.bits, 0);
    while (want > seen) {
      const was = Atomics.compareExchange(this.bits, 0, seen, want);
      if (was === seen) return;
      seen = was;
    }
  }

  reset(): void {
    Atomics.store(this.bits, 0, 0n);
  }
}

/** Best scores each range of a split search publishes (a larger k shares each range's k-th best only). */
export const SHARED_DEPTH = 256;

/** The shared memory of one split search's θ: per range a version, a count and its best scores; the largest θ offered. */
export interface SharedTopMemory {
  words: Int32Array;
  theta: BigInt64Array;
  threads: number;
}

export function sharedTopMemory(threads: number): SharedTopMemory {
  return {
    words: new Int32Array(new SharedArrayBuffer(4 * threads * (2 + SHARED_DEPTH))),
    theta: new BigInt64Array(new SharedArrayBuffer(8)),
    threads,
  };
}

/**
 * One range's view of what the ranges of a split search share (`SharedThreshold`): each range publishes its best
 * scores (its top k's, best first) and reads the others', and θ is the k-th best of them all, as one thread searching
 * every range would have it; a range's k-th best alone is what the ranges shared before, about the 2k-th best of all.
 * A score is kept as a float32 rounded down (still reached by as many documents) in an Int32Array, each word
 * written and read atomically. A range writes its scores, then its count, then bumps its version; a reader
 * reads the version, then the count, then the scores. A word read while it is rewritten is still one that range
 * published in this search (scores only rise, place by place): at place i, i + 1 of its documents reach it, which is
 * all that exactness needs, whichever mix of its versions is read.
 */
export class SharedTop implements SharedThreshold {
  readonly depth = SHARED_DEPTH;
  private readonly theta: SharedTheta;
  /** The other ranges' versions last read (−1: none this search). */
  private readonly seen: Int32Array;
  /** This range's published scores, exact, then the others' when the union is taken. */
  private readonly mine = new Float64Array(SHARED_DEPTH);
  private own = 0;
  private readonly pool: Float64Array;
  private k = Number.POSITIVE_INFINITY;
  private kth = 0;
  private stale = false;
  private readonly f = new Float32Array(1);
  private readonly b = new Int32Array(this.f.buffer);

  constructor(
    readonly mem: SharedTopMemory,
    /** This range's number. */
    readonly me: number,
  ) {
    this.theta = new SharedTheta(mem.theta);
    this.seen = new Int32Array(mem.threads);
    this.pool = new Float64Array(mem.threads * SHARED_DEPTH);
  }

  /** Clears every range's scores (the thread that splits a search, before it posts it). */
  reset(): void {
    const { words, threads } = this.mem;
    for (let t = 0; t < 2 * threads; t++) Atomics.store(words, t, 0);
    this.theta.reset();
  }

  /** Before each search, in each thread: its k (none of another search's scores is used). */
  begin(k: number): void {
    this.k = k;
    this.seen.fill(-1);
    this.own = 0;
    this.kth = 0;
    this.stale = false;
  }

  publish(best: Float64Array, n: number): void {
    const { words, threads } = this.mem;
    const m = Math.min(n, SHARED_DEPTH);
    const at = 2 * threads + this.me * SHARED_DEPTH;
    for (let i = 0; i < m; i++) {
      const x = best[i]!;
      this.mine[i] = x;
      if (x > 0) {
        this.f[0] = x;
        // Rounded down: bits − 1 is the next float32 below a positive one.
        if (this.f[0]! > x) this.b[0]!--;
      } else this.b[0] = 0;
      Atomics.store(words, at + i, this.b[0]!);
    }
    this.own = m;
    Atomics.store(words, threads + this.me, m);
    Atomics.add(words, this.me, 1);
    this.stale = true;
  }

  offer(theta: number): void {
    this.theta.offer(theta);
  }

  get(): number {
    const theta = this.theta.get();
    if (this.k > SHARED_DEPTH) return theta;
    const { words, threads } = this.mem;
    for (let t = 0; t < threads; t++) {
      if (t === this.me) continue;
      const v = Atomics.load(words, t);
      if (v !== this.seen[t]) {
        this.seen[t] = v;
        this.stale = true;
      }
    }
    if (this.stale) {
      this.stale = false;
      this.kth = this.union();
    }
    return Math.max(this.kth, theta);
  }

  /** The k-th best of this range's scores and the others' (0: fewer than k). */
  private union(): number {
    const { words, threads } = this.mem;
    const { pool } = this;
    pool.set(this.mine.subarray(0, this.own));
    let n = this.own;
    for (let t = 0; t < threads; t++) {
      if (t === this.me || this.seen[t]! <= 0) continue;
      const at = 2 * threads + t * SHARED_DEPTH;
      const count = Atomics.load(words, threads + t);
      for (let i = 0; i < count; i++) {
        this.b[0] = Atomics.load(words, at + i);
        const x = this.f[0]!;
        if (x > 0) pool[n++] = x;
      }
    }
    return n < this.k ? 0 : select(pool.subarray(0, n), n - this.k);
  }
}

/**
 * A typed array over shared memory: itself if it is, else a copy. Postings read from files are shared from the start
 * (their terms are read in lazily, into that memory); length ids, deleted-document maps and an index built in memory
 * are copied here, once, and only when a search is split.
 */
export function shared<A extends Uint32Array | Uint16Array | Int32Array | Float64Array>(a: A): A {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const make = a.constructor as new (b: SharedArrayBuffer) => A;
  const out = new make(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** The ranges of `threads` equal numbers of windows (fewer if there are fewer windows). */
export function windowRanges(parts: { size: number }[], shift: number, threads: number): WindowRange[] {
  const total = firstWindows(parts, shift).at(-1)!;
  const n = Math.max(1, Math.min(threads, total));
  return Array.from({ length: n }, (_, j) => ({
    from: Math.floor((j * total) / n),
    to: Math.floor(((j + 1) * total) / n),
  }));
}

class SearchWorker {
  readonly ctl = new Int32Array(new SharedArrayBuffer(8));
  private readonly out = sharedResult();
  private readonly worker: Worker;
  private readonly port: MessagePort;
  alive = true;
  private readonly starting: Promise<boolean>;

  constructor(
    init: Omit<WorkerInit, 'ctl' | 'port' | 'out'>,
    entry: { file: URL; module?: string },
    private readonly stopped: (why: string) => void,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: WorkerInit = {
      ...init,
      ctl: this.ctl,
      out: this.out,
      port: port2,
      ...(entry.module ? { entry: entry.module } : {}),
    };
    this.worker = new Worker(entry.file, { workerData, transferList: [port2] });
    this.starting = new Promise((resolve) => {
      this.worker.on('message', (m) => {
        if (m === 'ready') resolve(true);
      });
      this.worker.on('error', (e) => {
        this.stop(`failed: ${e.message}`);
        resolve(false);
      });
      this.worker.on('exit', (code) => {
        this.stop(`exited (code ${code})`);
        resolve(false);
      });
    });
    // After the listeners, which would take a reference again: a worker never keeps the process alive.
    this.worker.unref();
    this.port.unref();
  }

  /** Whether it started; the process is kept alive while this waits. */
  async started(): Promise<boolean> {
    this.worker.ref();
    try {
      return await this.starting;
    } finally {
      this.worker.unref();
    }
  }

  private stop(why: string): void {
    if (!this.alive) return;
    this.alive = false;
    if (Atomics.load(this.ctl, STATE) !== CLOSE) this.stopped(why);
  }

  get ready(): boolean {
    return this.alive && Atomics.load(this.ctl, READY) === 1;
  }

  /** Whether it can take a search now; a stale result (of a search that did not wait for it) is dropped. */
  idle(): boolean {
    if (!this.ready) return false;
    const state = Atomics.load(this.ctl, STATE);
    if (state === DONE) {
      while (receiveMessageOnPort(this.port)) {}
      Atomics.store(this.ctl, STATE, IDLE);
      return true;
    }
    return state === IDLE;
  }

  post(q: WorkerQuery): void {
    // Before the message: the worker sets DONE once it has answered.
    Atomics.store(this.ctl, STATE, POSTED);
    this.port.postMessage(q);
  }

  /** The worker's top k for search `seq`, or undefined if it did not answer in time (or failed). */
  collect(seq: number, waitMs: number): ScoredDoc[] | undefined {
    // Waits again after a wake-up that did not find the worker done, until the deadline.
    const deadline = performance.now() + waitMs;
    // Spun on first, briefly: the two ranges end close together, and waking from Atomics.wait takes longer.
    const spinUntil = performance.now() + SPIN_MS;
    while (Atomics.load(this.ctl, STATE) === POSTED && performance.now() < spinUntil) {}
    for (;;) {
      const state = Atomics.load(this.ctl, STATE);
      if (state === DONE) break;
      const left = deadline - performance.now();
      if (state !== POSTED || left <= 0) return undefined;
      Atomics.wait(this.ctl, STATE, POSTED, left);
    }
    const { head, docs, scores } = this.out;
    const n = Atomics.load(head, HEAD_COUNT);
    const answered = Atomics.load(head, HEAD_SEQ) === seq;
    Atomics.store(this.ctl, STATE, IDLE);
    if (answered && n >= 0) return Array.from(docs.subarray(0, n), (doc, i) => ({ doc, score: scores[i]! }));
    // A failure's message; one of an earlier search this thread stopped waiting for may come first: skipped.
    let got: WorkerReply | undefined;
    do got = receiveMessageOnPort(this.port)?.message as WorkerReply | undefined;
    while (got && got.seq !== seq);
    if (!got) return undefined;
    this.stop(`failed a search (${got.error})`);
    void this.worker.terminate();
    return undefined;
  }

  close(): Promise<number> {
    Atomics.store(this.ctl, STATE, CLOSE);
    this.port.close();
    return this.worker.terminate();
  }
}

function workerEntry(): { file: URL; module?: string } {
  // From the TypeScript sources (tsx, vitest) the worker runs them through tsx, which a worker does not inherit.
  if (import.meta.url.endsWith('.ts'))
    return {
      file: new URL('./search-worker-tsx.mjs', import.meta.url),
      module: new URL('./search-worker.ts', import.meta.url).href,
    };
  // Compiled: beside this module, in dist/index/ as tsc writes it and in dist/cli/ as the commands' bundle.
  return { file: new URL('./search-worker.js', import.meta.url) };
}

/** Lexical search over an index's parts, on one thread or split across several. */
export class ParallelSearch {
  private readonly ranges: WindowRange[];
  /** This thread's scratch per range: its own range's, and the others' when it searches them itself. */
  private readonly scratches: (Scratch | undefined)[];
  private readonly workers: SearchWorker[] = [];
  private readonly top: SharedTop;
  private readonly waitMs: number;
  private seq = 0;
  private closed = false;
  /** Searches whose ranges were all searched by their own threads, and shares this thread searched instead. */
  readonly counts = { split: 0, here: 0 };

  constructor(
    private readonly parts: SearchPart[],
    private readonly scoring: Scoring,
    private readonly shift: number,
    opts: ParallelOptions = {},
  ) {
    const size = parts.reduce((n, p) => n + p.size, 0);
    const threads = size >= (opts.minDocs ?? PARALLEL_MIN_DOCS) ? (opts.threads ?? 1) : 1;
    this.ranges = threads > 1 ? windowRanges(parts, shift, threads) : [{ from: 0, to: Number.POSITIVE_INFINITY }];
    this.scratches = this.ranges.map(() => undefined);
    this.waitMs = opts.waitMs ?? WAIT_MS;
    this.top = new SharedTop(sharedTopMemory(this.ranges.length), 0);
    if (this.ranges.length === 1) return;
    const log = opts.log ?? (() => {});
    const entry = opts.entry ? { file: opts.entry } : workerEntry();
    const sharedParts = parts.map((p) => ({
      ...p,
      docs: shared(p.docs),
      tfs: shared(p.tfs),
      lengthIds: shared(p.lengthIds),
      ...(p.global && p.local ? { global: shared(p.global), local: shared(p.local) } : {}),
    }));
    this.parts = sharedParts;
    for (let j = 1; j < this.ranges.length; j++) {
      const init = {
        parts: sharedParts,
        normOf: scoring.normOf,
        shift,
        range: this.ranges[j]!,
        top: this.top.mem,
        me: j,
      };
      this.workers.push(
        new SearchWorker(init, entry, (why) =>
          log(`lexical search: search thread ${j} ${why}; its share of each search now runs on the main thread`),
        ),
      );
    }
  }

  /** Threads a search is split across (1: not split). */
  get threads(): number {
    return this.ranges.length;
  }

  /** Resolves when every worker has started (true) or one could not (false). */
  async started(): Promise<boolean> {
    return (await Promise.all(this.workers.map((w) => w.started()))).every(Boolean);
  }

  private scratch(j: number): Scratch {
    let s = this.scratches[j];
    if (!s) {
      const r = this.ranges[j]!;
      s = new Scratch(this.parts, this.shift, Number.isFinite(r.to) ? r : undefined);
      this.scratches[j] = s;
    }
    return s;
  }

  search(query: Query, k: number, allow?: RangeOptions['allow']): ScoredDoc[] {
    if (this.ranges.length === 1)
      return maxScoreSearch(this.parts, query, this.scoring, k, this.scratch(0), allow ? { allow } : {});
    // A filter is a function of this thread's, and a large k a large copy: both are searched here, range by range.
    const split = !allow && k <= PARALLEL_MAX_K && !this.closed && this.workers.every((w) => w.idle());
    if (split) {
      this.seq++;
      this.top.reset();
      this.top.begin(k);
      for (const w of this.workers) w.post({ ...query, seq: this.seq, k });
    }
    const lists: ScoredDoc[][] = [
      maxScoreSearch(this.parts, query, this.scoring, k, this.scratch(0), {
        ...(allow ? { allow } : {}),
        ...(split ? { shared: this.top } : {}),
      }),
    ];
    let answered = 0;
    for (let j = 1; j < this.ranges.length; j++) {
      const got = split ? this.workers[j - 1]!.collect(this.seq, this.waitMs) : undefined;
      if (got) {
        lists.push(got);
        answered++;
        continue;
      }
      this.counts.here++;
      // This thread searches the range itself, from the k-th best score found so far.
      const sofar = mergeTop(lists, k);
      const floor = sofar.length === k ? sofar[k - 1]!.score : Number.NEGATIVE_INFINITY;
      lists.push(
        maxScoreSearch(this.parts, query, this.scoring, k, this.scratch(j), { ...(allow ? { allow } : {}), floor }),
      );
    }
    if (answered === this.workers.length) this.counts.split++;
    return mergeTop(lists, k);
  }

  /** Stops the workers (searches still work, on this thread). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
