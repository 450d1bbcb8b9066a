import { closeSync, fstatSync, openSync, read, readSync, writeSync } from 'node:fs';

// Typed arrays to and from files in pieces. One fs call moves at most 2 GiB and one Buffer holds at most 4 GiB, so
// every read and write here goes through views of at most PIECE bytes: an array, or a file, of any size works.

/** Bytes per read or write call (under the 2 GiB limit of one call); tests lower it to exercise the loop. */
export const PIECE_BYTES = { value: 1 << 30 };

export type NumberArray = Uint32Array | Uint16Array | Float64Array | Float32Array | Uint8Array | Int16Array;
export type ArrayMaker<A extends NumberArray> = { new (n: number): A; readonly BYTES_PER_ELEMENT: number };

/** Write all of `bytes` (a view of any length) at the file's current position. */
function writeAll(fd: number, a: NumberArray, from = 0, to = a.length): void {
  const size = a.BYTES_PER_ELEMENT;
  let at = a.byteOffset + from * size;
  const end = a.byteOffset + to * size;
  while (at < end) {
    const n = Math.min(PIECE_BYTES.value, end - at);
    const view = new Uint8Array(a.buffer, at, n);
    let done = 0;
    while (done < n) done += writeSync(fd, view, done, n - done);
    at += n;
  }
}

/** Fill `into` from the file at `position` (bytes), in pieces; throws if the file ends first. */
export function readAt(fd: number, into: NumberArray, position: number, path: string): void {
  const total = into.byteLength;
  let done = 0;
  while (done < total) {
    const n = Math.min(PIECE_BYTES.value, total - done);
    const view = new Uint8Array(into.buffer, into.byteOffset + done, n);
    const got = readSync(fd, view, 0, n, position + done);
    if (got === 0) throw new Error(`${path} ends at byte ${position + done}, expected ${position + total}`);
    done += got;
  }
}

/**
 * A whole file as one typed array; its size must be a whole number of elements (and `expect` of them, if given).
 * `alloc` makes the array when it must live somewhere else (a WebAssembly memory).
 */
export function readArray<A extends NumberArray>(
  path: string,
  make: ArrayMaker<A>,
  expect?: number,
  alloc?: (n: number) => A,
): A {
  const fd = openSync(path, 'r');
  try {
    const a = arrayForFile(fd, path, make, expect, alloc);
    readAt(fd, a, 0, path);
    return a;
  } finally {
    closeSync(fd);
  }
}

/** An empty array the size of the file open at `fd`, which must hold whole values (and `expect` of them). */
function arrayForFile<A extends NumberArray>(
  fd: number,
  path: string,
  make: ArrayMaker<A>,
  expect?: number,
  alloc: (n: number) => A = (n) => new make(n),
): A {
  const bytes = fstatSync(fd).size;
  const size = make.BYTES_PER_ELEMENT;
  if (bytes % size !== 0) throw new Error(`${path} is ${bytes} bytes, not a whole number of ${size}-byte values`);
  if (expect !== undefined && bytes !== expect * size)
    throw new Error(`${path} is ${bytes} bytes, expected ${expect} values of ${size} bytes (${expect * size})`);
  return alloc(bytes / size);
}

/** Bytes per call of `readArrayAsync`: small enough that files read side by side share the disk evenly. */
const ASYNC_PIECE = 8 << 20;

/**
 * `readArray` on libuv's threads: every piece's read is queued at once, so the files are read while the caller's
 * thread is busy (loading reads the lexical half meanwhile, and a read waiting for it to issue the next piece would
 * wait the whole half), and files read together make several streams, which this machine's disk serves nearly twice
 * as fast as one (docs/benchmarks.md, round ten).
 */
