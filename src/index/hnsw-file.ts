import { fstatSync, readSync } from 'node:fs';

// The layout of a graph file as hnswlib's `saveIndex` writes it (hnswalg.h): a 96-byte header, then every element's
// level-0 block (its link count, its links, its vector, its label), then each element's upper-level links. Read here
// so a graph's links and vectors can be taken out of it without loading it into hnswlib.

export const HEADER_BYTES = 96;

export interface HnswHeader {
  /** Elements written, deleted ones included. */
  elements: number;
  /** Bytes of one level-0 block. */
  blockBytes: number;
  /** Where a block's vector and label start, in bytes from the block's start. */
  vectorAt: number;
  labelAt: number;
  maxLevel: number;
  enterPoint: number;
  /** Links per element on the upper levels and on level 0. */
  maxM: number;
  maxM0: number;
  dims: number;
}

/** A level-0 block's first word: its link count in the low 16 bits, hnswlib's delete mark in bit 16. */
export const linkCount = (word: number): number => word & 0xffff;
export const isDeletedWord = (word: number): boolean => (word & 0x10000) !== 0;

/** Read and check the header of the graph file open at `fd`. */
export function readHnswHeader(fd: number, path: string): HnswHeader {
  const head = Buffer.alloc(HEADER_BYTES);
  if (readSync(fd, head, 0, HEADER_BYTES, 0) !== HEADER_BYTES) throw new Error(`${path} is shorter than its header`);
  const word = (at: number): number => Number(head.readBigUInt64LE(at));
  const h: HnswHeader = {
    elements: word(16),
    blockBytes: word(24),
    labelAt: word(32),
    vectorAt: word(40),
    maxLevel: head.readInt32LE(48),
    enterPoint: head.readUInt32LE(52),
    maxM: word(56),
    maxM0: word(64),
    dims: (word(32) - word(40)) / 4,
  };
  const bytes = fstatSync(fd).size;
  const ok =
    word(0) === 0 &&
    h.vectorAt === 4 + 4 * h.maxM0 &&
    Number.isInteger(h.dims) &&
    h.dims > 0 &&
    h.labelAt + 8 === h.blockBytes &&
    h.maxLevel >= 0 &&
    (h.elements === 0 || h.enterPoint < h.elements) &&
    HEADER_BYTES + h.elements * h.blockBytes <= bytes;
  if (!ok) throw new Error(`${path} is not a graph file hnswlib wrote, or is cut short`);
  return h;
}
