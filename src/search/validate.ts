import { CONTROL } from '../text/chars.js';

// Checks every adapter applies to a question before searching. What is wrong is data: each adapter words it in its
// reader's language (src/render/messages.ts, the web pages' own Chinese).

export type Checked =
  | { ok: true; question: string }
  | { ok: false; reason: 'empty' }
  | { ok: false; reason: 'too-long'; length: number; max: number };

export function checkQuestion(raw: string, maxChars: number): Checked {
  // Control characters never belong in a question; collapse white space.
  const question = raw.replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
  // Nothing to search for: empty, or only zero-width characters, emoji and marks.
  if (!/[\p{L}\p{N}]/u.test(question)) return { ok: false, reason: 'empty' };
  const n = Array.from(question).length;
  if (n > maxChars) return { ok: false, reason: 'too-long', length: n, max: maxChars };
  return { ok: true, question };
}

/** A date filter whose start is after its end (ISO dates, as `parseUserDate` gives them): the two, to be swapped. */
export function reversedRange(
  from: string | undefined,
  to: string | undefined,
): { from: string; to: string } | undefined {
  return from && to && from > to ? { from, to } : undefined;
}
