import { CONTROL, HAN } from '../../text/chars.js';
import { RADICAL } from './radicals.js';
import type { TextRun } from './read-pdf.js';

// A PDF whose fonts have no usable ToUnicode map gives text runs with the right positions and the wrong characters
// (glyph numbers read as control characters or Latin letters, radicals where ideographs were meant). Such a page
// would need OCR; it is reported, never indexed.

/** Below this share of ideographs, a page of a Chinese paper is not text pdf.js could read. */
const MIN_HAN_SHARE = 0.2;
/** Above this share of control, private-use, replacement or radical characters, the text is garbage. */
const MAX_BAD_SHARE = 0.02;

const CONTROL_CHAR = new RegExp(CONTROL.source, 'u');
/** Private use and the replacement character: what a glyph without a Unicode mapping comes back as. */
const UNMAPPED = /[\ue000-\uf8ff\ufffd]/u;

export type TextQuality = { ok: true } | { ok: false; reason: string };

export function textQuality(runs: TextRun[]): TextQuality {
  const chars = Array.from(runs.map((r) => r.text).join('')).filter((c) => c.trim() !== '');
  if (chars.length === 0) return { ok: false, reason: 'no text on the page (a scanned image? it would need OCR)' };
  let han = 0;
  let bad = 0;
  for (const c of chars) {
    if (HAN.test(c)) han++;
    else if (CONTROL_CHAR.test(c) || UNMAPPED.test(c) || RADICAL.test(c)) bad++;
  }
  const pct = (n: number): string => `${Math.round((100 * n) / chars.length)}%`;
  if (bad / chars.length > MAX_BAD_SHARE)
    return {
      ok: false,
      reason: `unreadable text: ${pct(bad)} of ${chars.length} characters are control, private-use or radical code points (a font without a ToUnicode map; the page would need OCR)`,
    };
  if (han / chars.length < MIN_HAN_SHARE)
    return {
      ok: false,
      reason: `only ${pct(han)} of ${chars.length} characters are Chinese: the fonts' character maps are missing or wrong (the page would need OCR)`,
    };
  return { ok: true };
}