export function readArrayAsync<A extends NumberArray>(
  path: string,
  make: ArrayMaker<A>,
  expect?: number,
  alloc?: (n: number) => A,
): Promise<A> {
  let fd: number;
  let a: A;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return Promise.reject(e);
  }
  try {
    a = arrayForFile(fd, path, make, expect, alloc);
  } catch (e) {
    closeSync(fd);
    return Promise.reject(e);
  }
  const all = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const pieces: Promise<void>[] = [];
  for (let at = 0; at < all.length; at += ASYNC_PIECE)
    pieces.push(readPiece(fd, all.subarray(at, Math.min(at + ASYNC_PIECE, all.length)), at, path));
  // Settled together before the descriptor is closed: a read still queued must not find it reused.
  return Promise.allSettled(pieces).then((done) => {
    closeSync(fd);
    const failed = done.find((d) => d.status === 'rejected');
    if (failed) throw failed.reason;
    return a;
  });
}

function readPiece(fd: number, into: Uint8Array, position: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (done: number): void => {
      if (done === into.length) {
        resolve();
        return;
      }
      read(fd, into, done, into.length - done, position + done, (e, got) => {
        if (e) reject(e);
        else if (got === 0) reject(new Error(`${path} ends at byte ${position + done}, expected more`));
        else step(done + got);
      });
    };
    step(0);
  });
}

/** Write a typed array as a whole file. */
export function writeArray(path: string, a: NumberArray): void {
  const fd = openSync(path, 'w');
  try {
    writeAll(fd, a);
  } finally {
    closeSync(fd);
  }
}

/** Appends numbers to a file through a fixed buffer: memory stays the buffer's whatever the file's size. */
export class Appender<A extends NumberArray> {
  private readonly fd: number;
  private readonly buf: A;
  private n = 0;
  /** Values written so far (flushed or not). */
  count = 0;

  constructor(path: string, make: ArrayMaker<A>, capacity = 1 << 18) {
    this.fd = openSync(path, 'w');
    this.buf = new make(capacity);
  }

  push(v: number): void {
    this.buf[this.n++] = v;
    this.count++;
    if (this.n === this.buf.length) this.flush();
  }

  /** Values `from` … `to` − 1 of `src`. */
  pushAll(src: NumberArray, from = 0, to = src.length): void {
    if (to - from > this.buf.length - this.n) {
      this.flush();
      writeAll(this.fd, src, from, to);
      this.count += to - from;
      return;
    }
    this.buf.set(src.subarray(from, to), this.n);
    this.n += to - from;
    this.count += to - from;
  }

  private flush(): void {
    writeAll(this.fd, this.buf, 0, this.n);
    this.n = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Reads a typed-array file front to back in windows, for merges that must not hold whole files. */
export class SequentialReader<A extends NumberArray> {
  private readonly fd: number;
  private window: A;
  private from = 0;
  private to = 0;
  private position = 0;
  readonly length: number;

  constructor(
    private readonly path: string,
    private readonly make: ArrayMaker<A>,
    capacity = 1 << 18,
  ) {
    this.fd = openSync(path, 'r');
    this.length = fstatSync(this.fd).size / make.BYTES_PER_ELEMENT;
    this.window = new make(capacity);
  }

  /** The next `count` values (a view, valid until the next call). */
  take(count: number): A {
    if (this.to - this.from < count) this.refill(count);
    const out = this.window.subarray(this.from, this.from + count) as A;
    this.from += count;
    return out;
  }

  private refill(count: number): void {
    const left = this.window.subarray(this.from, this.to);
    const next = count > this.window.length ? new this.make(count) : this.window;
    next.set(left, 0);
    const kept = left.length;
    const want = Math.min(next.length - kept, this.length - this.position);
    if (kept + want < count) throw new Error(`${this.path} ends before the ${count} values asked for`);
    readAt(this.fd, next.subarray(kept, kept + want), this.position * this.make.BYTES_PER_ELEMENT, this.path);
    this.position += want;
    this.window = next;
    this.from = 0;
    this.to = kept + want;
  }

  close(): void {
    closeSync(this.fd);
  }
}
