import { CONTROL } from '../text/chars.js';

// Checks every adapter applies to a question before searching.

export type Checked = { ok: true; question: string } | { ok: false; reason: 'empty' | 'too-long'; message: string };

export const HELP =
  'Ask a question about the local news, for example "开发区选派了多少名首席服务员？" or "What did the paper say about the new industrial park?". ' +
  'Answers are quotes from the archived articles, with their sources.';

export function checkQuestion(raw: string, maxChars: number): Checked {
  // Control characters never belong in a question; collapse white space.
  const question = raw.replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
  // Nothing to search for: empty, or only zero-width characters, emoji and marks.
  if (!/[\p{L}\p{N}]/u.test(question)) return { ok: false, reason: 'empty', message: HELP };
  const n = Array.from(question).length;
  if (n > maxChars)
    return {
      ok: false,
      reason: 'too-long',
      message: `That question is ${n} characters long; please keep it under ${maxChars}.`,
    };
  return { ok: true, question };
}

/** A date filter's bounds in order, or what is wrong with them (ISO dates, as `parseUserDate` gives them). */
export function checkDateRange(from: string | undefined, to: string | undefined): string | undefined {
  if (from && to && from > to) return `the start date (${from}) is after the end date (${to}): swap them?`;
  return undefined;
}
