import { TextDecoder } from 'node:util';
import { ResultType, Sniffer } from 'encoding-sniffer/sniffer';
import { decodeBuffer } from '../ingest/decode.js';

// Bytes from the web → text. The charset comes from a byte-order mark, the HTTP header, the XML declaration or the
// HTML <meta> (GBK and GB18030 pages are common); with none of them, the corpus rule applies (UTF-8, else GB18030).

export interface DecodedDocument {
  text: string;
  encoding: string;
  /** Where the encoding came from. */
  from: 'bom' | 'header' | 'declaration' | 'guessed';
}

export class DecodeError extends Error {}

const SNIFF_BYTES = 4096;

export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /charset\s*=\s*"?([^";\s]+)"?/iu.exec(contentType ?? '');
  return m?.[1];
}

function decodeWith(label: string, bytes: Buffer): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function guess(bytes: Buffer): DecodedDocument {
  const d = decodeBuffer(bytes);
  if (!d.ok) throw new DecodeError(d.reason);
  return { text: d.text, encoding: d.encoding, from: 'guessed' };
}

export function decodeDocument(bytes: Buffer, contentType: string | undefined): DecodedDocument {
  const declared = charsetOf(contentType);
  const sniffer = new Sniffer({
    maxBytes: SNIFF_BYTES,
    ...(declared ? { transportLayerEncodingLabel: declared } : {}),
  });
  sniffer.write(bytes.subarray(0, SNIFF_BYTES));
  if (sniffer.resultType === ResultType.DEFAULT) return guess(bytes);
  const from =
    sniffer.resultType === ResultType.BOM || sniffer.resultType === ResultType.XML_PREFIX
      ? 'bom'
      : sniffer.resultType === ResultType.PASSED
        ? 'header'
        : 'declaration';
  const text = decodeWith(sniffer.encoding, bytes);
  if (text !== undefined) return { text: text.replace(/^\ufeff/u, ''), encoding: sniffer.encoding, from };
  // Declared one thing, sent another (a GBK declaration on UTF-8 bytes happens): the bytes win when they decode.
  try {
    return guess(bytes);
  } catch {
    return {
      text: new TextDecoder(sniffer.encoding).decode(bytes),
      encoding: `${sniffer.encoding} (with errors)`,
      from,
    };
  }
}
