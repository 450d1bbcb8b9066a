import { splitSentences } from '../text/sentences.js';
import { esc } from './html.js';

// The quoted passage in an article's text, and the article's text as HTML with the quote marked. Pure.

/** A quote marked from a link longer than this is wrong about its end: fall back to the sentence. */
const MAX_MARK = 1200;

export interface Span {
  start: number;
  end: number;
}

/**
 * The span a citation link names: from where `q` (the quote's start) occurs to the end of `until` (its last
 * characters) when the link carries it, else to the end of the sentence `q` starts (older links carry a prefix only).
 */
export function findQuote(text: string, q: string, until?: string): Span | undefined {
  const needle = q.trim();
  if (needle === '') return undefined;
  const start = text.indexOf(needle);
  if (start < 0) return undefined;
  let end = start + needle.length;
  const tail = until?.trim();
  if (tail) {
    const at = text.indexOf(tail, Math.max(start, end - tail.length));
    if (at >= 0 && at + tail.length - start <= MAX_MARK) return { start, end: Math.max(end, at + tail.length) };
  }
  const sentence = splitSentences(text).find((s) => s.start <= end - 1 && s.end >= end);
  if (sentence && Array.from(needle).length >= 20) end = Math.max(end, sentence.end);
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  return { start, end };
}

interface Insert {
  at: number;
  html: string;
  /** At one offset: a mark closes first, then anchors, then a mark opens. */
  order: number;
}

/**
 * The article's paragraphs as HTML: an anchor `c<n>` at each passage's start and the quote in `<mark>`. The anchors
 * of the passages the quote starts in move to the quote itself, so a link to its passage (`#c2`) lands on the quote,
 * not at the top of a passage the quote may sit far down in. A quote across paragraphs is marked in each.
 */
export function articleHtml(
  text: string,
  chunks: readonly { n: number; start: number; end: number }[],
  mark?: Span,
): string {
  const inserts: Insert[] = [];
  for (const c of chunks) {
    const holdsQuote = mark !== undefined && c.start <= mark.start && mark.start < c.end;
    inserts.push({
      at: holdsQuote ? mark.start : c.start,
      html: `<span class="anchor" id="c${c.n}"></span>`,
      order: 1,
    });
  }
  if (mark) {
    inserts.push({ at: mark.start, html: '<mark id="quote">', order: 2 });
    inserts.push({ at: mark.end, html: '</mark>', order: 0 });
  }
  inserts.sort((x, y) => x.at - y.at || x.order - y.order);
  let html = '';
  let pos = 0;
  let open = false;
  const emitText = (to: number): void => {
    html += esc(text.slice(pos, to)).replace(/\n/gu, open ? '</mark></p>\n<p><mark>' : '</p>\n<p>');
    pos = to;
  };
  for (const ins of inserts) {
    emitText(ins.at);
    html += ins.html;
    if (ins.order === 2) open = true;
    if (ins.order === 0) open = false;
  }
  emitText(text.length);
  return `<p>${html}</p>`;
}
