// Character classes used by the cleaning, tokenising and sentence rules.

// Han ideographs are Unicode's Script=Han (`\p{sc=Han}` in a regex: every extension block, compatibility forms and
// the ideographic zero 〇), so no module declares a range of its own.

/** A Han ideograph, or the white circle "○" that pages print as a zero in dates like 二○二○. */
export const HAN = /[\p{sc=Han}\u25cb]/u;

/** CJK punctuation, full-width forms and the quote/dash marks that Chinese text sets without spaces. */
const CJK_PUNCT = /[\u3000-\u303f\uff00-\uffef\u2014-\u2027\u2030-\u205e\u25a0-\u25ff\u2190-\u21ff]/u;

export const isHan = (ch: string | undefined): boolean => ch !== undefined && HAN.test(ch);
export const isCjk = (ch: string | undefined): boolean => isHan(ch) || (ch !== undefined && CJK_PUNCT.test(ch));
export const isLatinOrDigit = (ch: string | undefined): boolean =>
  ch !== undefined && /[\p{L}\p{N}]/u.test(ch) && !isHan(ch);

/** Control characters other than tab and line breaks: never text, in a page, a feed or a question. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point of this class.
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu;

/** Marks that end a sentence, full- and half-width. */
export const SENTENCE_END = '。！？!?…';
/**
 * Marks that close a clause: comma, semicolon, colon, full stop, exclamation and question marks, full- and
 * half-width. The half-width full stop is not one: it is the decimal point of "3.5亿元".
 */
export const CLAUSE_MARKS = '，,；;：:。！？!?';
/** Closers that may follow a sentence end and belong to that sentence. */
export const CLOSERS = '”’」』）)】》"\'';
/** Characters after which a printed line is a complete thought (a paragraph may end there). */
export const LINE_END_OK = /[。！？!?…”’」』）)】》：:；;]$/u;
