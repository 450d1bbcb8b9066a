import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

// Reading a large file into the page cache ahead of a reader that reads it in one sequential stream. hnswlib reads
// its graph that way, and this disk serves one stream at about half the rate of several (read cold: 424 MB/s with
// one `dd`, 795 MB/s with four at once; docs/benchmarks.md, "Round ten"). Pieces are read in file order, a few at a
// time on libuv's threads, so the reader behind finds them cached. It runs in a worker because the loading thread is
// busy with the lexical half and an event loop that is held would issue no further reads. It only warms the cache:
// the reader reports what is wrong with the file, so a failure here ends the read-ahead quietly.

export interface ReadAheadOptions {
  /** Reads in flight at once (libuv's pool has 4 threads; the graph's own reader holds one). */
  streams: number;
  /** Bytes per read. */
  pieceBytes: number;
  /** Smaller files are left to their reader: a worker costs more than it saves on them. */
  minBytes: number;
  /**
   * Pieces spread over the file read first: if they come at this rate (bytes/s) or faster the file is in the page
   * cache and the read-ahead stops, since copying it again only takes memory bandwidth from the reader (1M graph
   * cached: 2.3 s to load without a read-ahead, 3.0 s with a full one).
   */
  cachedRate: number;
}

export const READ_AHEAD_DEFAULTS: ReadAheadOptions = {
  streams: 3,
  pieceBytes: 8 << 20,
  minBytes: 64 << 20,
  cachedRate: 3e9,
};

// Plain JavaScript, so the worker needs no TypeScript loader.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { open } = require('node:fs/promises');
async function run({ path, size, streams, pieceBytes, cachedRate }) {
  const file = await open(path, 'r');
  try {
    const pieces = Math.ceil(size / pieceBytes);
    const scratch = Array.from({ length: Math.max(1, streams) }, () => Buffer.allocUnsafe(Math.max(1, Math.min(pieceBytes, size))));
    const readPiece = async (piece, buffer) => {
      const at = piece * pieceBytes;
      const want = Math.min(pieceBytes, size - at);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await file.read(buffer, 0, want - got, at + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got;
    };
    // Each stream takes the next piece of a list until it is done.
    const readAll = async (list) => {
      let next = 0;
      let read = 0;
      await Promise.all(scratch.map(async (buffer) => {
        while (next < list.length) {
          const got = await readPiece(list[next++], buffer);
          read += got; // not read += await …: that would add to the value read before the wait
        }
      }));
      return read;
    };
    const spread = Math.min(8, pieces);
    const probe = [...new Set(Array.from({ length: spread }, (_, i) => Math.floor((i * pieces) / spread)))];
    const t = performance.now();
    const probed = await readAll(probe);
    if (probed / ((performance.now() - t) / 1000) >= cachedRate) return probed;
    const rest = Array.from({ length: pieces }, (_, i) => i).filter((i) => !probe.includes(i));
    return probed + (await readAll(rest));
  } finally {
    await file.close();
  }
}
run(workerData).then((n) => parentPort.postMessage(n), () => parentPort.postMessage(0));
`;

export interface ReadingAhead {
  /** Bytes read ahead, once done (0 if the file could not be read). */
  readonly done: Promise<number>;
  /** Stop early, as when the reader has caught up. */
  stop(): Promise<void>;
}

const NOTHING: ReadingAhead = { done: Promise.resolve(0), stop: () => Promise.resolve() };

/**
 * Start reading all of `path` ahead, in order, `streams` pieces at a time, on a worker of its own, unless the file
 * turns out to be in the page cache already.
 */
export function readAhead(path: string, options: Partial<ReadAheadOptions> = {}): ReadingAhead {
  const o = { ...READ_AHEAD_DEFAULTS, ...options };
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return NOTHING;
  }
  if (size < o.minBytes) return NOTHING;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ...o, path, size } });
  worker.unref();
  const done = new Promise<number>((resolve) => {
    worker.once('message', (n: number) => resolve(n));
    worker.once('error', () => resolve(0));
    worker.once('exit', () => resolve(0));
  });
  return {
    done,
    stop: async () => {
      await worker.terminate();
    },
  };
}
