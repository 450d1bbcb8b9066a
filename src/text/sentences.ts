import { CLOSERS, SENTENCE_END } from './chars.js';

export interface Span {
  start: number;
  end: number;
}

/**
 * What each UTF-16 unit is to a sentence: END, CLOSE or nothing. Looked up by code: reading the text as one-character
 * strings made a new string for every Chinese character, which was most of the cost of reading an article.
 */
const END = 1;
const CLOSE = 2;
const KIND = (() => {
  const kind = new Uint8Array(0x10000);
  for (const c of SENTENCE_END) kind[c.charCodeAt(0)]! |= END;
  for (const c of CLOSERS) kind[c.charCodeAt(0)]! |= CLOSE;
  return kind;
})();
const SEMICOLONS = [0xff1b, 0x3b]; // ；;
const FULL_STOP = 0x2e; // .
const LINE_FEED = 0x0a;

/**
 * Split text into sentence spans (offsets into `text`), for Chinese (。！？；… and line ends) and English (. ! ? before
 * white space). Every character of the text belongs to exactly one span; leading white space joins the next sentence's
 * span only where it follows a line end, so spans can be trimmed without losing offsets.
 */
export function splitSentences(text: string, opts: { semicolons?: boolean } = {}): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const n = text.length;
  let i = 0;
  const semicolons = opts.semicolons !== false;
  while (i < n) {
    const code = text.charCodeAt(i);
    let cut = -1;
    if ((KIND[code]! & END) !== 0 || (semicolons && SEMICOLONS.includes(code))) {
      let j = i + 1;
      while (j < n && KIND[text.charCodeAt(j)]! !== 0) j++;
      // An ASCII '!' or '?' inside a Latin word run is still a sentence end; a '.' is handled below.
      cut = j;
    } else if (
      code === FULL_STOP &&
      (i + 1 >= n || /\s/u.test(text[i + 1]!)) &&
      i > 0 &&
      /[\p{L}\p{N})"']/u.test(text[i - 1]!)
    ) {
      // English sentence end: "word. Next" — but not "No. 5" style abbreviations of one or two letters.
      const word = /([\p{L}]+)$/u.exec(text.slice(Math.max(0, i - 4), i))?.[1] ?? '';
      if (word.length > 2 || !/^[A-Z]/u.test(word)) cut = i + 1;
    } else if (code === LINE_FEED) {
      cut = i + 1;
    }
    if (cut > 0) {
      if (text.slice(start, cut).trim().length > 0) spans.push({ start, end: cut });
      else if (spans.length > 0) spans[spans.length - 1]!.end = cut;
      else {
        i = cut;
        start = cut;
        continue;
      }
      start = cut;
      i = cut;
      continue;
    }
    i++;
  }
  if (start < n) {
    if (text.slice(start).trim().length > 0) spans.push({ start, end: n });
    else if (spans.length > 0) spans[spans.length - 1]!.end = n;
  }
  return spans;
}

/** Trim white space off a span, keeping offsets valid. */
export function trimSpan(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && /\s/u.test(text[start]!)) start++;
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  return { start, end };
}
