import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAhead } from '../src/index/read-ahead.js';

// The read-ahead only warms the page cache, so what is checked is that it reads every byte once, in any piece size,
// stops after its probe when the file comes as fast as a cached one, ends quietly on a file it cannot read, leaves
// small files alone, and stops when asked. (Whether a real file is cached is the machine's business: the rate that
// counts as cached is a parameter here.)

const dir = mkdtempSync(join(tmpdir(), 'read-ahead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: number): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.alloc(bytes, 7));
  return path;
}

describe('readAhead', () => {
  it.each([
    { bytes: 5_000_001, pieceBytes: 65_536, streams: 3 },
    { bytes: 65_536 * 4, pieceBytes: 65_536, streams: 4 },
    { bytes: 1000, pieceBytes: 65_536, streams: 8 },
    { bytes: 1, pieceBytes: 1, streams: 1 },
  ])('reads all $bytes bytes in pieces of $pieceBytes, $streams at a time', async ({ bytes, pieceBytes, streams }) => {
    const path = file(`f-${bytes}-${pieceBytes}`, bytes);
    expect(await readAhead(path, { pieceBytes, streams, minBytes: 0, cachedRate: Infinity }).done).toBe(bytes);
  });

  it('reads only its probe, eight pieces spread over the file, of a file that comes as fast as a cached one', async () => {
    const path = file('probed', 5_000_001);
    expect(await readAhead(path, { pieceBytes: 65_536, minBytes: 0, cachedRate: 0 }).done).toBe(8 * 65_536);
  });

  it('reads nothing of a file under the size worth a worker', async () => {
    expect(await readAhead(file('small', 4096), { minBytes: 4097 }).done).toBe(0);
  });

  it('ends quietly on a file that is missing or is a folder', async () => {
    expect(await readAhead(join(dir, 'missing'), { minBytes: 0 }).done).toBe(0);
    expect(await readAhead(dir, { minBytes: 0 }).done).toBe(0);
  });

  it('stops when asked, before the end of a large file', async () => {
    const path = join(dir, 'sparse');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 8 * 2 ** 30); // 8 GiB of holes: a full read would take seconds
    closeSync(fd);
    // Never counted as cached, so only the stop can end it before 2 million reads.
    const ahead = readAhead(path, { pieceBytes: 4096, minBytes: 0, cachedRate: Infinity });
    await ahead.stop();
    expect(await ahead.done).toBe(0);
  });
});
