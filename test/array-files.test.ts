import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Appender,
  PIECE_BYTES,
  readArray,
  readArrayAsync,
  readAt,
  SequentialReader,
  writeArray,
} from '../src/index/array-files.js';
import { BLOCK, BLOCK_FIELDS, FILES, readPostings } from '../src/index/postings.js';

// Files larger than one fs call (2 GiB) or one Buffer (4 GiB) are read and written in pieces. The piece size is a
// parameter, so the loops are exercised here with small pieces; positions past 4 GiB are checked on a sparse file; and
// BIG_POSTINGS=1 writes and reads a lexical structure of more than 4 GiB for real (about 7 GB of memory and disk).

const dir = (): string => mkdtempSync(join(tmpdir(), 'arrays-'));
const piece = PIECE_BYTES.value;
afterEach(() => {
  PIECE_BYTES.value = piece;
});

describe('typed arrays in files, in pieces', () => {
  it("reads an array of many 8 MiB pieces on libuv's threads, and names a wrong or missing file", async () => {
    const d = dir();
    const a = Float64Array.from({ length: 3_000_001 }, (_, i) => i * 0.25 - 7); // 22.9 MiB: three pieces
    writeArray(join(d, 'a.f64'), a);
    const [back, again] = await Promise.all([
      readArrayAsync(join(d, 'a.f64'), Float64Array, a.length),
      readArrayAsync(join(d, 'a.f64'), Float64Array),
    ]);
    expect(Buffer.from(back.buffer).equals(Buffer.from(a.buffer))).toBe(true);
    expect(again.length).toBe(a.length);
    expect((await readArrayAsync(join(d, 'a.f64'), Uint8Array))[8]).toBe(new Uint8Array(a.buffer)[8]);
    await expect(readArrayAsync(join(d, 'a.f64'), Float64Array, 5)).rejects.toThrow(
      /a\.f64 is 24000008 bytes, expected 5 values of 8 bytes/u,
    );
    writeFileSync(join(d, 'odd.u32'), 'abcde');
    await expect(readArrayAsync(join(d, 'odd.u32'), Uint32Array)).rejects.toThrow(/odd\.u32 is 5 bytes, not a whole/u);
    await expect(readArrayAsync(join(d, 'none.u32'), Uint32Array)).rejects.toThrow(/ENOENT/u);
    rmSync(d, { recursive: true });
  });

  it('writes and reads arrays many pieces long, whole and front to back', () => {
    PIECE_BYTES.value = 1000; // every call moves at most 1000 bytes
    const d = dir();
    const a = Float64Array.from({ length: 100_003 }, (_, i) => i * 1.5);
    writeArray(join(d, 'a.f64'), a);
    expect(Array.from(readArray(join(d, 'a.f64'), Float64Array))).toEqual(Array.from(a));
    const out = new Appender(join(d, 'b.u32'), Uint32Array, 777);
    for (let i = 0; i < 50_000; i++) out.push(i);
    out.pushAll(Uint32Array.from({ length: 5000 }, (_, i) => 50_000 + i));
    out.close();
    const r = new SequentialReader(join(d, 'b.u32'), Uint32Array, 333);
    const back = [...r.take(10), ...r.take(1000), ...r.take(53_990)];
    r.close();
    expect(back).toEqual(Array.from({ length: 55_000 }, (_, i) => i));
    expect(() => readArray(join(d, 'b.u32'), Uint32Array, 55_001)).toThrow(/expected 55001 values/u);
  });

  it('reads at positions past 4 GiB (a sparse file: no disk used)', () => {
    const path = join(dir(), 'sparse.bin');
    const at = 4.5 * 2 ** 30;
    const fd = openSync(path, 'w+');
    try {
      ftruncateSync(fd, 5 * 2 ** 30);
      writeSync(fd, new Uint8Array(Uint32Array.from([7, 8, 9]).buffer), 0, 12, at);
      const into = new Uint32Array(3);
      readAt(fd, into, at, path);
      expect(Array.from(into)).toEqual([7, 8, 9]);
      expect(() => readAt(fd, new Uint32Array(4), 5 * 2 ** 30 - 8, path)).toThrow(/ends at byte/u);
    } finally {
      closeSync(fd);
      rmSync(path);
    }
  });

  it.skipIf(!process.env.BIG_POSTINGS)(
    'a lexical structure of more than 4 GiB is written by streaming and read back',
    () => {
      const d = dir();
      const docs = 2 ** 27 + 2 ** 20;
      const terms = 8; // every term in every document: over 2^30 postings, a docs file over 4 GiB
      writeFileSync(
        join(d, FILES.terms),
        JSON.stringify({ mode: 'char-bigram', terms: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] }),
      );
      writeArray(
        join(d, FILES.starts),
        Float64Array.from({ length: terms + 1 }, (_, t) => t * docs),
      );
      const ids = new Appender(join(d, FILES.docs), Uint32Array, 1 << 22);
      const tfs = new Appender(join(d, FILES.tfs), Uint16Array, 1 << 22);
      const blocks = new Appender(join(d, FILES.blocks), Uint32Array, 1 << 22);
      for (let t = 0; t < terms; t++)
        for (let doc = 0; doc < docs; doc++) {
          ids.push(doc);
          tfs.push(1 + (doc % 3));
          if (doc % BLOCK === BLOCK - 1) for (const v of [doc, 3, 10]) blocks.push(v);
        }
      for (const a of [ids, tfs, blocks]) a.close();
      writeArray(join(d, FILES.lengths), new Uint32Array(docs).fill(10));
      expect(statSync(join(d, FILES.docs)).size).toBeGreaterThan(4 * 2 ** 30);
      const p = readPostings(d, docs);
      expect(p.docs.length).toBe(terms * docs);
      expect(p.docs[terms * docs - 1]).toBe(docs - 1);
      expect(p.tfs[5 * docs + 4]).toBe(1 + (4 % 3));
      expect(p.blocks.length).toBe((terms * docs * BLOCK_FIELDS) / BLOCK);
      rmSync(d, { recursive: true, force: true });
    },
    600_000,
  );
});
