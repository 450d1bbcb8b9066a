import { TextDecoder } from 'node:util';
// Corpus files come in UTF-8 (with or without a byte-order mark), UTF-16 with a BOM, or GB18030/GBK, the usual
// encoding of Chinese text files saved on Windows. Anything else is reported, never guessed at.

export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

const decoder = (label: string): TextDecoder => new TextDecoder(label, { fatal: true, ignoreBOM: false });

function looksBinary(buf: Buffer): boolean {
  const sample = buf.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control > sample.length * 0.02;
}

export function decodeBuffer(buf: Buffer): Decoded {
  if (buf.length === 0) return { ok: false, reason: 'empty file' };
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    try {
      return { ok: true, text: decoder('utf-8').decode(buf), encoding: 'utf-8 (BOM)' };
    } catch {
      return { ok: false, reason: 'has a UTF-8 byte-order mark but is not valid UTF-8' };
    }
  }
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    const label = buf[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      return { ok: true, text: decoder(label).decode(buf), encoding: label };
    } catch {
      return { ok: false, reason: `has a ${label} byte-order mark but is not valid ${label}` };
    }
  }
  if (looksBinary(buf)) return { ok: false, reason: 'binary content (NUL or control bytes), not text' };
  try {
    return { ok: true, text: decoder('utf-8').decode(buf), encoding: 'utf-8' };
  } catch {
    /* not UTF-8: try the Chinese national encoding, a superset of GBK and GB2312 */
  }
  try {
    const text = decoder('gb18030').decode(buf);
    return { ok: true, text, encoding: 'gb18030' };
  } catch {
    return { ok: false, reason: 'neither UTF-8 nor GB18030/GBK text' };
  }
}
