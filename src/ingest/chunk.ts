import { type Span, splitSentences, trimSpan } from '../text/sentences.js';

export interface ChunkOptions {
  /** Aim for chunks about this long (characters; one CJK character is about one token for e5/XLM-R). */
  targetChars: number;
  /** Never longer: keeps every chunk well under the embedding model's 512-token limit. */
  maxChars: number;
  /** Sentences repeated at the start of the next chunk, so an answer that straddles a cut is whole in one. */
  overlapSentences: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { targetChars: 220, maxChars: 300, overlapSentences: 1 };

export interface Chunk {
  /** `${articleId}:${n}` */
  id: string;
  articleId: string;
  n: number;
  start: number;
  end: number;
  text: string;
}

/** Cut a sentence longer than `max` at clause marks, and as a last resort every `max` characters. */
function splitLong(text: string, s: Span, max: number): Span[] {
  if (s.end - s.start <= max) return [s];
  const out: Span[] = [];
  let start = s.start;
  while (s.end - start > max) {
    const window = text.slice(start, start + max);
    let cut = -1;
    for (const re of [/[，,、：:]/gu, /\s/gu]) {
      for (let m = re.exec(window); m; m = re.exec(window)) if (m.index > max / 3) cut = m.index + 1;
      if (cut > 0) break;
    }
    if (cut <= 0) cut = max;
    // Never split a surrogate pair.
    if (/[\ud800-\udbff]/u.test(text[start + cut - 1] ?? '')) cut -= 1;
    out.push({ start, end: start + cut });
    start += cut;
  }
  out.push({ start, end: s.end });
  return out.map((x) => trimSpan(text, x)).filter((x) => x.end > x.start);
}

/** Sentence-aware chunk spans over `text`: exact substrings, in order, together covering every sentence. */
export function chunkSpans(text: string, opts: ChunkOptions = DEFAULT_CHUNKING): Span[] {
  const units = splitSentences(text)
    .map((s) => trimSpan(text, s))
    .filter((s) => s.end > s.start)
    .flatMap((s) => splitLong(text, s, opts.maxChars));
  const spans: Span[] = [];
  let i = 0;
  while (i < units.length) {
    let j = i;
    while (j + 1 < units.length && units[j + 1]!.end - units[i]!.start <= opts.targetChars) j++;
    spans.push({ start: units[i]!.start, end: units[j]!.end });
    if (j + 1 >= units.length) break;
    // Step back for the overlap, but always move forward, and never so far that the next chunk cannot grow.
    let next = Math.max(i + 1, j + 1 - opts.overlapSentences);
    if (units[j + 1]!.end - units[next]!.start > opts.maxChars) next = j + 1;
    i = next;
  }
  return spans;
}

export function chunkArticle(article: { id: string; text: string }, opts: ChunkOptions = DEFAULT_CHUNKING): Chunk[] {
  return chunkSpans(article.text, opts).map((s, n) => ({
    id: `${article.id}:${n}`,
    articleId: article.id,
    n,
    start: s.start,
    end: s.end,
    text: article.text.slice(s.start, s.end),
  }));
}
