// What an answer tells the reader about how it was made, as data: the renderers word it in the reader's language
// (src/render/messages.ts). Ranges are the searched bounds, as `periodRange` takes them.

export interface Range {
  from: string | null;
  to: string | null;
}

export type AnswerNote =
  /** No article is dated in the period the question names, nor speaks of it; the archive's own span (if dated). */
  | { code: 'period-empty'; said: string; range: Range; archive: { oldest: string; newest: string } | null }
  /** The period holds articles, none of them on the question's topic. */
  | { code: 'period-off-topic'; articles: number; range: Range }
  /** A question about a time relative to today ("去年"), whose closest article is of another time. */
  | { code: 'outside-period'; said: string; range: Range; articleDate: string | null }
  /** The reader's own date filter (`/ask from: to:`, `--from/--to`) holds no article. */
  | { code: 'filter-empty'; range: Range }
  /** Word search only over Chinese articles, and the question is not written in Chinese. */
  | { code: 'words-only' };

/** The bounds of a period or filter, and nothing else of it. */
export const rangeOf = (p: { from?: string | null; to?: string | null }): Range => ({
  from: p.from ?? null,
  to: p.to ?? null,
});
